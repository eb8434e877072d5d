#include "beacon/sim/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <queue>
#include <set>
#include <unordered_map>

#include "beacon/base/clock.h"
#include "beacon/center/dispatch_center.h"
#include "beacon/geo/distance.h"
#include "beacon/model/road_travel_times.h"

namespace beacon::sim {
namespace {

constexpr std::string_view kActor = "sim";
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr Milliseconds kShiftStep{Minutes{15}};  // shifts change on the quarter hour
constexpr Milliseconds kDrainLimit{Hours{48}};   // after the run, finish calls for at most this
// The MCI planner's local search, per plan: the exercise plans again at every decision.
constexpr int kMciPlanEvaluations = 20'000;

// Every leg takes no time: the queueing validation (docs/design/simulator.md).
class ZeroTravelTimes final : public cad::TravelTimes {
 public:
  Status ToOne(std::span<const LatLon> from, const LatLon& /*to*/,
               std::vector<std::optional<Milliseconds>>& out) const override {
    out.assign(from.size(), Milliseconds{0});
    return OkStatus();
  }
  Status FromOne(const LatLon& /*from*/, std::span<const LatLon> to,
                 std::vector<std::optional<Milliseconds>>& out) const override {
    out.assign(to.size(), Milliseconds{0});
    return OkStatus();
  }
};

// Counts the routing queries the center and the engine make (for the benchmarks).
class CountingTravelTimes final : public cad::TravelTimes {
 public:
  explicit CountingTravelTimes(std::unique_ptr<const cad::TravelTimes> inner)
      : inner_(std::move(inner)) {}
  Status ToOne(std::span<const LatLon> from, const LatLon& to,
               std::vector<std::optional<Milliseconds>>& out) const override {
    ++queries_;
    return inner_->ToOne(from, to, out);
  }
  Status FromOne(const LatLon& from, std::span<const LatLon> to,
                 std::vector<std::optional<Milliseconds>>& out) const override {
    ++queries_;
    return inner_->FromOne(from, to, out);
  }
  void Prefetch(const LatLon& origin, const std::optional<LatLon>& replaced) const override {
    inner_->Prefetch(origin, replaced);
  }
  [[nodiscard]] std::uint64_t queries() const { return queries_; }

 private:
  std::unique_ptr<const cad::TravelTimes> inner_;
  mutable std::uint64_t queries_ = 0;
};

// What the destination rules need to know about a patient, from the complaint and priority
// (docs/design/simulator.md lists the mapping).
dispatch::PatientNeeds NeedsFor(std::string_view complaint, int priority) {
  dispatch::PatientNeeds n;
  const bool urgent = priority == 1;
  if (complaint == "cardiac_arrest") n.cardiac_arrest = urgent;
  if (complaint == "stroke") n.stroke_fast_ed = urgent ? 7 : 3;
  if (complaint == "chest_pain") n.stemi = urgent;
  if (complaint == "traffic_collision" || complaint == "stab_gunshot" ||
      complaint == "traumatic_injury" || complaint == "falls" || complaint == "assault") {
    n.trauma = urgent;
  }
  if (complaint == "burns") n.burn = true;
  if (complaint == "pregnancy_childbirth") n.obstetric = true;
  if (complaint == "psychiatric") n.behavioral = true;
  return n;
}

Milliseconds Overlap(Instant a, Instant b, Instant lo, Instant hi) {
  const Instant from = std::max(a, lo);
  const Instant to = std::min(b, hi);
  return to > from ? to - from : Milliseconds{0};
}

enum class Kind : std::uint8_t {
  kCall,
  kTriage,
  kEnRoute,
  kOnScene,
  kLeaveScene,
  kAtHospital,
  kTransferred,
  kReturnHalf,
  kTick,
  // The MCI exercise (docs/design/mci.md): the MCI as a whole, then one of its ambulances.
  kMciStart,
  kMciTag,
  kMciJoin,
  kMciEnRoute,
  kMciAtScene,
  kMciLeave,
  kMciAtHospital,
  kMciFree,
};

struct QueuedEvent {
  std::int64_t t;     // Unix ms
  std::uint64_t seq;  // ties at one instant run in scheduling order
  Kind kind;
  std::uint32_t subject;  // a call or a unit index
  std::uint32_t token;    // the unit's job when scheduled (stale events are dropped)
};

struct Later {
  bool operator()(const QueuedEvent& x, const QueuedEvent& y) const {
    return x.t != y.t ? x.t > y.t : x.seq > y.seq;
  }
};

enum class Stage : std::uint8_t {
  kIdle,
  kAssigned,
  kEnRoute,
  kOnScene,
  kTransporting,
  kAtHospital
};

struct UnitRun {
  UnitId id;
  LatLon home;
  const model::ModelUnit* model = nullptr;
  std::uint32_t token = 0;
  std::uint32_t call = kNone;
  Stage stage = Stage::kIdle;
  Milliseconds leg{0};
  bool primary = false;
  LatLon hospital_at;
  std::optional<Instant> busy_since;
  bool on_duty = false;
  // The MCI exercise.
  bool mci = false;         // working the MCI (in its pool of ambulances)
  bool mutual_aid = false;  // came from a neighbouring service for the MCI
  bool loading = false;     // patients aboard or being loaded
  std::vector<std::string> aboard;
  HospitalId mci_to;
};

// One patient of the MCI exercise before it is tagged.
struct PendingCasualty {
  std::string tag;
  const MciCasualtyGroup* group = nullptr;
};

bool CarriesPatients(cad::UnitType t) {
  return t == cad::UnitType::kAls || t == cad::UnitType::kBls;
}

struct CallRun {
  IncidentId incident;
  Instant triaged;
  bool is_triaged = false;
  int active = 0;  // units assigned and not yet clear
  bool served = false;
  bool primary_left = false;
  bool closed = false;
};

class Engine {
 public:
  Engine(const model::CityModel& model, const SimScenario& scenario,
         const ReplicationOptions& options)
      : model_(model),
        scenario_(scenario),
        options_(options),
        clock_(scenario.start),
        rng_(Rng(options.seed).Fork(static_cast<std::uint64_t>(options.replication))),
        demand_rng_(rng_.Fork(1)),
        service_rng_(rng_.Fork(2)),
        warm_end_(scenario.start + scenario.warmup),
        end_(scenario.start + scenario.length) {}

  Result<ReplicationResult> Run() {
    BEACON_RETURN_IF_ERROR(Setup());
    while (!queue_.empty()) {
      const QueuedEvent e = queue_.top();
      queue_.pop();
      const Instant t = InstantFromUnixMillis(e.t);
      if (t > end_ + kDrainLimit) break;
      clock_.Set(t);
      ++result_.events;
      if (Status s = Handle(e); !s.ok()) {
        return s.WithContext(
            fmt::format("replication {} at {}", options_.replication, FormatUtc(t)));
      }
    }
    const Instant stop = clock_.Now();
    for (std::size_t i = 0; i < units_.size(); ++i) {
      if (units_[i].busy_since) {
        result_.units[i].busy += Overlap(*units_[i].busy_since, stop, warm_end_, end_);
      }
    }
    AccountDuty(end_);
    result_.replication = options_.replication;
    result_.mci = outcome_;
    result_.cad_events = center_->state().last_seq();
    result_.routing_queries = travel_->queries();
    return std::move(result_);
  }

 private:
  Status Setup() {
    if (options_.trace != nullptr) {
      calls_ = options_.trace;
    } else {
      own_calls_ = SyntheticCalls(model_, scenario_, demand_rng_);
      calls_ = &own_calls_;
    }
    result_.calls.resize(calls_->size());
    runs_.resize(calls_->size());
    std::set<std::int64_t> boundaries;  // minutes of the local day when a shift starts or ends
    for (const model::Shift& s : model_.data().shifts) {
      if (s.length >= Hours{24}) continue;
      for (Milliseconds m : {s.start, (s.start + s.length) % Hours{24}}) {
        if (m % kShiftStep != Milliseconds{0}) {
          return InvalidArgumentError(fmt::format(
              "shift '{}' starts or ends off the quarter hour; the simulator changes shifts "
              "every 15 minutes",
              s.name));
        }
        boundaries.insert(std::chrono::duration_cast<Minutes>(m).count());
      }
    }
    boundary_minutes_.assign(boundaries.begin(), boundaries.end());

    center::DispatchCenter::Options opts;
    opts.auto_recommend = false;  // the engine dispatches, as a dispatcher would
    opts.keep_log = false;        // a year of events is not kept; the state is
    opts.follow_shifts = true;
    // A unit's fix is where the engine last placed it (docs/design/simulator.md): never stale.
    opts.recommend.stale_fix_age = scenario_.length + kDrainLimit + Hours{24};
    // Only the choice is read and no event is kept: nothing is put into words.
    opts.recommend.explain = dispatch::Explain::kNone;
    opts.destination.explain = dispatch::Explain::kNone;
    opts.coverage.coverage_aware = scenario_.policy == PolicyKind::kCoverageAware;
    opts.coverage.move_up = scenario_.policy == PolicyKind::kDmexclp;
    opts.coverage.apply_move_up = opts.coverage.move_up;  // ordered, and the engine drives it
    std::unique_ptr<const cad::TravelTimes> inner;
    if (scenario_.travel == TravelMode::kZero) {
      inner = std::make_unique<ZeroTravelTimes>();
    } else {
      std::shared_ptr<const SiteTimes> sites = options_.sites;
      if (!sites) {
        BEACON_ASSIGN_OR_RETURN(sites, SiteTimes::Build(model_));
      }
      inner = std::make_unique<TableTravelTimes>(std::move(sites),
                                                 std::make_unique<model::RoadTravelTimes>(model_));
    }
    auto counting = std::make_unique<CountingTravelTimes>(std::move(inner));
    travel_ = counting.get();
    cad::Roster roster = model_.Roster();
    if (scenario_.mci) AddMutualAid(roster);
    BEACON_ASSIGN_OR_RETURN(center::DispatchCenter c,
                            center::DispatchCenter::Create(model_, std::move(roster), clock_,
                                                           std::move(counting), opts));
    center_.emplace(std::move(c));
    for (const cad::Unit& u : center_->state().units()) {
      UnitRun run;
      run.id = u.id;
      run.model = model_.FindUnitByName(u.name);
      if (const cad::Station* home = center_->state().FindStation(u.home_station)) {
        run.home = home->location;
        BEACON_RETURN_IF_ERROR(center_->UpdatePosition(u.id, run.home));
      }
      run.on_duty = run.model != nullptr && model_.OnDuty(*run.model, scenario_.start);
      run.mutual_aid = mutual_aid_.contains(u.id);
      unit_index_[u.id] = static_cast<std::uint32_t>(units_.size());
      units_.push_back(run);
      result_.units.push_back(UnitStats{u.name, Milliseconds{0}, Milliseconds{0}, 0});
    }
    duty_since_ = scenario_.start;
    BEACON_RETURN_IF_ERROR(center_->ApplyShifts());
    if (!calls_->empty()) Schedule((*calls_)[0].time, Kind::kCall, 0, 0);
    if (scenario_.mci) ScheduleMci();
    // The first tick on the next quarter hour (UTC; Boston's offsets are whole hours).
    const std::int64_t tick = kShiftStep.count();
    const std::int64_t first = (UnixMillis(scenario_.start) / tick + 1) * tick;
    Schedule(InstantFromUnixMillis(first), Kind::kTick, 0, 0);
    return OkStatus();
  }

  void Schedule(Instant t, Kind kind, std::uint32_t subject, std::uint32_t token) {
    queue_.push(QueuedEvent{UnixMillis(t), next_seq_++, kind, subject, token});
  }

  Status Handle(const QueuedEvent& e) {
    if (e.kind == Kind::kCall) return OnCall(e.subject);
    if (e.kind == Kind::kTriage) return OnTriage(e.subject);
    if (e.kind == Kind::kTick) return OnTick();
    if (e.kind == Kind::kMciStart) return OnMciStart();
    if (e.kind == Kind::kMciTag) return OnMciTag();
    if (e.kind == Kind::kMciJoin) return OnMciJoin(units_[e.subject]);
    UnitRun& u = units_[e.subject];
    if (e.token != u.token) return OkStatus();  // the unit was sent elsewhere meanwhile
    switch (e.kind) {
      case Kind::kMciEnRoute:
        BEACON_RETURN_IF_ERROR(MciProgress(u, cad::AssignmentState::kEnRoute));
        u.stage = Stage::kEnRoute;
        Schedule(clock_.Now() + u.leg, Kind::kMciAtScene, Index(u), u.token);
        return OkStatus();
      case Kind::kMciAtScene:
        return OnMciAtScene(u);
      case Kind::kMciLeave:
        BEACON_RETURN_IF_ERROR(MciProgress(u, cad::AssignmentState::kTransporting, u.mci_to));
        u.stage = Stage::kTransporting;
        Schedule(clock_.Now() + u.leg, Kind::kMciAtHospital, Index(u), u.token);
        return OkStatus();
      case Kind::kMciAtHospital:
        return OnMciAtHospital(u);
      case Kind::kMciFree:
        return OnMciFree(u);
      case Kind::kEnRoute:
        return OnEnRoute(u);
      case Kind::kOnScene:
        return OnScene(u);
      case Kind::kLeaveScene:
        return OnLeaveScene(u);
      case Kind::kAtHospital:
        return OnAtHospital(u);
      case Kind::kTransferred:
        BEACON_RETURN_IF_ERROR(Progress(u, cad::AssignmentState::kTransferred));
        return Clear(u, u.hospital_at);
      case Kind::kReturnHalf:
        // Half way home the unit counts as at its station (docs/design/simulator.md).
        return center_->UpdatePosition(u.id, u.home);
      default:
        return OkStatus();
    }
  }

  const MixEntry* Mix(std::uint32_t ci) const {
    const int m = (*calls_)[ci].mix;
    return m >= 0 ? &scenario_.demand.mix[static_cast<std::size_t>(m)] : nullptr;
  }

  Status OnCall(std::uint32_t ci) {
    const SimCall& call = (*calls_)[ci];
    if (ci + 1 < calls_->size()) Schedule((*calls_)[ci + 1].time, Kind::kCall, ci + 1, 0);
    CallRecord& rec = result_.calls[ci];
    rec.time = call.time;
    rec.location = call.location;
    rec.mix = call.mix;
    rec.priority = call.priority;
    rec.counted = call.time >= warm_end_;
    BEACON_ASSIGN_OR_RETURN(IncidentId inc,
                            center_->ReceiveCall(center::CallInput::At(call.location), kActor));
    runs_[ci].incident = inc;
    incident_call_[inc] = ci;
    ++outstanding_;
    Schedule(clock_.Now() + scenario_.service.call_processing.Sample(service_rng_), Kind::kTriage,
             ci, 0);
    return OkStatus();
  }

  Status OnTriage(std::uint32_t ci) {
    CallRun& run = runs_[ci];
    if (const MixEntry* m = Mix(ci)) {
      BEACON_ASSIGN_OR_RETURN(center::TriageOutcome t,
                              center_->Triage(run.incident, m->complaint, m->answers, kActor));
      if (!t.determined) {
        return InternalError(
            fmt::format("complaint '{}': the answers did not decide", m->complaint));
      }
    } else {
      BEACON_RETURN_IF_ERROR(center_->SetPriority(run.incident, (*calls_)[ci].priority, kActor));
    }
    run.is_triaged = true;
    run.triaged = clock_.Now();
    return TryDispatch(ci, /*at_triage=*/true);
  }

  Status TryDispatch(std::uint32_t ci, bool at_triage) {
    CallRun& run = runs_[ci];
    CallRecord& rec = result_.calls[ci];
    if (run.served || run.closed) return OkStatus();
    const Status s = center_->Dispatch(run.incident, kActor);
    if (s.code() == StatusCode::kFailedPrecondition) {  // no unit can go: the call waits
      if (at_triage) rec.waited = true;
      return OkStatus();
    }
    BEACON_RETURN_IF_ERROR(s);
    const center::RecommendationRecord* r = center_->LastRecommendation(run.incident);
    if (r == nullptr) return InternalError("a dispatch left no recommendation");
    const Instant now = clock_.Now();
    std::vector<std::uint32_t> diverted;
    for (const dispatch::Candidate& c : r->recommendation.chosen) {
      const std::uint32_t ui = unit_index_.at(c.unit);
      UnitRun& u = units_[ui];
      bool rolling = false;
      if (c.diverted_from) {
        auto it = incident_call_.find(*c.diverted_from);
        if (it != incident_call_.end()) {
          const std::uint32_t j = it->second;
          if (runs_[j].served) {
            BEACON_RETURN_IF_ERROR(Release(j));  // another unit is already there
          } else {
            --runs_[j].active;
            diverted.push_back(j);
          }
        }
        rolling = u.stage == Stage::kEnRoute;
      } else {
        u.busy_since = now;
      }
      ++u.token;
      u.call = ci;
      u.stage = Stage::kAssigned;
      u.leg = c.eta;
      u.primary = false;
      ++run.active;
      ++rec.units_sent;
      if (rec.counted) ++result_.units[ui].responses;
      const Milliseconds turnout =
          rolling ? Milliseconds{0} : scenario_.service.turnout.Sample(service_rng_);
      Schedule(now + turnout, Kind::kEnRoute, ui, u.token);
    }
    if (!rec.dispatch) {
      rec.dispatch = now - rec.time;
      rec.queue_delay = now - run.triaged;
    }
    BEACON_RETURN_IF_ERROR(DriveMoveUps());  // after the assignment (policy dmexclp)
    for (std::uint32_t j : diverted) BEACON_RETURN_IF_ERROR(TryDispatch(j, false));
    return OkStatus();
  }

  Status Progress(UnitRun& u, cad::AssignmentState s,
                  std::optional<HospitalId> destination = std::nullopt) {
    return center_->Progress(u.id, runs_[u.call].incident, s, destination, kActor);
  }

  Status OnEnRoute(UnitRun& u) {
    BEACON_RETURN_IF_ERROR(Progress(u, cad::AssignmentState::kEnRoute));
    u.stage = Stage::kEnRoute;
    Schedule(clock_.Now() + u.leg, Kind::kOnScene, Index(u), u.token);
    return OkStatus();
  }

  Status OnScene(UnitRun& u) {
    BEACON_RETURN_IF_ERROR(Progress(u, cad::AssignmentState::kOnScene));
    u.stage = Stage::kOnScene;
    CallRun& run = runs_[u.call];
    CallRecord& rec = result_.calls[u.call];
    const SimCall& call = (*calls_)[u.call];
    Milliseconds stay{0};
    if (!run.served) {
      run.served = true;
      u.primary = true;
      rec.response = clock_.Now() - rec.time;
      rec.travel = u.leg;
      rec.first_unit = center_->state().FindUnit(u.id)->name;
      stay = call.on_scene
                 ? *call.on_scene
                 : scenario_.service.on_scene[static_cast<std::size_t>(call.priority - 1)].Sample(
                       service_rng_);
    } else if (!run.primary_left) {
      // A second unit helps until it is released: its own on-scene time, no transport.
      stay = scenario_.service.on_scene[static_cast<std::size_t>(call.priority - 1)].Sample(
          service_rng_);
    }
    Schedule(clock_.Now() + stay, Kind::kLeaveScene, Index(u), u.token);
    return OkStatus();
  }

  Status OnLeaveScene(UnitRun& u) {
    const SimCall& call = (*calls_)[u.call];
    CallRun& run = runs_[u.call];
    const LatLon scene = call.location;
    if (!u.primary) return Clear(u, scene);
    run.primary_left = true;
    const bool transport =
        call.transport
            ? *call.transport
            : service_rng_.Bernoulli(
                  scenario_.service.transport[static_cast<std::size_t>(call.priority - 1)]);
    if (!transport) return Clear(u, scene);
    const MixEntry* m = Mix(u.call);
    BEACON_ASSIGN_OR_RETURN(
        dispatch::DestinationPlan plan,
        center_->Destinations(run.incident,
                              NeedsFor(m != nullptr ? m->complaint : "", call.priority)));
    if (plan.ranked.empty()) return Clear(u, scene);  // no open ED reachable: treated on scene
    const dispatch::DestinationChoice& h = plan.ranked.front();
    BEACON_RETURN_IF_ERROR(Progress(u, cad::AssignmentState::kTransporting, h.hospital));
    const cad::Hospital* hospital = center_->state().FindHospital(h.hospital);
    CallRecord& rec = result_.calls[u.call];
    rec.transported = true;
    rec.hospital = hospital->code;
    u.stage = Stage::kTransporting;
    u.hospital_at = hospital->location;
    Schedule(clock_.Now() + h.eta, Kind::kAtHospital, Index(u), u.token);
    return OkStatus();
  }

  Status OnAtHospital(UnitRun& u) {
    BEACON_RETURN_IF_ERROR(Progress(u, cad::AssignmentState::kAtDestination));
    u.stage = Stage::kAtHospital;
    const SimCall& call = (*calls_)[u.call];
    const cad::Assignment* a = center_->state().ActiveAssignment(u.id);
    const cad::Hospital* h =
        a != nullptr && a->destination ? center_->state().FindHospital(*a->destination) : nullptr;
    Milliseconds offload = h != nullptr ? h->typical_offload : Minutes{20};
    if (call.offload) {
      offload = *call.offload;
    } else if (scenario_.service.offload) {
      offload = scenario_.service.offload->Sample(service_rng_);
    }
    result_.calls[u.call].offload = offload;
    Schedule(clock_.Now() + offload, Kind::kTransferred, Index(u), u.token);
    return OkStatus();
  }

  // The unit's busy time ends now (the part within the measured period counts).
  void EndBusy(UnitRun& u) {
    if (!u.busy_since) return;
    result_.units[Index(u)].busy += Overlap(*u.busy_since, clock_.Now(), warm_end_, end_);
    u.busy_since.reset();
  }

  // The unit drives home from `at`; half way it counts as there (docs/design/simulator.md).
  Status HeadHome(UnitRun& u, const LatLon& at) {
    if (at == u.home) return OkStatus();
    std::vector<std::optional<Milliseconds>> leg;
    BEACON_RETURN_IF_ERROR(center_->travel().FromOne(at, std::span(&u.home, 1), leg));
    if (!leg.empty() && leg[0]) {
      Schedule(clock_.Now() + *leg[0] / 2, Kind::kReturnHalf, Index(u), u.token);
    }
    return OkStatus();
  }

  // The unit is back in service at `at` and heads home.
  Status Clear(UnitRun& u, const LatLon& at) {
    BEACON_RETURN_IF_ERROR(Progress(u, cad::AssignmentState::kCleared));
    const std::uint32_t ci = u.call;
    EndBusy(u);
    u.stage = Stage::kIdle;
    u.call = kNone;
    ++u.token;
    BEACON_RETURN_IF_ERROR(center_->UpdatePosition(u.id, at));
    BEACON_RETURN_IF_ERROR(HeadHome(u, at));
    BEACON_RETURN_IF_ERROR(DriveMoveUps());  // DMEXCLP may send it to a post instead
    BEACON_RETURN_IF_ERROR(Release(ci));
    return DispatchWaiting();
  }

  // The move-ups the center ordered since the last look (policy dmexclp): each idle unit named
  // heads for its post instead of wherever it was going, and waits there from then on. Like a
  // drive home, it counts at the post from half way (docs/design/simulator.md).
  Status DriveMoveUps() {
    const std::uint64_t count = center_->MoveUpCount();
    const std::uint64_t fresh = count - move_ups_seen_;
    move_ups_seen_ = count;
    if (fresh == 0) return OkStatus();
    const std::vector<center::MoveUpRecord>& last = center_->LastMoveUps();
    const std::size_t first = last.size() - std::min<std::size_t>(last.size(), fresh);
    for (std::size_t k = first; k < last.size(); ++k) {
      const center::MoveUpRecord& m = last[k];
      const auto it = unit_index_.find(m.move.unit);
      const cad::Station* post = center_->state().FindStation(m.post);
      if (!m.applied || it == unit_index_.end() || post == nullptr) continue;
      UnitRun& u = units_[it->second];
      if (u.stage != Stage::kIdle || u.mci) continue;  // the MCI's ambulances follow its plan
      ++u.token;                                       // a drive under way is replaced
      u.home = post->location;
      ++result_.move_ups;
      const std::optional<cad::PositionFix> fix = center_->state().Position(u.id);
      if (!fix || fix->position == u.home) continue;
      std::vector<std::optional<Milliseconds>> leg;
      BEACON_RETURN_IF_ERROR(center_->travel().FromOne(fix->position, std::span(&u.home, 1), leg));
      if (!leg.empty() && leg[0]) {
        Schedule(clock_.Now() + *leg[0] / 2, Kind::kReturnHalf, it->second, u.token);
      }
    }
    return OkStatus();
  }

  // One unit fewer on the call; a served call whose last unit is clear is closed and forgotten.
  Status Release(std::uint32_t ci) {
    CallRun& run = runs_[ci];
    if (--run.active > 0 || !run.served || run.closed) return OkStatus();
    run.closed = true;
    result_.calls[ci].busy = clock_.Now() - result_.calls[ci].time;
    BEACON_RETURN_IF_ERROR(center_->CloseIncident(run.incident, kActor));
    if (options_.on_incident_closed) options_.on_incident_closed(*center_, run.incident);
    BEACON_RETURN_IF_ERROR(center_->ForgetIncident(run.incident));
    incident_call_.erase(run.incident);
    --outstanding_;
    return OkStatus();
  }

  bool AnyUnitAvailable() const {
    return std::any_of(
        center_->state().units().begin(), center_->state().units().end(),
        [](const cad::Unit& u) { return u.availability == cad::Availability::kAvailable; });
  }

  // Offers the free units to the waiting calls, most urgent first, then longest waiting.
  Status DispatchWaiting() {
    if (!AnyUnitAvailable()) return OkStatus();
    for (const dispatch::WaitingCall& w : center_->Waiting()) {
      auto it = incident_call_.find(w.incident);
      if (it == incident_call_.end() || !runs_[it->second].is_triaged) continue;
      BEACON_RETURN_IF_ERROR(TryDispatch(it->second, false));
      if (!AnyUnitAvailable()) break;
    }
    return OkStatus();
  }

  void AccountDuty(Instant now) {
    for (std::size_t i = 0; i < units_.size(); ++i) {
      if (units_[i].on_duty) result_.units[i].on_duty += Overlap(duty_since_, now, warm_end_, end_);
    }
    duty_since_ = std::max(duty_since_, now);
  }

  Status OnTick() {
    const Instant now = clock_.Now();
    const LocalTime local = model_.time_zone().ToLocal(now);
    const std::int64_t minute = local.civil.hour * 60 + local.civil.minute;
    if (std::binary_search(boundary_minutes_.begin(), boundary_minutes_.end(), minute)) {
      AccountDuty(now);
      for (UnitRun& u : units_) u.on_duty = u.model != nullptr && model_.OnDuty(*u.model, now);
      BEACON_RETURN_IF_ERROR(center_->ApplyShifts());
      BEACON_RETURN_IF_ERROR(DispatchWaiting());
    }
    if (now < end_ || outstanding_ > 0) Schedule(now + kShiftStep, Kind::kTick, 0, 0);
    return OkStatus();
  }

  // --- The MCI exercise (docs/design/mci.md) ---

  const MciSpec& Spec() const { return *scenario_.mci; }

  // Mutual-aid ambulances join the roster out of service; they come on when they reach staging.
  void AddMutualAid(cad::Roster& roster) {
    std::uint32_t next = 1;
    for (const cad::Unit& u : roster.units) next = std::max(next, u.id.value() + 1);
    const LatLon staging = StagingPoint();
    StationId nearest;
    double best = std::numeric_limits<double>::infinity();
    for (const cad::Station& st : roster.stations) {
      const double d = geo::HaversineDistance(st.location, staging).value();
      if (d < best) {
        best = d;
        nearest = st.id;
      }
    }
    for (const MutualAidSpec& a : Spec().mutual_aid) {
      for (int k = 1; k <= a.count; ++k) {
        cad::Unit u;
        u.id = UnitId{next++};
        u.name = fmt::format("{}{}", a.prefix, k);
        u.type = a.type;
        u.home_station = nearest;
        u.availability = cad::Availability::kOutOfService;
        mutual_aid_.insert(u.id);
        roster.units.push_back(std::move(u));
      }
    }
  }

  // Where ambulances gather: the first staging site, else the first casualty collection point.
  LatLon StagingPoint() const {
    for (const MciSiteSpec& s : Spec().sites) {
      if (s.kind == cad::MciSiteKind::kStaging) return s.location;
    }
    return ScenePoint();
  }
  LatLon ScenePoint() const {
    for (const MciSiteSpec& s : Spec().sites) {
      if (s.kind == cad::MciSiteKind::kCasualtyCollection) return s.location;
    }
    return Spec().sites.front().location;
  }

  void ScheduleMci() {
    const MciSpec& m = Spec();
    mci_policy_ = options_.mci_policy.value_or(m.distribution);
    Schedule(m.at, Kind::kMciStart, 0, 0);
    // Mutual aid reaches staging evenly over its spread.
    for (const MutualAidSpec& a : m.mutual_aid) {
      for (int k = 1; k <= a.count; ++k) {
        const cad::Unit* u = nullptr;
        for (const cad::Unit& x : center_->state().units()) {
          if (x.name == fmt::format("{}{}", a.prefix, k)) u = &x;
        }
        if (u == nullptr) continue;
        const Milliseconds step = a.count > 1 ? a.spread / (a.count - 1) : Milliseconds{0};
        Schedule(m.at + a.arrive + step * (k - 1), Kind::kMciJoin, unit_index_.at(u->id), 0);
      }
    }
    ++outstanding_;  // the run goes on until the MCI closes
  }

  Status OnMciStart() {
    const MciSpec& m = Spec();
    const Instant now = clock_.Now();
    BEACON_ASSIGN_OR_RETURN(
        mci_incident_, center_->ReceiveCall(center::CallInput::At(ScenePoint(), m.name), kActor));
    BEACON_RETURN_IF_ERROR(center_->SetPriority(mci_incident_, 1, kActor));
    BEACON_ASSIGN_OR_RETURN(mci_, center_->DeclareMci(mci_incident_, m.name, m.level, kActor));
    for (const MciSiteSpec& site : m.sites) {
      BEACON_RETURN_IF_ERROR(
          center_->SetMciSite(mci_, site.name, site.kind, site.location, kActor));
    }
    outcome_.emplace();
    for (const auto& [hospital, capacity] : m.surge) {
      BEACON_RETURN_IF_ERROR(center_->DeclareSurge(mci_, hospital, capacity, kActor));
      outcome_->declared[center_->state().FindHospital(hospital)->code] = capacity;
    }
    outcome_->policy = mci_policy_;
    outcome_->start = now;
    // The casualties in the order they are tagged: shuffled, seeded.
    for (const MciCasualtyGroup& g : m.casualties) {
      for (int k = 0; k < g.count; ++k) pending_.push_back({"", &g});
    }
    for (std::size_t i = pending_.size(); i > 1; --i) {
      std::swap(pending_[i - 1], pending_[mci_rng_.UniformInt(i)]);
    }
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      pending_[i].tag = fmt::format("T-{:03d}", i + 1);
    }
    // The closest available city ambulances go at once.
    std::vector<std::uint32_t> free;
    std::vector<LatLon> at;
    for (std::uint32_t i = 0; i < units_.size(); ++i) {
      const cad::Unit& u = *center_->state().FindUnit(units_[i].id);
      if (units_[i].mutual_aid || !CarriesPatients(u.type) ||
          u.availability != cad::Availability::kAvailable || units_[i].stage != Stage::kIdle) {
        continue;
      }
      const std::optional<cad::PositionFix> fix = center_->state().Position(u.id);
      free.push_back(i);
      at.push_back(fix ? fix->position : units_[i].home);
    }
    std::vector<std::optional<Milliseconds>> eta;
    BEACON_RETURN_IF_ERROR(center_->travel().ToOne(at, ScenePoint(), eta));
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < free.size(); ++k) {
      if (eta[k]) order.push_back(k);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return *eta[a] < *eta[b]; });
    const std::size_t n = std::min(order.size(), static_cast<std::size_t>(m.city_units));
    for (std::size_t k = 0; k < n; ++k) {
      BEACON_RETURN_IF_ERROR(
          SendToScene(units_[free[order[k]]], *eta[order[k]], m.triage_interval));
      ++outcome_->city_units;
    }
    BEACON_RETURN_IF_ERROR(DriveMoveUps());
    return OkStatus();
  }

  // Assigns the unit to the MCI's incident and drives it to the scene.
  Status SendToScene(UnitRun& u, Milliseconds leg, Milliseconds turnout) {
    BEACON_RETURN_IF_ERROR(center_->Assign(u.id, mci_incident_, kActor, "MCI: to the scene"));
    const Instant now = clock_.Now();
    if (!u.busy_since) u.busy_since = now;
    u.mci = true;
    ++u.token;
    u.call = kNone;
    u.stage = Stage::kAssigned;
    u.leg = leg;
    Schedule(now + turnout, Kind::kMciEnRoute, Index(u), u.token);
    return OkStatus();
  }

  Status MciProgress(UnitRun& u, cad::AssignmentState s,
                     std::optional<HospitalId> destination = std::nullopt) {
    return center_->Progress(u.id, mci_incident_, s, destination, kActor);
  }

  Status OnMciJoin(UnitRun& u) {
    if (outcome_ == std::nullopt || mci_closed_) return OkStatus();
    BEACON_RETURN_IF_ERROR(
        center_->SetAvailability(u.id, cad::Availability::kAvailable, kActor, "mutual aid"));
    BEACON_RETURN_IF_ERROR(center_->UpdatePosition(u.id, StagingPoint()));
    u.home = StagingPoint();
    u.mci = true;
    u.busy_since = clock_.Now();
    ++outcome_->mutual_aid_units;
    return DecideMci();
  }

  Status OnMciAtScene(UnitRun& u) {
    BEACON_RETURN_IF_ERROR(MciProgress(u, cad::AssignmentState::kOnScene));
    BEACON_RETURN_IF_ERROR(center_->UpdatePosition(u.id, ScenePoint()));
    u.stage = Stage::kOnScene;
    if (!tagging_started_) {  // the first crew on scene starts triage
      tagging_started_ = true;
      Schedule(clock_.Now() + Spec().triage_interval, Kind::kMciTag, 0, 0);
    }
    return DecideMci();
  }

  Status OnMciTag() {
    if (next_tag_ >= pending_.size()) return OkStatus();
    const PendingCasualty& c = pending_[next_tag_++];
    center::MciTagInput in;
    in.tag = c.tag;
    in.category = c.group->category;
    if (c.group->findings) {
      in.findings = *c.group->findings;
      in.algorithm = c.group->algorithm.value_or(Spec().algorithm);
    }
    in.site = c.group->site;
    in.needs = c.group->needs;
    BEACON_ASSIGN_OR_RETURN(triage::MciCategory category, center_->TagPatient(mci_, in, kActor));
    MciPatientOutcome p;
    p.tag = c.tag;
    p.category = category;
    p.site = c.group->site;
    p.tagged = clock_.Now() - outcome_->start;
    patient_index_[c.tag] = outcome_->patients.size();
    outcome_->patients.push_back(std::move(p));
    if (next_tag_ < pending_.size()) {
      Schedule(clock_.Now() + Spec().triage_interval, Kind::kMciTag, 0, 0);
    }
    return DecideMci();
  }

  // Living patients still at the scene.
  int WaitingPatients() const {
    int n = 0;
    for (const auto& [tag, p] : center_->state().FindMci(mci_)->patients) {
      const bool at_scene =
          p.state == cad::MciPatientState::kOnScene || p.state == cad::MciPatientState::kAssigned;
      if (at_scene && p.category != triage::MciCategory::kDead) ++n;
    }
    return n;
  }

  // The MCI's ambulances that need a decision: free (between runs, or just arrived at staging)
  // or waiting at the scene with nobody aboard.
  bool NeedsDecision(const UnitRun& u) const {
    if (!u.mci || u.loading) return false;
    return u.stage == Stage::kIdle || u.stage == Stage::kOnScene;
  }

  // Plans the distribution on the state now and starts every run the plan begins now.
  Status DecideMci() {
    if (mci_closed_) return OkStatus();
    const bool all_tagged = next_tag_ >= pending_.size();
    std::vector<std::uint32_t> deciding;
    std::vector<UnitId> pool;
    for (std::uint32_t i = 0; i < units_.size(); ++i) {
      if (units_[i].mci) pool.push_back(units_[i].id);
      if (NeedsDecision(units_[i])) deciding.push_back(i);
    }
    if (deciding.empty()) return MaybeCloseMci();
    std::map<UnitId, const dispatch::PlannedTrip*> first_run;
    std::optional<center::MciPlanResult> plan;
    if (WaitingPatients() > 0) {
      center::MciPlanRequest req;
      req.policy = mci_policy_ == MciDistribution::kPlanned ? center::MciPolicy::kPlanned
                                                            : center::MciPolicy::kClosest;
      req.extra_units = pool;
      req.released_units = released_;
      req.load_time = Spec().load_time;
      req.handover = Spec().handover;
      req.ambulance_capacity = Spec().ambulance_capacity;
      req.options.max_evaluations = kMciPlanEvaluations;
      BEACON_ASSIGN_OR_RETURN(plan, center_->PlanMci(mci_, req));
      ++outcome_->plans;
      for (const dispatch::PlannedTrip& t : plan->plan.trips) {
        if (t.run == 1) first_run[plan->units[t.ambulance]] = &t;
      }
    }
    for (std::uint32_t i : deciding) {
      UnitRun& u = units_[i];
      auto it = first_run.find(u.id);
      if (it == first_run.end()) {
        // Nothing for it now: it waits at the scene while triage goes on, else goes back.
        if (!all_tagged && u.stage == Stage::kOnScene) continue;
        if (!all_tagged && u.stage == Stage::kIdle) {
          BEACON_RETURN_IF_ERROR(StageAtScene(u));
          continue;
        }
        BEACON_RETURN_IF_ERROR(ReleaseFromMci(u));
        continue;
      }
      const dispatch::PlannedTrip& t = *it->second;
      if (u.stage == Stage::kIdle) {  // it drives to the scene first; the plan is made again there
        BEACON_RETURN_IF_ERROR(SendToScene(u, t.at_scene, Milliseconds{0}));
        continue;
      }
      BEACON_RETURN_IF_ERROR(Load(u, *plan, t));
    }
    BEACON_RETURN_IF_ERROR(DriveMoveUps());
    BEACON_RETURN_IF_ERROR(MaybeCloseMci());
    return DispatchWaiting();
  }

  // A free ambulance of the MCI goes to the scene and waits there.
  Status StageAtScene(UnitRun& u) {
    const std::optional<cad::PositionFix> fix = center_->state().Position(u.id);
    const LatLon from = fix ? fix->position : u.home;
    std::vector<std::optional<Milliseconds>> eta;
    BEACON_RETURN_IF_ERROR(center_->travel().ToOne(std::span(&from, 1), ScenePoint(), eta));
    return SendToScene(u, eta.empty() || !eta[0] ? Milliseconds{0} : *eta[0], Milliseconds{0});
  }

  // The ambulance on scene takes its planned patients: each is recorded aboard now, and the
  // ambulance leaves when the plan says (a move to another collection point and the loading).
  Status Load(UnitRun& u, const center::MciPlanResult& plan, const dispatch::PlannedTrip& t) {
    const HospitalId hospital = plan.input.hospitals[t.hospital].id;
    const Milliseconds since_start = clock_.Now() - outcome_->start;
    const cad::Hospital* h = center_->state().FindHospital(hospital);
    for (std::size_t p : t.patients) {
      const std::string& tag = plan.tags[p];
      BEACON_RETURN_IF_ERROR(
          center_->AssignPatientTransport(mci_, tag, u.id, hospital, kActor, "distribution plan"));
      BEACON_RETURN_IF_ERROR(center_->PatientTransported(mci_, tag, u.id, hospital, kActor));
      u.aboard.push_back(tag);
      MciPatientOutcome& o = outcome_->patients[patient_index_.at(tag)];
      o.departed = since_start + t.depart;
      o.hospital = h->code;
      o.unit = center_->state().FindUnit(u.id)->name;
      o.needs_met = dispatch::MeetsNeeds(plan.input.patients[p], plan.input.hospitals[t.hospital]);
    }
    u.loading = true;
    u.mci_to = hospital;
    u.hospital_at = h->location;
    u.leg = t.arrive - t.depart;
    Schedule(clock_.Now() + t.depart, Kind::kMciLeave, Index(u), u.token);
    return OkStatus();
  }

  Status OnMciAtHospital(UnitRun& u) {
    BEACON_RETURN_IF_ERROR(MciProgress(u, cad::AssignmentState::kAtDestination));
    BEACON_RETURN_IF_ERROR(center_->UpdatePosition(u.id, u.hospital_at));
    u.stage = Stage::kAtHospital;
    const Milliseconds since_start = clock_.Now() - outcome_->start;
    for (const std::string& tag : u.aboard) {
      BEACON_RETURN_IF_ERROR(center_->PatientArrived(mci_, tag, u.mci_to, kActor));
      outcome_->patients[patient_index_.at(tag)].arrived = since_start;
    }
    u.aboard.clear();
    Schedule(clock_.Now() + Spec().handover, Kind::kMciFree, Index(u), u.token);
    BEACON_RETURN_IF_ERROR(MaybeCloseMci());
    return DispatchWaiting();
  }

  Status OnMciFree(UnitRun& u) {
    BEACON_RETURN_IF_ERROR(MciProgress(u, cad::AssignmentState::kTransferred));
    BEACON_RETURN_IF_ERROR(MciProgress(u, cad::AssignmentState::kCleared));
    u.loading = false;
    u.stage = Stage::kIdle;
    ++u.token;
    // Off shift at the hospital (the center put it out of service): it leaves the MCI.
    if (center_->state().FindUnit(u.id)->availability != cad::Availability::kAvailable) {
      return ReleaseFromMci(u);
    }
    return DecideMci();
  }

  // The unit goes back to the city (or home, for mutual aid).
  Status ReleaseFromMci(UnitRun& u) {
    if (!u.mci) return OkStatus();
    u.mci = false;
    released_.push_back(u.id);
    if (const cad::Assignment* a = center_->state().ActiveAssignment(u.id);
        a != nullptr && a->incident == mci_incident_) {
      const bool arrived =
          a->state != cad::AssignmentState::kAssigned && a->state != cad::AssignmentState::kEnRoute;
      BEACON_RETURN_IF_ERROR(MciProgress(
          u, arrived ? cad::AssignmentState::kCleared : cad::AssignmentState::kCancelled));
    }
    EndBusy(u);
    u.stage = Stage::kIdle;
    u.loading = false;
    ++u.token;
    if (u.mutual_aid) {
      if (center_->state().FindUnit(u.id)->availability == cad::Availability::kAvailable) {
        BEACON_RETURN_IF_ERROR(center_->SetAvailability(u.id, cad::Availability::kOutOfService,
                                                        kActor, "mutual aid released"));
      }
      return OkStatus();
    }
    // A city unit heads home from where it is.
    const std::optional<cad::PositionFix> fix = center_->state().Position(u.id);
    return fix ? HeadHome(u, fix->position) : OkStatus();
  }

  // Once every casualty is tagged and every living patient has arrived, the MCI closes, its
  // ambulances go back and its incident closes.
  Status MaybeCloseMci() {
    if (mci_closed_ || next_tag_ < pending_.size()) return OkStatus();
    for (const auto& [tag, p] : center_->state().FindMci(mci_)->patients) {
      const bool done = p.state == cad::MciPatientState::kArrived ||
                        p.state == cad::MciPatientState::kReleased ||
                        p.category == triage::MciCategory::kDead;
      if (!done) return OkStatus();
    }
    for (UnitRun& u : units_) {
      if (u.mci && !u.loading) BEACON_RETURN_IF_ERROR(ReleaseFromMci(u));
    }
    for (const UnitRun& u : units_) {
      if (u.mci) return OkStatus();  // still handing over at a hospital
    }
    mci_closed_ = true;
    BEACON_RETURN_IF_ERROR(center_->CloseMci(mci_, kActor));
    BEACON_RETURN_IF_ERROR(center_->CloseIncident(mci_incident_, kActor));
    outcome_->closed = true;
    outcome_->closed_at = clock_.Now() - outcome_->start;
    --outstanding_;
    return OkStatus();
  }

  std::uint32_t Index(const UnitRun& u) const {
    return static_cast<std::uint32_t>(&u - units_.data());
  }

  const model::CityModel& model_;
  const SimScenario& scenario_;
  ReplicationOptions options_;
  ManualClock clock_;
  Rng rng_;
  Rng demand_rng_;
  Rng service_rng_;
  Instant warm_end_;
  Instant end_;
  std::optional<center::DispatchCenter> center_;
  const CountingTravelTimes* travel_ = nullptr;
  std::vector<SimCall> own_calls_;
  const std::vector<SimCall>* calls_ = nullptr;
  std::vector<CallRun> runs_;
  std::vector<UnitRun> units_;
  std::unordered_map<UnitId, std::uint32_t> unit_index_;
  std::unordered_map<IncidentId, std::uint32_t> incident_call_;
  std::vector<std::int64_t> boundary_minutes_;
  Instant duty_since_;
  std::int64_t outstanding_ = 0;
  std::priority_queue<QueuedEvent, std::vector<QueuedEvent>, Later> queue_;
  std::uint64_t next_seq_ = 0;
  std::uint64_t move_ups_seen_ = 0;  // center_->MoveUpCount() already driven
  ReplicationResult result_;
  // The MCI exercise.
  Rng mci_rng_{rng_.Fork(3)};
  MciDistribution mci_policy_ = MciDistribution::kPlanned;
  std::set<UnitId> mutual_aid_;
  IncidentId mci_incident_;
  cad::MciId mci_;
  std::vector<PendingCasualty> pending_;
  std::size_t next_tag_ = 0;
  bool tagging_started_ = false;
  bool mci_closed_ = false;
  std::vector<UnitId> released_;
  std::map<std::string, std::size_t> patient_index_;
  std::optional<MciOutcome> outcome_;
};

}  // namespace

Result<ReplicationResult> RunReplication(const model::CityModel& model, const SimScenario& scenario,
                                         const ReplicationOptions& options) {
  Engine engine(model, scenario, options);
  return engine.Run();
}

}  // namespace beacon::sim
