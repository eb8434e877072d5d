#include "beacon/dispatch/coverage.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "beacon/base/check.h"

namespace beacon::dispatch {
namespace {

constexpr std::int64_t kUnreachable = -1;

void CheckPriority(int priority) {
  BEACON_CHECK(priority >= 1 && priority <= kCoveragePriorities,
               "coverage priority {} is outside 1..{}", priority, kCoveragePriorities);
}

// Heaviest first, ties by index.
void SortHeaviestFirst(std::vector<std::uint32_t>& points, std::span<const double> weights) {
  std::sort(points.begin(), points.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (weights[a] != weights[b]) return weights[a] > weights[b];
    return a < b;
  });
}

}  // namespace

std::string_view SiteKindName(SiteKind k) {
  switch (k) {
    case SiteKind::kStation:
      return "station";
    case SiteKind::kPost:
      return "post";
    case SiteKind::kHospital:
      return "hospital";
  }
  return "?";
}

Status CoverageConfig::Validate() const {
  for (int p = 1; p <= kCoveragePriorities; ++p) {
    if (target[static_cast<std::size_t>(p - 1)] <= Seconds{0}) {
      return InvalidArgumentError(
          fmt::format("coverage target time for priority {} is {} s; it "
                      "must be positive",
                      p, target[static_cast<std::size_t>(p - 1)].count()));
    }
  }
  if (!std::isfinite(busy_fraction) || busy_fraction < 0.0 || busy_fraction >= 1.0) {
    return InvalidArgumentError(
        fmt::format("busy fraction q = {} is outside [0, 1)", busy_fraction));
  }
  return OkStatus();
}

Seconds CoverageConfig::TargetFor(int priority) const {
  CheckPriority(priority);
  return target[static_cast<std::size_t>(priority - 1)];
}

Result<double> EstimateBusyFraction(double calls_per_hour, Milliseconds mean_service_time,
                                    int units) {
  if (!std::isfinite(calls_per_hour) || calls_per_hour < 0.0) {
    return InvalidArgumentError(
        fmt::format("call rate {} per hour must be finite and non-negative", calls_per_hour));
  }
  if (mean_service_time < Milliseconds{0}) {
    return InvalidArgumentError("mean service time must be non-negative");
  }
  if (units < 1) {
    return InvalidArgumentError(fmt::format("busy fraction needs at least 1 unit, not {}", units));
  }
  const double hours = ToSecondsF(mean_service_time) / 3600.0;
  return std::clamp(calls_per_hour * hours / units, 0.0, 0.99);
}

Reach::Reach(std::vector<std::uint32_t> points) {
  for (std::size_t k = 1; k < points.size(); ++k) {
    BEACON_CHECK(points[k - 1] < points[k], "Reach points must be sorted and distinct");
  }
  points_ = std::make_shared<const std::vector<std::uint32_t>>(std::move(points));
}

bool Reach::Contains(std::uint32_t point) const {
  const auto p = Points();
  return std::binary_search(p.begin(), p.end(), point);
}

Reach ReachWithin(std::span<const std::optional<Milliseconds>> times, Seconds target) {
  std::vector<std::uint32_t> points;
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (times[i] && *times[i] <= target) points.push_back(static_cast<std::uint32_t>(i));
  }
  return Reach(std::move(points));
}

Result<CoverageModel> CoverageModel::Create(CoverageInput input) {
  BEACON_RETURN_IF_ERROR(input.config.Validate());
  const std::size_t n = input.demand.size();
  if (n == 0) return InvalidArgumentError("coverage model has no demand points");
  if (n > std::numeric_limits<std::uint32_t>::max()) {
    return InvalidArgumentError(fmt::format("coverage model has {} demand points", n));
  }
  if (input.site_to_demand.size() != input.sites.size()) {
    return InvalidArgumentError(
        fmt::format("coverage model has {} sites but {} rows of travel times", input.sites.size(),
                    input.site_to_demand.size()));
  }
  CoverageModel m;
  m.weights_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const DemandPoint& d = input.demand[i];
    if (!std::isfinite(d.weight) || d.weight < 0.0) {
      return InvalidArgumentError(
          fmt::format("demand point {} ('{}'): weight {} must be finite and non-negative", i,
                      d.name, d.weight));
    }
    if (Status s = ValidateLatLon(d.location); !s.ok()) {
      return s.WithContextFrom([&] { return fmt::format("demand point {} ('{}')", i, d.name); });
    }
    m.weights_.push_back(d.weight);
    m.total_weight_ += d.weight;
  }
  if (!(m.total_weight_ > 0.0)) {
    return InvalidArgumentError("coverage model's demand weights sum to 0");
  }
  m.times_ms_.reserve(input.sites.size() * n);
  for (std::size_t j = 0; j < input.sites.size(); ++j) {
    const CoverageSite& site = input.sites[j];
    if (Status s = ValidateLatLon(site.location); !s.ok()) {
      return s.WithContextFrom([&] { return fmt::format("site {} ('{}')", j, site.name); });
    }
    const auto& row = input.site_to_demand[j];
    if (row.size() != n) {
      return InvalidArgumentError(fmt::format(
          "site {} ('{}'): {} travel times for {} demand points", j, site.name, row.size(), n));
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (row[i] && *row[i] < Milliseconds{0}) {
        return InvalidArgumentError(
            fmt::format("site {} ('{}'): travel time to demand point {} ('{}') is negative ({} ms)",
                        j, site.name, i, input.demand[i].name, row[i]->count()));
      }
      m.times_ms_.push_back(row[i] ? row[i]->count() : kUnreachable);
    }
  }
  // One reach list per site and distinct target (priorities with the same target share it).
  for (int p = 1; p <= kCoveragePriorities; ++p) {
    auto& lists = m.site_reach_[static_cast<std::size_t>(p - 1)];
    const Seconds target = input.config.TargetFor(p);
    for (int earlier = 1; earlier < p; ++earlier) {
      if (input.config.TargetFor(earlier) == target) {
        lists = m.site_reach_[static_cast<std::size_t>(earlier - 1)];
        break;
      }
    }
    if (!lists.empty() || input.sites.empty()) continue;
    for (const auto& row : input.site_to_demand) lists.push_back(ReachWithin(row, target));
  }
  std::unordered_map<std::string, std::size_t> area_index;
  m.area_of_.reserve(n);
  for (const DemandPoint& d : input.demand) {
    const std::string key = d.area.empty() ? std::string(kUnnamedArea) : d.area;
    auto [it, inserted] = area_index.try_emplace(key, m.areas_.size());
    if (inserted) m.areas_.push_back(key);
    m.area_of_.push_back(it->second);
  }
  m.demand_ = std::move(input.demand);
  m.sites_ = std::move(input.sites);
  m.config_ = input.config;
  return m;
}

std::optional<Milliseconds> CoverageModel::Time(std::size_t site, std::size_t point) const {
  BEACON_CHECK(site < sites_.size() && point < demand_.size(), "site {} / point {} out of range",
               site, point);
  const std::int64_t t = times_ms_[site * demand_.size() + point];
  if (t == kUnreachable) return std::nullopt;
  return Milliseconds{t};
}

const Reach& CoverageModel::SiteReach(std::size_t site, int priority) const {
  CheckPriority(priority);
  BEACON_CHECK(site < sites_.size(), "site {} out of range ({} sites)", site, sites_.size());
  return site_reach_[static_cast<std::size_t>(priority - 1)][site];
}

Reach CoverageModel::ReachFromTimes(std::span<const std::optional<Milliseconds>> times,
                                    int priority) const {
  BEACON_CHECK(times.size() == demand_.size(), "{} times for {} demand points", times.size(),
               demand_.size());
  return ReachWithin(times, config_.TargetFor(priority));
}

std::vector<std::size_t> CoverageModel::PostSites() const {
  std::vector<std::size_t> posts;
  for (std::size_t j = 0; j < sites_.size(); ++j) {
    if (sites_[j].kind != SiteKind::kHospital) posts.push_back(j);
  }
  return posts;
}

std::optional<std::size_t> CoverageModel::FindSite(std::string_view name) const {
  for (std::size_t j = 0; j < sites_.size(); ++j) {
    if (sites_[j].name == name) return j;
  }
  return std::nullopt;
}

std::optional<std::size_t> CoverageModel::SiteOfStation(StationId station) const {
  for (std::size_t j = 0; j < sites_.size(); ++j) {
    if (sites_[j].station == station) return j;
  }
  return std::nullopt;
}

CoverageState::CoverageState(const CoverageModel& model, int priority,
                             std::optional<double> busy_fraction)
    : CoverageState(model.Weights(), busy_fraction.value_or(model.Config().busy_fraction)) {
  CheckPriority(priority);
}

CoverageState::CoverageState(std::span<const double> weights, double busy_fraction)
    : weights_(weights), q_(busy_fraction), counts_(weights.size(), 0) {
  BEACON_CHECK(std::isfinite(q_) && q_ >= 0.0 && q_ < 1.0, "busy fraction {} outside [0, 1)", q_);
  for (double w : weights_) total_weight_ += w;
  GrowSteps(1);
}

void CoverageState::GrowSteps(std::int32_t k) {
  while (step_.size() <= static_cast<std::size_t>(k)) {
    step_.push_back(step_.empty() ? 1.0 - q_ : step_.back() * q_);
  }
}

void CoverageState::Add(std::span<const std::uint32_t> points) {
  BEACON_CHECK(points.empty() || points.back() < counts_.size(),
               "reach names point {} but the model has {}", points.empty() ? 0 : points.back(),
               counts_.size());
  for (std::uint32_t i : points) {
    std::int32_t& n = counts_[i];
    const double w = weights_[i];
    expected_ += w * step_[static_cast<std::size_t>(n)];
    if (n == 0) {
      covered_weight_ += w;
      ++covered_points_;
    }
    ++n;
    if (static_cast<std::size_t>(n) >= step_.size()) GrowSteps(n);
  }
  ++units_;
}

void CoverageState::Remove(std::span<const std::uint32_t> points) {
  BEACON_CHECK(units_ > 0, "removing a unit from an empty coverage state");
  BEACON_CHECK(points.empty() || points.back() < counts_.size(),
               "reach names point {} but the model has {}", points.empty() ? 0 : points.back(),
               counts_.size());
  for (std::uint32_t i : points) {
    std::int32_t& n = counts_[i];
    BEACON_CHECK(n > 0, "removing a unit that does not cover point {}", i);
    --n;
    const double w = weights_[i];
    expected_ -= w * step_[static_cast<std::size_t>(n)];
    if (n == 0) {
      covered_weight_ -= w;
      --covered_points_;
    }
  }
  --units_;
}

double CoverageState::GainOfAdding(std::span<const std::uint32_t> points) const {
  double gain = 0.0;
  for (std::uint32_t i : points) gain += weights_[i] * Step(counts_[i]);
  return gain;
}

double CoverageState::LossOfRemoving(std::span<const std::uint32_t> points) const {
  double loss = 0.0;
  for (std::uint32_t i : points) {
    BEACON_CHECK(counts_[i] > 0, "unit does not cover point {}", i);
    loss += weights_[i] * Step(counts_[i] - 1);
  }
  return loss;
}

std::vector<std::uint32_t> CoverageState::SolelyCovered(const Reach& reach) const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t i : reach.Points()) {
    if (counts_[i] == 1) out.push_back(i);
  }
  return out;
}

std::vector<std::uint32_t> CoverageState::Uncovered() const {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    if (counts_[i] == 0) out.push_back(static_cast<std::uint32_t>(i));
  }
  SortHeaviestFirst(out, weights_);
  return out;
}

std::vector<AreaCoverage> CoverageState::ByArea(const CoverageModel& model) const {
  BEACON_CHECK(model.PointCount() == counts_.size(), "ByArea with another model");
  std::vector<AreaCoverage> out(model.Areas().size());
  for (std::size_t a = 0; a < out.size(); ++a) out[a].area = model.Areas()[a];
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    AreaCoverage& a = out[model.AreaOf(i)];
    const double w = weights_[i];
    a.weight += w;
    a.expected += w * (1.0 - std::pow(q_, counts_[i]));
    if (counts_[i] > 0) {
      a.covered_weight += w;
    } else {
      a.uncovered.push_back(static_cast<std::uint32_t>(i));
    }
  }
  for (AreaCoverage& a : out) SortHeaviestFirst(a.uncovered, weights_);
  return out;
}

void CoverageState::Resync() {
  expected_ = 0.0;
  covered_weight_ = 0.0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    expected_ += weights_[i] * (1.0 - std::pow(q_, counts_[i]));
    if (counts_[i] > 0) covered_weight_ += weights_[i];
  }
}

double ExpectedCoverage(std::span<const double> weights, double busy_fraction,
                        std::span<const Reach> reaches) {
  std::vector<int> n(weights.size(), 0);
  for (const Reach& r : reaches) {
    for (std::uint32_t i : r.Points()) ++n[i];
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    sum += weights[i] * (1.0 - std::pow(busy_fraction, n[i]));
  }
  return sum;
}

std::string FormatShare(double weight, double total_weight) {
  const double pct = total_weight > 0.0 ? 100.0 * weight / total_weight : 0.0;
  return fmt::format("{:.1f} %", pct);
}

}  // namespace beacon::dispatch
