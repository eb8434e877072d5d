#include "beacon/dispatch/mci_distribution.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <tuple>
#include <utility>

namespace beacon::dispatch {
namespace {

constexpr std::size_t kRed = 0, kYellow = 1, kGreen = 2, kGray = 3;
constexpr std::int64_t kInf = std::numeric_limits<std::int64_t>::max() / 4;
// Cost of one unmet need in the transportation model: more than any sum of travel times, so the
// model first meets as many needs as it can, then minimises travel.
// Up to this many patients the local search moves a patient and changes its hospital at once.
constexpr std::size_t kCompoundMovesUpTo = 12;
constexpr std::int64_t kNeedPenalty = std::int64_t{1} << 42;  // ms, about 139 years

std::size_t Cat(const MciPatient& p) { return static_cast<std::size_t>(p.category); }

// ---- Input checks ----

Status CheckTable(const std::vector<std::vector<std::optional<Milliseconds>>>& t,
                  std::string_view name, std::size_t rows, std::size_t cols) {
  if (t.size() != rows) {
    return InvalidArgumentError(
        fmt::format("travel.{}: {} rows, expected {}", name, t.size(), rows));
  }
  for (std::size_t r = 0; r < rows; ++r) {
    if (t[r].size() != cols) {
      return InvalidArgumentError(
          fmt::format("travel.{}[{}]: {} entries, expected {}", name, r, t[r].size(), cols));
    }
    for (std::size_t c = 0; c < cols; ++c) {
      if (t[r][c] && t[r][c]->count() < 0) {
        return InvalidArgumentError(
            fmt::format("travel.{}[{}][{}]: negative time {} ms", name, r, c, t[r][c]->count()));
      }
    }
  }
  return OkStatus();
}

Status Validate(const MciInput& in, const MciPlanOptions& options) {
  if (options.max_trauma_level < 1 || options.max_trauma_level > 4) {
    return InvalidArgumentError(
        fmt::format("max_trauma_level: {} is outside 1..4", options.max_trauma_level));
  }
  const std::size_t s = in.scenes.size(), h = in.hospitals.size(), a = in.ambulances.size();
  for (std::size_t i = 0; i < s; ++i) {
    if (in.scenes[i].load_time.count() < 0) {
      return InvalidArgumentError(
          fmt::format("scenes[{}] ({}): negative load_time", i, in.scenes[i].name));
    }
  }
  for (std::size_t i = 0; i < h; ++i) {
    const MciHospital& hos = in.hospitals[i];
    for (std::size_t c = 0; c < kTransportCategories; ++c) {
      if (hos.capacity[c] < 0) {
        return InvalidArgumentError(
            fmt::format("hospitals[{}] ({}): negative {} capacity {}", i, hos.name,
                        TransportCategoryName(TransportCategory(c)), hos.capacity[c]));
      }
    }
    if (hos.handover.count() < 0) {
      return InvalidArgumentError(
          fmt::format("hospitals[{}] ({}): negative handover", i, hos.name));
    }
  }
  for (std::size_t i = 0; i < a; ++i) {
    if (in.ambulances[i].capacity < 1) {
      return InvalidArgumentError(fmt::format("ambulances[{}] ({}): capacity {} is below 1", i,
                                              in.ambulances[i].name, in.ambulances[i].capacity));
    }
  }
  for (std::size_t i = 0; i < in.patients.size(); ++i) {
    const MciPatient& p = in.patients[i];
    if (Cat(p) >= kTransportCategories) {
      return InvalidArgumentError(fmt::format("patients[{}] ({}): unknown category", i, p.id));
    }
    if (p.scene >= s) {
      return InvalidArgumentError(
          fmt::format("patients[{}] ({}): scene {} is not one of the {} "
                      "scene(s)",
                      i, p.id, p.scene, s));
    }
    if (p.fixed && p.fixed->hospital >= h) {
      return InvalidArgumentError(
          fmt::format("patients[{}] ({}): fixed hospital {} is not one "
                      "of the {} hospital(s)",
                      i, p.id, p.fixed->hospital, h));
    }
  }
  BEACON_RETURN_IF_ERROR(CheckTable(in.travel.scene_to_hospital, "scene_to_hospital", s, h));
  BEACON_RETURN_IF_ERROR(CheckTable(in.travel.hospital_to_scene, "hospital_to_scene", h, s));
  BEACON_RETURN_IF_ERROR(CheckTable(in.travel.ambulance_to_scene, "ambulance_to_scene", a, s));
  return OkStatus();
}

// ---- Needs ----

int UnmetNeeds(const MciPatient& p, const MciHospital& h, int max_level) {
  const auto level_ok = [max_level](int level) { return level >= 1 && level <= max_level; };
  const cad::HospitalCapabilities& c = h.capabilities;
  int unmet = 0;
  if (p.trauma && !level_ok(p.pediatric ? c.trauma_peds_level : c.trauma_adult_level)) ++unmet;
  if (p.pediatric && !(c.pediatric || level_ok(c.trauma_peds_level))) ++unmet;
  if (p.burn && !c.burn) ++unmet;
  if (!p.pediatric && !c.adults) ++unmet;  // a children's hospital does not take adults
  return unmet;
}

// ---- Capacity ----

using Loads = std::vector<std::array<int, kTransportCategories>>;

// Gray (expectant) patients may use the red capacity that red patients leave.
bool Fits(const MciHospital& h, const std::array<int, kTransportCategories>& load) {
  if (load[kRed] > h.capacity[kRed] || load[kYellow] > h.capacity[kYellow] ||
      load[kGreen] > h.capacity[kGreen]) {
    return false;
  }
  return load[kGray] <= h.capacity[kGray] + (h.capacity[kRed] - load[kRed]);
}

int Overflow(const MciHospital& h, const std::array<int, kTransportCategories>& load) {
  int over = 0;
  for (std::size_t c : {kRed, kYellow, kGreen}) over += std::max(0, load[c] - h.capacity[c]);
  over += std::max(0, load[kGray] - h.capacity[kGray] - std::max(0, h.capacity[kRed] - load[kRed]));
  return over;
}

// ---- Min-cost flow (successive shortest paths with Bellman-Ford; the networks here have at
// most a few hundred arcs) ----

class MinCostFlow {
 public:
  explicit MinCostFlow(std::size_t nodes) : adj_(nodes) {}
  std::size_t AddArc(std::size_t from, std::size_t to, std::int64_t cap, std::int64_t cost) {
    adj_[from].push_back(arcs_.size());
    arcs_.push_back({to, cap, cost});
    adj_[to].push_back(arcs_.size());
    arcs_.push_back({from, 0, -cost});
    return arcs_.size() - 2;
  }
  // Min-cost max-flow; returns {flow, cost}.
  std::pair<std::int64_t, std::int64_t> Solve(std::size_t source, std::size_t sink) {
    std::int64_t flow = 0, cost = 0;
    const std::size_t n = adj_.size();
    std::vector<std::int64_t> dist(n);
    std::vector<std::size_t> via(n);
    for (;;) {
      std::fill(dist.begin(), dist.end(), kInf);
      dist[source] = 0;
      for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t u = 0; u < n; ++u) {
          if (dist[u] == kInf) continue;
          for (std::size_t e : adj_[u]) {
            const Arc& arc = arcs_[e];
            if (arc.cap > 0 && dist[u] + arc.cost < dist[arc.to]) {
              dist[arc.to] = dist[u] + arc.cost;
              via[arc.to] = e;
              changed = true;
            }
          }
        }
      }
      if (dist[sink] == kInf) break;
      std::int64_t push = kInf;
      for (std::size_t v = sink; v != source; v = arcs_[via[v] ^ 1].to) {
        push = std::min(push, arcs_[via[v]].cap);
      }
      for (std::size_t v = sink; v != source; v = arcs_[via[v] ^ 1].to) {
        arcs_[via[v]].cap -= push;
        arcs_[via[v] ^ 1].cap += push;
      }
      flow += push;
      cost += push * dist[sink];
    }
    return {flow, cost};
  }
  std::int64_t Flow(std::size_t arc) const { return arcs_[arc ^ 1].cap; }

 private:
  struct Arc {
    std::size_t to;
    std::int64_t cap;
    std::int64_t cost;
  };
  std::vector<std::vector<std::size_t>> adj_;
  std::vector<Arc> arcs_;
};

// The transportation model for one category: groups of interchangeable patients (same scene,
// same needs) to hospitals with the capacity left. `limit` drops arcs longer than it (the
// bottleneck search). Writes the hospital of each patient it places.
struct TransportModel {
  std::int64_t flow = 0;
  std::int64_t cost = 0;
};

TransportModel SolveTransport(const MciInput& in, const MciPlanOptions& options,
                              const std::vector<std::size_t>& patients,
                              const std::vector<int>& room, std::int64_t limit,
                              std::vector<std::optional<std::size_t>>* hospital_of) {
  // Group patients by scene and needs.
  std::map<std::tuple<std::size_t, bool, bool, bool>, std::vector<std::size_t>> groups;
  for (std::size_t p : patients) {
    const MciPatient& pt = in.patients[p];
    groups[{pt.scene, pt.pediatric, pt.burn, pt.trauma}].push_back(p);
  }
  const std::size_t h = in.hospitals.size();
  const std::size_t source = 0, sink = 1, first_group = 2, first_hospital = 2 + groups.size();
  MinCostFlow mcf(first_hospital + h);
  for (std::size_t j = 0; j < h; ++j) {
    if (room[j] > 0) mcf.AddArc(first_hospital + j, sink, room[j], 0);
  }
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> group_arcs;  // (hospital, arc)
  std::size_t g = 0;
  for (const auto& [key, members] : groups) {
    mcf.AddArc(source, first_group + g, static_cast<std::int64_t>(members.size()), 0);
    group_arcs.emplace_back();
    const MciPatient& rep = in.patients[members.front()];
    for (std::size_t j = 0; j < h; ++j) {
      const std::optional<Milliseconds>& t = in.travel.scene_to_hospital[rep.scene][j];
      if (!t || room[j] <= 0 || t->count() > limit) continue;
      const std::int64_t cost =
          kNeedPenalty * UnmetNeeds(rep, in.hospitals[j], options.max_trauma_level) + t->count();
      group_arcs.back().emplace_back(j,
                                     mcf.AddArc(first_group + g, first_hospital + j,
                                                static_cast<std::int64_t>(members.size()), cost));
    }
    ++g;
  }
  const auto [flow, cost] = mcf.Solve(source, sink);
  if (hospital_of != nullptr) {
    g = 0;
    for (const auto& [key, members] : groups) {
      std::size_t next = 0;
      for (const auto& [j, arc] : group_arcs[g]) {
        for (std::int64_t k = 0; k < mcf.Flow(arc); ++k) (*hospital_of)[members[next++]] = j;
      }
      ++g;
    }
  }
  return {flow, cost};
}

// Hospital choice for one category by the transportation model; for red, the longest scene to
// hospital leg is minimised first (bottleneck), then the sum.
void AssignCategory(const MciInput& in, const MciPlanOptions& options, std::size_t cat,
                    const std::vector<std::size_t>& patients, const std::vector<int>& room,
                    std::vector<std::optional<std::size_t>>& hospital_of) {
  if (patients.empty()) return;
  std::int64_t limit = kInf;
  const TransportModel best = SolveTransport(in, options, patients, room, kInf, nullptr);
  if (cat == kRed && best.flow > 0) {
    std::vector<std::int64_t> times;
    for (std::size_t p : patients) {
      for (const auto& t : in.travel.scene_to_hospital[in.patients[p].scene]) {
        if (t) times.push_back(t->count());
      }
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    // The smallest limit that still places as many and meets as many needs.
    std::size_t lo = 0, hi = times.size() - 1;
    while (lo < hi) {
      const std::size_t mid = (lo + hi) / 2;
      const TransportModel m = SolveTransport(in, options, patients, room, times[mid], nullptr);
      if (m.flow == best.flow && m.cost / kNeedPenalty == best.cost / kNeedPenalty) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    limit = times[lo];
  }
  SolveTransport(in, options, patients, room, limit, &hospital_of);
}

// ---- Schedules: a hospital per patient and a sequence of patients per ambulance ----

// The lexicographic objective: patients left unplaced, patients whose needs are unmet, the last
// red arrival, then the sums of arrivals by category (red, yellow, green, gray).
struct Objective {
  int unplaced = 0;
  int needs_unmet = 0;
  std::int64_t last_red = 0;
  std::array<std::int64_t, kTransportCategories> sum{};
  auto Key() const { return std::tie(unplaced, needs_unmet, last_red, sum); }
  bool operator<(const Objective& o) const { return Key() < o.Key(); }
};

// What one ambulance's sequence contributes.
struct RunCost {
  bool feasible = true;  // every scene on the way is reachable
  std::int64_t last_red = 0;
  std::array<std::int64_t, kTransportCategories> sum{};
};

struct Solution {
  std::vector<std::optional<std::size_t>> hosp;  // per patient
  std::vector<std::vector<std::size_t>> seq;     // per ambulance, in the order it carries them
  std::vector<bool> no_ambulance;                // placed, but no ambulance reaches the scene
};

// Times one ambulance's sequence: consecutive patients from the same scene to the same hospital,
// of the same category, share a run while seats are left. Appends the runs to `trips` and the
// arrivals to `arrival` when given.
RunCost Simulate(const MciInput& in, const std::vector<std::optional<std::size_t>>& hosp,
                 std::size_t a, const std::vector<std::size_t>& seq,
                 std::vector<PlannedTrip>* trips = nullptr,
                 std::vector<std::optional<Milliseconds>>* arrival = nullptr) {
  RunCost cost;
  Milliseconds free = in.ambulances[a].free_at;
  std::optional<std::size_t> at;  // hospital where it last handed over
  const int seats = in.ambulances[a].capacity;
  for (std::size_t i = 0; i < seq.size();) {
    const MciPatient& first = in.patients[seq[i]];
    const std::size_t scene = first.scene, h = *hosp[seq[i]];
    std::size_t end = i + 1;
    while (end < seq.size() && static_cast<int>(end - i) < seats &&
           in.patients[seq[end]].scene == scene && *hosp[seq[end]] == h &&
           in.patients[seq[end]].category == first.category) {
      ++end;
    }
    const std::optional<Milliseconds> reach =
        at ? in.travel.hospital_to_scene[*at][scene] : in.travel.ambulance_to_scene[a][scene];
    if (!reach) {
      cost.feasible = false;
      return cost;
    }
    const Milliseconds at_scene = free + *reach;
    Milliseconds ready = at_scene;
    for (std::size_t k = i; k < end; ++k) ready = std::max(ready, in.patients[seq[k]].ready_at);
    const Milliseconds depart =
        ready + in.scenes[scene].load_time * static_cast<std::int64_t>(end - i);
    const Milliseconds arrive = depart + *in.travel.scene_to_hospital[scene][h];
    free = arrive + in.hospitals[h].handover;
    at = h;
    for (std::size_t k = i; k < end; ++k) {
      const std::size_t c = Cat(in.patients[seq[k]]);
      cost.sum[c] += arrive.count();
      if (c == kRed) cost.last_red = std::max(cost.last_red, arrive.count());
      if (arrival != nullptr) (*arrival)[seq[k]] = arrive;
    }
    if (trips != nullptr) {
      trips->push_back({.ambulance = a,
                        .run = 0,
                        .scene = scene,
                        .hospital = h,
                        .patients = {seq.begin() + static_cast<std::ptrdiff_t>(i),
                                     seq.begin() + static_cast<std::ptrdiff_t>(end)},
                        .at_scene = at_scene,
                        .depart = depart,
                        .arrive = arrive,
                        .free_at = free});
    }
    i = end;
  }
  return cost;
}

// The objective of a whole solution from its parts: the fixed patients' share, the ambulances'
// costs, the count of unplaced patients and unmet needs.
struct Evaluator {
  const MciInput& in;
  int max_level;
  RunCost fixed;  // fixed patients' arrivals
  std::vector<RunCost> runs;
  int unplaced = 0;
  int needs_unmet = 0;

  Objective Total(std::size_t a = 0, const RunCost* ra = nullptr, std::size_t b = 0,
                  const RunCost* rb = nullptr, int needs_delta = 0) const {
    Objective o;
    o.unplaced = unplaced;
    o.needs_unmet = needs_unmet + needs_delta;
    o.last_red = fixed.last_red;
    o.sum = fixed.sum;
    for (std::size_t k = 0; k < runs.size(); ++k) {
      const RunCost& r = (ra != nullptr && k == a)   ? *ra
                         : (rb != nullptr && k == b) ? *rb
                                                     : runs[k];
      o.last_red = std::max(o.last_red, r.last_red);
      for (std::size_t c = 0; c < kTransportCategories; ++c) o.sum[c] += r.sum[c];
    }
    return o;
  }
};

Evaluator MakeEvaluator(const MciInput& in, const MciPlanOptions& options, const Solution& s) {
  Evaluator e{in, options.max_trauma_level, {}, {}, 0, 0};
  for (std::size_t p = 0; p < in.patients.size(); ++p) {
    const MciPatient& pt = in.patients[p];
    std::optional<std::size_t> h = s.hosp[p];
    if (pt.fixed) {
      h = pt.fixed->hospital;
      e.fixed.sum[Cat(pt)] += pt.fixed->arrival.count();
      if (Cat(pt) == kRed) e.fixed.last_red = std::max(e.fixed.last_red, pt.fixed->arrival.count());
    } else if (!h || s.no_ambulance[p]) {
      ++e.unplaced;
      continue;
    }
    if (UnmetNeeds(pt, in.hospitals[*h], options.max_trauma_level) > 0) ++e.needs_unmet;
  }
  for (std::size_t a = 0; a < in.ambulances.size(); ++a) {
    e.runs.push_back(Simulate(in, s.hosp, a, s.seq[a]));
  }
  return e;
}

// Construction by list scheduling. Patients go in category order; red patients with the longest
// leg to their hospital first (in one wave the earliest ambulance should take the longest leg),
// others by readiness. Each patient goes at the end of the sequence of the ambulance that keeps
// the category's last arrival, then its sum of arrivals, the smallest.
void Construct(const MciInput& in, Solution& s) {
  const std::size_t n = in.patients.size();
  s.seq.assign(in.ambulances.size(), {});
  s.no_ambulance.assign(n, false);
  std::vector<std::size_t> order;
  for (std::size_t p = 0; p < n; ++p) {
    if (!in.patients[p].fixed && s.hosp[p]) order.push_back(p);
  }
  const auto leg = [&](std::size_t p) {
    return in.travel.scene_to_hospital[in.patients[p].scene][*s.hosp[p]]->count();
  };
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const MciPatient& pa = in.patients[a];
    const MciPatient& pb = in.patients[b];
    if (Cat(pa) != Cat(pb)) return Cat(pa) < Cat(pb);
    if (Cat(pa) == kRed && leg(a) != leg(b)) return leg(a) > leg(b);
    if (pa.ready_at != pb.ready_at) return pa.ready_at < pb.ready_at;
    if (leg(a) != leg(b)) return leg(a) > leg(b);
    return a < b;
  });
  std::vector<RunCost> runs;
  for (std::size_t a = 0; a < in.ambulances.size(); ++a)
    runs.push_back(Simulate(in, s.hosp, a, {}));
  for (std::size_t p : order) {
    const std::size_t c = Cat(in.patients[p]);
    std::optional<std::tuple<std::int64_t, std::int64_t, std::size_t>> best;
    RunCost best_run;
    for (std::size_t a = 0; a < in.ambulances.size(); ++a) {
      s.seq[a].push_back(p);
      const RunCost r = Simulate(in, s.hosp, a, s.seq[a]);
      s.seq[a].pop_back();
      if (!r.feasible) continue;
      std::int64_t max = r.last_red, sum = 0;
      for (std::size_t k = 0; k < runs.size(); ++k) {
        const RunCost& rk = k == a ? r : runs[k];
        if (c == kRed) max = std::max(max, rk.last_red);
        sum += rk.sum[c];
      }
      if (c != kRed) max = 0;
      const auto key = std::make_tuple(max, sum, a);
      if (!best || key < *best) {
        best = key;
        best_run = r;
      }
    }
    if (!best) {
      s.no_ambulance[p] = true;
      continue;
    }
    const std::size_t a = std::get<2>(*best);
    s.seq[a].push_back(p);
    runs[a] = best_run;
  }
}

Loads LoadsOf(const MciInput& in, const std::vector<std::optional<std::size_t>>& hosp) {
  Loads load(in.hospitals.size(), std::array<int, kTransportCategories>{});
  for (std::size_t p = 0; p < in.patients.size(); ++p) {
    const MciPatient& pt = in.patients[p];
    const std::optional<std::size_t> h = pt.fixed ? std::optional(pt.fixed->hospital) : hosp[p];
    if (h) ++load[*h][Cat(pt)];
  }
  return load;
}

// Local search over the whole plan (as for vehicle routing): move a patient to any position of
// any ambulance's sequence, choosing its hospital again (any hospital with room that meets its
// needs as well as the current one); swap two patients' places; swap the hospitals of two
// patients of a category. A move is kept when the objective improves (first improvement) and
// only the ambulances it touches are timed again; it stops when no move improves or after
// `max_evaluations` moves.
void Improve(const MciInput& in, const MciPlanOptions& options, Solution& s) {
  const std::size_t nh = in.hospitals.size(), na = in.ambulances.size();
  Evaluator ev = MakeEvaluator(in, options, s);
  Objective current = ev.Total();
  Loads load = LoadsOf(in, s.hosp);
  int budget = options.max_evaluations;
  const auto unmet = [&](std::size_t p, std::size_t h) {
    return UnmetNeeds(in.patients[p], in.hospitals[h], options.max_trauma_level);
  };
  const auto reachable = [&](std::size_t p, std::size_t h) {
    return in.travel.scene_to_hospital[in.patients[p].scene][h].has_value();
  };
  // Where each scheduled patient is: ambulance and position; rebuilt after each kept move.
  std::vector<std::pair<std::size_t, std::size_t>> where(in.patients.size());
  const auto reindex = [&] {
    for (std::size_t a = 0; a < na; ++a) {
      for (std::size_t i = 0; i < s.seq[a].size(); ++i) where[s.seq[a][i]] = {a, i};
    }
  };
  reindex();
  const auto locate = [&](std::size_t p) { return where[p]; };
  // Small instances get the compound move (new hospital at every position); larger ones try a
  // new hospital in place and a new position with the same hospital.
  const bool compound = in.patients.size() <= kCompoundMovesUpTo;
  std::vector<std::size_t> movable;
  for (std::size_t a = 0; a < na; ++a)
    movable.insert(movable.end(), s.seq[a].begin(), s.seq[a].end());
  std::stable_sort(movable.begin(), movable.end(), [&](std::size_t x, std::size_t y) {
    return Cat(in.patients[x]) < Cat(in.patients[y]);
  });

  // Tries the sequences `sa` (ambulance a) and `sb` (b, may equal a) with the hospitals in
  // s.hosp; keeps them if better.
  const auto attempt = [&](std::size_t a, std::vector<std::size_t>& sa, std::size_t b,
                           std::vector<std::size_t>& sb, int needs_delta) {
    --budget;
    const RunCost ra = Simulate(in, s.hosp, a, sa);
    if (!ra.feasible) return false;
    RunCost rb = ra;
    if (b != a) {
      rb = Simulate(in, s.hosp, b, sb);
      if (!rb.feasible) return false;
    }
    const Objective o = ev.Total(a, &ra, b, &rb, needs_delta);
    if (!(o < current)) return false;
    current = o;
    ev.needs_unmet += needs_delta;
    ev.runs[a] = ra;
    ev.runs[b] = rb;
    s.seq[a] = sa;
    if (b != a) s.seq[b] = sb;
    reindex();
    return true;
  };

  for (bool improved = true; improved && budget > 0;) {
    improved = false;
    // Relocate (with a new hospital choice).
    for (std::size_t p : movable) {
      if (budget <= 0) break;
      const auto [a, i] = locate(p);
      const std::size_t c = Cat(in.patients[p]), from = *s.hosp[p];
      bool moved = false;
      for (std::size_t to = 0; to < nh && !moved && budget > 0; ++to) {
        if (!reachable(p, to) || unmet(p, to) > unmet(p, from)) continue;
        if (to != from) {
          --load[from][c];
          ++load[to][c];
          if (!Fits(in.hospitals[to], load[to]) || !Fits(in.hospitals[from], load[from])) {
            ++load[from][c];
            --load[to][c];
            continue;
          }
        }
        s.hosp[p] = to;
        const int delta = (unmet(p, to) > 0) - (unmet(p, from) > 0);
        std::vector<std::size_t> sa = s.seq[a];
        sa.erase(sa.begin() + static_cast<std::ptrdiff_t>(i));
        for (std::size_t b = 0; b < na && !moved && budget > 0; ++b) {
          std::vector<std::size_t> base = b == a ? sa : s.seq[b];
          for (std::size_t k = 0; k <= base.size() && !moved && budget > 0; ++k) {
            if (b == a && k == i && to == from) continue;  // the current plan
            if (!compound && to != from && !(b == a && k == i)) continue;
            std::vector<std::size_t> sb = base;
            sb.insert(sb.begin() + static_cast<std::ptrdiff_t>(k), p);
            moved = b == a ? attempt(a, sb, a, sb, delta) : attempt(a, sa, b, sb, delta);
          }
        }
        if (!moved) {
          s.hosp[p] = from;
          if (to != from) {
            ++load[from][c];
            --load[to][c];
          }
        }
      }
      improved |= moved;
    }
    // Swap the places of two patients, or the hospitals of two patients of a category.
    for (std::size_t x = 0; x < movable.size() && budget > 0; ++x) {
      for (std::size_t y = x + 1; y < movable.size() && budget > 0; ++y) {
        const std::size_t p = movable[x], q = movable[y];
        const auto [a, i] = locate(p);
        const auto [b, j] = locate(q);
        std::vector<std::size_t> sa = s.seq[a];
        if (a == b) {
          std::swap(sa[i], sa[j]);
          if (attempt(a, sa, a, sa, 0)) {
            improved = true;
            continue;
          }
        } else {
          std::vector<std::size_t> sb = s.seq[b];
          sa[i] = q;
          sb[j] = p;
          if (attempt(a, sa, b, sb, 0)) {
            improved = true;
            continue;
          }
        }
        const std::size_t hp = *s.hosp[p], hq = *s.hosp[q];
        if (Cat(in.patients[p]) != Cat(in.patients[q]) || hp == hq || !reachable(p, hq) ||
            !reachable(q, hp) || unmet(p, hq) > unmet(p, hp) || unmet(q, hp) > unmet(q, hq)) {
          continue;
        }
        const int delta =
            (unmet(p, hq) > 0) + (unmet(q, hp) > 0) - (unmet(p, hp) > 0) - (unmet(q, hq) > 0);
        s.hosp[p] = hq;
        s.hosp[q] = hp;
        std::vector<std::size_t> ua = s.seq[a], ub = s.seq[b];
        if (attempt(a, ua, b, a == b ? ua : ub, delta)) {
          improved = true;
        } else {
          s.hosp[p] = hp;
          s.hosp[q] = hq;
        }
      }
    }
  }
}

MciPlan MakePlan(const MciInput& in, const Solution& s, const MciPlanOptions& options,
                 const std::vector<std::string>& unplaced_reason) {
  MciPlan plan;
  const std::size_t n = in.patients.size();
  std::vector<std::optional<Milliseconds>> arrival(n);
  std::vector<PlannedTrip> trips;
  for (std::size_t a = 0; a < in.ambulances.size(); ++a) {
    const std::size_t first = trips.size();
    Simulate(in, s.hosp, a, s.seq[a], &trips, &arrival);
    for (std::size_t k = first; k < trips.size(); ++k)
      trips[k].run = static_cast<int>(k - first) + 1;
  }
  // Runs in order of departure; patients numbered in that order.
  std::stable_sort(trips.begin(), trips.end(), [](const PlannedTrip& x, const PlannedTrip& y) {
    return std::tie(x.depart, x.ambulance) < std::tie(y.depart, y.ambulance);
  });
  plan.trips = std::move(trips);
  plan.patients.assign(n, PatientPlan{});
  int order = 0;
  for (std::size_t t = 0; t < plan.trips.size(); ++t) {
    for (std::size_t p : plan.trips[t].patients) {
      PatientPlan& pp = plan.patients[p];
      pp.order = ++order;
      pp.trip = t;
      pp.depart = plan.trips[t].depart;
    }
  }
  MciFigures& f = plan.figures;
  f.load.assign(in.hospitals.size(), std::array<int, kTransportCategories>{});
  for (std::size_t p = 0; p < n; ++p) {
    const MciPatient& pt = in.patients[p];
    PatientPlan& pp = plan.patients[p];
    if (pt.fixed) {
      pp.hospital = pt.fixed->hospital;
      pp.arrival = pt.fixed->arrival;
    } else if (s.hosp[p] && arrival[p]) {
      pp.hospital = s.hosp[p];
      pp.arrival = arrival[p];
    } else {
      pp.unplaced_reason = !unplaced_reason[p].empty() ? unplaced_reason[p]
                           : s.no_ambulance[p]         ? "no ambulance can reach the scene"
                                                       : "no hospital within reach";
      ++f.unplaced;
      continue;
    }
    const std::size_t c = Cat(pt);
    ++f.load[*pp.hospital][c];
    pp.needs_met = UnmetNeeds(pt, in.hospitals[*pp.hospital], options.max_trauma_level) == 0;
    if (!pp.needs_met) ++f.needs_unmet;
    ++f.arrived[c];
    f.sum_arrival[c] += *pp.arrival;
    if (c == kRed) {
      f.last_red_arrival = std::max(f.last_red_arrival.value_or(Milliseconds{0}), *pp.arrival);
    }
  }
  for (std::size_t j = 0; j < in.hospitals.size(); ++j) {
    f.overflow += Overflow(in.hospitals[j], f.load[j]);
  }
  return plan;
}

std::vector<std::vector<std::size_t>> ByCategory(const MciInput& in) {
  std::vector<std::vector<std::size_t>> out(kTransportCategories);
  for (std::size_t p = 0; p < in.patients.size(); ++p) {
    if (!in.patients[p].fixed) out[Cat(in.patients[p])].push_back(p);
  }
  return out;
}

}  // namespace

bool MeetsNeeds(const MciPatient& patient, const MciHospital& hospital,
                const MciPlanOptions& options) {
  return UnmetNeeds(patient, hospital, options.max_trauma_level) == 0;
}

Result<MciPlan> PlanMciDistribution(const MciInput& in, const MciPlanOptions& options) {
  BEACON_RETURN_IF_ERROR(Validate(in, options));
  const std::size_t n = in.patients.size(), nh = in.hospitals.size();
  Solution s;
  s.hosp.assign(n, std::nullopt);
  std::vector<std::string> reason(n);
  const Loads fixed_load = LoadsOf(in, s.hosp);  // fixed patients only
  const auto by_cat = ByCategory(in);
  std::vector<int> red_left(nh);
  for (std::size_t c : {kRed, kYellow, kGreen, kGray}) {
    std::vector<int> room(nh);
    for (std::size_t j = 0; j < nh; ++j) {
      // Gray (expectant) patients also use the red room the red patients leave.
      room[j] = in.hospitals[j].capacity[c] - fixed_load[j][c] +
                (c == kGray ? std::max(0, red_left[j]) : 0);
    }
    AssignCategory(in, options, c, by_cat[c], room, s.hosp);
    if (c == kRed) {
      for (std::size_t j = 0; j < nh; ++j) {
        int used = fixed_load[j][kRed];
        for (std::size_t p : by_cat[kRed]) used += s.hosp[p] == j ? 1 : 0;
        red_left[j] = in.hospitals[j].capacity[kRed] - used;
      }
    }
    for (std::size_t p : by_cat[c]) {
      if (!s.hosp[p]) {
        reason[p] = fmt::format("no hospital within reach has {} capacity left",
                                TransportCategoryName(TransportCategory(c)));
      }
    }
  }
  Construct(in, s);
  Improve(in, options, s);
  return MakePlan(in, s, options, reason);
}

Result<MciPlan> PlanClosestHospital(const MciInput& in, const MciPlanOptions& options) {
  BEACON_RETURN_IF_ERROR(Validate(in, options));
  const std::size_t n = in.patients.size();
  Solution s;
  s.hosp.assign(n, std::nullopt);
  for (std::size_t p = 0; p < n; ++p) {
    const MciPatient& pt = in.patients[p];
    if (pt.fixed) continue;
    std::optional<std::pair<int, Milliseconds>> best;
    for (std::size_t j = 0; j < in.hospitals.size(); ++j) {
      const std::optional<Milliseconds>& t = in.travel.scene_to_hospital[pt.scene][j];
      if (!t) continue;
      const std::pair<int, Milliseconds> key{
          UnmetNeeds(pt, in.hospitals[j], options.max_trauma_level), *t};
      if (!best || key < *best) {
        best = key;
        s.hosp[p] = j;
      }
    }
  }
  Construct(in, s);
  return MakePlan(in, s, options, std::vector<std::string>(n));
}

std::string_view TransportCategoryName(TransportCategory category) {
  switch (category) {
    case TransportCategory::kRed:
      return "red";
    case TransportCategory::kYellow:
      return "yellow";
    case TransportCategory::kGreen:
      return "green";
    case TransportCategory::kGray:
      return "gray";
  }
  return "?";
}

}  // namespace beacon::dispatch
