// ContractionHierarchyQuery: the per-thread query object over a ContractionHierarchy (RoutingKit's
// model: an immutable index, cheap query objects holding scratch space). Every query takes seeds:
// a place is a list of (node, offset_ms) and several places are a span of such lists.
//
//   ch::ContractionHierarchyQuery query(index);            // one per thread; reuse it
//   std::uint64_t ms = query.Distance(from_seeds, to_seeds);  // or ch::kUnreachable
//   ch::PathResult path = query.Path(from_seeds, to_seeds);   // the caller's arc ids, in order
//   std::vector<std::span<const Seed>> units = ...;
//   std::vector<std::uint64_t> eta = query.ManyToOne(units, incident_seeds);  // eta[i] for unit i
//   std::span<const std::uint64_t> all = query.OneToAll(station_seeds);      // all[node id]
//
// Scratch arrays are reset by version stamps, so a query costs its search space, not O(n)
// (except OneToAll, which touches every node once by design).
// Thread-safety: a query object is not thread-safe; give each thread its own. Many query
// objects may share one index, which must outlive them.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/routing/ch/cached_places.h"
#include "beacon/routing/ch/contraction_hierarchy.h"
#include "beacon/routing/ch/min_heap.h"

namespace beacon::routing::ch {

// A shortest path: its distance (offsets included) and the caller's arcs and nodes along it.
// nodes.size() == arcs.size() + 1 when reachable (nodes.front() is the source seed used and
// nodes.back() the target seed used); both are empty when distance == kUnreachable.
struct PathResult {
  std::uint64_t distance = kUnreachable;
  std::vector<ArcId> arcs;
  std::vector<NodeId> nodes;
};

class ContractionHierarchyQuery {
 public:
  explicit ContractionHierarchyQuery(const ContractionHierarchy& index);

  // One-to-one: bidirectional upward Dijkstra with stall-on-demand (Geisberger et al. 2008).
  std::uint64_t Distance(std::span<const Seed> sources, std::span<const Seed> targets);
  PathResult Path(std::span<const Seed> sources, std::span<const Seed> targets);

  // result[i] = distance from `source` to targets[i]: the source's upward search in full, then a
  // pruned upward search per target (see docs/design/routing.md; ~25 % faster than buckets).
  std::vector<std::uint64_t> OneToMany(std::span<const Seed> source,
                                       std::span<const std::span<const Seed>> targets);
  // result[i] = distance from sources[i] to `target`: a fleet to one incident.
  std::vector<std::uint64_t> ManyToOne(std::span<const std::span<const Seed>> sources,
                                       std::span<const Seed> target);
  // Row-major |sources| x |targets| matrix: result[i * targets.size() + j]. Bucket-based (Knopp,
  // Sanders, Schultes, Schulz, Wagner 2007, "Computing many-to-many shortest paths using highway
  // hierarchies").
  std::vector<std::uint64_t> Matrix(std::span<const std::span<const Seed>> sources,
                                    std::span<const std::span<const Seed>> targets);

  // out[slot] = distance from each cached place to `one` (Role::kSources) or from `one` to each
  // (kTargets); kUnreachable for empty slots. out.size() must be places.num_slots(). One upward
  // search from `one`, scanning the buckets of the nodes it settles.
  void Distances(const CachedPlaces& places, std::span<const Seed> one,
                 std::span<std::uint64_t> out);

  // Distances from `sources` to every node, indexed by node id (PHAST, Delling, Goldberg,
  // Nowatzyk, Werneck 2011). The span stays valid until the next OneToAll on this object.
  std::span<const std::uint64_t> OneToAll(std::span<const Seed> sources);

  [[nodiscard]] const ContractionHierarchy& index() const { return *index_; }

  // Nodes taken from the queues by the last Distance or Path (both sides, stalled included): the
  // search space a benchmark reports.
  [[nodiscard]] std::uint32_t last_settled() const { return forward_.settled + backward_.settled; }

 private:
  friend class CachedPlaces;
  // The upward search from `seeds` (forward or backward) to its end, with stall-on-demand: every
  // settled node that was not stalled, with its distance.
  void UpwardSpace(std::span<const Seed> seeds, bool forward,
                   std::vector<CachedPlaces::Reached>& out);

  // The state of one upward search, indexed by rank and reset by stamp. A node's distance, stamp
  // and heap position share one 16-byte label so that relaxing an arc touches one cache line;
  // the parents (read only when unpacking a path) live apart. The queue is a 4-ary min-heap with
  // decrease-key (no stale entries), its positions kept in the labels.
  struct Search {
    struct Label {
      std::uint64_t dist;
      std::uint32_t stamp;
      std::uint32_t heap_pos;
    };
    struct Parent {
      std::uint32_t node;
      std::uint32_t arc;
    };
    struct HeapEntry {
      std::uint64_t key;
      std::uint32_t node;
    };
    static constexpr std::uint32_t kArity = 4;
    std::vector<Label> labels;
    std::vector<Parent> parents;
    std::vector<HeapEntry> heap;
    std::uint32_t current = 0;
    std::uint32_t settled = 0;  // nodes taken from the queue since Start (stalled included)

    explicit Search(std::uint32_t n);
    void Start();
    [[nodiscard]] bool Reached(std::uint32_t v) const { return labels[v].stamp == current; }
    [[nodiscard]] std::uint64_t Dist(std::uint32_t v) const {
      return Reached(v) ? labels[v].dist : kUnreachable;
    }
    [[nodiscard]] bool Empty() const { return heap.empty(); }
    [[nodiscard]] std::uint64_t MinKey() const { return heap.front().key; }
    // Reaches v at distance d (or lowers its key); returns false if v already has d or less.
    bool Relax(std::uint32_t v, std::uint64_t d, std::uint32_t from, std::uint32_t arc);
    HeapEntry PopMin();

   private:
    void Place(std::uint32_t i, HeapEntry e) {
      heap[i] = e;
      labels[e.node].heap_pos = i;
    }
    void SiftUp(std::uint32_t i);
    void SiftDown(std::uint32_t i, HeapEntry e);
  };
  // A bucket entry (Knopp et al. 2007): place `group` reaches this node at `dist`.
  struct BucketItem {
    std::uint64_t dist;
    std::uint32_t group;
  };
  struct RawBucketItem {
    std::uint32_t node;
    std::uint32_t group;
    std::uint64_t dist;
  };

  void StartSearch(Search& search, std::span<const Seed> seeds);
  // Settles the next node of `search`; returns its rank, or kNoNode for a stale heap entry or a
  // stalled node (whose distance is not exact and which is neither relaxed nor reported).
  // `on_reach(w, d)` is called for every node whose distance a relaxation lowered.
  template <bool kForward, bool kStall, typename OnReach>
  std::uint32_t SettleNext(Search& search, OnReach on_reach);
  template <bool kForward, bool kStall>
  std::uint32_t SettleNext(Search& search) {
    return SettleNext<kForward, kStall>(search, [](std::uint32_t, std::uint64_t) {});
  }
  // Runs both searches of a one-to-one query; returns the distance and sets meet_.
  std::uint64_t Bidirectional(std::span<const Seed> sources, std::span<const Seed> targets);
  // Bucket phase 1: a full upward search from every group, recording (node, group, distance).
  template <bool kForward>
  void FillBuckets(std::span<const std::span<const Seed>> groups);
  // Bucket phase 2: one upward search from `seeds` that combines with the buckets into `out`.
  template <bool kForward>
  void ScanBuckets(std::span<const Seed> seeds, std::span<std::uint64_t> out);
  // One-to-many and many-to-one: the single place's search in full, then a pruned search per
  // place of `many` (forward searches if kManyForward).
  template <bool kManyForward>
  void AgainstOne(std::span<const std::span<const Seed>> many, std::span<const Seed> one,
                  std::span<std::uint64_t> out);
  void UnpackInto(bool up, std::uint32_t arc, std::uint32_t head, PathResult& path);

  static constexpr std::uint32_t kNoNode = ContractionHierarchy::kNoChild;

  const ContractionHierarchy* index_;
  Search forward_;
  Search backward_;
  std::uint32_t meet_ = kNoNode;
  // Buckets, compacted by node into items_[bucket_begin_[v], bucket_end_[v]).
  std::vector<RawBucketItem> raw_items_;
  std::vector<BucketItem> items_;
  std::vector<std::uint32_t> bucket_stamp_;
  std::vector<std::uint32_t> bucket_begin_;
  std::vector<std::uint32_t> bucket_end_;
  std::vector<std::uint32_t> touched_;
  std::uint32_t bucket_current_ = 0;
  // PHAST: distances by rank, then by node id. Allocated on first use.
  std::vector<std::uint64_t> sweep_by_rank_;
  std::vector<std::uint64_t> sweep_by_node_;
  struct UnpackStep {
    bool up;
    std::uint32_t arc;
    std::uint32_t head;  // rank of the arc's head
  };
  std::vector<UnpackStep> unpack_stack_;
};

}  // namespace beacon::routing::ch
