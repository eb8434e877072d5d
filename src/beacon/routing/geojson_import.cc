#include "beacon/routing/geojson_import.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "beacon/geo/distance.h"
#include "beacon/geo/polyline.h"
#include "beacon/routing/graph_builder.h"

namespace beacon::routing {
namespace {

using Json = nlohmann::json;

enum class Direction { kBoth, kForward, kBackward };

struct Segment {
  std::uint64_t id = 0;
  std::size_t feature = 0;
  std::vector<LatLon> points;
  std::int64_t level_start = 0;
  std::int64_t level_end = 0;
  RoadClass road_class = RoadClass::kUnknown;
  std::string name;
  Direction direction = Direction::kBoth;
  std::optional<double> posted;  // in the profile's speed unit
  bool unattributed = false;
};

// A node key: fixed-point position and grade level.
using Key = std::tuple<std::int32_t, std::int32_t, std::int64_t>;
using Key2 = std::pair<std::int32_t, std::int32_t>;
Key2 Flat(const LatLon& p) { return {ToFixed(p.lat), ToFixed(p.lon)}; }

bool In(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

class FeatureError {
 public:
  FeatureError(std::string file, std::size_t index, std::string id)
      : file_(std::move(file)), index_(index), id_(std::move(id)) {}
  Status operator()(std::string_view what) const {
    return InvalidArgumentError(fmt::format("{}: feature {}{}: {}", file_, index_,
                                            id_.empty() ? "" : " (id " + id_ + ")", what));
  }

 private:
  std::string file_;
  std::size_t index_;
  std::string id_;
};

Result<std::vector<LatLon>> Line(const Json& coords, const FeatureError& err) {
  if (!coords.is_array() || coords.size() < 2) {
    return err("geometry coordinates must be a list of at least 2 [lon, lat] positions");
  }
  std::vector<LatLon> out;
  out.reserve(coords.size());
  for (const Json& c : coords) {
    if (!c.is_array() || c.size() < 2 || !c[0].is_number() || !c[1].is_number()) {
      return err("a position is not [lon, lat] numbers");
    }
    const LatLon p{c[1].get<double>(), c[0].get<double>()};
    if (Status s = ValidateLatLon(p); !s.ok()) return err(s.message());
    out.push_back(p);
  }
  return out;
}

std::optional<std::string> OptString(const Json& props, const std::string& key) {
  if (key.empty()) return std::nullopt;
  const auto it = props.find(key);
  if (it == props.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

// A house-number range property: absent, null or [null, null] = none; else [from, to].
Result<std::array<std::uint32_t, 2>> HouseNumbers(const Json& props, const std::string& key,
                                                  const FeatureError& err) {
  std::array<std::uint32_t, 2> out{};
  if (key.empty()) return out;
  const auto it = props.find(key);
  if (it == props.end() || it->is_null()) return out;
  const auto bad = [&] {
    return err(fmt::format(
        "property '{}' must be [from, to] house numbers (non-negative integers) or null, not {}",
        key, it->dump()));
  };
  if (!it->is_array() || it->size() != 2) return bad();
  if ((*it)[0].is_null() && (*it)[1].is_null()) return out;
  for (std::size_t k = 0; k < 2; ++k) {
    const Json& v = (*it)[k];
    if (!v.is_number_unsigned() || v.get<std::uint64_t>() > 999'999) return bad();
    out[k] = static_cast<std::uint32_t>(v.get<std::uint64_t>());
  }
  return out;
}

RoadClass CensusClass(const Profile& p, const std::string& cfcc, bool* found) {
  std::size_t best = 0;
  RoadClass out = RoadClass::kUnknown;
  *found = false;
  for (const auto& [prefix, c] : p.census_class_map) {
    if (cfcc.rfind(prefix, 0) == 0 && prefix.size() >= best) {
      best = prefix.size();
      out = c;
      *found = true;
    }
  }
  return out;
}

}  // namespace

Result<Graph> ImportGeoJson(const std::filesystem::path& path, const Profile& profile,
                            const Overrides* overrides, ImportReport* report_out,
                            std::vector<AddressRange>* addresses) {
  const std::string file = path.string();
  ImportReport report;
  report.format = "geojson";
  report.input = file;
  if (overrides != nullptr) report.overrides = overrides->origin;
  Json doc;
  {
    std::ifstream in(path);
    if (!in) return NotFoundError(fmt::format("cannot open GeoJSON file '{}'", file));
    try {
      doc = Json::parse(in);
    } catch (const Json::exception& e) {
      return InvalidArgumentError(fmt::format("{}: not valid JSON: {}", file, e.what()));
    }
  }
  if (!doc.is_object() || doc.value("type", "") != "FeatureCollection" ||
      !doc.contains("features") || !doc["features"].is_array()) {
    return InvalidArgumentError(
        fmt::format("{}: expected a GeoJSON FeatureCollection with a 'features' list", file));
  }
  const GeoJsonMapping& m = profile.geojson;
  const Json& features = doc["features"];
  std::vector<Segment> segments;
  std::set<std::uint64_t> ids;
  std::uint64_t n_dropped_class = 0, n_dropped_census = 0, n_unattributed = 0, n_min_speed = 0,
                n_no_oneway = 0, n_multi = 0, n_address_ranges = 0, n_address_multiline = 0;
  for (std::size_t i = 0; i < features.size(); ++i) {
    const Json& f = features[i];
    FeatureError err(file, i, "");
    if (!f.is_object() || f.value("type", "") != "Feature") return err("not a GeoJSON Feature");
    if (!f.contains("properties") || !f["properties"].is_object()) {
      return err(fmt::format("has no properties (the id property '{}' is required)", m.id));
    }
    const Json& props = f["properties"];
    const auto id_it = props.find(m.id);
    if (id_it == props.end() || id_it->is_null()) {
      return err(fmt::format("missing property '{}' (the segment id)", m.id));
    }
    if (!id_it->is_number_unsigned()) {
      return err(
          fmt::format("property '{}' must be a non-negative integer, not {}", m.id, id_it->dump()));
    }
    const std::uint64_t id = id_it->get<std::uint64_t>();
    err = FeatureError(file, i, std::to_string(id));
    if (!ids.insert(id).second) return err("duplicate segment id");
    if (!f.contains("geometry") || !f["geometry"].is_object()) return err("has no geometry");
    const Json& geom = f["geometry"];
    const std::string gtype = geom.value("type", "");
    std::vector<std::vector<LatLon>> lines;
    if (gtype == "LineString") {
      BEACON_ASSIGN_OR_RETURN(auto line, Line(geom.value("coordinates", Json()), err));
      lines.push_back(std::move(line));
    } else if (gtype == "MultiLineString") {
      const Json& parts = geom.value("coordinates", Json());
      if (!parts.is_array() || parts.empty()) return err("MultiLineString without lines");
      for (const Json& part : parts) {
        BEACON_ASSIGN_OR_RETURN(auto line, Line(part, err));
        lines.push_back(std::move(line));
      }
      ++n_multi;
    } else {
      return err(fmt::format("geometry type '{}' is not LineString or MultiLineString",
                             gtype.empty() ? "(none)" : gtype));
    }
    Segment s;
    s.id = id;
    s.feature = i;
    const auto name = OptString(props, m.name);
    const auto cls = OptString(props, m.road_class);
    const auto cfcc = OptString(props, m.census_class);
    const auto oneway = OptString(props, m.oneway);
    s.name = name.value_or("");
    BEACON_ASSIGN_OR_RETURN(const auto left, HouseNumbers(props, m.addr_left, err));
    BEACON_ASSIGN_OR_RETURN(const auto right, HouseNumbers(props, m.addr_right, err));
    constexpr std::array<std::uint32_t, 2> kNone{};
    if ((left != kNone || right != kNone) && !s.name.empty()) {
      if (lines.size() == 1) {
        ++n_address_ranges;
        if (addresses != nullptr) {
          std::vector<LatLon> line;  // as the model file stores it (1e-7 degrees)
          for (const LatLon& q : lines.front())
            line.push_back({FromFixed(ToFixed(q.lat)), FromFixed(ToFixed(q.lon))});
          addresses->push_back({id, s.name, left, right, std::move(line)});
        }
      } else {
        ++n_address_multiline;  // which part do the numbers run along? not guessed
      }
    }
    s.unattributed = !name && !cls && !oneway;
    if (!m.speed.empty() && props.contains(m.speed) && !props[m.speed].is_null()) {
      if (!props[m.speed].is_number()) {
        return err(
            fmt::format("property '{}' must be a number, not {}", m.speed, props[m.speed].dump()));
      }
      s.posted = props[m.speed].get<double>();
    }
    if (!m.grade.empty() && props.contains(m.grade) && !props[m.grade].is_null()) {
      const Json& z = props[m.grade];
      if (!z.is_array() || z.size() != 2) {
        return err(fmt::format("property '{}' must be [start, end] grade levels", m.grade));
      }
      for (int k = 0; k < 2; ++k) {
        const Json& v = z[static_cast<std::size_t>(k)];
        if (v.is_null()) continue;
        if (!v.is_number_integer()) {
          return err(fmt::format("property '{}' must hold integers or null", m.grade));
        }
        (k == 0 ? s.level_start : s.level_end) = v.get<std::int64_t>();
      }
    }
    // Class: the class property, else the census class, else the unattributed default.
    bool drivable = true;
    if (cls) {
      const auto c = ParseRoadClass(*cls);
      if (!c) {
        drivable = false;  // footway, cycleway, ...: not a road class the profile knows
      } else {
        s.road_class = *c;
      }
    } else {
      bool found = false;
      if (cfcc) s.road_class = CensusClass(profile, *cfcc, &found);
      if (!found) s.road_class = s.unattributed ? profile.unattributed_class : RoadClass::kUnknown;
    }
    if (s.unattributed) ++n_unattributed;
    if (cfcc && In(profile.drop_census_classes, *cfcc)) {
      ++n_dropped_census;
      continue;
    }
    if (!drivable || !profile.class_speed[static_cast<std::size_t>(s.road_class)]) {
      ++n_dropped_class;
      continue;
    }
    if (oneway) {
      if (In(m.oneway_forward, *oneway)) {
        s.direction = Direction::kForward;
      } else if (In(m.oneway_backward, *oneway)) {
        s.direction = Direction::kBackward;
      } else if (In(m.oneway_no, *oneway)) {
        s.direction = Direction::kBoth;
      } else {
        return err(fmt::format("property '{}' value '{}' is not a known one-way value", m.oneway,
                               *oneway));
      }
    } else if (s.unattributed) {
      s.direction = profile.unattributed_oneway ? Direction::kForward : Direction::kBoth;
    } else {
      ++n_no_oneway;  // attributed but no one-way: two-way, the common case
    }
    for (auto& line : lines) {
      Segment piece = s;
      piece.points = std::move(line);
      segments.push_back(std::move(piece));
    }
  }
  report.Count("features", features.size());
  report.Count("multilinestring_features", n_multi);
  report.Count("address_ranges", n_address_ranges);
  report.Count("address_ranges_skipped_multilinestring", n_address_multiline);
  report.Count("dropped_not_drivable_census_class", n_dropped_census);
  report.Count("dropped_not_drivable_class", n_dropped_class);
  report.Count("unattributed_default_applied", n_unattributed);
  report.Count("attributed_without_oneway_two_way", n_no_oneway);

  // Overrides on segments.
  std::uint64_t n_override[5] = {0, 0, 0, 0, 0};
  if (overrides != nullptr) {
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> by_id;
    for (std::size_t k = 0; k < segments.size(); ++k) by_id[segments[k].id].push_back(k);
    std::vector<bool> drop(segments.size(), false);
    for (const Override& o : overrides->items) {
      auto where = [&](std::string_view what) {
        return InvalidArgumentError(fmt::format("{}:{}: {}", overrides->origin, o.line, what));
      };
      if (o.action == OverrideAction::kCut) continue;
      const auto it = by_id.find(o.segment);
      if (it == by_id.end()) {
        return where(fmt::format("segment {} is not a drivable segment of '{}'", o.segment, file));
      }
      ++n_override[static_cast<int>(o.action)];
      for (std::size_t k : it->second) {
        Segment& s = segments[k];
        switch (o.action) {
          case OverrideAction::kDrop:
            drop[k] = true;
            break;
          case OverrideAction::kOneway:
            s.direction = o.oneway == "forward"    ? Direction::kForward
                          : o.oneway == "backward" ? Direction::kBackward
                                                   : Direction::kBoth;
            break;
          case OverrideAction::kSpeed:
            s.posted = o.speed;
            break;
          case OverrideAction::kClass:
            if (!profile.class_speed[static_cast<std::size_t>(o.road_class)]) {
              return where(fmt::format("class '{}' has no speed in the profile",
                                       RoadClassName(o.road_class)));
            }
            s.road_class = o.road_class;
            break;
          case OverrideAction::kCut:
            break;
        }
      }
    }
    std::vector<Segment> kept;
    for (std::size_t k = 0; k < segments.size(); ++k) {
      if (!drop[k]) kept.push_back(std::move(segments[k]));
    }
    segments = std::move(kept);
  }

  // T-junctions: an end lying on another segment's interior vertex (same grade) splits it.
  std::map<Key2, std::set<std::int64_t>> end_levels;
  for (const Segment& s : segments) {
    end_levels[Flat(s.points.front())].insert(s.level_start);
    end_levels[Flat(s.points.back())].insert(s.level_end);
  }
  std::uint64_t n_splits = 0;
  {
    std::vector<Segment> split;
    split.reserve(segments.size());
    for (Segment& s : segments) {
      const bool flat = s.level_start == s.level_end;
      std::size_t begin = 0;
      for (std::size_t v = 1; v + 1 < s.points.size(); ++v) {
        const auto it = end_levels.find(Flat(s.points[v]));
        if (!flat || it == end_levels.end() || it->second.count(s.level_start) == 0) continue;
        Segment piece = s;
        piece.points.assign(s.points.begin() + static_cast<std::ptrdiff_t>(begin),
                            s.points.begin() + static_cast<std::ptrdiff_t>(v) + 1);
        split.push_back(std::move(piece));
        begin = v;
        ++n_splits;
      }
      if (begin > 0) {
        s.points.erase(s.points.begin(), s.points.begin() + static_cast<std::ptrdiff_t>(begin));
      }
      split.push_back(std::move(s));
    }
    segments = std::move(split);
  }
  report.Count("t_junction_splits", n_splits);

  // Cut overrides: the listed segments' ends near the point get a level of their own.
  std::uint64_t n_cut_points = 0;
  if (overrides != nullptr) {
    std::int64_t cut_level = std::int64_t{1} << 40;
    for (const Override& o : overrides->items) {
      if (o.action != OverrideAction::kCut) continue;
      ++cut_level;
      int matched = 0;
      for (Segment& s : segments) {
        if (std::find(o.cut_segments.begin(), o.cut_segments.end(), s.id) == o.cut_segments.end()) {
          continue;
        }
        if (geo::HaversineDistance(s.points.front(), o.point).value() <= 2.0) {
          s.level_start = cut_level;
          ++matched;
        }
        if (geo::HaversineDistance(s.points.back(), o.point).value() <= 2.0) {
          s.level_end = cut_level;
          ++matched;
        }
      }
      if (matched == 0) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: cut: no end of segment(s) {} lies within 2 m of {}", overrides->origin, o.line,
            fmt::join(o.cut_segments, ";"), FormatLatLon(o.point)));
      }
      ++n_cut_points;
    }
  }
  report.Count("override_drop", n_override[0]);
  report.Count("override_oneway", n_override[1]);
  report.Count("override_speed", n_override[2]);
  report.Count("override_class", n_override[3]);
  report.Count("override_cut_points", n_cut_points);

  // Points where grade levels keep ends apart (the data would have joined them).
  {
    std::map<Key2, std::set<std::int64_t>> levels;
    for (const Segment& s : segments) {
      levels[Flat(s.points.front())].insert(s.level_start);
      levels[Flat(s.points.back())].insert(s.level_end);
    }
    std::uint64_t n_sep = 0;
    for (const auto& [k, l] : levels) {
      std::size_t zl = 0;
      for (std::int64_t v : l) zl += (v < (std::int64_t{1} << 40)) ? 1 : 0;
      if (zl > 1) ++n_sep;
    }
    report.Count("grade_separated_points", n_sep);
  }

  // Nodes and arcs.
  GraphBuilder b(WeightUnit::kMilliseconds);
  std::map<Key, NodeId> nodes;
  auto node = [&](const LatLon& p, std::int64_t level) {
    const Key k{ToFixed(p.lat), ToFixed(p.lon), level};
    auto it = nodes.find(k);
    if (it == nodes.end()) it = nodes.emplace(k, b.AddNode(p)).first;
    return it->second;
  };
  std::uint64_t n_loops = 0;
  std::set<std::uint64_t> slow_segments;
  for (const Segment& s : segments) {
    const NodeId from = node(s.points.front(), s.level_start);
    const NodeId to = node(s.points.back(), s.level_end);
    if (from == to) ++n_loops;
    const Meters length = geo::PolylineLength(s.points);
    const auto base = profile.Speed(s.road_class, std::nullopt);
    const auto speed = profile.Speed(s.road_class, s.posted);
    if (!speed || !base) continue;  // checked above; a class override is validated too
    if (s.posted && *s.posted > 0 &&
        *s.posted * profile.speed_unit_mps < profile.min_speed.value()) {
      slow_segments.insert(s.id);
    }
    const std::uint32_t ms = TravelTimeMs(length, *speed);
    const auto cm = static_cast<std::uint32_t>(std::llround(length.value() * 100.0));
    const std::vector<LatLon> inner(s.points.begin() + 1, s.points.end() - 1);
    std::vector<LatLon> inner_rev(inner.rbegin(), inner.rend());
    ArcId fwd, bwd;
    if (s.direction != Direction::kBackward) {
      fwd = b.AddArc(ArcInput{.tail = from,
                              .head = to,
                              .weight = ms,
                              .length_cm = cm,
                              .road_class = s.road_class,
                              .source_id = s.id,
                              .name = s.name,
                              .shape = inner});
    }
    if (s.direction != Direction::kForward) {
      bwd = b.AddArc(ArcInput{.tail = to,
                              .head = from,
                              .weight = ms,
                              .length_cm = cm,
                              .road_class = s.road_class,
                              .source_id = s.id,
                              .name = s.name,
                              .shape = inner_rev});
    }
    if (fwd.valid() && bwd.valid()) b.SetTwins(fwd, bwd);
  }
  n_min_speed = slow_segments.size();
  report.Count("min_speed_raised_segments", n_min_speed);
  report.Count("closed_loops", n_loops);
  report.Count("pieces", segments.size());
  report.components = b.KeepLargestScc();
  if (profile.hour_factors) b.SetHourFactors(*profile.hour_factors);
  report.profile = profile.name;
  b.SetMetadata(report.ToJson());
  if (report_out != nullptr) *report_out = report;
  return std::move(b).Build();
}

}  // namespace beacon::routing
