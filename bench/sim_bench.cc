// sim_bench: the digital twin's speed on the Boston model (docs/design/simulator.md).
//   BM_BostonYear: one replication of data/scenarios/boston.yaml (365 days, closest unit) per
//     iteration, on one thread: simulated Boston-years per second, engine events per second and
//     routing queries per call.
//   BM_BostonThreads/T: four replications of 30 days on T threads (wall time): thread scaling.
// The model is built from ../shared/data (BEACON_DATA_DIR) once, as center_bench does.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>

#include "beacon/base/clock.h"
#include "beacon/model/model_build.h"
#include "beacon/sim/engine.h"
#include "beacon/sim/scenario.h"
#include "beacon/sim/simulation.h"
#include "beacon/sim/site_times.h"

#include "boston_model.h"

namespace beacon::sim {
namespace {

[[noreturn]] void Fail(const Status& s) {
  std::fprintf(stderr, "sim_bench: %s\n", s.ToString().c_str());
  std::exit(1);
}

const model::CityModel& Boston() { return bench::BostonModel(); }

// The baseline scenario and its model, with the run cut to `days`.
struct Setup {
  SimScenario scenario;
  std::optional<model::CityModel> model;
  std::shared_ptr<const SiteTimes> sites;  // built once, as RunSimulation does
};
const Setup& Baseline(double days) {
  static std::map<double, Setup>* cache = new std::map<double, Setup>();
  auto it = cache->find(days);
  if (it != cache->end()) return it->second;
  auto s = LoadSimScenario(std::filesystem::path(BEACON_SOURCE_DIR) / "data/scenarios/boston.yaml",
                           Boston());
  if (!s.ok()) Fail(s.status());
  s->length = Milliseconds{static_cast<std::int64_t>(days * 86'400'000)};
  Setup& out = (*cache)[days];
  out.scenario = *s;
  auto m = ScenarioModel(Boston(), out.scenario);
  if (!m.ok()) Fail(m.status());
  out.model.emplace(std::move(m).value());
  auto sites = SiteTimes::Build(*out.model);
  if (!sites.ok()) Fail(sites.status());
  out.sites = *sites;
  return out;
}

void BM_BostonYear(benchmark::State& state) {
  const Setup& b = Baseline(365);
  std::uint64_t events = 0;
  std::uint64_t queries = 0;
  std::uint64_t calls = 0;
  std::uint64_t replication = 0;
  for (auto _ : state) {
    ReplicationOptions o;
    o.replication = static_cast<int>(replication++);
    o.sites = b.sites;
    auto r = RunReplication(*b.model, b.scenario, o);
    if (!r.ok()) Fail(r.status());
    events += r->events;
    queries += r->routing_queries;
    calls += r->calls.size();
  }
  state.counters["years_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["calls"] = static_cast<double>(calls) / static_cast<double>(state.iterations());
  state.counters["queries_per_call"] = static_cast<double>(queries) / static_cast<double>(calls);
}
BENCHMARK(BM_BostonYear)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

void BM_BostonThreads(benchmark::State& state) {
  const Setup& b = Baseline(30);
  for (auto _ : state) {
    SimOptions o;
    o.replications = 4;
    o.threads = static_cast<int>(state.range(0));
    auto r = RunSimulation(*b.model, b.scenario, o);
    if (!r.ok()) Fail(r.status());
    benchmark::DoNotOptimize(r->kpis.size());
  }
}
BENCHMARK(BM_BostonThreads)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace
}  // namespace beacon::sim

BENCHMARK_MAIN();
