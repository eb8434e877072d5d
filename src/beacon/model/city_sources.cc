#include "beacon/model/city_sources.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "beacon/config/csv.h"

namespace beacon::model {
namespace {

using config::YamlDocument;
using config::YamlReader;
using Json = nlohmann::json;

std::string At(std::string_view list, std::size_t i) { return fmt::format("{}[{}]", list, i); }

Result<LatLon> ReadPoint(const YamlReader& r, const YAML::Node& n, const std::string& field) {
  if (!n.IsSequence() || n.size() != 2) return r.Error(n, field, "must be [lat, lon]");
  BEACON_ASSIGN_OR_RETURN(double lat, r.Number(n[0], field + "[0]", -90, 90));
  BEACON_ASSIGN_OR_RETURN(double lon, r.Number(n[1], field + "[1]", -180, 180));
  return LatLon{lat, lon};
}

Result<cad::CareLevel> ReadLevel(const YamlReader& r, const YAML::Node& n,
                                 const std::string& field) {
  BEACON_ASSIGN_OR_RETURN(std::size_t i, r.Choice(n, field, {"BLS", "ALS"}));
  return i == 0 ? cad::CareLevel::kBls : cad::CareLevel::kAls;
}

Result<Json> ReadJsonFile(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return NotFoundError(fmt::format("'{}' cannot be opened", path.string()));
  try {
    return Json::parse(f);
  } catch (const Json::exception& e) {
    return InvalidArgumentError(fmt::format("{}: not valid JSON: {}", path.string(), e.what()));
  }
}

// GeoJSON [lon, lat] positions of one ring.
Result<geo::Ring> ReadRing(const Json& j, const std::string& where) {
  if (!j.is_array()) return InvalidArgumentError(where + ": a ring must be a list of positions");
  geo::Ring ring;
  ring.reserve(j.size());
  for (const Json& p : j) {
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number()) {
      return InvalidArgumentError(where + ": a position must be [lon, lat]");
    }
    const LatLon q{p[1].get<double>(), p[0].get<double>()};
    BEACON_RETURN_IF_ERROR(ValidateLatLon(q).WithContext(where));
    ring.push_back(q);
  }
  return ring;
}

Result<geo::Polygon> ReadPolygonRings(const Json& j, const std::string& where) {
  if (!j.is_array() || j.empty()) {
    return InvalidArgumentError(where + ": a polygon must be a non-empty list of rings");
  }
  geo::Polygon poly;
  for (const Json& ring : j) {
    BEACON_ASSIGN_OR_RETURN(geo::Ring r, ReadRing(ring, where));
    poly.rings.push_back(std::move(r));
  }
  return poly;
}

// The features of a GeoJSON FeatureCollection of polygons, with their properties.
struct PolygonFeature {
  const Json* properties;
  geo::MultiPolygon shape;
};

Result<std::vector<PolygonFeature>> ReadPolygonFeatures(const std::filesystem::path& path,
                                                        const Json& doc) {
  const std::string file = path.string();
  if (!doc.is_object() || doc.value("type", "") != "FeatureCollection" ||
      !doc.contains("features") || !doc["features"].is_array()) {
    return InvalidArgumentError(
        fmt::format("{}: expected a GeoJSON FeatureCollection with a 'features' list", file));
  }
  std::vector<PolygonFeature> out;
  const Json& features = doc["features"];
  for (std::size_t i = 0; i < features.size(); ++i) {
    const Json& f = features[i];
    const std::string where = fmt::format("{}: feature {}", file, i);
    if (!f.is_object() || !f.contains("geometry") || !f["geometry"].is_object() ||
        !f.contains("properties") || !f["properties"].is_object()) {
      return InvalidArgumentError(where + ": needs 'geometry' and 'properties' objects");
    }
    const Json& g = f["geometry"];
    const std::string type = g.value("type", "");
    if (!g.contains("coordinates"))
      return InvalidArgumentError(where + ": geometry has no coordinates");
    std::vector<geo::Polygon> polys;
    if (type == "Polygon") {
      BEACON_ASSIGN_OR_RETURN(geo::Polygon p, ReadPolygonRings(g["coordinates"], where));
      polys.push_back(std::move(p));
    } else if (type == "MultiPolygon") {
      if (!g["coordinates"].is_array()) return InvalidArgumentError(where + ": bad MultiPolygon");
      for (const Json& pj : g["coordinates"]) {
        BEACON_ASSIGN_OR_RETURN(geo::Polygon p, ReadPolygonRings(pj, where));
        polys.push_back(std::move(p));
      }
    } else {
      return InvalidArgumentError(
          fmt::format("{}: geometry type '{}' is not Polygon or MultiPolygon", where, type));
    }
    out.push_back({&f["properties"], geo::MultiPolygon(std::move(polys))});
  }
  return out;
}

}  // namespace

Result<cad::Hospital> ReadHospitalEntry(const YamlReader& r, const YAML::Node& n,
                                        const std::string& f, Milliseconds default_offload,
                                        std::string* source, const PlaceResolver& place) {
  BEACON_RETURN_IF_ERROR(
      r.OnlyKeys(n, f,
                 {"code", "name", "location", "at", "emergency_department", "trauma_adult",
                  "trauma_peds", "stroke", "pci", "burn", "pediatric", "obstetric", "behavioral",
                  "adults", "offload", "source"}));
  cad::Hospital h;
  BEACON_ASSIGN_OR_RETURN(h.code, r.RequiredString(n, "code", f));
  if (h.code.empty()) return r.Error(n["code"], f + ".code", "must not be empty");
  BEACON_ASSIGN_OR_RETURN(h.name, r.RequiredString(n, "name", f));
  if (place && n["at"]) {
    BEACON_ASSIGN_OR_RETURN(h.location, place(n["at"], f + ".at"));
  } else {
    if (n["at"]) return r.Error(n["at"], f + ".at", "use location: [lat, lon] here");
    BEACON_ASSIGN_OR_RETURN(YAML::Node loc, r.Required(n, "location", f));
    BEACON_ASSIGN_OR_RETURN(h.location, ReadPoint(r, loc, f + ".location"));
  }
  cad::HospitalCapabilities& c = h.capabilities;
  auto flag = [&](const char* key, bool& out) -> Status {
    if (!n[key]) return OkStatus();
    BEACON_ASSIGN_OR_RETURN(out, r.Bool(n[key], YamlReader::Field(f, key)));
    return OkStatus();
  };
  auto level = [&](const char* key, int& out) -> Status {
    if (!n[key]) return OkStatus();
    BEACON_ASSIGN_OR_RETURN(std::int64_t v, r.Integer(n[key], YamlReader::Field(f, key), 0, 4));
    out = static_cast<int>(v);
    return OkStatus();
  };
  BEACON_RETURN_IF_ERROR(flag("emergency_department", h.emergency_department));
  BEACON_RETURN_IF_ERROR(level("trauma_adult", c.trauma_adult_level));
  BEACON_RETURN_IF_ERROR(level("trauma_peds", c.trauma_peds_level));
  if (n["stroke"]) {
    BEACON_ASSIGN_OR_RETURN(
        std::size_t s, r.Choice(n["stroke"], f + ".stroke", {"none", "primary", "thrombectomy"}));
    c.stroke = static_cast<cad::StrokeCapability>(s);
  }
  BEACON_RETURN_IF_ERROR(flag("pci", c.pci));
  BEACON_RETURN_IF_ERROR(flag("burn", c.burn));
  BEACON_RETURN_IF_ERROR(flag("pediatric", c.pediatric));
  BEACON_RETURN_IF_ERROR(flag("obstetric", c.obstetric));
  BEACON_RETURN_IF_ERROR(flag("behavioral", c.behavioral));
  BEACON_RETURN_IF_ERROR(flag("adults", c.adults));
  h.typical_offload = default_offload;
  if (n["offload"]) {
    BEACON_ASSIGN_OR_RETURN(h.typical_offload, r.Duration(n["offload"], f + ".offload"));
  }
  if (source != nullptr) {
    source->clear();
    if (n["source"]) {
      BEACON_ASSIGN_OR_RETURN(*source, r.String(n["source"], f + ".source"));
    }
  }
  return h;
}

Result<HospitalList> ReadHospitals(const std::filesystem::path& path) {
  BEACON_ASSIGN_OR_RETURN(YamlDocument doc, YamlDocument::Load(path));
  const YamlReader& r = doc.reader();
  const YAML::Node& root = doc.root();
  BEACON_RETURN_IF_ERROR(r.OnlyKeys(root, "", {"defaults", "hospitals"}));
  Milliseconds offload{Minutes{20}};
  if (const YAML::Node d = root["defaults"]) {
    BEACON_RETURN_IF_ERROR(r.OnlyKeys(d, "defaults", {"offload"}));
    if (d["offload"]) {
      BEACON_ASSIGN_OR_RETURN(offload, r.Duration(d["offload"], "defaults.offload"));
    }
  }
  BEACON_ASSIGN_OR_RETURN(YAML::Node list, r.Required(root, "hospitals"));
  if (!list.IsSequence() || list.size() == 0) {
    return r.Error(list, "hospitals", "must be a non-empty list");
  }
  HospitalList out;
  std::set<std::string> codes;
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string source;
    BEACON_ASSIGN_OR_RETURN(cad::Hospital h,
                            ReadHospitalEntry(r, list[i], At("hospitals", i), offload, &source));
    if (!codes.insert(h.code).second) {
      return r.Error(list[i]["code"], At("hospitals", i) + ".code",
                     fmt::format("'{}' is used twice", h.code));
    }
    h.id = HospitalId{static_cast<std::uint32_t>(i + 1)};
    out.hospitals.push_back(std::move(h));
    out.sources.push_back(std::move(source));
  }
  return out;
}

Result<Fleet> ReadFleet(const std::filesystem::path& path) {
  BEACON_ASSIGN_OR_RETURN(YamlDocument doc, YamlDocument::Load(path));
  const YamlReader& r = doc.reader();
  const YAML::Node& root = doc.root();
  BEACON_RETURN_IF_ERROR(r.OnlyKeys(root, "", {"shifts", "units"}));
  Fleet fleet;
  BEACON_ASSIGN_OR_RETURN(YAML::Node shifts, r.Required(root, "shifts"));
  if (!shifts.IsSequence() || shifts.size() == 0) {
    return r.Error(shifts, "shifts", "must be a non-empty list");
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < shifts.size(); ++i) {
    const std::string f = At("shifts", i);
    BEACON_RETURN_IF_ERROR(r.OnlyKeys(shifts[i], f, {"name", "start", "hours"}));
    Shift s;
    BEACON_ASSIGN_OR_RETURN(s.name, r.RequiredString(shifts[i], "name", f));
    BEACON_ASSIGN_OR_RETURN(YAML::Node start, r.Required(shifts[i], "start", f));
    BEACON_ASSIGN_OR_RETURN(s.start, r.Clock(start, f + ".start"));
    if (s.start >= Hours{24}) return r.Error(start, f + ".start", "must be before 24:00");
    BEACON_ASSIGN_OR_RETURN(YAML::Node hours, r.Required(shifts[i], "hours", f));
    BEACON_ASSIGN_OR_RETURN(double h, r.Number(hours, f + ".hours", 0.25, 24));
    s.length = Milliseconds{static_cast<std::int64_t>(std::llround(h * 3'600'000))};
    if (!names.insert(s.name).second) {
      return r.Error(shifts[i]["name"], f + ".name", fmt::format("'{}' is used twice", s.name));
    }
    fleet.shifts.push_back(std::move(s));
  }
  BEACON_ASSIGN_OR_RETURN(YAML::Node units, r.Required(root, "units"));
  if (!units.IsSequence() || units.size() == 0) {
    return r.Error(units, "units", "must be a non-empty list");
  }
  for (std::size_t i = 0; i < units.size(); ++i) {
    const std::string f = At("units", i);
    BEACON_RETURN_IF_ERROR(r.OnlyKeys(units[i], f, {"type", "shift", "count", "capabilities"}));
    FleetGroup g;
    BEACON_ASSIGN_OR_RETURN(YAML::Node type, r.Required(units[i], "type", f));
    BEACON_ASSIGN_OR_RETURN(
        std::size_t t, r.Choice(type, f + ".type", {"ALS", "BLS", "SUPERVISOR", "NON_TRANSPORT"}));
    g.type = static_cast<cad::UnitType>(t);
    BEACON_ASSIGN_OR_RETURN(g.shift, r.RequiredString(units[i], "shift", f));
    if (names.count(g.shift) == 0) {
      return r.Error(units[i]["shift"], f + ".shift", fmt::format("no shift '{}'", g.shift));
    }
    BEACON_ASSIGN_OR_RETURN(YAML::Node count, r.Required(units[i], "count", f));
    BEACON_ASSIGN_OR_RETURN(std::int64_t c, r.Integer(count, f + ".count", 1, 1000));
    g.count = static_cast<int>(c);
    if (units[i]["capabilities"]) {
      BEACON_ASSIGN_OR_RETURN(g.capabilities,
                              r.Strings(units[i]["capabilities"], f + ".capabilities"));
    }
    fleet.groups.push_back(std::move(g));
  }
  return fleet;
}

std::vector<ModelUnit> PlaceFleet(const Fleet& fleet, const std::vector<StationId>& posts) {
  std::vector<ModelUnit> out;
  std::map<cad::UnitType, int> numbers;
  std::uint32_t next_id = 1;
  for (const FleetGroup& g : fleet.groups) {
    for (int k = 0; k < g.count; ++k) {
      ModelUnit u;
      u.unit.id = UnitId{next_id};
      const int n = ++numbers[g.type];
      const char* prefix = g.type == cad::UnitType::kAls          ? "M"
                           : g.type == cad::UnitType::kBls        ? "A"
                           : g.type == cad::UnitType::kSupervisor ? "S"
                                                                  : "C";
      u.unit.name = fmt::format("{}{}", prefix, n);
      u.unit.type = g.type;
      u.unit.capabilities = g.capabilities;
      if (!posts.empty()) u.unit.home_station = posts[(next_id - 1) % posts.size()];
      u.shift = g.shift;
      out.push_back(std::move(u));
      ++next_id;
    }
  }
  return out;
}

Status ReadCoverageSettings(const YamlReader& r, const YAML::Node& cov, CoverageSettings& out) {
  if (const YAML::Node t = cov["target"]) {
    BEACON_RETURN_IF_ERROR(r.OnlyKeys(t, "coverage.target", {"p1", "p2", "p3"}));
    const char* keys[] = {"p1", "p2", "p3"};
    for (std::size_t i = 0; i < 3; ++i) {
      if (!t[keys[i]]) continue;
      const std::string field = YamlReader::Field("coverage.target", keys[i]);
      BEACON_ASSIGN_OR_RETURN(out.target[i], r.Duration(t[keys[i]], field));
      if (out.target[i] <= Milliseconds{0})
        return r.Error(t[keys[i]], field, "must be more than 0");
    }
  }
  if (cov["busy_fraction"]) {
    BEACON_ASSIGN_OR_RETURN(out.busy_fraction,
                            r.Number(cov["busy_fraction"], "coverage.busy_fraction", 0, 0.99));
  }
  return OkStatus();
}

Result<dispatch::ResponseRule> ReadResponseRule(const YamlReader& r, const YAML::Node& n,
                                                const std::string& f) {
  BEACON_RETURN_IF_ERROR(r.OnlyKeys(n, f,
                                    {"name", "complaints", "determinants", "priorities", "areas",
                                     "hours", "send", "lights_and_sirens", "capabilities"}));
  dispatch::ResponseRule rule;
  BEACON_ASSIGN_OR_RETURN(rule.name, r.RequiredString(n, "name", f));
  if (n["complaints"]) {
    BEACON_ASSIGN_OR_RETURN(rule.complaints, r.Strings(n["complaints"], f + ".complaints"));
  }
  if (n["determinants"]) {
    BEACON_ASSIGN_OR_RETURN(rule.determinants, r.Strings(n["determinants"], f + ".determinants"));
  }
  if (const YAML::Node p = n["priorities"]) {
    if (!p.IsSequence()) return r.Error(p, f + ".priorities", "must be a list of 1, 2, 3");
    for (std::size_t i = 0; i < p.size(); ++i) {
      BEACON_ASSIGN_OR_RETURN(std::int64_t v, r.Integer(p[i], At(f + ".priorities", i), 1, 3));
      rule.priorities.push_back(static_cast<int>(v));
    }
  }
  if (n["areas"]) {
    BEACON_ASSIGN_OR_RETURN(rule.areas, r.Strings(n["areas"], f + ".areas"));
  }
  if (const YAML::Node h = n["hours"]) {
    BEACON_RETURN_IF_ERROR(r.OnlyKeys(h, f + ".hours", {"from", "to"}));
    BEACON_ASSIGN_OR_RETURN(YAML::Node from, r.Required(h, "from", f + ".hours"));
    BEACON_ASSIGN_OR_RETURN(YAML::Node to, r.Required(h, "to", f + ".hours"));
    BEACON_ASSIGN_OR_RETURN(Milliseconds a, r.Clock(from, f + ".hours.from"));
    BEACON_ASSIGN_OR_RETURN(Milliseconds b, r.Clock(to, f + ".hours.to"));
    if (a > Hours{24} || b > Hours{24} || a == b) {
      return r.Error(h, f + ".hours", "needs two different times of day within 00:00-24:00");
    }
    rule.from_minute = static_cast<int>(std::chrono::duration_cast<Minutes>(a).count());
    rule.to_minute = static_cast<int>(std::chrono::duration_cast<Minutes>(b).count());
  }
  if (const YAML::Node s = n["send"]) {
    if (!s.IsSequence() || s.size() == 0) {
      return r.Error(s, f + ".send", "must be a non-empty list of {level, count}");
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
      const std::string g = At(f + ".send", i);
      BEACON_RETURN_IF_ERROR(r.OnlyKeys(s[i], g, {"level", "count"}));
      dispatch::UnitSlot slot;
      BEACON_ASSIGN_OR_RETURN(YAML::Node level, r.Required(s[i], "level", g));
      BEACON_ASSIGN_OR_RETURN(slot.level, ReadLevel(r, level, g + ".level"));
      if (s[i]["count"]) {
        BEACON_ASSIGN_OR_RETURN(std::int64_t c, r.Integer(s[i]["count"], g + ".count", 1, 20));
        slot.count = static_cast<int>(c);
      }
      rule.send.push_back(slot);
    }
  }
  if (n["lights_and_sirens"]) {
    BEACON_ASSIGN_OR_RETURN(bool ls, r.Bool(n["lights_and_sirens"], f + ".lights_and_sirens"));
    rule.lights_and_sirens = ls;
  }
  if (n["capabilities"]) {
    BEACON_ASSIGN_OR_RETURN(rule.capabilities, r.Strings(n["capabilities"], f + ".capabilities"));
  }
  return rule;
}

Result<dispatch::ResponsePlans> ReadResponsePlans(const std::filesystem::path& path) {
  BEACON_ASSIGN_OR_RETURN(YamlDocument doc, YamlDocument::Load(path));
  const YamlReader& r = doc.reader();
  BEACON_RETURN_IF_ERROR(r.OnlyKeys(doc.root(), "", {"rules"}));
  BEACON_ASSIGN_OR_RETURN(YAML::Node rules, r.Required(doc.root(), "rules"));
  if (!rules.IsSequence()) return r.Error(rules, "rules", "must be a list");
  dispatch::ResponsePlans plans;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    BEACON_ASSIGN_OR_RETURN(dispatch::ResponseRule rule,
                            ReadResponseRule(r, rules[i], At("rules", i)));
    plans.rules.push_back(std::move(rule));
  }
  return plans;
}

Result<std::vector<Site>> ReadSites(const std::filesystem::path& path,
                                    const std::vector<std::string>& skip,
                                    std::string_view name_column) {
  BEACON_ASSIGN_OR_RETURN(config::CsvTable t, config::CsvTable::Load(path));
  BEACON_ASSIGN_OR_RETURN(std::size_t name, t.Column(name_column));
  BEACON_ASSIGN_OR_RETURN(std::size_t lat, t.Column("lat"));
  BEACON_ASSIGN_OR_RETURN(std::size_t lon, t.Column("lon"));
  std::vector<Site> out;
  for (const config::CsvRow& row : t.rows()) {
    const std::string& n = row.fields[name];
    if (std::find(skip.begin(), skip.end(), n) != skip.end()) continue;
    if (n.empty()) return t.Error(row, name, "is empty");
    Site s;
    s.name = n;
    BEACON_ASSIGN_OR_RETURN(s.location.lat, t.Double(row, lat));
    BEACON_ASSIGN_OR_RETURN(s.location.lon, t.Double(row, lon));
    if (!ValidateLatLon(s.location).ok()) return t.Error(row, lat, "position out of range");
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<Area>> ReadAreas(const std::filesystem::path& path,
                                    const std::string& name_property) {
  BEACON_ASSIGN_OR_RETURN(Json doc, ReadJsonFile(path));
  BEACON_ASSIGN_OR_RETURN(std::vector<PolygonFeature> features, ReadPolygonFeatures(path, doc));
  std::vector<Area> out;
  std::set<std::string> names;
  for (std::size_t i = 0; i < features.size(); ++i) {
    const Json& props = *features[i].properties;
    auto it = props.find(name_property);
    if (it == props.end() || !it->is_string() || it->get<std::string>().empty()) {
      return InvalidArgumentError(
          fmt::format("{}: feature {}: property '{}' is missing or not a "
                      "name",
                      path.string(), i, name_property));
    }
    const std::string n = it->get<std::string>();
    if (!names.insert(n).second) {
      return InvalidArgumentError(
          fmt::format("{}: feature {}: area '{}' appears twice", path.string(), i, n));
    }
    out.push_back({n, std::move(features[i].shape)});
  }
  return out;
}

Result<std::vector<TractDemand>> ReadTractDemand(const std::filesystem::path& tracts,
                                                 const std::string& id_property,
                                                 const std::filesystem::path& population, int year,
                                                 DemandReport* report) {
  DemandReport local;
  DemandReport& rep = report != nullptr ? *report : local;
  BEACON_ASSIGN_OR_RETURN(config::CsvTable t, config::CsvTable::Load(population));
  BEACON_ASSIGN_OR_RETURN(std::size_t year_col, t.Column("YEAR"));
  BEACON_ASSIGN_OR_RETURN(std::size_t id_col, t.Column("GEOID"));
  BEACON_ASSIGN_OR_RETURN(std::size_t male, t.Column("male"));
  BEACON_ASSIGN_OR_RETURN(std::size_t female, t.Column("female"));
  std::map<std::string, double> people;
  const std::string year_text = std::to_string(year);
  for (const config::CsvRow& row : t.rows()) {
    if (row.fields[year_col] != year_text) continue;
    if (row.fields[male].empty() && row.fields[female].empty()) continue;  // a blank row
    BEACON_ASSIGN_OR_RETURN(double m, t.Double(row, male));
    BEACON_ASSIGN_OR_RETURN(double f, t.Double(row, female));
    if (m < 0 || f < 0) return t.Error(row, male, "a population cannot be negative");
    people[row.fields[id_col]] = m + f;
  }
  if (people.empty()) {
    return InvalidArgumentError(
        fmt::format("{}: no population rows for year {}", population.string(), year));
  }
  BEACON_ASSIGN_OR_RETURN(Json doc, ReadJsonFile(tracts));
  BEACON_ASSIGN_OR_RETURN(std::vector<PolygonFeature> features, ReadPolygonFeatures(tracts, doc));
  std::vector<TractDemand> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < features.size(); ++i) {
    const Json& props = *features[i].properties;
    auto it = props.find(id_property);
    if (it == props.end() || !it->is_string()) {
      return InvalidArgumentError(
          fmt::format("{}: feature {}: property '{}' is missing", tracts.string(), i, id_property));
    }
    const std::string id = it->get<std::string>();
    ++rep.tracts;
    seen.insert(id);
    auto p = people.find(id);
    if (p == people.end() || p->second <= 0) {
      ++rep.without_population;
      continue;
    }
    out.push_back({id, features[i].shape.Centroid(), p->second});
  }
  for (const auto& [id, n] : people) {
    if (seen.count(id) == 0) ++rep.population_rows_without_tract;
  }
  return out;
}

}  // namespace beacon::model
