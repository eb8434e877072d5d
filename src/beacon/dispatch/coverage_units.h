// The idle units of the CAD state as coverage sees them: which units count (transporting units
// AVAILABLE with no active assignment), where each counts from, and the demand it reaches.
//
//   IdleUnitOptions opt;  opt.priority = 1;
//   opt.heading = {{UnitId{7}, post_index}};   // A7 is relocating to that post
//   BEACON_ASSIGN_OR_RETURN(std::vector<IdleUnit> idle,
//                           CollectIdleUnits(state, finder, clock.Now(), opt));
//   CoverageState s = StateOf(finder.Model(), idle, opt.priority);
//
// Where a unit counts from, in order: the post it is heading to (a relocation the caller
// names); its latest fix when fresh (the site within `at_site_radius` of it if any, else the
// road position); its home station otherwise (as the recommendation does for stale fixes).
// A road position whose travel query fails falls back to the home station, with a note.
// Thread-safety: pure functions of their arguments (the ReachFinder is thread-safe).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/base/quantity.h"
#include "beacon/base/result.h"
#include "beacon/base/time.h"
#include "beacon/cad/state.h"
#include "beacon/dispatch/coverage.h"
#include "beacon/dispatch/coverage_travel.h"

namespace beacon::dispatch {

struct IdleUnit {
  UnitId unit;
  std::string name;
  CoveragePosition position;
  Reach reach;                           // demand points it reaches within the target time
  std::optional<std::size_t> home_site;  // the site of its home station, if the model has it
  std::string note;                      // why its position is not its fix, when that matters
};

struct IdleUnitOptions {
  int priority = 1;  // whose target time defines "reaches" (1..3)
  // Same default as RecommendOptions::stale_fix_age: older fixes count from the home station.
  Milliseconds stale_fix_age{Minutes{2}};
  // A fresh fix this close to a site counts as being at the site (its precomputed row).
  Meters at_site_radius{100.0};
  // Units relocating to a post (move-up): they count from where they are going.
  std::vector<std::pair<UnitId, std::size_t>> heading;
  // Only units of this level count (e.g. ALS coverage); all transporting units when empty.
  std::optional<cad::CareLevel> level;
};

// Every idle unit with its position and reach, in roster order. Errors only for bad options
// (a heading site that does not exist).
Result<std::vector<IdleUnit>> CollectIdleUnits(const cad::CadState& state,
                                               const ReachFinder& finder, Instant now,
                                               const IdleUnitOptions& options = {});

// The coverage state of a set of idle units.
CoverageState StateOf(const CoverageModel& model, std::span<const IdleUnit> idle, int priority,
                      std::optional<double> busy_fraction = std::nullopt);

// Ground distance for "is this fix at that site" (equirectangular; good to 0.1 % at city scale).
Meters ApproxDistance(const LatLon& a, const LatLon& b);

}  // namespace beacon::dispatch
