// CAD core benchmarks: how fast events apply (the live server's write path and every replay on
// start-up and in the simulator). Target from the CAD-core issue: over 2 million events/s.
#include <benchmark/benchmark.h>

#include "beacon/cad/state.h"
#include "beacon/cad/test_roster.h"

namespace beacon::cad {
namespace {

// A busy shift with 100 units: every kind of event, 200,000 of them.
const std::vector<Event>& ShiftLog() {
  static const std::vector<Event> log = [] {
    CadState state = *CadState::Create(testing::SmallRoster(100));
    return testing::BusyShift(state, 200000, 2026);
  }();
  return log;
}

void BM_ApplyEvents(benchmark::State& st) {
  const std::vector<Event>& log = ShiftLog();
  for (auto _ : st) {
    st.PauseTiming();
    CadState state = *CadState::Create(testing::SmallRoster(100));
    st.ResumeTiming();
    Status s = Replay(log, state);
    benchmark::DoNotOptimize(s);
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(log.size()));
}
BENCHMARK(BM_ApplyEvents)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace beacon::cad

BENCHMARK_MAIN();
