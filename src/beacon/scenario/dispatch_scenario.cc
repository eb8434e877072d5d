#include "beacon/scenario/dispatch_scenario.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "beacon/base/clock.h"
#include "beacon/center/dispatch_center.h"
#include "beacon/config/yaml_reader.h"
#include "beacon/dispatch/recommend.h"
#include "beacon/geo/distance.h"
#include "beacon/model/city_sources.h"
#include "beacon/model/road_travel_times.h"
#include "beacon/routing/graph_builder.h"
#include "beacon/scenario/ascii_map.h"

namespace beacon::scenario {
namespace {

namespace fs = std::filesystem;
using config::YamlDocument;
using config::YamlReader;

constexpr LatLon kDefaultOrigin{42.35, -71.06};

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "(none)" : out;
}

std::string FormatOffset(Milliseconds d) {
  const auto s = std::chrono::duration_cast<Seconds>(d).count();
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
}

int LineOf(const YAML::Node& n) { return n.Mark().is_null() ? 0 : n.Mark().line + 1; }

// "# name: ..." and "# description: ..." (continued by further "#" lines) at the top.
void ReadHeader(std::string_view text, ScenarioReport& report) {
  std::istringstream in{std::string(text)};
  std::string line;
  std::string* current = nullptr;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] != '#') break;
    std::string body = line.substr(1);
    const auto first = body.find_first_not_of(' ');
    body = first == std::string::npos ? "" : body.substr(first);
    if (body.rfind("name:", 0) == 0) {
      report.name = body.substr(body.find_first_not_of(' ', 5) == std::string::npos
                                    ? body.size()
                                    : body.find_first_not_of(' ', 5));
      current = nullptr;
    } else if (body.rfind("description:", 0) == 0) {
      const auto start = body.find_first_not_of(' ', 12);
      report.description = start == std::string::npos ? "" : body.substr(start);
      current = &report.description;
    } else if (current != nullptr && !body.empty()) {
      *current += " " + body;
    } else {
      current = nullptr;
    }
  }
}

class Runner {
 public:
  Runner(const YamlReader& r, fs::path base_dir, const RunOptions& options, ScenarioReport& report)
      : r_(r), base_dir_(std::move(base_dir)), options_(options), report_(report) {}

  Status Run(const YAML::Node& root) {
    BEACON_RETURN_IF_ERROR(
        r_.OnlyKeys(root, "",
                    {"start", "timezone", "map", "stations", "hospitals", "units", "areas",
                     "protocol", "response_plans", "demand", "coverage", "events"}));
    BEACON_RETURN_IF_ERROR(Setup(root));
    BEACON_ASSIGN_OR_RETURN(YAML::Node events, r_.Required(root, "events"));
    if (!events.IsSequence() || events.size() == 0) {
      return r_.Error(events, "events", "must be a non-empty list");
    }
    Milliseconds last{0};
    for (std::size_t i = 0; i < events.size(); ++i) {
      const std::string f = fmt::format("events[{}]", i);
      BEACON_ASSIGN_OR_RETURN(YAML::Node at, r_.Required(events[i], "at", f));
      BEACON_ASSIGN_OR_RETURN(Milliseconds t, r_.Clock(at, f + ".at"));
      if (t < last) {
        return r_.Error(at, f + ".at",
                        fmt::format("{} is before the previous step ({})", FormatOffset(t),
                                    FormatOffset(last)));
      }
      last = t;
      clock_->Set(start_ + t);
      now_label_ = FormatOffset(t);
      BEACON_RETURN_IF_ERROR(center_->ApplyShifts());
      BEACON_RETURN_IF_ERROR(Step(events[i], f));
    }
    return OkStatus();
  }

 private:
  // --- places and names ---
  Result<LatLon> Place(const YAML::Node& n, const std::string& f) const {
    if (n.IsSequence()) {
      if (n.size() != 2) return r_.Error(n, f, "must be a map node or [lat, lon]");
      BEACON_ASSIGN_OR_RETURN(double lat, r_.Number(n[0], f + "[0]", -90, 90));
      BEACON_ASSIGN_OR_RETURN(double lon, r_.Number(n[1], f + "[1]", -180, 180));
      return LatLon{lat, lon};
    }
    BEACON_ASSIGN_OR_RETURN(std::string s, r_.String(n, f));
    if (!map_) return r_.Error(n, f, "without a map, places are [lat, lon]");
    if (s.size() != 1 || map_->nodes.count(s[0]) == 0) {
      return r_.Error(n, f, fmt::format("'{}' is not a node of the map", s));
    }
    const auto [row, col] = map_->nodes.at(s[0]);
    return AsciiMap::Position(origin_, grid_m_, row, col);
  }

  Result<UnitId> Unit(const YAML::Node& n, const std::string& f) const {
    BEACON_ASSIGN_OR_RETURN(std::string name, r_.String(n, f));
    for (const cad::Unit& u : center_->state().units()) {
      if (u.name == name) return u.id;
    }
    return r_.Error(n, f, fmt::format("no unit '{}'", name));
  }

  std::string UnitName(UnitId id) const {
    const cad::Unit* u = center_->state().FindUnit(id);
    return u != nullptr ? u->name : fmt::format("unit {}", id);
  }

  Result<IncidentId> Incident(const YAML::Node& n, const std::string& f) const {
    BEACON_ASSIGN_OR_RETURN(std::string name, r_.String(n, f));
    auto it = incidents_.find(name);
    if (it == incidents_.end()) return r_.Error(n, f, fmt::format("no call '{}' yet", name));
    return it->second;
  }

  std::string IncidentName(IncidentId id) const {
    for (const auto& [name, inc] : incidents_) {
      if (inc == id) return name;
    }
    return fmt::format("incident {}", id);
  }

  Result<HospitalId> Hospital(const YAML::Node& n, const std::string& f) const {
    BEACON_ASSIGN_OR_RETURN(std::string code, r_.String(n, f));
    for (const cad::Hospital& h : center_->state().hospitals()) {
      if (h.code == code) return h.id;
    }
    return r_.Error(n, f, fmt::format("no hospital '{}'", code));
  }

  std::string HospitalCode(HospitalId id) const {
    const cad::Hospital* h = center_->state().FindHospital(id);
    return h != nullptr ? h->code : fmt::format("hospital {}", id);
  }

  // --- setup ---
  Status Setup(const YAML::Node& root) {
    BEACON_ASSIGN_OR_RETURN(std::string start, r_.RequiredString(root, "start"));
    auto parsed = ParseInstant(start);
    if (!parsed.ok()) {
      return r_.Error(root["start"], "start",
                      fmt::format("'{}' is not a time such as 2026-03-04T14:00:00-05:00", start));
    }
    start_ = *parsed;
    clock_ = std::make_unique<ManualClock>(start_);
    if (root["map"]) {
      BEACON_RETURN_IF_ERROR(BuildMapModel(root));
      model_ = &*own_model_;
    } else {
      if (options_.model == nullptr) {
        return r_.Error(root, "map",
                        "the scenario has no map: run it with --model FILE (a city model)");
      }
      model_ = options_.model;
      for (const char* key : {"stations", "hospitals", "areas", "protocol", "timezone", "demand"}) {
        if (root[key]) {
          return r_.Error(root[key], key, "only a scenario with its own map sets this");
        }
      }
      if (const YAML::Node cov = root["coverage"]) {
        for (const char* key : {"target", "busy_fraction"}) {
          if (cov[key]) {
            return r_.Error(cov[key], YamlReader::Field("coverage", key),
                            "only a scenario with its own map sets this (the model has its own)");
          }
        }
      }
    }
    cad::Roster roster;
    roster.stations = model_->data().stations;
    roster.hospitals = model_->data().hospitals;
    bool follow_shifts = true;
    std::vector<std::pair<UnitId, std::pair<std::optional<LatLon>, bool>>> initial;
    if (const YAML::Node units = root["units"]) {
      follow_shifts = false;
      BEACON_RETURN_IF_ERROR(ReadUnits(units, roster, initial));
    } else {
      if (map_) return r_.Error(root, "units", "a scenario with a map must list its units");
      for (const model::ModelUnit& u : model_->data().units) roster.units.push_back(u.unit);
    }
    center::DispatchCenter::Options opts;
    opts.follow_shifts = follow_shifts;
    if (const YAML::Node cov = root["coverage"]) {
      BEACON_ASSIGN_OR_RETURN(opts.coverage, ReadCoverage(cov));
    }
    BEACON_ASSIGN_OR_RETURN(
        center::DispatchCenter c,
        center::DispatchCenter::Create(*model_, std::move(roster), *clock_,
                                       std::make_unique<model::RoadTravelTimes>(*model_), opts));
    center_.emplace(std::move(c));
    if (!map_ && root["response_plans"]) {
      return r_.Error(root["response_plans"], "response_plans",
                      "only a scenario with its own map sets this (plans come from the model)");
    }
    // Units start at their station (or `at`), available unless said otherwise.
    for (const cad::Unit& u : center_->state().units()) {
      std::optional<LatLon> at;
      bool available = true;
      for (const auto& [id, spec] : initial) {
        if (id == u.id) {
          at = spec.first;
          available = spec.second;
        }
      }
      const cad::Station* home = center_->state().FindStation(u.home_station);
      if (!at && home != nullptr) at = home->location;
      if (at) BEACON_RETURN_IF_ERROR(center_->UpdatePosition(u.id, *at));
      if (!follow_shifts && available) {
        BEACON_RETURN_IF_ERROR(
            center_->SetAvailability(u.id, cad::Availability::kAvailable, "system", "scenario"));
      }
    }
    return center_->ApplyShifts();
  }

  // The `coverage:` options of the center (docs/formats/dispatch-scenario.md).
  Result<center::CoverageOptions> ReadCoverage(const YAML::Node& cov) const {
    BEACON_RETURN_IF_ERROR(r_.OnlyKeys(
        cov, "coverage",
        {"policy", "tolerance", "move_up", "min_gain", "priority", "target", "busy_fraction"}));
    center::CoverageOptions o;
    if (cov["policy"]) {
      BEACON_ASSIGN_OR_RETURN(std::size_t p, r_.Choice(cov["policy"], "coverage.policy",
                                                       {"closest", "coverage_aware"}));
      o.coverage_aware = p == 1;
    }
    if (cov["tolerance"]) {
      BEACON_ASSIGN_OR_RETURN(o.policy.tolerance,
                              r_.Duration(cov["tolerance"], "coverage.tolerance"));
    }
    if (cov["move_up"]) {
      BEACON_ASSIGN_OR_RETURN(std::size_t m, r_.Choice(cov["move_up"], "coverage.move_up",
                                                       {"off", "suggest", "apply"}));
      o.move_up = m > 0;
      o.apply_move_up = m == 2;
    }
    if (cov["min_gain"]) {
      BEACON_ASSIGN_OR_RETURN(double g, r_.Number(cov["min_gain"], "coverage.min_gain", 0, 100));
      o.request.min_gain_share = g / 100;
    }
    if (cov["priority"]) {
      BEACON_ASSIGN_OR_RETURN(std::int64_t p,
                              r_.Integer(cov["priority"], "coverage.priority", 1, 3));
      o.request.priority = static_cast<int>(p);
      o.policy.idle.priority = static_cast<int>(p);
    }
    return o;
  }

  // A map scenario's demand points (default: every node, weight 1) and coverage settings.
  Status ReadMapDemand(const YAML::Node& root, model::CityModel::Data& d) const {
    auto area_of = [&](const LatLon& p) {
      for (std::size_t a = 0; a < d.areas.size(); ++a) {
        if (d.areas[a].shape.Contains(p)) return static_cast<int>(a);
      }
      return -1;
    };
    if (const YAML::Node demand = root["demand"]) {
      if (!demand.IsSequence() || demand.size() == 0) {
        return r_.Error(demand, "demand", "must be a non-empty list");
      }
      for (std::size_t i = 0; i < demand.size(); ++i) {
        const std::string f = fmt::format("demand[{}]", i);
        BEACON_RETURN_IF_ERROR(r_.OnlyKeys(demand[i], f, {"name", "at", "weight"}));
        model::DemandPoint p;
        BEACON_ASSIGN_OR_RETURN(YAML::Node at, r_.Required(demand[i], "at", f));
        BEACON_ASSIGN_OR_RETURN(p.road, Place(at, f + ".at"));
        p.centroid = p.road;
        p.id = fmt::format("point {}", i + 1);
        if (demand[i]["name"]) {
          BEACON_ASSIGN_OR_RETURN(p.id, r_.String(demand[i]["name"], f + ".name"));
        } else if (at.IsScalar()) {
          p.id = at.as<std::string>();
        }
        p.weight = 1;
        if (demand[i]["weight"]) {
          BEACON_ASSIGN_OR_RETURN(p.weight, r_.Number(demand[i]["weight"], f + ".weight", 0, 1e9));
        }
        p.area = area_of(p.road);
        d.demand.push_back(std::move(p));
      }
    } else {
      for (const auto& [ch, rc] : map_->nodes) {
        model::DemandPoint p;
        p.id = std::string(1, ch);
        p.road = p.centroid = AsciiMap::Position(origin_, grid_m_, rc.first, rc.second);
        p.weight = 1;
        p.area = area_of(p.road);
        d.demand.push_back(std::move(p));
      }
    }
    const YAML::Node cov = root["coverage"];
    if (!cov) return OkStatus();
    return model::ReadCoverageSettings(r_, cov, d.coverage);
  }

  Status ReadUnits(
      const YAML::Node& units, cad::Roster& roster,
      std::vector<std::pair<UnitId, std::pair<std::optional<LatLon>, bool>>>& initial) {
    if (!units.IsSequence() || units.size() == 0) {
      return r_.Error(units, "units", "must be a non-empty list");
    }
    std::uint32_t next_id = 1;
    for (const model::ModelUnit& u : model_->data().units) {
      next_id = std::max(next_id, u.unit.id.value() + 1);
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < units.size(); ++i) {
      const YAML::Node& n = units[i];
      const std::string f = fmt::format("units[{}]", i);
      BEACON_RETURN_IF_ERROR(
          r_.OnlyKeys(n, f, {"name", "type", "station", "at", "status", "capabilities"}));
      BEACON_ASSIGN_OR_RETURN(std::string name, r_.RequiredString(n, "name", f));
      if (!names.insert(name).second) {
        return r_.Error(n["name"], f + ".name", fmt::format("'{}' is listed twice", name));
      }
      cad::Unit u;
      const model::ModelUnit* known = map_ ? nullptr : model_->FindUnitByName(name);
      if (known != nullptr) {
        u = known->unit;
      } else {
        u.id = UnitId{next_id++};
        u.name = name;
        if (!n["type"] || !n["station"]) {
          return r_.Error(n, f,
                          map_ ? "needs type and station"
                               : fmt::format("'{}' is not a unit of the model: give its type and "
                                             "station",
                                             name));
        }
      }
      if (n["type"]) {
        BEACON_ASSIGN_OR_RETURN(
            std::size_t t,
            r_.Choice(n["type"], f + ".type", {"ALS", "BLS", "SUPERVISOR", "NON_TRANSPORT"}));
        u.type = static_cast<cad::UnitType>(t);
      }
      if (n["station"]) {
        BEACON_ASSIGN_OR_RETURN(std::string st, r_.String(n["station"], f + ".station"));
        bool found = false;
        for (const cad::Station& s : roster.stations) {
          if (s.name == st) {
            u.home_station = s.id;
            found = true;
          }
        }
        if (!found)
          return r_.Error(n["station"], f + ".station", fmt::format("no station '{}'", st));
      }
      if (n["capabilities"]) {
        BEACON_ASSIGN_OR_RETURN(u.capabilities, r_.Strings(n["capabilities"], f + ".capabilities"));
      }
      std::optional<LatLon> at;
      if (n["at"]) {
        BEACON_ASSIGN_OR_RETURN(at, Place(n["at"], f + ".at"));
      }
      bool available = true;
      if (n["status"]) {
        BEACON_ASSIGN_OR_RETURN(
            std::size_t s, r_.Choice(n["status"], f + ".status", {"available", "out_of_service"}));
        available = s == 0;
      }
      initial.push_back({u.id, {at, available}});
      roster.units.push_back(std::move(u));
    }
    return OkStatus();
  }

  Status BuildMapModel(const YAML::Node& root) {
    const YAML::Node m = root["map"];
    BEACON_RETURN_IF_ERROR(
        r_.OnlyKeys(m, "map", {"layout", "grid", "speed", "origin", "oneway", "streets"}));
    BEACON_ASSIGN_OR_RETURN(std::string layout, r_.RequiredString(m, "layout", "map"));
    auto parsed = AsciiMap::Parse(layout);
    if (!parsed.ok()) {
      return r_.Error(m["layout"], "map.layout", parsed.status().message());
    }
    map_ = std::move(parsed).value();
    double speed_kmh = 36;
    if (m["grid"]) {
      BEACON_ASSIGN_OR_RETURN(grid_m_, r_.Number(m["grid"], "map.grid", 1, 10000));
    }
    if (m["speed"]) {
      BEACON_ASSIGN_OR_RETURN(speed_kmh, r_.Number(m["speed"], "map.speed", 1, 300));
    }
    origin_ = kDefaultOrigin;
    if (m["origin"]) {
      BEACON_ASSIGN_OR_RETURN(origin_, Place(m["origin"], "map.origin"));
    }
    // Street-specific speed and names, and one-way streets.
    std::map<std::pair<char, char>, std::pair<double, std::string>> special;
    std::set<std::pair<char, char>> oneway;
    auto pair_of = [&](const YAML::Node& n, const std::string& f) -> Result<std::pair<char, char>> {
      BEACON_ASSIGN_OR_RETURN(std::string s, r_.String(n, f));
      if (s.size() != 2 || map_->nodes.count(s[0]) == 0 || map_->nodes.count(s[1]) == 0) {
        return r_.Error(n, f, fmt::format("'{}' is not two nodes of the map", s));
      }
      const bool exists =
          std::any_of(map_->streets.begin(), map_->streets.end(), [&](const MapStreet& st) {
            return (st.from == s[0] && st.to == s[1]) || (st.from == s[1] && st.to == s[0]);
          });
      if (!exists) return r_.Error(n, f, fmt::format("no street joins '{}' and '{}'", s[0], s[1]));
      return std::pair(s[0], s[1]);
    };
    if (const YAML::Node o = m["oneway"]) {
      if (!o.IsSequence()) return r_.Error(o, "map.oneway", "must be a list such as [ab, cd]");
      for (std::size_t i = 0; i < o.size(); ++i) {
        BEACON_ASSIGN_OR_RETURN(auto p, pair_of(o[i], fmt::format("map.oneway[{}]", i)));
        oneway.insert(p);
      }
    }
    if (const YAML::Node s = m["streets"]) {
      if (!s.IsSequence()) return r_.Error(s, "map.streets", "must be a list");
      for (std::size_t i = 0; i < s.size(); ++i) {
        const std::string f = fmt::format("map.streets[{}]", i);
        BEACON_RETURN_IF_ERROR(r_.OnlyKeys(s[i], f, {"between", "speed", "name"}));
        BEACON_ASSIGN_OR_RETURN(YAML::Node between, r_.Required(s[i], "between", f));
        BEACON_ASSIGN_OR_RETURN(auto p, pair_of(between, f + ".between"));
        double v = speed_kmh;
        std::string name;
        if (s[i]["speed"]) {
          BEACON_ASSIGN_OR_RETURN(v, r_.Number(s[i]["speed"], f + ".speed", 1, 300));
        }
        if (s[i]["name"]) {
          BEACON_ASSIGN_OR_RETURN(name, r_.String(s[i]["name"], f + ".name"));
        }
        special[p] = {v, name};
        special[{p.second, p.first}] = {v, name};
      }
    }
    routing::GraphBuilder b(routing::WeightUnit::kMilliseconds);
    std::map<char, NodeId> node_ids;
    for (const auto& [ch, rc] : map_->nodes) {
      node_ids[ch] = b.AddNode(AsciiMap::Position(origin_, grid_m_, rc.first, rc.second));
    }
    std::uint64_t source_id = 0;
    for (const MapStreet& st : map_->streets) {
      double v = speed_kmh;
      std::string name = fmt::format("{}{}", st.from, st.to);
      if (auto it = special.find({st.from, st.to}); it != special.end()) {
        v = it->second.first;
        if (!it->second.second.empty()) name = it->second.second;
      }
      const double metres = st.cells * grid_m_;
      routing::ArcInput in;
      in.weight = static_cast<std::uint32_t>(std::llround(metres / (v / 3.6) * 1000));
      in.road_class = routing::RoadClass::kResidential;
      in.source_id = ++source_id;
      in.name = name;
      const bool forward_only = oneway.count({st.from, st.to}) > 0;
      const bool backward_only = oneway.count({st.to, st.from}) > 0;
      auto add = [&](char a, char c) {
        in.tail = node_ids[a];
        in.head = node_ids[c];
        in.length_cm = static_cast<std::uint32_t>(std::llround(
            geo::HaversineDistance(b.Position(in.tail), b.Position(in.head)).value() * 100));
        return b.AddArc(in);
      };
      if (forward_only) {
        add(st.from, st.to);
      } else if (backward_only) {
        add(st.to, st.from);
      } else {
        const ArcId a = add(st.from, st.to);
        b.SetTwins(a, add(st.to, st.from));
      }
    }
    BEACON_ASSIGN_OR_RETURN(routing::Graph graph, std::move(b).Build());
    auto shared_graph = std::make_shared<const routing::Graph>(std::move(graph));
    BEACON_ASSIGN_OR_RETURN(routing::ChIndex ch, routing::ChIndex::Build(*shared_graph));

    model::CityModel::Data d;
    d.name = report_.name;
    if (root["timezone"]) {
      BEACON_ASSIGN_OR_RETURN(d.timezone, r_.String(root["timezone"], "timezone"));
    }
    d.snap_max = Meters(std::max(100.0, grid_m_ * 3));
    d.shifts = {{"24h", Milliseconds{0}, Hours{24}}};
    BEACON_ASSIGN_OR_RETURN(YAML::Node stations, r_.Required(root, "stations"));
    if (!stations.IsSequence() || stations.size() == 0) {
      return r_.Error(stations, "stations", "must be a non-empty list");
    }
    for (std::size_t i = 0; i < stations.size(); ++i) {
      const std::string f = fmt::format("stations[{}]", i);
      BEACON_RETURN_IF_ERROR(r_.OnlyKeys(stations[i], f, {"name", "at"}));
      cad::Station s;
      s.id = StationId{static_cast<std::uint32_t>(i + 1)};
      BEACON_ASSIGN_OR_RETURN(s.name, r_.RequiredString(stations[i], "name", f));
      BEACON_ASSIGN_OR_RETURN(YAML::Node at, r_.Required(stations[i], "at", f));
      BEACON_ASSIGN_OR_RETURN(s.location, Place(at, f + ".at"));
      d.posts.push_back(s.id);
      d.stations.push_back(std::move(s));
    }
    if (const YAML::Node hospitals = root["hospitals"]) {
      if (!hospitals.IsSequence()) return r_.Error(hospitals, "hospitals", "must be a list");
      const model::PlaceResolver resolve = [this](const YAML::Node& n, const std::string& f) {
        return Place(n, f);
      };
      for (std::size_t i = 0; i < hospitals.size(); ++i) {
        std::string source;
        BEACON_ASSIGN_OR_RETURN(
            cad::Hospital h,
            model::ReadHospitalEntry(r_, hospitals[i], fmt::format("hospitals[{}]", i), Minutes{20},
                                     &source, resolve));
        h.id = HospitalId{static_cast<std::uint32_t>(i + 1)};
        d.hospitals.push_back(std::move(h));
        d.hospital_sources.push_back(source);
      }
    }
    if (const YAML::Node areas = root["areas"]) {
      if (!areas.IsSequence()) return r_.Error(areas, "areas", "must be a list");
      for (std::size_t i = 0; i < areas.size(); ++i) {
        const std::string f = fmt::format("areas[{}]", i);
        BEACON_RETURN_IF_ERROR(r_.OnlyKeys(areas[i], f, {"name", "corners"}));
        model::Area a;
        BEACON_ASSIGN_OR_RETURN(a.name, r_.RequiredString(areas[i], "name", f));
        BEACON_ASSIGN_OR_RETURN(YAML::Node corners, r_.Required(areas[i], "corners", f));
        if (!corners.IsSequence() || corners.size() < 3) {
          return r_.Error(corners, f + ".corners", "must list at least 3 places");
        }
        geo::Ring ring;
        for (std::size_t k = 0; k < corners.size(); ++k) {
          BEACON_ASSIGN_OR_RETURN(LatLon p, Place(corners[k], fmt::format("{}.corners[{}]", f, k)));
          ring.push_back(p);
        }
        a.shape = geo::MultiPolygon({geo::Polygon{{ring}}});
        d.areas.push_back(std::move(a));
      }
    }
    BEACON_RETURN_IF_ERROR(ReadMapDemand(root, d));
    fs::path protocol = options_.default_protocol;
    if (root["protocol"]) {
      BEACON_ASSIGN_OR_RETURN(std::string p, r_.String(root["protocol"], "protocol"));
      protocol = fs::path(p).is_absolute() ? fs::path(p) : base_dir_ / p;
    }
    if (protocol.empty()) {
      return r_.Error(root, "protocol", "no triage rule set: give protocol: DIR or --protocol");
    }
    BEACON_ASSIGN_OR_RETURN(d.protocol, triage::ReadProtocolDir(protocol));
    if (const YAML::Node plans = root["response_plans"]) {
      if (!plans.IsSequence()) return r_.Error(plans, "response_plans", "must be a list of rules");
      for (std::size_t i = 0; i < plans.size(); ++i) {
        BEACON_ASSIGN_OR_RETURN(
            dispatch::ResponseRule rule,
            model::ReadResponseRule(r_, plans[i], fmt::format("response_plans[{}]", i)));
        d.response_plans.rules.push_back(std::move(rule));
      }
    }
    auto built = model::CityModel::Create(std::move(d), std::move(shared_graph),
                                          std::make_shared<const routing::ChIndex>(std::move(ch)));
    if (!built.ok()) return r_.Error(root["map"], "map", built.status().message());
    own_model_.emplace(std::move(built).value());
    return OkStatus();
  }

  // --- steps ---
  Status Step(const YAML::Node& n, const std::string& f) {
    static constexpr std::array<std::string_view, 11> kActions = {
        "call",           "triage",   "dispatch", "assign", "status", "available",
        "out_of_service", "position", "hospital", "close",  "expect"};
    BEACON_RETURN_IF_ERROR(
        r_.OnlyKeys(n, f,
                    {"at", "call", "triage", "dispatch", "assign", "status", "available",
                     "out_of_service", "position", "hospital", "close", "expect", "error"}));
    std::string action;
    for (std::string_view a : kActions) {
      if (n[std::string(a)]) {
        if (!action.empty()) {
          return r_.Error(n, f, fmt::format("one action a step: '{}' and '{}'", action, a));
        }
        action = std::string(a);
      }
    }
    if (action.empty()) return r_.Error(n, f, "needs an action (call, status, expect, ...)");
    const YAML::Node v = n[action];
    const std::string g = f + "." + action;
    if (action == "expect") return Expect(v, g);
    const Status s = Act(action, v, g);
    if (n["error"]) {
      BEACON_ASSIGN_OR_RETURN(std::string want, r_.String(n["error"], f + ".error"));
      const bool ok = !s.ok() && s.message().find(want) != std::string_view::npos;
      Record(LineOf(n["error"]), ok, fmt::format("{} refused with \"{}\"", action, want),
             s.ok() ? std::string("it was accepted") : fmt::format("got \"{}\"", s.message()));
      return OkStatus();
    }
    if (!s.ok()) {
      if (s.code() == StatusCode::kInvalidArgument && s.message().find(r_.origin()) == 0) {
        return s;  // a problem in the file itself
      }
      return r_.Error(v, g, fmt::format("refused: {}", s.message()));
    }
    return OkStatus();
  }

  Status Act(const std::string& action, const YAML::Node& v, const std::string& g) {
    if (action == "call") return Call(v, g);
    if (action == "triage") {
      BEACON_RETURN_IF_ERROR(r_.OnlyKeys(v, g, {"incident", "complaint", "answers", "force"}));
      BEACON_ASSIGN_OR_RETURN(YAML::Node inc, r_.Required(v, "incident", g));
      BEACON_ASSIGN_OR_RETURN(IncidentId id, Incident(inc, g + ".incident"));
      return TriageCall(id, v, g);
    }
    if (action == "dispatch") {
      BEACON_ASSIGN_OR_RETURN(IncidentId id, Incident(v, g));
      return center_->Dispatch(id, "dispatcher:scenario");
    }
    if (action == "assign") {
      BEACON_RETURN_IF_ERROR(r_.OnlyKeys(v, g, {"unit", "incident"}));
      BEACON_ASSIGN_OR_RETURN(YAML::Node un, r_.Required(v, "unit", g));
      BEACON_ASSIGN_OR_RETURN(YAML::Node in, r_.Required(v, "incident", g));
      BEACON_ASSIGN_OR_RETURN(UnitId u, Unit(un, g + ".unit"));
      BEACON_ASSIGN_OR_RETURN(IncidentId i, Incident(in, g + ".incident"));
      return center_->Assign(u, i, "dispatcher:scenario");
    }
    if (action == "status") {
      BEACON_RETURN_IF_ERROR(r_.OnlyKeys(v, g, {"unit", "incident", "state", "destination"}));
      BEACON_ASSIGN_OR_RETURN(YAML::Node un, r_.Required(v, "unit", g));
      BEACON_ASSIGN_OR_RETURN(YAML::Node in, r_.Required(v, "incident", g));
      BEACON_ASSIGN_OR_RETURN(YAML::Node st, r_.Required(v, "state", g));
      BEACON_ASSIGN_OR_RETURN(UnitId u, Unit(un, g + ".unit"));
      BEACON_ASSIGN_OR_RETURN(IncidentId i, Incident(in, g + ".incident"));
      BEACON_ASSIGN_OR_RETURN(
          std::size_t s,
          r_.Choice(st, g + ".state",
                    {"assigned", "en_route", "on_scene", "patient_contact", "transporting",
                     "at_destination", "transferred", "cleared", "cancelled"}));
      std::optional<HospitalId> dest;
      if (v["destination"]) {
        BEACON_ASSIGN_OR_RETURN(dest, Hospital(v["destination"], g + ".destination"));
      }
      return center_->Progress(u, i, static_cast<cad::AssignmentState>(s), dest, "crew:scenario");
    }
    if (action == "available" || action == "out_of_service") {
      BEACON_ASSIGN_OR_RETURN(UnitId u, Unit(v, g));
      return center_->SetAvailability(
          u,
          action == "available" ? cad::Availability::kAvailable : cad::Availability::kOutOfService,
          "dispatcher:scenario");
    }
    if (action == "position") {
      BEACON_RETURN_IF_ERROR(r_.OnlyKeys(v, g, {"unit", "at"}));
      BEACON_ASSIGN_OR_RETURN(YAML::Node un, r_.Required(v, "unit", g));
      BEACON_ASSIGN_OR_RETURN(YAML::Node at, r_.Required(v, "at", g));
      BEACON_ASSIGN_OR_RETURN(UnitId u, Unit(un, g + ".unit"));
      BEACON_ASSIGN_OR_RETURN(LatLon p, Place(at, g + ".at"));
      return center_->UpdatePosition(u, p);
    }
    if (action == "hospital") {
      BEACON_RETURN_IF_ERROR(r_.OnlyKeys(v, g, {"code", "status"}));
      BEACON_ASSIGN_OR_RETURN(YAML::Node code, r_.Required(v, "code", g));
      BEACON_ASSIGN_OR_RETURN(YAML::Node st, r_.Required(v, "status", g));
      BEACON_ASSIGN_OR_RETURN(HospitalId h, Hospital(code, g + ".code"));
      BEACON_ASSIGN_OR_RETURN(std::size_t s, r_.Choice(st, g + ".status", {"open", "code_black"}));
      return center_->SetHospitalStatus(h, static_cast<cad::HospitalStatus>(s),
                                        "supervisor:scenario");
    }
    if (action == "close") {
      BEACON_ASSIGN_OR_RETURN(IncidentId id, Incident(v, g));
      return center_->CloseIncident(id, "dispatcher:scenario");
    }
    return r_.Error(v, g, "unknown action");
  }

  Status Call(const YAML::Node& v, const std::string& g) {
    BEACON_RETURN_IF_ERROR(
        r_.OnlyKeys(v, g, {"id", "at", "address", "complaint", "answers", "force", "priority"}));
    BEACON_ASSIGN_OR_RETURN(std::string id, r_.RequiredString(v, "id", g));
    if (incidents_.count(id) > 0) {
      return r_.Error(v["id"], g + ".id", fmt::format("call '{}' already exists", id));
    }
    BEACON_ASSIGN_OR_RETURN(YAML::Node at, r_.Required(v, "at", g));
    center::CallInput call;
    BEACON_ASSIGN_OR_RETURN(call.location, Place(at, g + ".at"));
    if (v["address"]) {
      BEACON_ASSIGN_OR_RETURN(call.address, r_.String(v["address"], g + ".address"));
    }
    BEACON_ASSIGN_OR_RETURN(IncidentId inc, center_->ReceiveCall(call, "calltaker:scenario"));
    incidents_[id] = inc;
    if (v["priority"]) {
      BEACON_ASSIGN_OR_RETURN(std::int64_t p, r_.Integer(v["priority"], g + ".priority", 1, 3));
      BEACON_RETURN_IF_ERROR(center_->SetPriority(inc, static_cast<int>(p), "calltaker:scenario"));
    }
    if (v["complaint"]) return TriageCall(inc, v, g);
    return OkStatus();
  }

  Status TriageCall(IncidentId inc, const YAML::Node& v, const std::string& g) {
    BEACON_ASSIGN_OR_RETURN(YAML::Node c, r_.Required(v, "complaint", g));
    BEACON_ASSIGN_OR_RETURN(std::string complaint, r_.String(c, g + ".complaint"));
    triage::Answers answers;
    if (const YAML::Node a = v["answers"]) {
      if (!a.IsMap()) return r_.Error(a, g + ".answers", "must be a mapping question: answer");
      for (const auto& kv : a) {
        BEACON_ASSIGN_OR_RETURN(std::string key, r_.String(kv.first, g + ".answers"));
        BEACON_ASSIGN_OR_RETURN(std::string value, r_.String(kv.second, g + ".answers." + key));
        answers[key] = value;
      }
    }
    bool force = false;
    if (v["force"]) {
      BEACON_ASSIGN_OR_RETURN(force, r_.Bool(v["force"], g + ".force"));
    }
    auto t = center_->Triage(inc, complaint, answers, "calltaker:scenario", force);
    if (!t.ok()) return r_.Error(v, g, std::string(t.status().message()));
    return OkStatus();
  }

  // --- expectations ---
  void Record(int line, bool ok, const std::string& what, const std::string& detail) {
    if (ok) {
      ++report_.passed;
      report_.lines.push_back(fmt::format("PASS line {} at {}: {}", line, now_label_, what));
    } else {
      ++report_.failed;
      report_.lines.push_back(
          fmt::format("FAIL line {} at {}: {}: {}", line, now_label_, what, detail));
    }
  }

  Status Expect(const YAML::Node& v, const std::string& g) {
    BEACON_RETURN_IF_ERROR(r_.OnlyKeys(
        v, g, {"recommend", "destination", "alerts", "waiting", "triage", "unit", "move_up"}));
    if (v.size() == 0) return r_.Error(v, g, "expects nothing");
    if (v["recommend"]) BEACON_RETURN_IF_ERROR(ExpectRecommend(v["recommend"], g + ".recommend"));
    if (v["destination"]) {
      BEACON_RETURN_IF_ERROR(ExpectDestination(v["destination"], g + ".destination"));
    }
    if (v["alerts"]) BEACON_RETURN_IF_ERROR(ExpectAlerts(v["alerts"], g + ".alerts"));
    if (v["waiting"]) BEACON_RETURN_IF_ERROR(ExpectWaiting(v["waiting"], g + ".waiting"));
    if (v["triage"]) BEACON_RETURN_IF_ERROR(ExpectTriage(v["triage"], g + ".triage"));
    if (v["unit"]) BEACON_RETURN_IF_ERROR(ExpectUnit(v["unit"], g + ".unit"));
    if (v["move_up"]) BEACON_RETURN_IF_ERROR(ExpectMoveUp(v["move_up"], g + ".move_up"));
    return OkStatus();
  }

  // `move_up: none`, or {unit, post, reason, applied}: the latest move-up decision.
  Status ExpectMoveUp(const YAML::Node& v, const std::string& f) {
    const std::vector<center::MoveUpRecord>& last = center_->LastMoveUps();
    std::vector<std::string> got;
    for (const center::MoveUpRecord& m : last) {
      got.push_back(fmt::format("{} to {}", m.move.unit_name, m.move.post_name));
    }
    if (v.IsScalar()) {
      BEACON_ASSIGN_OR_RETURN(std::string s, r_.String(v, f));
      if (s != "none") return r_.Error(v, f, "must be none or {unit, post, reason, applied}");
      Record(LineOf(v), last.empty(), "no move-up", fmt::format("got {}", Join(got)));
      return OkStatus();
    }
    BEACON_RETURN_IF_ERROR(r_.OnlyKeys(v, f, {"unit", "post", "reason", "applied"}));
    BEACON_ASSIGN_OR_RETURN(std::string unit, r_.RequiredString(v, "unit", f));
    const std::string what = fmt::format("move-up of {}", unit);
    const center::MoveUpRecord* m = nullptr;
    for (const center::MoveUpRecord& r : last) {
      if (r.move.unit_name == unit) m = &r;
    }
    if (m == nullptr) {
      Record(LineOf(v), false, what,
             last.empty() ? std::string("no move-up was suggested")
                          : fmt::format("the latest move-ups are {}", Join(got)));
      return OkStatus();
    }
    std::vector<std::string> problems;
    if (v["post"]) {
      BEACON_ASSIGN_OR_RETURN(std::string post, r_.String(v["post"], f + ".post"));
      if (post != m->move.post_name) {
        problems.push_back(fmt::format("post: expected {}, got {}", post, m->move.post_name));
      }
    }
    if (v["reason"]) {
      BEACON_ASSIGN_OR_RETURN(std::string want, r_.String(v["reason"], f + ".reason"));
      if (m->move.reason.find(want) == std::string::npos) {
        problems.push_back(fmt::format("reason: expected \"{}\" in \"{}\"", want, m->move.reason));
      }
    }
    if (v["applied"]) {
      BEACON_ASSIGN_OR_RETURN(bool want, r_.Bool(v["applied"], f + ".applied"));
      if (want != m->applied) {
        problems.push_back(fmt::format("applied: expected {}, got {}", want, m->applied));
      }
    }
    Record(LineOf(v), problems.empty(),
           fmt::format("{}: to {} ({})", what, m->move.post_name, m->move.reason), Join(problems));
    return OkStatus();
  }

  // `m` maps a name to a substring expected in a text found by `text` (nullopt: no such entry).
  template <typename Lookup>
  Status CheckTexts(const YAML::Node& m, const std::string& f, Lookup text,
                    std::vector<std::string>& problems) const {
    if (!m.IsMap()) return r_.Error(m, f, "must be a mapping name: \"words expected\"");
    for (const auto& kv : m) {
      BEACON_ASSIGN_OR_RETURN(std::string key, r_.String(kv.first, f));
      BEACON_ASSIGN_OR_RETURN(std::string want, r_.String(kv.second, f + "." + key));
      const std::optional<std::string> got = text(key);
      if (!got) {
        problems.push_back(fmt::format("{} is not listed", key));
      } else if (got->find(want) == std::string::npos) {
        problems.push_back(fmt::format("{}: expected \"{}\" in \"{}\"", key, want, *got));
      }
    }
    return OkStatus();
  }

  Status ExpectRecommend(const YAML::Node& v, const std::string& f) {
    BEACON_RETURN_IF_ERROR(
        r_.OnlyKeys(v, f,
                    {"incident", "chosen", "count", "levels", "skipped", "reasons", "short", "plan",
                     "eta", "from_station", "diverted"}));
    BEACON_ASSIGN_OR_RETURN(YAML::Node in, r_.Required(v, "incident", f));
    BEACON_ASSIGN_OR_RETURN(IncidentId id, Incident(in, f + ".incident"));
    const std::string what = fmt::format("recommend {}", IncidentName(id));
    const center::RecommendationRecord* rec = center_->LastRecommendation(id);
    if (rec == nullptr) {
      Record(LineOf(v), false, what, "no recommendation has been made");
      return OkStatus();
    }
    const dispatch::Recommendation& r = rec->recommendation;
    std::vector<std::string> problems;
    std::vector<std::string> chosen;
    for (const dispatch::Candidate& c : r.chosen) chosen.push_back(c.name);
    if (v["chosen"]) {
      BEACON_ASSIGN_OR_RETURN(std::vector<std::string> want,
                              r_.Strings(v["chosen"], f + ".chosen"));
      if (want != chosen) {
        problems.push_back(fmt::format("chosen: expected {}, got {}", Join(want), Join(chosen)));
      }
    }
    if (v["count"]) {
      BEACON_ASSIGN_OR_RETURN(std::int64_t want, r_.Integer(v["count"], f + ".count", 0, 100));
      if (static_cast<std::size_t>(want) != chosen.size()) {
        problems.push_back(fmt::format("count: expected {}, got {}", want, chosen.size()));
      }
    }
    if (const YAML::Node lv = v["levels"]) {
      // {ALS: n, BLS: m}: how many chosen units of each level.
      BEACON_RETURN_IF_ERROR(r_.OnlyKeys(lv, f + ".levels", {"ALS", "BLS"}));
      for (const char* level : {"ALS", "BLS"}) {
        if (!lv[level]) continue;
        BEACON_ASSIGN_OR_RETURN(std::int64_t want,
                                r_.Integer(lv[level], f + ".levels." + level, 0, 100));
        const auto got = std::count_if(
            r.chosen.begin(), r.chosen.end(),
            [&](const dispatch::Candidate& c) { return cad::CareLevelName(c.level) == level; });
        if (got != want) {
          problems.push_back(fmt::format("{} units: expected {}, got {}", level, want, got));
        }
      }
    }
    auto candidate = [&](const std::string& name) -> const dispatch::Candidate* {
      for (const dispatch::Candidate& c : r.ranked) {
        if (c.name == name) return &c;
      }
      return nullptr;
    };
    if (v["skipped"]) {
      BEACON_RETURN_IF_ERROR(CheckTexts(
          v["skipped"], f + ".skipped",
          [&](const std::string& name) -> std::optional<std::string> {
            for (const dispatch::Skipped& s : r.skipped) {
              if (s.name == name) return s.reason;
            }
            return std::nullopt;
          },
          problems));
    }
    if (v["reasons"]) {
      BEACON_RETURN_IF_ERROR(CheckTexts(
          v["reasons"], f + ".reasons",
          [&](const std::string& name) -> std::optional<std::string> {
            for (const dispatch::Candidate& c : r.chosen) {
              if (c.name == name) return c.reason;
            }
            return std::nullopt;
          },
          problems));
    }
    if (v["eta"]) {
      BEACON_RETURN_IF_ERROR(CheckTexts(
          v["eta"], f + ".eta",
          [&](const std::string& name) -> std::optional<std::string> {
            const dispatch::Candidate* c = candidate(name);
            if (c == nullptr) return std::nullopt;
            return dispatch::FormatEta(c->eta);
          },
          problems));
    }
    if (v["short"]) {
      BEACON_ASSIGN_OR_RETURN(bool want, r_.Bool(v["short"], f + ".short"));
      if (want != r.short_of_units) {
        problems.push_back(
            fmt::format("short of units: expected {}, got {}", want, r.short_of_units));
      }
    }
    if (v["plan"]) {
      BEACON_ASSIGN_OR_RETURN(std::string want, r_.String(v["plan"], f + ".plan"));
      if (rec->plan.rule.find(want) == std::string::npos) {
        problems.push_back(fmt::format("plan: expected \"{}\" in \"{}\"", want, rec->plan.rule));
      }
    }
    for (const char* key : {"from_station", "diverted"}) {
      if (!v[key]) continue;
      BEACON_ASSIGN_OR_RETURN(std::vector<std::string> want,
                              r_.Strings(v[key], YamlReader::Field(f, key)));
      for (const std::string& name : want) {
        const dispatch::Candidate* c = candidate(name);
        const bool holds = c != nullptr &&
                           (std::string_view(key) == "from_station" ? c->from_station
                                                                    : c->diverted_from.has_value());
        if (!holds) problems.push_back(fmt::format("{}: {} is not", key, name));
      }
    }
    Record(LineOf(v), problems.empty(), fmt::format("{}: chosen {}", what, Join(chosen)),
           Join(problems));
    return OkStatus();
  }

  Status ExpectDestination(const YAML::Node& v, const std::string& f) {
    BEACON_RETURN_IF_ERROR(r_.OnlyKeys(
        v, f,
        {"incident", "patient", "first", "order", "not", "excluded", "reason_code", "reason"}));
    BEACON_ASSIGN_OR_RETURN(YAML::Node in, r_.Required(v, "incident", f));
    BEACON_ASSIGN_OR_RETURN(IncidentId id, Incident(in, f + ".incident"));
    dispatch::PatientNeeds needs;
    if (const YAML::Node p = v["patient"]) {
      const std::string g = f + ".patient";
      BEACON_RETURN_IF_ERROR(
          r_.OnlyKeys(p, g,
                      {"age", "cardiac_arrest", "unmanageable_airway", "trauma", "stroke_fast_ed",
                       "stemi", "burn", "obstetric", "behavioral"}));
      if (p["age"]) {
        BEACON_ASSIGN_OR_RETURN(std::int64_t a, r_.Integer(p["age"], g + ".age", 0, 130));
        needs.age_years = static_cast<int>(a);
      }
      if (p["stroke_fast_ed"]) {
        BEACON_ASSIGN_OR_RETURN(std::int64_t s,
                                r_.Integer(p["stroke_fast_ed"], g + ".stroke_fast_ed", 0, 9));
        needs.stroke_fast_ed = static_cast<int>(s);
      }
      const std::pair<const char*, bool*> flags[] = {
          {"cardiac_arrest", &needs.cardiac_arrest},
          {"unmanageable_airway", &needs.unmanageable_airway},
          {"trauma", &needs.trauma},
          {"stemi", &needs.stemi},
          {"burn", &needs.burn},
          {"obstetric", &needs.obstetric},
          {"behavioral", &needs.behavioral}};
      for (const auto& [key, out] : flags) {
        if (p[key]) {
          BEACON_ASSIGN_OR_RETURN(*out, r_.Bool(p[key], YamlReader::Field(g, key)));
        }
      }
    }
    const std::string what = fmt::format("destination {}", IncidentName(id));
    auto plan = center_->Destinations(id, needs);
    if (!plan.ok()) {
      Record(LineOf(v), false, what, std::string(plan.status().message()));
      return OkStatus();
    }
    std::vector<std::string> order;
    for (const dispatch::DestinationChoice& c : plan->ranked)
      order.push_back(HospitalCode(c.hospital));
    std::vector<std::string> problems;
    if (v["first"]) {
      BEACON_ASSIGN_OR_RETURN(std::string want, r_.String(v["first"], f + ".first"));
      if (order.empty() || order[0] != want) {
        problems.push_back(
            fmt::format("first: expected {}, got {}", want, order.empty() ? "(none)" : order[0]));
      }
    }
    if (v["order"]) {
      BEACON_ASSIGN_OR_RETURN(std::vector<std::string> want, r_.Strings(v["order"], f + ".order"));
      if (want != order) {
        problems.push_back(fmt::format("order: expected {}, got {}", Join(want), Join(order)));
      }
    }
    if (v["not"]) {
      BEACON_ASSIGN_OR_RETURN(std::vector<std::string> never, r_.Strings(v["not"], f + ".not"));
      for (const std::string& code : never) {
        if (std::find(order.begin(), order.end(), code) != order.end()) {
          problems.push_back(fmt::format("{} is offered", code));
        }
      }
    }
    if (v["excluded"]) {
      BEACON_RETURN_IF_ERROR(CheckTexts(
          v["excluded"], f + ".excluded",
          [&](const std::string& code) -> std::optional<std::string> {
            for (const dispatch::ExcludedHospital& e : plan->excluded) {
              if (HospitalCode(e.hospital) == code) return e.reason;
            }
            return std::nullopt;
          },
          problems));
    }
    const dispatch::DestinationChoice* first = plan->ranked.empty() ? nullptr : &plan->ranked[0];
    if (v["reason_code"]) {
      BEACON_ASSIGN_OR_RETURN(std::string want, r_.String(v["reason_code"], f + ".reason_code"));
      if (first == nullptr || first->disposition_reason_code != want) {
        problems.push_back(fmt::format("reason code: expected {}, got {}", want,
                                       first ? first->disposition_reason_code : "(none)"));
      }
    }
    if (v["reason"]) {
      BEACON_ASSIGN_OR_RETURN(std::string want, r_.String(v["reason"], f + ".reason"));
      if (first == nullptr || first->reason.find(want) == std::string::npos) {
        problems.push_back(fmt::format("reason: expected \"{}\" in \"{}\"", want,
                                       first ? first->reason : "(none)"));
      }
    }
    Record(LineOf(v), problems.empty(),
           fmt::format("{}: {}", what, order.empty() ? "(none)" : order[0]), Join(problems));
    return OkStatus();
  }

  Status ExpectAlerts(const YAML::Node& v, const std::string& f) {
    if (!v.IsSequence()) return r_.Error(v, f, "must be a list (empty: no alert at all)");
    const std::vector<dispatch::Alert> alerts = center_->Alerts();
    std::vector<bool> matched(alerts.size(), false);
    std::vector<std::string> problems;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string g = fmt::format("{}[{}]", f, i);
      BEACON_RETURN_IF_ERROR(r_.OnlyKeys(v[i], g, {"kind", "level", "incident", "unit"}));
      BEACON_ASSIGN_OR_RETURN(std::string kind, r_.RequiredString(v[i], "kind", g));
      std::optional<std::string> level;
      if (v[i]["level"]) {
        BEACON_ASSIGN_OR_RETURN(level, r_.String(v[i]["level"], g + ".level"));
      }
      std::optional<IncidentId> inc;
      std::optional<UnitId> unit;
      if (v[i]["incident"]) {
        BEACON_ASSIGN_OR_RETURN(inc, Incident(v[i]["incident"], g + ".incident"));
      }
      if (v[i]["unit"]) {
        BEACON_ASSIGN_OR_RETURN(unit, Unit(v[i]["unit"], g + ".unit"));
      }
      bool found = false;
      for (std::size_t k = 0; k < alerts.size() && !found; ++k) {
        const dispatch::Alert& a = alerts[k];
        if (matched[k] || Upper(kind) != dispatch::AlertKindName(a.kind)) continue;
        if (level && Upper(*level) != dispatch::AlertLevelName(a.level)) continue;
        if (inc && a.incident != inc) continue;
        if (unit && a.unit != unit) continue;
        matched[k] = found = true;
      }
      if (!found)
        problems.push_back(fmt::format("no {} alert{}", kind, level ? " (" + *level + ")" : ""));
    }
    std::vector<std::string> seen;
    for (std::size_t k = 0; k < alerts.size(); ++k) {
      seen.push_back(alerts[k].message);
      if (!matched[k]) problems.push_back(fmt::format("unexpected alert: {}", alerts[k].message));
    }
    Record(LineOf(v), problems.empty(), fmt::format("alerts: {} expected", v.size()),
           Join(problems));
    return OkStatus();
  }

  Status ExpectWaiting(const YAML::Node& v, const std::string& f) {
    BEACON_ASSIGN_OR_RETURN(std::vector<std::string> want, r_.Strings(v, f));
    std::vector<std::string> got;
    for (const dispatch::WaitingCall& w : center_->Waiting())
      got.push_back(IncidentName(w.incident));
    Record(LineOf(v), want == got, fmt::format("waiting: {}", Join(want)),
           fmt::format("got {}", Join(got)));
    return OkStatus();
  }

  Status ExpectTriage(const YAML::Node& v, const std::string& f) {
    BEACON_RETURN_IF_ERROR(
        r_.OnlyKeys(v, f, {"incident", "determinant", "priority", "level", "lights_and_sirens"}));
    BEACON_ASSIGN_OR_RETURN(YAML::Node in, r_.Required(v, "incident", f));
    BEACON_ASSIGN_OR_RETURN(IncidentId id, Incident(in, f + ".incident"));
    const cad::Incident* inc = center_->state().FindIncident(id);
    std::vector<std::string> problems;
    if (inc == nullptr || !inc->triage) {
      problems.push_back("not triaged");
    } else {
      const cad::TriageCompleted& t = *inc->triage;
      if (v["determinant"]) {
        BEACON_ASSIGN_OR_RETURN(std::string want, r_.String(v["determinant"], f + ".determinant"));
        if (want != t.determinant) {
          problems.push_back(fmt::format("determinant: expected {}, got {}", want, t.determinant));
        }
      }
      if (v["priority"]) {
        BEACON_ASSIGN_OR_RETURN(std::int64_t want,
                                r_.Integer(v["priority"], f + ".priority", 1, 3));
        if (want != inc->priority) {
          problems.push_back(fmt::format("priority: expected {}, got {}", want, inc->priority));
        }
      }
      if (v["level"]) {
        BEACON_ASSIGN_OR_RETURN(std::string want, r_.String(v["level"], f + ".level"));
        if (Upper(want) != cad::CareLevelName(t.level)) {
          problems.push_back(
              fmt::format("level: expected {}, got {}", want, cad::CareLevelName(t.level)));
        }
      }
      if (v["lights_and_sirens"]) {
        BEACON_ASSIGN_OR_RETURN(bool want,
                                r_.Bool(v["lights_and_sirens"], f + ".lights_and_sirens"));
        if (want != t.lights_and_sirens) problems.push_back("lights and sirens differ");
      }
    }
    Record(LineOf(v), problems.empty(), fmt::format("triage {}", IncidentName(id)), Join(problems));
    return OkStatus();
  }

  Status ExpectUnit(const YAML::Node& v, const std::string& f) {
    BEACON_RETURN_IF_ERROR(r_.OnlyKeys(v, f, {"name", "availability", "state", "incident"}));
    BEACON_ASSIGN_OR_RETURN(YAML::Node name, r_.Required(v, "name", f));
    BEACON_ASSIGN_OR_RETURN(UnitId id, Unit(name, f + ".name"));
    const cad::Unit* u = center_->state().FindUnit(id);
    const cad::Assignment* a = center_->state().ActiveAssignment(id);
    std::vector<std::string> problems;
    if (v["availability"]) {
      BEACON_ASSIGN_OR_RETURN(std::string want, r_.String(v["availability"], f + ".availability"));
      if (Upper(want) != cad::AvailabilityName(u->availability)) {
        problems.push_back(fmt::format("availability: expected {}, got {}", Upper(want),
                                       cad::AvailabilityName(u->availability)));
      }
    }
    if (v["state"]) {
      BEACON_ASSIGN_OR_RETURN(std::string want, r_.String(v["state"], f + ".state"));
      const std::string got =
          a != nullptr ? std::string(cad::AssignmentStateName(a->state)) : "NONE";
      if (Upper(want) != got) {
        problems.push_back(fmt::format("state: expected {}, got {}", Upper(want), got));
      }
    }
    if (v["incident"]) {
      BEACON_ASSIGN_OR_RETURN(IncidentId want, Incident(v["incident"], f + ".incident"));
      if (a == nullptr || a->incident != want) {
        problems.push_back(fmt::format("incident: expected {}, got {}", IncidentName(want),
                                       a != nullptr ? IncidentName(a->incident) : "none"));
      }
    }
    Record(LineOf(v), problems.empty(), fmt::format("unit {}", UnitName(id)), Join(problems));
    return OkStatus();
  }

  const YamlReader& r_;
  fs::path base_dir_;
  const RunOptions& options_;
  ScenarioReport& report_;
  std::optional<AsciiMap> map_;
  LatLon origin_ = kDefaultOrigin;
  double grid_m_ = 100;
  std::optional<model::CityModel> own_model_;
  const model::CityModel* model_ = nullptr;
  Instant start_;
  std::unique_ptr<ManualClock> clock_;
  std::optional<center::DispatchCenter> center_;
  std::map<std::string, IncidentId> incidents_;
  std::string now_label_ = "00:00:00";
};

}  // namespace

Result<ScenarioReport> RunScenarioText(std::string_view text, const std::string& origin,
                                       const fs::path& base_dir, const RunOptions& options) {
  ScenarioReport report;
  report.file = origin;
  ReadHeader(text, report);
  if (report.name.empty()) {
    return InvalidArgumentError(
        fmt::format("{}:1: the file must start with a '# name: ...' header line", origin));
  }
  BEACON_ASSIGN_OR_RETURN(YamlDocument doc, YamlDocument::Parse(text, origin));
  Runner runner(doc.reader(), base_dir, options, report);
  BEACON_RETURN_IF_ERROR(runner.Run(doc.root()));
  return report;
}

Result<ScenarioReport> RunScenarioFile(const fs::path& path, const RunOptions& options) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return NotFoundError(fmt::format("scenario '{}' cannot be opened", path.string()));
  std::ostringstream text;
  text << f.rdbuf();
  return RunScenarioText(text.str(), path.string(), path.parent_path(), options);
}

}  // namespace beacon::scenario
