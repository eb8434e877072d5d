// The MCI events' half of CadState::Check and CadState::Mutate, and the MCI helpers of mci.h.
#include <fmt/format.h>

#include <algorithm>

#include "beacon/base/overloaded.h"
#include "beacon/cad/mci.h"
#include "beacon/cad/state.h"

namespace beacon::cad {
namespace {

constexpr std::size_t kMaxSiteName = 80;
constexpr std::size_t kMaxTreatment = 200;
constexpr std::size_t kMaxMciName = 120;
constexpr int kMaxSurge = 10'000;

Status CheckLevel(int level, MciId mci) {
  if (level < kLowestMciLevel || level > kHighestMciLevel) {
    return InvalidArgumentError(fmt::format("MCI {}: level {} is not {}..{}", mci, level,
                                            kLowestMciLevel, kHighestMciLevel));
  }
  return OkStatus();
}

Status CheckText(std::string_view text, std::size_t max, std::string_view what, MciId mci,
                 bool allow_empty) {
  if (text.empty() && !allow_empty) {
    return InvalidArgumentError(fmt::format("MCI {}: {} is empty", mci, what));
  }
  if (text.size() > max) {
    return InvalidArgumentError(
        fmt::format("MCI {}: {} is {} characters, more than {}", mci, what, text.size(), max));
  }
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) {
      return InvalidArgumentError(fmt::format("MCI {}: {} has a control character", mci, what));
    }
  }
  return OkStatus();
}

std::string PatientLabel(const Mci& m, const MciPatient& p) {
  return fmt::format("MCI {} patient {} ({}, {})", m.id, p.tag, triage::MciCategoryName(p.category),
                     MciPatientStateName(p.state));
}

bool Alive(const MciPatient& p) { return p.category != triage::MciCategory::kDead; }

}  // namespace

std::string_view MciSiteKindName(MciSiteKind kind) {
  switch (kind) {
    case MciSiteKind::kCasualtyCollection:
      return "casualty_collection";
    case MciSiteKind::kTreatment:
      return "treatment";
    case MciSiteKind::kStaging:
      return "staging";
  }
  return "?";
}

std::string_view MciPatientStateName(MciPatientState state) {
  switch (state) {
    case MciPatientState::kOnScene:
      return "on_scene";
    case MciPatientState::kAssigned:
      return "assigned";
    case MciPatientState::kTransporting:
      return "transporting";
    case MciPatientState::kArrived:
      return "arrived";
    case MciPatientState::kReleased:
      return "released";
  }
  return "?";
}

Result<MciSiteKind> ParseMciSiteKind(std::string_view name) {
  for (int i = 0; i < kMciSiteKinds; ++i) {
    if (name == MciSiteKindName(static_cast<MciSiteKind>(i))) return static_cast<MciSiteKind>(i);
  }
  return InvalidArgumentError(
      fmt::format("unknown MCI site kind '{}' (casualty_collection, treatment or staging)", name));
}

Result<MciPatientState> ParseMciPatientState(std::string_view name) {
  for (int i = 0; i < kMciPatientStates; ++i) {
    if (name == MciPatientStateName(static_cast<MciPatientState>(i))) {
      return static_cast<MciPatientState>(i);
    }
  }
  return InvalidArgumentError(fmt::format(
      "unknown MCI patient state '{}' (on_scene, assigned, transporting, arrived or released)",
      name));
}

Status ValidateTag(std::string_view tag) {
  if (tag.empty() || tag.size() > 32) {
    return InvalidArgumentError(
        fmt::format("triage tag '{}' must be 1 to 32 characters", tag.substr(0, 40)));
  }
  for (char c : tag) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) {
      return InvalidArgumentError(fmt::format(
          "triage tag '{}' may hold only letters, digits, '-' and '_'", tag.substr(0, 40)));
    }
  }
  return OkStatus();
}

const MciPatient* Mci::FindPatient(std::string_view tag) const {
  auto it = patients.find(tag);
  return it == patients.end() ? nullptr : &it->second;
}

const MciSite* Mci::FindSite(std::string_view site_name) const {
  for (const MciSite& s : sites) {
    if (s.name == site_name) return &s;
  }
  return nullptr;
}

std::optional<std::size_t> SurgeIndex(triage::MciCategory category) {
  switch (category) {
    case triage::MciCategory::kImmediate:
      return 0;
    case triage::MciCategory::kDelayed:
      return 1;
    case triage::MciCategory::kMinor:
      return 2;
    case triage::MciCategory::kExpectant:
      return 3;
    case triage::MciCategory::kDead:
      return std::nullopt;
  }
  return std::nullopt;
}

MciCounts CountPatients(const Mci& mci) {
  MciCounts c;
  for (const auto& [tag, p] : mci.patients) {
    ++c.total;
    ++c.by_category[Index(p.category)];
    ++c.by_state[Index(p.state)];
    if (p.state == MciPatientState::kOnScene || p.state == MciPatientState::kAssigned) {
      ++c.waiting[Index(p.category)];
    }
    if (p.hospital && p.state == MciPatientState::kArrived) {
      ++c.arrived[*p.hospital][Index(p.category)];
    }
    if (p.hospital && p.state == MciPatientState::kTransporting) {
      ++c.inbound[*p.hospital][Index(p.category)];
    }
  }
  return c;
}

std::optional<MciId> MciOf(const EventPayload& payload) {
  return std::visit(
      [](const auto& e) -> std::optional<MciId> {
        if constexpr (requires { e.mci; }) {
          return e.mci;
        } else {
          return std::nullopt;
        }
      },
      payload);
}

std::string_view TagOf(const EventPayload& payload) {
  return std::visit(
      [](const auto& e) -> std::string_view {
        if constexpr (requires { e.tag; }) {
          return e.tag;
        } else {
          return {};
        }
      },
      payload);
}

std::vector<const Event*> PatientTrail(std::span<const Event> log, MciId mci,
                                       std::string_view tag) {
  std::vector<const Event*> out;
  for (const Event& e : log) {
    if (MciOf(e.payload) == mci && TagOf(e.payload) == tag) out.push_back(&e);
  }
  return out;
}

const Mci* CadState::FindMci(MciId id) const {
  auto it = mcis_.find(id);
  return it == mcis_.end() ? nullptr : &it->second;
}

Mci* CadState::MutableMci(MciId id) {
  auto it = mcis_.find(id);
  return it == mcis_.end() ? nullptr : &it->second;
}

const Mci* CadState::MciOfIncident(IncidentId incident) const {
  auto it = mci_of_incident_.find(incident);
  return it == mci_of_incident_.end() ? nullptr : FindMci(it->second);
}

Status CadState::CheckMci(const EventPayload& payload) const {
  auto open_mci = [this](MciId id) -> Result<const Mci*> {
    const Mci* m = FindMci(id);
    if (m == nullptr) return NotFoundError(fmt::format("MCI {} was not declared", id));
    if (m->closed)
      return FailedPreconditionError(fmt::format("MCI {} ({}) is closed", id, m->name));
    return m;
  };
  auto patient = [&](MciId id, std::string_view tag) -> Result<const MciPatient*> {
    BEACON_ASSIGN_OR_RETURN(const Mci* m, open_mci(id));
    const MciPatient* p = m->FindPatient(tag);
    if (p == nullptr) {
      return NotFoundError(fmt::format("MCI {} has no patient tagged '{}'", id, tag));
    }
    return p;
  };
  auto site = [&](const Mci& m, std::string_view name) -> Status {
    if (!name.empty() && m.FindSite(name) == nullptr) {
      return NotFoundError(fmt::format("MCI {} has no site '{}'", m.id, name));
    }
    return OkStatus();
  };
  auto hospital = [this](HospitalId id) -> Status {
    if (FindHospital(id) == nullptr) {
      return NotFoundError(fmt::format("hospital {} is not in the roster", id));
    }
    return OkStatus();
  };
  auto at_scene = [](const Mci& m, const MciPatient& p, std::string_view attempt) -> Status {
    if (p.state != MciPatientState::kOnScene && p.state != MciPatientState::kAssigned) {
      return FailedPreconditionError(fmt::format(
          "{}: cannot be {}; only a patient at the scene can", PatientLabel(m, p), attempt));
    }
    return OkStatus();
  };
  auto unit_on_mci = [this](const Mci& m, UnitId unit) -> Status {
    const Unit* u = FindUnit(unit);
    if (u == nullptr) return NotFoundError(fmt::format("unit {} is not in the roster", unit));
    const Assignment* a = ActiveAssignment(unit);
    if (a == nullptr || a->incident != m.incident) {
      return FailedPreconditionError(fmt::format("unit {} ({}) is not on MCI {}'s incident {}",
                                                 unit, u->name, m.id, m.incident));
    }
    if (a->state != AssignmentState::kOnScene && a->state != AssignmentState::kPatientContact &&
        a->state != AssignmentState::kTransporting) {
      return FailedPreconditionError(fmt::format(
          "unit {} ({}) is {} on incident {}; a patient is loaded on scene or while transporting",
          unit, u->name, AssignmentStateName(a->state), m.incident));
    }
    return OkStatus();
  };
  return std::visit(
      Overloaded{
          [&](const MciDeclared& e) -> Status {
            if (!e.mci.valid()) return InvalidArgumentError("MCI has no id");
            if (mcis_.contains(e.mci)) {
              return AlreadyExistsError(fmt::format("MCI {} was already declared", e.mci));
            }
            const Incident* inc = FindIncident(e.incident);
            if (inc == nullptr) {
              return NotFoundError(fmt::format("incident {} does not exist", e.incident));
            }
            if (inc->closed) {
              return FailedPreconditionError(fmt::format("incident {} is closed", e.incident));
            }
            if (const Mci* other = MciOfIncident(e.incident)) {
              return AlreadyExistsError(fmt::format("incident {} is already MCI {} ({})",
                                                    e.incident, other->id, other->name));
            }
            BEACON_RETURN_IF_ERROR(CheckText(e.name, kMaxMciName, "name", e.mci, true));
            return CheckLevel(e.level, e.mci);
          },
          [&](const MciLevelChanged& e) -> Status {
            BEACON_ASSIGN_OR_RETURN(const Mci* m, open_mci(e.mci));
            BEACON_RETURN_IF_ERROR(CheckLevel(e.level, e.mci));
            if (m->level == e.level) {
              return FailedPreconditionError(
                  fmt::format("MCI {} is already level {}", e.mci, e.level));
            }
            return OkStatus();
          },
          [&](const MciSiteSet& e) -> Status {
            BEACON_RETURN_IF_ERROR(open_mci(e.mci));
            BEACON_RETURN_IF_ERROR(CheckText(e.site, kMaxSiteName, "site name", e.mci, false));
            return ValidateLatLon(e.location).WithContextFrom([&] {
              return fmt::format("MCI {} site '{}'", e.mci, e.site);
            });
          },
          [&](const MciSurgeDeclared& e) -> Status {
            BEACON_RETURN_IF_ERROR(open_mci(e.mci));
            BEACON_RETURN_IF_ERROR(hospital(e.hospital));
            for (int c : e.capacity) {
              if (c < 0 || c > kMaxSurge) {
                return InvalidArgumentError(
                    fmt::format("MCI {}: hospital {} surge capacity {} is outside 0..{}", e.mci,
                                e.hospital, c, kMaxSurge));
              }
            }
            return OkStatus();
          },
          [&](const PatientTagged& e) -> Status {
            BEACON_ASSIGN_OR_RETURN(const Mci* m, open_mci(e.mci));
            BEACON_RETURN_IF_ERROR(ValidateTag(e.tag));
            if (const MciPatient* p = m->FindPatient(e.tag)) {
              return AlreadyExistsError(fmt::format("{} is already tagged", PatientLabel(*m, *p)));
            }
            return site(*m, e.site);
          },
          [&](const PatientRetriaged& e) -> Status {
            BEACON_ASSIGN_OR_RETURN(const MciPatient* p, patient(e.mci, e.tag));
            if (p->state == MciPatientState::kArrived || p->state == MciPatientState::kReleased) {
              return FailedPreconditionError(
                  fmt::format("{}: EMS triage ends when the patient leaves EMS care",
                              PatientLabel(*FindMci(e.mci), *p)));
            }
            return OkStatus();
          },
          [&](const PatientMoved& e) -> Status {
            BEACON_ASSIGN_OR_RETURN(const MciPatient* p, patient(e.mci, e.tag));
            const Mci& m = *FindMci(e.mci);
            BEACON_RETURN_IF_ERROR(at_scene(m, *p, "moved between sites"));
            if (e.site.empty()) {
              return InvalidArgumentError(fmt::format("MCI {}: a move names a site", e.mci));
            }
            return site(m, e.site);
          },
          [&](const PatientTreated& e) -> Status {
            BEACON_ASSIGN_OR_RETURN(const MciPatient* p, patient(e.mci, e.tag));
            const Mci& m = *FindMci(e.mci);
            if (p->state == MciPatientState::kArrived || p->state == MciPatientState::kReleased) {
              return FailedPreconditionError(
                  fmt::format("{}: no longer in EMS care", PatientLabel(m, *p)));
            }
            return CheckText(e.treatment, kMaxTreatment, "treatment", e.mci, false);
          },
          [&](const PatientTransportAssigned& e) -> Status {
            BEACON_ASSIGN_OR_RETURN(const MciPatient* p, patient(e.mci, e.tag));
            const Mci& m = *FindMci(e.mci);
            BEACON_RETURN_IF_ERROR(at_scene(m, *p, "assigned a transport"));
            if (!Alive(*p)) {
              return FailedPreconditionError(fmt::format(
                  "{}: the dead are not transported by ambulance", PatientLabel(m, *p)));
            }
            if (FindUnit(e.unit) == nullptr) {
              return NotFoundError(fmt::format("unit {} is not in the roster", e.unit));
            }
            return hospital(e.hospital);
          },
          [&](const PatientTransported& e) -> Status {
            BEACON_ASSIGN_OR_RETURN(const MciPatient* p, patient(e.mci, e.tag));
            const Mci& m = *FindMci(e.mci);
            BEACON_RETURN_IF_ERROR(at_scene(m, *p, "transported"));
            if (!Alive(*p)) {
              return FailedPreconditionError(fmt::format(
                  "{}: the dead are not transported by ambulance", PatientLabel(m, *p)));
            }
            BEACON_RETURN_IF_ERROR(hospital(e.hospital));
            return unit_on_mci(m, e.unit);
          },
          [&](const PatientArrived& e) -> Status {
            BEACON_ASSIGN_OR_RETURN(const MciPatient* p, patient(e.mci, e.tag));
            if (p->state != MciPatientState::kTransporting) {
              return FailedPreconditionError(
                  fmt::format("{}: cannot arrive; it is not being transported",
                              PatientLabel(*FindMci(e.mci), *p)));
            }
            return hospital(e.hospital);
          },
          [&](const PatientReleased& e) -> Status {
            BEACON_ASSIGN_OR_RETURN(const MciPatient* p, patient(e.mci, e.tag));
            return at_scene(*FindMci(e.mci), *p, "released");
          },
          [&](const MciClosed& e) -> Status {
            BEACON_ASSIGN_OR_RETURN(const Mci* m, open_mci(e.mci));
            for (const auto& [tag, p] : m->patients) {
              const bool done = p.state == MciPatientState::kArrived ||
                                p.state == MciPatientState::kReleased ||
                                (!Alive(p) && p.state == MciPatientState::kOnScene);
              if (!done) {
                return FailedPreconditionError(fmt::format(
                    "{}: every living patient must have arrived or been released before MCI {} "
                    "closes",
                    PatientLabel(*m, p), m->id));
              }
            }
            return OkStatus();
          },
          [&](const auto&) -> Status {
            return InternalError("CheckMci called with a CAD core event");
          },
      },
      payload);
}

void CadState::MutateMci(const Event& event) {
  const Instant t = event.time;
  auto patient = [this](MciId id, const std::string& tag) -> std::pair<Mci&, MciPatient&> {
    Mci& m = *MutableMci(id);
    ++m.version;
    MciPatient& p = m.patients.find(tag)->second;
    ++p.version;
    return {m, p};
  };
  auto enter = [t](MciPatient& p, MciPatientState s) {
    p.state = s;
    p.since = t;
  };
  std::visit(Overloaded{
                 [&](const MciDeclared& e) {
                   Mci m;
                   m.id = e.mci;
                   m.incident = e.incident;
                   m.name = e.name;
                   m.level = e.level;
                   m.declared = t;
                   // Units already on the incident work the MCI.
                   for (std::size_t idx : FindIncident(e.incident)->assignments) {
                     if (!IsTerminal(assignments_[idx].state))
                       m.units.insert(assignments_[idx].unit);
                   }
                   mci_of_incident_[e.incident] = e.mci;
                   mcis_.emplace(e.mci, std::move(m));
                 },
                 [&](const MciLevelChanged& e) {
                   Mci& m = *MutableMci(e.mci);
                   m.level = e.level;
                   ++m.version;
                 },
                 [&](const MciSiteSet& e) {
                   Mci& m = *MutableMci(e.mci);
                   auto it = std::find_if(m.sites.begin(), m.sites.end(),
                                          [&](const MciSite& s) { return s.name == e.site; });
                   if (it == m.sites.end()) {
                     m.sites.push_back(MciSite{e.site, e.kind, e.location});
                   } else {
                     it->kind = e.kind;
                     it->location = e.location;
                   }
                   ++m.version;
                 },
                 [&](const MciSurgeDeclared& e) {
                   Mci& m = *MutableMci(e.mci);
                   m.surge[e.hospital] = e.capacity;
                   ++m.version;
                 },
                 [&](const PatientTagged& e) {
                   Mci& m = *MutableMci(e.mci);
                   MciPatient p;
                   p.tag = e.tag;
                   p.category = e.category;
                   p.algorithm = e.algorithm;
                   p.site = e.site;
                   p.needs = e.needs;
                   p.tagged = t;
                   p.since = t;
                   p.version = 1;
                   m.patients.emplace(e.tag, std::move(p));
                   ++m.version;
                 },
                 [&](const PatientRetriaged& e) {
                   MciPatient& p = patient(e.mci, e.tag).second;
                   p.category = e.category;
                   p.algorithm = e.algorithm;
                   ++p.retriages;
                 },
                 [&](const PatientMoved& e) { patient(e.mci, e.tag).second.site = e.site; },
                 [&](const PatientTreated& e) {
                   patient(e.mci, e.tag).second.treatments.push_back(e.treatment);
                 },
                 [&](const PatientTransportAssigned& e) {
                   MciPatient& p = patient(e.mci, e.tag).second;
                   enter(p, MciPatientState::kAssigned);
                   p.unit = e.unit;
                   p.hospital = e.hospital;
                 },
                 [&](const PatientTransported& e) {
                   MciPatient& p = patient(e.mci, e.tag).second;
                   enter(p, MciPatientState::kTransporting);
                   p.unit = e.unit;
                   p.hospital = e.hospital;
                 },
                 [&](const PatientArrived& e) {
                   MciPatient& p = patient(e.mci, e.tag).second;
                   enter(p, MciPatientState::kArrived);
                   p.hospital = e.hospital;
                 },
                 [&](const PatientReleased& e) {
                   MciPatient& p = patient(e.mci, e.tag).second;
                   enter(p, MciPatientState::kReleased);
                   p.unit.reset();
                   p.hospital.reset();
                 },
                 [&](const MciClosed& e) {
                   Mci& m = *MutableMci(e.mci);
                   m.closed = true;
                   ++m.version;
                 },
                 [&](const auto&) {},
             },
             event.payload);
}

}  // namespace beacon::cad
