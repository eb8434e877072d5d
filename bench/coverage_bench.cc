// Coverage benchmarks (issue 7): the coverage update after one unit changes (target < 50 us at
// Boston's scale), a DMEXCLP decision (target < 1 ms) and the exact post plan (its time and gap
// to greedy + swap). Instances are synthetic cities (dispatch/coverage_test_city.h): Boston's
// scale (200 tracts, 33 candidate sites, 27 units) and a larger one (2,000 points, 120 sites,
// 100 units over 3.6 times the area), until the city model's real tables exist.
// docs/design/coverage.md quotes them.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <map>

#include "beacon/base/clock.h"
#include "beacon/base/rng.h"
#include "beacon/cad/state.h"
#include "beacon/dispatch/coverage.h"
#include "beacon/dispatch/coverage_policy.h"
#include "beacon/dispatch/coverage_test_city.h"
#include "beacon/dispatch/coverage_travel.h"
#include "beacon/dispatch/move_up.h"
#include "beacon/dispatch/post_plan.h"

namespace beacon::dispatch {
namespace {

struct Scale {
  std::size_t points;
  std::size_t sites;
  int units;
};
constexpr Scale kBoston{200, 33, 27};
constexpr Scale kLarge{2000, 120, 100};

Scale ScaleOf(const benchmark::State& st) { return st.range(0) == 0 ? kBoston : kLarge; }

const CoverageModel& Model(const Scale& s) {
  static std::map<std::size_t, CoverageModel> models;
  auto it = models.find(s.points);
  if (it == models.end()) {
    testing::SyntheticCityOptions o;
    o.points = s.points;
    o.sites = s.sites;
    o.seed = 7;
    if (s.points > kBoston.points) {  // the larger city: 3.6 x the area, about Boston's density
      o.width_m = 11000.0 * 1.9;      // of sites, 2.8 x its density of tracts
      o.height_m = 13000.0 * 1.9;
    }
    it = models.emplace(s.points, *CoverageModel::Create(testing::SyntheticCity(o))).first;
  }
  return it->second;
}

// Units spread over the sites as a planner would (greedy + swap), so n_i are realistic.
std::vector<std::size_t> UnitSites(const CoverageModel& m, int units) {
  std::vector<std::size_t> all(m.SiteCount());
  for (std::size_t j = 0; j < all.size(); ++j) all[j] = j;
  PostPlanInstance in = *PostPlanInstance::FromModel(m, all, units, 1);
  const PostPlan plan = *PlanPostsGreedySwap(in);
  std::vector<std::size_t> sites;
  for (std::size_t j = 0; j < plan.units_at_site.size(); ++j) {
    for (int k = 0; k < plan.units_at_site[j]; ++k) sites.push_back(j);
  }
  return sites;
}

// One unit changes: it leaves its site (Remove) and counts from another (Add), as after an
// assignment, a clearance or a move.
void BM_CoverageUnitMoves(benchmark::State& st) {
  const Scale s = ScaleOf(st);
  const CoverageModel& m = Model(s);
  std::vector<std::size_t> at = UnitSites(m, s.units);
  CoverageState state(m, 1);
  for (std::size_t j : at) state.Add(m.SiteReach(j, 1));
  Rng rng(1);
  std::size_t reached = 0;
  for (auto _ : st) {
    const std::size_t u = rng.UniformInt(at.size());
    const std::size_t to = rng.UniformInt(m.SiteCount());
    state.Remove(m.SiteReach(at[u], 1));
    state.Add(m.SiteReach(to, 1));
    reached += m.SiteReach(at[u], 1).Size() + m.SiteReach(to, 1).Size();
    at[u] = to;
    benchmark::DoNotOptimize(state.Expected());
  }
  st.counters["points_touched"] =
      benchmark::Counter(static_cast<double>(reached), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_CoverageUnitMoves)->Arg(0)->Arg(1);

// The same figures recomputed from scratch for every unit (the baseline the update avoids).
void BM_CoverageFullRecompute(benchmark::State& st) {
  const Scale s = ScaleOf(st);
  const CoverageModel& m = Model(s);
  std::vector<Reach> reaches;
  for (std::size_t j : UnitSites(m, s.units)) reaches.push_back(m.SiteReach(j, 1));
  for (auto _ : st) {
    benchmark::DoNotOptimize(ExpectedCoverage(m.Weights(), m.Config().busy_fraction, reaches));
  }
}
BENCHMARK(BM_CoverageFullRecompute)->Arg(0)->Arg(1);

// The marginal gain of one more unit at a site (the query under DMEXCLP and the policy).
void BM_CoverageGainQuery(benchmark::State& st) {
  const Scale s = ScaleOf(st);
  const CoverageModel& m = Model(s);
  CoverageState state(m, 1);
  for (std::size_t j : UnitSites(m, s.units)) state.Add(m.SiteReach(j, 1));
  std::size_t j = 0;
  for (auto _ : st) {
    benchmark::DoNotOptimize(state.GainOfAdding(m.SiteReach(j, 1)));
    j = j + 1 == m.SiteCount() ? 0 : j + 1;
  }
}
BENCHMARK(BM_CoverageGainQuery)->Arg(0)->Arg(1);

// A road position: a cache hit, and a miss (the travel query here returns a stored row, so the
// miss measures the cache and reach building, not routing).
class RowTravel final : public CoverageTravel {
 public:
  explicit RowTravel(std::vector<std::optional<Milliseconds>> row) : row_(std::move(row)) {}
  Status ToDemand(const LatLon& /*from*/,
                  std::vector<std::optional<Milliseconds>>& out) const override {
    out = row_;
    return OkStatus();
  }

 private:
  std::vector<std::optional<Milliseconds>> row_;
};

void BM_RoadReach(benchmark::State& st) {
  const Scale s = kBoston;
  const CoverageModel& m = Model(s);
  std::vector<std::optional<Milliseconds>> row;
  for (std::size_t i = 0; i < m.PointCount(); ++i) row.push_back(m.Time(0, i));
  const RowTravel travel(row);
  const ReachFinder finder(m, travel, 64);
  const bool hit = st.range(0) == 1;
  double lat = 42.30;
  for (auto _ : st) {
    if (!hit) lat += 1e-7;  // a new fix every time
    benchmark::DoNotOptimize(finder.Find(CoveragePosition::OnRoad({lat, -71.06}), 1));
  }
  st.SetLabel(hit ? "cache hit" : "cache miss (stored row)");
}
BENCHMARK(BM_RoadReach)->Arg(1)->Arg(0);

std::vector<IdleUnit> IdleAtPlan(const CoverageModel& m, int units) {
  std::vector<IdleUnit> idle;
  std::uint32_t id = 1;
  for (std::size_t j : UnitSites(m, units)) {
    IdleUnit u;
    u.unit = UnitId{id++};
    u.name = "A" + std::to_string(id);
    u.position = CoveragePosition::At(j);
    u.reach = m.SiteReach(j, 1);
    idle.push_back(std::move(u));
  }
  return idle;
}

// DMEXCLP: the freed unit's post among all sites; with Arg(1) also the best move of any idle
// unit (units x posts marginal gains).
void BM_DmexclpDecision(benchmark::State& st) {
  const Scale s = ScaleOf(st);
  const CoverageModel& m = Model(s);
  const std::vector<IdleUnit> idle = IdleAtPlan(m, s.units);
  MoveUpRequest req;
  req.freed = idle[3].unit;
  req.consider_other_units = st.range(1) == 1;
  for (auto _ : st) benchmark::DoNotOptimize(SuggestMoveUp(m, idle, req));
  st.SetLabel(req.consider_other_units ? "freed unit + any idle unit" : "freed unit");
}
BENCHMARK(BM_DmexclpDecision)->Args({0, 0})->Args({0, 1})->Args({1, 0})->Args({1, 1});

// The coverage-aware policy ranking 27 candidates (idle units from the CAD state, their
// positions, the coverage state and each candidate's loss) at Boston's scale.
void BM_CoverageAwareRank(benchmark::State& st) {
  const CoverageModel& m = Model(kBoston);
  cad::Roster roster;
  for (std::size_t j = 0; j < m.SiteCount(); ++j) {
    roster.stations.push_back({*m.Sites()[j].station, m.Sites()[j].name, m.Sites()[j].location});
  }
  const std::vector<std::size_t> at = UnitSites(m, kBoston.units);
  for (std::size_t k = 0; k < at.size(); ++k) {
    cad::Unit u;
    u.id = UnitId{static_cast<std::uint32_t>(k + 1)};
    u.name = "A" + std::to_string(k + 1);
    u.type = cad::UnitType::kAls;
    u.home_station = *m.Sites()[at[k]].station;
    u.availability = cad::Availability::kAvailable;
    roster.units.push_back(u);
  }
  cad::CadState state = *cad::CadState::Create(std::move(roster));
  const Instant now = *ParseInstant("2026-07-01T12:00:00Z");
  for (std::size_t k = 0; k < at.size(); ++k) {
    (void)state.UpdatePosition(UnitId{static_cast<std::uint32_t>(k + 1)},
                               {m.Sites()[at[k]].location, now});
  }
  const ManualClock clock(now);
  const RowTravel travel({});
  const ReachFinder finder(m, travel);
  const CoverageAwarePolicy policy(m, finder, clock);
  Rng rng(3);
  std::vector<Candidate> candidates;
  for (const cad::Unit& u : state.units()) {
    Candidate c;
    c.unit = u.id;
    c.name = u.name;
    c.eta = Seconds{rng.UniformInt(120, 900)};
    candidates.push_back(c);
  }
  for (auto _ : st) {
    std::vector<Candidate> ranked = candidates;
    policy.Rank(state, ranked);
    benchmark::DoNotOptimize(ranked);
  }
}
BENCHMARK(BM_CoverageAwareRank);

// Post plans at Boston's scale: N = 27 units anywhere on the 33 sites (Arg 0), and 16 posts
// chosen from the 33 sites, one unit each (Arg 1).
PostPlanInstance BostonPlan(bool sixteen_posts) {
  const CoverageModel& m = Model(kBoston);
  std::vector<std::size_t> all(m.SiteCount());
  for (std::size_t j = 0; j < all.size(); ++j) all[j] = j;
  PostPlanInstance in = *PostPlanInstance::FromModel(m, all, sixteen_posts ? 16 : 27, 1);
  if (sixteen_posts) in.max_units_per_site.assign(in.SiteCount(), 1);
  return in;
}

void ReportPlan(benchmark::State& st, const PostPlan& plan, double exact_expected) {
  st.counters["expected_share_pct"] = 100.0 * plan.expected_share;
  st.counters["covered_share_pct"] = 100.0 * plan.covered_share;
  st.counters["gap_to_exact_pct"] = 100.0 * (exact_expected - plan.expected) / exact_expected;
}

void BM_PostPlanExactBoston(benchmark::State& st) {
  const PostPlanInstance in = BostonPlan(st.range(0) == 1);
  ExactPostPlanOptions opt;
  opt.warm_start = st.range(1) == 1;
  PostPlan plan;
  for (auto _ : st) plan = *PlanPostsExact(in, opt);
  ReportPlan(st, plan, plan.expected);
  st.counters["proven_optimal"] = plan.proven_optimal ? 1 : 0;
  st.SetLabel(fmt::format("{} units{}{}", in.units, st.range(0) == 1 ? ", 1 per site" : "",
                          opt.warm_start ? ", warm start" : ", cold"));
}
BENCHMARK(BM_PostPlanExactBoston)
    ->Args({0, 1})
    ->Args({0, 0})
    ->Args({1, 1})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

void BM_PostPlanGreedySwapBoston(benchmark::State& st) {
  const PostPlanInstance in = BostonPlan(st.range(0) == 1);
  const double exact = PlanPostsExact(in)->expected;
  PostPlan plan;
  for (auto _ : st) plan = *PlanPostsGreedySwap(in);
  ReportPlan(st, plan, exact);
  st.counters["swaps"] = plan.swaps;
}
BENCHMARK(BM_PostPlanGreedySwapBoston)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The gap between the methods over 20 Boston-scale cities (seeds 101..120): the time is for all
// 20 exact plans; counters give the mean and largest gap and how many cities had one.
void BM_PostPlanGapOverCities(benchmark::State& st) {
  const bool sixteen_posts = st.range(0) == 1;
  std::vector<PostPlanInstance> cities;
  for (std::uint64_t seed = 101; seed <= 120; ++seed) {
    testing::SyntheticCityOptions o;
    o.points = kBoston.points;
    o.sites = kBoston.sites;
    o.seed = seed;
    const CoverageModel m = *CoverageModel::Create(testing::SyntheticCity(o));
    std::vector<std::size_t> all(m.SiteCount());
    for (std::size_t j = 0; j < all.size(); ++j) all[j] = j;
    PostPlanInstance in = *PostPlanInstance::FromModel(m, all, sixteen_posts ? 16 : 27, 1);
    if (sixteen_posts) in.max_units_per_site.assign(in.SiteCount(), 1);
    cities.push_back(std::move(in));
  }
  double sum = 0.0;
  double worst = 0.0;
  int with_gap = 0;
  int proven = 0;
  for (auto _ : st) {
    sum = worst = 0.0;
    with_gap = proven = 0;
    for (const PostPlanInstance& in : cities) {
      const PostPlanComparison c = *ComparePostPlans(in);
      sum += c.gap;
      worst = std::max(worst, c.gap);
      with_gap += c.gap > 1e-9 ? 1 : 0;
      proven += c.exact.proven_optimal ? 1 : 0;
    }
  }
  st.counters["mean_gap_pct"] = 100.0 * sum / static_cast<double>(cities.size());
  st.counters["max_gap_pct"] = 100.0 * worst;
  st.counters["cities_with_gap"] = with_gap;
  st.counters["proven_optimal"] = proven;
  st.SetLabel(sixteen_posts ? "20 cities, 16 posts of 33" : "20 cities, 27 units on 33 sites");
}
BENCHMARK(BM_PostPlanGapOverCities)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(1);

// The larger city: greedy + swap, and the exact plan under a 60 s limit (reported whether it
// was proven optimal, and the bound).
void BM_PostPlanLarge(benchmark::State& st) {
  const CoverageModel& m = Model(kLarge);
  std::vector<std::size_t> all(m.SiteCount());
  for (std::size_t j = 0; j < all.size(); ++j) all[j] = j;
  const PostPlanInstance in = *PostPlanInstance::FromModel(m, all, kLarge.units, 1);
  const bool exact = st.range(0) == 1;
  ExactPostPlanOptions opt;
  opt.time_limit = Seconds{60};
  PostPlan plan;
  for (auto _ : st) plan = exact ? *PlanPostsExact(in, opt) : *PlanPostsGreedySwap(in);
  st.counters["expected_share_pct"] = 100.0 * plan.expected_share;
  if (plan.upper_bound) {
    st.counters["bound_gap_pct"] = 100.0 * (*plan.upper_bound - plan.expected) / *plan.upper_bound;
  }
  st.counters["proven_optimal"] = plan.proven_optimal ? 1 : 0;
  st.SetLabel(exact ? "exact (GLPK, 60 s limit)" : "greedy + swap");
}
BENCHMARK(BM_PostPlanLarge)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace beacon::dispatch

BENCHMARK_MAIN();
