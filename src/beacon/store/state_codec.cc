#include "beacon/store/state_codec.h"

#include <fmt/format.h>

#include "beacon/store/event_codec.h"

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
  return {{"format", 1},
          {"last_seq", live.last_seq},
          {"last_time", Ms(live.last_time)},
          {"units", std::move(units)},
          {"hospitals", std::move(hospitals)},
          {"calls", std::move(calls)},
          {"incidents", std::move(incidents)},
          {"assignments", std::move(assignments)},
          {"positions", std::move(positions)}};
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
  return live;
}

}  // namespace beacon::store
