#include "beacon/model/road_travel_times.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace beacon::model {
namespace {

std::optional<Milliseconds> Known(Milliseconds t) {
  if (t == routing::kUnreachable) return std::nullopt;
  return t;
}

}  // namespace

std::size_t RoadTravelTimes::KeyHash::operator()(const Key& k) const {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::memcpy(&a, &k.lat, sizeof(a));
  std::memcpy(&b, &k.lon, sizeof(b));
  return std::hash<std::uint64_t>()(a * 0x9E3779B97F4A7C15ULL ^ b);
}

RoadTravelTimes::RoadTravelTimes(const CityModel& model, std::size_t cache_limit)
    : model_(model),
      cache_limit_(cache_limit),
      router_(model.graph(), model.ch()),
      origins_(routing::ChPlaceCache(model.graph(), model.ch(),
                                     routing::ChPlaceCache::Direction::kToOne)),
      destinations_(routing::ChPlaceCache(model.graph(), model.ch(),
                                          routing::ChPlaceCache::Direction::kFromOne)) {}

std::optional<std::uint32_t> RoadTravelTimes::Slots::Use(const RoadTravelTimes& owner,
                                                         const LatLon& p) {
  const Key key{p.lat, p.lon};
  auto it = slot_of.find(key);
  if (it == slot_of.end()) {
    // Snapped without the snap cache: the slot keeps the place for as long as it is used, and
    // a moving fleet would otherwise flood that cache with fixes it never sees again.
    auto place = owner.Snap(p);
    if (!place.ok()) return std::nullopt;  // too far from any road: no time for this one
    std::uint32_t slot = cache.num_slots();
    if (!free.empty()) {
      slot = free.back();
      free.pop_back();
    }
    cache.Set(slot, *place);
    if (slot >= last_used.size()) last_used.resize(slot + 1, 0);
    it = slot_of.emplace(key, slot).first;
  }
  last_used[it->second] = tick;
  return it->second;
}

void RoadTravelTimes::Slots::ForgetOlderThan(std::uint64_t tick_limit) {
  for (auto it = slot_of.begin(); it != slot_of.end();) {
    if (last_used[it->second] < tick_limit) {
      cache.Clear(it->second);
      free.push_back(it->second);
      it = slot_of.erase(it);
    } else {
      ++it;
    }
  }
}

Status RoadTravelTimes::Many(Slots& slots, std::span<const LatLon> many, const LatLon& one,
                             std::vector<std::optional<Milliseconds>>& out) const {
  out.assign(many.size(), std::nullopt);
  BEACON_ASSIGN_OR_RETURN(routing::Place other, Locate(one));
  const std::uint64_t query = ++slots.tick;
  slots.last_query_size = many.size();
  std::vector<std::optional<std::uint32_t>> slot_of(many.size());
  for (std::size_t i = 0; i < many.size(); ++i) slot_of[i] = slots.Use(*this, many[i]);
  const std::vector<Milliseconds> t = slots.cache.Times(other);
  for (std::size_t i = 0; i < many.size(); ++i) {
    if (slot_of[i]) out[i] = Known(t[*slot_of[i]]);
  }
  // Forget places this query did not use once they outnumber the ones it did (units moved).
  if (slots.slot_of.size() > 2 * many.size() + 16) slots.ForgetOlderThan(query);
  return OkStatus();
}

void RoadTravelTimes::Prefetch(const LatLon& origin, const std::optional<LatLon>& replaced) const {
  Slots& slots = origins_;
  ++slots.tick;
  const std::optional<std::uint32_t> now = slots.Use(*this, origin);
  if (replaced) {
    // Let go of the previous place (another unit parked at the same spot simply finds it
    // searched again at the next query).
    const auto it = slots.slot_of.find(Key{replaced->lat, replaced->lon});
    if (it != slots.slot_of.end() && it->second != now) slots.last_used[it->second] = 0;
  }
  if (slots.slot_of.size() > slots.last_query_size + 16) slots.ForgetOlderThan(1);
  // Fixes of places never let go (callers without `replaced`): keep the newer half when the
  // slots reach the bound. Only speed depends on what is kept; a forgotten place is searched
  // again when a query needs it.
  const std::size_t bound = std::max<std::size_t>(4 * slots.last_query_size, 256);
  if (slots.slot_of.size() >= bound) {
    std::vector<std::uint64_t> ticks;
    ticks.reserve(slots.slot_of.size());
    for (const auto& [key, slot] : slots.slot_of) ticks.push_back(slots.last_used[slot]);
    const auto mid = ticks.begin() + static_cast<std::ptrdiff_t>(ticks.size() / 2);
    std::nth_element(ticks.begin(), mid, ticks.end());
    slots.ForgetOlderThan(*mid);
  }
}

Result<routing::Place> RoadTravelTimes::Snap(const LatLon& p) const {
  ++misses_;
  return model_.snapper().Locate(p, model_.data().snap_max);
}

Result<routing::Place> RoadTravelTimes::Locate(const LatLon& p) const {
  const Key key{p.lat, p.lon};
  if (auto it = cache_.find(key); it != cache_.end()) {
    ++hits_;
    return it->second;
  }
  BEACON_ASSIGN_OR_RETURN(routing::Place place, Snap(p));
  if (cache_.size() >= cache_limit_) cache_.clear();
  cache_.emplace(key, place);
  return place;
}

Status RoadTravelTimes::ToOne(std::span<const LatLon> from, const LatLon& to,
                              std::vector<std::optional<Milliseconds>>& out) const {
  return Many(origins_, from, to, out);
}

Status RoadTravelTimes::FromOne(const LatLon& from, std::span<const LatLon> to,
                                std::vector<std::optional<Milliseconds>>& out) const {
  return Many(destinations_, to, from, out);
}

Result<std::optional<routing::Route>> RoadTravelTimes::Route(const LatLon& from,
                                                             const LatLon& to) const {
  BEACON_ASSIGN_OR_RETURN(routing::Place a, Locate(from));
  BEACON_ASSIGN_OR_RETURN(routing::Place b, Locate(to));
  return router_.Path(a, b);
}

}  // namespace beacon::model
