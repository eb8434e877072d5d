#include "beacon/sim/demand.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "beacon/config/csv.h"

namespace beacon::sim {
namespace {

// Cumulative weights, to draw an index by binary search.
std::vector<double> Cumulative(const std::vector<double>& w) {
  std::vector<double> c(w.size());
  std::partial_sum(w.begin(), w.end(), c.begin());
  return c;
}

std::size_t Draw(const std::vector<double>& cumulative, Rng& rng) {
  const double u = rng.Uniform01() * cumulative.back();
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
  return std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()),
                               cumulative.size() - 1);
}

template <std::size_t N>
double Mean(const std::array<double, N>& a) {
  return std::accumulate(a.begin(), a.end(), 0.0) / static_cast<double>(N);
}

}  // namespace

std::vector<SimCall> SyntheticCalls(const model::CityModel& model, const SimScenario& scenario,
                                    Rng& rng) {
  std::vector<SimCall> calls;
  const DemandSpec& d = scenario.demand;
  const auto& points = model.data().demand;
  std::vector<double> weights;
  weights.reserve(points.size());
  for (const model::DemandPoint& p : points) weights.push_back(std::max(0.0, p.weight));
  std::vector<double> shares;
  for (const MixEntry& e : d.mix) shares.push_back(e.share);
  if (points.empty() || shares.empty() ||
      std::accumulate(weights.begin(), weights.end(), 0.0) <= 0) {
    return calls;
  }
  const std::vector<double> where = Cumulative(weights);
  const std::vector<double> what = Cumulative(shares);
  const double per_hour = d.calls_per_day * d.scale / 24.0;
  const double hour_mean = Mean(d.hour_of_day);
  const double day_mean = Mean(d.day_of_week);
  calls.reserve(
      static_cast<std::size_t>(per_hour * 24 * ToSecondsF(scenario.length) / 86400 * 1.1));
  const Instant end = scenario.start + scenario.length;
  // Piecewise-constant rate over whole hours: within an hour the gaps are exponential, and the
  // process restarts at each hour's edge (exact for a Poisson process by memorylessness).
  for (Instant h = scenario.start; h < end; h += Hours{1}) {
    const Instant h_end = std::min(end, h + Hours{1});
    const int how = model.time_zone().HourOfWeek(h);
    const double rate = per_hour * (d.hour_of_day[static_cast<std::size_t>(how % 24)] / hour_mean) *
                        (d.day_of_week[static_cast<std::size_t>(how / 24)] / day_mean);
    if (rate <= 0) continue;
    const double rate_per_ms = rate / 3'600'000.0;
    double t = static_cast<double>(UnixMillis(h));
    const double limit = static_cast<double>(UnixMillis(h_end));
    while (true) {
      t += rng.Exponential(rate_per_ms);
      if (t >= limit) break;
      SimCall c;
      c.time = InstantFromUnixMillis(static_cast<std::int64_t>(t));
      c.location = points[Draw(where, rng)].road;
      c.mix = static_cast<int>(Draw(what, rng));
      c.priority = d.mix[static_cast<std::size_t>(c.mix)].priority;
      calls.push_back(c);
    }
  }
  return calls;
}

Result<std::vector<SimCall>> LoadCallTrace(const std::filesystem::path& path,
                                           const SimScenario& scenario) {
  BEACON_ASSIGN_OR_RETURN(config::CsvTable t, config::CsvTable::Load(path));
  BEACON_ASSIGN_OR_RETURN(std::size_t c_time, t.Column("time"));
  BEACON_ASSIGN_OR_RETURN(std::size_t c_lat, t.Column("lat"));
  BEACON_ASSIGN_OR_RETURN(std::size_t c_lon, t.Column("lon"));
  BEACON_ASSIGN_OR_RETURN(std::size_t c_priority, t.Column("priority"));
  auto optional = [&](std::string_view name) -> std::optional<std::size_t> {
    auto c = t.Column(name);
    return c.ok() ? std::optional<std::size_t>(*c) : std::nullopt;
  };
  const auto c_complaint = optional("complaint");
  const auto c_on_scene = optional("on_scene_s");
  const auto c_transport = optional("transport");
  const auto c_offload = optional("offload_s");
  auto seconds = [&](const config::CsvRow& row, std::size_t col) -> Result<Milliseconds> {
    BEACON_ASSIGN_OR_RETURN(double s, t.Double(row, col));
    if (s < 0 || s > 1e7) return t.Error(row, col, "must be seconds between 0 and 10^7");
    return Milliseconds{static_cast<std::int64_t>(std::llround(s * 1000))};
  };
  const Instant end = scenario.start + scenario.length;
  std::vector<SimCall> calls;
  for (const config::CsvRow& row : t.rows()) {
    SimCall c;
    auto when = ParseInstant(row.fields[c_time]);
    if (!when.ok()) return t.Error(row, c_time, when.status().message());
    c.time = *when;
    BEACON_ASSIGN_OR_RETURN(c.location.lat, t.Double(row, c_lat));
    BEACON_ASSIGN_OR_RETURN(c.location.lon, t.Double(row, c_lon));
    if (Status s = ValidateLatLon(c.location); !s.ok()) return t.Error(row, c_lat, s.message());
    BEACON_ASSIGN_OR_RETURN(double p, t.Double(row, c_priority));
    if (p != 1 && p != 2 && p != 3) return t.Error(row, c_priority, "must be 1, 2 or 3");
    c.priority = static_cast<int>(p);
    if (c_complaint && !row.fields[*c_complaint].empty()) {
      const std::string& complaint = row.fields[*c_complaint];
      for (std::size_t i = 0; i < scenario.demand.mix.size(); ++i) {
        const MixEntry& e = scenario.demand.mix[i];
        if (e.complaint == complaint && e.priority == c.priority) {
          c.mix = static_cast<int>(i);
          break;
        }
      }
    }
    if (c_on_scene && !row.fields[*c_on_scene].empty()) {
      BEACON_ASSIGN_OR_RETURN(c.on_scene, seconds(row, *c_on_scene));
    }
    if (c_transport && !row.fields[*c_transport].empty()) {
      const std::string& v = row.fields[*c_transport];
      if (v != "0" && v != "1") return t.Error(row, *c_transport, "must be 0 or 1");
      c.transport = v == "1";
    }
    if (c_offload && !row.fields[*c_offload].empty()) {
      BEACON_ASSIGN_OR_RETURN(c.offload, seconds(row, *c_offload));
    }
    if (c.time < scenario.start || c.time >= end) continue;
    calls.push_back(c);
  }
  std::stable_sort(calls.begin(), calls.end(),
                   [](const SimCall& a, const SimCall& b) { return a.time < b.time; });
  return calls;
}

}  // namespace beacon::sim
