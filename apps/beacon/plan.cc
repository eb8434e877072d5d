// `beacon plan posts --model FILE --units N [--candidates FILE] [--priority P]
// [--max-per-site K] [--time-limit S] [--json]`: where N units should wait to maximise MEXCLP
// expected coverage on the model's roads, by the exact integer program (GLPK) and by greedy +
// swap, with the gap between them (dispatch/post_plan.h, docs/design/coverage.md). Candidate
// files: docs/formats/post-candidates.md.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>

#include "beacon/dispatch/post_plan.h"
#include "beacon/model/city_coverage.h"
#include "beacon/model/city_model.h"

#include "command.h"

namespace beacon::cli {
namespace {

using Json = nlohmann::ordered_json;

struct PostsOptions {
  std::string model;
  int units = 0;
  std::string candidates;
  int priority = 1;
  int max_per_site = 0;  // 0: no limit
  double time_limit_s = 300;
  bool json = false;
};

std::string Trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

// Candidate sites (indexes into the coverage model's sites) from a file of station names or
// ids, one a line; '#' starts a comment.
Result<std::vector<std::size_t>> ReadCandidates(const std::string& path, const model::CityModel& m,
                                                const dispatch::CoverageModel& cov) {
  std::ifstream in(path);
  if (!in) return NotFoundError(fmt::format("--candidates: '{}' cannot be opened", path));
  std::vector<std::size_t> out;
  std::map<std::size_t, int> seen;  // site -> line
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    const std::string entry = Trim(line);
    if (entry.empty()) continue;
    const cad::Station* station = nullptr;
    if (entry.find_first_not_of("0123456789") == std::string::npos && entry.size() < 10) {
      station = m.FindStation(StationId{static_cast<std::uint32_t>(std::stoul(entry))});
    }
    if (station == nullptr) {
      for (const cad::Station& s : m.data().stations) {
        if (s.name == entry) station = &s;
      }
    }
    if (station == nullptr) {
      return NotFoundError(
          fmt::format("{}:{}: '{}' is not a station name or id of the model ({} "
                      "stations, ids 1..{})",
                      path, n, entry, m.data().stations.size(), m.data().stations.size()));
    }
    const std::optional<std::size_t> site = cov.SiteOfStation(station->id);
    if (!site) {
      return InternalError(
          fmt::format("{}:{}: station '{}' has no coverage site", path, n, station->name));
    }
    if (auto [it, inserted] = seen.emplace(*site, n); !inserted) {
      return InvalidArgumentError(fmt::format("{}:{}: station '{}' is already listed on line {}",
                                              path, n, station->name, it->second));
    }
    out.push_back(*site);
  }
  if (out.empty()) {
    return InvalidArgumentError(fmt::format("{}: lists no station", path));
  }
  return out;
}

std::string Percent(double share) { return fmt::format("{:.2f} %", share * 100); }

double SecondsSince(const Clock& clock, Instant t) {
  return std::chrono::duration<double>(clock.Now() - t).count();
}

Status RunPosts(const PostsOptions& o, CommandContext& ctx) {
  if (o.units < 1)
    return InvalidArgumentError(fmt::format("--units: {} is not 1 or more", o.units));
  if (o.priority < 1 || o.priority > 3) {
    return InvalidArgumentError(fmt::format("--priority: {} is not 1, 2 or 3", o.priority));
  }
  if (o.max_per_site < 0) {
    return InvalidArgumentError(fmt::format("--max-per-site: {} is negative", o.max_per_site));
  }
  if (!(o.time_limit_s > 0)) {
    return InvalidArgumentError(fmt::format("--time-limit: {} s is not positive", o.time_limit_s));
  }
  auto loaded = model::LoadCityModel(o.model);
  if (!loaded.ok()) return loaded.status().WithContext("--model");
  const model::CityModel m = std::move(loaded).value();
  const Instant build_start = ctx.clock.Now();
  BEACON_ASSIGN_OR_RETURN(dispatch::CoverageModel cov, model::BuildCoverageModel(m));
  const double table_s = SecondsSince(ctx.clock, build_start);

  std::vector<std::size_t> candidates = cov.PostSites();
  if (!o.candidates.empty()) {
    BEACON_ASSIGN_OR_RETURN(candidates, ReadCandidates(o.candidates, m, cov));
  }
  if (o.max_per_site > 0 && static_cast<std::size_t>(o.units) >
                                candidates.size() * static_cast<std::size_t>(o.max_per_site)) {
    return InvalidArgumentError(
        fmt::format("--units: {} units do not fit on {} candidate site(s) with at most {} each",
                    o.units, candidates.size(), o.max_per_site));
  }
  BEACON_ASSIGN_OR_RETURN(dispatch::PostPlanInstance in, dispatch::PostPlanInstance::FromModel(
                                                             cov, candidates, o.units, o.priority));
  if (o.max_per_site > 0) in.max_units_per_site.assign(candidates.size(), o.max_per_site);
  dispatch::ExactPostPlanOptions exact_options;
  exact_options.time_limit =
      Milliseconds(static_cast<std::int64_t>(std::llround(o.time_limit_s * 1000)));

  Instant t = ctx.clock.Now();
  BEACON_ASSIGN_OR_RETURN(dispatch::PostPlan heuristic, dispatch::PlanPostsGreedySwap(in));
  const double heuristic_s = SecondsSince(ctx.clock, t);
  t = ctx.clock.Now();
  BEACON_ASSIGN_OR_RETURN(dispatch::PostPlan exact, dispatch::PlanPostsExact(in, exact_options));
  const double exact_s = SecondsSince(ctx.clock, t);
  // As ComparePostPlans: the heuristic's shortfall relative to the exact plan.
  double gap = exact.expected > 0.0 ? (exact.expected - heuristic.expected) / exact.expected : 0.0;
  if (std::abs(gap) < 1e-9) gap = 0.0;  // the solver's rounding, not a difference

  auto sites_of = [&](const dispatch::PostPlan& p) {
    Json sites = Json::array();
    for (std::size_t k = 0; k < candidates.size(); ++k) {
      if (p.units_at_site[k] == 0) continue;
      const dispatch::CoverageSite& s = cov.Sites()[candidates[k]];
      sites.push_back({{"station", s.station ? s.station->value() : 0},
                       {"name", s.name},
                       {"units", p.units_at_site[k]},
                       {"area", m.AreaName(s.location)}});
    }
    return sites;
  };
  auto plan_json = [&](const dispatch::PostPlan& p, double seconds) {
    Json j = {{"method", p.method},
              {"expected_coverage", p.expected},
              {"expected_share", p.expected_share},
              {"covered_share", p.covered_share},
              {"seconds", seconds},
              {"sites", sites_of(p)}};
    if (p.upper_bound) {
      j["proven_optimal"] = p.proven_optimal;
      j["upper_bound"] = *p.upper_bound;
    } else {
      j["swaps"] = p.swaps;
    }
    return j;
  };
  if (o.json) {
    Json j = {{"model", o.model},
              {"city", m.name()},
              {"units", o.units},
              {"priority", o.priority},
              {"target_s", cov.Config().TargetFor(o.priority).count()},
              {"busy_fraction", in.busy_fraction},
              {"candidates", candidates.size()},
              {"demand_points", cov.PointCount()},
              {"table_seconds", table_s},
              {"exact", plan_json(exact, exact_s)},
              {"heuristic", plan_json(heuristic, heuristic_s)},
              {"gap", gap}};
    ctx.out << j.dump(2) << "\n";
    return OkStatus();
  }
  ctx.out << fmt::format(
      "Post plan for {}: {} unit(s), priority {} (target {} s, busy fraction {:.2f}), {} "
      "candidate site(s), {} demand point(s); road table {:.3f} s\n",
      m.name(), o.units, o.priority, cov.Config().TargetFor(o.priority).count(), in.busy_fraction,
      candidates.size(), cov.PointCount(), table_s);
  ctx.out << fmt::format(
      "  {:<24} expected coverage {:>8}, covered {:>8}, {:.3f} s, {}\n", exact.method,
      Percent(exact.expected_share), Percent(exact.covered_share), exact_s,
      exact.proven_optimal
          ? std::string("proven optimal")
          : fmt::format("not proven optimal (bound {})",
                        Percent(exact.upper_bound.value_or(0) / cov.TotalWeight())));
  ctx.out << fmt::format("  {:<24} expected coverage {:>8}, covered {:>8}, {:.3f} s, {} swap(s)\n",
                         heuristic.method, Percent(heuristic.expected_share),
                         Percent(heuristic.covered_share), heuristic_s, heuristic.swaps);
  ctx.out << fmt::format("  gap (exact - heuristic) / exact: {}\n", Percent(gap));
  ctx.out << fmt::format("Plan ({}):\n", exact.method);
  for (const auto& s : sites_of(exact)) {
    const std::string area = s["area"].get<std::string>();
    ctx.out << fmt::format("  {:<32} {} unit(s)  {}\n", s["name"].get<std::string>(),
                           s["units"].get<int>(), area.empty() ? "-" : area);
  }
  if (heuristic.units_at_site != exact.units_at_site) {
    ctx.out << "Greedy + swap differs:";
    for (std::size_t k = 0; k < candidates.size(); ++k) {
      const int d = heuristic.units_at_site[k] - exact.units_at_site[k];
      if (d != 0) ctx.out << fmt::format(" {}{} {}", d > 0 ? "+" : "", d, in.site_names[k]);
    }
    ctx.out << "\n";
  }
  return OkStatus();
}

}  // namespace

void RegisterPlan(CommandRegistry& registry) {
  CLI::App* cmd = registry.Add("plan", "Plan where units wait (posts) for coverage");
  cmd->require_subcommand(1);
  auto opts = std::make_shared<PostsOptions>();
  CLI::App* p = cmd->add_subcommand(
      "posts", "Choose where N units wait to maximise MEXCLP expected coverage (exact and greedy)");
  p->add_option("--model", opts->model, "City model file")->required();
  p->add_option("--units", opts->units, "How many units to place (N >= 1)")
      ->required()
      ->check(CLI::Range(1, 100000));
  p->add_option("--candidates", opts->candidates,
                "File of candidate station names or ids, one a line (default: every station)");
  p->add_option("--priority", opts->priority, "Priority whose target time counts (1..3)");
  p->add_option("--max-per-site", opts->max_per_site, "At most K units at one site (default: any)");
  p->add_option("--time-limit", opts->time_limit_s,
                "Seconds the integer program may take before returning its best plan");
  p->add_flag("--json", opts->json, "Print JSON");
  registry.SetAction(cmd, [opts](CommandContext& ctx) { return RunPosts(*opts, ctx); });
}

}  // namespace beacon::cli
