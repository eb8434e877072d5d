#include "beacon/routing/ch/contraction_hierarchy_query.h"

#include <algorithm>

#include "beacon/base/check.h"

namespace beacon::routing::ch {

ContractionHierarchyQuery::Search::Search(std::uint32_t n)
    : labels(n, Label{kUnreachable, 0, kNoNode}), parent_arc(n, kNoNode) {}

void ContractionHierarchyQuery::Search::Start() {
  heap.clear();
  if (++current == 0) {  // the stamp wrapped after 2^32 searches: forget every old mark
    for (Label& label : labels) label.stamp = 0;
    current = 1;
  }
}

void ContractionHierarchyQuery::Search::Improve(std::uint32_t v, std::uint64_t d,
                                                std::uint32_t from, std::uint32_t arc) {
  labels[v] = {d, current, from};
  parent_arc[v] = arc;
  heap.Push(d, v);
}

ContractionHierarchyQuery::ContractionHierarchyQuery(const ContractionHierarchy& index)
    : index_(&index),
      forward_(index.num_nodes()),
      backward_(index.num_nodes()),
      bucket_stamp_(index.num_nodes(), 0),
      bucket_begin_(index.num_nodes(), 0),
      bucket_end_(index.num_nodes(), 0) {}

void ContractionHierarchyQuery::StartSearch(Search& search, std::span<const Seed> seeds) {
  search.Start();
  for (const Seed& seed : seeds) {
    BEACON_CHECK(seed.node.value() < index_->num_nodes(), "seed node {} out of range", seed.node);
    const std::uint32_t v = index_->Rank(seed.node);
    if (seed.offset_ms < search.Dist(v)) search.Improve(v, seed.offset_ms, kNoNode, kNoNode);
  }
}

template <bool kForward, bool kStall>
std::uint32_t ContractionHierarchyQuery::SettleNext(Search& search) {
  const auto [d, v] = search.heap.Pop();
  if (d > search.labels[v].dist) return kNoNode;  // stale: v was improved after this push
  // Stall-on-demand (Geisberger et al. 2008, section 5.2): if a higher node reaches v by a
  // shorter path than the upward one, v is not on a shortest up-down path; do not expand it.
  if constexpr (kStall) {
    for (const ContractionHierarchy::Arc& arc :
         kForward ? index_->DownArcs(v) : index_->UpArcs(v)) {
      const std::uint64_t via = search.Dist(arc.other);
      if (via != kUnreachable && via + arc.weight < d) return kNoNode;
    }
  }
  const std::uint32_t first = kForward ? index_->UpBegin(v) : index_->DownBegin(v);
  const std::span<const ContractionHierarchy::Arc> arcs =
      kForward ? index_->UpArcs(v) : index_->DownArcs(v);
  for (std::uint32_t i = 0; i < arcs.size(); ++i) {
    const std::uint64_t nd = d + arcs[i].weight;
    if (nd < search.Dist(arcs[i].other)) search.Improve(arcs[i].other, nd, v, first + i);
  }
  return v;
}

std::uint64_t ContractionHierarchyQuery::Bidirectional(std::span<const Seed> sources,
                                                       std::span<const Seed> targets) {
  StartSearch(forward_, sources);
  StartSearch(backward_, targets);
  std::uint64_t best = kUnreachable;
  meet_ = kNoNode;
  // Stalled nodes are not meeting candidates: the highest node of a shortest up-down path is
  // never stalled, and it is settled by both sides unless a side's keys already exceed `best`.
  auto meet = [&](std::uint32_t v) {
    if (v == kNoNode || !forward_.Reached(v) || !backward_.Reached(v)) return;
    const std::uint64_t total = forward_.labels[v].dist + backward_.labels[v].dist;
    if (total < best) {
      best = total;
      meet_ = v;
    }
  };
  // Seeds present on both sides meet before any search step.
  for (const Seed& s : sources) meet(index_->Rank(s.node));
  while (true) {
    const std::uint64_t f = forward_.heap.empty() ? kUnreachable : forward_.heap.MinKey();
    const std::uint64_t b = backward_.heap.empty() ? kUnreachable : backward_.heap.MinKey();
    const bool go_forward = f < best;
    const bool go_backward = b < best;
    if (!go_forward && !go_backward) break;
    if (go_forward && (!go_backward || f <= b)) {
      meet(SettleNext<true, true>(forward_));
    } else {
      meet(SettleNext<false, true>(backward_));
    }
  }
  return best;
}

std::uint64_t ContractionHierarchyQuery::Distance(std::span<const Seed> sources,
                                                  std::span<const Seed> targets) {
  return Bidirectional(sources, targets);
}

PathResult ContractionHierarchyQuery::Path(std::span<const Seed> sources,
                                           std::span<const Seed> targets) {
  PathResult path;
  path.distance = Bidirectional(sources, targets);
  if (path.distance == kUnreachable) return path;
  // Up arcs from the source seed to the meeting node, in reverse, then down arcs to the target.
  std::vector<std::uint32_t> up;
  std::uint32_t v = meet_;
  while (forward_.parent_arc[v] != kNoNode) {
    up.push_back(forward_.parent_arc[v]);
    v = forward_.labels[v].parent_node;
  }
  path.nodes.push_back(index_->NodeAtRank(v));
  for (auto it = up.rbegin(); it != up.rend(); ++it) {
    UnpackInto(true, *it, index_->UpArc(*it).other, path);
  }
  v = meet_;
  while (backward_.parent_arc[v] != kNoNode) {
    // The backward search relaxed this down arc from parent_node's list: it runs v -> parent.
    UnpackInto(false, backward_.parent_arc[v], backward_.labels[v].parent_node, path);
    v = backward_.labels[v].parent_node;
  }
  return path;
}

void ContractionHierarchyQuery::UnpackInto(bool up, std::uint32_t arc, std::uint32_t head,
                                           PathResult& path) {
  unpack_stack_.clear();
  unpack_stack_.push_back({up, arc, head});
  while (!unpack_stack_.empty()) {
    const UnpackStep step = unpack_stack_.back();
    unpack_stack_.pop_back();
    const ContractionHierarchy::Unpack& u =
        step.up ? index_->UpUnpack(step.arc) : index_->DownUnpack(step.arc);
    if (u.second == ContractionHierarchy::kNoChild) {
      path.arcs.push_back(ArcId{u.first});
      path.nodes.push_back(index_->NodeAtRank(step.head));
      continue;
    }
    // tail -> mid (a down arc stored at mid), then mid -> head (an up arc stored at mid).
    unpack_stack_.push_back({true, u.second, step.head});
    unpack_stack_.push_back({false, u.first, u.mid});
  }
}

template <bool kForward>
void ContractionHierarchyQuery::FillBuckets(std::span<const std::span<const Seed>> groups) {
  Search& search = kForward ? forward_ : backward_;
  if (++bucket_current_ == 0) {
    std::fill(bucket_stamp_.begin(), bucket_stamp_.end(), 0);
    bucket_current_ = 1;
  }
  raw_items_.clear();
  touched_.clear();
  for (std::uint32_t g = 0; g < groups.size(); ++g) {
    StartSearch(search, groups[g]);
    while (!search.heap.empty()) {
      const std::uint32_t v = SettleNext<kForward, true>(search);
      if (v == kNoNode) continue;
      raw_items_.push_back({v, g, search.labels[v].dist});
      if (bucket_stamp_[v] != bucket_current_) {
        bucket_stamp_[v] = bucket_current_;
        bucket_end_[v] = 0;
        touched_.push_back(v);
      }
      ++bucket_end_[v];  // a count for now
    }
  }
  // Compact by node (a counting sort) so that a scan reads one contiguous run per node.
  std::uint32_t offset = 0;
  for (const std::uint32_t v : touched_) {
    bucket_begin_[v] = offset;
    offset += bucket_end_[v];
    bucket_end_[v] = bucket_begin_[v];
  }
  items_.resize(raw_items_.size());
  for (const RawBucketItem& item : raw_items_) {
    items_[bucket_end_[item.node]++] = {item.dist, item.group};
  }
}

template <bool kForward>
void ContractionHierarchyQuery::ScanBuckets(std::span<const Seed> seeds,
                                            std::span<std::uint64_t> out) {
  std::fill(out.begin(), out.end(), kUnreachable);
  Search& search = kForward ? forward_ : backward_;
  StartSearch(search, seeds);
  while (!search.heap.empty()) {
    const std::uint32_t v = SettleNext<kForward, true>(search);
    if (v == kNoNode || bucket_stamp_[v] != bucket_current_) continue;
    const std::uint64_t d = search.labels[v].dist;
    for (std::uint32_t i = bucket_begin_[v]; i < bucket_end_[v]; ++i) {
      const std::uint64_t total = d + items_[i].dist;
      if (total < out[items_[i].group]) out[items_[i].group] = total;
    }
  }
}

template <bool kManyForward>
void ContractionHierarchyQuery::AgainstOne(std::span<const std::span<const Seed>> many,
                                           std::span<const Seed> one,
                                           std::span<std::uint64_t> out) {
  Search& full = kManyForward ? backward_ : forward_;
  Search& each = kManyForward ? forward_ : backward_;
  // The single place's upward search, to the end: its distances stay in `full` for all places.
  StartSearch(full, one);
  while (!full.heap.empty()) SettleNext<!kManyForward, true>(full);
  // One pruned upward search per place: it stops when its smallest key reaches its best meeting
  // distance, because every later meeting is at least that long.
  for (std::size_t i = 0; i < many.size(); ++i) {
    std::uint64_t best = kUnreachable;
    StartSearch(each, many[i]);
    while (!each.heap.empty() && each.heap.MinKey() < best) {
      const std::uint32_t v = SettleNext<kManyForward, true>(each);
      if (v != kNoNode && full.Reached(v))
        best = std::min(best, each.labels[v].dist + full.labels[v].dist);
    }
    out[i] = best;
  }
}

std::vector<std::uint64_t> ContractionHierarchyQuery::OneToMany(
    std::span<const Seed> source, std::span<const std::span<const Seed>> targets) {
  std::vector<std::uint64_t> result(targets.size());
  AgainstOne<false>(targets, source, result);
  return result;
}

std::vector<std::uint64_t> ContractionHierarchyQuery::ManyToOne(
    std::span<const std::span<const Seed>> sources, std::span<const Seed> target) {
  std::vector<std::uint64_t> result(sources.size());
  AgainstOne<true>(sources, target, result);
  return result;
}

std::vector<std::uint64_t> ContractionHierarchyQuery::Matrix(
    std::span<const std::span<const Seed>> sources,
    std::span<const std::span<const Seed>> targets) {
  std::vector<std::uint64_t> result(sources.size() * targets.size());
  if (targets.empty()) return result;
  FillBuckets<false>(targets);
  for (std::size_t i = 0; i < sources.size(); ++i) {
    ScanBuckets<true>(sources[i],
                      std::span<std::uint64_t>(result).subspan(i * targets.size(), targets.size()));
  }
  return result;
}

std::span<const std::uint64_t> ContractionHierarchyQuery::OneToAll(std::span<const Seed> sources) {
  const std::uint32_t n = index_->num_nodes();
  sweep_by_rank_.resize(n);
  sweep_by_node_.resize(n);
  // Phase 1: the upward search from the sources, to the end (no stalling: PHAST, section 3).
  StartSearch(forward_, sources);
  while (!forward_.heap.empty()) SettleNext<true, false>(forward_);
  // Phase 2: one sweep in descending rank; every down arc into r comes from a higher rank, whose
  // distance is final by then. Arcs and distances are laid out by rank, so the sweep streams.
  for (std::uint32_t r = n; r-- > 0;) {
    std::uint64_t d = forward_.Dist(r);
    for (const ContractionHierarchy::Arc& arc : index_->DownArcs(r)) {
      const std::uint64_t from = sweep_by_rank_[arc.other];
      if (from != kUnreachable && from + arc.weight < d) d = from + arc.weight;
    }
    sweep_by_rank_[r] = d;
  }
  for (std::uint32_t r = 0; r < n; ++r)
    sweep_by_node_[index_->NodeAtRank(r).value()] = sweep_by_rank_[r];
  return sweep_by_node_;
}

}  // namespace beacon::routing::ch
