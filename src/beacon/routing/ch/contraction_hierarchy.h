// ContractionHierarchy: the immutable speed-up index over a static road graph (Geisberger,
// Sanders, Schultes, Delling 2008, "Contraction Hierarchies: Faster and Simpler Hierarchical
// Routing in Road Networks"). Pure algorithm: the input is a node count and a plain arc list; no
// geometry and no graph file format. Query it through ContractionHierarchyQuery
// (contraction_hierarchy_query.h), one query object per thread, as in RoutingKit.
//
//   std::vector<ch::InputArc> arcs = {{NodeId{0}, NodeId{1}, 1500, ArcId{0}}, ...};
//   BEACON_ASSIGN_OR_RETURN(ch::ContractionHierarchy index,
//                           ch::ContractionHierarchy::Build(num_nodes, arcs));
//   std::vector<std::byte> bytes = index.Serialize();       // store it in a companion file
//   auto again = ch::ContractionHierarchy::Deserialize(bytes);  // validated: Status on bad bytes
//
// Thread-safety: Build and Deserialize produce a value that is never modified afterwards; any
// number of threads may read one index (each through its own query object) without locking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/base/result.h"

namespace beacon::routing::ch {

// One directed arc of the caller's graph. Self-loops are dropped; of parallel arcs the lightest
// is kept (and its id is what paths report).
struct InputArc {
  NodeId tail;
  NodeId head;
  std::uint32_t weight_ms = 0;
  ArcId id;  // the caller's arc id, reported by path unpacking
};

// A query endpoint: a source seed starts the search at `node` with `offset_ms` already spent; a
// target seed ends it at `node` adding `offset_ms`. A mid-street position is two seeds (one per
// end of the street). Offsets are uint32 so every sum fits in 64 bits.
struct Seed {
  NodeId node;
  std::uint32_t offset_ms = 0;
};

// Distances are sums of uint32 weights in uint64; this is "no path".
inline constexpr std::uint64_t kUnreachable = std::numeric_limits<std::uint64_t>::max();

// Knobs of the node ordering (see docs/design/routing.md). Defaults suit road graphs.
struct BuildOptions {
  // Witness searches stop after settling this many nodes (then a shortcut is added, which is
  // always correct, possibly superfluous). Range 1..; larger = fewer shortcuts, slower build.
  std::uint32_t witness_settled_limit = 400;
  // The same limit while estimating a node's priority (simulated contraction).
  std::uint32_t priority_settled_limit = 150;
  // Witness paths longer than this many arcs are not looked for; 0 = no hop limit.
  std::uint32_t witness_hop_limit = 0;
  // Priority = edge_difference_weight * (shortcuts added - arcs removed)
  //          + contracted_neighbours_weight * (neighbours already contracted)
  //          + level_weight * (search space depth)
  //          + edge_quotient_weight * 1000 * shortcuts added / (1 + arcs removed)
  //          + hop_quotient_weight * 1000 * original arcs the shortcuts stand for
  //                                   / (1 + original arcs the removed arcs stand for).
  // The default is the quotient form (as in RoutingKit, Dibbelt, Strasser, Wagner 2014, with the
  // level weight halved): on Boston it settles 25 % fewer nodes per query than the edge
  // difference form (2/1/1/0/0); docs/design/routing.md has the comparison.
  std::int32_t edge_difference_weight = 0;
  std::int32_t contracted_neighbours_weight = 0;
  std::int32_t level_weight = 500;
  std::int32_t edge_quotient_weight = 1;
  std::int32_t hop_quotient_weight = 1;
  // After contracting a node, re-simulate each neighbour's contraction to refresh its edge
  // difference (Geisberger et al.'s neighbour updates). When false only the cheap terms are
  // refreshed and the lazy update at the top of the queue re-simulates.
  bool resimulate_neighbours = true;
};

class ContractionHierarchy {
 public:
  // What an arc of the hierarchy unpacks to: an original arc (`second == kNoChild`, `first` is
  // the caller's arc id) or a shortcut tail->mid->head whose children are down arc `first`
  // (tail->mid, stored at mid) and up arc `second` (mid->head, stored at mid).
  static constexpr std::uint32_t kNoChild = std::numeric_limits<std::uint32_t>::max();
  struct Unpack {
    std::uint32_t first = 0;
    std::uint32_t second = kNoChild;
    std::uint32_t mid = kNoChild;  // rank of the middle node of a shortcut
  };
  // An arc of the search graphs, stored at its lower-ranked end: `other` is the higher rank.
  struct Arc {
    std::uint32_t other = 0;
    std::uint32_t weight = 0;
  };

  // Contracts every node. InvalidArgument if an arc names a node >= num_nodes; OutOfRange if a
  // shortcut's weight would not fit in 32 bits (a path of more than 49 days).
  static Result<ContractionHierarchy> Build(std::uint32_t num_nodes, std::span<const InputArc> arcs,
                                            const BuildOptions& options = {});

  // A self-contained little-endian byte image (magic, version, sizes, arrays, checksum).
  [[nodiscard]] std::vector<std::byte> Serialize() const;
  // DataLoss naming the problem when the bytes are truncated, corrupt or of another version.
  static Result<ContractionHierarchy> Deserialize(std::span<const std::byte> bytes);

  [[nodiscard]] std::uint32_t num_nodes() const {
    return static_cast<std::uint32_t>(rank_of_node_.size());
  }
  [[nodiscard]] std::size_t num_up_arcs() const { return up_arcs_.size(); }
  [[nodiscard]] std::size_t num_down_arcs() const { return down_arcs_.size(); }
  // Arcs of either search graph that are shortcuts.
  [[nodiscard]] std::size_t num_shortcuts() const;
  // The contraction order: 0 is contracted first (least important).
  [[nodiscard]] std::uint32_t Rank(NodeId node) const { return rank_of_node_[node.value()]; }
  [[nodiscard]] NodeId NodeAtRank(std::uint32_t rank) const { return NodeId{node_of_rank_[rank]}; }

  // The search graphs, indexed by rank, for the query object. Up arcs of rank r go from r to a
  // higher rank; down arcs of rank r come from a higher rank into r (the reversed down graph).
  [[nodiscard]] std::span<const Arc> UpArcs(std::uint32_t rank) const {
    return {up_arcs_.data() + up_first_[rank], up_arcs_.data() + up_first_[rank + 1]};
  }
  [[nodiscard]] std::span<const Arc> DownArcs(std::uint32_t rank) const {
    return {down_arcs_.data() + down_first_[rank], down_arcs_.data() + down_first_[rank + 1]};
  }
  [[nodiscard]] std::uint32_t UpBegin(std::uint32_t rank) const { return up_first_[rank]; }
  [[nodiscard]] std::uint32_t DownBegin(std::uint32_t rank) const { return down_first_[rank]; }
  [[nodiscard]] const Unpack& UpUnpack(std::uint32_t arc) const { return up_unpack_[arc]; }
  [[nodiscard]] const Unpack& DownUnpack(std::uint32_t arc) const { return down_unpack_[arc]; }
  [[nodiscard]] const Arc& UpArc(std::uint32_t arc) const { return up_arcs_[arc]; }
  [[nodiscard]] const Arc& DownArc(std::uint32_t arc) const { return down_arcs_[arc]; }

 private:
  friend class Contractor;

  ContractionHierarchy() = default;
  // Checks every invariant the queries rely on (used on deserialized bytes).
  [[nodiscard]] Status Validate() const;

  std::vector<std::uint32_t> rank_of_node_;
  std::vector<std::uint32_t> node_of_rank_;
  std::vector<std::uint32_t> up_first_;  // num_nodes + 1 offsets into up_arcs_
  std::vector<Arc> up_arcs_;
  std::vector<Unpack> up_unpack_;
  std::vector<std::uint32_t> down_first_;
  std::vector<Arc> down_arcs_;
  std::vector<Unpack> down_unpack_;
};

}  // namespace beacon::routing::ch
