#include "beacon/routing/ch/contraction_hierarchy_query.h"

#include <algorithm>

#include "beacon/base/check.h"

namespace beacon::routing::ch {

ContractionHierarchyQuery::Search::Search(std::uint32_t n)
    : labels(n, Label{kUnreachable, 0, 0}), parents(n, Parent{kNoNode, kNoNode}) {}

void ContractionHierarchyQuery::Search::Start() {
  heap.clear();
  settled = 0;
  if (++current == 0) {  // the stamp wrapped after 2^32 searches: forget every old mark
    for (Label& label : labels) label.stamp = 0;
    current = 1;
  }
}

[[gnu::always_inline]] inline bool ContractionHierarchyQuery::Search::Relax(std::uint32_t v,
                                                                            std::uint64_t d,
                                                                            std::uint32_t from,
                                                                            std::uint32_t arc) {
  Label& label = labels[v];
  if (label.stamp != current) {
    label.stamp = current;
    label.dist = d;
    heap.push_back({d, v});
    SiftUp(static_cast<std::uint32_t>(heap.size() - 1));
  } else if (d < label.dist) {
    // A node taken from the heap is never lowered again (keys leave in non-decreasing order and
    // weights are non-negative), so v is still in the heap here.
    label.dist = d;
    heap[label.heap_pos].key = d;
    SiftUp(label.heap_pos);
  } else {
    return false;
  }
  parents[v] = {from, arc};
  return true;
}

[[gnu::always_inline]] inline void ContractionHierarchyQuery::Search::SiftUp(std::uint32_t i) {
  const HeapEntry e = heap[i];
  while (i > 0) {
    const std::uint32_t up = (i - 1) / kArity;
    if (heap[up].key <= e.key) break;
    Place(i, heap[up]);
    i = up;
  }
  Place(i, e);
}

[[gnu::always_inline]] inline void ContractionHierarchyQuery::Search::SiftDown(std::uint32_t i,
                                                                               HeapEntry e) {
  const auto size = static_cast<std::uint32_t>(heap.size());
  while (true) {
    const std::uint32_t first = kArity * i + 1;
    if (first >= size) break;
    const std::uint32_t last = std::min(first + kArity, size);
    std::uint32_t best = first;
    for (std::uint32_t c = first + 1; c < last; ++c) {
      if (heap[c].key < heap[best].key) best = c;
    }
    if (heap[best].key >= e.key) break;
    Place(i, heap[best]);
    i = best;
  }
  Place(i, e);
}

[[gnu::always_inline]] inline ContractionHierarchyQuery::Search::HeapEntry
ContractionHierarchyQuery::Search::PopMin() {
  const HeapEntry top = heap.front();
  const HeapEntry last = heap.back();
  heap.pop_back();
  if (!heap.empty()) SiftDown(0, last);
  ++settled;
  return top;
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
    search.Relax(v, seed.offset_ms, kNoNode, kNoNode);
  }
}

template <bool kForward, bool kStall, typename OnReach>
std::uint32_t ContractionHierarchyQuery::SettleNext(Search& search, OnReach on_reach) {
  const auto [d, v] = search.PopMin();
  // Stall-on-demand (Geisberger et al. 2008, section 5.2): if a higher node reaches v by a
  // shorter path than the upward one, v is not on a shortest up-down path; do not expand it.
  if constexpr (kStall) {
    for (const ContractionHierarchy::Arc& arc :
         kForward ? index_->DownArcs(v) : index_->UpArcs(v)) {
      const Search::Label& label = search.labels[arc.other];
      if (label.stamp == search.current && label.dist + arc.weight < d) return kNoNode;
    }
  }
  const std::uint32_t first = kForward ? index_->UpBegin(v) : index_->DownBegin(v);
  const std::span<const ContractionHierarchy::Arc> arcs =
      kForward ? index_->UpArcs(v) : index_->DownArcs(v);
  for (std::uint32_t i = 0; i < arcs.size(); ++i) {
    const std::uint64_t nd = d + arcs[i].weight;
    if (search.Relax(arcs[i].other, nd, v, first + i)) on_reach(arcs[i].other, nd);
  }
  return v;
}

std::uint64_t ContractionHierarchyQuery::Bidirectional(std::span<const Seed> sources,
                                                       std::span<const Seed> targets) {
  StartSearch(forward_, sources);
  StartSearch(backward_, targets);
  std::uint64_t best = kUnreachable;
  meet_ = kNoNode;
  // Every label is the length of a real path (its parents lead back to a seed), so a node reached
  // by both sides gives an upper bound as soon as it is reached; checking on relaxation instead of
  // on settling lowers `best` earlier and so stops both searches sooner. The highest node of a
  // shortest up-down path is never stalled and is reached by both sides with its exact distances
  // before either side's keys pass the shortest distance, so `best` ends exact.
  auto meet = [&](std::uint32_t v, std::uint64_t total) {
    if (total < best) {
      best = total;
      meet_ = v;
    }
  };
  for (const Seed& s : sources) {
    const std::uint32_t v = index_->Rank(s.node);
    if (backward_.Reached(v)) meet(v, forward_.labels[v].dist + backward_.labels[v].dist);
  }
  auto meet_forward = [&](std::uint32_t w, std::uint64_t d) {
    if (backward_.Reached(w)) meet(w, d + backward_.labels[w].dist);
  };
  auto meet_backward = [&](std::uint32_t w, std::uint64_t d) {
    if (forward_.Reached(w)) meet(w, d + forward_.labels[w].dist);
  };
  while (true) {
    const std::uint64_t f = forward_.Empty() ? kUnreachable : forward_.MinKey();
    const std::uint64_t b = backward_.Empty() ? kUnreachable : backward_.MinKey();
    const bool go_forward = f < best;
    const bool go_backward = b < best;
    if (!go_forward && !go_backward) break;
    if (go_forward && (!go_backward || f <= b)) {
      SettleNext<true, true>(forward_, meet_forward);
    } else {
      SettleNext<false, true>(backward_, meet_backward);
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
  while (forward_.parents[v].arc != kNoNode) {
    up.push_back(forward_.parents[v].arc);
    v = forward_.parents[v].node;
  }
  path.nodes.push_back(index_->NodeAtRank(v));
  for (auto it = up.rbegin(); it != up.rend(); ++it) {
    UnpackInto(true, *it, index_->UpArc(*it).other, path);
  }
  v = meet_;
  while (backward_.parents[v].arc != kNoNode) {
    // The backward search relaxed this down arc from the parent's list: it runs v -> parent.
    UnpackInto(false, backward_.parents[v].arc, backward_.parents[v].node, path);
    v = backward_.parents[v].node;
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
    while (!search.Empty()) {
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
  while (!search.Empty()) {
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
  while (!full.Empty()) SettleNext<!kManyForward, true>(full);
  // One pruned upward search per place: it stops when its smallest key reaches its best meeting
  // distance, because every later meeting is at least that long.
  for (std::size_t i = 0; i < many.size(); ++i) {
    std::uint64_t best = kUnreachable;
    StartSearch(each, many[i]);
    while (!each.Empty() && each.MinKey() < best) {
      const std::uint32_t v = SettleNext<kManyForward, true>(each);
      if (v != kNoNode && full.Reached(v))
        best = std::min(best, each.labels[v].dist + full.labels[v].dist);
    }
    out[i] = best;
  }
}

void ContractionHierarchyQuery::UpwardSpace(std::span<const Seed> seeds, bool forward,
                                            std::vector<CachedPlaces::Reached>& out) {
  out.clear();
  Search& search = forward ? forward_ : backward_;
  StartSearch(search, seeds);
  while (!search.Empty()) {
    const std::uint32_t v =
        forward ? SettleNext<true, true>(search) : SettleNext<false, true>(search);
    if (v != kNoNode) out.push_back({v, search.labels[v].dist});
  }
}

void ContractionHierarchyQuery::Distances(const CachedPlaces& places, std::span<const Seed> one,
                                          std::span<std::uint64_t> out) {
  BEACON_CHECK(places.index_ == index_, "the cached places belong to another index");
  BEACON_CHECK(out.size() == places.num_slots(), "{} outputs for {} slots", out.size(),
               places.num_slots());
  std::fill(out.begin(), out.end(), kUnreachable);
  // Cached sources hold forward searches, so `one` is a target and searches backward.
  const bool forward = places.role() == CachedPlaces::Role::kTargets;
  Search& search = forward ? forward_ : backward_;
  StartSearch(search, one);
  while (!search.Empty()) {
    const std::uint32_t v =
        forward ? SettleNext<true, true>(search) : SettleNext<false, true>(search);
    if (v == kNoNode) continue;
    const std::uint64_t d = search.labels[v].dist;
    for (const CachedPlaces::Entry& e : places.buckets_[v]) {
      const std::uint64_t total = d + e.dist;
      if (total < out[e.slot]) out[e.slot] = total;
    }
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
  while (!forward_.Empty()) SettleNext<true, false>(forward_);
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
