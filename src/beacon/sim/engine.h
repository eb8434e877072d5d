// The discrete-event engine: one replication of a simulation scenario, driving the CAD core
// (center::DispatchCenter) unchanged with a simulated clock. The engine plays the call-takers,
// dispatchers and crews: it places each call, answers the triage questions from the scenario's
// mix, dispatches what the center recommends, and reports each crew's status change when the
// service model says it happens (turnout, road travel, on scene, transport, offload, return).
//
//   BEACON_ASSIGN_OR_RETURN(ReplicationResult r,
//                           RunReplication(model, scenario, /*trace=*/nullptr, {.seed = 7}));
//   r.calls[0].response;  r.events;
//
// Events at the same instant run in the order they were scheduled (a sequence number breaks
// ties), and every random draw comes from the replication's own Rng streams (demand and service
// apart), so a replication is a pure function of (model, scenario, seed, index). The design,
// including how a moving unit's position is modelled, is in docs/design/simulator.md.
// Thread-safety: RunReplication may run on several threads at once over one shared CityModel
// (each run has its own clock, center and travel-time queries).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/model/city_model.h"
#include "beacon/sim/demand.h"
#include "beacon/sim/scenario.h"
#include "beacon/sim/site_times.h"

namespace beacon::center {
class DispatchCenter;
}  // namespace beacon::center

namespace beacon::sim {

// What happened to one call.
struct CallRecord {
  Instant time;
  LatLon location;
  int mix = -1;
  int priority = 3;
  bool counted = false;                     // received after the warm-up
  bool waited = false;                      // no unit could be sent when the call was triaged
  std::optional<Milliseconds> queue_delay;  // triage to the first unit sent
  std::optional<Milliseconds> dispatch;     // call to the first unit sent
  std::optional<Milliseconds> response;     // call to the first unit on scene
  std::optional<Milliseconds> travel;       // the first arriving unit's drive
  std::string first_unit;
  int units_sent = 0;
  bool transported = false;
  std::string hospital;  // code
  std::optional<Milliseconds> offload;
  std::optional<Milliseconds> busy;  // call to the last unit clear
};

struct UnitStats {
  std::string name;
  Milliseconds busy{0};     // assigned to clear, counted after the warm-up
  Milliseconds on_duty{0};  // by its shift, after the warm-up
  int responses = 0;
};

// What happened to one MCI patient; times from the MCI's first call.
struct MciPatientOutcome {
  std::string tag;
  triage::MciCategory category = triage::MciCategory::kMinor;  // as last triaged
  std::string site;
  std::optional<Milliseconds> tagged;
  std::optional<Milliseconds> departed;  // loaded into the ambulance
  std::optional<Milliseconds> arrived;   // at the hospital
  std::string hospital;                  // code
  std::string unit;
  bool needs_met = true;  // the hospital has every capability the patient needs
};

// What happened in a replication's MCI exercise.
struct MciOutcome {
  MciDistribution policy = MciDistribution::kPlanned;
  Instant start;
  std::vector<MciPatientOutcome> patients;  // in tagging order
  int city_units = 0;                       // city ambulances that worked the MCI
  int mutual_aid_units = 0;                 // mutual-aid ambulances that arrived and worked it
  int plans = 0;                            // distribution plans made
  bool closed = false;                      // every living patient arrived or released
  std::optional<Milliseconds> closed_at;
  std::map<std::string, std::array<int, 4>> declared;  // surge capacity by hospital code
};

struct ReplicationResult {
  int replication = 0;
  std::vector<CallRecord> calls;
  std::vector<UnitStats> units;
  std::uint64_t events = 0;           // engine events handled
  std::uint64_t cad_events = 0;       // events the center appended to its log
  std::uint64_t routing_queries = 0;  // TravelTimes::ToOne / FromOne calls
  std::uint64_t move_ups = 0;         // DMEXCLP move-ups driven (policy dmexclp)
  std::optional<MciOutcome> mci;      // when the scenario has an MCI
};

struct ReplicationOptions {
  std::uint64_t seed = 1;
  int replication = 0;
  const std::vector<SimCall>* trace = nullptr;  // replaces synthetic demand when set
  // Road times between the model's fixed sites (built by the run when null).
  std::shared_ptr<const SiteTimes> sites;
  // Called when the run closes an incident, before the center forgets it: the CAD state still
  // holds the incident and its assignments (e.g. to write a simulated shift's patient records).
  std::function<void(const center::DispatchCenter&, IncidentId)> on_incident_closed;
  // The MCI's hospital policy, in place of the scenario's (the closest-hospital comparison).
  std::optional<MciDistribution> mci_policy;
};

// `model` is the scenario's model (ScenarioModel), shared read-only between threads.
Result<ReplicationResult> RunReplication(const model::CityModel& model, const SimScenario& scenario,
                                         const ReplicationOptions& options);

}  // namespace beacon::sim
