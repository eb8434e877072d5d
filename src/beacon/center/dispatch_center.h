// DispatchCenter: the CAD core at work. It turns what call-takers, dispatchers and crews do
// (a call, triage answers, a dispatch, a status change) into events on one ordered log, applies
// them to the CAD state, and makes the decisions on that state: the response plan, the unit
// recommendation, destinations, alerts, the pending-call queue, shift changes. The live server
// and the simulator drive the same object, so they run exactly the same logic.
//
//   DispatchCenter center = *DispatchCenter::Create(model, model.Roster(), clock,
//                                                   std::make_unique<RoadTravelTimes>(model));
//   IncidentId inc = *center.ReceiveCall(CallInput::At({42.3512, -71.0665}), "calltaker:ana");
//   TriageOutcome t = *center.Triage(inc, "cardiac_arrest", {{"conscious", "no"}},
//   "calltaker:ana"); const RecommendationRecord* rec = center.LastRecommendation(inc);   // made
//   on triage center.Dispatch(inc, "dispatcher:kim");                              // send
//   rec->chosen
//
// With Options::coverage the center also ranks units by the coverage their departure loses and,
// after each assignment and clearance, records DMEXCLP move-ups (MoveUpRecommended events,
// suggested or applied; docs/design/coverage.md).
//
// Every command checks first and changes nothing when it is refused (the error names the unit or
// incident, its state and what was attempted). Time comes only from the Clock. When a unit
// becomes available, the calls waiting for a unit are recommended again at once, most urgent
// first. Pure: no I/O, no threads.
// Thread-safety: not thread-safe; one owner (the server serialises commands; the simulator has
// one per replication).
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "beacon/base/clock.h"
#include "beacon/base/result.h"
#include "beacon/cad/state.h"
#include "beacon/cad/travel_times.h"
#include "beacon/dispatch/alerts.h"
#include "beacon/dispatch/coverage_policy.h"
#include "beacon/dispatch/destination.h"
#include "beacon/dispatch/mci_distribution.h"
#include "beacon/dispatch/move_up.h"
#include "beacon/dispatch/recommend.h"
#include "beacon/dispatch/response_plan.h"
#include "beacon/dispatch/waiting.h"
#include "beacon/model/city_model.h"
#include "beacon/triage/engine.h"
#include "beacon/triage/mci_triage.h"

namespace beacon::center {

struct CallInput {
  LatLon location;
  std::string address;
  std::optional<Instant> psap_time;  // when the 911 centre answered, if known

  static CallInput At(const LatLon& p, std::string address = "") {
    return CallInput{p, std::move(address), std::nullopt};
  }
};

struct TriageOutcome {
  bool determined = false;
  const triage::Complaint* complaint = nullptr;
  const triage::Determinant* determinant = nullptr;  // final, or the provisional one
  std::vector<const triage::Question*> remaining;    // questions that can still change it
  const triage::Question* next = nullptr;
};

// Coverage in the center (docs/design/coverage.md): the coverage-aware recommendation and
// move-up (DMEXCLP), both on the model's coverage model and road trees.
struct CoverageOptions {
  // Rank units with the coverage-aware policy: among units within `policy.tolerance` of the
  // best ETA, the one whose departure loses the least expected coverage.
  bool coverage_aware = false;
  dispatch::CoveragePolicyOptions policy;
  // After each assignment and each clearance, suggest which idle unit should move to which post
  // (a MoveUpRecommended event whose reason gives the coverage gained).
  bool move_up = false;
  // Order the move-ups instead of suggesting them (the simulator): the event says `applied` and
  // the unit counts from the post until it is assigned or reports a fix there.
  bool apply_move_up = false;
  // Also suggest moving one other idle unit when that gains at least request.min_gain_share.
  bool move_other_units = true;
  // Priority, busy fraction, gain threshold, units per post. The center sets its `freed`,
  // `consider_other_units` (from move_other_units) and `posts` (the model's posts).
  dispatch::MoveUpRequest request;
};

// One move-up the center suggested or ordered.
struct MoveUpRecord {
  dispatch::MoveUp move;
  StationId post;
  bool applied = false;
  std::string trigger;  // "A7 cleared", "M1 assigned to incident 3"
  Instant made;
};

// A patient's triage tag at an MCI: the category is either given (a tag filled in by hand) or
// worked out by `algorithm` from `findings`.
struct MciTagInput {
  std::string tag;
  std::optional<triage::MciCategory> category;
  std::optional<triage::MciAlgorithm> algorithm;
  triage::Findings findings;
  std::string site;  // empty: at the incident's location
  cad::MciNeeds needs;
};

// Which hospital policy an MCI plan follows (dispatch/mci_distribution.h).
enum class MciPolicy : std::uint8_t {
  kPlanned,  // the distribution planner: capacity and capabilities respected, red first
  kClosest,  // every patient to the closest capable hospital, whatever its capacity
};

struct MciPlanRequest {
  MciPolicy policy = MciPolicy::kPlanned;
  // Units that may carry patients besides those already working the MCI (e.g. units in staging
  // not yet assigned). Units busy on another incident are left out either way.
  std::vector<UnitId> extra_units;
  // Units of the MCI to leave out (released back to the city).
  std::vector<UnitId> released_units;
  Milliseconds load_time{Minutes{2}};  // per patient put on an ambulance
  Milliseconds handover{Minutes{10}};  // at the hospital, until the ambulance can leave again
  int ambulance_capacity = 1;          // patients per ambulance run
  dispatch::MciPlanOptions options;
};

// A plan on the current state, with the names the planner's indexes stand for.
struct MciPlanResult {
  dispatch::MciInput input;
  dispatch::MciPlan plan;
  std::vector<std::string> tags;         // parallel to input.patients
  std::vector<UnitId> units;             // parallel to input.ambulances
  std::vector<std::string> scene_sites;  // parallel to input.scenes (the MCI's site names)
  Instant made;
};

struct RecommendationRecord {
  dispatch::Recommendation recommendation;
  dispatch::PlannedResponse plan;
  Instant made;
};

class DispatchCenter {
 public:
  DispatchCenter(DispatchCenter&&) noexcept;
  DispatchCenter& operator=(DispatchCenter&&) noexcept;
  ~DispatchCenter();
  struct Options {
    dispatch::RecommendOptions recommend;
    dispatch::AlertLimits alerts;
    dispatch::DestinationOptions destination;
    bool follow_shifts = true;   // units go on and off duty with their model shifts
    bool auto_recommend = true;  // recommend on triage and when a unit frees up
    CoverageOptions coverage;
    bool keep_log = true;  // false: events are applied but not kept (long simulations)
  };

  // The model supplies the protocol, response plans, areas, shifts and time zone; `roster` the
  // units, stations and hospitals (usually model.Roster(), or a scenario's own).
  static Result<DispatchCenter> Create(const model::CityModel& model, cad::Roster roster,
                                       const Clock& clock,
                                       std::unique_ptr<const cad::TravelTimes> travel,
                                       Options options);
  static Result<DispatchCenter> Create(const model::CityModel& model, cad::Roster roster,
                                       const Clock& clock,
                                       std::unique_ptr<const cad::TravelTimes> travel);

  // --- Commands (each appends one or more events, or changes nothing and says why) ---
  Result<IncidentId> ReceiveCall(const CallInput& call, std::string_view actor);
  // Evaluates the answers; once the determinant is certain (or `force` is set: the call-taker
  // dispatches on the provisional determinant), records TriageCompleted and recommends.
  Result<TriageOutcome> Triage(IncidentId incident, std::string_view complaint,
                               const triage::Answers& answers, std::string_view actor,
                               bool force = false);
  Status SetPriority(IncidentId incident, int priority, std::string_view actor);
  // Computes a recommendation now and records it (UnitRecommended).
  Result<RecommendationRecord> Recommend(IncidentId incident, std::string_view actor);
  Status Assign(UnitId unit, IncidentId incident, std::string_view actor,
                std::string_view reason = "");
  // Assigns every chosen unit of the incident's latest recommendation.
  Status Dispatch(IncidentId incident, std::string_view actor);
  Status Progress(UnitId unit, IncidentId incident, cad::AssignmentState state,
                  std::optional<HospitalId> destination, std::string_view actor);
  Status SetAvailability(UnitId unit, cad::Availability availability, std::string_view actor,
                         std::string_view reason = "");
  Status SetHospitalStatus(HospitalId hospital, cad::HospitalStatus status, std::string_view actor);
  Status CloseIncident(IncidentId incident, std::string_view actor);
  // A dispatcher's answer to one of LastMoveUps() (the unit to the post): accepting orders it
  // (a MoveUpRecommended event with `applied`, and the unit counts from the post from then on);
  // dismissing drops the suggestion. NotFound when no such suggestion is open.
  Status AcceptMoveUp(UnitId unit, StationId post, std::string_view actor);
  Status DismissMoveUp(UnitId unit, StationId post);
  Status UpdatePosition(UnitId unit, const LatLon& position);

  // --- Mass-casualty incidents (cad/mci.h; docs/design/mci.md) ---
  // Declares the incident an MCI; its units and any sent later work the MCI.
  Result<cad::MciId> DeclareMci(IncidentId incident, std::string name, int level,
                                std::string_view actor);
  Status SetMciLevel(cad::MciId mci, int level, std::string_view actor);
  Status SetMciSite(cad::MciId mci, std::string site, cad::MciSiteKind kind, const LatLon& location,
                    std::string_view actor);
  // Red, yellow, green and gray patients the hospital can still take for this MCI.
  Status DeclareSurge(cad::MciId mci, HospitalId hospital, std::array<int, 4> capacity,
                      std::string_view actor);
  // Tags a patient; with an algorithm and findings the category is the algorithm's (its reason
  // goes into the event), else the category given. INVALID_ARGUMENT naming a missing finding.
  Result<triage::MciCategory> TagPatient(cad::MciId mci, const MciTagInput& input,
                                         std::string_view actor);
  // Re-triage: a new category given, or worked out from the findings.
  Result<triage::MciCategory> RetriagePatient(cad::MciId mci, const MciTagInput& input,
                                              std::string_view actor);
  Status MovePatient(cad::MciId mci, std::string_view tag, std::string site,
                     std::string_view actor);
  Status TreatPatient(cad::MciId mci, std::string_view tag, std::string treatment,
                      std::string_view actor);
  Status AssignPatientTransport(cad::MciId mci, std::string_view tag, UnitId unit,
                                HospitalId hospital, std::string_view actor,
                                std::string_view reason = "");
  Status PatientTransported(cad::MciId mci, std::string_view tag, UnitId unit, HospitalId hospital,
                            std::string_view actor);
  Status PatientArrived(cad::MciId mci, std::string_view tag, HospitalId hospital,
                        std::string_view actor);
  Status ReleasePatient(cad::MciId mci, std::string_view tag, std::string_view actor);
  Status CloseMci(cad::MciId mci, std::string_view actor);
  // Plans who goes where, by which ambulance and in which order, from the MCI's state now:
  // patients at the scene by category and needs, those on their way or delivered fixed, the
  // hospitals' declared surge capacity (an open ED that declared none takes none under the
  // planned policy), the MCI's ambulances (and `extra_units`) with when and where they come
  // free, and road travel times. Changes nothing.
  [[nodiscard]] Result<MciPlanResult> PlanMci(cad::MciId mci,
                                              const MciPlanRequest& request = {}) const;
  // Records the first run of every ambulance in the plan (PatientTransportAssigned for each of
  // its patients still at the scene); later runs are planned again when the ambulance is free.
  // Returns how many patients were assigned.
  Result<int> AcceptMciPlan(cad::MciId mci, const MciPlanResult& plan, std::string_view actor);

  // Lets go of a closed incident (its state and recommendation), so that a simulated year keeps
  // only the open incidents in memory. Not an event.
  Status ForgetIncident(IncidentId incident);
  // Rebuilds the center from a stored log (the live server at start-up): each event is checked
  // and applied in order, later commands continue the log, and units a person put out of
  // service stay out across shift changes. Recommendations are not events: they are made
  // again when asked. Stops at the first event the state refuses, naming it.
  Status Restore(std::span<const cad::Event> events);
  // Rebuilds the center from a snapshot of the state (the live server at start-up, before the
  // events after it go through Restore) and the units a person put out of service.
  Status RestoreSnapshot(cad::CadState::Live live, std::span<const UnitId> manual_out);
  // The units a person put out of service (they stay out across shift changes).
  [[nodiscard]] std::vector<UnitId> ManualOut() const {
    return std::vector<UnitId>(manual_out_.begin(), manual_out_.end());
  }
  // A stored fix with its own time (at start-up): stale fixes stay stale.
  Status RestorePosition(UnitId unit, const cad::PositionFix& fix);
  // Puts units on and off duty by their shifts at the Clock's time (an off-duty unit still on
  // an assignment goes off when it clears). Call it whenever time advances.
  Status ApplyShifts();

  // --- Questions ---
  [[nodiscard]] const cad::CadState& state() const { return state_; }
  [[nodiscard]] const std::vector<cad::Event>& log() const { return log_; }
  [[nodiscard]] const model::CityModel& model() const { return *model_; }
  [[nodiscard]] Instant Now() const { return clock_->Now(); }
  [[nodiscard]] const RecommendationRecord* LastRecommendation(IncidentId incident) const;
  // The response plan for the incident as triaged (priority 1 ALS when not yet triaged).
  [[nodiscard]] dispatch::PlannedResponse PlanFor(IncidentId incident) const;
  [[nodiscard]] Result<dispatch::DestinationPlan> Destinations(
      IncidentId incident, const dispatch::PatientNeeds& needs) const;
  // eDisposition.20 for a transport: the destination rules' reason when `a` went to the hospital
  // they rank first for the call as triaged; empty otherwise (the crew documents it).
  [[nodiscard]] std::string DestinationReason(const cad::Assignment& a) const;
  [[nodiscard]] Result<dispatch::DestinationPlan> DestinationsFrom(
      const LatLon& from, const dispatch::PatientNeeds& needs) const;
  [[nodiscard]] std::vector<dispatch::Alert> Alerts() const;
  [[nodiscard]] std::vector<dispatch::WaitingCall> Waiting() const;
  [[nodiscard]] const cad::TravelTimes& travel() const { return *travel_; }
  // The move-ups of the latest decision (after the latest assignment or clearance; empty when
  // nothing was worth moving), and every one so far. Empty unless coverage.move_up is set.
  [[nodiscard]] const std::vector<MoveUpRecord>& LastMoveUps() const { return last_move_ups_; }
  // Every move-up so far (kept only with Options::keep_log; MoveUpCount() counts them all).
  [[nodiscard]] const std::vector<MoveUpRecord>& MoveUps() const { return move_ups_; }
  [[nodiscard]] std::uint64_t MoveUpCount() const { return move_up_count_; }
  // The coverage model (null unless a coverage option is set).
  [[nodiscard]] const dispatch::CoverageModel* Coverage() const;
  // Expected coverage of the idle units now (priority of the move-up request), as a share.
  [[nodiscard]] Result<double> ExpectedCoverageShare() const;
  // The same idle units' coverage state (n_i per demand point: Uncovered() are the gaps).
  [[nodiscard]] Result<dispatch::CoverageState> IdleCoverage() const;

  // Replaces the ranking policy (e.g. coverage-aware); it must outlive the center.
  void SetPolicy(const dispatch::RecommendPolicy* policy) { policy_ = policy; }

 private:
  explicit DispatchCenter(cad::CadState state);
  // Applies an event stamped with the clock's time. Without Options::keep_log the event is
  // not kept, so it carries no actor or reason text (nothing reads them).
  Status Append(cad::EventPayload payload, std::string_view actor, std::string_view reason);
  // The same with the reason formatted only when the event is kept.
  template <typename... Args>
  Status AppendF(cad::EventPayload payload, std::string_view actor,
                 fmt::format_string<Args...> reason, Args&&... args) {
    if (!options_.keep_log) return Append(std::move(payload), actor, {});
    return Append(std::move(payload), actor, fmt::format(reason, std::forward<Args>(args)...));
  }
  // Computes a recommendation, records it and returns the stored record (valid until the
  // incident is forgotten or recommended again).
  Result<const RecommendationRecord*> RecommendInPlace(IncidentId incident, std::string_view actor);
  void RecommendWaiting();
  [[nodiscard]] bool MoveUpsOn() const { return coverage_ && options_.coverage.move_up; }
  Status SetUpCoverage();
  // DMEXCLP after an assignment (freed: none) or a clearance (freed: the unit).
  Status MoveUp(std::optional<UnitId> freed, const std::string& trigger);
  [[nodiscard]] dispatch::IdleUnitOptions IdleOptions() const;
  void ForgetHeading(UnitId unit);
  // The unit is at the post (a fresh fix there) or already ordered to it.
  [[nodiscard]] bool AtPost(UnitId unit, std::size_t post) const;
  [[nodiscard]] std::string UnitName(UnitId unit) const;
  [[nodiscard]] const model::ModelUnit* ModelUnitFor(UnitId unit) const;
  // The model's area name at `p` (a point-in-polygon test over the neighbourhoods), remembered
  // by exact coordinates: calls come again and again from the same addresses and demand points,
  // and a waiting call is planned again every time a unit frees up.
  [[nodiscard]] const std::string& AreaNameAt(const LatLon& p) const;

  const model::CityModel* model_ = nullptr;
  const Clock* clock_ = nullptr;
  std::unique_ptr<const cad::TravelTimes> travel_;
  Options options_;
  dispatch::ClosestUnitPolicy closest_;
  const dispatch::RecommendPolicy* policy_ = nullptr;  // null: closest_
  cad::CadState state_;
  std::vector<cad::Event> log_;
  std::map<IncidentId, RecommendationRecord> recommendations_;
  std::map<UnitId, const model::ModelUnit*> model_units_;
  std::set<UnitId> manual_out_;  // put out of service by a person: shifts leave them alone
  struct CoverageParts;          // the coverage model, road trees, reach cache and policy
  std::unique_ptr<CoverageParts> coverage_;
  std::map<UnitId, std::size_t> heading_;  // applied move-ups: unit -> post site
  std::vector<MoveUpRecord> last_move_ups_;
  std::vector<MoveUpRecord> move_ups_;
  std::uint64_t move_up_count_ = 0;
  bool dispatching_ = false;  // Dispatch() sends several units: one move-up decision after all
  std::uint64_t next_call_ = 1;
  std::uint32_t next_incident_ = 1;
  std::uint32_t next_mci_ = 1;
  struct PointHash {
    std::size_t operator()(const std::pair<double, double>& p) const;
  };
  mutable std::unordered_map<std::pair<double, double>, std::string, PointHash> area_names_;
};

}  // namespace beacon::center
