// Foundation micro-benchmarks: the costs every later module pays per call (random draws for the
// simulator, local-time conversion for hour-of-week profiles and exports, Result plumbing).
#include <benchmark/benchmark.h>

#include "beacon/base/clock.h"
#include "beacon/base/local_time.h"
#include "beacon/base/result.h"
#include "beacon/base/rng.h"

namespace beacon {
namespace {

void BM_RngUniform01(benchmark::State& state) {
  Rng rng(1);
  for (auto _ : state) benchmark::DoNotOptimize(rng.Uniform01());
}
BENCHMARK(BM_RngUniform01);

void BM_RngExponential(benchmark::State& state) {
  Rng rng(1);
  for (auto _ : state) benchmark::DoNotOptimize(rng.Exponential(1.5));
}
BENCHMARK(BM_RngExponential);

void BM_RngGamma(benchmark::State& state) {
  Rng rng(1);
  for (auto _ : state) benchmark::DoNotOptimize(rng.Gamma(2.5, 60.0));
}
BENCHMARK(BM_RngGamma);

void BM_HourOfWeek(benchmark::State& state) {
  const TimeZone tz = *TimeZone::Load(TimeZone::kDefaultName);
  Instant t = *ParseInstant("2026-01-01T00:00:00Z");
  for (auto _ : state) {
    benchmark::DoNotOptimize(tz.HourOfWeek(t));
    t += Seconds{97};
  }
}
BENCHMARK(BM_HourOfWeek);

void BM_FormatIso8601Local(benchmark::State& state) {
  const TimeZone tz = *TimeZone::Load(TimeZone::kDefaultName);
  const Instant t = *ParseInstant("2026-11-25T16:57:54Z");
  for (auto _ : state) benchmark::DoNotOptimize(tz.FormatIso8601(t));
}
BENCHMARK(BM_FormatIso8601Local);

Result<int> Half(int v) {
  if (v % 2 != 0) return InvalidArgumentError("odd");
  return v / 2;
}

Result<int> Quarter(int v) {
  BEACON_ASSIGN_OR_RETURN(int h, Half(v));
  return Half(h);
}

void BM_ResultChainOk(benchmark::State& state) {
  int v = 4;
  for (auto _ : state) {
    benchmark::DoNotOptimize(v);
    benchmark::DoNotOptimize(Quarter(v));
  }
}
BENCHMARK(BM_ResultChainOk);

}  // namespace
}  // namespace beacon

BENCHMARK_MAIN();
