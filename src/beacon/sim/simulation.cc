#include "beacon/sim/simulation.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cmath>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include "beacon/sim/demand.h"

namespace beacon::sim {
namespace {

std::string Seconds3(const std::optional<Milliseconds>& d) {
  return d ? fmt::format("{:.3f}", ToSecondsF(*d)) : std::string();
}

nlohmann::json Number(double v) {
  if (std::isnan(v)) return nullptr;
  return std::round(v * 1e4) / 1e4;
}

nlohmann::json EstimateJson(const std::vector<double>& values) {
  const Estimate e = Summarise(values);
  return {{"mean", Number(e.mean)}, {"ci95", {Number(e.low), Number(e.high)}}, {"n", e.n}};
}

template <typename F>
nlohmann::json Across(const std::vector<ReplicationKpis>& kpis, F get) {
  std::vector<double> v;
  v.reserve(kpis.size());
  for (const ReplicationKpis& k : kpis) v.push_back(get(k));
  return EstimateJson(v);
}

// The MCI exercise's figures per hospital policy (docs/formats/sim-scenario.md, "Outputs").
nlohmann::json MciPolicyJson(const std::vector<MciKpis>& k) {
  using nlohmann::json;
  auto across = [&](auto get) {
    std::vector<double> v;
    for (const MciKpis& x : k) v.push_back(get(x));
    return EstimateJson(v);
  };
  json hospitals = json::array();
  if (!k.empty()) {
    for (std::size_t h = 0; h < k.front().hospitals.size(); ++h) {
      const std::string& code = k.front().hospitals[h].code;
      auto find = [&](const MciKpis& x) { return FindLoad(x, code); };
      json received = json::array();
      for (std::size_t c = 0; c < 4; ++c) {
        received.push_back(across([&](const MciKpis& x) {
          const MciHospitalLoad* l = find(x);
          return l != nullptr ? l->received[c] * 1.0 : 0.0;
        }));
      }
      // Mean arrivals by the end of each 10-minute step, over the replications.
      json cumulative = json::array();
      for (double v : MeanArrivedBy(k, code)) cumulative.push_back(Number(v));
      const MciHospitalLoad& first = k.front().hospitals[h];
      hospitals.push_back({{"hospital", code},
                           {"declared", first.declared},
                           {"received", received},
                           {"overflow", across([&](const MciKpis& x) {
                              const MciHospitalLoad* l = find(x);
                              return l != nullptr ? l->overflow * 1.0 : 0.0;
                            })},
                           {"arrived_by_10_min", cumulative}});
    }
  }
  return {{"patients", across([](const MciKpis& x) { return x.patients * 1.0; })},
          {"transported", across([](const MciKpis& x) { return x.transported * 1.0; })},
          {"stranded", across([](const MciKpis& x) { return x.stranded * 1.0; })},
          {"last_red_arrival_min", across([](const MciKpis& x) { return x.last_red_arrival_min; })},
          {"mean_red_arrival_min", across([](const MciKpis& x) { return x.mean_red_arrival_min; })},
          {"last_arrival_min", across([](const MciKpis& x) { return x.last_arrival_min; })},
          {"overflow", across([](const MciKpis& x) { return x.overflow * 1.0; })},
          {"needs_unmet", across([](const MciKpis& x) { return x.needs_unmet * 1.0; })},
          {"ambulances", across([](const MciKpis& x) { return x.units * 1.0; })},
          {"p1_calls_during", across([](const MciKpis& x) { return x.p1_calls_during * 1.0; })},
          {"p1_median_during_s", across([](const MciKpis& x) { return x.p1_median_during_s; })},
          {"p1_median_outside_s", across([](const MciKpis& x) { return x.p1_median_outside_s; })},
          {"hospitals", hospitals}};
}

nlohmann::json MciJson(const SimResult& result, const SimScenario& scenario) {
  const MciSpec& m = *scenario.mci;
  nlohmann::json j = {{"name", m.name},
                      {"at", FormatUtc(m.at)},
                      {"casualties", m.Patients()},
                      {"distribution", MciDistributionName(m.distribution)}};
  nlohmann::json policies = nlohmann::json::object();
  policies[std::string(MciDistributionName(m.distribution))] = MciPolicyJson(result.mci);
  if (!result.comparison_mci.empty()) {
    const MciDistribution other = m.distribution == MciDistribution::kPlanned
                                      ? MciDistribution::kClosest
                                      : MciDistribution::kPlanned;
    policies[std::string(MciDistributionName(other))] = MciPolicyJson(result.comparison_mci);
  }
  j["policies"] = std::move(policies);
  return j;
}

}  // namespace

Result<SimResult> RunSimulation(const model::CityModel& model, const SimScenario& scenario,
                                const SimOptions& options) {
  if (options.replications < 1) return InvalidArgumentError("--replications must be at least 1");
  if (options.threads < 1) return InvalidArgumentError("--threads must be at least 1");
  std::optional<std::vector<SimCall>> trace;
  if (!scenario.demand.trace.empty()) {
    BEACON_ASSIGN_OR_RETURN(trace, LoadCallTrace(scenario.demand.trace, scenario));
  }
  std::shared_ptr<const SiteTimes> sites;
  if (scenario.travel == TravelMode::kRoad) {
    BEACON_ASSIGN_OR_RETURN(sites, SiteTimes::Build(model));
  }
  const int n = options.replications;
  // With an MCI compared against the other hospital policy, each replication runs twice with
  // the same seed: slots n..2n-1 hold the comparison.
  const bool compare = scenario.mci && scenario.mci->compare_closest;
  const int runs = compare ? 2 * n : n;
  std::vector<std::optional<Result<ReplicationResult>>> slots(static_cast<std::size_t>(runs));
  std::atomic<int> next{0};
  std::mutex progress_mutex;
  int done = 0;
  auto work = [&] {
    for (int i = next++; i < runs; i = next++) {
      ReplicationOptions ro;
      ro.seed = options.seed;
      ro.replication = i % n;
      ro.trace = trace ? &*trace : nullptr;
      ro.sites = sites;
      if (i >= n) {
        ro.mci_policy = scenario.mci->distribution == MciDistribution::kPlanned
                            ? MciDistribution::kClosest
                            : MciDistribution::kPlanned;
      }
      slots[static_cast<std::size_t>(i)] = RunReplication(model, scenario, ro);
      std::lock_guard lock(progress_mutex);
      ++done;
      if (options.progress) options.progress(done, runs);
    }
  };
  const int threads = std::min(options.threads, runs);
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();

  SimResult out;
  out.seed = options.seed;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    auto& slot = slots[i];
    if (!slot->ok()) return slot->status();
    const bool comparison = i >= static_cast<std::size_t>(n);
    std::vector<ReplicationResult>& into = comparison ? out.comparison : out.replications;
    into.push_back(std::move(*slot).value());
    if (!comparison) out.kpis.push_back(ComputeKpis(into.back(), scenario));
    if (std::optional<MciKpis> m = ComputeMciKpis(into.back())) {
      (comparison ? out.comparison_mci : out.mci).push_back(std::move(*m));
    }
  }
  return out;
}

Status WriteCallsCsv(const SimResult& result, const SimScenario& scenario,
                     const std::filesystem::path& path) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return UnavailableError(fmt::format("cannot write '{}'", path.string()));
  f << "replication,call,time,priority,complaint,determinant,lat,lon,counted,waited,"
       "queue_delay_s,dispatch_s,response_s,travel_s,first_unit,units_sent,transported,hospital,"
       "offload_s,busy_s\n";
  fmt::memory_buffer buf;
  for (const ReplicationResult& r : result.replications) {
    for (std::size_t i = 0; i < r.calls.size(); ++i) {
      const CallRecord& c = r.calls[i];
      const MixEntry* m =
          c.mix >= 0 ? &scenario.demand.mix[static_cast<std::size_t>(c.mix)] : nullptr;
      fmt::format_to(std::back_inserter(buf),
                     "{},{},{},{},{},{},{:.6f},{:.6f},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                     r.replication, i + 1, FormatUtc(c.time), c.priority,
                     m != nullptr ? m->complaint : "", m != nullptr ? m->determinant : "",
                     c.location.lat, c.location.lon, c.counted ? 1 : 0, c.waited ? 1 : 0,
                     Seconds3(c.queue_delay), Seconds3(c.dispatch), Seconds3(c.response),
                     Seconds3(c.travel), c.first_unit, c.units_sent, c.transported ? 1 : 0,
                     c.hospital, Seconds3(c.offload), Seconds3(c.busy));
      if (buf.size() > (1 << 20)) {
        f.write(buf.data(), static_cast<std::streamsize>(buf.size()));
        buf.clear();
      }
    }
  }
  f.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  if (!f.flush()) return UnavailableError(fmt::format("cannot write '{}'", path.string()));
  return OkStatus();
}

Status WriteKpisJson(const SimResult& result, const SimScenario& scenario,
                     const SimOptions& options, const std::filesystem::path& path) {
  using nlohmann::json;
  const auto& k = result.kpis;
  json j;
  j["scenario"] = {{"name", scenario.name},
                   {"file", scenario.file},
                   {"city", scenario.city},
                   {"start", FormatUtc(scenario.start)},
                   {"days", ToSecondsF(scenario.length) / 86400},
                   {"warmup_days", ToSecondsF(scenario.warmup) / 86400}};
  j["replications"] = options.replications;
  j["seed"] = options.seed;
  json per_priority = json::object();
  for (std::size_t p = 0; p < 3; ++p) {
    per_priority[fmt::format("p{}", p + 1)] = {
        {"calls", Across(k, [p](const ReplicationKpis& x) { return x.priority[p].calls * 1.0; })},
        {"response_median_s",
         Across(k, [p](const ReplicationKpis& x) { return x.priority[p].response_median_s; })},
        {"response_p90_s",
         Across(k, [p](const ReplicationKpis& x) { return x.priority[p].response_p90_s; })},
        {"within_target",
         Across(k, [p](const ReplicationKpis& x) { return x.priority[p].within_target; })},
        {"target_s", ToSecondsF(scenario.targets[p])}};
  }
  j["kpis"] = {
      {"calls", Across(k, [](const ReplicationKpis& x) { return x.calls * 1.0; })},
      {"priority", per_priority},
      {"waited_share", Across(k, [](const ReplicationKpis& x) { return x.waited_share; })},
      {"queue_delay_mean_s",
       Across(k, [](const ReplicationKpis& x) { return x.queue_delay_mean_s; })},
      {"queue_delay_waited_mean_s",
       Across(k, [](const ReplicationKpis& x) { return x.queue_delay_waited_s; })},
      {"utilisation", Across(k, [](const ReplicationKpis& x) { return x.utilisation; })},
      {"offload_mean_s", Across(k, [](const ReplicationKpis& x) { return x.offload_mean_s; })},
      {"transport_share", Across(k, [](const ReplicationKpis& x) { return x.transport_share; })},
      {"unreached", Across(k, [](const ReplicationKpis& x) { return x.unreached * 1.0; })}};
  json reps = json::array();
  for (std::size_t i = 0; i < result.replications.size(); ++i) {
    const ReplicationResult& r = result.replications[i];
    json units = json::array();
    for (const UnitStats& u : r.units) {
      const double duty = ToSecondsF(u.on_duty);
      units.push_back(
          {{"unit", u.name},
           {"responses", u.responses},
           {"on_duty_h", Number(duty / 3600)},
           {"utilisation", Number(duty > 0 ? ToSecondsF(u.busy) / duty : std::nan(""))}});
    }
    json pr = json::object();
    for (std::size_t p = 0; p < 3; ++p) {
      const PriorityKpis& pk = k[i].priority[p];
      pr[fmt::format("p{}", p + 1)] = {{"calls", pk.calls},
                                       {"response_median_s", Number(pk.response_median_s)},
                                       {"response_p90_s", Number(pk.response_p90_s)},
                                       {"within_target", Number(pk.within_target)}};
    }
    reps.push_back({{"replication", r.replication},
                    {"calls", k[i].calls},
                    {"priority", pr},
                    {"waited_share", Number(k[i].waited_share)},
                    {"queue_delay_mean_s", Number(k[i].queue_delay_mean_s)},
                    {"utilisation", Number(k[i].utilisation)},
                    {"offload_mean_s", Number(k[i].offload_mean_s)},
                    {"events", r.events},
                    {"cad_events", r.cad_events},
                    {"routing_queries", r.routing_queries},
                    {"move_ups", r.move_ups},
                    {"units", units}});
  }
  j["per_replication"] = reps;
  if (scenario.mci && !result.mci.empty()) j["mci"] = MciJson(result, scenario);
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return UnavailableError(fmt::format("cannot write '{}'", path.string()));
  f << j.dump(2) << "\n";
  if (!f.flush()) return UnavailableError(fmt::format("cannot write '{}'", path.string()));
  return OkStatus();
}

}  // namespace beacon::sim
