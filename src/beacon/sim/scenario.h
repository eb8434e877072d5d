// SimScenario: a simulation scenario file (docs/formats/sim-scenario.md), distinct from the
// dispatch scenarios of src/beacon/scenario/: the period to simulate, the demand (synthetic or a
// call trace), the service model, the dispatch policy, and what the scenario changes in the city
// model (fleet and shifts, posts, hospital offload times, demand scale).
//
//   BEACON_ASSIGN_OR_RETURN(SimScenario s, LoadSimScenario("data/scenarios/boston.yaml", model));
//   BEACON_ASSIGN_OR_RETURN(model::CityModel m, ScenarioModel(model, s));  // overrides applied
//
// Loading checks the file against the city model (its name, complaints and their answers,
// hospitals, posts) so that every mistake is reported with the file, the line and the field
// before a run starts.
// Thread-safety: plain values once loaded.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/model/city_model.h"
#include "beacon/model/city_sources.h"
#include "beacon/sim/distribution.h"
#include "beacon/sim/mci_spec.h"
#include "beacon/triage/engine.h"

namespace beacon::sim {

// One line of the chief-complaint mix: the call-taker's answers to the complaint's questions,
// which the center's triage turns into a determinant (checked when the file loads).
struct MixEntry {
  std::string complaint;
  triage::Answers answers;
  double share = 0;
  // Resolved against the model's rule set when the scenario loads.
  std::string determinant;
  int priority = 3;
};

struct DemandSpec {
  double calls_per_day = 0;              // mean over the week, before `scale`
  double scale = 1;                      // multiplies calls_per_day ("what if demand grows 10 %")
  std::array<double, 24> hour_of_day{};  // relative rates by local hour (all 1 when absent)
  std::array<double, 7> day_of_week{};   // Monday first (all 1 when absent)
  std::vector<MixEntry> mix;
  std::filesystem::path trace;  // a call trace CSV replaces the synthetic demand when set
};

struct ServiceSpec {
  Distribution call_processing = Distribution::Fixed(Seconds{60});  // call to dispatch
  Distribution turnout = Distribution::Fixed(Seconds{60});          // dispatch to en route
  std::array<Distribution, 3> on_scene{Distribution::Fixed(Minutes{15}),
                                       Distribution::Fixed(Minutes{15}),
                                       Distribution::Fixed(Minutes{15})};  // by priority
  std::array<double, 3> transport{1, 1, 1};  // probability of a transport by priority
  // Arrival at the ED to transfer of care; empty: each hospital's typical offload, fixed.
  std::optional<Distribution> offload;
};

enum class TravelMode {
  kRoad,  // every leg an exact road travel time (the city model's hierarchy)
  kZero,  // every leg takes no time (queueing validation against Erlang C)
};

// Which unit the center recommends. Coverage-aware ranking and DMEXCLP move-up plug in here.
// closest_unit: the closest unit by road; coverage_aware: among units within the tolerance of the
// best ETA, the one whose departure loses least expected coverage; dmexclp: closest unit, and
// after every assignment and clearance the DMEXCLP move-up (Jagtenberg et al. 2015) is ordered
// and driven.
enum class PolicyKind { kClosestUnit, kCoverageAware, kDmexclp };

struct SimScenario {
  std::string file;
  std::string name;
  std::string description;
  std::string city;  // must equal the model's name
  Instant start;
  Milliseconds length{Hours{24}};
  Milliseconds warmup{0};  // calls before start + warmup are simulated but not counted
  TravelMode travel = TravelMode::kRoad;
  PolicyKind policy = PolicyKind::kClosestUnit;
  DemandSpec demand;
  ServiceSpec service;
  std::array<Milliseconds, 3> targets{Seconds{480}, Seconds{600}, Seconds{900}};  // response
  // Overrides of the city model.
  std::optional<model::Fleet> fleet;                      // replaces the fleet and shifts
  std::optional<dispatch::ResponsePlans> response_plans;  // replaces the run cards
  std::vector<StationId> posts;                           // replaces the posts (empty: the model's)
  std::map<HospitalId, Milliseconds> hospital_offload;    // typical offload per hospital
  std::optional<MciSpec> mci;                             // an MCI exercise on top of the demand
};

Result<SimScenario> LoadSimScenario(const std::filesystem::path& path,
                                    const model::CityModel& model);
// `origin` names the text in errors; relative paths in it are relative to `base_dir`.
Result<SimScenario> ParseSimScenario(std::string_view text, const std::string& origin,
                                     const std::filesystem::path& base_dir,
                                     const model::CityModel& model);

// The city model with the scenario's overrides applied (graph and hierarchy shared).
Result<model::CityModel> ScenarioModel(const model::CityModel& base, const SimScenario& scenario);

}  // namespace beacon::sim
