// `beacon route`: the fastest route between two points (time, distance, path; --geojson for a
// map-ready Feature), or travel times for node-id pairs from a file (--pairs), one a line.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>

#include "beacon/routing/graph.h"
#include "beacon/routing/snapper.h"

#include "command.h"
#include "routing_io.h"

namespace beacon::cli {
namespace {

using routing::Graph;
using routing::Place;

struct RouteOptions {
  std::string graph;
  std::string from;
  std::string to;
  std::string pairs;
  bool geojson = false;
  double max_snap_m = 200;
  int hour = -1;
  std::string engine = "auto";
};

nlohmann::ordered_json PointJson(const LatLon& input, const routing::Snap& s, const Graph& g) {
  return {{"input", {input.lat, input.lon}},
          {"snapped", {s.point.lat, s.point.lon}},
          {"snap_distance_m", std::round(s.distance.value() * 10) / 10},
          {"street", g.Name(s.arc)}};
}

Status RunPairs(const RouteOptions& o, const Graph& g, double factor, CommandContext& ctx) {
  BEACON_ASSIGN_OR_RETURN(auto pairs, ReadPairsFile(o.pairs, g.num_nodes()));
  BEACON_ASSIGN_OR_RETURN(OpenedRouter opened, OpenRouter(g, o.graph, o.engine));
  routing::Router& router = *opened.router;
  std::string out;
  for (const auto& [s, t] : pairs) {
    const Milliseconds d =
        router.OneToOne(Place::AtNode(NodeId{s - 1}), Place::AtNode(NodeId{t - 1}));
    out += FormatTime(d, factor);
    out += '\n';
  }
  ctx.out << out;
  return OkStatus();
}

Status RunRoute(const RouteOptions& o, CommandContext& ctx) {
  BEACON_ASSIGN_OR_RETURN(Graph g, Graph::Load(o.graph));
  double factor = 1.0;
  if (o.hour >= 0) factor = g.HourFactor(o.hour);
  if (!o.pairs.empty()) {
    if (!o.from.empty() || !o.to.empty()) {
      return InvalidArgumentError("--pairs cannot be combined with --from/--to");
    }
    return RunPairs(o, g, factor, ctx);
  }
  if (o.from.empty() || o.to.empty()) {
    return InvalidArgumentError("give --from LAT,LON and --to LAT,LON, or --pairs FILE");
  }
  auto from = ParseLatLon(o.from);
  if (!from.ok()) return from.status().WithContext("--from");
  auto to = ParseLatLon(o.to);
  if (!to.ok()) return to.status().WithContext("--to");
  BEACON_ASSIGN_OR_RETURN(routing::Snapper snapper, routing::Snapper::Create(g));
  const Meters max(o.max_snap_m);
  auto from_snap = snapper.Nearest(*from, max);
  if (!from_snap.ok()) return from_snap.status().WithContext("--from");
  auto to_snap = snapper.Nearest(*to, max);
  if (!to_snap.ok()) return to_snap.status().WithContext("--to");
  BEACON_ASSIGN_OR_RETURN(OpenedRouter opened, OpenRouter(g, o.graph, o.engine));
  const auto route = opened.router->Path(snapper.PlaceAt(*from_snap), snapper.PlaceAt(*to_snap));
  nlohmann::ordered_json props;
  if (route) {
    props["time_ms"] = std::llround(static_cast<double>(route->time.count()) * factor);
    props["distance_m"] = static_cast<double>(route->length_cm) / 100.0;
  } else {
    props["time_ms"] = nullptr;
    props["unreachable"] = true;
  }
  props["engine"] = opened.engine;
  if (o.hour >= 0) {
    props["hour"] = o.hour;
    props["hour_factor"] = factor;
  }
  props["from"] = PointJson(*from, *from_snap, g);
  props["to"] = PointJson(*to, *to_snap, g);
  if (o.geojson) {
    nlohmann::ordered_json coords = nlohmann::ordered_json::array();
    if (route) {
      for (const LatLon& p : route->polyline) coords.push_back({p.lon, p.lat});
    }
    nlohmann::ordered_json feature = {
        {"type", "Feature"},
        {"properties", props},
        {"geometry", {{"type", "LineString"}, {"coordinates", coords}}}};
    ctx.out << feature.dump() << "\n";
    return OkStatus();
  }
  nlohmann::ordered_json out = props;
  nlohmann::ordered_json path = nlohmann::ordered_json::array();
  if (route) {
    for (const LatLon& p : route->polyline) path.push_back({p.lat, p.lon});
    std::vector<std::string> streets;
    for (ArcId a : route->arcs) {
      const std::string name(g.Name(a));
      if (!name.empty() && (streets.empty() || streets.back() != name)) streets.push_back(name);
    }
    out["streets"] = streets;
  }
  out["path"] = path;
  ctx.out << out.dump(2) << "\n";
  return OkStatus();
}

}  // namespace

void RegisterRoute(CommandRegistry& registry) {
  CLI::App* cmd =
      registry.Add("route", "Fastest route between two points, or times for node pairs");
  auto o = std::make_shared<RouteOptions>();
  cmd->add_option("--graph", o->graph, "Graph file (beacon graph build)")->required();
  cmd->add_option("--from", o->from, "Start LAT,LON");
  cmd->add_option("--to", o->to, "End LAT,LON");
  cmd->add_option("--pairs", o->pairs,
                  "File of 'SOURCE TARGET' node ids (1-based), one pair a line; prints one time a "
                  "line or 'unreachable'");
  cmd->add_flag("--geojson", o->geojson, "Print the route as a GeoJSON Feature");
  cmd->add_option("--max-snap", o->max_snap_m, "Farthest a point may be from a road, metres")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 100000.0));
  cmd->add_option("--engine", o->engine,
                  "auto (the contraction hierarchy when <graph>.ch exists), ch or dijkstra")
      ->check(CLI::IsMember({"auto", "ch", "dijkstra"}))
      ->capture_default_str();
  cmd->add_option("--hour", o->hour, "Local hour (0-23): apply the profile's hour factor")
      ->check(CLI::Range(0, 23));
  registry.SetAction(cmd, [o](CommandContext& ctx) { return RunRoute(*o, ctx); });
}

}  // namespace beacon::cli
