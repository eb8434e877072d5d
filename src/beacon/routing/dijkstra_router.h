// DijkstraRouter: exact answers by Dijkstra's algorithm; bidirectional for one-to-one and
// paths, one search per row for one-to-many, many-to-one and matrices. The reference every
// faster Router is tested against.
//
//   const Graph& g = ...;               // shared, immutable
//   DijkstraRouter router(g);           // cheap per-thread query object
//   Milliseconds t = router.OneToOne(Place::AtNode(NodeId{0}), Place::AtNode(NodeId{7}));
//
// Scratch arrays are sized to the graph once and stamped with a query number, so a query
// touches only the nodes it visits (no O(n) clearing).
// Thread-safety: not thread-safe; one DijkstraRouter per thread over a shared Graph.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "beacon/routing/graph.h"
#include "beacon/routing/router.h"

namespace beacon::routing {

class DijkstraRouter final : public Router {
 public:
  explicit DijkstraRouter(const Graph& graph);

  Milliseconds OneToOne(const Place& from, const Place& to) override;
  std::vector<Milliseconds> OneToMany(const Place& from, std::span<const Place> to) override;
  std::vector<Milliseconds> ManyToOne(std::span<const Place> from, const Place& to) override;
  std::vector<Milliseconds> Matrix(std::span<const Place> from, std::span<const Place> to) override;
  std::optional<Route> Path(const Place& from, const Place& to) override;

  // Nodes settled by the last query (both directions): for tests and benchmarks.
  [[nodiscard]] std::uint64_t last_settled() const { return settled_; }

 private:
  // One search direction's scratch state.
  struct Search {
    std::vector<std::int64_t> dist;
    std::vector<std::uint32_t> parent;                         // arc id, or kSeedBit | seed index
    std::vector<std::uint32_t> reached;                        // == stamp: dist/parent valid
    std::vector<std::uint32_t> done;                           // == stamp: settled
    std::vector<std::pair<std::int64_t, std::uint32_t>> heap;  // min-heap on distance
    std::uint32_t stamp = 0;

    void Reset();
    [[nodiscard]] bool Reached(std::uint32_t v) const { return reached[v] == stamp; }
    [[nodiscard]] bool Done(std::uint32_t v) const { return done[v] == stamp; }
    // Lowers v's distance; true if it changed.
    bool Improve(std::uint32_t v, std::int64_t d, std::uint32_t parent_value);
    [[nodiscard]] std::int64_t TopKey() const;
    // Pops the next unsettled node; false when the heap is empty.
    bool PopMin(std::uint32_t* v);
  };

  // One-to-one/path core: best time and the meeting node (or same-arc answer).
  struct Meeting {
    std::int64_t time;
    std::uint32_t node;  // kNone when unreachable or same-arc
    bool same_arc = false;
    std::pair<int, int> same_arc_positions{-1, -1};
  };
  Meeting Bidirectional(const Place& from, const Place& to);
  // Full search from `sources` (forward if `forward`), stopping once every target seed node
  // is settled; fills out[i] with the best time to targets[i] (seeds on the other end).
  void OneToManyCore(bool forward, const Place& source, std::span<const Place> targets,
                     std::vector<Milliseconds>& out);

  const Graph& graph_;
  Search fwd_;
  Search bwd_;
  std::vector<std::uint32_t> mark_;  // stamp: node is a target seed node
  std::vector<std::uint32_t> mark_first_;
  std::uint32_t mark_stamp_ = 0;
  std::uint64_t settled_ = 0;
};

}  // namespace beacon::routing
