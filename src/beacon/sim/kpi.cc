#include "beacon/sim/kpi.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

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

namespace beacon::sim {

std::optional<MciKpis> ComputeMciKpis(const ReplicationResult& r) {
  if (!r.mci) return std::nullopt;
  const MciOutcome& o = *r.mci;
  MciKpis k;
  k.units = o.city_units + o.mutual_aid_units;
  std::map<std::string, MciHospitalLoad> load;
  for (const auto& [code, capacity] : o.declared) {
    load[code].code = code;
    load[code].declared = capacity;
  }
  std::vector<double> red;
  Milliseconds last{0};
  bool any = false;
  for (const MciPatientOutcome& p : o.patients) {
    ++k.patients;
    if (p.category == triage::MciCategory::kDead) {
      ++k.dead;
      continue;
    }
    if (!p.arrived) {
      ++k.stranded;
      continue;
    }
    ++k.transported;
    any = true;
    last = std::max(last, *p.arrived);
    if (p.category == triage::MciCategory::kImmediate) red.push_back(ToSecondsF(*p.arrived) / 60);
    if (!p.needs_met) ++k.needs_unmet;
    MciHospitalLoad& h = load[p.hospital];
    h.code = p.hospital;
    if (const std::optional<std::size_t> c = cad::SurgeIndex(p.category)) ++h.received[*c];
  }
  k.last_red_arrival_min = red.empty() ? kNaN : *std::max_element(red.begin(), red.end());
  k.mean_red_arrival_min = Mean(red);
  k.last_arrival_min = any ? ToSecondsF(last) / 60 : kNaN;
  // Load over time: arrivals per hospital by the end of each step.
  const auto steps = static_cast<std::size_t>(last / k.load_step) + 1;
  for (auto& [code, h] : load) {
    h.cumulative.assign(steps, 0);
    for (std::size_t c = 0; c < 4; ++c) {
      h.overflow += std::max(0, h.received[c] - h.declared[c]);
    }
    k.overflow += h.overflow;
  }
  for (const MciPatientOutcome& p : o.patients) {
    if (!p.arrived || p.category == triage::MciCategory::kDead) continue;
    auto& cum = load[p.hospital].cumulative;
    for (auto s = static_cast<std::size_t>(*p.arrived / k.load_step); s < cum.size(); ++s) ++cum[s];
  }
  for (auto& [code, h] : load) k.hospitals.push_back(std::move(h));
  // The city's priority-1 calls during the MCI and outside it.
  const Instant from = o.start;
  const Instant to = o.start + last;
  std::vector<double> during;
  std::vector<double> outside;
  for (const CallRecord& c : r.calls) {
    if (!c.counted || c.priority != 1) continue;
    const bool in = c.time >= from && c.time <= to;
    if (in) ++k.p1_calls_during;
    if (!c.response) continue;
    (in ? during : outside).push_back(ToSecondsF(*c.response));
  }
  std::sort(during.begin(), during.end());
  std::sort(outside.begin(), outside.end());
  k.p1_median_during_s = Percentile(during, 0.5);
  k.p1_median_outside_s = Percentile(outside, 0.5);
  return k;
}

const MciHospitalLoad* FindLoad(const MciKpis& k, const std::string& code) {
  for (const MciHospitalLoad& l : k.hospitals) {
    if (l.code == code) return &l;
  }
  return nullptr;
}

std::vector<double> MeanArrivedBy(const std::vector<MciKpis>& k, const std::string& code) {
  auto find = [&](const MciKpis& x) { return FindLoad(x, code); };
  std::size_t steps = 0;
  for (const MciKpis& x : k) {
    if (const MciHospitalLoad* l = find(x)) steps = std::max(steps, l->cumulative.size());
  }
  std::vector<double> out(steps, 0);
  for (std::size_t s = 0; s < steps; ++s) {
    for (const MciKpis& x : k) {
      const MciHospitalLoad* l = find(x);
      if (l == nullptr || l->cumulative.empty()) continue;
      out[s] += l->cumulative[std::min(s, l->cumulative.size() - 1)];
    }
    out[s] /= static_cast<double>(k.size());
  }
  return out;
}

}  // namespace beacon::sim
