#include "beacon/center/dispatch_center.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "beacon/model/city_coverage.h"

namespace beacon::center {
namespace {

cad::CareLevel ToCad(triage::CareLevel l) {
  return l == triage::CareLevel::kAls ? cad::CareLevel::kAls : cad::CareLevel::kBls;
}

std::vector<UnitId> ChosenIds(const dispatch::Recommendation& r) {
  std::vector<UnitId> ids;
  ids.reserve(r.chosen.size());
  for (const dispatch::Candidate& c : r.chosen) ids.push_back(c.unit);
  return ids;
}

}  // namespace

struct DispatchCenter::CoverageParts {
  explicit CoverageParts(dispatch::CoverageModel m) : model(std::move(m)) {}
  dispatch::CoverageModel model;
  std::unique_ptr<model::ChCoverageTravel> travel;
  std::unique_ptr<dispatch::ReachFinder> finder;
  std::unique_ptr<dispatch::CoverageAwarePolicy> policy;
  std::vector<std::size_t> posts;  // where move-ups send units: the model's posts
};

DispatchCenter::DispatchCenter(cad::CadState state) : state_(std::move(state)) {}
DispatchCenter::DispatchCenter(DispatchCenter&&) noexcept = default;
DispatchCenter& DispatchCenter::operator=(DispatchCenter&&) noexcept = default;
DispatchCenter::~DispatchCenter() = default;

Result<DispatchCenter> DispatchCenter::Create(const model::CityModel& model, cad::Roster roster,
                                              const Clock& clock,
                                              std::unique_ptr<const cad::TravelTimes> travel) {
  return Create(model, std::move(roster), clock, std::move(travel), Options{});
}

Result<DispatchCenter> DispatchCenter::Create(const model::CityModel& model, cad::Roster roster,
                                              const Clock& clock,
                                              std::unique_ptr<const cad::TravelTimes> travel,
                                              Options options) {
  if (!travel) return InvalidArgumentError("a dispatch center needs travel times");
  BEACON_ASSIGN_OR_RETURN(cad::CadState state, cad::CadState::Create(std::move(roster)));
  DispatchCenter c(std::move(state));
  c.model_ = &model;
  c.clock_ = &clock;
  c.travel_ = std::move(travel);
  c.options_ = std::move(options);
  for (const cad::Unit& u : c.state_.units()) {
    const model::ModelUnit* m = model.FindUnitByName(u.name);
    if (m != nullptr && m->unit.id == u.id) c.model_units_[u.id] = m;
  }
  BEACON_RETURN_IF_ERROR(c.SetUpCoverage());
  return c;
}

Status DispatchCenter::SetUpCoverage() {
  const CoverageOptions& o = options_.coverage;
  if (!o.coverage_aware && !o.move_up) return OkStatus();
  auto built = model::BuildCoverageModel(*model_);
  if (!built.ok()) return built.status().WithContext("coverage model");
  coverage_ = std::make_unique<CoverageParts>(std::move(built).value());
  coverage_->travel = std::make_unique<model::ChCoverageTravel>(*model_, coverage_->model);
  coverage_->finder = std::make_unique<dispatch::ReachFinder>(coverage_->model, *coverage_->travel);
  coverage_->posts = model::PostSitesOf(*model_, coverage_->model);
  if (coverage_->posts.empty()) coverage_->posts = coverage_->model.PostSites();
  if (o.coverage_aware) {
    coverage_->policy = std::make_unique<dispatch::CoverageAwarePolicy>(
        coverage_->model, *coverage_->finder, *clock_, o.policy);
    policy_ = coverage_->policy.get();
  }
  return OkStatus();
}

const dispatch::CoverageModel* DispatchCenter::Coverage() const {
  return coverage_ ? &coverage_->model : nullptr;
}

dispatch::IdleUnitOptions DispatchCenter::IdleOptions() const {
  dispatch::IdleUnitOptions idle = options_.coverage.policy.idle;
  idle.priority = options_.coverage.request.priority;
  idle.heading.assign(heading_.begin(), heading_.end());
  return idle;
}

Result<dispatch::CoverageState> DispatchCenter::IdleCoverage() const {
  if (!coverage_) return FailedPreconditionError("coverage is not turned on in this center");
  const dispatch::IdleUnitOptions idle = IdleOptions();
  BEACON_ASSIGN_OR_RETURN(
      std::vector<dispatch::IdleUnit> units,
      dispatch::CollectIdleUnits(state_, *coverage_->finder, clock_->Now(), idle));
  return dispatch::StateOf(coverage_->model, units, idle.priority);
}

Result<double> DispatchCenter::ExpectedCoverageShare() const {
  BEACON_ASSIGN_OR_RETURN(const dispatch::CoverageState s, IdleCoverage());
  return s.TotalWeight() > 0 ? s.Expected() / s.TotalWeight() : 0.0;
}

bool DispatchCenter::AtPost(UnitId unit, std::size_t post) const {
  if (auto it = heading_.find(unit); it != heading_.end()) return it->second == post;
  const std::optional<cad::PositionFix> fix = state_.Position(unit);
  const dispatch::IdleUnitOptions& idle = options_.coverage.policy.idle;
  return fix && clock_->Now() - fix->time <= idle.stale_fix_age &&
         dispatch::ApproxDistance(fix->position, coverage_->model.Sites()[post].location) <=
             idle.at_site_radius;
}

void DispatchCenter::ForgetHeading(UnitId unit) {
  if (heading_.erase(unit) > 0 && coverage_ && coverage_->policy) {
    coverage_->policy->SetHeading(IdleOptions().heading);
  }
}

Status DispatchCenter::MoveUp(std::optional<UnitId> freed, const std::string& trigger) {
  if (!MoveUpsOn()) return OkStatus();
  dispatch::MoveUpRequest request = options_.coverage.request;
  request.freed = freed;
  request.consider_other_units = options_.coverage.move_other_units;
  if (freed) {
    if (const cad::Unit* u = state_.FindUnit(*freed)) request.freed_name = u->name;
  }
  request.posts = coverage_->posts;
  BEACON_ASSIGN_OR_RETURN(
      dispatch::MoveUpDecision d,
      dispatch::SuggestMoveUp(state_, *coverage_->finder, clock_->Now(), request, IdleOptions()));
  last_move_ups_.clear();
  const bool apply = options_.coverage.apply_move_up;
  for (std::optional<dispatch::MoveUp>* m : {&d.freed, &d.relocation}) {
    if (!*m || AtPost((*m)->unit, (*m)->post)) continue;  // already there
    const std::optional<StationId> post = coverage_->model.Sites()[(*m)->post].station;
    if (!post || state_.FindStation(*post) == nullptr) continue;
    MoveUpRecord r{**m, *post, apply, trigger, clock_->Now()};
    BEACON_RETURN_IF_ERROR(Append(cad::MoveUpRecommended{r.move.unit, r.post, apply}, "system",
                                  apply ? r.move.reason + " (ordered)" : r.move.reason));
    if (apply) heading_[r.move.unit] = r.move.post;
    last_move_ups_.push_back(r);
    ++move_up_count_;
    if (options_.keep_log) move_ups_.push_back(std::move(r));
  }
  if (apply && coverage_->policy) coverage_->policy->SetHeading(IdleOptions().heading);
  return OkStatus();
}

Status DispatchCenter::AcceptMoveUp(UnitId unit, StationId post, std::string_view actor) {
  auto it = std::find_if(last_move_ups_.begin(), last_move_ups_.end(), [&](const MoveUpRecord& r) {
    return r.move.unit == unit && r.post == post && !r.applied;
  });
  if (it == last_move_ups_.end()) {
    return NotFoundError(fmt::format(
        "no open move-up suggestion for unit {} to post {}; a newer one may have replaced it", unit,
        post));
  }
  BEACON_RETURN_IF_ERROR(Append(cad::MoveUpRecommended{unit, post, true}, actor,
                                "move-up accepted: " + it->move.reason));
  heading_[unit] = it->move.post;
  if (coverage_->policy) coverage_->policy->SetHeading(IdleOptions().heading);
  it->applied = true;
  if (options_.keep_log) move_ups_.push_back(*it);
  last_move_ups_.erase(it);
  return OkStatus();
}

Status DispatchCenter::DismissMoveUp(UnitId unit, StationId post) {
  const auto removed = std::erase_if(last_move_ups_, [&](const MoveUpRecord& r) {
    return r.move.unit == unit && r.post == post && !r.applied;
  });
  if (removed == 0) {
    return NotFoundError(
        fmt::format("no open move-up suggestion for unit {} to post {}", unit, post));
  }
  return OkStatus();
}

Status DispatchCenter::Append(cad::EventPayload payload, std::string_view actor,
                              std::string_view reason) {
  cad::Event e;
  e.seq = state_.last_seq() + 1;
  e.time = std::max(clock_->Now(), state_.last_time());
  e.payload = std::move(payload);
  if (!options_.keep_log) return state_.Apply(e);
  e.actor = std::string(actor);
  e.reason = std::string(reason);
  BEACON_RETURN_IF_ERROR(state_.Apply(e));
  log_.push_back(std::move(e));
  return OkStatus();
}

Result<IncidentId> DispatchCenter::ReceiveCall(const CallInput& call, std::string_view actor) {
  BEACON_RETURN_IF_ERROR(ValidateLatLon(call.location).WithContext("call location"));
  while (state_.FindCall(cad::CallId{next_call_}) != nullptr) ++next_call_;
  while (state_.FindIncident(IncidentId{next_incident_}) != nullptr) ++next_incident_;
  const cad::CallId call_id{next_call_++};
  const IncidentId incident{next_incident_++};
  BEACON_RETURN_IF_ERROR(
      Append(cad::CallReceived{call_id, call.location, call.address, call.psap_time}, actor,
             "call received"));
  BEACON_RETURN_IF_ERROR(Append(cad::IncidentCreated{incident, call_id}, actor, "new incident"));
  return incident;
}

Result<TriageOutcome> DispatchCenter::Triage(IncidentId incident, std::string_view complaint_id,
                                             const triage::Answers& answers, std::string_view actor,
                                             bool force) {
  const cad::Incident* inc = state_.FindIncident(incident);
  if (inc == nullptr) return NotFoundError(fmt::format("incident {} does not exist", incident));
  if (inc->closed) return FailedPreconditionError(fmt::format("incident {} is closed", incident));
  const triage::Complaint* complaint = model_->protocol().FindComplaint(std::string(complaint_id));
  if (complaint == nullptr) {
    return NotFoundError(fmt::format("the protocol has no complaint '{}'", complaint_id));
  }
  BEACON_ASSIGN_OR_RETURN(triage::Evaluation e, triage::Evaluate(*complaint, answers));
  TriageOutcome out;
  out.complaint = complaint;
  out.determined = e.determinant != nullptr;
  out.determinant = e.determinant != nullptr ? e.determinant : e.provisional;
  out.next = e.next;
  for (const triage::RemainingQuestion& r : e.remaining) out.remaining.push_back(r.question);
  if ((out.determined || force) && out.determinant != nullptr) {
    const triage::Determinant& d = *out.determinant;
    cad::TriageCompleted t;
    t.incident = incident;
    t.complaint = complaint->id;
    t.determinant = d.code;
    t.priority = d.priority;
    t.level = ToCad(d.level);
    t.units = d.units;
    t.lights_and_sirens = d.lights_and_sirens;
    t.dispatch_reason_code = complaint->nemsis_reason;
    t.dispatch_priority_code = d.nemsis_priority;
    BEACON_RETURN_IF_ERROR(AppendF(t, actor, "{}: {}{}", d.code, d.description,
                                   out.determined ? "" : " (provisional: questions unanswered)"));
    if (options_.auto_recommend) (void)Recommend(incident, "system");
  }
  return out;
}

Status DispatchCenter::SetPriority(IncidentId incident, int priority, std::string_view actor) {
  if (priority < cad::kHighestPriority || priority > cad::kLowestPriority) {
    return InvalidArgumentError(fmt::format("priority {} is not 1, 2 or 3", priority));
  }
  BEACON_RETURN_IF_ERROR(
      Append(cad::PriorityChanged{incident, priority}, actor, "priority set by hand"));
  if (options_.auto_recommend) (void)Recommend(incident, "system");
  return OkStatus();
}

std::size_t DispatchCenter::PointHash::operator()(const std::pair<double, double>& p) const {
  return std::hash<double>()(p.first) * 0x9E3779B97F4A7C15ULL ^ std::hash<double>()(p.second);
}

const std::string& DispatchCenter::AreaNameAt(const LatLon& p) const {
  const std::pair<double, double> key{p.lat, p.lon};
  if (auto it = area_names_.find(key); it != area_names_.end()) return it->second;
  if (area_names_.size() >= 65536) area_names_.clear();  // bounded; only speed depends on it
  return area_names_.emplace(key, model_->AreaName(p)).first->second;
}

dispatch::PlannedResponse DispatchCenter::PlanFor(IncidentId incident) const {
  const cad::Incident* inc = state_.FindIncident(incident);
  dispatch::CallFacts facts;
  if (inc == nullptr) return dispatch::PlanResponse({}, facts);
  if (inc->triage) {
    const cad::TriageCompleted& t = *inc->triage;
    facts.complaint = t.complaint;
    facts.determinant = t.determinant;
    facts.level = t.level;
    facts.units = t.units;
    facts.lights_and_sirens = t.lights_and_sirens;
  } else {
    facts.level = cad::CareLevel::kBls;  // untriaged: the closest unit (and ALS for priority 1)
    facts.lights_and_sirens = true;
  }
  facts.priority = inc->priority > 0 ? inc->priority : cad::kHighestPriority;
  facts.area = AreaNameAt(inc->location);
  const LocalTime local = model_->time_zone().ToLocal(inc->created);
  facts.minute_of_day = local.civil.hour * 60 + local.civil.minute;
  dispatch::PlannedResponse plan = dispatch::PlanResponse(model_->data().response_plans, facts);
  if (!inc->triage && plan.rule == "determinant") plan.rule = "not yet triaged: closest unit";
  return plan;
}

Result<RecommendationRecord> DispatchCenter::Recommend(IncidentId incident,
                                                       std::string_view actor) {
  BEACON_ASSIGN_OR_RETURN(const RecommendationRecord* rec, RecommendInPlace(incident, actor));
  return *rec;
}

Result<const RecommendationRecord*> DispatchCenter::RecommendInPlace(IncidentId incident,
                                                                     std::string_view actor) {
  RecommendationRecord rec;
  rec.plan = PlanFor(incident);
  rec.made = clock_->Now();
  const dispatch::RecommendPolicy& policy = policy_ != nullptr ? *policy_ : closest_;
  BEACON_ASSIGN_OR_RETURN(rec.recommendation,
                          dispatch::Recommend(state_, incident, rec.plan.need, *travel_, rec.made,
                                              options_.recommend, policy));
  const std::vector<UnitId> chosen = ChosenIds(rec.recommendation);
  auto previous = recommendations_.find(incident);
  const bool changed =
      previous == recommendations_.end() || ChosenIds(previous->second.recommendation) != chosen;
  if (changed) {
    BEACON_RETURN_IF_ERROR(AppendF(cad::UnitRecommended{incident, chosen}, actor, "plan: {}{}",
                                   rec.plan.rule,
                                   rec.recommendation.short_of_units ? "; short of units" : ""));
  }
  RecommendationRecord& kept = recommendations_[incident];
  kept = std::move(rec);
  return &kept;
}

const RecommendationRecord* DispatchCenter::LastRecommendation(IncidentId incident) const {
  auto it = recommendations_.find(incident);
  return it == recommendations_.end() ? nullptr : &it->second;
}

Status DispatchCenter::Assign(UnitId unit, IncidentId incident, std::string_view actor,
                              std::string_view reason) {
  std::string why(reason);
  if (why.empty()) {
    why = "dispatcher's choice";
    if (const RecommendationRecord* r = LastRecommendation(incident)) {
      for (const dispatch::Candidate& c : r->recommendation.chosen) {
        if (c.unit == unit) why = c.reason;
      }
    }
  }
  BEACON_RETURN_IF_ERROR(Append(cad::UnitAssigned{unit, incident}, actor, why));
  ForgetHeading(unit);
  if (!dispatching_ && MoveUpsOn()) {
    (void)MoveUp(std::nullopt, fmt::format("{} assigned", UnitName(unit)));
  }
  return OkStatus();
}

std::string DispatchCenter::UnitName(UnitId unit) const {
  const cad::Unit* u = state_.FindUnit(unit);
  return u != nullptr ? u->name : fmt::format("unit {}", unit);
}

Status DispatchCenter::Dispatch(IncidentId incident, std::string_view actor) {
  BEACON_ASSIGN_OR_RETURN(const RecommendationRecord* rec, RecommendInPlace(incident, actor));
  if (rec->recommendation.chosen.empty()) {
    return FailedPreconditionError(fmt::format(
        "incident {}: no unit can be sent now (the call waits in the queue)", incident));
  }
  // One move-up decision after all the units are sent. The chosen units are copied: an
  // assignment may change what is recorded for the incident.
  const std::vector<dispatch::Candidate> chosen = rec->recommendation.chosen;
  dispatching_ = true;
  std::vector<std::string> names;
  for (const dispatch::Candidate& c : chosen) {
    Status s = Assign(c.unit, incident, actor, c.reason);
    if (!s.ok()) {
      dispatching_ = false;
      return s;
    }
    names.push_back(c.name);
  }
  dispatching_ = false;
  if (MoveUpsOn()) (void)MoveUp(std::nullopt, fmt::format("{} assigned", fmt::join(names, ", ")));
  return OkStatus();
}

const model::ModelUnit* DispatchCenter::ModelUnitFor(UnitId unit) const {
  auto it = model_units_.find(unit);
  return it == model_units_.end() ? nullptr : it->second;
}

Status DispatchCenter::Progress(UnitId unit, IncidentId incident, cad::AssignmentState s,
                                std::optional<HospitalId> destination, std::string_view actor) {
  BEACON_RETURN_IF_ERROR(AppendF(cad::AssignmentProgressed{unit, incident, s, destination}, actor,
                                 "status {}", cad::AssignmentStateName(s)));
  if (!cad::IsTerminal(s)) return OkStatus();
  // Back in service: off duty if its shift has ended, else available for the queue.
  const model::ModelUnit* m = ModelUnitFor(unit);
  if (options_.follow_shifts && m != nullptr && !model_->OnDuty(*m, clock_->Now())) {
    const cad::Unit* u = state_.FindUnit(unit);
    if (u != nullptr && u->availability == cad::Availability::kAvailable) {
      BEACON_RETURN_IF_ERROR(
          Append(cad::UnitAvailabilityChanged{unit, cad::Availability::kOutOfService}, "system",
                 "end of shift"));
    }
  }
  if (options_.auto_recommend) RecommendWaiting();
  // The freed unit's post (DMEXCLP), unless a waiting call needs it first.
  const cad::Unit* u = state_.FindUnit(unit);
  if (MoveUpsOn() && u != nullptr && u->availability == cad::Availability::kAvailable &&
      !state_.ActiveAssignment(unit) && Waiting().empty()) {
    (void)MoveUp(unit, fmt::format("{} {}", u->name, cad::AssignmentStateName(s)));
  }
  return OkStatus();
}

Status DispatchCenter::SetAvailability(UnitId unit, cad::Availability availability,
                                       std::string_view actor, std::string_view reason) {
  BEACON_RETURN_IF_ERROR(Append(cad::UnitAvailabilityChanged{unit, availability}, actor,
                                reason.empty() ? "set by hand" : reason));
  if (availability == cad::Availability::kOutOfService) ForgetHeading(unit);
  if (actor != "system") {
    if (availability == cad::Availability::kOutOfService) {
      manual_out_.insert(unit);
    } else {
      manual_out_.erase(unit);
    }
  }
  if (availability == cad::Availability::kAvailable && options_.auto_recommend) {
    RecommendWaiting();
  }
  return OkStatus();
}

Status DispatchCenter::SetHospitalStatus(HospitalId hospital, cad::HospitalStatus status,
                                         std::string_view actor) {
  return Append(cad::HospitalStatusChanged{hospital, status}, actor,
                fmt::format("hospital {}", cad::HospitalStatusName(status)));
}

Status DispatchCenter::CloseIncident(IncidentId incident, std::string_view actor) {
  BEACON_RETURN_IF_ERROR(Append(cad::IncidentClosed{incident}, actor, "incident closed"));
  recommendations_.erase(incident);
  return OkStatus();
}

Status DispatchCenter::UpdatePosition(UnitId unit, const LatLon& position) {
  BEACON_RETURN_IF_ERROR(
      ValidateLatLon(position).WithContextFrom([&] { return fmt::format("unit {}", unit); }));
  const std::optional<cad::PositionFix> previous = state_.Position(unit);
  BEACON_RETURN_IF_ERROR(state_.UpdatePosition(unit, {position, clock_->Now()}));
  // The unit's search now, not while a dispatcher waits for a recommendation.
  travel_->Prefetch(position, previous ? std::optional<LatLon>(previous->position) : std::nullopt);
  // A unit sent to a post counts from its fixes again once it reports one there.
  if (auto it = heading_.find(unit); it != heading_.end() && coverage_) {
    const LatLon& post = coverage_->model.Sites()[it->second].location;
    if (dispatch::ApproxDistance(position, post) <= options_.coverage.policy.idle.at_site_radius) {
      ForgetHeading(unit);
    }
  }
  return OkStatus();
}

Status DispatchCenter::Restore(std::span<const cad::Event> events) {
  for (const cad::Event& e : events) {
    BEACON_RETURN_IF_ERROR(state_.Apply(e).WithContextFrom(
        [&] { return fmt::format("stored {}", cad::DescribeEvent(e)); }));
    if (const auto* a = std::get_if<cad::UnitAvailabilityChanged>(&e.payload);
        a != nullptr && e.actor != "system") {
      if (a->availability == cad::Availability::kOutOfService) {
        manual_out_.insert(a->unit);
      } else {
        manual_out_.erase(a->unit);
      }
    }
    if (options_.keep_log) log_.push_back(e);
  }
  return OkStatus();
}

Status DispatchCenter::RestoreSnapshot(cad::CadState::Live live,
                                       std::span<const UnitId> manual_out) {
  std::vector<std::pair<UnitId, cad::PositionFix>> fixes = live.positions;
  BEACON_RETURN_IF_ERROR(state_.RestoreLive(std::move(live)));
  manual_out_.clear();
  manual_out_.insert(manual_out.begin(), manual_out.end());
  for (const auto& [unit, fix] : fixes) travel_->Prefetch(fix.position, std::nullopt);
  return OkStatus();
}

Status DispatchCenter::RestorePosition(UnitId unit, const cad::PositionFix& fix) {
  BEACON_RETURN_IF_ERROR(state_.UpdatePosition(unit, fix));
  travel_->Prefetch(fix.position, std::nullopt);
  return OkStatus();
}

Status DispatchCenter::ForgetIncident(IncidentId incident) {
  BEACON_RETURN_IF_ERROR(state_.ForgetClosedIncident(incident));
  recommendations_.erase(incident);
  return OkStatus();
}

Status DispatchCenter::ApplyShifts() {
  if (!options_.follow_shifts) return OkStatus();
  const Instant now = clock_->Now();
  bool freed = false;
  for (const cad::Unit& u : state_.units()) {
    const model::ModelUnit* m = ModelUnitFor(u.id);
    if (m == nullptr) continue;
    const bool on = model_->OnDuty(*m, now);
    if (on && u.availability == cad::Availability::kOutOfService && manual_out_.count(u.id) == 0) {
      BEACON_RETURN_IF_ERROR(
          Append(cad::UnitAvailabilityChanged{u.id, cad::Availability::kAvailable}, "system",
                 fmt::format("start of shift {}", m->shift)));
      freed = true;
    } else if (!on && u.availability == cad::Availability::kAvailable &&
               !state_.ActiveAssignment(u.id)) {
      BEACON_RETURN_IF_ERROR(
          Append(cad::UnitAvailabilityChanged{u.id, cad::Availability::kOutOfService}, "system",
                 fmt::format("end of shift {}", m->shift)));
    }
  }
  if (freed && options_.auto_recommend) RecommendWaiting();
  return OkStatus();
}

void DispatchCenter::RecommendWaiting() {
  for (const dispatch::WaitingCall& w : Waiting()) (void)Recommend(w.incident, "system");
}

Result<dispatch::DestinationPlan> DispatchCenter::DestinationsFrom(
    const LatLon& from, const dispatch::PatientNeeds& needs) const {
  return dispatch::RankDestinations(state_, from, needs, *travel_, options_.destination);
}

Result<dispatch::DestinationPlan> DispatchCenter::Destinations(
    IncidentId incident, const dispatch::PatientNeeds& needs) const {
  const cad::Incident* inc = state_.FindIncident(incident);
  if (inc == nullptr) return NotFoundError(fmt::format("incident {} does not exist", incident));
  return DestinationsFrom(inc->location, needs);
}

std::string DispatchCenter::DestinationReason(const cad::Assignment& a) const {
  const cad::Incident* inc = state_.FindIncident(a.incident);
  if (!a.destination || inc == nullptr) return "";
  dispatch::DestinationOptions options = options_.destination;
  options.explain = dispatch::Explain::kChosen;  // the first choice's reason, whatever the mode
  auto plan = dispatch::RankDestinations(state_, inc->location, dispatch::PatientNeeds{}, *travel_,
                                         options);
  if (!plan.ok() || plan->ranked.empty() || plan->ranked.front().hospital != *a.destination) {
    return "";
  }
  return plan->ranked.front().disposition_reason_code;
}

std::vector<dispatch::Alert> DispatchCenter::Alerts() const {
  return dispatch::EvaluateAlerts(state_, clock_->Now(), options_.alerts);
}

std::vector<dispatch::WaitingCall> DispatchCenter::Waiting() const {
  return dispatch::WaitingCalls(state_, clock_->Now());
}

}  // namespace beacon::center
