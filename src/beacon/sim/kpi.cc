#include "beacon/sim/kpi.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace beacon::sim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond.
double TQuantile(int df) {
  static constexpr double kT[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                  2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                  2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                  2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) return 0;
  if (df <= 30) return kT[df - 1];
  return 1.96;
}

double Mean(const std::vector<double>& v) {
  if (v.empty()) return kNaN;
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

}  // namespace

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return kNaN;
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

ReplicationKpis ComputeKpis(const ReplicationResult& r, const SimScenario& scenario) {
  ReplicationKpis k;
  std::array<std::vector<double>, 3> response;
  std::array<int, 3> within{};
  std::vector<double> delay;
  std::vector<double> delay_waited;
  std::vector<double> offload;
  int waited = 0;
  int transported = 0;
  for (const CallRecord& c : r.calls) {
    if (!c.counted) continue;
    ++k.calls;
    const auto p = static_cast<std::size_t>(std::clamp(c.priority, 1, 3) - 1);
    ++k.priority[p].calls;
    if (c.response) {
      response[p].push_back(ToSecondsF(*c.response));
      if (*c.response <= scenario.targets[p]) ++within[p];
    } else {
      ++k.unreached;
    }
    if (c.waited) ++waited;
    if (c.queue_delay) {
      delay.push_back(ToSecondsF(*c.queue_delay));
      if (c.waited) delay_waited.push_back(ToSecondsF(*c.queue_delay));
    }
    if (c.transported) ++transported;
    if (c.offload) offload.push_back(ToSecondsF(*c.offload));
  }
  for (std::size_t p = 0; p < 3; ++p) {
    PriorityKpis& pk = k.priority[p];
    std::sort(response[p].begin(), response[p].end());
    pk.reached = static_cast<int>(response[p].size());
    pk.response_median_s = Percentile(response[p], 0.5);
    pk.response_p90_s = Percentile(response[p], 0.9);
    pk.within_target = pk.calls > 0 ? static_cast<double>(within[p]) / pk.calls : kNaN;
  }
  k.waited_share = k.calls > 0 ? static_cast<double>(waited) / k.calls : kNaN;
  k.transport_share = k.calls > 0 ? static_cast<double>(transported) / k.calls : kNaN;
  k.queue_delay_mean_s = Mean(delay);
  k.queue_delay_waited_s = delay_waited.empty() ? 0 : Mean(delay_waited);
  k.offload_mean_s = Mean(offload);
  double busy = 0;
  double duty = 0;
  for (const UnitStats& u : r.units) {
    busy += ToSecondsF(u.busy);
    duty += ToSecondsF(u.on_duty);
  }
  k.utilisation = duty > 0 ? busy / duty : kNaN;
  return k;
}

Estimate Summarise(const std::vector<double>& values) {
  std::vector<double> v;
  for (double x : values) {
    if (!std::isnan(x)) v.push_back(x);
  }
  Estimate e;
  e.n = static_cast<int>(v.size());
  if (v.empty()) {
    e.mean = e.low = e.high = kNaN;
    return e;
  }
  e.mean = Mean(v);
  double ss = 0;
  for (double x : v) ss += (x - e.mean) * (x - e.mean);
  const double half =
      v.size() > 1 ? TQuantile(e.n - 1) * std::sqrt(ss / (e.n - 1)) / std::sqrt(e.n) : 0.0;
  e.low = e.mean - half;
  e.high = e.mean + half;
  return e;
}

}  // namespace beacon::sim
