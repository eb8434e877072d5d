// Destination: which emergency department a patient should go to, under point-of-entry rules,
// ranked by road time, each with its reason and the NEMSIS eDisposition.20 code.
//
//   PatientNeeds needs;  needs.stroke_fast_ed = 7;  // severe stroke
//   BEACON_ASSIGN_OR_RETURN(DestinationPlan plan,
//                           RankDestinations(state, scene, needs, travel));
//   plan.ranked[0].hospital;  plan.ranked[0].reason;  // "thrombectomy centre, 6 min 10 s ..."
//
// Rules (../shared/docs/domain.md, Boston EMS point-of-entry practice): cardiac arrest or an
// unmanageable airway goes to the closest ED; trauma to a level I/II trauma centre for the
// patient's age; severe stroke (FAST-ED >= 6) to a thrombectomy-capable centre when the extra
// travel over the closest stroke centre is at most 30 min; STEMI to a PCI centre; then burns,
// obstetrics, behavioural health and children to a capable ED. Code Black and non-ED hospitals
// are never offered. When no open hospital has the capability, the closest ED comes first and
// the reason says so.
// Thread-safety: a pure function of its arguments.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/cad/state.h"
#include "beacon/cad/travel_times.h"
#include "beacon/dispatch/recommend.h"

namespace beacon::dispatch {

struct PatientNeeds {
  std::optional<int> age_years;
  bool cardiac_arrest = false;
  bool unmanageable_airway = false;
  bool trauma = false;
  std::optional<int> stroke_fast_ed;  // set for a suspected stroke: the FAST-ED score (0-9)
  bool stemi = false;
  bool burn = false;
  bool obstetric = false;
  bool behavioral = false;
};

struct DestinationOptions {
  int pediatric_below_age = 18;   // younger patients are children for destination rules
  int severe_stroke_fast_ed = 6;  // FAST-ED at or above this suggests a large-vessel stroke
  Milliseconds thrombectomy_extra_travel{Minutes{30}};  // accepted extra time to thrombectomy
  // kAll: every ranked hospital gets its name and reason and every excluded one is listed (what
  // a crew and a dispatcher see). kChosen: only the first choice gets them, nothing is listed as
  // excluded. kNone: no names or reasons (the simulator reads only the first choice's id and
  // time). The order is the same (recommend.h).
  Explain explain = Explain::kAll;
};

// NEMSIS v3.5.1 eDisposition.20 (Reason for Choosing Destination) codes Beacon uses.
inline constexpr const char* kClosestFacility = "4220001";
inline constexpr const char* kRegionalSpecialtyCenter = "4220021";

struct DestinationChoice {
  HospitalId hospital;
  std::string name;
  Milliseconds eta{0};
  bool meets_need = false;
  std::string reason;
  std::string disposition_reason_code;  // eDisposition.20
};

struct ExcludedHospital {
  HospitalId hospital;
  std::string name;
  std::string reason;
};

struct DestinationPlan {
  std::string need;                        // "severe stroke (FAST-ED 7)", "trauma, child (8)"
  std::vector<DestinationChoice> ranked;   // best first
  std::vector<ExcludedHospital> excluded;  // Code Black, no ED, no road route
};

Result<DestinationPlan> RankDestinations(const cad::CadState& state, const LatLon& from,
                                         const PatientNeeds& needs, const cad::TravelTimes& travel,
                                         const DestinationOptions& options = {});

}  // namespace beacon::dispatch
