#include "beacon/server/api_json.h"

#include <fmt/format.h>

#include <cmath>

#include "beacon/base/time.h"
#include "beacon/cad/etimes.h"

namespace beacon::server {

using nlohmann::json;

namespace {

// The deepest nesting of arrays and objects in JSON text (brackets inside strings do not count).
// Checked before parsing: copying or walking a value nests as deep as the document does, and no
// request of Beacon's needs more than a patient record's few levels.
std::size_t NestingDepth(std::string_view text) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

Result<JsonBody> JsonBody::Parse(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return JsonBody(json::object());
  }
  if (NestingDepth(text) > kMaxDepth) {
    return InvalidArgumentError(
        fmt::format("the request body nests deeper than {} levels", kMaxDepth));
  }
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgumentError("the request body is not valid JSON");
  if (!j.is_object()) {
    return InvalidArgumentError(
        fmt::format("the request body must be a JSON object, not {}", j.type_name()));
  }
  return JsonBody(std::move(j));
}

Status JsonBody::Invalid(const char* key, std::string_view message) {
  error_field_ = key;
  return InvalidArgumentError(fmt::format("field '{}': {}", key, message));
}

const json* JsonBody::Find(const char* key) {
  seen_.insert(key);
  auto it = j_.find(key);
  return it == j_.end() || it->is_null() ? nullptr : &*it;
}

Result<std::optional<double>> JsonBody::MaybeNumber(const char* key, double lo, double hi) {
  const json* v = Find(key);
  if (v == nullptr) return std::optional<double>();
  if (!v->is_number()) return Fail(key, fmt::format("must be a number, not {}", v->type_name()));
  const double d = v->get<double>();
  if (!std::isfinite(d) || d < lo || d > hi) {
    return Fail(key, fmt::format("{} is outside {} to {}", d, lo, hi));
  }
  return std::optional<double>(d);
}

Result<double> JsonBody::Number(const char* key, double lo, double hi) {
  BEACON_ASSIGN_OR_RETURN(std::optional<double> d, MaybeNumber(key, lo, hi));
  if (!d) return Fail(key, "is required");
  return *d;
}

Result<std::optional<std::int64_t>> JsonBody::MaybeInteger(const char* key, std::int64_t lo,
                                                           std::int64_t hi) {
  const json* v = Find(key);
  if (v == nullptr) return std::optional<std::int64_t>();
  if (!v->is_number_integer()) {
    return Fail(key, fmt::format("must be an integer, not {}", v->type_name()));
  }
  if (v->is_number_unsigned() &&
      v->get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return Fail(key, "is too large");
  }
  const std::int64_t n = v->get<std::int64_t>();
  if (n < lo || n > hi) return Fail(key, fmt::format("{} is outside {} to {}", n, lo, hi));
  return std::optional<std::int64_t>(n);
}

Result<std::int64_t> JsonBody::Integer(const char* key, std::int64_t lo, std::int64_t hi) {
  BEACON_ASSIGN_OR_RETURN(std::optional<std::int64_t> n, MaybeInteger(key, lo, hi));
  if (!n) return Fail(key, "is required");
  return *n;
}

Result<std::optional<std::string>> JsonBody::MaybeString(const char* key, std::size_t max_size) {
  const json* v = Find(key);
  if (v == nullptr) return std::optional<std::string>();
  if (!v->is_string()) return Fail(key, fmt::format("must be a string, not {}", v->type_name()));
  std::string s = v->get<std::string>();
  if (s.size() > max_size) return Fail(key, fmt::format("is longer than {} bytes", max_size));
  return std::optional<std::string>(std::move(s));
}

Result<std::string> JsonBody::String(const char* key, std::size_t max_size) {
  BEACON_ASSIGN_OR_RETURN(std::optional<std::string> s, MaybeString(key, max_size));
  if (!s) return Fail(key, "is required");
  return std::move(*s);
}

Result<bool> JsonBody::MaybeBool(const char* key, bool fallback) {
  const json* v = Find(key);
  if (v == nullptr) return fallback;
  if (!v->is_boolean())
    return Fail(key, fmt::format("must be true or false, not {}", v->type_name()));
  return v->get<bool>();
}

Result<std::map<std::string, std::string>> JsonBody::StringMap(const char* key) {
  std::map<std::string, std::string> out;
  const json* v = Find(key);
  if (v == nullptr) return out;
  if (!v->is_object()) return Fail(key, fmt::format("must be an object, not {}", v->type_name()));
  if (v->size() > 200) return Fail(key, "has more than 200 entries");
  for (auto it = v->begin(); it != v->end(); ++it) {
    if (it->is_string()) {
      out[it.key()] = it->get<std::string>();
    } else if (it->is_boolean()) {
      out[it.key()] = it->get<bool>() ? "yes" : "no";
    } else if (it->is_number()) {
      out[it.key()] = it->dump();
    } else {
      return Fail(key, fmt::format("answer '{}' must be a string, number or boolean", it.key()));
    }
  }
  return out;
}

Result<nlohmann::json> JsonBody::Object(const char* key) {
  const json* v = Find(key);
  if (v == nullptr) return Fail(key, "is required");
  if (!v->is_object()) return Fail(key, fmt::format("must be an object, not {}", v->type_name()));
  return *v;
}

Result<std::optional<nlohmann::json>> JsonBody::MaybeObject(const char* key) {
  const json* v = Find(key);
  if (v == nullptr || v->is_null()) return std::optional<nlohmann::json>();
  if (!v->is_object()) return Fail(key, fmt::format("must be an object, not {}", v->type_name()));
  return std::optional<nlohmann::json>(*v);
}

Result<std::vector<std::string>> JsonBody::MaybeStrings(const char* key, std::size_t max_items,
                                                        std::size_t max_size) {
  const json* v = Find(key);
  std::vector<std::string> out;
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return Fail(key, fmt::format("must be an array, not {}", v->type_name()));
  if (v->size() > max_items) return Fail(key, fmt::format("has more than {} items", max_items));
  for (const json& item : *v) {
    if (!item.is_string() || item.get_ref<const std::string&>().size() > max_size) {
      return Fail(key, fmt::format("must hold strings of at most {} characters", max_size));
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<std::vector<JsonBody>> JsonBody::Objects(const char* key, std::size_t max_items) {
  const json* v = Find(key);
  if (v == nullptr) return Fail(key, "is required");
  if (!v->is_array()) return Fail(key, fmt::format("must be an array, not {}", v->type_name()));
  if (v->size() > max_items) return Fail(key, fmt::format("has more than {} items", max_items));
  std::vector<JsonBody> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_object()) {
      return Fail(key, fmt::format("item {} must be an object, not {}", i, (*v)[i].type_name()));
    }
    out.push_back(JsonBody((*v)[i]));
  }
  return out;
}

Status JsonBody::NoOthers() const {
  for (auto it = j_.begin(); it != j_.end(); ++it) {
    if (seen_.count(it.key()) == 0) {
      return InvalidArgumentError(fmt::format("unknown field '{}'", it.key()));
    }
  }
  return OkStatus();
}

namespace {
json Loc(const LatLon& p) { return json{{"lat", p.lat}, {"lon", p.lon}}; }
json Times(const cad::ETimeStamps& t) {
  json out = json::object();
  for (int i = 0; i < cad::kETimeCount; ++i) {
    if (t[static_cast<std::size_t>(i)]) {
      out[std::string(cad::ETimeElementName(static_cast<cad::ETime>(i)))] =
          FormatUtc(*t[static_cast<std::size_t>(i)]);
    }
  }
  return out;
}
}  // namespace

json UnitJson(const cad::CadState& state, const cad::Unit& u) {
  json j = {{"id", u.id.value()},
            {"name", u.name},
            {"type", std::string(cad::UnitTypeName(u.type))},
            {"capabilities", u.capabilities},
            {"home_station", u.home_station.value()},
            {"availability", std::string(cad::AvailabilityName(u.availability))},
            {"availability_since", FormatUtc(u.availability_since)},
            {"version", u.version}};
  if (const cad::Station* home = state.FindStation(u.home_station)) {
    j["home_location"] = Loc(home->location);  // where the map shows a unit with no fix yet
  }
  if (const cad::Assignment* a = state.ActiveAssignment(u.id)) {
    j["incident"] = a->incident.value();
    j["state"] = std::string(cad::AssignmentStateName(a->state));
    j["state_since"] = FormatUtc(a->since);
    if (a->destination) j["destination"] = a->destination->value();
  }
  if (const std::optional<cad::PositionFix> fix = state.Position(u.id)) {
    j["position"] = Loc(fix->position);
    j["position_time"] = FormatUtc(fix->time);
  }
  return j;
}

json HospitalJson(const cad::Hospital& h) {
  const cad::HospitalCapabilities& c = h.capabilities;
  return {{"id", h.id.value()},
          {"code", h.code},
          {"name", h.name},
          {"location", Loc(h.location)},
          {"emergency_department", h.emergency_department},
          {"status", std::string(cad::HospitalStatusName(h.status))},
          {"typical_offload_s", std::chrono::duration_cast<Seconds>(h.typical_offload).count()},
          {"capabilities",
           {{"trauma_adult_level", c.trauma_adult_level},
            {"trauma_peds_level", c.trauma_peds_level},
            {"stroke", c.stroke == cad::StrokeCapability::kThrombectomy ? "thrombectomy"
                       : c.stroke == cad::StrokeCapability::kPrimary    ? "primary"
                                                                        : "none"},
            {"pci", c.pci},
            {"burn", c.burn},
            {"pediatric", c.pediatric},
            {"obstetric", c.obstetric},
            {"behavioral", c.behavioral},
            {"adults", c.adults}}},
          {"version", h.version}};
}

json IncidentJson(const cad::CadState& state, const cad::Incident& i) {
  json j = {{"id", i.id.value()},
            {"location", Loc(i.location)},
            {"address", i.address},
            {"priority", i.priority},
            {"created", FormatUtc(i.created)},
            {"closed", i.closed},
            {"times", Times(i.etimes)},
            {"version", i.version}};
  json calls = json::array();
  for (cad::CallId c : i.calls) calls.push_back(c.value());
  j["calls"] = std::move(calls);
  if (i.merged_into) j["merged_into"] = i.merged_into->value();
  if (i.triage) {
    j["triage"] = {{"complaint", i.triage->complaint},
                   {"determinant", i.triage->determinant},
                   {"priority", i.triage->priority},
                   {"level", std::string(cad::CareLevelName(i.triage->level))},
                   {"units", i.triage->units},
                   {"lights_and_sirens", i.triage->lights_and_sirens}};
  }
  json assignments = json::array();
  for (std::size_t idx : i.assignments) {
    const cad::Assignment& a = state.assignments()[idx];
    const cad::Unit* u = state.FindUnit(a.unit);
    json aj = {{"unit", a.unit.value()},
               {"unit_name", u != nullptr ? u->name : ""},
               {"state", std::string(cad::AssignmentStateName(a.state))},
               {"since", FormatUtc(a.since)},
               {"times", Times(a.etimes)}};
    if (a.destination) aj["destination"] = a.destination->value();
    assignments.push_back(std::move(aj));
  }
  j["assignments"] = std::move(assignments);
  return j;
}

json RecommendationJson(const cad::CadState& state, const center::RecommendationRecord& r) {
  (void)state;
  auto candidate = [](const dispatch::Candidate& c) {
    json j = {{"unit", c.unit.value()},
              {"name", c.name},
              {"level", std::string(cad::CareLevelName(c.level))},
              {"eta_s", std::chrono::duration_cast<Seconds>(c.eta).count()},
              {"from_station", c.from_station},
              {"reason", c.reason}};
    if (c.diverted_from) j["diverted_from"] = c.diverted_from->value();
    return j;
  };
  json chosen = json::array();
  for (const dispatch::Candidate& c : r.recommendation.chosen) chosen.push_back(candidate(c));
  json ranked = json::array();
  for (const dispatch::Candidate& c : r.recommendation.ranked) ranked.push_back(candidate(c));
  json skipped = json::array();
  for (const dispatch::Skipped& s : r.recommendation.skipped) {
    skipped.push_back({{"unit", s.unit.value()}, {"name", s.name}, {"reason", s.reason}});
  }
  return {{"incident", r.recommendation.incident.value()},
          {"made", FormatUtc(r.made)},
          {"plan", r.plan.rule},
          {"short_of_units", r.recommendation.short_of_units},
          {"chosen", std::move(chosen)},
          {"ranked", std::move(ranked)},
          {"skipped", std::move(skipped)}};
}

json TriageJson(const center::TriageOutcome& t, const triage::Protocol& protocol) {
  auto question = [](const triage::Question& q) {
    json j = {{"id", q.id},
              {"text", q.text},
              {"type", q.type == triage::QuestionType::kYesNo    ? "yes_no"
                       : q.type == triage::QuestionType::kChoice ? "choice"
                                                                 : "number"}};
    if (!q.options.empty()) j["options"] = q.options;
    if (q.type == triage::QuestionType::kNumber) {
      j["min"] = q.min;
      j["max"] = q.max;
      j["unit"] = q.unit;
    }
    return j;
  };
  json j = {{"determined", t.determined}};
  if (t.complaint != nullptr)
    j["complaint"] = {{"id", t.complaint->id}, {"name", t.complaint->name}};
  if (t.next != nullptr) j["next"] = question(*t.next);
  json remaining = json::array();
  for (const triage::Question* q : t.remaining) remaining.push_back(q->id);
  j["remaining"] = std::move(remaining);
  if (t.determinant != nullptr) {
    const triage::Determinant& d = *t.determinant;
    json instructions = json::array();
    for (const std::string& id : d.instructions) {
      if (const triage::Instruction* in = protocol.FindInstruction(id)) {
        instructions.push_back({{"id", in->id}, {"title", in->title}, {"steps", in->steps}});
      }
    }
    j["determinant"] = {{"code", d.code},
                        {"description", d.description},
                        {"priority", d.priority},
                        {"level", d.level == triage::CareLevel::kAls ? "ALS" : "BLS"},
                        {"units", d.units},
                        {"lights_and_sirens", d.lights_and_sirens},
                        {"instructions", std::move(instructions)}};
  }
  return j;
}

json DestinationsJson(const dispatch::DestinationPlan& plan) {
  json ranked = json::array();
  for (const dispatch::DestinationChoice& c : plan.ranked) {
    ranked.push_back({{"hospital", c.hospital.value()},
                      {"name", c.name},
                      {"eta_s", std::chrono::duration_cast<Seconds>(c.eta).count()},
                      {"meets_need", c.meets_need},
                      {"reason", c.reason},
                      {"disposition_reason_code", c.disposition_reason_code}});
  }
  json excluded = json::array();
  for (const dispatch::ExcludedHospital& e : plan.excluded) {
    excluded.push_back({{"hospital", e.hospital.value()}, {"name", e.name}, {"reason", e.reason}});
  }
  return {{"need", plan.need}, {"ranked", std::move(ranked)}, {"excluded", std::move(excluded)}};
}

json AlertJson(const dispatch::Alert& a) {
  json j = {{"kind", std::string(dispatch::AlertKindName(a.kind))},
            {"level", std::string(dispatch::AlertLevelName(a.level))},
            {"elapsed_s", std::chrono::duration_cast<Seconds>(a.elapsed).count()},
            {"limit_s", std::chrono::duration_cast<Seconds>(a.limit).count()},
            {"message", a.message}};
  if (a.incident) j["incident"] = a.incident->value();
  if (a.unit) j["unit"] = a.unit->value();
  return j;
}

json WaitingJson(const dispatch::WaitingCall& w) {
  return {{"incident", w.incident.value()},
          {"priority", w.priority},
          {"waiting_s", std::chrono::duration_cast<Seconds>(w.waiting).count()},
          {"ever_assigned", w.ever_assigned}};
}

}  // namespace beacon::server
