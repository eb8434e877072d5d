// The dispatcher's wait: a recommendation for a priority-1 call among 100 units on the Boston
// model (road ETAs from the contraction hierarchy, response plan, every skipped unit with its
// reason, the UnitRecommended event). Target from the CAD-core issue: p99 under 1 ms.
//
// Each benchmark times every recommendation on its own and reports the median and the 99th
// percentile as counters, of the wall clock (p50_us, p99_us) and of the thread's CPU time
// (cpu_p50_us, cpu_p99_us); the Google Benchmark time is the mean.
//   Parked: units keep their positions between calls (in quarters or on posts): their places
//           are cached, one backward search per call.
//   Moving: before every call each unit reports a new position (AVL fixes while driving), the
//           worst case for the cache. The center snaps and searches a unit's new position
//           when its fix arrives (DispatchCenter::UpdatePosition -> TravelTimes::Prefetch),
//           so the recommendation itself finds every unit cached;
//   PositionFix: what that costs per fix (snap + one upward search), paid as fixes arrive.
// Uses the shared public data (BEACON_DATA_DIR, or ../shared/data beside the source tree).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "beacon/base/clock.h"
#include "beacon/base/rng.h"
#include "beacon/center/dispatch_center.h"
#include "beacon/model/model_build.h"
#include "beacon/model/road_travel_times.h"

#include "boston_model.h"

namespace beacon::center {
namespace {

constexpr int kUnits = 100;
constexpr int kIncidents = 2000;

const model::CityModel& Boston() { return bench::BostonModel("center_bench"); }

std::vector<LatLon> RoadPoints(const model::CityModel& m, int n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<LatLon> out;
  out.reserve(static_cast<std::size_t>(n));
  const std::uint32_t nodes = m.graph().num_nodes();
  for (int i = 0; i < n; ++i) {
    out.push_back(m.graph().Position(
        NodeId{static_cast<std::uint32_t>(rng.UniformInt(std::uint64_t{nodes}))}));
  }
  return out;
}

// The Boston model's stations and hospitals with a 100-unit fleet (20 ALS, 80 BLS) spread over
// its stations, all available at road positions.
struct Fixture {
  ManualClock clock{*ParseInstant("2026-03-04T15:00:00-05:00")};
  std::unique_ptr<DispatchCenter> center;
  std::vector<IncidentId> incidents;
  std::vector<UnitId> units;
};

std::unique_ptr<Fixture> MakeFixture() {
  const model::CityModel& m = Boston();
  auto f = std::make_unique<Fixture>();
  cad::Roster roster = m.Roster();
  roster.units.clear();
  for (int i = 0; i < kUnits; ++i) {
    cad::Unit u;
    u.id = UnitId{static_cast<std::uint32_t>(i + 1)};
    u.type = i % 5 == 0 ? cad::UnitType::kAls : cad::UnitType::kBls;
    u.name = (u.type == cad::UnitType::kAls ? "M" : "A") + std::to_string(i + 1);
    u.home_station = roster.stations[static_cast<std::size_t>(i) % roster.stations.size()].id;
    roster.units.push_back(u);
    f->units.push_back(u.id);
  }
  DispatchCenter::Options options;
  options.follow_shifts = false;
  options.auto_recommend = false;
  auto center = DispatchCenter::Create(m, std::move(roster), f->clock,
                                       std::make_unique<model::RoadTravelTimes>(m), options);
  if (!center.ok()) {
    std::fprintf(stderr, "center_bench: %s\n", center.status().ToString().c_str());
    std::exit(1);
  }
  f->center = std::make_unique<DispatchCenter>(std::move(center).value());
  const std::vector<LatLon> at = RoadPoints(m, kUnits, 7);
  for (int i = 0; i < kUnits; ++i) {
    const UnitId u = f->units[static_cast<std::size_t>(i)];
    (void)f->center->UpdatePosition(u, at[static_cast<std::size_t>(i)]);
    (void)f->center->SetAvailability(u, cad::Availability::kAvailable, "system", "bench");
  }
  // Priority-1 calls (cardiac arrest, not breathing normally) at road points across the city.
  for (const LatLon& p : RoadPoints(m, kIncidents, 11)) {
    auto inc = f->center->ReceiveCall(CallInput::At(p), "calltaker:bench");
    if (!inc.ok()) continue;  // a point the model cannot snap: skip it
    auto t = f->center->Triage(*inc, "cardiac_arrest",
                               {{"conscious", "no"}, {"breathing", "gasping"}}, "calltaker:bench");
    if (!t.ok() || !t->determined) {
      std::fprintf(stderr, "center_bench: triage did not determine a priority-1 call\n");
      std::exit(1);
    }
    f->incidents.push_back(*inc);
  }
  return f;
}

// This thread's CPU time: unlike the wall clock it does not count the time another process
// held the core (on these shared machines a preempted iteration shows one 4 ms scheduler tick).
double ThreadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

void Report(benchmark::State& st, std::vector<double>& us, const std::string& prefix) {
  if (us.empty()) return;
  std::sort(us.begin(), us.end());
  auto at = [&](double q) {
    return us[std::min(us.size() - 1,
                       static_cast<std::size_t>(q * static_cast<double>(us.size())))];
  };
  st.counters[prefix + "p50_us"] = at(0.50);
  st.counters[prefix + "p99_us"] = at(0.99);
}

void RunRecommend(benchmark::State& st, bool moving) {
  static std::unique_ptr<Fixture> f = MakeFixture();
  const std::vector<LatLon> moves = RoadPoints(Boston(), kUnits * 64, 23);
  std::vector<double> us;
  std::vector<double> cpu_us;
  std::size_t i = 0;
  std::size_t round = 0;
  for (auto _ : st) {
    if (moving) {
      st.PauseTiming();
      f->clock.Advance(Milliseconds{1000});
      for (std::size_t u = 0; u < f->units.size(); ++u) {
        (void)f->center->UpdatePosition(f->units[u], moves[(round * kUnits + u) % moves.size()]);
      }
      ++round;
      st.ResumeTiming();
    }
    const IncidentId inc = f->incidents[i++ % f->incidents.size()];
    const double c0 = ThreadCpuMicros();
    const auto t0 = std::chrono::steady_clock::now();
    auto rec = f->center->Recommend(inc, "system");
    const auto t1 = std::chrono::steady_clock::now();
    const double c1 = ThreadCpuMicros();
    benchmark::DoNotOptimize(rec);
    if (!rec.ok() || rec->recommendation.chosen.empty()) {
      st.SkipWithError("no recommendation");
      return;
    }
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    cpu_us.push_back(c1 - c0);
  }
  Report(st, us, "");
  Report(st, cpu_us, "cpu_");
}

// One AVL fix processed by the center: validated, stored, snapped and searched (Prefetch).
void BM_PositionFix(benchmark::State& st) {
  static std::unique_ptr<Fixture> f = MakeFixture();
  const std::vector<LatLon> moves = RoadPoints(Boston(), kUnits * 64, 29);
  std::size_t i = 0;
  for (auto _ : st) {
    const UnitId u = f->units[i % f->units.size()];
    benchmark::DoNotOptimize(f->center->UpdatePosition(u, moves[i % moves.size()]));
    ++i;
  }
}

void BM_RecommendPriority1_100Units_Parked(benchmark::State& st) { RunRecommend(st, false); }
void BM_RecommendPriority1_100Units_Moving(benchmark::State& st) { RunRecommend(st, true); }
BENCHMARK(BM_RecommendPriority1_100Units_Parked)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RecommendPriority1_100Units_Moving)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PositionFix)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace beacon::center

BENCHMARK_MAIN();
