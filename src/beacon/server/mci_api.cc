// The Api's mass-casualty incident routes (api.h; docs/design/mci.md): a supervisor declares and
// escalates an MCI, sets up its sites and records the hospitals' surge capacity; crews tag and
// re-triage patients (a category, or START/JumpSTART/SALT on the findings), record treatment and
// transport; a dispatcher asks for the distribution plan and accepts it. Every request is audited
// by Api::Dispatch; every write carries the version it saw (the MCI's, or the patient's) and a
// stale one gets 409 with the current state.
//
//   GET  /api/v1/mcis                                        the MCIs, with counts
//   POST /api/v1/mcis            {"incident", "name", "level"}
//   GET  /api/v1/mcis/{id}                                   the board: counts, sites, patients,
//                                                            hospitals (declared, inbound, arrived)
//   POST /api/v1/mcis/{id}/level|sites|surge|close           {"version", ...}
//   POST /api/v1/mcis/{id}/patients                          {"tag", "category" | "algorithm"
//                                                             + "findings", "site", "needs"}
//   POST /api/v1/mcis/{id}/patients/{tag}/retriage|move|treatment|transport|departed|arrived|
//        released                                            {"version", ...}
//   POST /api/v1/mcis/{id}/plan  {"policy"}                  the distribution plan (no change)
//   POST /api/v1/mcis/{id}/plan/accept {"policy", "version"} records each ambulance's first run
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <limits>

#include "beacon/server/api.h"
#include "beacon/server/api_json.h"
#include "beacon/server/api_routes.h"
#include "beacon/triage/mci_findings_json.h"

namespace beacon::server {

using nlohmann::json;

namespace {

// Who sees the board (patients by tag and category, no names): the dispatch floor, crews and the
// medical director. Who runs the MCI: supervisors. Who tags and moves patients: crews and the
// dispatch floor.
constexpr RoleSet kMciReaders = kClinical;
constexpr RoleSet kMciCommand = Bit(Role::kSupervisor);
constexpr RoleSet kMciScene = kCrews;
constexpr RoleSet kMciPlanners = kDispatchers;

json Location(const LatLon& p) { return {{"lat", p.lat}, {"lon", p.lon}}; }

json CategoryCounts(const std::array<int, triage::kMciCategories>& by) {
  json j = json::object();
  for (int c = 0; c < triage::kMciCategories; ++c) {
    j[std::string(triage::MciCategoryColor(static_cast<triage::MciCategory>(c)))] =
        by[static_cast<std::size_t>(c)];
  }
  return j;
}

json PatientJson(const cad::CadState& state, const cad::MciPatient& p) {
  const cad::Unit* u = p.unit ? state.FindUnit(*p.unit) : nullptr;
  const cad::Hospital* h = p.hospital ? state.FindHospital(*p.hospital) : nullptr;
  json needs = json::array();
  if (p.needs.pediatric) needs.push_back("pediatric");
  if (p.needs.burn) needs.push_back("burn");
  if (p.needs.trauma) needs.push_back("trauma");
  return {{"tag", p.tag},
          {"category", triage::MciCategoryName(p.category)},
          {"color", triage::MciCategoryColor(p.category)},
          {"escene_08", triage::EScene08Code(p.category)},
          {"algorithm", p.algorithm ? json(triage::MciAlgorithmName(*p.algorithm)) : json(nullptr)},
          {"site", p.site},
          {"needs", needs},
          {"state", cad::MciPatientStateName(p.state)},
          {"unit", u != nullptr ? json(u->name) : json(nullptr)},
          {"unit_id", p.unit ? json(p.unit->value()) : json(nullptr)},
          {"hospital", h != nullptr ? json(h->code) : json(nullptr)},
          {"hospital_id", p.hospital ? json(p.hospital->value()) : json(nullptr)},
          {"treatments", p.treatments},
          {"tagged", FormatUtc(p.tagged)},
          {"since", FormatUtc(p.since)},
          {"retriages", p.retriages},
          {"version", p.version}};
}

json MciJson(const cad::CadState& state, const cad::Mci& m, bool full) {
  const cad::MciCounts c = cad::CountPatients(m);
  json states = json::object();
  for (int s = 0; s < cad::kMciPatientStates; ++s) {
    states[std::string(cad::MciPatientStateName(static_cast<cad::MciPatientState>(s)))] =
        c.by_state[static_cast<std::size_t>(s)];
  }
  json j = {{"id", m.id.value()},
            {"incident", m.incident.value()},
            {"name", m.name},
            {"level", m.level},
            {"declared", FormatUtc(m.declared)},
            {"closed", m.closed},
            {"version", m.version},
            {"counts",
             {{"total", c.total},
              {"by_category", CategoryCounts(c.by_category)},
              {"at_scene", CategoryCounts(c.waiting)},
              {"by_state", states}}}};
  if (!full) return j;
  json sites = json::array();
  for (const cad::MciSite& s : m.sites) {
    sites.push_back({{"name", s.name},
                     {"kind", cad::MciSiteKindName(s.kind)},
                     {"location", Location(s.location)}});
  }
  json patients = json::array();
  for (const auto& [tag, p] : m.patients) patients.push_back(PatientJson(state, p));
  json hospitals = json::array();
  for (const cad::Hospital& h : state.hospitals()) {
    const auto declared = m.surge.find(h.id);
    const auto arrived = c.arrived.find(h.id);
    const auto inbound = c.inbound.find(h.id);
    if (declared == m.surge.end() && arrived == c.arrived.end() && inbound == c.inbound.end() &&
        !(h.emergency_department && h.status == cad::HospitalStatus::kOpen)) {
      continue;
    }
    const std::array<int, triage::kMciCategories> none{};
    json decl = nullptr;
    if (declared != m.surge.end()) {
      decl = {{"Red", declared->second[0]},
              {"Yellow", declared->second[1]},
              {"Green", declared->second[2]},
              {"Gray", declared->second[3]}};
    }
    hospitals.push_back(
        {{"id", h.id.value()},
         {"code", h.code},
         {"name", h.name},
         {"status", cad::HospitalStatusName(h.status)},
         {"declared", decl},
         {"inbound", CategoryCounts(inbound != c.inbound.end() ? inbound->second : none)},
         {"arrived", CategoryCounts(arrived != c.arrived.end() ? arrived->second : none)}});
  }
  json units = json::array();
  for (UnitId id : m.units) {
    const cad::Unit* u = state.FindUnit(id);
    if (u == nullptr) continue;
    const cad::Assignment* a = state.ActiveAssignment(id);
    units.push_back({{"id", id.value()},
                     {"name", u->name},
                     {"availability", cad::AvailabilityName(u->availability)},
                     {"state", a != nullptr && a->incident == m.incident
                                   ? json(cad::AssignmentStateName(a->state))
                                   : json(nullptr)}});
  }
  j["sites"] = std::move(sites);
  j["patients"] = std::move(patients);
  j["hospitals"] = std::move(hospitals);
  j["units"] = std::move(units);
  return j;
}

json PlanJson(const cad::CadState& state, const center::MciPlanResult& r) {
  auto minutes = [](Milliseconds d) { return std::round(ToSecondsF(d) / 6) / 10; };
  json trips = json::array();
  for (const dispatch::PlannedTrip& t : r.plan.trips) {
    json tags = json::array();
    for (std::size_t p : t.patients) tags.push_back(r.tags[p]);
    const cad::Unit* u = state.FindUnit(r.units[t.ambulance]);
    trips.push_back({{"unit", u != nullptr ? u->name : ""},
                     {"unit_id", r.units[t.ambulance].value()},
                     {"run", t.run},
                     {"scene", r.input.scenes[t.scene].name},
                     {"hospital", r.input.hospitals[t.hospital].name},
                     {"hospital_id", r.input.hospitals[t.hospital].id.value()},
                     {"patients", tags},
                     {"at_scene_min", minutes(t.at_scene)},
                     {"depart_min", minutes(t.depart)},
                     {"arrive_min", minutes(t.arrive)}});
  }
  json patients = json::array();
  for (std::size_t i = 0; i < r.tags.size(); ++i) {
    const dispatch::PatientPlan& pp = r.plan.patients[i];
    patients.push_back(
        {{"tag", r.tags[i]},
         {"hospital", pp.hospital ? json(r.input.hospitals[*pp.hospital].name) : json(nullptr)},
         {"order", pp.order},
         {"fixed", r.input.patients[i].fixed.has_value()},
         {"arrive_min", pp.arrival ? json(minutes(*pp.arrival)) : json(nullptr)},
         {"needs_met", pp.needs_met},
         {"unplaced_reason", pp.unplaced_reason}});
  }
  const dispatch::MciFigures& f = r.plan.figures;
  json load = json::array();
  for (std::size_t h = 0; h < r.input.hospitals.size(); ++h) {
    load.push_back({{"hospital", r.input.hospitals[h].name},
                    {"declared", r.input.hospitals[h].capacity},
                    {"planned", f.load[h]}});
  }
  return {{"made", FormatUtc(r.made)},
          {"trips", trips},
          {"patients", patients},
          {"hospitals", load},
          {"figures",
           {{"last_red_arrival_min",
             f.last_red_arrival ? json(minutes(*f.last_red_arrival)) : json(nullptr)},
            {"overflow", f.overflow},
            {"unplaced", f.unplaced},
            {"needs_unmet", f.needs_unmet}}}};
}

}  // namespace

void Api::InstallMciRoutes(const AddRoute& add) {
  center::DispatchCenter& c = *center_;
  const cad::CadState& state = c.state();

  auto mci_of = [&state](Ctx& ctx) -> Result<const cad::Mci*> {
    BEACON_ASSIGN_OR_RETURN(std::uint64_t id, ParseId(ctx.params[0], "MCI"));
    const cad::Mci* m = id > std::numeric_limits<std::uint32_t>::max()
                            ? nullptr
                            : state.FindMci(cad::MciId{static_cast<std::uint32_t>(id)});
    if (m == nullptr) return NotFoundError(fmt::format("MCI {} does not exist", id));
    ctx.target = fmt::format("MCI {}", id);
    return m;
  };
  using Action = std::function<Status()>;
  using MciParse = std::function<Result<Action>(Ctx&, JsonBody&, cad::MciId)>;
  // A write on the MCI as a whole: parse, refuse unknown fields, 409 when stale, act, answer.
  auto mci_write = [&add, &state, mci_of](const std::string& pattern, RoleSet roles,
                                          MciParse parse) {
    add(
        "POST", pattern, roles,
        [&state, mci_of, parse](Ctx& ctx, JsonBody& body) -> Result<HttpResponse> {
          BEACON_ASSIGN_OR_RETURN(const cad::Mci* m, mci_of(ctx));
          const cad::MciId id = m->id;
          BEACON_ASSIGN_OR_RETURN(auto old,
                                  CheckVersion(body, m->version, fmt::format("MCI {}", id),
                                               [&] { return MciJson(state, *m, true); }));
          BEACON_ASSIGN_OR_RETURN(Action action, parse(ctx, body, id));
          BEACON_RETURN_IF_ERROR(body.NoOthers());
          if (old) return std::move(*old);
          BEACON_RETURN_IF_ERROR(action());
          return Json(200, MciJson(state, *state.FindMci(id), true));
        },
        true);
  };
  using PatientParse =
      std::function<Result<Action>(Ctx&, JsonBody&, cad::MciId, const std::string&)>;
  // A write on one patient, with the patient's version.
  auto patient_write = [&add, &state, mci_of](const std::string& verb, RoleSet roles,
                                              PatientParse parse) {
    add(
        "POST", "/api/v1/mcis/{}/patients/{}/" + verb, roles,
        [&state, mci_of, parse](Ctx& ctx, JsonBody& body) -> Result<HttpResponse> {
          BEACON_ASSIGN_OR_RETURN(const cad::Mci* m, mci_of(ctx));
          const cad::MciId id = m->id;
          const std::string tag = ctx.params[1];
          const cad::MciPatient* p = m->FindPatient(tag);
          if (p == nullptr) {
            return NotFoundError(fmt::format("MCI {} has no patient tagged '{}'", id, tag));
          }
          ctx.target = fmt::format("MCI {} patient {}", id, tag);
          BEACON_ASSIGN_OR_RETURN(auto old,
                                  CheckVersion(body, p->version, fmt::format("patient {}", tag),
                                               [&] { return PatientJson(state, *p); }));
          BEACON_ASSIGN_OR_RETURN(Action action, parse(ctx, body, id, tag));
          BEACON_RETURN_IF_ERROR(body.NoOthers());
          if (old) return std::move(*old);
          BEACON_RETURN_IF_ERROR(action());
          return Json(200, PatientJson(state, *state.FindMci(id)->FindPatient(tag)));
        },
        true);
  };
  auto hospital_of = [&state](JsonBody& body, const char* key) -> Result<HospitalId> {
    BEACON_ASSIGN_OR_RETURN(std::int64_t h,
                            body.Integer(key, 1, std::numeric_limits<std::uint32_t>::max()));
    const HospitalId id{static_cast<std::uint32_t>(h)};
    if (state.FindHospital(id) == nullptr) {
      return body.Invalid(key, fmt::format("hospital {} does not exist", h));
    }
    return id;
  };
  auto unit_of = [&state](JsonBody& body, const char* key) -> Result<UnitId> {
    BEACON_ASSIGN_OR_RETURN(std::int64_t u,
                            body.Integer(key, 1, std::numeric_limits<std::uint32_t>::max()));
    const UnitId id{static_cast<std::uint32_t>(u)};
    if (state.FindUnit(id) == nullptr) {
      return body.Invalid(key, fmt::format("unit {} does not exist", u));
    }
    return id;
  };
  // A tag's category: given, or the algorithm's on the findings (docs/formats/mci-findings.md).
  auto tag_input = [](JsonBody& body, center::MciTagInput& in) -> Status {
    BEACON_ASSIGN_OR_RETURN(std::optional<std::string> category, body.MaybeString("category", 20));
    if (category) {
      Result<triage::MciCategory> cat = triage::ParseMciCategory(*category);
      if (!cat.ok()) return body.Invalid("category", cat.status().message());
      in.category = *cat;
    }
    BEACON_ASSIGN_OR_RETURN(std::optional<std::string> algorithm,
                            body.MaybeString("algorithm", 20));
    if (algorithm) {
      Result<triage::MciAlgorithm> a = triage::ParseMciAlgorithm(*algorithm);
      if (!a.ok()) return body.Invalid("algorithm", a.status().message());
      in.algorithm = *a;
    }
    BEACON_ASSIGN_OR_RETURN(std::optional<json> findings, body.MaybeObject("findings"));
    if (findings) {
      if (!in.algorithm) return body.Invalid("findings", "findings need an algorithm");
      Result<triage::Findings> f = triage::FindingsFromJson(nlohmann::ordered_json(*findings));
      if (!f.ok()) return body.Invalid("findings", f.status().message());
      in.findings = *f;
    } else if (in.algorithm && !in.category) {
      return body.Invalid("findings", "an algorithm needs the findings it triages");
    }
    if (!in.category && !in.algorithm) {
      return body.Invalid("category", "give a category, or an algorithm and findings");
    }
    if (in.algorithm && !in.category) {  // a finding the algorithm needs is named now
      Result<triage::TriageResult> t = triage::TriageMci(*in.algorithm, in.findings);
      if (!t.ok()) return body.Invalid("findings", t.status().message());
    }
    return OkStatus();
  };
  auto needs_of = [](JsonBody& body, cad::MciNeeds& needs) -> Status {
    BEACON_ASSIGN_OR_RETURN(std::vector<std::string> list, body.MaybeStrings("needs", 3, 20));
    for (const std::string& n : list) {
      if (n == "pediatric") {
        needs.pediatric = true;
      } else if (n == "burn") {
        needs.burn = true;
      } else if (n == "trauma") {
        needs.trauma = true;
      } else {
        return body.Invalid("needs", fmt::format("'{}' is not pediatric, burn or trauma", n));
      }
    }
    return OkStatus();
  };
  auto policy_of = [](JsonBody& body) -> Result<center::MciPolicy> {
    BEACON_ASSIGN_OR_RETURN(std::optional<std::string> policy, body.MaybeString("policy", 20));
    if (!policy || *policy == "planned") return center::MciPolicy::kPlanned;
    if (*policy == "closest") return center::MciPolicy::kClosest;
    return body.Invalid("policy", fmt::format("'{}' is not planned or closest", *policy));
  };

  // --- The MCIs ---
  add(
      "GET", "/api/v1/mcis", kMciReaders,
      [&state](Ctx&, JsonBody&) -> Result<HttpResponse> {
        json out = json::array();
        for (const auto& [id, m] : state.mcis()) out.push_back(MciJson(state, m, false));
        return Json(200, {{"mcis", std::move(out)}});
      },
      true);
  add(
      "POST", "/api/v1/mcis", kMciCommand,
      [&c, &state](Ctx& ctx, JsonBody& body) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(
            std::int64_t incident,
            body.Integer("incident", 1, std::numeric_limits<std::int64_t>::max()));
        BEACON_ASSIGN_OR_RETURN(std::string name, body.String("name", 120));
        BEACON_ASSIGN_OR_RETURN(
            std::optional<std::int64_t> level,
            body.MaybeInteger("level", cad::kLowestMciLevel, cad::kHighestMciLevel));
        BEACON_RETURN_IF_ERROR(body.NoOthers());
        BEACON_ASSIGN_OR_RETURN(
            cad::MciId id,
            c.DeclareMci(IncidentId{static_cast<std::uint64_t>(incident)}, std::move(name),
                         static_cast<int>(level.value_or(cad::kLowestMciLevel)), ctx.actor));
        ctx.target = fmt::format("MCI {}", id);
        return Json(201, MciJson(state, *state.FindMci(id), true));
      },
      true);
  add(
      "GET", "/api/v1/mcis/{}", kMciReaders,
      [&state, mci_of](Ctx& ctx, JsonBody&) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(const cad::Mci* m, mci_of(ctx));
        return Json(200, MciJson(state, *m, true));
      },
      true);
  mci_write("/api/v1/mcis/{}/level", kMciCommand,
            [&c](Ctx& ctx, JsonBody& body, cad::MciId id) -> Result<Action> {
              BEACON_ASSIGN_OR_RETURN(
                  std::int64_t level,
                  body.Integer("level", cad::kLowestMciLevel, cad::kHighestMciLevel));
              return Action([&c, &ctx, id, level] {
                return c.SetMciLevel(id, static_cast<int>(level), ctx.actor);
              });
            });
  mci_write("/api/v1/mcis/{}/sites", kMciCommand,
            [&c](Ctx& ctx, JsonBody& body, cad::MciId id) -> Result<Action> {
              BEACON_ASSIGN_OR_RETURN(std::string name, body.String("name", 80));
              BEACON_ASSIGN_OR_RETURN(std::string kind_name, body.String("kind", 40));
              Result<cad::MciSiteKind> kind = cad::ParseMciSiteKind(kind_name);
              if (!kind.ok()) return body.Invalid("kind", kind.status().message());
              BEACON_ASSIGN_OR_RETURN(double lat, body.Number("lat", -90, 90));
              BEACON_ASSIGN_OR_RETURN(double lon, body.Number("lon", -180, 180));
              return Action([&c, &ctx, id, name, k = *kind, lat, lon] {
                return c.SetMciSite(id, name, k, LatLon{lat, lon}, ctx.actor);
              });
            });
  mci_write("/api/v1/mcis/{}/surge", kMciCommand,
            [&c, hospital_of](Ctx& ctx, JsonBody& body, cad::MciId id) -> Result<Action> {
              BEACON_ASSIGN_OR_RETURN(HospitalId h, hospital_of(body, "hospital"));
              std::array<int, 4> capacity{};
              const char* keys[] = {"red", "yellow", "green", "gray"};
              for (std::size_t k = 0; k < 4; ++k) {
                BEACON_ASSIGN_OR_RETURN(std::int64_t n, body.Integer(keys[k], 0, 10'000));
                capacity[k] = static_cast<int>(n);
              }
              return Action([&c, &ctx, id, h, capacity] {
                return c.DeclareSurge(id, h, capacity, ctx.actor);
              });
            });
  mci_write("/api/v1/mcis/{}/close", kMciCommand,
            [&c](Ctx& ctx, JsonBody&, cad::MciId id) -> Result<Action> {
              return Action([&c, &ctx, id] { return c.CloseMci(id, ctx.actor); });
            });

  // --- Patients ---
  add(
      "POST", "/api/v1/mcis/{}/patients", kMciScene,
      [&c, &state, mci_of, tag_input, needs_of](Ctx& ctx, JsonBody& body) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(const cad::Mci* m, mci_of(ctx));
        const cad::MciId id = m->id;
        center::MciTagInput in;
        BEACON_ASSIGN_OR_RETURN(in.tag, body.String("tag", 32));
        BEACON_RETURN_IF_ERROR(tag_input(body, in));
        BEACON_ASSIGN_OR_RETURN(std::optional<std::string> site, body.MaybeString("site", 80));
        in.site = site.value_or("");
        BEACON_RETURN_IF_ERROR(needs_of(body, in.needs));
        BEACON_RETURN_IF_ERROR(body.NoOthers());
        ctx.target = fmt::format("MCI {} patient {}", id, in.tag);
        BEACON_RETURN_IF_ERROR(c.TagPatient(id, in, ctx.actor).status());
        return Json(201, PatientJson(state, *state.FindMci(id)->FindPatient(in.tag)));
      },
      true);
  patient_write(
      "retriage", kMciScene,
      [&c, tag_input](Ctx& ctx, JsonBody& body, cad::MciId id,
                      const std::string& tag) -> Result<Action> {
        center::MciTagInput in;
        in.tag = tag;
        BEACON_RETURN_IF_ERROR(tag_input(body, in));
        return Action([&c, &ctx, id, in] { return c.RetriagePatient(id, in, ctx.actor).status(); });
      });
  patient_write(
      "move", kMciScene,
      [&c](Ctx& ctx, JsonBody& body, cad::MciId id, const std::string& tag) -> Result<Action> {
        BEACON_ASSIGN_OR_RETURN(std::string site, body.String("site", 80));
        return Action(
            [&c, &ctx, id, tag, site] { return c.MovePatient(id, tag, site, ctx.actor); });
      });
  patient_write(
      "treatment", kMciScene,
      [&c](Ctx& ctx, JsonBody& body, cad::MciId id, const std::string& tag) -> Result<Action> {
        BEACON_ASSIGN_OR_RETURN(std::string what, body.String("treatment", 200));
        return Action(
            [&c, &ctx, id, tag, what] { return c.TreatPatient(id, tag, what, ctx.actor); });
      });
  patient_write("transport", kMciPlanners | kMciScene,
                [&c, unit_of, hospital_of](Ctx& ctx, JsonBody& body, cad::MciId id,
                                           const std::string& tag) -> Result<Action> {
                  BEACON_ASSIGN_OR_RETURN(UnitId unit, unit_of(body, "unit"));
                  BEACON_ASSIGN_OR_RETURN(HospitalId h, hospital_of(body, "hospital"));
                  return Action([&c, &ctx, id, tag, unit, h] {
                    return c.AssignPatientTransport(id, tag, unit, h, ctx.actor);
                  });
                });
  patient_write("departed", kMciScene,
                [&c, unit_of, hospital_of](Ctx& ctx, JsonBody& body, cad::MciId id,
                                           const std::string& tag) -> Result<Action> {
                  BEACON_ASSIGN_OR_RETURN(UnitId unit, unit_of(body, "unit"));
                  BEACON_ASSIGN_OR_RETURN(HospitalId h, hospital_of(body, "hospital"));
                  return Action([&c, &ctx, id, tag, unit, h] {
                    return c.PatientTransported(id, tag, unit, h, ctx.actor);
                  });
                });
  patient_write(
      "arrived", kMciScene,
      [&c, hospital_of](Ctx& ctx, JsonBody& body, cad::MciId id,
                        const std::string& tag) -> Result<Action> {
        BEACON_ASSIGN_OR_RETURN(HospitalId h, hospital_of(body, "hospital"));
        return Action([&c, &ctx, id, tag, h] { return c.PatientArrived(id, tag, h, ctx.actor); });
      });
  patient_write(
      "released", kMciScene,
      [&c](Ctx& ctx, JsonBody&, cad::MciId id, const std::string& tag) -> Result<Action> {
        return Action([&c, &ctx, id, tag] { return c.ReleasePatient(id, tag, ctx.actor); });
      });

  // --- The distribution plan ---
  add(
      "POST", "/api/v1/mcis/{}/plan", kMciPlanners,
      [&c, &state, mci_of, policy_of](Ctx& ctx, JsonBody& body) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(const cad::Mci* m, mci_of(ctx));
        center::MciPlanRequest req;
        BEACON_ASSIGN_OR_RETURN(req.policy, policy_of(body));
        BEACON_RETURN_IF_ERROR(body.NoOthers());
        BEACON_ASSIGN_OR_RETURN(center::MciPlanResult plan, c.PlanMci(m->id, req));
        json j = PlanJson(state, plan);
        j["version"] = m->version;  // accept with this version to record exactly this plan
        return Json(200, j);
      },
      true);
  mci_write("/api/v1/mcis/{}/plan/accept", kMciPlanners,
            [&c, policy_of](Ctx& ctx, JsonBody& body, cad::MciId id) -> Result<Action> {
              center::MciPlanRequest req;
              BEACON_ASSIGN_OR_RETURN(req.policy, policy_of(body));
              // The plan is a pure function of the state: at the version the dispatcher saw, it
              // is the plan they saw.
              return Action([&c, &ctx, id, req]() -> Status {
                BEACON_ASSIGN_OR_RETURN(center::MciPlanResult plan, c.PlanMci(id, req));
                return c.AcceptMciPlan(id, plan, ctx.actor).status();
              });
            });
}

}  // namespace beacon::server
