#include "beacon/dispatch/coverage_travel.h"

#include <fmt/format.h>

#include <bit>

#include "beacon/base/check.h"

namespace beacon::dispatch {

TravelTimesCoverage::TravelTimesCoverage(const cad::TravelTimes& travel, const CoverageModel& model)
    : travel_(travel) {
  points_.reserve(model.PointCount());
  for (const DemandPoint& d : model.Demand()) points_.push_back(d.location);
}

Status TravelTimesCoverage::ToDemand(const LatLon& from,
                                     std::vector<std::optional<Milliseconds>>& out) const {
  return travel_.FromOne(from, points_, out);
}

ReachFinder::ReachFinder(const CoverageModel& model, const CoverageTravel& travel,
                         std::size_t cache_capacity)
    : model_(model), travel_(travel), capacity_(cache_capacity) {
  BEACON_CHECK(capacity_ >= 1, "ReachFinder needs a cache of at least 1 position");
}

std::size_t ReachFinder::KeyHash::operator()(const Key& k) const {
  // splitmix64-style mixing of the two coordinates' bits.
  std::uint64_t h = k.lat_bits * 0x9E3779B97F4A7C15ULL ^ (k.lon_bits + 0x632BE59BD9B4E019ULL);
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 29;
  return h;
}

Result<Reach> ReachFinder::Find(const CoveragePosition& position, int priority) const {
  BEACON_CHECK(priority >= 1 && priority <= kCoveragePriorities, "priority {}", priority);
  if (position.site) {
    if (*position.site >= model_.SiteCount()) {
      return InvalidArgumentError(fmt::format("site {} does not exist (the model has {} sites)",
                                              *position.site, model_.SiteCount()));
    }
    return model_.SiteReach(*position.site, priority);
  }
  const LatLon& p = position.location;
  BEACON_RETURN_IF_ERROR(ValidateLatLon(p));
  const Key key{std::bit_cast<std::uint64_t>(p.lat), std::bit_cast<std::uint64_t>(p.lon)};
  const auto priority_index = static_cast<std::size_t>(priority - 1);
  {
    std::lock_guard lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      ++hits_;
      return it->second->reaches[priority_index];
    }
    ++misses_;
  }
  // The query runs outside the lock: other threads may look up other positions meanwhile.
  std::vector<std::optional<Milliseconds>> times;
  BEACON_RETURN_IF_ERROR(travel_.ToDemand(p, times).WithContextFrom(
      [&] { return fmt::format("coverage from {}", FormatLatLon(p)); }));
  if (times.size() != model_.PointCount()) {
    return InternalError(fmt::format("coverage travel returned {} times for {} demand points",
                                     times.size(), model_.PointCount()));
  }
  Entry entry{key, {}};
  for (int q = 1; q <= kCoveragePriorities; ++q) {
    const auto k = static_cast<std::size_t>(q - 1);
    // Priorities with the same target share one list.
    const bool same_as_previous =
        q > 1 && model_.Config().TargetFor(q) == model_.Config().TargetFor(q - 1);
    entry.reaches[k] = same_as_previous ? entry.reaches[k - 1] : model_.ReachFromTimes(times, q);
  }
  Reach answer = entry.reaches[priority_index];
  std::lock_guard lock(mu_);
  if (index_.find(key) == index_.end()) {  // another thread may have added it meanwhile
    lru_.push_front(std::move(entry));
    index_.emplace(key, lru_.begin());
    if (lru_.size() > capacity_) {
      index_.erase(lru_.back().key);
      lru_.pop_back();
    }
  }
  return answer;
}

std::uint64_t ReachFinder::Hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}

std::uint64_t ReachFinder::Misses() const {
  std::lock_guard lock(mu_);
  return misses_;
}

}  // namespace beacon::dispatch
