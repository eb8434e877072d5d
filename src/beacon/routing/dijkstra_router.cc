#include "beacon/routing/dijkstra_router.h"

#include <algorithm>
#include <functional>
#include <limits>

namespace beacon::routing {
namespace {

constexpr std::uint32_t kSeedBit = 0x80000000u;
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::int64_t kInf = std::numeric_limits<std::int64_t>::max() / 4;

using HeapItem = std::pair<std::int64_t, std::uint32_t>;
constexpr auto kHeapLess = std::greater<HeapItem>();  // min-heap

Milliseconds ToMs(std::int64_t d) { return d >= kInf ? kUnreachable : Milliseconds(d); }

}  // namespace

void DijkstraRouter::Search::Reset() {
  heap.clear();
  if (++stamp == 0) {  // wrapped: clear once every 4 billion queries
    std::fill(reached.begin(), reached.end(), 0u);
    std::fill(done.begin(), done.end(), 0u);
    stamp = 1;
  }
}

bool DijkstraRouter::Search::Improve(std::uint32_t v, std::int64_t d, std::uint32_t parent_value) {
  if (reached[v] == stamp && dist[v] <= d) return false;
  if (done[v] == stamp) return false;
  reached[v] = stamp;
  dist[v] = d;
  parent[v] = parent_value;
  heap.emplace_back(d, v);
  std::push_heap(heap.begin(), heap.end(), kHeapLess);
  return true;
}

std::int64_t DijkstraRouter::Search::TopKey() const {
  return heap.empty() ? kInf : heap.front().first;
}

bool DijkstraRouter::Search::PopMin(std::uint32_t* v) {
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), kHeapLess);
    const auto [d, u] = heap.back();
    heap.pop_back();
    if (done[u] == stamp || d != dist[u]) continue;  // stale entry
    done[u] = stamp;
    *v = u;
    return true;
  }
  return false;
}

DijkstraRouter::DijkstraRouter(const Graph& graph) : graph_(graph) {
  const std::size_t n = graph.num_nodes();
  for (Search* s : {&fwd_, &bwd_}) {
    s->dist.assign(n, kInf);
    s->parent.assign(n, kNone);
    s->reached.assign(n, 0);
    s->done.assign(n, 0);
  }
  mark_.assign(n, 0);
  mark_first_.assign(n, 0);
}

DijkstraRouter::Meeting DijkstraRouter::Bidirectional(const Place& from, const Place& to) {
  Meeting best{kInf, kNone};
  std::pair<int, int> pair{-1, -1};
  const Milliseconds direct = SameArcTime(from, to, &pair);
  if (direct != kUnreachable) best = Meeting{direct.count(), kNone, true, pair};
  fwd_.Reset();
  bwd_.Reset();
  settled_ = 0;
  for (std::size_t i = 0; i < from.leave.size(); ++i) {
    const Seed& s = from.leave[i];
    fwd_.Improve(s.node.value(), s.ms, kSeedBit | static_cast<std::uint32_t>(i));
  }
  for (std::size_t i = 0; i < to.arrive.size(); ++i) {
    const Seed& s = to.arrive[i];
    bwd_.Improve(s.node.value(), s.ms, kSeedBit | static_cast<std::uint32_t>(i));
  }
  auto meet = [&](std::uint32_t v) {
    if (fwd_.Reached(v) && bwd_.Reached(v) && fwd_.dist[v] + bwd_.dist[v] < best.time) {
      best = Meeting{fwd_.dist[v] + bwd_.dist[v], v};
    }
  };
  for (const Seed& s : from.leave) meet(s.node.value());
  while (true) {
    const std::int64_t kf = fwd_.TopKey(), kb = bwd_.TopKey();
    if (kf >= kInf || kb >= kInf || kf + kb >= best.time) break;
    const bool forward = kf <= kb;
    Search& s = forward ? fwd_ : bwd_;
    std::uint32_t v;
    if (!s.PopMin(&v)) continue;
    ++settled_;
    const std::int64_t dv = s.dist[v];
    if (forward) {
      for (ArcId a : graph_.OutArcs(NodeId{v})) {
        const std::uint32_t w = graph_.Head(a).value();
        if (fwd_.Improve(w, dv + graph_.Weight(a), a.value())) meet(w);
      }
    } else {
      for (std::uint32_t a : graph_.InArcs(NodeId{v})) {
        const std::uint32_t w = graph_.Tail(ArcId{a}).value();
        if (bwd_.Improve(w, dv + graph_.Weight(ArcId{a}), a)) meet(w);
      }
    }
  }
  return best;
}

Milliseconds DijkstraRouter::OneToOne(const Place& from, const Place& to) {
  return ToMs(Bidirectional(from, to).time);
}

std::optional<Route> DijkstraRouter::Path(const Place& from, const Place& to) {
  const Meeting m = Bidirectional(from, to);
  if (m.time >= kInf) return std::nullopt;
  if (m.same_arc) {
    return AssembleSameArcRoute(graph_,
                                from.on[static_cast<std::size_t>(m.same_arc_positions.first)],
                                to.on[static_cast<std::size_t>(m.same_arc_positions.second)]);
  }
  std::vector<ArcId> arcs;
  std::uint32_t v = m.node;
  while ((fwd_.parent[v] & kSeedBit) == 0) {
    const ArcId a{fwd_.parent[v]};
    arcs.push_back(a);
    v = graph_.Tail(a).value();
  }
  const Seed& start = from.leave[fwd_.parent[v] & ~kSeedBit];
  std::reverse(arcs.begin(), arcs.end());
  v = m.node;
  while ((bwd_.parent[v] & kSeedBit) == 0) {
    const ArcId a{bwd_.parent[v]};
    arcs.push_back(a);
    v = graph_.Head(a).value();
  }
  const Seed& end = to.arrive[bwd_.parent[v] & ~kSeedBit];
  return AssembleRoute(graph_, from, start.position, arcs, to, end.position, Milliseconds(m.time));
}

void DijkstraRouter::OneToManyCore(bool forward, const Place& source,
                                   std::span<const Place> targets, std::vector<Milliseconds>& out) {
  Search& s = forward ? fwd_ : bwd_;
  s.Reset();
  settled_ = 0;
  out.assign(targets.size(), kUnreachable);
  std::vector<std::int64_t> best(targets.size(), kInf);
  // Same-arc answers first.
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const Milliseconds d =
        forward ? SameArcTime(source, targets[t]) : SameArcTime(targets[t], source);
    if (d != kUnreachable) best[t] = d.count();
  }
  // Target seed nodes: (node, target, ms), grouped by node; mark_ points at each group.
  struct Entry {
    std::uint32_t node;
    std::uint32_t target;
    std::int64_t ms;
  };
  std::vector<Entry> entries;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const auto& seeds = forward ? targets[t].arrive : targets[t].leave;
    for (const Seed& sd : seeds) {
      entries.push_back(Entry{sd.node.value(), static_cast<std::uint32_t>(t), sd.ms});
    }
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.node < b.node; });
  if (++mark_stamp_ == 0) {
    std::fill(mark_.begin(), mark_.end(), 0u);
    mark_stamp_ = 1;
  }
  std::size_t pending = 0;  // target seed nodes not yet settled
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i == 0 || entries[i].node != entries[i - 1].node) {
      mark_[entries[i].node] = mark_stamp_;
      mark_first_[entries[i].node] = static_cast<std::uint32_t>(i);
      ++pending;
    }
  }
  const auto& seeds = forward ? source.leave : source.arrive;
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    s.Improve(seeds[i].node.value(), seeds[i].ms, kSeedBit | static_cast<std::uint32_t>(i));
  }
  std::int64_t worst = kInf;  // max over targets of best, recomputed when it may have dropped
  bool worst_stale = true;
  std::uint32_t v;
  while (pending > 0) {
    if (worst_stale) {
      worst = targets.empty() ? 0 : *std::max_element(best.begin(), best.end());
      worst_stale = false;
    }
    if (s.TopKey() >= worst) break;  // no unsettled node can improve any target
    if (!s.PopMin(&v)) break;
    ++settled_;
    const std::int64_t dv = s.dist[v];
    if (mark_[v] == mark_stamp_) {
      --pending;
      for (std::size_t i = mark_first_[v]; i < entries.size() && entries[i].node == v; ++i) {
        if (dv + entries[i].ms < best[entries[i].target]) {
          best[entries[i].target] = dv + entries[i].ms;
          worst_stale = true;
        }
      }
    }
    if (forward) {
      for (ArcId a : graph_.OutArcs(NodeId{v})) {
        s.Improve(graph_.Head(a).value(), dv + graph_.Weight(a), a.value());
      }
    } else {
      for (std::uint32_t a : graph_.InArcs(NodeId{v})) {
        s.Improve(graph_.Tail(ArcId{a}).value(), dv + graph_.Weight(ArcId{a}), a);
      }
    }
  }
  for (std::size_t t = 0; t < targets.size(); ++t) out[t] = ToMs(best[t]);
}

std::vector<Milliseconds> DijkstraRouter::OneToMany(const Place& from, std::span<const Place> to) {
  std::vector<Milliseconds> out;
  OneToManyCore(true, from, to, out);
  return out;
}

std::vector<Milliseconds> DijkstraRouter::ManyToOne(std::span<const Place> from, const Place& to) {
  std::vector<Milliseconds> out;
  OneToManyCore(false, to, from, out);
  return out;
}

std::vector<Milliseconds> DijkstraRouter::Matrix(std::span<const Place> from,
                                                 std::span<const Place> to) {
  std::vector<Milliseconds> out;
  out.reserve(from.size() * to.size());
  std::vector<Milliseconds> row;
  for (const Place& f : from) {
    OneToManyCore(true, f, to, row);
    out.insert(out.end(), row.begin(), row.end());
  }
  return out;
}

}  // namespace beacon::routing
