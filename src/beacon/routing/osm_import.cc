#include "beacon/routing/osm_import.h"

#include <fmt/format.h>
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/pbf_input.hpp>
#include <osmium/visitor.hpp>

#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <unordered_map>
#include <vector>

#include "beacon/geo/polyline.h"
#include "beacon/routing/graph_builder.h"

namespace beacon::routing {
namespace {

enum class Direction { kBoth, kForward, kBackward };

struct Way {
  std::uint64_t id = 0;
  RoadClass road_class = RoadClass::kUnknown;
  std::string name;
  Direction direction = Direction::kBoth;
  std::optional<double> maxspeed_mps;
  std::vector<std::int64_t> nodes;
  std::vector<LatLon> points;
};

bool Closed(const osmium::TagList& tags, const Profile& profile) {
  const char* emergency = tags.get_value_by_key("emergency");
  if (emergency != nullptr && std::strcmp(emergency, "yes") == 0) return false;
  // The most specific key present decides (motor_vehicle over vehicle over access).
  for (const char* key : {"motor_vehicle", "vehicle", "access"}) {
    const char* v = tags.get_value_by_key(key);
    if (v == nullptr) continue;
    for (const std::string& closed : profile.osm_closed_access) {
      if (closed == v) return true;
    }
    return false;
  }
  return false;
}

class WayCollector : public osmium::handler::Handler {
 public:
  WayCollector(const Profile& profile, std::vector<Way>& ways) : profile_(profile), ways_(ways) {}

  void way(const osmium::Way& w) {
    const osmium::TagList& tags = w.tags();
    const char* highway = tags.get_value_by_key("highway");
    if (highway == nullptr) return;
    ++highway_ways_;
    const auto cls = ParseRoadClass(highway);
    const char* area = tags.get_value_by_key("area");
    if (!cls || *cls == RoadClass::kBenchmark || *cls == RoadClass::kUnknown ||
        !profile_.class_speed[static_cast<std::size_t>(*cls)] ||
        (area != nullptr && std::strcmp(area, "yes") == 0)) {
      ++not_drivable_;
      ++dropped_by_value_[highway];
      return;
    }
    if (Closed(tags, profile_)) {
      ++closed_access_;
      return;
    }
    Way way;
    way.id = static_cast<std::uint64_t>(w.id());
    way.road_class = *cls;
    if (const char* n = tags.get_value_by_key("name")) way.name = n;
    const char* oneway = tags.get_value_by_key("oneway");
    const char* junction = tags.get_value_by_key("junction");
    if (oneway != nullptr) {
      const std::string_view o = oneway;
      if (o == "yes" || o == "true" || o == "1")
        way.direction = Direction::kForward;
      else if (o == "-1" || o == "reverse")
        way.direction = Direction::kBackward;
    } else if (*cls == RoadClass::kMotorway ||
               (junction != nullptr && (std::strcmp(junction, "roundabout") == 0 ||
                                        std::strcmp(junction, "circular") == 0))) {
      way.direction = Direction::kForward;  // implied
      ++implied_oneway_;
    }
    if (way.direction != Direction::kBoth) ++oneway_;
    if (const char* ms = tags.get_value_by_key("maxspeed")) {
      way.maxspeed_mps = ParseMaxspeedMps(ms);
      if (way.maxspeed_mps) ++with_maxspeed_;
    }
    for (const osmium::NodeRef& nr : w.nodes()) {
      if (!nr.location().valid()) {
        ++missing_locations_;
        continue;  // a node outside the extract
      }
      way.nodes.push_back(nr.ref());
      way.points.push_back(LatLon{nr.location().lat(), nr.location().lon()});
    }
    if (way.nodes.size() >= 2) ways_.push_back(std::move(way));
  }

  std::map<std::string, std::uint64_t> dropped_by_value_;
  std::uint64_t highway_ways_ = 0, not_drivable_ = 0, closed_access_ = 0, oneway_ = 0,
                implied_oneway_ = 0, with_maxspeed_ = 0, missing_locations_ = 0;

 private:
  const Profile& profile_;
  std::vector<Way>& ways_;
};

}  // namespace

std::optional<double> ParseMaxspeedMps(std::string_view value) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  double v = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || ptr == value.data() || !(v > 0) || !std::isfinite(v))
    return std::nullopt;
  std::string_view unit(ptr, static_cast<std::size_t>(value.data() + value.size() - ptr));
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  if (unit.empty() || unit == "km/h" || unit == "kmh" || unit == "kph") return v / 3.6;
  if (unit == "mph") return v * 0.44704;
  return std::nullopt;
}

Result<Graph> ImportOsm(const std::filesystem::path& path, const Profile& profile,
                        ImportReport* report_out) {
  const std::string file = path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return NotFoundError(fmt::format("cannot open OSM file '{}'", file));
  }
  std::vector<Way> ways;
  WayCollector collector(profile, ways);
  try {
    using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
    Index index;
    osmium::handler::NodeLocationsForWays<Index> locations(index);
    locations.ignore_errors();  // ways may reference nodes outside the extract
    osmium::io::Reader reader(osmium::io::File(file, "pbf"),
                              osmium::osm_entity_bits::node | osmium::osm_entity_bits::way);
    osmium::apply(reader, locations, collector);
    reader.close();
  } catch (const std::exception& e) {
    return DataLossError(fmt::format("OSM file '{}' is corrupt or truncated: {}", file, e.what()));
  }
  if (ways.empty()) {
    return InvalidArgumentError(fmt::format("OSM file '{}' has no drivable highway ways", file));
  }
  // Graph nodes: way ends and nodes shared by two or more ways (or used twice by one).
  std::unordered_map<std::int64_t, std::uint32_t> uses;
  for (const Way& w : ways) {
    for (std::size_t i = 0; i < w.nodes.size(); ++i) {
      uses[w.nodes[i]] += (i == 0 || i + 1 == w.nodes.size()) ? 2u : 1u;
    }
  }
  GraphBuilder b(WeightUnit::kMilliseconds);
  std::unordered_map<std::int64_t, NodeId> node_of;
  auto node = [&](std::int64_t osm_id, const LatLon& p) {
    auto it = node_of.find(osm_id);
    if (it == node_of.end()) it = node_of.emplace(osm_id, b.AddNode(p)).first;
    return it->second;
  };
  std::uint64_t pieces = 0;
  for (const Way& w : ways) {
    std::size_t start = 0;
    for (std::size_t i = 1; i < w.nodes.size(); ++i) {
      if (uses[w.nodes[i]] < 2 && i + 1 < w.nodes.size()) continue;
      const std::vector<LatLon> pts(w.points.begin() + static_cast<std::ptrdiff_t>(start),
                                    w.points.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      const NodeId from = node(w.nodes[start], pts.front());
      const NodeId to = node(w.nodes[i], pts.back());
      start = i;
      ++pieces;
      std::optional<double> posted;
      if (w.maxspeed_mps) posted = *w.maxspeed_mps / profile.speed_unit_mps;
      const auto speed = profile.Speed(w.road_class, posted);
      if (!speed) continue;
      const Meters length = geo::PolylineLength(pts);
      const std::uint32_t ms = TravelTimeMs(length, *speed);
      const auto cm = static_cast<std::uint32_t>(std::llround(length.value() * 100.0));
      const std::vector<LatLon> inner(pts.begin() + 1, pts.end() - 1);
      const std::vector<LatLon> inner_rev(inner.rbegin(), inner.rend());
      ArcId fwd, bwd;
      if (w.direction != Direction::kBackward) {
        fwd = b.AddArc(ArcInput{.tail = from,
                                .head = to,
                                .weight = ms,
                                .length_cm = cm,
                                .road_class = w.road_class,
                                .source_id = w.id,
                                .name = w.name,
                                .shape = inner});
      }
      if (w.direction != Direction::kForward) {
        bwd = b.AddArc(ArcInput{.tail = to,
                                .head = from,
                                .weight = ms,
                                .length_cm = cm,
                                .road_class = w.road_class,
                                .source_id = w.id,
                                .name = w.name,
                                .shape = inner_rev});
      }
      if (fwd.valid() && bwd.valid()) b.SetTwins(fwd, bwd);
    }
  }
  ImportReport report;
  report.format = "osm-pbf";
  report.input = file;
  report.profile = profile.name;
  report.Count("highway_ways", collector.highway_ways_);
  report.Count("dropped_not_drivable", collector.not_drivable_);
  for (const auto& [value, n] : collector.dropped_by_value_) {
    report.Count("dropped_highway_" + value, n);
  }
  report.Count("dropped_closed_access", collector.closed_access_);
  report.Count("drivable_ways", ways.size());
  report.Count("oneway_ways", collector.oneway_);
  report.Count("implied_oneway_ways", collector.implied_oneway_);
  report.Count("ways_with_maxspeed", collector.with_maxspeed_);
  report.Count("node_refs_outside_extract", collector.missing_locations_);
  report.Count("pieces", pieces);
  report.Count("turn_restrictions_applied", 0);
  report.components = b.KeepLargestScc();
  if (profile.hour_factors) b.SetHourFactors(*profile.hour_factors);
  b.SetMetadata(report.ToJson());
  if (report_out != nullptr) *report_out = report;
  return std::move(b).Build();
}

}  // namespace beacon::routing
