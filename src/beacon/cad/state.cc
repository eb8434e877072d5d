#include "beacon/cad/state.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <utility>

#include "beacon/base/overloaded.h"

namespace beacon::cad {
namespace {

constexpr AssignmentState kFromAssigned[] = {AssignmentState::kEnRoute,
                                             AssignmentState::kCancelled};
constexpr AssignmentState kFromEnRoute[] = {AssignmentState::kOnScene, AssignmentState::kCancelled};
constexpr AssignmentState kFromOnScene[] = {
    AssignmentState::kPatientContact, AssignmentState::kTransporting, AssignmentState::kCleared};
constexpr AssignmentState kFromPatientContact[] = {AssignmentState::kTransporting,
                                                   AssignmentState::kCleared};
constexpr AssignmentState kFromTransporting[] = {AssignmentState::kAtDestination};
constexpr AssignmentState kFromAtDestination[] = {AssignmentState::kTransferred};
constexpr AssignmentState kFromTransferred[] = {AssignmentState::kCleared};

std::string StateList(std::span<const AssignmentState> states) {
  if (states.empty()) return "none: the assignment is over";
  std::string out;
  for (AssignmentState s : states) {
    if (!out.empty()) out += ", ";
    out += AssignmentStateName(s);
  }
  return out;
}

std::string UnitLabel(const Unit& u) {
  return u.name.empty() ? fmt::format("unit {}", u.id) : fmt::format("unit {} ({})", u.id, u.name);
}

Status CheckPriority(int priority, IncidentId incident) {
  if (priority < kHighestPriority || priority > kLowestPriority) {
    return InvalidArgumentError(
        fmt::format("incident {}: priority {} is not 1, 2 or 3", incident, priority));
  }
  return OkStatus();
}

void Stamp(ETimeStamps& stamps, ETime element, Instant t) {
  stamps[static_cast<std::size_t>(element)] = t;
}

}  // namespace

std::span<const AssignmentState> AllowedNextStates(AssignmentState from) {
  switch (from) {
    case AssignmentState::kAssigned:
      return kFromAssigned;
    case AssignmentState::kEnRoute:
      return kFromEnRoute;
    case AssignmentState::kOnScene:
      return kFromOnScene;
    case AssignmentState::kPatientContact:
      return kFromPatientContact;
    case AssignmentState::kTransporting:
      return kFromTransporting;
    case AssignmentState::kAtDestination:
      return kFromAtDestination;
    case AssignmentState::kTransferred:
      return kFromTransferred;
    case AssignmentState::kCleared:
    case AssignmentState::kCancelled:
      return {};
  }
  return {};
}

Result<CadState> CadState::Create(Roster roster) {
  CadState s;
  for (std::size_t i = 0; i < roster.stations.size(); ++i) {
    const Station& st = roster.stations[i];
    if (!st.id.valid()) return InvalidArgumentError(fmt::format("station #{} has no id", i));
    BEACON_RETURN_IF_ERROR(ValidateLatLon(st.location).WithContextFrom([&] {
      return fmt::format("station {} ({})", st.id, st.name);
    }));
    if (!s.station_index_.emplace(st.id, i).second) {
      return AlreadyExistsError(fmt::format("station id {} appears twice", st.id));
    }
  }
  for (std::size_t i = 0; i < roster.units.size(); ++i) {
    const Unit& u = roster.units[i];
    if (!u.id.valid()) return InvalidArgumentError(fmt::format("unit #{} has no id", i));
    if (!s.unit_index_.emplace(u.id, i).second) {
      return AlreadyExistsError(fmt::format("unit id {} appears twice", u.id));
    }
    if (u.home_station.valid() && !s.station_index_.contains(u.home_station)) {
      return NotFoundError(
          fmt::format("{}: home station {} is not in the roster", UnitLabel(u), u.home_station));
    }
    if (u.availability == Availability::kBusy || u.active_incident.has_value()) {
      return InvalidArgumentError(fmt::format(
          "{}: a roster unit starts AVAILABLE or OUT_OF_SERVICE, not BUSY", UnitLabel(u)));
    }
  }
  for (std::size_t i = 0; i < roster.hospitals.size(); ++i) {
    const Hospital& h = roster.hospitals[i];
    if (!h.id.valid()) return InvalidArgumentError(fmt::format("hospital #{} has no id", i));
    BEACON_RETURN_IF_ERROR(ValidateLatLon(h.location).WithContextFrom([&] {
      return fmt::format("hospital {} ({})", h.id, h.name);
    }));
    if (!s.hospital_index_.emplace(h.id, i).second) {
      return AlreadyExistsError(fmt::format("hospital id {} appears twice", h.id));
    }
  }
  s.stations_ = std::move(roster.stations);
  s.units_ = std::move(roster.units);
  s.hospitals_ = std::move(roster.hospitals);
  return s;
}

const Unit* CadState::FindUnit(UnitId id) const {
  auto it = unit_index_.find(id);
  return it == unit_index_.end() ? nullptr : &units_[it->second];
}
Unit* CadState::MutableUnit(UnitId id) {
  auto it = unit_index_.find(id);
  return it == unit_index_.end() ? nullptr : &units_[it->second];
}
const Station* CadState::FindStation(StationId id) const {
  auto it = station_index_.find(id);
  return it == station_index_.end() ? nullptr : &stations_[it->second];
}
const Hospital* CadState::FindHospital(HospitalId id) const {
  auto it = hospital_index_.find(id);
  return it == hospital_index_.end() ? nullptr : &hospitals_[it->second];
}
const Incident* CadState::FindIncident(IncidentId id) const {
  auto it = incidents_.find(id);
  return it == incidents_.end() ? nullptr : &it->second;
}
Incident* CadState::MutableIncident(IncidentId id) {
  auto it = incidents_.find(id);
  return it == incidents_.end() ? nullptr : &it->second;
}
const Call* CadState::FindCall(CallId id) const {
  auto it = calls_.find(id);
  return it == calls_.end() ? nullptr : &it->second;
}
const Assignment* CadState::ActiveAssignment(UnitId id) const {
  auto it = active_.find(id);
  return it == active_.end() ? nullptr : &assignments_[it->second];
}

Status CadState::Apply(const Event& event) {
  if (event.seq != last_seq_ + 1) {
    return InvalidArgumentError(
        fmt::format("sequence number {} does not follow {}", event.seq, last_seq_));
  }
  if (event.time < last_time_) {
    return InvalidArgumentError(fmt::format("time {} is before the previous event's {}",
                                            FormatUtc(event.time), FormatUtc(last_time_)));
  }
  BEACON_RETURN_IF_ERROR(Check(event));
  Mutate(event);
  last_seq_ = event.seq;
  last_time_ = event.time;
  return OkStatus();
}

Status CadState::Check(const Event& event) const {
  auto open_incident = [this](IncidentId id) -> Result<const Incident*> {
    const Incident* inc = FindIncident(id);
    if (inc == nullptr) return NotFoundError(fmt::format("incident {} does not exist", id));
    if (inc->closed) return FailedPreconditionError(fmt::format("incident {} is closed", id));
    return inc;
  };
  auto unit = [this](UnitId id) -> Result<const Unit*> {
    const Unit* u = FindUnit(id);
    if (u == nullptr) return NotFoundError(fmt::format("unit {} is not in the roster", id));
    return u;
  };
  return std::visit(
      Overloaded{
          [&](const CallReceived& e) -> Status {
            if (!e.call.valid()) return InvalidArgumentError("call has no id");
            if (calls_.contains(e.call)) {
              return AlreadyExistsError(fmt::format("call {} was already received", e.call));
            }
            return ValidateLatLon(e.location).WithContextFrom([&] {
              return fmt::format("call {}", e.call);
            });
          },
          [&](const IncidentCreated& e) -> Status {
            if (!e.incident.valid()) return InvalidArgumentError("incident has no id");
            if (incidents_.contains(e.incident)) {
              return AlreadyExistsError(fmt::format("incident {} already exists", e.incident));
            }
            const Call* call = FindCall(e.call);
            if (call == nullptr)
              return NotFoundError(fmt::format("call {} was not received", e.call));
            if (call->incident) {
              return FailedPreconditionError(
                  fmt::format("call {} already belongs to incident {}", e.call, *call->incident));
            }
            return OkStatus();
          },
          [&](const IncidentUpdated& e) -> Status {
            BEACON_RETURN_IF_ERROR(open_incident(e.incident));
            if (e.location) {
              BEACON_RETURN_IF_ERROR(ValidateLatLon(*e.location).WithContextFrom([&] {
                return fmt::format("incident {}", e.incident);
              }));
            }
            if (e.linked_call) {
              const Call* call = FindCall(*e.linked_call);
              if (call == nullptr) {
                return NotFoundError(fmt::format("call {} was not received", *e.linked_call));
              }
              if (call->incident) {
                return FailedPreconditionError(fmt::format("call {} already belongs to incident {}",
                                                           *e.linked_call, *call->incident));
              }
            }
            return OkStatus();
          },
          [&](const IncidentMerged& e) -> Status {
            if (e.from == e.into) {
              return InvalidArgumentError(
                  fmt::format("incident {} cannot merge into itself", e.from));
            }
            BEACON_RETURN_IF_ERROR(open_incident(e.from));
            BEACON_RETURN_IF_ERROR(open_incident(e.into));
            if (const Mci* m = MciOfIncident(e.from)) {
              return FailedPreconditionError(
                  fmt::format("incident {} is MCI {} ({}); merge other incidents into it instead",
                              e.from, m->id, m->name));
            }
            return OkStatus();
          },
          [&](const TriageCompleted& e) -> Status {
            BEACON_RETURN_IF_ERROR(open_incident(e.incident));
            BEACON_RETURN_IF_ERROR(CheckPriority(e.priority, e.incident));
            if (e.units < 1) {
              return InvalidArgumentError(
                  fmt::format("incident {}: triage asks for {} units", e.incident, e.units));
            }
            return OkStatus();
          },
          [&](const PriorityChanged& e) -> Status {
            BEACON_RETURN_IF_ERROR(open_incident(e.incident));
            return CheckPriority(e.priority, e.incident);
          },
          [&](const UnitRecommended& e) -> Status {
            BEACON_RETURN_IF_ERROR(open_incident(e.incident));
            for (UnitId id : e.units) BEACON_RETURN_IF_ERROR(unit(id));
            return OkStatus();
          },
          [&](const UnitAssigned& e) -> Status {
            BEACON_ASSIGN_OR_RETURN(const Unit* u, unit(e.unit));
            BEACON_RETURN_IF_ERROR(open_incident(e.incident));
            if (u->availability == Availability::kOutOfService) {
              return FailedPreconditionError(
                  fmt::format("{} is OUT_OF_SERVICE; cannot be assigned to incident {}",
                              UnitLabel(*u), e.incident));
            }
            if (const Assignment* a = ActiveAssignment(e.unit)) {
              if (a->incident == e.incident) {
                return FailedPreconditionError(
                    fmt::format("{} is already {} on incident {}", UnitLabel(*u),
                                AssignmentStateName(a->state), e.incident));
              }
              if (a->state != AssignmentState::kAssigned && a->state != AssignmentState::kEnRoute) {
                return FailedPreconditionError(fmt::format(
                    "{} is {} on incident {}; only a unit ASSIGNED or EN_ROUTE can be diverted",
                    UnitLabel(*u), AssignmentStateName(a->state), a->incident));
              }
            }
            return OkStatus();
          },
          [&](const AssignmentProgressed& e) -> Status {
            BEACON_ASSIGN_OR_RETURN(const Unit* u, unit(e.unit));
            const Assignment* a = ActiveAssignment(e.unit);
            if (a == nullptr || a->incident != e.incident) {
              return FailedPreconditionError(
                  fmt::format("{} has no active assignment on incident {}; cannot go to {}",
                              UnitLabel(*u), e.incident, AssignmentStateName(e.state)));
            }
            const auto allowed = AllowedNextStates(a->state);
            if (std::find(allowed.begin(), allowed.end(), e.state) == allowed.end()) {
              return FailedPreconditionError(
                  fmt::format("{} is {} on incident {}; cannot go to {} (allowed: {})",
                              UnitLabel(*u), AssignmentStateName(a->state), e.incident,
                              AssignmentStateName(e.state), StateList(allowed)));
            }
            if (e.state == AssignmentState::kTransporting) {
              if (!e.destination) {
                return InvalidArgumentError(
                    fmt::format("{}: TRANSPORTING on incident {} needs a destination hospital",
                                UnitLabel(*u), e.incident));
              }
              if (FindHospital(*e.destination) == nullptr) {
                return NotFoundError(
                    fmt::format("destination hospital {} is not in the roster", *e.destination));
              }
            } else if (e.destination) {
              return InvalidArgumentError(
                  fmt::format("{}: only TRANSPORTING takes a destination, not {}", UnitLabel(*u),
                              AssignmentStateName(e.state)));
            }
            return OkStatus();
          },
          [&](const UnitAvailabilityChanged& e) -> Status {
            BEACON_ASSIGN_OR_RETURN(const Unit* u, unit(e.unit));
            if (e.availability == Availability::kBusy) {
              return InvalidArgumentError(
                  fmt::format("{}: BUSY comes from an assignment, not from an availability change",
                              UnitLabel(*u)));
            }
            if (u->availability == Availability::kBusy) {
              return FailedPreconditionError(fmt::format(
                  "{} is BUSY on incident {}; clear or cancel the assignment before going {}",
                  UnitLabel(*u), u->active_incident.value_or(IncidentId{}),
                  AvailabilityName(e.availability)));
            }
            if (u->availability == e.availability) {
              return FailedPreconditionError(
                  fmt::format("{} is already {}", UnitLabel(*u), AvailabilityName(e.availability)));
            }
            return OkStatus();
          },
          [&](const HospitalStatusChanged& e) -> Status {
            const Hospital* h = FindHospital(e.hospital);
            if (h == nullptr) {
              return NotFoundError(fmt::format("hospital {} is not in the roster", e.hospital));
            }
            if (h->status == e.status) {
              return FailedPreconditionError(fmt::format("hospital {} ({}) is already {}", h->id,
                                                         h->name, HospitalStatusName(e.status)));
            }
            return OkStatus();
          },
          [&](const MoveUpRecommended& e) -> Status {
            BEACON_RETURN_IF_ERROR(unit(e.unit));
            if (FindStation(e.post) == nullptr) {
              return NotFoundError(fmt::format("station {} is not in the roster", e.post));
            }
            return OkStatus();
          },
          [&](const IncidentClosed& e) -> Status {
            BEACON_ASSIGN_OR_RETURN(const Incident* inc, open_incident(e.incident));
            if (const Mci* m = MciOfIncident(e.incident); m != nullptr && !m->closed) {
              return FailedPreconditionError(
                  fmt::format("incident {} is MCI {} ({}); close the MCI before the incident",
                              e.incident, m->id, m->name));
            }
            for (std::size_t idx : inc->assignments) {
              const Assignment& a = assignments_[idx];
              if (!IsTerminal(a.state)) {
                return FailedPreconditionError(fmt::format(
                    "incident {} still has unit {} {}; clear or cancel it before closing",
                    e.incident, a.unit, AssignmentStateName(a.state)));
              }
            }
            return OkStatus();
          },
          [&](const auto&) -> Status { return CheckMci(event.payload); },
      },
      event.payload);
}

void CadState::Mutate(const Event& event) {
  const Instant t = event.time;
  auto end_assignment = [this, t](std::size_t idx, AssignmentState final_state) {
    Assignment& a = assignments_[idx];
    a.state = final_state;
    a.since = t;
    Stamp(a.etimes, ETimeForAssignmentState(final_state), t);
    active_.erase(a.unit);
    Unit& u = *MutableUnit(a.unit);
    u.availability = Availability::kAvailable;
    u.availability_since = t;
    u.active_incident.reset();
    ++u.version;
    ++MutableIncident(a.incident)->version;
  };
  std::visit(Overloaded{
                 [&](const CallReceived& e) {
                   calls_.emplace(
                       e.call, Call{e.call, e.location, e.address, t, e.psap_time, std::nullopt});
                 },
                 [&](const IncidentCreated& e) {
                   Call& call = calls_.at(e.call);
                   call.incident = e.incident;
                   Incident inc;
                   inc.id = e.incident;
                   inc.calls.push_back(e.call);
                   inc.location = call.location;
                   inc.address = call.address;
                   inc.created = t;
                   Stamp(inc.etimes, ETime::kPsapCall, call.psap_time.value_or(call.received));
                   Stamp(inc.etimes, ETime::kDispatchNotified, call.received);
                   incidents_.emplace(e.incident, std::move(inc));
                 },
                 [&](const IncidentUpdated& e) {
                   Incident& inc = *MutableIncident(e.incident);
                   if (e.location) inc.location = *e.location;
                   if (e.address) inc.address = *e.address;
                   if (e.linked_call) {
                     calls_.at(*e.linked_call).incident = e.incident;
                     inc.calls.push_back(*e.linked_call);
                   }
                   ++inc.version;
                 },
                 [&](const IncidentMerged& e) {
                   Incident& from = *MutableIncident(e.from);
                   Incident& into = *MutableIncident(e.into);
                   for (CallId c : from.calls) {
                     calls_.at(c).incident = e.into;
                     into.calls.push_back(c);
                   }
                   from.calls.clear();
                   std::vector<std::size_t> kept;
                   for (std::size_t idx : from.assignments) {
                     Assignment& a = assignments_[idx];
                     if (IsTerminal(a.state)) {
                       kept.push_back(idx);
                       continue;
                     }
                     a.incident = e.into;
                     into.assignments.push_back(idx);
                     Unit& u = *MutableUnit(a.unit);
                     u.active_incident = e.into;
                     ++u.version;
                   }
                   from.assignments = std::move(kept);
                   from.closed = true;
                   from.merged_into = e.into;
                   ++from.version;
                   ++into.version;
                 },
                 [&](const TriageCompleted& e) {
                   Incident& inc = *MutableIncident(e.incident);
                   inc.triage = e;
                   inc.priority = e.priority;
                   ++inc.version;
                 },
                 [&](const PriorityChanged& e) {
                   Incident& inc = *MutableIncident(e.incident);
                   inc.priority = e.priority;
                   ++inc.version;
                 },
                 [&](const UnitRecommended&) {},  // recorded in the log for audit; no state change
                 [&](const UnitAssigned& e) {
                   if (auto it = active_.find(e.unit); it != active_.end()) {
                     end_assignment(it->second, AssignmentState::kCancelled);  // diversion
                   }
                   Assignment a;
                   a.unit = e.unit;
                   a.incident = e.incident;
                   a.state = AssignmentState::kAssigned;
                   a.since = t;
                   Stamp(a.etimes, ETime::kUnitNotified, t);
                   const std::size_t idx = assignments_.size();
                   assignments_.push_back(a);
                   active_[e.unit] = idx;
                   Incident& inc = *MutableIncident(e.incident);
                   inc.assignments.push_back(idx);
                   ++inc.version;
                   Unit& u = *MutableUnit(e.unit);
                   u.availability = Availability::kBusy;
                   u.availability_since = t;
                   u.active_incident = e.incident;
                   ++u.version;
                   if (auto m = mci_of_incident_.find(e.incident); m != mci_of_incident_.end()) {
                     Mci& mci = mcis_.at(m->second);
                     if (mci.units.insert(e.unit).second) ++mci.version;
                   }
                 },
                 [&](const AssignmentProgressed& e) {
                   const std::size_t idx = active_.at(e.unit);
                   if (IsTerminal(e.state)) {
                     end_assignment(idx, e.state);
                     return;
                   }
                   Assignment& a = assignments_[idx];
                   a.state = e.state;
                   a.since = t;
                   if (e.destination) a.destination = e.destination;
                   Stamp(a.etimes, ETimeForAssignmentState(e.state), t);
                   ++MutableUnit(e.unit)->version;
                   ++MutableIncident(e.incident)->version;
                 },
                 [&](const UnitAvailabilityChanged& e) {
                   Unit& u = *MutableUnit(e.unit);
                   u.availability = e.availability;
                   u.availability_since = t;
                   ++u.version;
                 },
                 [&](const HospitalStatusChanged& e) {
                   Hospital& h = hospitals_[hospital_index_.at(e.hospital)];
                   h.status = e.status;
                   ++h.version;
                 },
                 [&](const IncidentClosed& e) {
                   Incident& inc = *MutableIncident(e.incident);
                   inc.closed = true;
                   ++inc.version;
                 },
                 [&](const MoveUpRecommended&) {},  // recorded in the log for audit
                 [&](const auto&) { MutateMci(event); },
             },
             event.payload);
}

Status CadState::ForgetClosedIncident(IncidentId id) {
  auto it = incidents_.find(id);
  if (it == incidents_.end()) return NotFoundError(fmt::format("incident {} does not exist", id));
  if (!it->second.closed) {
    return FailedPreconditionError(fmt::format("incident {} is still open", id));
  }
  for (const CallId c : it->second.calls) calls_.erase(c);
  incidents_.erase(it);
  return OkStatus();
}

Status CadState::UpdatePosition(UnitId unit, const PositionFix& fix) {
  if (FindUnit(unit) == nullptr)
    return NotFoundError(fmt::format("unit {} is not in the roster", unit));
  BEACON_RETURN_IF_ERROR(
      ValidateLatLon(fix.position).WithContextFrom([&] { return fmt::format("unit {}", unit); }));
  auto [it, inserted] = positions_.try_emplace(unit, fix);
  if (!inserted && fix.time >= it->second.time) it->second = fix;
  return OkStatus();
}

std::optional<PositionFix> CadState::Position(UnitId unit) const {
  auto it = positions_.find(unit);
  if (it == positions_.end()) return std::nullopt;
  return it->second;
}

CadState::Live CadState::TakeLive() const {
  Live l;
  for (const Unit& u : units_) {
    l.units.push_back({u.id, u.availability, u.availability_since, u.active_incident, u.version});
  }
  for (const Hospital& h : hospitals_) l.hospitals.push_back({h.id, h.status, h.version});
  for (const auto& [id, c] : calls_) l.calls.push_back(c);
  for (const auto& [id, i] : incidents_) l.incidents.push_back(i);
  std::sort(l.calls.begin(), l.calls.end(),
            [](const Call& a, const Call& b) { return a.id < b.id; });
  std::sort(l.incidents.begin(), l.incidents.end(),
            [](const Incident& a, const Incident& b) { return a.id < b.id; });
  l.assignments = assignments_;
  for (const auto& [unit, fix] : positions_) l.positions.emplace_back(unit, fix);
  std::sort(l.positions.begin(), l.positions.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [id, m] : mcis_) l.mcis.push_back(m);
  l.last_seq = last_seq_;
  l.last_time = last_time_;
  return l;
}

Status CadState::RestoreLive(Live live) {
  for (const Live::UnitLive& u : live.units) {
    if (!unit_index_.contains(u.id)) {
      return NotFoundError(fmt::format("snapshot: unit {} is not in the roster", u.id));
    }
  }
  for (const Live::HospitalLive& h : live.hospitals) {
    if (!hospital_index_.contains(h.id)) {
      return NotFoundError(fmt::format("snapshot: hospital {} is not in the roster", h.id));
    }
  }
  for (const Assignment& a : live.assignments) {
    if (!unit_index_.contains(a.unit)) {
      return NotFoundError(fmt::format("snapshot: assignment of unknown unit {}", a.unit));
    }
  }
  for (const Incident& i : live.incidents) {
    for (std::size_t idx : i.assignments) {
      if (idx >= live.assignments.size()) {
        return DataLossError(fmt::format("snapshot: incident {} names assignment {} of {}", i.id,
                                         idx, live.assignments.size()));
      }
    }
  }
  for (const auto& [unit, fix] : live.positions) {
    if (!unit_index_.contains(unit)) {
      return NotFoundError(fmt::format("snapshot: position of unknown unit {}", unit));
    }
  }
  {
    std::set<MciId> seen;
    for (const Mci& m : live.mcis) {
      if (!seen.insert(m.id).second) {
        return DataLossError(fmt::format("snapshot: MCI {} appears twice", m.id));
      }
      for (UnitId u : m.units) {
        if (!unit_index_.contains(u)) {
          return NotFoundError(fmt::format("snapshot: MCI {} names unknown unit {}", m.id, u));
        }
      }
      for (const auto& [h, capacity] : m.surge) {
        if (!hospital_index_.contains(h)) {
          return NotFoundError(fmt::format("snapshot: MCI {} names unknown hospital {}", m.id, h));
        }
      }
    }
  }
  for (const Live::UnitLive& u : live.units) {
    Unit& unit = units_[unit_index_.at(u.id)];
    unit.availability = u.availability;
    unit.availability_since = u.availability_since;
    unit.active_incident = u.active_incident;
    unit.version = u.version;
  }
  for (const Live::HospitalLive& h : live.hospitals) {
    Hospital& hospital = hospitals_[hospital_index_.at(h.id)];
    hospital.status = h.status;
    hospital.version = h.version;
  }
  calls_.clear();
  for (Call& c : live.calls) calls_.emplace(c.id, std::move(c));
  incidents_.clear();
  for (Incident& i : live.incidents) incidents_.emplace(i.id, std::move(i));
  assignments_ = std::move(live.assignments);
  active_.clear();
  for (std::size_t i = 0; i < assignments_.size(); ++i) {
    if (!IsTerminal(assignments_[i].state)) active_[assignments_[i].unit] = i;
  }
  positions_.clear();
  for (auto& [unit, fix] : live.positions) positions_[unit] = fix;
  mcis_.clear();
  mci_of_incident_.clear();
  for (Mci& m : live.mcis) {
    mci_of_incident_[m.incident] = m.id;
    const MciId id = m.id;
    mcis_.emplace(id, std::move(m));
  }
  last_seq_ = live.last_seq;
  last_time_ = live.last_time;
  return OkStatus();
}

bool operator==(const CadState& a, const CadState& b) {
  return a.last_seq_ == b.last_seq_ && a.last_time_ == b.last_time_ && a.units_ == b.units_ &&
         a.stations_ == b.stations_ && a.hospitals_ == b.hospitals_ && a.calls_ == b.calls_ &&
         a.incidents_ == b.incidents_ && a.assignments_ == b.assignments_ &&
         a.active_ == b.active_ && a.mcis_ == b.mcis_;
}

Status Replay(std::span<const Event> events, CadState& state) {
  for (const Event& e : events) {
    Status s = state.Apply(e);
    if (!s.ok())
      return s.WithContextFrom([&] { return fmt::format("event {}", DescribeEvent(e)); });
  }
  return OkStatus();
}

}  // namespace beacon::cad
