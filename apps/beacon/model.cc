// `beacon model build` (a city description -> one model file) and `beacon model info` (what a
// model file holds, as JSON). Formats: docs/formats/city-model.md.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>

#include "beacon/model/city_model.h"
#include "beacon/model/model_build.h"

#include "command.h"
#include "data_dir.h"

namespace beacon::cli {
namespace {

using Json = nlohmann::ordered_json;

struct BuildOptions {
  std::string city;
  std::string output;
  std::string data_dir;
};

struct InfoOptions {
  std::string file;
  bool report = false;
};

Status RunBuild(const BuildOptions& o, CommandContext& ctx) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(o.city, ec)) {
    return NotFoundError(fmt::format("--city: '{}' is not a file", o.city));
  }
  BEACON_ASSIGN_OR_RETURN(std::filesystem::path data_dir, ResolveDataDir(o.data_dir));
  BEACON_ASSIGN_OR_RETURN(model::CityModel m,
                          model::BuildCityModel(o.city, {.data_dir = data_dir}, ctx.clock));
  const std::filesystem::path out(o.output);
  if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path(), ec);
  BEACON_RETURN_IF_ERROR(model::SaveCityModel(m, out));
  Json j = Json::parse(m.data().build_report);
  j["output"] = o.output;
  j["bytes"] = std::filesystem::file_size(out, ec);
  ctx.out << j.dump(2) << "\n";
  return OkStatus();
}

Status RunInfo(const InfoOptions& o, CommandContext& ctx) {
  BEACON_ASSIGN_OR_RETURN(model::CityModel m, model::LoadCityModel(o.file));
  const model::CityModel::Data& d = m.data();
  Json j;
  j["file"] = o.file;
  j["city"] = d.name;
  j["timezone"] = d.timezone;
  j["roads"] = {{"nodes", m.graph().num_nodes()}, {"arcs", m.graph().num_arcs()}};
  Json posts = Json::array();
  for (StationId p : d.posts) {
    const cad::Station* s = m.FindStation(p);
    Json units = Json::array();
    for (const model::ModelUnit& u : d.units) {
      if (u.unit.home_station == p) units.push_back(fmt::format("{} ({})", u.unit.name, u.shift));
    }
    posts.push_back({{"station", p.value()}, {"name", s->name}, {"units", units}});
  }
  j["stations"] = d.stations.size();
  j["posts"] = std::move(posts);
  Json hospitals = Json::array();
  for (const cad::Hospital& h : d.hospitals) {
    hospitals.push_back({{"code", h.code}, {"name", h.name}});
  }
  j["hospitals"] = std::move(hospitals);
  Json shifts = Json::array();
  for (const model::Shift& s : d.shifts) {
    int count = 0;
    for (const model::ModelUnit& u : d.units) count += u.shift == s.name ? 1 : 0;
    shifts.push_back({{"name", s.name},
                      {"start_h", ToSecondsF(s.start) / 3600},
                      {"hours", ToSecondsF(s.length) / 3600},
                      {"units", count}});
  }
  j["shifts"] = std::move(shifts);
  j["units"] = d.units.size();
  j["areas"] = d.areas.size();
  j["demand_points"] = d.demand.size();
  j["complaints"] = m.protocol().Complaints().size();
  j["response_rules"] = d.response_plans.rules.size();
  j["coverage"] = {{"target_s",
                    {ToSecondsF(d.coverage.target[0]), ToSecondsF(d.coverage.target[1]),
                     ToSecondsF(d.coverage.target[2])}},
                   {"busy_fraction", d.coverage.busy_fraction}};
  if (o.report) j["build_report"] = Json::parse(d.build_report);
  ctx.out << j.dump(2) << "\n";
  return OkStatus();
}

}  // namespace

void RegisterModel(CommandRegistry& registry) {
  CLI::App* cmd = registry.Add("model", "Build a city model file, or describe one");
  cmd->require_subcommand(1);
  auto build = std::make_shared<BuildOptions>();
  CLI::App* b = cmd->add_subcommand(
      "build", "Assemble roads, posts, fleet, hospitals, areas, demand, protocol and plans");
  b->add_option("--city", build->city, "City description YAML (e.g. data/cities/boston.yaml)")
      ->required();
  b->add_option("--output", build->output, "Model file to write")->required();
  b->add_option("--data-dir", build->data_dir,
                "Shared data directory for $DATA paths (default: $BEACON_DATA_DIR, else "
                "../shared/data)");
  auto info = std::make_shared<InfoOptions>();
  CLI::App* i = cmd->add_subcommand("info", "Posts, fleet, hospitals and counts as JSON");
  i->add_option("file", info->file, "Model file")->required();
  i->add_flag("--report", info->report, "Include the build report");
  registry.SetAction(cmd, [build, info, b, i](CommandContext& ctx) {
    if (b->parsed()) return RunBuild(*build, ctx);
    if (i->parsed()) return RunInfo(*info, ctx);
    return InvalidArgumentError("expected 'model build' or 'model info'");
  });
}

}  // namespace beacon::cli
