// Move-up: which post a unit should go to, by DMEXCLP (Jagtenberg, Bhulai and van der Mei 2015,
// "An efficient heuristic for real-time ambulance redeployment", Operations Research for Health
// Care 4): send the unit that became free to the post where one more unit adds the most MEXCLP
// expected coverage, given the idle units where they are or are heading. Uses the current state
// only (no lookahead).
//
//   MoveUpRequest req{.freed = UnitId{7}, .consider_other_units = true};
//   BEACON_ASSIGN_OR_RETURN(MoveUpDecision d, SuggestMoveUp(state, finder, clock.Now(), req));
//   if (d.freed) d.freed->post_name;  d.freed->reason;   // "A7 to Station 12: +2.4 % ..."
//   if (d.relocation) ...                                 // an idle unit worth moving too
//
// After a clearance the freed unit's post is the DMEXCLP choice. After an assignment (or at any
// decision), `consider_other_units` also looks for the one idle unit whose move to another post
// gains the most, and suggests it when the gain reaches `min_gain_share` of total demand.
// Thread-safety: a pure function of its arguments.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/base/result.h"
#include "beacon/base/time.h"
#include "beacon/cad/state.h"
#include "beacon/dispatch/coverage.h"
#include "beacon/dispatch/coverage_travel.h"
#include "beacon/dispatch/coverage_units.h"

namespace beacon::dispatch {

struct MoveUpRequest {
  // The unit that just became free (cleared); where it is now does not matter, only where it
  // goes. It may or may not be among the idle units (it is left out of n_i either way).
  std::optional<UnitId> freed;
  std::string freed_name;  // used when the freed unit is not in the idle list
  // Also suggest moving one other idle unit when that gains enough.
  bool consider_other_units = false;
  double min_gain_share = 0.005;        // 0.5 % of total demand; only for other idle units
  int priority = 1;                     // whose target time counts (1..3)
  std::optional<double> busy_fraction;  // default: the model's q
  // Posts a unit may be sent to (site indexes); empty: every station and post of the model.
  std::vector<std::size_t> posts;
  // At most this many idle units at (or heading to) one post; 0: no limit.
  int max_units_per_post = 0;
};

struct MoveUp {
  UnitId unit;
  std::string unit_name;
  std::optional<std::size_t> from_site;  // where the unit counts from now (if a site)
  std::size_t post = 0;                  // site index of the post
  std::string post_name;
  double gain = 0.0;             // expected covered demand gained, in weight units
  double expected_before = 0.0;  // expected coverage before and after, weight units
  double expected_after = 0.0;
  std::string reason;  // "A7 to Station 12: +2.4 % expected coverage (41.0 % -> 43.4 %) ..."
};

struct MoveUpDecision {
  std::optional<MoveUp> freed;       // the freed unit's post (when a unit was freed)
  std::optional<MoveUp> relocation;  // another idle unit worth moving (when asked and worth it)
};

// Errors on bad requests (a post that does not exist or is a hospital, a bad priority or q).
Result<MoveUpDecision> SuggestMoveUp(const CoverageModel& model, std::span<const IdleUnit> idle,
                                     const MoveUpRequest& request);

// The same on the CAD state: the idle units are CollectIdleUnits(state, finder, now, idle)
// with the request's priority.
Result<MoveUpDecision> SuggestMoveUp(const cad::CadState& state, const ReachFinder& finder,
                                     Instant now, const MoveUpRequest& request,
                                     IdleUnitOptions idle = {});

}  // namespace beacon::dispatch
