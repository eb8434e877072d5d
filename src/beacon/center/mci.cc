// DispatchCenter's MCI commands and the distribution plan on the live state
// (dispatch_center.h; docs/design/mci.md).
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <set>

#include "beacon/center/dispatch_center.h"
#include "beacon/geo/distance.h"

namespace beacon::center {
namespace {

bool Carries(cad::UnitType t) { return t == cad::UnitType::kAls || t == cad::UnitType::kBls; }

Milliseconds NonNegative(Milliseconds d) { return std::max(d, Milliseconds{0}); }

}  // namespace

Result<cad::MciId> DispatchCenter::DeclareMci(IncidentId incident, std::string name, int level,
                                              std::string_view actor) {
  while (state_.FindMci(cad::MciId{next_mci_}) != nullptr) ++next_mci_;
  const cad::MciId id{next_mci_};
  BEACON_RETURN_IF_ERROR(AppendF(cad::MciDeclared{id, incident, std::move(name), level}, actor,
                                 "MCI declared, level {}", level));
  ++next_mci_;
  return id;
}

Status DispatchCenter::SetMciLevel(cad::MciId mci, int level, std::string_view actor) {
  return AppendF(cad::MciLevelChanged{mci, level}, actor, "MCI level {}", level);
}

Status DispatchCenter::SetMciSite(cad::MciId mci, std::string site, cad::MciSiteKind kind,
                                  const LatLon& location, std::string_view actor) {
  return AppendF(cad::MciSiteSet{mci, std::move(site), kind, location}, actor, "{} set up",
                 cad::MciSiteKindName(kind));
}

Status DispatchCenter::DeclareSurge(cad::MciId mci, HospitalId hospital,
                                    std::array<int, 4> capacity, std::string_view actor) {
  return AppendF(cad::MciSurgeDeclared{mci, hospital, capacity}, actor,
                 "surge capacity red {} yellow {} green {} gray {}", capacity[0], capacity[1],
                 capacity[2], capacity[3]);
}

namespace {

// The category of a tag, and the words that say where it came from.
Result<std::pair<triage::MciCategory, std::string>> TagCategory(const MciTagInput& input) {
  if (input.category) {
    return std::pair(*input.category, std::string("category given"));
  }
  if (!input.algorithm) {
    return InvalidArgumentError(fmt::format(
        "patient {}: give a category, or an algorithm (start, jumpstart, salt) and findings",
        input.tag));
  }
  BEACON_ASSIGN_OR_RETURN(triage::TriageResult r,
                          triage::TriageMci(*input.algorithm, input.findings).WithContextFrom([&] {
                            return fmt::format("patient {}", input.tag);
                          }));
  return std::pair(r.category,
                   fmt::format("{}: {}", triage::MciAlgorithmName(*input.algorithm), r.reason));
}

}  // namespace

Result<triage::MciCategory> DispatchCenter::TagPatient(cad::MciId mci, const MciTagInput& input,
                                                       std::string_view actor) {
  BEACON_ASSIGN_OR_RETURN(auto category, TagCategory(input));
  BEACON_RETURN_IF_ERROR(Append(
      cad::PatientTagged{mci, input.tag, category.first, input.algorithm, input.site, input.needs},
      actor, category.second));
  return category.first;
}

Result<triage::MciCategory> DispatchCenter::RetriagePatient(cad::MciId mci,
                                                            const MciTagInput& input,
                                                            std::string_view actor) {
  BEACON_ASSIGN_OR_RETURN(auto category, TagCategory(input));
  BEACON_RETURN_IF_ERROR(
      Append(cad::PatientRetriaged{mci, input.tag, category.first, input.algorithm}, actor,
             category.second));
  return category.first;
}

Status DispatchCenter::MovePatient(cad::MciId mci, std::string_view tag, std::string site,
                                   std::string_view actor) {
  return Append(cad::PatientMoved{mci, std::string(tag), std::move(site)}, actor, "moved");
}

Status DispatchCenter::TreatPatient(cad::MciId mci, std::string_view tag, std::string treatment,
                                    std::string_view actor) {
  return Append(cad::PatientTreated{mci, std::string(tag), std::move(treatment)}, actor,
                "treatment");
}

Status DispatchCenter::AssignPatientTransport(cad::MciId mci, std::string_view tag, UnitId unit,
                                              HospitalId hospital, std::string_view actor,
                                              std::string_view reason) {
  return Append(cad::PatientTransportAssigned{mci, std::string(tag), unit, hospital}, actor,
                reason.empty() ? std::string_view("transport assigned") : reason);
}

Status DispatchCenter::PatientTransported(cad::MciId mci, std::string_view tag, UnitId unit,
                                          HospitalId hospital, std::string_view actor) {
  return Append(cad::PatientTransported{mci, std::string(tag), unit, hospital}, actor,
                "left the scene");
}

Status DispatchCenter::PatientArrived(cad::MciId mci, std::string_view tag, HospitalId hospital,
                                      std::string_view actor) {
  return Append(cad::PatientArrived{mci, std::string(tag), hospital}, actor, "at the hospital");
}

Status DispatchCenter::ReleasePatient(cad::MciId mci, std::string_view tag,
                                      std::string_view actor) {
  return Append(cad::PatientReleased{mci, std::string(tag)}, actor, "released at the scene");
}

Status DispatchCenter::CloseMci(cad::MciId mci, std::string_view actor) {
  return Append(cad::MciClosed{mci}, actor, "MCI closed");
}

Result<MciPlanResult> DispatchCenter::PlanMci(cad::MciId id, const MciPlanRequest& req) const {
  const cad::Mci* m = state_.FindMci(id);
  if (m == nullptr) return NotFoundError(fmt::format("MCI {} was not declared", id));
  if (m->closed) return FailedPreconditionError(fmt::format("MCI {} ({}) is closed", id, m->name));
  const cad::Incident* inc = state_.FindIncident(m->incident);
  if (inc == nullptr) {
    return NotFoundError(fmt::format("MCI {}: incident {} is gone", id, m->incident));
  }
  if (req.ambulance_capacity < 1) {
    return InvalidArgumentError("an ambulance carries at least one patient");
  }
  MciPlanResult r;
  r.made = Now();
  dispatch::MciInput& in = r.input;

  // Scenes: the casualty collection points, else the incident's location.
  for (const cad::MciSite& s : m->sites) {
    if (s.kind != cad::MciSiteKind::kCasualtyCollection) continue;
    in.scenes.push_back({s.name, s.location, req.load_time});
    r.scene_sites.push_back(s.name);
  }
  if (in.scenes.empty()) {
    in.scenes.push_back({m->name, inc->location, req.load_time});
    r.scene_sites.emplace_back();
  }
  auto scene_of = [&](const std::string& site) -> std::size_t {
    const cad::MciSite* s = site.empty() ? nullptr : m->FindSite(site);
    const LatLon at = s != nullptr ? s->location : inc->location;
    std::size_t best = 0;
    double best_d = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < in.scenes.size(); ++k) {
      if (r.scene_sites[k] == site && !site.empty()) return k;
      const double d = geo::HaversineDistance(at, in.scenes[k].location).value();
      if (d < best_d) {
        best_d = d;
        best = k;
      }
    }
    return best;
  };

  // Hospitals: every open ED, and any other hospital a patient is already headed to or at.
  std::set<HospitalId> fixed_at;
  for (const auto& [tag, p] : m->patients) {
    if (p.hospital && (p.state == cad::MciPatientState::kTransporting ||
                       p.state == cad::MciPatientState::kArrived)) {
      fixed_at.insert(*p.hospital);
    }
  }
  std::map<HospitalId, std::size_t> hospital_index;
  std::vector<LatLon> hospital_at;
  for (const cad::Hospital& h : state_.hospitals()) {
    const bool open = h.emergency_department && h.status == cad::HospitalStatus::kOpen;
    if (!open && !fixed_at.contains(h.id)) continue;
    dispatch::MciHospital mh;
    mh.id = h.id;
    mh.name = h.code.empty() ? h.name : h.code;
    mh.capabilities = h.capabilities;
    if (auto it = m->surge.find(h.id); it != m->surge.end() && open) mh.capacity = it->second;
    mh.handover = req.handover;
    hospital_index[h.id] = in.hospitals.size();
    in.hospitals.push_back(std::move(mh));
    hospital_at.push_back(h.location);
  }

  // Travel between the scenes and the hospitals (asked again on every plan; see
  // docs/design/mci.md).
  const std::size_t n_scenes = in.scenes.size();
  in.travel.scene_to_hospital.assign(n_scenes, {});
  in.travel.hospital_to_scene.assign(in.hospitals.size(),
                                     std::vector<std::optional<Milliseconds>>(n_scenes));
  for (std::size_t s = 0; s < n_scenes; ++s) {
    BEACON_RETURN_IF_ERROR(
        travel_->FromOne(in.scenes[s].location, hospital_at, in.travel.scene_to_hospital[s]));
    std::vector<std::optional<Milliseconds>> back;
    BEACON_RETURN_IF_ERROR(travel_->ToOne(hospital_at, in.scenes[s].location, back));
    for (std::size_t h = 0; h < back.size(); ++h) in.travel.hospital_to_scene[h][s] = back[h];
  }

  // Patients: those at the scene are planned; those on their way or delivered are fixed.
  const Instant now = Now();
  for (const auto& [tag, p] : m->patients) {
    const std::optional<std::size_t> cat = cad::SurgeIndex(p.category);
    if (!cat || p.state == cad::MciPatientState::kReleased) continue;
    dispatch::MciPatient mp;
    mp.id = tag;
    mp.category = static_cast<dispatch::TransportCategory>(*cat);
    mp.scene = scene_of(p.site);
    mp.pediatric = p.needs.pediatric;
    mp.burn = p.needs.burn;
    mp.trauma = p.needs.trauma;
    if (p.state == cad::MciPatientState::kTransporting ||
        p.state == cad::MciPatientState::kArrived) {
      const std::size_t h = hospital_index.at(*p.hospital);
      Milliseconds arrival = p.since - now;
      if (p.state == cad::MciPatientState::kTransporting) {
        const auto leg = in.travel.scene_to_hospital[mp.scene][h];
        arrival = NonNegative(p.since + leg.value_or(Milliseconds{0}) - now);
      }
      mp.fixed = dispatch::FixedTransport{h, arrival};
    }
    in.patients.push_back(std::move(mp));
    r.tags.push_back(tag);
  }

  // Ambulances: the MCI's units and the extra ones, with when and where they come free.
  std::set<UnitId> candidates(m->units.begin(), m->units.end());
  candidates.insert(req.extra_units.begin(), req.extra_units.end());
  for (UnitId u : req.released_units) candidates.erase(u);
  std::vector<LatLon> from;
  for (UnitId uid : candidates) {
    const cad::Unit* u = state_.FindUnit(uid);
    if (u == nullptr || !Carries(u->type) || u->availability == cad::Availability::kOutOfService) {
      continue;
    }
    const cad::Assignment* a = state_.ActiveAssignment(uid);
    if (a != nullptr && a->incident != m->incident) continue;  // busy elsewhere
    LatLon at;
    if (const auto fix = state_.Position(uid)) {
      at = fix->position;
    } else if (const cad::Station* home = state_.FindStation(u->home_station)) {
      at = home->location;
    } else {
      continue;
    }
    Milliseconds free_at{0};
    // A unit with patients aboard (or heading to a hospital) comes free after the hand-over.
    std::optional<HospitalId> bound;
    if (a != nullptr && a->destination &&
        (a->state == cad::AssignmentState::kTransporting ||
         a->state == cad::AssignmentState::kAtDestination ||
         a->state == cad::AssignmentState::kTransferred)) {
      bound = a->destination;
    }
    for (const auto& [tag, p] : m->patients) {
      if (p.state == cad::MciPatientState::kTransporting && p.unit == uid) bound = p.hospital;
    }
    if (bound) {
      const cad::Hospital* h = state_.FindHospital(*bound);
      if (h == nullptr) continue;
      if (a != nullptr && a->state == cad::AssignmentState::kAtDestination) {
        free_at = NonNegative(a->since + req.handover - now);
      } else if (a != nullptr && a->state == cad::AssignmentState::kTransferred) {
        free_at = Milliseconds{0};
      } else {
        std::vector<std::optional<Milliseconds>> eta;
        BEACON_RETURN_IF_ERROR(travel_->ToOne(std::span(&at, 1), h->location, eta));
        free_at = eta.empty() || !eta[0] ? req.handover : *eta[0] + req.handover;
      }
      at = h->location;
    }
    dispatch::MciAmbulance amb;
    amb.id = uid;
    amb.name = u->name;
    amb.free_at = free_at;
    amb.capacity = req.ambulance_capacity;
    in.ambulances.push_back(std::move(amb));
    r.units.push_back(uid);
    from.push_back(at);
  }
  in.travel.ambulance_to_scene.assign(in.ambulances.size(),
                                      std::vector<std::optional<Milliseconds>>(n_scenes));
  if (!from.empty()) {
    for (std::size_t s = 0; s < n_scenes; ++s) {
      std::vector<std::optional<Milliseconds>> eta;
      BEACON_RETURN_IF_ERROR(travel_->ToOne(from, in.scenes[s].location, eta));
      for (std::size_t k = 0; k < eta.size(); ++k) in.travel.ambulance_to_scene[k][s] = eta[k];
    }
  }
  if (req.policy == MciPolicy::kClosest) {
    BEACON_ASSIGN_OR_RETURN(r.plan, dispatch::PlanClosestHospital(in, req.options));
  } else {
    BEACON_ASSIGN_OR_RETURN(r.plan, dispatch::PlanMciDistribution(in, req.options));
  }
  return r;
}

Result<int> DispatchCenter::AcceptMciPlan(cad::MciId id, const MciPlanResult& plan,
                                          std::string_view actor) {
  const cad::Mci* m = state_.FindMci(id);
  if (m == nullptr) return NotFoundError(fmt::format("MCI {} was not declared", id));
  int assigned = 0;
  for (const dispatch::PlannedTrip& trip : plan.plan.trips) {
    if (trip.run != 1) continue;
    const UnitId unit = plan.units.at(trip.ambulance);
    const HospitalId hospital = plan.input.hospitals.at(trip.hospital).id;
    for (std::size_t p : trip.patients) {
      const std::string& tag = plan.tags.at(p);
      const cad::MciPatient* now = state_.FindMci(id)->FindPatient(tag);
      if (now == nullptr) continue;
      const bool at_scene = now->state == cad::MciPatientState::kOnScene ||
                            now->state == cad::MciPatientState::kAssigned;
      if (!at_scene || (now->unit == unit && now->hospital == hospital)) continue;
      BEACON_RETURN_IF_ERROR(AppendF(cad::PatientTransportAssigned{id, tag, unit, hospital}, actor,
                                     "distribution plan: {} to {}, leaves the scene +{} min",
                                     UnitName(unit), plan.input.hospitals[trip.hospital].name,
                                     std::chrono::duration_cast<Minutes>(trip.depart).count()));
      ++assigned;
    }
  }
  return assigned;
}

}  // namespace beacon::center
