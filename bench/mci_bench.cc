// MCI benchmarks: planning the hospital distribution of 300 patients (3 scenes, 15 hospitals,
// 80 ambulances, seeded synthetic travel times) against the closest-hospital policy on the same
// input, and START triage throughput. Counters carry the plan's figures (minutes).
//
//   cmake --preset release && cmake --build --preset release -j2 --target mci_bench
//   build/release/bench/mci_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only
#include <benchmark/benchmark.h>

#include <random>

#include "beacon/dispatch/mci_distribution.h"
#include "beacon/triage/mci_triage.h"

namespace beacon {
namespace {

using dispatch::MciInput;
using dispatch::TransportCategory;

MciInput Instance(int patients) {
  std::mt19937 rng(300);
  std::uniform_int_distribution<int> minutes(4, 25), cap(4, 12), coin(0, 4), free_min(0, 15);
  MciInput in;
  constexpr std::size_t kScenes = 3, kHospitals = 15, kAmbulances = 80;
  for (std::size_t s = 0; s < kScenes; ++s) {
    in.scenes.push_back({.name = "scene", .location = {}, .load_time = Minutes{2}});
  }
  for (std::size_t j = 0; j < kHospitals; ++j) {
    dispatch::MciHospital h;
    h.id = HospitalId{static_cast<std::uint32_t>(j + 1)};
    h.name = "H";
    h.capabilities.trauma_adult_level = j < 6 ? 1 : 0;
    h.capabilities.trauma_peds_level = j < 2 ? 1 : 0;
    h.capabilities.pediatric = j < 3;
    h.capabilities.burn = j == 0 || j == 4;
    h.capacity = {cap(rng), cap(rng) + 4, cap(rng) + 8, 1};
    in.hospitals.push_back(h);
  }
  in.travel.scene_to_hospital.assign(kScenes, {});
  in.travel.hospital_to_scene.assign(kHospitals, {});
  for (std::size_t s = 0; s < kScenes; ++s) {
    for (std::size_t j = 0; j < kHospitals; ++j) {
      const Milliseconds t = Minutes{minutes(rng)};
      in.travel.scene_to_hospital[s].push_back(t);
      in.travel.hospital_to_scene[j].push_back(t);
    }
  }
  for (std::size_t a = 0; a < kAmbulances; ++a) {
    in.ambulances.push_back({.id = UnitId{static_cast<std::uint32_t>(a + 1)},
                             .name = "A",
                             .free_at = Minutes{free_min(rng)},
                             .capacity = a % 10 == 0 ? 2 : 1});
    in.travel.ambulance_to_scene.push_back(
        {Minutes{minutes(rng)}, Minutes{minutes(rng)}, Minutes{minutes(rng)}});
  }
  for (int i = 0; i < patients; ++i) {
    dispatch::MciPatient p;
    p.id = "P";
    p.scene = static_cast<std::size_t>(i % 3);
    p.category = i % 4 == 0   ? TransportCategory::kRed
                 : i % 4 == 1 ? TransportCategory::kYellow
                              : TransportCategory::kGreen;
    p.trauma = p.category != TransportCategory::kGreen;
    p.pediatric = coin(rng) == 0;
    p.burn = coin(rng) == 0 && coin(rng) == 0;
    in.patients.push_back(p);
  }
  return in;
}

double Min(std::optional<Milliseconds> t) { return t ? ToSecondsF(*t) / 60.0 : -1.0; }

void BM_PlanMciDistribution(benchmark::State& state) {
  const MciInput in = Instance(static_cast<int>(state.range(0)));
  dispatch::MciFigures f;
  for (auto _ : state) {
    Result<dispatch::MciPlan> plan = dispatch::PlanMciDistribution(in);
    benchmark::DoNotOptimize(plan);
    f = plan->figures;
  }
  state.counters["last_red_min"] = Min(f.last_red_arrival);
  state.counters["overflow"] = f.overflow;
  state.counters["unplaced"] = f.unplaced;
}
BENCHMARK(BM_PlanMciDistribution)->Arg(120)->Arg(300)->Unit(benchmark::kMillisecond);

void BM_PlanClosestHospital(benchmark::State& state) {
  const MciInput in = Instance(static_cast<int>(state.range(0)));
  dispatch::MciFigures f;
  for (auto _ : state) {
    Result<dispatch::MciPlan> plan = dispatch::PlanClosestHospital(in);
    benchmark::DoNotOptimize(plan);
    f = plan->figures;
  }
  state.counters["last_red_min"] = Min(f.last_red_arrival);
  state.counters["overflow"] = f.overflow;
}
BENCHMARK(BM_PlanClosestHospital)->Arg(300)->Unit(benchmark::kMillisecond);

void BM_StartTriage(benchmark::State& state) {
  triage::Findings f;
  f.walks = false;
  f.breathing = true;
  f.respiratory_rate = 24;
  f.radial_pulse = true;
  f.follows_commands = true;
  for (auto _ : state) {
    Result<triage::TriageResult> r = triage::TriageMci(triage::MciAlgorithm::kStart, f);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_StartTriage);

}  // namespace
}  // namespace beacon

BENCHMARK_MAIN();
