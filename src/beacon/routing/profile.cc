#include "beacon/routing/profile.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace beacon::routing {
namespace {

class Parser {
 public:
  explicit Parser(std::string_view origin) : origin_(origin) {}

  Status Error(const YAML::Node& node, std::string_view field, std::string_view what) const {
    const YAML::Mark m = node.Mark();
    return InvalidArgumentError(
        fmt::format("{}:{}: {}: {}", origin_, m.is_null() ? 0 : m.line + 1, field, what));
  }

  Status OnlyKeys(const YAML::Node& map, std::string_view where,
                  std::initializer_list<std::string_view> allowed) const {
    if (!map.IsMap()) return Error(map, where, "must be a mapping");
    for (const auto& kv : map) {
      const std::string key = kv.first.as<std::string>();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        return Error(kv.first,
                     fmt::format("{}{}", where.empty() ? "" : std::string(where) + ".", key),
                     "unknown key");
      }
    }
    return OkStatus();
  }

  Result<double> Number(const YAML::Node& n, std::string_view field, double lo, double hi) const {
    double v = 0;
    try {
      v = n.as<double>();
    } catch (const YAML::Exception&) {
      return Error(n, field, "must be a number");
    }
    if (!std::isfinite(v) || v < lo || v > hi) {
      return Error(n, field, fmt::format("{} is outside [{}, {}]", v, lo, hi));
    }
    return v;
  }

  Result<std::string> String(const YAML::Node& n, std::string_view field) const {
    if (!n.IsScalar()) return Error(n, field, "must be a string");
    return n.as<std::string>();
  }

  Result<std::vector<std::string>> Strings(const YAML::Node& n, std::string_view field) const {
    if (!n.IsSequence()) return Error(n, field, "must be a list of strings");
    std::vector<std::string> out;
    for (const auto& item : n) {
      BEACON_ASSIGN_OR_RETURN(std::string s, String(item, field));
      out.push_back(std::move(s));
    }
    return out;
  }

  Result<RoadClass> Class(const YAML::Node& n, std::string_view field) const {
    BEACON_ASSIGN_OR_RETURN(std::string s, String(n, field));
    const auto c = ParseRoadClass(s);
    if (!c || *c == RoadClass::kBenchmark)
      return Error(n, field, fmt::format("unknown road class '{}'", s));
    return *c;
  }

 private:
  std::string origin_;
};

Result<Profile> Parse(const YAML::Node& root, const Parser& p) {
  Profile prof;
  BEACON_RETURN_IF_ERROR(
      p.OnlyKeys(root, "",
                 {"name", "speed_unit", "class_speeds", "lights_and_sirens_factor", "min_speed",
                  "hour_factors", "unattributed", "census_classes", "geojson", "osm"}));
  for (const char* required : {"name", "speed_unit", "class_speeds"}) {
    if (!root[required]) return p.Error(root, required, "is required");
  }
  BEACON_ASSIGN_OR_RETURN(prof.name, p.String(root["name"], "name"));
  BEACON_ASSIGN_OR_RETURN(std::string unit, p.String(root["speed_unit"], "speed_unit"));
  if (unit == "mph") {
    prof.speed_unit_mps = 0.44704;
  } else if (unit == "kmh") {
    prof.speed_unit_mps = 1.0 / 3.6;
  } else {
    return p.Error(root["speed_unit"], "speed_unit", fmt::format("'{}' is not mph or kmh", unit));
  }
  const YAML::Node speeds = root["class_speeds"];
  if (!speeds.IsMap()) return p.Error(speeds, "class_speeds", "must be a mapping class: speed");
  for (const auto& kv : speeds) {
    const std::string field = "class_speeds." + kv.first.as<std::string>();
    BEACON_ASSIGN_OR_RETURN(RoadClass c, p.Class(kv.first, field));
    BEACON_ASSIGN_OR_RETURN(double v, p.Number(kv.second, field, 1, 200));
    prof.class_speed[static_cast<std::size_t>(c)] = MetersPerSecond(v * prof.speed_unit_mps);
  }
  if (root["lights_and_sirens_factor"]) {
    BEACON_ASSIGN_OR_RETURN(
        prof.lights_and_sirens_factor,
        p.Number(root["lights_and_sirens_factor"], "lights_and_sirens_factor", 0.1, 3.0));
  }
  if (root["min_speed"]) {
    BEACON_ASSIGN_OR_RETURN(double v, p.Number(root["min_speed"], "min_speed", 0, 100));
    prof.min_speed = MetersPerSecond(v * prof.speed_unit_mps);
  }
  if (const YAML::Node h = root["hour_factors"]) {
    if (!h.IsSequence() || h.size() != 24) {
      return p.Error(h, "hour_factors", "must be a list of 24 numbers (hours 0-23, local time)");
    }
    std::array<double, 24> f{};
    for (std::size_t i = 0; i < 24; ++i) {
      BEACON_ASSIGN_OR_RETURN(f[i], p.Number(h[i], fmt::format("hour_factors[{}]", i), 0.1, 10));
    }
    prof.hour_factors = f;
  }
  if (const YAML::Node u = root["unattributed"]) {
    BEACON_RETURN_IF_ERROR(p.OnlyKeys(u, "unattributed", {"class", "oneway"}));
    if (u["class"]) {
      BEACON_ASSIGN_OR_RETURN(prof.unattributed_class, p.Class(u["class"], "unattributed.class"));
    }
    if (u["oneway"]) {
      try {
        prof.unattributed_oneway = u["oneway"].as<bool>();
      } catch (const YAML::Exception&) {
        return p.Error(u["oneway"], "unattributed.oneway", "must be true or false");
      }
    }
  }
  if (const YAML::Node c = root["census_classes"]) {
    BEACON_RETURN_IF_ERROR(p.OnlyKeys(c, "census_classes", {"drop", "classes"}));
    if (c["drop"]) {
      BEACON_ASSIGN_OR_RETURN(prof.drop_census_classes,
                              p.Strings(c["drop"], "census_classes.drop"));
    }
    if (const YAML::Node m = c["classes"]) {
      if (!m.IsMap())
        return p.Error(m, "census_classes.classes", "must be a mapping prefix: class");
      for (const auto& kv : m) {
        BEACON_ASSIGN_OR_RETURN(RoadClass rc, p.Class(kv.second, "census_classes.classes"));
        prof.census_class_map.emplace_back(kv.first.as<std::string>(), rc);
      }
    }
  }
  if (const YAML::Node g = root["geojson"]) {
    BEACON_RETURN_IF_ERROR(
        p.OnlyKeys(g, "geojson",
                   {"id", "name", "class", "census_class", "oneway", "speed", "grade", "addr_left",
                    "addr_right", "oneway_forward", "oneway_backward", "oneway_no"}));
    GeoJsonMapping& m = prof.geojson;
    const std::pair<const char*, std::string*> fields[] = {{"id", &m.id},
                                                           {"name", &m.name},
                                                           {"class", &m.road_class},
                                                           {"census_class", &m.census_class},
                                                           {"oneway", &m.oneway},
                                                           {"speed", &m.speed},
                                                           {"grade", &m.grade},
                                                           {"addr_left", &m.addr_left},
                                                           {"addr_right", &m.addr_right}};
    for (const auto& [key, dst] : fields) {
      if (g[key]) {
        BEACON_ASSIGN_OR_RETURN(*dst, p.String(g[key], std::string("geojson.") + key));
      }
    }
    if (g["oneway_forward"]) {
      BEACON_ASSIGN_OR_RETURN(m.oneway_forward,
                              p.Strings(g["oneway_forward"], "geojson.oneway_forward"));
    }
    if (g["oneway_backward"]) {
      BEACON_ASSIGN_OR_RETURN(m.oneway_backward,
                              p.Strings(g["oneway_backward"], "geojson.oneway_backward"));
    }
    if (g["oneway_no"]) {
      BEACON_ASSIGN_OR_RETURN(m.oneway_no, p.Strings(g["oneway_no"], "geojson.oneway_no"));
    }
  }
  if (const YAML::Node o = root["osm"]) {
    BEACON_RETURN_IF_ERROR(p.OnlyKeys(o, "osm", {"closed_access"}));
    if (o["closed_access"]) {
      BEACON_ASSIGN_OR_RETURN(prof.osm_closed_access,
                              p.Strings(o["closed_access"], "osm.closed_access"));
    }
  }
  if (!prof.class_speed[static_cast<std::size_t>(prof.unattributed_class)]) {
    return p.Error(root, "unattributed.class",
                   fmt::format("class '{}' has no speed in class_speeds",
                               RoadClassName(prof.unattributed_class)));
  }
  return prof;
}

}  // namespace

std::optional<MetersPerSecond> Profile::Speed(RoadClass c, std::optional<double> posted) const {
  const auto& base = class_speed[static_cast<std::size_t>(c)];
  if (!base) return std::nullopt;
  MetersPerSecond v = *base;
  if (posted && *posted > 0) v = MetersPerSecond(*posted * speed_unit_mps);
  v = std::max(v, min_speed);
  return v * lights_and_sirens_factor;
}

std::uint32_t TravelTimeMs(Meters length, MetersPerSecond speed) {
  const double ms = std::round(length.value() / speed.value() * 1000.0);
  return static_cast<std::uint32_t>(std::clamp(ms, 1.0, 4.0e9));
}

Result<Profile> ParseProfile(std::string_view yaml, std::string_view origin) {
  const Parser p(origin);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return InvalidArgumentError(fmt::format("{}:{}: {}", origin, e.mark.line + 1, e.msg));
  }
  try {
    return Parse(root, p);
  } catch (const YAML::Exception& e) {
    return InvalidArgumentError(fmt::format("{}:{}: {}", origin, e.mark.line + 1, e.msg));
  }
}

Result<Profile> LoadProfile(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return NotFoundError(fmt::format("cannot open profile '{}'", path.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseProfile(ss.str(), path.string());
}

}  // namespace beacon::routing
