#include "beacon/model/model_json.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>

namespace beacon::model {
namespace {

using Json = nlohmann::ordered_json;

Json LatLonJson(const LatLon& p) { return Json::array({p.lat, p.lon}); }

std::string_view StrokeName(cad::StrokeCapability s) {
  switch (s) {
    case cad::StrokeCapability::kNone:
      return "none";
    case cad::StrokeCapability::kPrimary:
      return "primary";
    case cad::StrokeCapability::kThrombectomy:
      return "thrombectomy";
  }
  return "none";
}

Json SlotsJson(const std::vector<dispatch::UnitSlot>& slots) {
  Json out = Json::array();
  for (const auto& s : slots) {
    out.push_back({{"level", cad::CareLevelName(s.level)}, {"count", s.count}});
  }
  return out;
}

Json PolygonJson(const geo::MultiPolygon& m) {
  Json polys = Json::array();
  for (const geo::Polygon& p : m.polygons()) {
    Json rings = Json::array();
    for (const geo::Ring& r : p.rings) {
      Json ring = Json::array();
      for (const LatLon& q : r) ring.push_back(LatLonJson(q));
      rings.push_back(std::move(ring));
    }
    polys.push_back(std::move(rings));
  }
  return polys;
}

// Reads typed fields with the JSON path of a bad one in the error.
class Reader {
 public:
  explicit Reader(std::string_view origin) : origin_(origin) {}

  Status Error(const std::string& path, std::string_view what) const {
    return DataLossError(fmt::format("{}: model data: {}: {}", origin_, path, what));
  }
  Result<const Json*> Field(const Json& obj, const std::string& path, const char* key) const {
    if (!obj.is_object()) return Error(path, "must be an object");
    auto it = obj.find(key);
    if (it == obj.end()) return Error(path + "." + key, "is missing");
    return &*it;
  }
  Result<std::string> String(const Json& obj, const std::string& path, const char* key) const {
    BEACON_ASSIGN_OR_RETURN(const Json* j, Field(obj, path, key));
    if (!j->is_string()) return Error(path + "." + key, "must be a string");
    return j->get<std::string>();
  }
  Result<double> Number(const Json& obj, const std::string& path, const char* key) const {
    BEACON_ASSIGN_OR_RETURN(const Json* j, Field(obj, path, key));
    if (!j->is_number()) return Error(path + "." + key, "must be a number");
    return j->get<double>();
  }
  Result<std::int64_t> Int(const Json& obj, const std::string& path, const char* key) const {
    BEACON_ASSIGN_OR_RETURN(const Json* j, Field(obj, path, key));
    if (!j->is_number_integer()) return Error(path + "." + key, "must be a whole number");
    return j->get<std::int64_t>();
  }
  Result<bool> Bool(const Json& obj, const std::string& path, const char* key) const {
    BEACON_ASSIGN_OR_RETURN(const Json* j, Field(obj, path, key));
    if (!j->is_boolean()) return Error(path + "." + key, "must be true or false");
    return j->get<bool>();
  }
  Result<const Json*> Array(const Json& obj, const std::string& path, const char* key) const {
    BEACON_ASSIGN_OR_RETURN(const Json* j, Field(obj, path, key));
    if (!j->is_array()) return Error(path + "." + key, "must be a list");
    return j;
  }
  Result<LatLon> Point(const Json& j, const std::string& path) const {
    if (!j.is_array() || j.size() != 2 || !j[0].is_number() || !j[1].is_number()) {
      return Error(path, "must be [lat, lon]");
    }
    const LatLon p{j[0].get<double>(), j[1].get<double>()};
    if (!ValidateLatLon(p).ok()) return Error(path, "is not a valid position");
    return p;
  }
  Result<LatLon> PointField(const Json& obj, const std::string& path, const char* key) const {
    BEACON_ASSIGN_OR_RETURN(const Json* j, Field(obj, path, key));
    return Point(*j, path + "." + key);
  }
  Result<std::vector<std::string>> Strings(const Json& obj, const std::string& path,
                                           const char* key) const {
    BEACON_ASSIGN_OR_RETURN(const Json* a, Array(obj, path, key));
    std::vector<std::string> out;
    for (const Json& s : *a) {
      if (!s.is_string()) return Error(path + "." + key, "must be a list of strings");
      out.push_back(s.get<std::string>());
    }
    return out;
  }
  Result<cad::CareLevel> Level(const Json& obj, const std::string& path) const {
    BEACON_ASSIGN_OR_RETURN(std::string s, String(obj, path, "level"));
    if (s == "ALS") return cad::CareLevel::kAls;
    if (s == "BLS") return cad::CareLevel::kBls;
    return Error(path + ".level", fmt::format("'{}' is not ALS or BLS", s));
  }

 private:
  std::string_view origin_;
};

std::string At(std::string_view list, std::size_t i) { return fmt::format("{}[{}]", list, i); }

Result<std::vector<routing::AddressRange>> ReadAddresses(const Reader& r, const Json& j) {
  BEACON_ASSIGN_OR_RETURN(std::vector<std::string> streets, r.Strings(j, "addresses", "streets"));
  BEACON_ASSIGN_OR_RETURN(const Json* ranges, r.Array(j, "addresses", "ranges"));
  std::vector<routing::AddressRange> out;
  out.reserve(ranges->size());
  for (std::size_t i = 0; i < ranges->size(); ++i) {
    const Json& a = (*ranges)[i];
    const std::string p = At("addresses.ranges", i);
    if (!a.is_array() || a.size() != 7) {
      return r.Error(p,
                     "must be [segment, street, left from, left to, right from, right to, line]");
    }
    for (std::size_t k = 0; k < 6; ++k) {
      if (!a[k].is_number_unsigned()) return r.Error(At(p, k), "must be a whole number >= 0");
    }
    routing::AddressRange out_range;
    out_range.segment = a[0].get<std::uint64_t>();
    const auto street = a[1].get<std::uint64_t>();
    if (street >= streets.size()) return r.Error(At(p, 1), "is not a street of addresses.streets");
    out_range.street = streets[street];
    out_range.left = {a[2].get<std::uint32_t>(), a[3].get<std::uint32_t>()};
    out_range.right = {a[4].get<std::uint32_t>(), a[5].get<std::uint32_t>()};
    const Json& line = a[6];
    if (!line.is_array() || line.size() < 4 || line.size() % 2 != 0) {
      return r.Error(At(p, 6), "must be at least two points as lat, lon pairs");
    }
    for (std::size_t k = 0; k < line.size(); k += 2) {
      if (!line[k].is_number_integer() || !line[k + 1].is_number_integer()) {
        return r.Error(At(p, 6), "must hold whole numbers (1e-7 degrees)");
      }
      const LatLon q{line[k].get<double>() / routing::kCoordScale,
                     line[k + 1].get<double>() / routing::kCoordScale};
      if (!ValidateLatLon(q).ok()) return r.Error(At(p, 6), "holds a position off the globe");
      out_range.line.push_back(q);
    }
    out.push_back(std::move(out_range));
  }
  return out;
}

Result<std::vector<dispatch::UnitSlot>> ReadSlots(const Reader& r, const Json& obj,
                                                  const std::string& path) {
  BEACON_ASSIGN_OR_RETURN(const Json* a, r.Array(obj, path, "send"));
  std::vector<dispatch::UnitSlot> out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const std::string p = At(path + ".send", i);
    dispatch::UnitSlot s;
    BEACON_ASSIGN_OR_RETURN(s.level, r.Level((*a)[i], p));
    BEACON_ASSIGN_OR_RETURN(std::int64_t count, r.Int((*a)[i], p, "count"));
    if (count < 1 || count > 20) return r.Error(p + ".count", "must be 1-20");
    s.count = static_cast<int>(count);
    out.push_back(s);
  }
  return out;
}

Result<geo::MultiPolygon> ReadPolygon(const Reader& r, const Json& j, const std::string& path) {
  if (!j.is_array()) return r.Error(path, "must be a list of polygons");
  std::vector<geo::Polygon> polys;
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_array()) return r.Error(At(path, i), "must be a list of rings");
    geo::Polygon poly;
    for (std::size_t k = 0; k < j[i].size(); ++k) {
      const Json& ring = j[i][k];
      if (!ring.is_array()) return r.Error(At(At(path, i), k), "must be a list of points");
      geo::Ring out;
      out.reserve(ring.size());
      for (std::size_t m = 0; m < ring.size(); ++m) {
        BEACON_ASSIGN_OR_RETURN(LatLon p, r.Point(ring[m], At(At(At(path, i), k), m)));
        out.push_back(p);
      }
      poly.rings.push_back(std::move(out));
    }
    polys.push_back(std::move(poly));
  }
  return geo::MultiPolygon(std::move(polys));
}

}  // namespace

std::string ModelDataToJson(const CityModel::Data& d) {
  Json j;
  j["format"] = "beacon-city-model";
  j["name"] = d.name;
  j["timezone"] = d.timezone;
  j["snap_max_m"] = d.snap_max.value();
  Json stations = Json::array();
  for (const cad::Station& s : d.stations) {
    stations.push_back(
        {{"id", s.id.value()}, {"name", s.name}, {"location", LatLonJson(s.location)}});
  }
  j["stations"] = std::move(stations);
  Json posts = Json::array();
  for (StationId p : d.posts) posts.push_back(p.value());
  j["posts"] = std::move(posts);
  Json hospitals = Json::array();
  for (std::size_t i = 0; i < d.hospitals.size(); ++i) {
    const cad::Hospital& h = d.hospitals[i];
    const cad::HospitalCapabilities& c = h.capabilities;
    hospitals.push_back({{"id", h.id.value()},
                         {"code", h.code},
                         {"name", h.name},
                         {"location", LatLonJson(h.location)},
                         {"emergency_department", h.emergency_department},
                         {"trauma_adult", c.trauma_adult_level},
                         {"trauma_peds", c.trauma_peds_level},
                         {"stroke", StrokeName(c.stroke)},
                         {"pci", c.pci},
                         {"burn", c.burn},
                         {"pediatric", c.pediatric},
                         {"obstetric", c.obstetric},
                         {"behavioral", c.behavioral},
                         {"adults", c.adults},
                         {"offload_ms", h.typical_offload.count()},
                         {"source", i < d.hospital_sources.size() ? d.hospital_sources[i] : ""}});
  }
  j["hospitals"] = std::move(hospitals);
  Json shifts = Json::array();
  for (const Shift& s : d.shifts) {
    shifts.push_back(
        {{"name", s.name}, {"start_ms", s.start.count()}, {"length_ms", s.length.count()}});
  }
  j["shifts"] = std::move(shifts);
  Json units = Json::array();
  for (const ModelUnit& u : d.units) {
    units.push_back({{"id", u.unit.id.value()},
                     {"name", u.unit.name},
                     {"type", cad::UnitTypeName(u.unit.type)},
                     {"capabilities", u.unit.capabilities},
                     {"home_station", u.unit.home_station.value()},
                     {"shift", u.shift}});
  }
  j["units"] = std::move(units);
  Json areas = Json::array();
  for (const Area& a : d.areas)
    areas.push_back({{"name", a.name}, {"shape", PolygonJson(a.shape)}});
  j["areas"] = std::move(areas);
  Json demand = Json::array();
  for (const DemandPoint& p : d.demand) {
    demand.push_back({{"id", p.id},
                      {"centroid", LatLonJson(p.centroid)},
                      {"road", LatLonJson(p.road)},
                      {"weight", p.weight},
                      {"area", p.area}});
  }
  j["demand"] = std::move(demand);
  Json protocol = Json::array();
  for (const triage::RuleText& f : d.protocol)
    protocol.push_back({{"name", f.name}, {"text", f.text}});
  j["protocol"] = std::move(protocol);
  Json rules = Json::array();
  for (const dispatch::ResponseRule& r : d.response_plans.rules) {
    Json rule = {{"name", r.name},
                 {"complaints", r.complaints},
                 {"determinants", r.determinants},
                 {"priorities", r.priorities},
                 {"areas", r.areas},
                 {"send", SlotsJson(r.send)},
                 {"capabilities", r.capabilities}};
    if (r.from_minute && r.to_minute) {
      rule["from_minute"] = *r.from_minute;
      rule["to_minute"] = *r.to_minute;
    }
    if (r.lights_and_sirens) rule["lights_and_sirens"] = *r.lights_and_sirens;
    rules.push_back(std::move(rule));
  }
  j["response_plans"] = std::move(rules);
  j["coverage"] = {
      {"target_ms",
       {d.coverage.target[0].count(), d.coverage.target[1].count(), d.coverage.target[2].count()}},
      {"busy_fraction", d.coverage.busy_fraction}};
  j["build_report"] = d.build_report.empty() ? Json::object() : Json::parse(d.build_report);
  // House numbers, compactly: street names once, then [segment, street index, left from,
  // left to, right from, right to, [lat, lon, lat, lon, ... in 1e-7 degrees]] per range.
  Json streets = Json::array();
  Json ranges = Json::array();
  std::map<std::string, std::size_t, std::less<>> street_index;
  for (const routing::AddressRange& a : d.addresses) {
    auto [it, added] = street_index.try_emplace(a.street, streets.size());
    if (added) streets.push_back(a.street);
    Json line = Json::array();
    for (const LatLon& p : a.line) {
      line.push_back(routing::ToFixed(p.lat));
      line.push_back(routing::ToFixed(p.lon));
    }
    ranges.push_back(
        {a.segment, it->second, a.left[0], a.left[1], a.right[0], a.right[1], std::move(line)});
  }
  j["addresses"] = {{"streets", std::move(streets)}, {"ranges", std::move(ranges)}};
  return j.dump();
}

Result<CityModel::Data> ModelDataFromJson(std::string_view text, std::string_view origin) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::exception& e) {
    return DataLossError(fmt::format("{}: model data is not valid JSON: {}", origin, e.what()));
  }
  const Reader r(origin);
  CityModel::Data d;
  BEACON_ASSIGN_OR_RETURN(std::string format, r.String(j, "", "format"));
  if (format != "beacon-city-model") return r.Error("format", "is not beacon-city-model");
  BEACON_ASSIGN_OR_RETURN(d.name, r.String(j, "", "name"));
  BEACON_ASSIGN_OR_RETURN(d.timezone, r.String(j, "", "timezone"));
  BEACON_ASSIGN_OR_RETURN(double snap, r.Number(j, "", "snap_max_m"));
  d.snap_max = Meters(snap);

  BEACON_ASSIGN_OR_RETURN(const Json* stations, r.Array(j, "", "stations"));
  for (std::size_t i = 0; i < stations->size(); ++i) {
    const std::string p = At("stations", i);
    cad::Station s;
    BEACON_ASSIGN_OR_RETURN(std::int64_t id, r.Int((*stations)[i], p, "id"));
    s.id = StationId{static_cast<std::uint32_t>(id)};
    BEACON_ASSIGN_OR_RETURN(s.name, r.String((*stations)[i], p, "name"));
    BEACON_ASSIGN_OR_RETURN(s.location, r.PointField((*stations)[i], p, "location"));
    d.stations.push_back(std::move(s));
  }
  BEACON_ASSIGN_OR_RETURN(const Json* posts, r.Array(j, "", "posts"));
  for (std::size_t i = 0; i < posts->size(); ++i) {
    if (!(*posts)[i].is_number_unsigned()) return r.Error(At("posts", i), "must be a station id");
    d.posts.push_back(StationId{(*posts)[i].get<std::uint32_t>()});
  }

  BEACON_ASSIGN_OR_RETURN(const Json* hospitals, r.Array(j, "", "hospitals"));
  for (std::size_t i = 0; i < hospitals->size(); ++i) {
    const Json& h = (*hospitals)[i];
    const std::string p = At("hospitals", i);
    cad::Hospital out;
    BEACON_ASSIGN_OR_RETURN(std::int64_t id, r.Int(h, p, "id"));
    out.id = HospitalId{static_cast<std::uint32_t>(id)};
    BEACON_ASSIGN_OR_RETURN(out.code, r.String(h, p, "code"));
    BEACON_ASSIGN_OR_RETURN(out.name, r.String(h, p, "name"));
    BEACON_ASSIGN_OR_RETURN(out.location, r.PointField(h, p, "location"));
    BEACON_ASSIGN_OR_RETURN(out.emergency_department, r.Bool(h, p, "emergency_department"));
    cad::HospitalCapabilities& c = out.capabilities;
    BEACON_ASSIGN_OR_RETURN(std::int64_t ta, r.Int(h, p, "trauma_adult"));
    BEACON_ASSIGN_OR_RETURN(std::int64_t tp, r.Int(h, p, "trauma_peds"));
    c.trauma_adult_level = static_cast<int>(ta);
    c.trauma_peds_level = static_cast<int>(tp);
    BEACON_ASSIGN_OR_RETURN(std::string stroke, r.String(h, p, "stroke"));
    if (stroke == "none") {
      c.stroke = cad::StrokeCapability::kNone;
    } else if (stroke == "primary") {
      c.stroke = cad::StrokeCapability::kPrimary;
    } else if (stroke == "thrombectomy") {
      c.stroke = cad::StrokeCapability::kThrombectomy;
    } else {
      return r.Error(p + ".stroke",
                     fmt::format("'{}' is not none, primary or thrombectomy", stroke));
    }
    BEACON_ASSIGN_OR_RETURN(c.pci, r.Bool(h, p, "pci"));
    BEACON_ASSIGN_OR_RETURN(c.burn, r.Bool(h, p, "burn"));
    BEACON_ASSIGN_OR_RETURN(c.pediatric, r.Bool(h, p, "pediatric"));
    BEACON_ASSIGN_OR_RETURN(c.obstetric, r.Bool(h, p, "obstetric"));
    BEACON_ASSIGN_OR_RETURN(c.behavioral, r.Bool(h, p, "behavioral"));
    BEACON_ASSIGN_OR_RETURN(c.adults, r.Bool(h, p, "adults"));
    BEACON_ASSIGN_OR_RETURN(std::int64_t offload, r.Int(h, p, "offload_ms"));
    out.typical_offload = Milliseconds{offload};
    BEACON_ASSIGN_OR_RETURN(std::string source, r.String(h, p, "source"));
    d.hospitals.push_back(std::move(out));
    d.hospital_sources.push_back(std::move(source));
  }

  BEACON_ASSIGN_OR_RETURN(const Json* shifts, r.Array(j, "", "shifts"));
  for (std::size_t i = 0; i < shifts->size(); ++i) {
    const std::string p = At("shifts", i);
    Shift s;
    BEACON_ASSIGN_OR_RETURN(s.name, r.String((*shifts)[i], p, "name"));
    BEACON_ASSIGN_OR_RETURN(std::int64_t start, r.Int((*shifts)[i], p, "start_ms"));
    BEACON_ASSIGN_OR_RETURN(std::int64_t length, r.Int((*shifts)[i], p, "length_ms"));
    s.start = Milliseconds{start};
    s.length = Milliseconds{length};
    d.shifts.push_back(std::move(s));
  }

  BEACON_ASSIGN_OR_RETURN(const Json* units, r.Array(j, "", "units"));
  for (std::size_t i = 0; i < units->size(); ++i) {
    const Json& u = (*units)[i];
    const std::string p = At("units", i);
    ModelUnit out;
    BEACON_ASSIGN_OR_RETURN(std::int64_t id, r.Int(u, p, "id"));
    out.unit.id = UnitId{static_cast<std::uint32_t>(id)};
    BEACON_ASSIGN_OR_RETURN(out.unit.name, r.String(u, p, "name"));
    BEACON_ASSIGN_OR_RETURN(std::string type, r.String(u, p, "type"));
    bool known = false;
    for (cad::UnitType t : {cad::UnitType::kAls, cad::UnitType::kBls, cad::UnitType::kSupervisor,
                            cad::UnitType::kNonTransport}) {
      if (cad::UnitTypeName(t) == type) {
        out.unit.type = t;
        known = true;
      }
    }
    if (!known) return r.Error(p + ".type", fmt::format("'{}' is not a unit type", type));
    BEACON_ASSIGN_OR_RETURN(out.unit.capabilities, r.Strings(u, p, "capabilities"));
    BEACON_ASSIGN_OR_RETURN(std::int64_t home, r.Int(u, p, "home_station"));
    out.unit.home_station = StationId{static_cast<std::uint32_t>(home)};
    BEACON_ASSIGN_OR_RETURN(out.shift, r.String(u, p, "shift"));
    d.units.push_back(std::move(out));
  }

  BEACON_ASSIGN_OR_RETURN(const Json* areas, r.Array(j, "", "areas"));
  for (std::size_t i = 0; i < areas->size(); ++i) {
    const std::string p = At("areas", i);
    Area a;
    BEACON_ASSIGN_OR_RETURN(a.name, r.String((*areas)[i], p, "name"));
    BEACON_ASSIGN_OR_RETURN(const Json* shape, r.Field((*areas)[i], p, "shape"));
    BEACON_ASSIGN_OR_RETURN(a.shape, ReadPolygon(r, *shape, p + ".shape"));
    d.areas.push_back(std::move(a));
  }

  BEACON_ASSIGN_OR_RETURN(const Json* demand, r.Array(j, "", "demand"));
  for (std::size_t i = 0; i < demand->size(); ++i) {
    const Json& q = (*demand)[i];
    const std::string p = At("demand", i);
    DemandPoint out;
    BEACON_ASSIGN_OR_RETURN(out.id, r.String(q, p, "id"));
    BEACON_ASSIGN_OR_RETURN(out.centroid, r.PointField(q, p, "centroid"));
    BEACON_ASSIGN_OR_RETURN(out.road, r.PointField(q, p, "road"));
    BEACON_ASSIGN_OR_RETURN(out.weight, r.Number(q, p, "weight"));
    BEACON_ASSIGN_OR_RETURN(std::int64_t area, r.Int(q, p, "area"));
    out.area = static_cast<int>(area);
    d.demand.push_back(std::move(out));
  }

  BEACON_ASSIGN_OR_RETURN(const Json* protocol, r.Array(j, "", "protocol"));
  for (std::size_t i = 0; i < protocol->size(); ++i) {
    const std::string p = At("protocol", i);
    triage::RuleText f;
    BEACON_ASSIGN_OR_RETURN(f.name, r.String((*protocol)[i], p, "name"));
    BEACON_ASSIGN_OR_RETURN(f.text, r.String((*protocol)[i], p, "text"));
    d.protocol.push_back(std::move(f));
  }

  BEACON_ASSIGN_OR_RETURN(const Json* rules, r.Array(j, "", "response_plans"));
  for (std::size_t i = 0; i < rules->size(); ++i) {
    const Json& rule = (*rules)[i];
    const std::string p = At("response_plans", i);
    dispatch::ResponseRule out;
    BEACON_ASSIGN_OR_RETURN(out.name, r.String(rule, p, "name"));
    BEACON_ASSIGN_OR_RETURN(out.complaints, r.Strings(rule, p, "complaints"));
    BEACON_ASSIGN_OR_RETURN(out.determinants, r.Strings(rule, p, "determinants"));
    BEACON_ASSIGN_OR_RETURN(const Json* prios, r.Array(rule, p, "priorities"));
    for (const Json& v : *prios) {
      if (!v.is_number_integer()) return r.Error(p + ".priorities", "must be whole numbers");
      out.priorities.push_back(v.get<int>());
    }
    BEACON_ASSIGN_OR_RETURN(out.areas, r.Strings(rule, p, "areas"));
    BEACON_ASSIGN_OR_RETURN(out.send, ReadSlots(r, rule, p));
    BEACON_ASSIGN_OR_RETURN(out.capabilities, r.Strings(rule, p, "capabilities"));
    if (rule.contains("from_minute")) {
      BEACON_ASSIGN_OR_RETURN(std::int64_t from, r.Int(rule, p, "from_minute"));
      BEACON_ASSIGN_OR_RETURN(std::int64_t to, r.Int(rule, p, "to_minute"));
      out.from_minute = static_cast<int>(from);
      out.to_minute = static_cast<int>(to);
    }
    if (rule.contains("lights_and_sirens")) {
      BEACON_ASSIGN_OR_RETURN(bool ls, r.Bool(rule, p, "lights_and_sirens"));
      out.lights_and_sirens = ls;
    }
    d.response_plans.rules.push_back(std::move(out));
  }

  BEACON_ASSIGN_OR_RETURN(const Json* coverage, r.Field(j, "", "coverage"));
  BEACON_ASSIGN_OR_RETURN(const Json* target, r.Array(*coverage, "coverage", "target_ms"));
  if (target->size() != 3) return r.Error("coverage.target_ms", "must list 3 priorities");
  for (std::size_t i = 0; i < 3; ++i) {
    if (!(*target)[i].is_number_integer()) return r.Error("coverage.target_ms", "must be ms");
    d.coverage.target[i] = Milliseconds{(*target)[i].get<std::int64_t>()};
  }
  BEACON_ASSIGN_OR_RETURN(d.coverage.busy_fraction,
                          r.Number(*coverage, "coverage", "busy_fraction"));
  if (j.contains("build_report")) d.build_report = j["build_report"].dump();
  if (j.contains("addresses")) {  // absent in models built before house numbers: none
    BEACON_ASSIGN_OR_RETURN(d.addresses, ReadAddresses(r, j["addresses"]));
  }
  return d;
}

}  // namespace beacon::model
