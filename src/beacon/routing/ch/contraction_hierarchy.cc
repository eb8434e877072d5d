// Node ordering and contraction (Geisberger et al. 2008, sections 3 and 4): one node at a time,
// the next being the one of least priority under lazy updates; a node's priority is its edge
// difference, its number of contracted neighbours and its level (search space depth), measured by
// simulating its contraction with bounded witness searches.
#include "beacon/routing/ch/contraction_hierarchy.h"

#include <fmt/format.h>

#include <algorithm>
#include <queue>
#include <utility>

#include "beacon/base/check.h"
#include "beacon/routing/ch/min_heap.h"

namespace beacon::routing::ch {

namespace {
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint64_t kInf = std::numeric_limits<std::uint64_t>::max();
}  // namespace

// Owns the dynamic graph while nodes are contracted, then writes the rank-indexed search graphs.
class Contractor {
 public:
  Contractor(std::uint32_t num_nodes, const BuildOptions& options)
      : options_(options),
        out_(num_nodes),
        in_(num_nodes),
        rank_(num_nodes, kNone),
        level_(num_nodes, 0),
        contracted_neighbours_(num_nodes, 0),
        priority_(num_nodes, 0),
        edge_term_(num_nodes, 0),
        neighbour_mark_(num_nodes, kNone),
        dist_(num_nodes, kInf),
        hops_(num_nodes, 0),
        stamp_(num_nodes, 0),
        target_stamp_(num_nodes, 0) {}

  Status Load(std::span<const InputArc> arcs) {
    const auto n = static_cast<std::uint32_t>(out_.size());
    for (std::size_t i = 0; i < arcs.size(); ++i) {
      const InputArc& arc = arcs[i];
      if (arc.tail.value() >= n || arc.head.value() >= n) {
        return InvalidArgumentError(fmt::format("arc {} (id {}): {} -> {} names a node >= {}", i,
                                                arc.id, arc.tail, arc.head, n));
      }
      if (arc.tail == arc.head) continue;  // a loop never shortens a path
      AddOrImprove(arc.tail.value(), arc.head.value(), arc.weight_ms,
                   DynArc{arc.head.value(), arc.weight_ms, arc.id.value(), 0, kNone, 1});
    }
    return OkStatus();
  }

  Result<ContractionHierarchy> Run() {
    const auto n = static_cast<std::uint32_t>(out_.size());
    auto& queue = queue_;
    for (std::uint32_t v = 0; v < n; ++v) {
      priority_[v] = Priority(v);
      queue.emplace(priority_[v], v);
    }
    std::uint32_t next_rank = 0;
    while (!queue.empty()) {
      const auto [priority, v] = queue.top();
      queue.pop();
      if (rank_[v] != kNone || priority != priority_[v]) continue;  // stale entry
      // Lazy update: re-evaluate; if v is no longer the minimum, put it back.
      const std::int64_t fresh = Priority(v);
      if (fresh != priority) {
        priority_[v] = fresh;
        if (!queue.empty() && fresh > queue.top().first) {
          queue.emplace(fresh, v);
          continue;
        }
      }
      BEACON_RETURN_IF_ERROR(Contract(v, next_rank++));
    }
    return Finish();
  }

 private:
  // An arc of the dynamic graph. Original: mid == kNone, a = the caller's arc id. Shortcut via
  // mid: a = index of tail->mid in mid's final in-list, b = index of mid->head in its out-list.
  struct DynArc {
    std::uint32_t other;
    std::uint32_t weight;
    std::uint32_t a;
    std::uint32_t b;
    std::uint32_t mid;
    std::uint32_t hops;  // original arcs it stands for
  };
  struct Shortcut {
    std::uint32_t from;
    std::uint32_t to;
    std::uint64_t weight;
    std::uint32_t in_index;
    std::uint32_t out_index;
    std::uint32_t hops;
  };

  static DynArc* Find(std::vector<DynArc>& list, std::uint32_t other) {
    for (DynArc& arc : list) {
      if (arc.other == other) return &arc;
    }
    return nullptr;
  }
  static void Remove(std::vector<DynArc>& list, std::uint32_t other) {
    for (DynArc& arc : list) {
      if (arc.other == other) {
        arc = list.back();
        list.pop_back();
        return;
      }
    }
  }

  // Inserts tail->head, or replaces the existing tail->head arc if this one is lighter: both
  // searches only ever need the lightest of parallel arcs.
  void AddOrImprove(std::uint32_t tail, std::uint32_t head, std::uint32_t weight, DynArc arc) {
    DynArc* existing = Find(out_[tail], head);
    if (existing == nullptr) {
      out_[tail].push_back(arc);
      arc.other = tail;
      in_[head].push_back(arc);
      return;
    }
    if (existing->weight <= weight) return;
    *existing = arc;
    arc.other = tail;
    auto mirror = std::find_if(in_[head].begin(), in_[head].end(),
                               [tail](const DynArc& a) { return a.other == tail; });
    BEACON_CHECK(mirror != in_[head].end(), "in-list of {} lacks {}", head, tail);
    *mirror = arc;
  }

  [[nodiscard]] std::uint64_t Dist(std::uint32_t v) const {
    return stamp_[v] == search_ ? dist_[v] : kInf;
  }

  // Dijkstra from `source` over the remaining graph without `avoid`, stopping once every target
  // (marked in target_stamp_ after BeginSearch) is settled, at keys above `bound`, or after `limit`
  // settled nodes (Geisberger et al. 2008, section 4.1: a witness that is not found only costs a
  // superfluous shortcut).
  void BeginSearch() {
    if (++search_ == 0) {  // the stamp wrapped: forget every old distance and mark
      std::fill(stamp_.begin(), stamp_.end(), 0);
      std::fill(target_stamp_.begin(), target_stamp_.end(), 0);
      search_ = 1;
    }
  }
  void WitnessSearch(std::uint32_t source, std::uint32_t avoid, std::uint64_t bound,
                     std::uint32_t limit, std::uint32_t targets) {
    heap_.clear();
    stamp_[source] = search_;
    dist_[source] = 0;
    hops_[source] = 0;
    heap_.Push(0, source);
    std::uint32_t settled = 0;
    while (!heap_.empty()) {
      const auto [d, x] = heap_.Pop();
      if (d > dist_[x]) continue;
      if (d > bound || ++settled > limit) break;
      if (target_stamp_[x] == search_ && --targets == 0) break;
      if (options_.witness_hop_limit != 0 && hops_[x] >= options_.witness_hop_limit) continue;
      for (const DynArc& arc : out_[x]) {
        const std::uint32_t y = arc.other;
        if (y == avoid) continue;
        const std::uint64_t nd = d + arc.weight;
        if (nd < Dist(y)) {
          stamp_[y] = search_;
          dist_[y] = nd;
          hops_[y] = hops_[x] + 1;
          heap_.Push(nd, y);
        }
      }
    }
  }

  // The shortcuts that contracting v needs: u->v->w with no witness path u->w as short.
  void FindShortcuts(std::uint32_t v, std::uint32_t limit, std::vector<Shortcut>& shortcuts) {
    shortcuts.clear();
    const std::vector<DynArc>& ins = in_[v];
    const std::vector<DynArc>& outs = out_[v];
    for (std::uint32_t i = 0; i < ins.size(); ++i) {
      const std::uint32_t u = ins[i].other;
      BeginSearch();
      std::uint64_t bound = 0;
      std::uint32_t targets = 0;
      for (const DynArc& out : outs) {
        if (out.other == u) continue;
        bound = std::max(bound, std::uint64_t{ins[i].weight} + out.weight);
        target_stamp_[out.other] = search_;
        ++targets;
      }
      if (targets == 0) continue;
      WitnessSearch(u, v, bound, limit, targets);
      for (std::uint32_t j = 0; j < outs.size(); ++j) {
        const std::uint32_t w = outs[j].other;
        if (w == u) continue;
        const std::uint64_t via = std::uint64_t{ins[i].weight} + outs[j].weight;
        if (Dist(w) > via) shortcuts.push_back({u, w, via, i, j, ins[i].hops + outs[j].hops});
      }
    }
  }

  std::int64_t Priority(std::uint32_t v) {
    FindShortcuts(v, options_.priority_settled_limit, simulated_);
    const auto added = static_cast<std::int64_t>(simulated_.size());
    const auto removed = static_cast<std::int64_t>(in_[v].size() + out_[v].size());
    std::int64_t added_hops = 0;
    std::int64_t removed_hops = 0;
    for (const Shortcut& s : simulated_) added_hops += s.hops;
    for (const DynArc& a : in_[v]) removed_hops += a.hops;
    for (const DynArc& a : out_[v]) removed_hops += a.hops;
    edge_term_[v] = options_.edge_difference_weight * (added - removed) +
                    options_.edge_quotient_weight * (1000 * added) / (1 + removed) +
                    options_.hop_quotient_weight * (1000 * added_hops) / (1 + removed_hops);
    return CachedPriority(v);
  }
  // The priority with the edge difference of v's last simulation.
  [[nodiscard]] std::int64_t CachedPriority(std::uint32_t v) const {
    return edge_term_[v] +
           std::int64_t{options_.contracted_neighbours_weight} * contracted_neighbours_[v] +
           std::int64_t{options_.level_weight} * level_[v];
  }

  Status Contract(std::uint32_t v, std::uint32_t rank) {
    FindShortcuts(v, options_.witness_settled_limit, shortcuts_);
    rank_[v] = rank;
    for (const DynArc& arc : in_[v]) Remove(out_[arc.other], v);
    for (const DynArc& arc : out_[v]) Remove(in_[arc.other], v);
    for (const Shortcut& s : shortcuts_) {
      if (s.weight > std::numeric_limits<std::uint32_t>::max()) {
        return OutOfRangeError(fmt::format(
            "a shortcut {} -> {} weighs {} ms, more than 32 bits hold", s.from, s.to, s.weight));
      }
      const auto weight = static_cast<std::uint32_t>(s.weight);
      AddOrImprove(s.from, s.to, weight, DynArc{s.to, weight, s.in_index, s.out_index, v, s.hops});
    }
    // v's arcs are final now: they all lead to nodes contracted later (higher ranks).
    final_up_.emplace_back(v, std::move(out_[v]));
    final_down_.emplace_back(v, std::move(in_[v]));
    out_[v] = {};
    in_[v] = {};
    UpdateNeighbours(v, final_up_.back().second);
    UpdateNeighbours(v, final_down_.back().second);
    return OkStatus();
  }

  void UpdateNeighbours(std::uint32_t v, const std::vector<DynArc>& arcs) {
    for (const DynArc& arc : arcs) {
      const std::uint32_t x = arc.other;
      if (neighbour_mark_[x] == v) continue;  // already updated through the other list
      neighbour_mark_[x] = v;
      ++contracted_neighbours_[x];
      level_[x] = std::max(level_[x], level_[v] + 1);
      priority_[x] = options_.resimulate_neighbours ? Priority(x) : CachedPriority(x);
      queue_.emplace(priority_[x], x);
    }
  }

  Result<ContractionHierarchy> Finish();

  BuildOptions options_;
  std::vector<std::vector<DynArc>> out_;
  std::vector<std::vector<DynArc>> in_;
  std::vector<std::uint32_t> rank_;
  std::vector<std::uint32_t> level_;
  std::vector<std::uint32_t> contracted_neighbours_;
  std::vector<std::int64_t> priority_;
  std::vector<std::int64_t> edge_term_;
  std::vector<std::uint32_t> neighbour_mark_;
  using Entry = std::pair<std::int64_t, std::uint32_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue_;  // lazy: may be stale
  // Final arc lists in contraction order: (node, arcs).
  std::vector<std::pair<std::uint32_t, std::vector<DynArc>>> final_up_;
  std::vector<std::pair<std::uint32_t, std::vector<DynArc>>> final_down_;
  std::vector<Shortcut> shortcuts_;
  std::vector<Shortcut> simulated_;
  // Witness search scratch, reset by stamp.
  std::vector<std::uint64_t> dist_;
  std::vector<std::uint32_t> hops_;
  std::vector<std::uint32_t> stamp_;
  std::vector<std::uint32_t> target_stamp_;
  std::uint32_t search_ = 0;
  MinHeap heap_;
};

Result<ContractionHierarchy> Contractor::Finish() {
  const auto n = static_cast<std::uint32_t>(rank_.size());
  ContractionHierarchy ch;
  ch.rank_of_node_ = rank_;
  ch.node_of_rank_.resize(n);
  ch.up_first_.assign(std::size_t{n} + 1, 0);
  ch.down_first_.assign(std::size_t{n} + 1, 0);
  std::size_t up_total = 0;
  std::size_t down_total = 0;
  for (std::uint32_t r = 0; r < n; ++r) {
    ch.node_of_rank_[r] = final_up_[r].first;
    up_total += final_up_[r].second.size();
    down_total += final_down_[r].second.size();
    if (up_total >= kNone || down_total >= kNone) {
      return ResourceExhaustedError("the hierarchy has more than 2^32 - 1 arcs");
    }
    ch.up_first_[r + 1] = static_cast<std::uint32_t>(up_total);
    ch.down_first_[r + 1] = static_cast<std::uint32_t>(down_total);
  }
  auto convert = [&](const DynArc& arc) {
    if (arc.mid == kNone) return ContractionHierarchy::Unpack{arc.a, kNone, kNone};
    const std::uint32_t mid = rank_[arc.mid];
    return ContractionHierarchy::Unpack{ch.down_first_[mid] + arc.a, ch.up_first_[mid] + arc.b,
                                        mid};
  };
  ch.up_arcs_.resize(up_total);
  ch.up_unpack_.resize(up_total);
  ch.down_arcs_.resize(down_total);
  ch.down_unpack_.resize(down_total);
  for (std::uint32_t r = 0; r < n; ++r) {
    std::uint32_t k = ch.up_first_[r];
    for (const DynArc& arc : final_up_[r].second) {
      ch.up_arcs_[k] = {rank_[arc.other], arc.weight};
      ch.up_unpack_[k++] = convert(arc);
    }
    k = ch.down_first_[r];
    for (const DynArc& arc : final_down_[r].second) {
      ch.down_arcs_[k] = {rank_[arc.other], arc.weight};
      ch.down_unpack_[k++] = convert(arc);
    }
  }
  return ch;
}

Result<ContractionHierarchy> ContractionHierarchy::Build(std::uint32_t num_nodes,
                                                         std::span<const InputArc> arcs,
                                                         const BuildOptions& options) {
  if (num_nodes == kNone) return InvalidArgumentError("num_nodes must be below 2^32 - 1");
  if (options.witness_settled_limit == 0 || options.priority_settled_limit == 0) {
    return InvalidArgumentError("witness search limits must be at least 1");
  }
  Contractor contractor(num_nodes, options);
  BEACON_RETURN_IF_ERROR(contractor.Load(arcs));
  return contractor.Run();
}

std::size_t ContractionHierarchy::num_shortcuts() const {
  auto count = [](const std::vector<Unpack>& unpack) {
    return static_cast<std::size_t>(std::count_if(
        unpack.begin(), unpack.end(), [](const Unpack& u) { return u.second != kNoChild; }));
  };
  return count(up_unpack_) + count(down_unpack_);
}

}  // namespace beacon::routing::ch
