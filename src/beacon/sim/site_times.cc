#include "beacon/sim/site_times.h"

#include <fmt/format.h>

#include <bit>
#include <functional>

#include "beacon/model/road_travel_times.h"

namespace beacon::sim {

std::size_t SiteTimes::Hash::operator()(const std::pair<double, double>& k) const {
  const auto a = std::bit_cast<std::uint64_t>(k.first);
  const auto b = std::bit_cast<std::uint64_t>(k.second);
  return std::hash<std::uint64_t>()(a * 0x9E3779B97F4A7C15ULL ^ b);
}

Result<std::shared_ptr<const SiteTimes>> SiteTimes::Build(const model::CityModel& model) {
  auto s = std::make_shared<SiteTimes>();
  auto add = [&](const LatLon& p) {
    if (s->index_.emplace(std::pair(p.lat, p.lon), static_cast<std::uint32_t>(s->sites_.size()))
            .second) {
      s->sites_.push_back(p);
    }
  };
  for (const cad::Station& st : model.data().stations) add(st.location);
  for (const cad::Hospital& h : model.data().hospitals) add(h.location);
  for (const model::DemandPoint& d : model.data().demand) add(d.road);
  const std::size_t n = s->sites_.size();
  s->times_.assign(n * n, -1);
  model::RoadTravelTimes road(model, 2 * n + 16);
  std::vector<std::optional<Milliseconds>> row;
  for (std::size_t i = 0; i < n; ++i) {
    const Status st = road.FromOne(s->sites_[i], s->sites_, row);
    if (!st.ok()) {
      return st.WithContext(
          fmt::format("travel times between the model's sites (site {} at {}, {})", i,
                      s->sites_[i].lat, s->sites_[i].lon));
    }
    for (std::size_t j = 0; j < n; ++j) {
      if (row[j]) s->times_[i * n + j] = row[j]->count();
    }
  }
  return std::shared_ptr<const SiteTimes>(std::move(s));
}

std::optional<std::uint32_t> SiteTimes::Find(const LatLon& p) const {
  auto it = index_.find(std::pair(p.lat, p.lon));
  return it == index_.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
}

Status TableTravelTimes::Many(std::span<const LatLon> many, const LatLon& one, bool to_one,
                              std::vector<std::optional<Milliseconds>>& out) const {
  out.assign(many.size(), std::nullopt);
  miss_points_.clear();
  miss_index_.clear();
  const std::optional<std::uint32_t> j = sites_->Find(one);
  for (std::size_t k = 0; k < many.size(); ++k) {
    const std::optional<std::uint32_t> i = j ? sites_->Find(many[k]) : std::nullopt;
    if (i) {
      out[k] = to_one ? sites_->Time(*i, *j) : sites_->Time(*j, *i);
    } else {
      miss_points_.push_back(many[k]);
      miss_index_.push_back(k);
    }
  }
  if (miss_points_.empty()) return OkStatus();
  BEACON_RETURN_IF_ERROR(to_one ? fallback_->ToOne(miss_points_, one, miss_out_)
                                : fallback_->FromOne(one, miss_points_, miss_out_));
  for (std::size_t m = 0; m < miss_index_.size(); ++m) out[miss_index_[m]] = miss_out_[m];
  return OkStatus();
}

Status TableTravelTimes::ToOne(std::span<const LatLon> from, const LatLon& to,
                               std::vector<std::optional<Milliseconds>>& out) const {
  return Many(from, to, /*to_one=*/true, out);
}

Status TableTravelTimes::FromOne(const LatLon& from, std::span<const LatLon> to,
                                 std::vector<std::optional<Milliseconds>>& out) const {
  return Many(to, from, /*to_one=*/false, out);
}

void TableTravelTimes::Prefetch(const LatLon& origin, const std::optional<LatLon>& replaced) const {
  if (sites_->Find(origin)) return;  // answered from the table
  fallback_->Prefetch(origin, replaced);
}

}  // namespace beacon::sim
