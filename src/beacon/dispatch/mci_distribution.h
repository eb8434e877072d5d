// MCI hospital distribution: which hospital each patient of a mass-casualty incident goes to, by
// which ambulance and in which order, with estimated departure and arrival times, so that every
// Immediate (red) patient arrives as early as possible and no hospital receives more than the
// surge capacity it declared for a category. Method and references:
// docs/design/mci-distribution.md.
//
//   MciInput in;                       // scenes, patients, hospitals, ambulances, travel tables
//   in.scenes = {{.name = "Boylston St finish line"}};
//   in.patients.push_back({.id = "T-001", .category = TransportCategory::kRed, .trauma = true});
//   ...
//   BEACON_ASSIGN_OR_RETURN(MciPlan plan, PlanMciDistribution(in));
//   plan.figures.last_red_arrival;     // time until the last red patient reaches a hospital
//   BEACON_ASSIGN_OR_RETURN(MciPlan closest, PlanClosestHospital(in));   // the same figures
//
// Times are offsets from the moment of planning (t = 0). Travel times come as plain tables
// (scene -> hospital, hospital -> scene, ambulance -> scene): dispatch sees roads only through
// them. Re-planning is calling the planner again on the current state: patients already on their
// way or delivered carry `fixed` (they keep their hospital and count against its capacity), and
// ambulances carry where they will be and when they become free.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/base/latlon.h"
#include "beacon/base/result.h"
#include "beacon/base/time.h"
#include "beacon/cad/entities.h"

namespace beacon::dispatch {

// The transport categories, most urgent first (MCI triage: Red Immediate, Yellow Delayed, Green
// Minor, Gray Expectant). Dead (Black) patients are not transported.
enum class TransportCategory { kRed = 0, kYellow = 1, kGreen = 2, kGray = 3 };
inline constexpr std::size_t kTransportCategories = 4;

struct MciScene {
  std::string name;
  LatLon location;
  Milliseconds load_time{Minutes{2}};  // per patient put on an ambulance here
};

// A patient already on the way or delivered: the planner keeps it as it is.
struct FixedTransport {
  std::size_t hospital = 0;  // index into MciInput::hospitals
  Milliseconds arrival{0};   // at the hospital (in the past for a delivered patient)
};

struct MciPatient {
  std::string id;  // triage tag number
  TransportCategory category = TransportCategory::kGreen;
  std::size_t scene = 0;  // index into MciInput::scenes
  // Needs that call for a capable hospital (destination rules: children to pediatric care or a
  // pediatric trauma centre, burns to a burn centre, major trauma to a trauma centre).
  bool pediatric = false;
  bool burn = false;
  bool trauma = false;
  Milliseconds ready_at{0};  // when the patient can leave the scene (extricated, packaged)
  std::optional<FixedTransport> fixed;
};

struct MciHospital {
  HospitalId id;
  std::string name;
  cad::HospitalCapabilities capabilities;
  // Declared surge capacity per TransportCategory (red, yellow, green, gray); gray (expectant)
  // patients also use what red capacity the red patients leave.
  std::array<int, kTransportCategories> capacity{};
  Milliseconds handover{Minutes{10}};  // from arrival until the ambulance can leave again
};

struct MciAmbulance {
  UnitId id;
  std::string name;
  Milliseconds free_at{0};  // when it can start towards a scene (its position: travel table)
  int capacity = 1;         // patients per trip
};

// Travel tables; std::nullopt where there is no road route.
struct MciTravelTimes {
  std::vector<std::vector<std::optional<Milliseconds>>> scene_to_hospital;   // [scene][hospital]
  std::vector<std::vector<std::optional<Milliseconds>>> hospital_to_scene;   // [hospital][scene]
  std::vector<std::vector<std::optional<Milliseconds>>> ambulance_to_scene;  // [ambulance][scene]
};

struct MciInput {
  std::vector<MciScene> scenes;
  std::vector<MciPatient> patients;
  std::vector<MciHospital> hospitals;
  std::vector<MciAmbulance> ambulances;
  MciTravelTimes travel;
};

struct MciPlanOptions {
  int max_trauma_level = 2;  // trauma patients need a trauma centre of this level or better (1..4)
  // Local search over hospital choices (design doc): evaluations of a full schedule at most.
  int max_evaluations = 200'000;
};

// One ambulance run: to the scene, load, to the hospital, hand over.
struct PlannedTrip {
  std::size_t ambulance = 0;
  int run = 0;  // 1 for the ambulance's first run of the plan, then 2, ...
  std::size_t scene = 0;
  std::size_t hospital = 0;
  std::vector<std::size_t> patients;  // indexes into MciInput::patients, in loading order
  Milliseconds at_scene{0};           // ambulance at the scene
  Milliseconds depart{0};             // leaves the scene
  Milliseconds arrive{0};             // at the hospital
  Milliseconds free_at{0};            // hand-over done
};

struct PatientPlan {
  std::optional<std::size_t> hospital;  // unset: not placed (see `unplaced_reason`)
  std::optional<std::size_t> trip;      // index into MciPlan::trips; unset for fixed patients
  std::optional<Milliseconds> depart;   // leaves the scene
  std::optional<Milliseconds> arrival;  // at the hospital
  int order = 0;                        // 1-based order of departure in the plan; 0 if none
  bool needs_met = true;                // the hospital has every capability the patient needs
  std::string unplaced_reason;
};

struct MciFigures {
  std::optional<Milliseconds> last_red_arrival;  // unset when no red patient arrives
  std::array<Milliseconds, kTransportCategories> sum_arrival{};
  std::array<int, kTransportCategories> arrived{};  // patients with an arrival, per category
  // Load per hospital and category (fixed patients included), and what exceeds the capacity.
  std::vector<std::array<int, kTransportCategories>> load;
  int overflow = 0;     // patients above declared capacity, summed over hospitals and categories
  int unplaced = 0;     // patients with no hospital or no ambulance
  int needs_unmet = 0;  // patients at a hospital lacking a capability they need
};

struct MciPlan {
  std::vector<PlannedTrip> trips;     // in order of departure
  std::vector<PatientPlan> patients;  // parallel to MciInput::patients
  MciFigures figures;
};

// The planner: exact transportation model for hospital choice, list scheduling of ambulance
// runs, and a local search on the full schedule (docs/design/mci-distribution.md). Never sends
// more patients of a category to a hospital than its declared capacity (fixed ones included); a
// patient no hospital can take, or no ambulance can reach, is left unplaced with a reason.
// INVALID_ARGUMENT naming the item when the input is inconsistent (table sizes, indexes, negative
// times or capacities).
Result<MciPlan> PlanMciDistribution(const MciInput& input, const MciPlanOptions& options = {});

// The "closest hospital" policy on the same input, for comparison: every patient to the closest
// reachable hospital that meets its needs (else the closest), whatever its capacity; ambulances
// scheduled the same way. Its figures count the overflow.
Result<MciPlan> PlanClosestHospital(const MciInput& input, const MciPlanOptions& options = {});

// True when `hospital` has every capability `patient` needs (see MciPatient).
bool MeetsNeeds(const MciPatient& patient, const MciHospital& hospital,
                const MciPlanOptions& options = {});

std::string_view TransportCategoryName(TransportCategory category);  // "red", ...

}  // namespace beacon::dispatch
