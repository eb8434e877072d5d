// `beacon matrix`: travel times from every source point to every target point, as CSV (rows are
// sources, columns targets, in file order; times in ms or 'unreachable').
#include <fmt/format.h>

#include <memory>

#include "beacon/routing/graph.h"
#include "beacon/routing/snapper.h"

#include "command.h"
#include "routing_io.h"

namespace beacon::cli {
namespace {

struct MatrixOptions {
  std::string graph;
  std::string sources;
  std::string targets;
  double max_snap_m = 200;
  int hour = -1;
  std::string engine = "auto";
};

Status RunMatrix(const MatrixOptions& o, CommandContext& ctx) {
  BEACON_ASSIGN_OR_RETURN(routing::Graph g, routing::Graph::Load(o.graph));
  BEACON_ASSIGN_OR_RETURN(auto src_points, ReadPointsFile(o.sources));
  BEACON_ASSIGN_OR_RETURN(auto dst_points, ReadPointsFile(o.targets));
  BEACON_ASSIGN_OR_RETURN(routing::Snapper snapper, routing::Snapper::Create(g));
  const Meters max(o.max_snap_m);
  BEACON_ASSIGN_OR_RETURN(auto sources, SnapAll(snapper, src_points, max, o.sources));
  BEACON_ASSIGN_OR_RETURN(auto targets, SnapAll(snapper, dst_points, max, o.targets));
  const double factor = o.hour >= 0 ? g.HourFactor(o.hour) : 1.0;
  BEACON_ASSIGN_OR_RETURN(OpenedRouter opened, OpenRouter(g, o.graph, o.engine));
  const auto m = opened.router->Matrix(sources, targets);
  std::string out = "source";
  for (std::size_t j = 0; j < targets.size(); ++j) out += fmt::format(",target_{}", j + 1);
  out += '\n';
  for (std::size_t i = 0; i < sources.size(); ++i) {
    out += fmt::format("source_{}", i + 1);
    for (std::size_t j = 0; j < targets.size(); ++j) {
      out += ',';
      out += FormatTime(m[i * targets.size() + j], factor);
    }
    out += '\n';
  }
  ctx.out << out;
  return OkStatus();
}

}  // namespace

void RegisterMatrix(CommandRegistry& registry) {
  CLI::App* cmd = registry.Add("matrix", "Travel-time matrix between points (CSV, milliseconds)");
  auto o = std::make_shared<MatrixOptions>();
  cmd->add_option("--graph", o->graph, "Graph file (beacon graph build)")->required();
  cmd->add_option("--sources", o->sources, "Source points, LAT,LON a line")->required();
  cmd->add_option("--targets", o->targets, "Target points, LAT,LON a line")->required();
  cmd->add_option("--max-snap", o->max_snap_m, "Farthest a point may be from a road, metres")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 100000.0));
  cmd->add_option("--engine", o->engine,
                  "auto (the contraction hierarchy when <graph>.ch exists), ch or dijkstra")
      ->check(CLI::IsMember({"auto", "ch", "dijkstra"}))
      ->capture_default_str();
  cmd->add_option("--hour", o->hour, "Local hour (0-23): apply the profile's hour factor")
      ->check(CLI::Range(0, 23));
  registry.SetAction(cmd, [o](CommandContext& ctx) { return RunMatrix(*o, ctx); });
}

}  // namespace beacon::cli
