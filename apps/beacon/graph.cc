// `beacon graph build` (DIMACS .gr/.co, GeoJSON street centerlines or OSM PBF -> graph file) and
// `beacon graph info` (nodes, arcs, components, bounding box, build report as JSON).
#include "beacon/routing/graph.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>

#include "beacon/routing/ch_router.h"
#include "beacon/routing/components.h"
#include "beacon/routing/dimacs.h"
#include "beacon/routing/geojson_import.h"
#include "beacon/routing/osm_import.h"
#include "beacon/routing/overrides.h"
#include "beacon/routing/profile.h"

#include "command.h"

namespace beacon::cli {
namespace {

using routing::Graph;

struct BuildOptions {
  std::string input;
  std::string coords;
  std::string profile;
  std::string overrides;
  std::string output;
};

struct InfoOptions {
  std::string file;
};

std::string DefaultProfile() {
  return (std::filesystem::path(BEACON_SOURCE_DIR) / "data" / "profiles" / "ems.yaml").string();
}

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Status RunBuild(const BuildOptions& o, CommandContext& ctx) {
  const Instant start = ctx.clock.Now();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(o.input, ec)) {
    return NotFoundError(fmt::format("--input: '{}' is not a file", o.input));
  }
  Result<Graph> graph = InternalError("no importer ran");
  routing::ImportReport report;
  if (EndsWith(o.input, ".gr")) {
    if (!o.overrides.empty())
      return InvalidArgumentError("--overrides applies to GeoJSON input only");
    graph = routing::ReadDimacs(
        o.input, o.coords.empty() ? std::nullopt : std::optional<std::filesystem::path>(o.coords));
  } else {
    if (!o.coords.empty()) return InvalidArgumentError("--coords applies to DIMACS .gr input only");
    const std::string profile_path = o.profile.empty() ? DefaultProfile() : o.profile;
    BEACON_ASSIGN_OR_RETURN(routing::Profile profile, routing::LoadProfile(profile_path));
    if (EndsWith(o.input, ".geojson") || EndsWith(o.input, ".json")) {
      std::optional<routing::Overrides> overrides;
      if (!o.overrides.empty()) {
        BEACON_ASSIGN_OR_RETURN(overrides, routing::LoadOverrides(o.overrides));
      }
      graph = routing::ImportGeoJson(o.input, profile, overrides ? &*overrides : nullptr, &report);
    } else if (EndsWith(o.input, ".pbf")) {
      if (!o.overrides.empty())
        return InvalidArgumentError("--overrides applies to GeoJSON input only");
      graph = routing::ImportOsm(o.input, profile, &report);
    } else {
      return InvalidArgumentError(fmt::format(
          "--input: '{}': unknown format (expected .gr, .geojson/.json or .osm.pbf)", o.input));
    }
  }
  if (!graph.ok()) return graph.status();
  BEACON_RETURN_IF_ERROR(graph->Save(o.output));
  const Milliseconds graph_took = ctx.clock.Now() - start;
  // The contraction hierarchy, in the companion file route and matrix look for.
  BEACON_ASSIGN_OR_RETURN(routing::ChIndex index, routing::ChIndex::Build(*graph));
  const auto companion = routing::ChIndex::CompanionPath(o.output);
  BEACON_RETURN_IF_ERROR(index.Save(companion));
  const Milliseconds took = ctx.clock.Now() - start;
  nlohmann::ordered_json out;
  out["output"] = o.output;
  out["nodes"] = graph->num_nodes();
  out["arcs"] = graph->num_arcs();
  out["bytes"] = graph->bytes().size();
  out["build_seconds"] = ToSecondsF(took);
  out["graph_seconds"] = ToSecondsF(graph_took);
  out["hierarchy"] = {{"file", companion.string()},
                      {"shortcuts", index.hierarchy().num_shortcuts()},
                      {"seconds", ToSecondsF(took - graph_took)}};
  const auto meta = nlohmann::ordered_json::parse(graph->metadata(), nullptr, false);
  if (!meta.is_discarded()) out["report"] = meta;
  ctx.out << out.dump(2) << "\n";
  return OkStatus();
}

Status RunInfo(const InfoOptions& o, CommandContext& ctx) {
  BEACON_ASSIGN_OR_RETURN(Graph g, Graph::Load(o.file));
  std::vector<std::uint32_t> tails(g.num_arcs()), heads(g.num_arcs());
  for (std::uint32_t a = 0; a < g.num_arcs(); ++a) {
    tails[a] = g.Tail(ArcId{a}).value();
    heads[a] = g.Head(ArcId{a}).value();
  }
  const routing::Components c = routing::StronglyConnected(g.num_nodes(), tails, heads);
  std::uint64_t two_way = 0, length_cm = 0;
  for (std::uint32_t a = 0; a < g.num_arcs(); ++a) {
    if (g.Twin(ArcId{a}).valid()) ++two_way;
    length_cm += g.LengthCm(ArcId{a});
  }
  nlohmann::ordered_json out;
  out["file"] = o.file;
  out["bytes"] = g.bytes().size();
  out["nodes"] = g.num_nodes();
  out["arcs"] = g.num_arcs();
  out["two_way_arcs"] = two_way;
  out["arc_length_km"] = static_cast<double>(length_cm) / 1e5;
  out["weights"] =
      g.weight_unit() == routing::WeightUnit::kMilliseconds ? "milliseconds" : "as given (DIMACS)";
  out["components"] = {{"strongly_connected", c.count},
                       {"largest_nodes", c.count > 0 ? c.size[c.largest] : 0}};
  if (g.has_coordinates() && !g.bounds().empty()) {
    const auto& b = g.bounds();
    out["bbox"] = {{"min_lat", b.min_lat},
                   {"min_lon", b.min_lon},
                   {"max_lat", b.max_lat},
                   {"max_lon", b.max_lon}};
  } else {
    out["bbox"] = nullptr;
  }
  const auto meta = nlohmann::ordered_json::parse(g.metadata(), nullptr, false);
  if (!meta.is_discarded()) out["build"] = meta;
  ctx.out << out.dump(2) << "\n";
  return OkStatus();
}

}  // namespace

void RegisterGraph(CommandRegistry& registry) {
  CLI::App* cmd = registry.Add("graph", "Build a road graph file, or describe one");
  cmd->require_subcommand(1);
  auto build = std::make_shared<BuildOptions>();
  CLI::App* b = cmd->add_subcommand("build", "Build a graph file from DIMACS, GeoJSON or OSM PBF");
  b->add_option("--input", build->input, "DIMACS .gr, street GeoJSON, or .osm.pbf")->required();
  b->add_option("--coords", build->coords, "DIMACS .co coordinates (for a .gr input)");
  b->add_option("--profile", build->profile, "Speed profile YAML (default data/profiles/ems.yaml)");
  b->add_option("--overrides", build->overrides, "Street overrides CSV (GeoJSON input)");
  b->add_option("--output", build->output, "Graph file to write")->required();
  auto info = std::make_shared<InfoOptions>();
  CLI::App* i = cmd->add_subcommand("info", "Nodes, arcs, components and bounding box as JSON");
  i->add_option("file", info->file, "Graph file")->required();
  registry.SetAction(cmd, [build, info, b, i](CommandContext& ctx) {
    if (b->parsed()) return RunBuild(*build, ctx);
    if (i->parsed()) return RunInfo(*info, ctx);
    return InvalidArgumentError("expected 'graph build' or 'graph info'");
  });
}

}  // namespace beacon::cli
