#include "beacon/model/road_travel_times.h"

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

Status RoadTravelTimes::Many(Slots& slots, std::span<const LatLon> many, const LatLon& one,
                             std::vector<std::optional<Milliseconds>>& out) const {
  out.assign(many.size(), std::nullopt);
  BEACON_ASSIGN_OR_RETURN(routing::Place other, Locate(one));
  ++slots.query;
  std::vector<std::optional<std::uint32_t>> slot_of(many.size());
  for (std::size_t i = 0; i < many.size(); ++i) {
    const Key key{many[i].lat, many[i].lon};
    auto it = slots.slot_of.find(key);
    if (it == slots.slot_of.end()) {
      auto place = Locate(many[i]);
      if (!place.ok()) continue;  // too far from any road: no time for this one
      std::uint32_t slot = slots.cache.num_slots();
      if (!slots.free.empty()) {
        slot = slots.free.back();
        slots.free.pop_back();
      }
      slots.cache.Set(slot, *place);
      if (slot >= slots.last_used.size()) slots.last_used.resize(slot + 1, 0);
      it = slots.slot_of.emplace(key, slot).first;
    }
    slots.last_used[it->second] = slots.query;
    slot_of[i] = it->second;
  }
  const std::vector<Milliseconds> t = slots.cache.Times(other);
  for (std::size_t i = 0; i < many.size(); ++i) {
    if (slot_of[i]) out[i] = Known(t[*slot_of[i]]);
  }
  // Forget places this query did not use once they outnumber the ones it did (units moved).
  if (slots.slot_of.size() > 2 * many.size() + 16) {
    for (auto it = slots.slot_of.begin(); it != slots.slot_of.end();) {
      if (slots.last_used[it->second] != slots.query) {
        slots.cache.Clear(it->second);
        slots.free.push_back(it->second);
        it = slots.slot_of.erase(it);
      } else {
        ++it;
      }
    }
  }
  return OkStatus();
}

Result<routing::Place> RoadTravelTimes::Locate(const LatLon& p) const {
  const Key key{p.lat, p.lon};
  if (auto it = cache_.find(key); it != cache_.end()) {
    ++hits_;
    return it->second;
  }
  ++misses_;
  BEACON_ASSIGN_OR_RETURN(routing::Place place, model_.snapper().Locate(p, model_.data().snap_max));
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
