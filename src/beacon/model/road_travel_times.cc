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
    : model_(model), cache_limit_(cache_limit), router_(model.graph(), model.ch()) {}

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
  out.assign(from.size(), std::nullopt);
  BEACON_ASSIGN_OR_RETURN(routing::Place target, Locate(to));
  std::vector<routing::Place> sources;
  std::vector<std::size_t> index;
  sources.reserve(from.size());
  for (std::size_t i = 0; i < from.size(); ++i) {
    auto place = Locate(from[i]);
    if (!place.ok()) continue;  // too far from any road: no ETA for this one
    sources.push_back(std::move(place).value());
    index.push_back(i);
  }
  if (sources.empty()) return OkStatus();
  const std::vector<Milliseconds> t = router_.ManyToOne(sources, target);
  for (std::size_t k = 0; k < index.size(); ++k) out[index[k]] = Known(t[k]);
  return OkStatus();
}

Status RoadTravelTimes::FromOne(const LatLon& from, std::span<const LatLon> to,
                                std::vector<std::optional<Milliseconds>>& out) const {
  out.assign(to.size(), std::nullopt);
  BEACON_ASSIGN_OR_RETURN(routing::Place source, Locate(from));
  std::vector<routing::Place> targets;
  std::vector<std::size_t> index;
  for (std::size_t i = 0; i < to.size(); ++i) {
    auto place = Locate(to[i]);
    if (!place.ok()) continue;
    targets.push_back(std::move(place).value());
    index.push_back(i);
  }
  if (targets.empty()) return OkStatus();
  const std::vector<Milliseconds> t = router_.OneToMany(source, targets);
  for (std::size_t k = 0; k < index.size(); ++k) out[index[k]] = Known(t[k]);
  return OkStatus();
}

Result<std::optional<routing::Route>> RoadTravelTimes::Route(const LatLon& from,
                                                             const LatLon& to) const {
  BEACON_ASSIGN_OR_RETURN(routing::Place a, Locate(from));
  BEACON_ASSIGN_OR_RETURN(routing::Place b, Locate(to));
  return router_.Path(a, b);
}

}  // namespace beacon::model
