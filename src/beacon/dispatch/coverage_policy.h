// CoverageAwarePolicy: a RecommendPolicy that, among idle units whose ETA is within a tolerance
// of the best, prefers the one whose departure loses the least MEXCLP expected coverage; the
// candidate's reason says so in a dispatcher's words.
//
//   ReachFinder finder(model, travel);
//   CoverageAwarePolicy policy(model, finder, clock, {.tolerance = Seconds{60}});
//   Recommend(state, incident, need, travel_times, clock.Now(), options, policy);
//   // chosen[0].reason: "#1 by coverage-aware: 4 min 14 s by road (2 s slower than A3 but
//   //                    leaves Dorchester covered: -0.4 % expected coverage instead of -3.1 %)"
//
// Ranking: candidates are ordered by ETA; the idle ones (not diversions) within `tolerance` of
// the best ETA are reordered among the places they hold by the expected coverage their
// departure loses (least first; ties by ETA, then unit id). Others keep their ETA order. Each
// loss is computed alone against the current idle units (not one after another). Idle units
// and positions are CollectIdleUnits' (coverage_units.h), at the clock's time.
// Thread-safety: Rank is const and thread-safe (the model is immutable, the ReachFinder locks).
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "beacon/base/clock.h"
#include "beacon/dispatch/coverage.h"
#include "beacon/dispatch/coverage_travel.h"
#include "beacon/dispatch/coverage_units.h"
#include "beacon/dispatch/recommend.h"

namespace beacon::dispatch {

struct CoveragePolicyOptions {
  // Units this much slower than the closest may be preferred for coverage. >= 0; 0 makes the
  // policy rank like the closest-unit policy (ties broken by coverage).
  Milliseconds tolerance{Seconds{60}};
  // Which units count and from where (priority of the coverage target, stale fix age, ...).
  IdleUnitOptions idle;
};

class CoverageAwarePolicy final : public RecommendPolicy {
 public:
  // Keeps references: all must outlive the policy. `finder` must be over `model`.
  CoverageAwarePolicy(const CoverageModel& model, const ReachFinder& finder, const Clock& clock,
                      CoveragePolicyOptions options = {});

  void Rank(const cad::CadState& state, std::vector<Candidate>& candidates) const override;
  [[nodiscard]] std::string_view name() const override { return "coverage-aware"; }
  // Units relocating to a post (move-up) count from the post they are heading to. Not
  // thread-safe against a concurrent Rank: call it from the policy's owner between rankings.
  void SetHeading(std::vector<std::pair<UnitId, std::size_t>> heading) {
    options_.idle.heading = std::move(heading);
  }

 private:
  const CoverageModel& model_;
  const ReachFinder& finder_;
  const Clock& clock_;
  CoveragePolicyOptions options_;
};

}  // namespace beacon::dispatch
