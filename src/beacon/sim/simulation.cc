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
  std::vector<std::optional<Result<ReplicationResult>>> slots(static_cast<std::size_t>(n));
  std::atomic<int> next{0};
  std::mutex progress_mutex;
  int done = 0;
  auto work = [&] {
    for (int i = next++; i < n; i = next++) {
      ReplicationOptions ro;
      ro.seed = options.seed;
      ro.replication = i;
      ro.trace = trace ? &*trace : nullptr;
      ro.sites = sites;
      slots[static_cast<std::size_t>(i)] = RunReplication(model, scenario, ro);
      std::lock_guard lock(progress_mutex);
      ++done;
      if (options.progress) options.progress(done, n);
    }
  };
  const int threads = std::min(options.threads, n);
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();

  SimResult out;
  out.seed = options.seed;
  for (auto& slot : slots) {
    if (!slot->ok()) return slot->status();
    out.replications.push_back(std::move(*slot).value());
    out.kpis.push_back(ComputeKpis(out.replications.back(), scenario));
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
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return UnavailableError(fmt::format("cannot write '{}'", path.string()));
  f << j.dump(2) << "\n";
  if (!f.flush()) return UnavailableError(fmt::format("cannot write '{}'", path.string()));
  return OkStatus();
}

}  // namespace beacon::sim
