// Coverage on the real Boston model (issue 7), next to the synthetic figures of coverage_bench:
//   CoverageTables         the coverage model: one CH one-to-all tree per site (33 candidate sites
//                          and 8 hospitals) read at the 202 demand points' road places.
//   RoadPosition           one unit on the road: its snapped place and its times to every
//                          demand point (what a moved unit costs, a ReachFinder miss), from the
//                          demand points cached as targets in the hierarchy.
//   RoadTree               the same by one one-to-all tree, for comparison.
//   CoverageUnitMoves      the coverage update after one unit changes: it leaves its post and
//                          counts from another post (target < 50 us).
//   CoverageUnitMovesRoad  the same when it counts from a new road position: road times + reach
//                          + update.
//   DmexclpDecision        DMEXCLP on the CAD state: idle units collected from their fixes (at
//                          their posts), the freed unit's post, and with Arg 1 also the best move
//                          of any other idle unit (target < 1 ms).
//   PostPlanExact          the exact MEXCLP plan (GLPK): 16 posts of the 33 sites, one unit each,
//                          and 27 units anywhere on them; counters give coverage and gap.
// The fleet is the model's 27 units at their home posts (the peak fleet).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

#include "beacon/base/clock.h"
#include "beacon/base/rng.h"
#include "beacon/cad/state.h"
#include "beacon/dispatch/coverage.h"
#include "beacon/dispatch/move_up.h"
#include "beacon/dispatch/post_plan.h"
#include "beacon/model/city_coverage.h"

#include "boston_model.h"

namespace beacon::dispatch {
namespace {

const model::CityModel& Boston() { return bench::BostonModel(); }

const CoverageModel& Coverage() {
  static const CoverageModel* c = [] {
    auto built = model::BuildCoverageModel(Boston());
    if (!built.ok()) {
      std::fprintf(stderr, "coverage model: %s\n", built.status().ToString().c_str());
      std::exit(1);
    }
    return new CoverageModel(std::move(built).value());
  }();
  return *c;
}

// The site of each unit's home post, in fleet order.
std::vector<std::size_t> FleetSites() {
  std::vector<std::size_t> sites;
  for (const model::ModelUnit& u : Boston().data().units) {
    sites.push_back(*Coverage().SiteOfStation(u.unit.home_station));
  }
  return sites;
}

void BM_CoverageTables(benchmark::State& st) {
  model::CoverageBuildStats stats;
  for (auto _ : st) benchmark::DoNotOptimize(model::BuildCoverageModel(Boston(), &stats));
  st.counters["trees"] = static_cast<double>(stats.trees);
  st.counters["points"] = static_cast<double>(Coverage().PointCount());
}
BENCHMARK(BM_CoverageTables)->Unit(benchmark::kMillisecond);

void BM_RoadPosition(benchmark::State& st) {
  const model::ChCoverageTravel travel(Boston(), Coverage());
  const std::vector<LatLon> at = bench::RoadPoints(Boston(), 1000, 5);
  std::vector<std::optional<Milliseconds>> times;
  std::size_t i = 0;
  for (auto _ : st) {
    benchmark::DoNotOptimize(travel.ToDemand(at[i++ % at.size()], times));
  }
  st.SetLabel("snap + cached demand targets (ChCoverageTravel)");
}
BENCHMARK(BM_RoadPosition)->Unit(benchmark::kMicrosecond);

// The same answers by one one-to-all tree (PHAST) per position, as the site tables are built.
void BM_RoadTree(benchmark::State& st) {
  const model::CityModel& b = Boston();
  std::vector<routing::Place> demand;
  for (const DemandPoint& p : Coverage().Demand()) {
    demand.push_back(*b.snapper().Locate(p.location, b.data().snap_max));
  }
  model::TreeTimes trees(b.ch(), std::move(demand));
  const std::vector<LatLon> at = bench::RoadPoints(b, 1000, 5);
  std::vector<std::optional<Milliseconds>> times;
  std::size_t i = 0;
  for (auto _ : st) {
    trees.From(*b.snapper().Locate(at[i++ % at.size()], b.data().snap_max), times);
    benchmark::DoNotOptimize(times.data());
  }
  st.counters["nodes"] = b.graph().num_nodes();
  st.SetLabel("snap + one-to-all tree");
}
BENCHMARK(BM_RoadTree)->Unit(benchmark::kMicrosecond);

void BM_CoverageUnitMoves(benchmark::State& st) {
  const CoverageModel& m = Coverage();
  std::vector<std::size_t> at = FleetSites();
  const std::vector<std::size_t> posts = m.PostSites();
  CoverageState state(m, 1);
  for (std::size_t j : at) state.Add(m.SiteReach(j, 1));
  Rng rng(1);
  std::size_t touched = 0;
  for (auto _ : st) {
    const std::size_t u = rng.UniformInt(at.size());
    const std::size_t to = posts[rng.UniformInt(posts.size())];
    state.Remove(m.SiteReach(at[u], 1));
    state.Add(m.SiteReach(to, 1));
    touched += m.SiteReach(at[u], 1).Size() + m.SiteReach(to, 1).Size();
    at[u] = to;
    benchmark::DoNotOptimize(state.Expected());
  }
  st.counters["points_touched"] =
      benchmark::Counter(static_cast<double>(touched), benchmark::Counter::kAvgIterations);
  st.SetLabel("post to post, 27 units");
}
BENCHMARK(BM_CoverageUnitMoves);

void BM_CoverageUnitMovesRoad(benchmark::State& st) {
  const CoverageModel& m = Coverage();
  const model::ChCoverageTravel travel(Boston(), m);
  const std::vector<LatLon> road = bench::RoadPoints(Boston(), 1000, 9);
  std::vector<Reach> reach;
  for (std::size_t j : FleetSites()) reach.push_back(m.SiteReach(j, 1));
  CoverageState state(m, 1);
  for (const Reach& r : reach) state.Add(r);
  Rng rng(2);
  std::vector<std::optional<Milliseconds>> times;
  std::size_t i = 0;
  for (auto _ : st) {
    const std::size_t u = rng.UniformInt(reach.size());
    if (!travel.ToDemand(road[i++ % road.size()], times).ok()) {
      st.SkipWithError("road point off the network");
      return;
    }
    Reach moved = m.ReachFromTimes(times, 1);
    state.Remove(reach[u]);
    state.Add(moved);
    reach[u] = std::move(moved);
    benchmark::DoNotOptimize(state.Expected());
  }
  st.SetLabel("to a new road position: road times + reach + update");
}
BENCHMARK(BM_CoverageUnitMovesRoad)->Unit(benchmark::kMicrosecond);

void BM_DmexclpDecision(benchmark::State& st) {
  const CoverageModel& m = Coverage();
  const model::ChCoverageTravel travel(Boston(), m);
  const ReachFinder finder(m, travel);
  const Instant now = *ParseInstant("2026-03-04T15:00:00-05:00");
  cad::Roster roster = Boston().Roster();
  for (cad::Unit& u : roster.units) u.availability = cad::Availability::kAvailable;
  cad::CadState state = *cad::CadState::Create(std::move(roster));
  for (const cad::Unit& u : state.units()) {
    (void)state.UpdatePosition(u.id, {Boston().FindStation(u.home_station)->location, now});
  }
  MoveUpRequest req;
  req.freed = Boston().data().units[3].unit.id;
  req.consider_other_units = st.range(0) == 1;
  req.posts = model::PostSitesOf(Boston(), m);
  for (auto _ : st) benchmark::DoNotOptimize(SuggestMoveUp(state, finder, now, req));
  st.SetLabel(
      fmt::format("27 idle units, {} posts{}", req.posts.size(),
                  req.consider_other_units ? ", freed unit + any idle unit" : ", freed unit"));
}
BENCHMARK(BM_DmexclpDecision)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_PostPlanExact(benchmark::State& st) {
  const CoverageModel& m = Coverage();
  const bool sixteen = st.range(0) == 1;
  PostPlanInstance in = *PostPlanInstance::FromModel(m, m.PostSites(), sixteen ? 16 : 27, 1);
  if (sixteen) in.max_units_per_site.assign(in.SiteCount(), 1);
  PostPlan plan;
  for (auto _ : st) plan = *PlanPostsExact(in);
  const PostPlan greedy = *PlanPostsGreedySwap(in);
  st.counters["expected_share_pct"] = 100.0 * plan.expected_share;
  st.counters["covered_share_pct"] = 100.0 * plan.covered_share;
  st.counters["greedy_gap_pct"] = 100.0 * (plan.expected - greedy.expected) / plan.expected;
  st.counters["proven_optimal"] = plan.proven_optimal ? 1 : 0;
  st.SetLabel(sixteen ? "16 posts of 33 sites, 1 unit each" : "27 units on 33 sites");
}
BENCHMARK(BM_PostPlanExact)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace beacon::dispatch

BENCHMARK_MAIN();
