#include "beacon/store/state_codec.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "beacon/store/event_codec.h"
#include "beacon/triage/mci_triage.h"

namespace beacon::store {
namespace {

using nlohmann::json;

json Ms(Instant t) { return UnixMillis(t); }
json OptMs(const std::optional<Instant>& t) { return t ? json(UnixMillis(*t)) : json(nullptr); }
json Times(const cad::ETimeStamps& t) {
  json out = json::array();
  for (const auto& x : t) out.push_back(OptMs(x));
  return out;
}
json Loc(const LatLon& p) { return json::array({p.lat, p.lon}); }

// A JSON integer >= 0, whether it was parsed (unsigned) or built in memory (signed).
bool NonNegative(const json& v) {
  return v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
}

// Reading: every accessor throws nothing; errors come back as Status naming the path.
struct Reader {
  std::string path;
  Status Fail(std::string_view what) const {
    return DataLossError(fmt::format("snapshot: {}: {}", path, what));
  }
  Result<const json*> At(const json& j, const char* key) const {
    if (!j.is_object()) return Fail("not an object");
    auto it = j.find(key);
    if (it == j.end()) return Fail(fmt::format("'{}' is missing", key));
    return &*it;
  }
  Result<std::uint64_t> U64(const json& j, const char* key) const {
    BEACON_ASSIGN_OR_RETURN(const json* v, At(j, key));
    if (!NonNegative(*v)) return Fail(fmt::format("'{}' must be a non-negative integer", key));
    return v->get<std::uint64_t>();
  }
  Result<std::int64_t> I64(const json& j, const char* key) const {
    BEACON_ASSIGN_OR_RETURN(const json* v, At(j, key));
    if (!v->is_number_integer()) return Fail(fmt::format("'{}' must be an integer", key));
    return v->get<std::int64_t>();
  }
  Result<Instant> Time(const json& j, const char* key) const {
    BEACON_ASSIGN_OR_RETURN(std::int64_t ms, I64(j, key));
    return InstantFromUnixMillis(ms);
  }
  Result<std::optional<Instant>> OptTime(const json& v) const {
    if (v.is_null()) return std::optional<Instant>();
    if (!v.is_number_integer()) return Fail("a time must be an integer or null");
    return std::optional<Instant>(InstantFromUnixMillis(v.get<std::int64_t>()));
  }
  Result<std::string> Str(const json& j, const char* key) const {
    BEACON_ASSIGN_OR_RETURN(const json* v, At(j, key));
    if (!v->is_string()) return Fail(fmt::format("'{}' must be a string", key));
    return v->get<std::string>();
  }
  Result<bool> Bool(const json& j, const char* key) const {
    BEACON_ASSIGN_OR_RETURN(const json* v, At(j, key));
    if (!v->is_boolean()) return Fail(fmt::format("'{}' must be true or false", key));
    return v->get<bool>();
  }
  Result<LatLon> Location(const json& j, const char* key) const {
    BEACON_ASSIGN_OR_RETURN(const json* v, At(j, key));
    if (!v->is_array() || v->size() != 2 || !(*v)[0].is_number() || !(*v)[1].is_number()) {
      return Fail(fmt::format("'{}' must be [lat, lon]", key));
    }
    return LatLon{(*v)[0].get<double>(), (*v)[1].get<double>()};
  }
  Result<cad::ETimeStamps> Times(const json& j, const char* key) const {
    BEACON_ASSIGN_OR_RETURN(const json* v, At(j, key));
    cad::ETimeStamps out{};
    if (!v->is_array() || v->size() != out.size())
      return Fail(fmt::format("'{}' must list {} times", key, out.size()));
    for (std::size_t i = 0; i < out.size(); ++i) {
      BEACON_ASSIGN_OR_RETURN(out[i], OptTime((*v)[i]));
    }
    return out;
  }
  // An enum name read back: a stored name this Beacon does not know is data loss.
  template <typename T>
  Result<T> Known(Result<T> r) const {
    if (!r.ok()) return Fail(r.status().message());
    return r;
  }
  Result<const json*> Array(const json& j, const char* key) const {
    BEACON_ASSIGN_OR_RETURN(const json* v, At(j, key));
    if (!v->is_array()) return Fail(fmt::format("'{}' must be an array", key));
    return v;
  }
};

json MciToJson(const cad::Mci& m) {
  json sites = json::array();
  for (const cad::MciSite& site : m.sites) {
    sites.push_back({{"name", site.name},
                     {"kind", std::string(cad::MciSiteKindName(site.kind))},
                     {"location", Loc(site.location)}});
  }
  json patients = json::array();
  for (const auto& [tag, p] : m.patients) {
    patients.push_back(
        {{"tag", p.tag},
         {"category", std::string(triage::MciCategoryName(p.category))},
         {"algorithm",
          p.algorithm ? json(std::string(triage::MciAlgorithmName(*p.algorithm))) : json(nullptr)},
         {"site", p.site},
         {"needs", {p.needs.pediatric, p.needs.burn, p.needs.trauma}},
         {"state", std::string(cad::MciPatientStateName(p.state))},
         {"unit", p.unit ? json(p.unit->value()) : json(nullptr)},
         {"hospital", p.hospital ? json(p.hospital->value()) : json(nullptr)},
         {"treatments", p.treatments},
         {"tagged", Ms(p.tagged)},
         {"since", Ms(p.since)},
         {"retriages", p.retriages},
         {"version", p.version}});
  }
  json surge = json::array();
  for (const auto& [h, capacity] : m.surge)
    surge.push_back({{"hospital", h.value()}, {"capacity", capacity}});
  json units = json::array();
  for (UnitId u : m.units) units.push_back(u.value());
  return {{"id", m.id.value()},
          {"incident", m.incident.value()},
          {"name", m.name},
          {"level", m.level},
          {"declared", Ms(m.declared)},
          {"closed", m.closed},
          {"sites", std::move(sites)},
          {"patients", std::move(patients)},
          {"surge", std::move(surge)},
          {"units", std::move(units)},
          {"version", m.version}};
}

Result<cad::Mci> MciFromJson(const json& j, const Reader& r) {
  cad::Mci m;
  auto id32 = [&](std::uint64_t v) -> Result<std::uint32_t> {
    if (v == 0 || v > std::numeric_limits<std::uint32_t>::max())
      return r.Fail("an id is out of range");
    return static_cast<std::uint32_t>(v);
  };
  BEACON_ASSIGN_OR_RETURN(std::uint64_t id, r.U64(j, "id"));
  BEACON_ASSIGN_OR_RETURN(std::uint32_t id_32, id32(id));
  m.id = cad::MciId{id_32};
  BEACON_ASSIGN_OR_RETURN(std::uint64_t incident, r.U64(j, "incident"));
  m.incident = IncidentId{incident};
  BEACON_ASSIGN_OR_RETURN(m.name, r.Str(j, "name"));
  BEACON_ASSIGN_OR_RETURN(std::int64_t level, r.I64(j, "level"));
  if (level < cad::kLowestMciLevel || level > cad::kHighestMciLevel)
    return r.Fail("'level' is not 1..5");
  m.level = static_cast<int>(level);
  BEACON_ASSIGN_OR_RETURN(m.declared, r.Time(j, "declared"));
  BEACON_ASSIGN_OR_RETURN(m.closed, r.Bool(j, "closed"));
  BEACON_ASSIGN_OR_RETURN(m.version, r.U64(j, "version"));
  BEACON_ASSIGN_OR_RETURN(const json* sites, r.Array(j, "sites"));
  for (std::size_t k = 0; k < sites->size(); ++k) {
    Reader sr{fmt::format("{}.sites[{}]", r.path, k)};
    cad::MciSite site;
    BEACON_ASSIGN_OR_RETURN(site.name, sr.Str((*sites)[k], "name"));
    BEACON_ASSIGN_OR_RETURN(std::string kind, sr.Str((*sites)[k], "kind"));
    BEACON_ASSIGN_OR_RETURN(site.kind, sr.Known(cad::ParseMciSiteKind(kind)));
    BEACON_ASSIGN_OR_RETURN(site.location, sr.Location((*sites)[k], "location"));
    m.sites.push_back(std::move(site));
  }
  BEACON_ASSIGN_OR_RETURN(const json* patients, r.Array(j, "patients"));
  for (std::size_t k = 0; k < patients->size(); ++k) {
    const json& pj = (*patients)[k];
    Reader pr{fmt::format("{}.patients[{}]", r.path, k)};
    cad::MciPatient p;
    BEACON_ASSIGN_OR_RETURN(p.tag, pr.Str(pj, "tag"));
    BEACON_ASSIGN_OR_RETURN(std::string category, pr.Str(pj, "category"));
    BEACON_ASSIGN_OR_RETURN(p.category, pr.Known(triage::ParseMciCategory(category)));
    BEACON_ASSIGN_OR_RETURN(const json* algorithm, pr.At(pj, "algorithm"));
    if (!algorithm->is_null()) {
      if (!algorithm->is_string()) return pr.Fail("'algorithm' must be a name or null");
      BEACON_ASSIGN_OR_RETURN(p.algorithm,
                              pr.Known(triage::ParseMciAlgorithm(algorithm->get<std::string>())));
    }
    BEACON_ASSIGN_OR_RETURN(p.site, pr.Str(pj, "site"));
    BEACON_ASSIGN_OR_RETURN(const json* needs, pr.Array(pj, "needs"));
    if (needs->size() != 3 || !(*needs)[0].is_boolean() || !(*needs)[1].is_boolean() ||
        !(*needs)[2].is_boolean()) {
      return pr.Fail("'needs' is [pediatric, burn, trauma]");
    }
    p.needs = {(*needs)[0].get<bool>(), (*needs)[1].get<bool>(), (*needs)[2].get<bool>()};
    BEACON_ASSIGN_OR_RETURN(std::string state, pr.Str(pj, "state"));
    BEACON_ASSIGN_OR_RETURN(p.state, pr.Known(cad::ParseMciPatientState(state)));
    BEACON_ASSIGN_OR_RETURN(const json* unit, pr.At(pj, "unit"));
    if (!unit->is_null()) {
      if (!NonNegative(*unit)) return pr.Fail("'unit' must be an id or null");
      BEACON_ASSIGN_OR_RETURN(std::uint32_t u, id32(unit->get<std::uint64_t>()));
      p.unit = UnitId{u};
    }
    BEACON_ASSIGN_OR_RETURN(const json* hospital, pr.At(pj, "hospital"));
    if (!hospital->is_null()) {
      if (!NonNegative(*hospital)) return pr.Fail("'hospital' must be an id or null");
      BEACON_ASSIGN_OR_RETURN(std::uint32_t h, id32(hospital->get<std::uint64_t>()));
      p.hospital = HospitalId{h};
    }
    BEACON_ASSIGN_OR_RETURN(const json* treatments, pr.Array(pj, "treatments"));
    for (const json& t : *treatments) {
      if (!t.is_string()) return pr.Fail("'treatments' must hold strings");
      p.treatments.push_back(t.get<std::string>());
    }
    BEACON_ASSIGN_OR_RETURN(p.tagged, pr.Time(pj, "tagged"));
    BEACON_ASSIGN_OR_RETURN(p.since, pr.Time(pj, "since"));
    BEACON_ASSIGN_OR_RETURN(std::int64_t retriages, pr.I64(pj, "retriages"));
    p.retriages = static_cast<int>(std::clamp<std::int64_t>(retriages, 0, 1'000'000));
    BEACON_ASSIGN_OR_RETURN(p.version, pr.U64(pj, "version"));
    if (!m.patients.emplace(p.tag, p).second)
      return pr.Fail(fmt::format("tag '{}' appears twice", p.tag));
  }
  BEACON_ASSIGN_OR_RETURN(const json* surge, r.Array(j, "surge"));
  for (const json& sj : *surge) {
    BEACON_ASSIGN_OR_RETURN(std::uint64_t h, r.U64(sj, "hospital"));
    BEACON_ASSIGN_OR_RETURN(std::uint32_t h32, id32(h));
    BEACON_ASSIGN_OR_RETURN(const json* cap, r.Array(sj, "capacity"));
    std::array<int, 4> capacity{};
    if (cap->size() != capacity.size()) return r.Fail("a surge capacity lists 4 counts");
    for (std::size_t i = 0; i < capacity.size(); ++i) {
      if (!(*cap)[i].is_number_integer()) return r.Fail("a surge capacity holds integers");
      capacity[i] = static_cast<int>((*cap)[i].get<std::int64_t>());
    }
    m.surge[HospitalId{h32}] = capacity;
  }
  BEACON_ASSIGN_OR_RETURN(const json* units, r.Array(j, "units"));
  for (const json& u : *units) {
    if (!NonNegative(u)) return r.Fail("'units' must hold unit ids");
    BEACON_ASSIGN_OR_RETURN(std::uint32_t u32, id32(u.get<std::uint64_t>()));
    m.units.insert(UnitId{u32});
  }
  return m;
}

}  // namespace

json LiveToJson(const cad::CadState::Live& live) {
  json units = json::array();
  for (const auto& u : live.units) {
    units.push_back(
        {{"id", u.id.value()},
         {"availability", std::string(cad::AvailabilityName(u.availability))},
         {"since", Ms(u.availability_since)},
         {"incident", u.active_incident ? json(u.active_incident->value()) : json(nullptr)},
         {"version", u.version}});
  }
  json hospitals = json::array();
  for (const auto& h : live.hospitals) {
    hospitals.push_back({{"id", h.id.value()},
                         {"status", std::string(cad::HospitalStatusName(h.status))},
                         {"version", h.version}});
  }
  json calls = json::array();
  for (const cad::Call& c : live.calls) {
    calls.push_back({{"id", c.id.value()},
                     {"location", Loc(c.location)},
                     {"address", c.address},
                     {"received", Ms(c.received)},
                     {"psap", OptMs(c.psap_time)},
                     {"incident", c.incident ? json(c.incident->value()) : json(nullptr)}});
  }
  json incidents = json::array();
  for (const cad::Incident& i : live.incidents) {
    json callids = json::array();
    for (cad::CallId c : i.calls) callids.push_back(c.value());
    json triage = nullptr;
    if (i.triage) {
      cad::Event e;
      e.seq = 1;
      e.payload = *i.triage;
      triage = EventToJson(e);  // the TriageCompleted fields, as the event log writes them
    }
    incidents.push_back(
        {{"id", i.id.value()},
         {"calls", std::move(callids)},
         {"location", Loc(i.location)},
         {"address", i.address},
         {"priority", i.priority},
         {"triage", std::move(triage)},
         {"created", Ms(i.created)},
         {"times", Times(i.etimes)},
         {"assignments", i.assignments},
         {"closed", i.closed},
         {"merged_into", i.merged_into ? json(i.merged_into->value()) : json(nullptr)},
         {"version", i.version}});
  }
  json assignments = json::array();
  for (const cad::Assignment& a : live.assignments) {
    assignments.push_back(
        {{"unit", a.unit.value()},
         {"incident", a.incident.value()},
         {"state", std::string(cad::AssignmentStateName(a.state))},
         {"since", Ms(a.since)},
         {"destination", a.destination ? json(a.destination->value()) : json(nullptr)},
         {"times", Times(a.etimes)}});
  }
  json positions = json::array();
  for (const auto& [unit, fix] : live.positions) {
    positions.push_back({unit.value(), fix.position.lat, fix.position.lon, UnixMillis(fix.time)});
  }
  json mcis = json::array();
  for (const cad::Mci& m : live.mcis) mcis.push_back(MciToJson(m));
  return {{"format", 1},
          {"last_seq", live.last_seq},
          {"last_time", Ms(live.last_time)},
          {"units", std::move(units)},
          {"hospitals", std::move(hospitals)},
          {"calls", std::move(calls)},
          {"incidents", std::move(incidents)},
          {"assignments", std::move(assignments)},
          {"positions", std::move(positions)},
          {"mcis", std::move(mcis)}};
}

Result<cad::CadState::Live> LiveFromJson(const json& j) {
  Reader r{"state"};
  cad::CadState::Live live;
  BEACON_ASSIGN_OR_RETURN(std::uint64_t format, r.U64(j, "format"));
  if (format != 1) return r.Fail(fmt::format("format {} is not one this Beacon reads (1)", format));
  BEACON_ASSIGN_OR_RETURN(live.last_seq, r.U64(j, "last_seq"));
  BEACON_ASSIGN_OR_RETURN(live.last_time, r.Time(j, "last_time"));
  auto id32 = [](std::uint64_t v) { return static_cast<std::uint32_t>(v); };
  BEACON_ASSIGN_OR_RETURN(const json* units, r.Array(j, "units"));
  for (std::size_t k = 0; k < units->size(); ++k) {
    const json& u = (*units)[k];
    Reader ur{fmt::format("units[{}]", k)};
    cad::CadState::Live::UnitLive x;
    BEACON_ASSIGN_OR_RETURN(std::uint64_t id, ur.U64(u, "id"));
    x.id = UnitId{id32(id)};
    BEACON_ASSIGN_OR_RETURN(std::string a, ur.Str(u, "availability"));
    BEACON_ASSIGN_OR_RETURN(x.availability, ur.Known(ParseAvailability(a)));
    BEACON_ASSIGN_OR_RETURN(x.availability_since, ur.Time(u, "since"));
    BEACON_ASSIGN_OR_RETURN(const json* inc, ur.At(u, "incident"));
    if (!inc->is_null()) {
      if (!NonNegative(*inc)) return ur.Fail("'incident' must be an id or null");
      x.active_incident = IncidentId{inc->get<std::uint64_t>()};
    }
    BEACON_ASSIGN_OR_RETURN(x.version, ur.U64(u, "version"));
    live.units.push_back(x);
  }
  BEACON_ASSIGN_OR_RETURN(const json* hospitals, r.Array(j, "hospitals"));
  for (std::size_t k = 0; k < hospitals->size(); ++k) {
    const json& h = (*hospitals)[k];
    Reader hr{fmt::format("hospitals[{}]", k)};
    cad::CadState::Live::HospitalLive x;
    BEACON_ASSIGN_OR_RETURN(std::uint64_t id, hr.U64(h, "id"));
    x.id = HospitalId{id32(id)};
    BEACON_ASSIGN_OR_RETURN(std::string st, hr.Str(h, "status"));
    BEACON_ASSIGN_OR_RETURN(x.status, hr.Known(ParseHospitalStatus(st)));
    BEACON_ASSIGN_OR_RETURN(x.version, hr.U64(h, "version"));
    live.hospitals.push_back(x);
  }
  BEACON_ASSIGN_OR_RETURN(const json* calls, r.Array(j, "calls"));
  for (std::size_t k = 0; k < calls->size(); ++k) {
    const json& c = (*calls)[k];
    Reader cr{fmt::format("calls[{}]", k)};
    cad::Call x;
    BEACON_ASSIGN_OR_RETURN(std::uint64_t id, cr.U64(c, "id"));
    x.id = cad::CallId{id};
    BEACON_ASSIGN_OR_RETURN(x.location, cr.Location(c, "location"));
    BEACON_ASSIGN_OR_RETURN(x.address, cr.Str(c, "address"));
    BEACON_ASSIGN_OR_RETURN(x.received, cr.Time(c, "received"));
    BEACON_ASSIGN_OR_RETURN(const json* psap, cr.At(c, "psap"));
    BEACON_ASSIGN_OR_RETURN(x.psap_time, cr.OptTime(*psap));
    BEACON_ASSIGN_OR_RETURN(const json* inc, cr.At(c, "incident"));
    if (!inc->is_null()) {
      if (!NonNegative(*inc)) return cr.Fail("'incident' must be an id or null");
      x.incident = IncidentId{inc->get<std::uint64_t>()};
    }
    live.calls.push_back(std::move(x));
  }
  BEACON_ASSIGN_OR_RETURN(const json* incidents, r.Array(j, "incidents"));
  for (std::size_t k = 0; k < incidents->size(); ++k) {
    const json& i = (*incidents)[k];
    Reader ir{fmt::format("incidents[{}]", k)};
    cad::Incident x;
    BEACON_ASSIGN_OR_RETURN(std::uint64_t id, ir.U64(i, "id"));
    x.id = IncidentId{id};
    BEACON_ASSIGN_OR_RETURN(const json* cs, ir.Array(i, "calls"));
    for (const json& c : *cs) {
      if (!NonNegative(c)) return ir.Fail("'calls' must hold call ids");
      x.calls.push_back(cad::CallId{c.get<std::uint64_t>()});
    }
    BEACON_ASSIGN_OR_RETURN(x.location, ir.Location(i, "location"));
    BEACON_ASSIGN_OR_RETURN(x.address, ir.Str(i, "address"));
    BEACON_ASSIGN_OR_RETURN(std::int64_t priority, ir.I64(i, "priority"));
    x.priority = static_cast<int>(priority);
    BEACON_ASSIGN_OR_RETURN(const json* triage, ir.At(i, "triage"));
    if (!triage->is_null()) {
      BEACON_ASSIGN_OR_RETURN(cad::Event e, ir.Known(EventFromJson(*triage)));
      const auto* t = std::get_if<cad::TriageCompleted>(&e.payload);
      if (t == nullptr) return ir.Fail("'triage' is not a TriageCompleted");
      x.triage = *t;
    }
    BEACON_ASSIGN_OR_RETURN(x.created, ir.Time(i, "created"));
    BEACON_ASSIGN_OR_RETURN(x.etimes, ir.Times(i, "times"));
    BEACON_ASSIGN_OR_RETURN(const json* as, ir.Array(i, "assignments"));
    for (const json& a : *as) {
      if (!NonNegative(a)) return ir.Fail("'assignments' must hold indexes");
      x.assignments.push_back(a.get<std::size_t>());
    }
    BEACON_ASSIGN_OR_RETURN(x.closed, ir.Bool(i, "closed"));
    BEACON_ASSIGN_OR_RETURN(const json* merged, ir.At(i, "merged_into"));
    if (!merged->is_null()) {
      if (!NonNegative(*merged)) return ir.Fail("'merged_into' must be an id or null");
      x.merged_into = IncidentId{merged->get<std::uint64_t>()};
    }
    BEACON_ASSIGN_OR_RETURN(x.version, ir.U64(i, "version"));
    live.incidents.push_back(std::move(x));
  }
  BEACON_ASSIGN_OR_RETURN(const json* assignments, r.Array(j, "assignments"));
  for (std::size_t k = 0; k < assignments->size(); ++k) {
    const json& a = (*assignments)[k];
    Reader ar{fmt::format("assignments[{}]", k)};
    cad::Assignment x;
    BEACON_ASSIGN_OR_RETURN(std::uint64_t unit, ar.U64(a, "unit"));
    x.unit = UnitId{id32(unit)};
    BEACON_ASSIGN_OR_RETURN(std::uint64_t incident, ar.U64(a, "incident"));
    x.incident = IncidentId{incident};
    BEACON_ASSIGN_OR_RETURN(std::string st, ar.Str(a, "state"));
    BEACON_ASSIGN_OR_RETURN(x.state, ar.Known(ParseAssignmentState(st)));
    BEACON_ASSIGN_OR_RETURN(x.since, ar.Time(a, "since"));
    BEACON_ASSIGN_OR_RETURN(const json* dest, ar.At(a, "destination"));
    if (!dest->is_null()) {
      if (!NonNegative(*dest)) return ar.Fail("'destination' must be an id or null");
      x.destination = HospitalId{id32(dest->get<std::uint64_t>())};
    }
    BEACON_ASSIGN_OR_RETURN(x.etimes, ar.Times(a, "times"));
    live.assignments.push_back(x);
  }
  BEACON_ASSIGN_OR_RETURN(const json* positions, r.Array(j, "positions"));
  for (const json& p : *positions) {
    if (!p.is_array() || p.size() != 4 || !NonNegative(p[0]) || !p[1].is_number() ||
        !p[2].is_number() || !p[3].is_number_integer()) {
      return r.Fail("a position is [unit, lat, lon, time]");
    }
    live.positions.emplace_back(UnitId{id32(p[0].get<std::uint64_t>())},
                                cad::PositionFix{{p[1].get<double>(), p[2].get<double>()},
                                                 InstantFromUnixMillis(p[3].get<std::int64_t>())});
  }
  // Snapshots written before MCIs existed have no "mcis".
  if (j.contains("mcis")) {
    BEACON_ASSIGN_OR_RETURN(const json* mcis, r.Array(j, "mcis"));
    for (std::size_t k = 0; k < mcis->size(); ++k) {
      BEACON_ASSIGN_OR_RETURN(cad::Mci m,
                              MciFromJson((*mcis)[k], Reader{fmt::format("mcis[{}]", k)}));
      live.mcis.push_back(std::move(m));
    }
  }
  return live;
}

}  // namespace beacon::store
