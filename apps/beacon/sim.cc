// `beacon sim --model FILE --scenario FILE [--replications N] [--threads T] [--seed S] --out DIR`:
// the digital twin. Runs the simulation scenario's replications in parallel threads and writes
// DIR/kpis.json, DIR/calls.csv and DIR/report.html (docs/formats/sim-scenario.md); prints a short
// summary, and a progress bar when stderr is a terminal.
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <memory>

#include "beacon/model/city_model.h"
#include "beacon/sim/kpi.h"
#include "beacon/sim/report.h"
#include "beacon/sim/scenario.h"
#include "beacon/sim/simulation.h"

#include "command.h"

namespace beacon::cli {
namespace {

struct SimFlags {
  std::string model;
  std::string scenario;
  std::string out;
  int replications = 1;
  int threads = 1;
  std::uint64_t seed = 1;
};

std::string Minutes2(double seconds) {
  if (std::isnan(seconds)) return "-";
  return fmt::format("{}:{:02}", static_cast<int>(seconds) / 60, static_cast<int>(seconds) % 60);
}

Status Run(const SimFlags& f, CommandContext& ctx) {
  auto loaded = model::LoadCityModel(f.model);
  if (!loaded.ok()) return loaded.status().WithContext("--model");
  BEACON_ASSIGN_OR_RETURN(sim::SimScenario scenario, sim::LoadSimScenario(f.scenario, *loaded));
  BEACON_ASSIGN_OR_RETURN(model::CityModel m, sim::ScenarioModel(*loaded, scenario));
  std::error_code ec;
  std::filesystem::create_directories(f.out, ec);
  if (ec || !std::filesystem::is_directory(f.out)) {
    return InvalidArgumentError(fmt::format("--out: cannot create directory '{}'", f.out));
  }
  sim::SimOptions o;
  o.replications = f.replications;
  o.threads = f.threads;
  o.seed = f.seed;
  if (::isatty(STDERR_FILENO) == 1) {
    o.progress = [&ctx](int done, int total) {
      constexpr std::size_t kWidth = 30;
      const auto filled = static_cast<std::size_t>(done) * kWidth / static_cast<std::size_t>(total);
      ctx.err << fmt::format("\r[{}{}] {}/{} replications", std::string(filled, '#'),
                             std::string(kWidth - filled, ' '), done, total)
              << (done == total ? "\n" : "") << std::flush;
    };
  }
  const Instant started = ctx.clock.Now();
  BEACON_ASSIGN_OR_RETURN(sim::SimResult r, sim::RunSimulation(m, scenario, o));
  const double wall = ToSecondsF(ctx.clock.Now() - started);
  const std::filesystem::path dir(f.out);
  BEACON_RETURN_IF_ERROR(sim::WriteCallsCsv(r, scenario, dir / "calls.csv"));
  BEACON_RETURN_IF_ERROR(sim::WriteKpisJson(r, scenario, o, dir / "kpis.json"));
  BEACON_RETURN_IF_ERROR(sim::WriteReportHtml(r, scenario, m, dir / "report.html"));

  std::uint64_t events = 0;
  std::size_t calls = 0;
  for (const sim::ReplicationResult& rep : r.replications) {
    events += rep.events;
    calls += rep.calls.size();
  }
  ctx.out << fmt::format(
      "{}: {} replication(s) of {:g} days, {} calls, {} engine events, {:.1f} s\n", scenario.name,
      f.replications, ToSecondsF(scenario.length) / 86400, calls, events, wall);
  auto across = [&](auto get) {
    std::vector<double> v;
    for (const sim::ReplicationKpis& k : r.kpis) v.push_back(get(k));
    return sim::Summarise(v);
  };
  for (std::size_t p = 0; p < 3; ++p) {
    const sim::Estimate med =
        across([p](const sim::ReplicationKpis& k) { return k.priority[p].response_median_s; });
    const sim::Estimate p90 =
        across([p](const sim::ReplicationKpis& k) { return k.priority[p].response_p90_s; });
    const sim::Estimate in =
        across([p](const sim::ReplicationKpis& k) { return k.priority[p].within_target; });
    ctx.out << fmt::format("  P{} response median {} [{}, {}]  90th {}  within {}: {:.1f} %\n",
                           p + 1, Minutes2(med.mean), Minutes2(med.low), Minutes2(med.high),
                           Minutes2(p90.mean), Minutes2(ToSecondsF(scenario.targets[p])),
                           100 * in.mean);
  }
  const sim::Estimate waited = across([](const sim::ReplicationKpis& k) { return k.waited_share; });
  const sim::Estimate util = across([](const sim::ReplicationKpis& k) { return k.utilisation; });
  ctx.out << fmt::format("  waited for a unit {:.2f} %, unit utilisation {:.1f} %\n",
                         100 * waited.mean, 100 * util.mean);
  if (scenario.mci) {
    // The MCI exercise, per hospital policy: the same replications and seeds for each.
    auto line = [&](std::string_view policy, const std::vector<sim::MciKpis>& k) {
      auto mean = [&](auto get) {
        std::vector<double> v;
        for (const sim::MciKpis& x : k) v.push_back(get(x));
        return sim::Summarise(v).mean;
      };
      ctx.out << fmt::format(
          "  MCI {:<8} last red at hospital {:.1f} min (mean red {:.1f}), last patient {:.1f} min, "
          "{:.0f} over declared capacity, {:.0f} needs unmet, city P1 median during {:.0f} s\n",
          policy, mean([](const sim::MciKpis& x) { return x.last_red_arrival_min; }),
          mean([](const sim::MciKpis& x) { return x.mean_red_arrival_min; }),
          mean([](const sim::MciKpis& x) { return x.last_arrival_min; }),
          mean([](const sim::MciKpis& x) { return x.overflow * 1.0; }),
          mean([](const sim::MciKpis& x) { return x.needs_unmet * 1.0; }),
          mean([](const sim::MciKpis& x) { return x.p1_median_during_s; }));
    };
    const sim::MciDistribution mine = scenario.mci->distribution;
    line(sim::MciDistributionName(mine), r.mci);
    if (!r.comparison_mci.empty()) {
      line(sim::MciDistributionName(mine == sim::MciDistribution::kPlanned
                                        ? sim::MciDistribution::kClosest
                                        : sim::MciDistribution::kPlanned),
           r.comparison_mci);
    }
  }
  ctx.out << fmt::format("  wrote {}, {} and {}\n", (dir / "kpis.json").string(),
                         (dir / "calls.csv").string(), (dir / "report.html").string());
  return OkStatus();
}

}  // namespace

void RegisterSim(CommandRegistry& registry) {
  CLI::App* cmd = registry.Add("sim", "Simulate a period of EMS demand (the digital twin)");
  auto f = std::make_shared<SimFlags>();
  cmd->add_option("--model", f->model, "City model file (beacon model build)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--scenario", f->scenario, "Simulation scenario (YAML, data/scenarios/)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--replications", f->replications, "Independent replications (default 1)")
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--threads", f->threads, "Threads running replications (default 1)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--seed", f->seed, "Random seed; the same seed gives the same calls.csv");
  cmd->add_option("--out", f->out, "Directory for kpis.json and calls.csv")->required();
  registry.SetAction(cmd, [f](CommandContext& ctx) { return Run(*f, ctx); });
}

}  // namespace beacon::cli
