// Unit recommendation: which units to send to an incident, ranked by road ETA, with the reason
// for each choice and for every unit skipped.
//
//   Requirement need = Requirement::Single(1, CareLevel::kAls, 1);   // or slots from a run card
//   BEACON_ASSIGN_OR_RETURN(Recommendation rec,
//                           Recommend(state, incident_id, need, travel, clock.Now(), options));
//   rec.chosen[0].unit;  rec.chosen[0].reason;  // "closest by road: 4 min 12 s ..."
//   for (const Skipped& s : rec.skipped) ...    // "A3: busy on incident 12 (ON_SCENE)"
//
// ETAs come from TravelTimes from each unit's latest position fix, or from its home station
// when the fix is older than `stale_fix_age` (flagged). A unit still ASSIGNED or EN_ROUTE to a
// lower-priority incident is a candidate too (a diversion, flagged). Slots are filled ALS
// first, each with the best-ranked qualifying unit not yet chosen. A priority-1 call whose
// closest unit is BLS (and whose plan has no ALS slot) also gets the closest ALS unit. The
// ranking is a pluggable policy.
// Pure: no I/O; time is the `now` argument.
// Thread-safety: a pure function of its arguments; policies must be stateless or thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/cad/state.h"
#include "beacon/cad/travel_times.h"

namespace beacon::dispatch {

// Units of at least `level`: an ALS slot takes only ALS units; a BLS slot takes any transport
// unit (paramedics can run a BLS call).
struct UnitSlot {
  cad::CareLevel level = cad::CareLevel::kBls;
  int count = 1;
  friend bool operator==(const UnitSlot&, const UnitSlot&) = default;
};

// What the incident needs, from triage and the response plan (response_plan.h).
struct Requirement {
  int priority = 3;
  std::vector<UnitSlot> slots{UnitSlot{}};
  std::vector<std::string> capabilities;  // every chosen unit must have these

  static Requirement Single(int priority, cad::CareLevel level, int units,
                            std::vector<std::string> capabilities = {});
  [[nodiscard]] int TotalUnits() const;
  // True when every slot needs ALS (a BLS unit cannot fill any of them).
  [[nodiscard]] bool OnlyAls() const;
  friend bool operator==(const Requirement&, const Requirement&) = default;
};

// How much of a decision is put into words. kAll: every ranked candidate and every skipped unit
// (or every ranked and excluded hospital), what a dispatcher or crew sees. kChosen: only the
// chosen units (the first hospital); nothing listed as skipped or excluded. kNone: no reasons
// and no names at all, for runs that keep no event log (the simulator reads only the choice).
// The choice itself is the same whatever the setting.
enum class Explain : std::uint8_t { kAll, kChosen, kNone };

struct RecommendOptions {
  Milliseconds stale_fix_age{Minutes{2}};  // older fixes fall back to the home station
  bool allow_diversion = true;
  bool add_als_to_priority1_bls = true;  // P1 whose closest unit is BLS also gets closest ALS
  Explain explain = Explain::kAll;
};

struct Candidate {
  UnitId unit;
  std::string name;
  cad::CareLevel level = cad::CareLevel::kBls;
  Milliseconds eta{0};
  bool from_station = false;                // ETA from the home station (stale or no fix)
  std::optional<IncidentId> diverted_from;  // set when taking the unit off another incident
  std::string reason;                       // why it is where it is in the list
};

struct Skipped {
  UnitId unit;
  std::string name;
  std::string reason;
};

struct Recommendation {
  IncidentId incident;
  std::vector<Candidate> chosen;  // the units to send, in dispatch order
  std::vector<Candidate> ranked;  // every eligible unit, best first (chosen ones included)
  std::vector<Skipped> skipped;   // every other unit, with the reason
  bool short_of_units = false;    // fewer eligible units than required
};

// Orders eligible candidates, best first. The default ranks by ETA (ties by unit id).
class RecommendPolicy {
 public:
  virtual ~RecommendPolicy() = default;
  virtual void Rank(const cad::CadState& state, std::vector<Candidate>& candidates) const = 0;
  [[nodiscard]] virtual std::string_view name() const = 0;
};

class ClosestUnitPolicy final : public RecommendPolicy {
 public:
  void Rank(const cad::CadState& state, std::vector<Candidate>& candidates) const override;
  [[nodiscard]] std::string_view name() const override { return "closest unit"; }
};

Result<Recommendation> Recommend(const cad::CadState& state, IncidentId incident,
                                 const Requirement& need, const cad::TravelTimes& travel,
                                 Instant now, const RecommendOptions& options = {},
                                 const RecommendPolicy& policy = ClosestUnitPolicy());

// "4 min 12 s" (ETAs as a dispatcher reads them).
std::string FormatEta(Milliseconds eta);

}  // namespace beacon::dispatch
