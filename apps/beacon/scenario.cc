// `beacon scenario run [--model FILE] SCENARIO...`: runs dispatch scenario files and prints each
// expectation's result; exit 0 only when every expectation of every file holds. Format:
// docs/formats/dispatch-scenario.md.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "beacon/model/city_model.h"
#include "beacon/scenario/dispatch_scenario.h"

#include "command.h"

namespace beacon::cli {
namespace {

struct RunOptions {
  std::string model;
  std::string protocol;
  std::vector<std::string> files;
  bool quiet = false;
};

Status Run(const RunOptions& o, CommandContext& ctx) {
  std::optional<model::CityModel> m;
  if (!o.model.empty()) {
    auto loaded = model::LoadCityModel(o.model);
    if (!loaded.ok()) return loaded.status().WithContext("--model");
    m.emplace(std::move(loaded).value());
  }
  scenario::RunOptions ro;
  ro.model = m ? &*m : nullptr;
  ro.default_protocol = o.protocol.empty()
                            ? std::filesystem::path(BEACON_SOURCE_DIR) / "data" / "protocols"
                            : std::filesystem::path(o.protocol);
  int passed = 0;
  int failed = 0;
  int broken = 0;
  for (const std::string& file : o.files) {
    auto r = scenario::RunScenarioFile(file, ro);
    if (!r.ok()) {
      ctx.err << fmt::format("beacon scenario run: error: {}\n", r.status().message());
      ++broken;
      continue;
    }
    ctx.out << fmt::format("{}: {} ({} passed, {} failed)\n", file, r->name, r->passed, r->failed);
    for (const std::string& line : r->lines) {
      if (!o.quiet || line.rfind("FAIL", 0) == 0) ctx.out << "  " << line << "\n";
    }
    passed += r->passed;
    failed += r->failed;
  }
  ctx.out << fmt::format("{} scenario file(s): {} expectation(s) passed, {} failed{}\n",
                         o.files.size(), passed, failed,
                         broken > 0 ? fmt::format(", {} file(s) could not run", broken) : "");
  if (failed > 0 || broken > 0) {
    return FailedPreconditionError(
        fmt::format("{} expectation(s) failed, {} file(s) could not run", failed, broken));
  }
  return OkStatus();
}

}  // namespace

void RegisterScenario(CommandRegistry& registry) {
  CLI::App* cmd = registry.Add("scenario", "Check dispatch decisions against scenario files");
  cmd->require_subcommand(1);
  auto opts = std::make_shared<RunOptions>();
  CLI::App* run = cmd->add_subcommand("run", "Run dispatch scenario files (exit 0 when all hold)");
  run->add_option("--model", opts->model, "City model file, for scenarios without their own map");
  run->add_option("--protocol", opts->protocol,
                  "Triage rule set for map scenarios that name none (default data/protocols)");
  run->add_flag("--quiet", opts->quiet, "Print only failures and the summary");
  run->add_option("files", opts->files, "Scenario files (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  registry.SetAction(cmd, [opts](CommandContext& ctx) { return Run(*opts, ctx); });
}

}  // namespace beacon::cli
