// Triage micro-benchmarks: one evaluation as a console makes it on every answer, and loading the
// whole open rule set with every load-time check (including the never-fires search).
// Run from anywhere: the rule set path is compiled in (BEACON_SOURCE_DIR).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>

#include "beacon/base/check.h"
#include "beacon/triage/engine.h"
#include "beacon/triage/loader.h"
#include "beacon/triage/reachability.h"

namespace beacon::triage {
namespace {

std::string RuleSetDir() { return std::string(BEACON_SOURCE_DIR) + "/data/protocols"; }

void Run(benchmark::State& state, const char* complaint, const Answers& answers) {
  auto protocol = LoadProtocolDir(RuleSetDir(), nullptr);
  BEACON_CHECK(protocol.ok(), "{}", protocol.status().ToString());
  const Complaint* c = protocol->FindComplaint(complaint);
  BEACON_CHECK(c != nullptr);
  for (auto _ : state) {
    auto e = Evaluate(*c, answers);
    benchmark::DoNotOptimize(e);
  }
}

// The first call of a stroke: nothing answered yet, every question listed.
void BM_EvaluateStrokeNoAnswers(benchmark::State& state) { Run(state, "stroke", {}); }
BENCHMARK(BM_EvaluateStrokeNoAnswers);

// A breathing problem answered through to the last question (the longest path).
void BM_EvaluateBreathingFiveAnswers(benchmark::State& state) {
  Run(state, "breathing_problems",
      {{"conscious", "yes"},
       {"full_sentences", "yes"},
       {"blue_lips", "no"},
       {"age", "40"},
       {"rate", "18"}});
}
BENCHMARK(BM_EvaluateBreathingFiveAnswers);

// Load and check all of data/protocols (YAML parsing, every check, the reachability search).
void BM_LoadAndCheckRuleSet(benchmark::State& state) {
  for (auto _ : state) {
    auto p = LoadProtocolDir(RuleSetDir(), nullptr);
    BEACON_CHECK(p.ok());
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_LoadAndCheckRuleSet)->Unit(benchmark::kMillisecond);

// The never-fires check's main search over every complaint; counters: evaluations (decision-tree
// nodes) in total and for the largest complaint.
void BM_ReachabilitySearchAllComplaints(benchmark::State& state) {
  auto protocol = LoadProtocolDir(RuleSetDir(), nullptr);
  BEACON_CHECK(protocol.ok());
  std::size_t total = 0;
  std::size_t largest = 0;
  for (auto _ : state) {
    total = 0;
    largest = 0;
    for (const Complaint& c : protocol->Complaints()) {
      const internal::Reach r = internal::FindReachable(c, c.determinants, {}, 1000000);
      total += r.nodes;
      largest = std::max(largest, r.nodes);
    }
  }
  state.counters["evaluations"] = static_cast<double>(total);
  state.counters["largest_complaint"] = static_cast<double>(largest);
}
BENCHMARK(BM_ReachabilitySearchAllComplaints)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace beacon::triage

BENCHMARK_MAIN();
