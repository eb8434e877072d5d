#include "beacon/model/city_coverage.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "beacon/base/check.h"
#include "beacon/routing/router.h"

namespace beacon::model {
namespace {

Result<routing::Place> PlaceOf(const CityModel& model, const LatLon& p, std::string_view what) {
  auto place = model.snapper().Locate(p, model.data().snap_max);
  if (!place.ok()) return place.status().WithContext(what);
  return place;
}

}  // namespace

TreeTimes::TreeTimes(const routing::ChIndex& ch, std::vector<routing::Place> targets)
    : query_(ch.hierarchy()), targets_(std::move(targets)) {}

void TreeTimes::From(const routing::Place& from, std::vector<std::optional<Milliseconds>>& out) {
  seeds_.clear();
  for (const routing::Seed& s : from.leave) {
    BEACON_CHECK(s.ms >= 0 && s.ms <= std::int64_t{UINT32_MAX}, "seed offset {} ms", s.ms);
    seeds_.push_back({s.node, static_cast<std::uint32_t>(s.ms)});
  }
  const std::span<const std::uint64_t> dist = query_.OneToAll(seeds_);
  out.assign(targets_.size(), std::nullopt);
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    const routing::Place& to = targets_[i];
    std::uint64_t best = routing::ch::kUnreachable;
    for (const routing::Seed& s : to.arrive) {
      const std::uint64_t d = dist[s.node.value()];
      if (d != routing::ch::kUnreachable)
        best = std::min(best, d + static_cast<std::uint64_t>(s.ms));
    }
    const Milliseconds same = routing::SameArcTime(from, to);
    if (same != routing::kUnreachable) {
      best = std::min(best, static_cast<std::uint64_t>(same.count()));
    }
    if (best != routing::ch::kUnreachable) out[i] = Milliseconds(static_cast<std::int64_t>(best));
  }
}

Result<dispatch::CoverageModel> BuildCoverageModel(const CityModel& model,
                                                   CoverageBuildStats* stats) {
  const CityModel::Data& d = model.data();
  dispatch::CoverageInput in;
  std::vector<routing::Place> demand_places;
  demand_places.reserve(d.demand.size());
  for (const DemandPoint& p : d.demand) {
    dispatch::DemandPoint dp;
    dp.name = p.id;
    if (p.area >= 0 && static_cast<std::size_t>(p.area) < d.areas.size()) {
      dp.area = d.areas[static_cast<std::size_t>(p.area)].name;
    }
    dp.location = p.road;
    dp.weight = p.weight;
    in.demand.push_back(std::move(dp));
    BEACON_ASSIGN_OR_RETURN(routing::Place place,
                            PlaceOf(model, p.road, fmt::format("demand point {}", p.id)));
    demand_places.push_back(std::move(place));
  }
  const std::set<StationId> posts(d.posts.begin(), d.posts.end());
  std::vector<routing::Place> site_places;
  auto add_site = [&](dispatch::CoverageSite site, const std::string& what) -> Status {
    BEACON_ASSIGN_OR_RETURN(routing::Place place, PlaceOf(model, site.location, what));
    site_places.push_back(std::move(place));
    in.sites.push_back(std::move(site));
    return OkStatus();
  };
  for (const cad::Station& s : d.stations) {
    const auto kind =
        posts.count(s.id) > 0 ? dispatch::SiteKind::kStation : dispatch::SiteKind::kPost;
    BEACON_RETURN_IF_ERROR(add_site({s.name, kind, s.location, s.id, std::nullopt},
                                    fmt::format("station '{}'", s.name)));
  }
  for (const cad::Hospital& h : d.hospitals) {
    BEACON_RETURN_IF_ERROR(add_site({h.name.empty() ? h.code : h.name,
                                     dispatch::SiteKind::kHospital, h.location, std::nullopt, h.id},
                                    fmt::format("hospital {}", h.code)));
  }

  TreeTimes trees(model.ch(), std::move(demand_places));
  in.site_to_demand.resize(site_places.size());
  for (std::size_t j = 0; j < site_places.size(); ++j) {
    trees.From(site_places[j], in.site_to_demand[j]);
  }
  if (stats != nullptr) stats->trees = site_places.size();
  for (std::size_t k = 0; k < 3; ++k) {
    in.config.target[k] = std::chrono::duration_cast<Seconds>(d.coverage.target[k]);
  }
  in.config.busy_fraction = d.coverage.busy_fraction;
  return dispatch::CoverageModel::Create(std::move(in));
}

std::vector<std::size_t> PostSitesOf(const CityModel& model, const dispatch::CoverageModel& cov) {
  std::vector<std::size_t> out;
  for (StationId id : model.data().posts) {
    if (auto site = cov.SiteOfStation(id)) out.push_back(*site);
  }
  return out;
}

ChCoverageTravel::ChCoverageTravel(const CityModel& model, const dispatch::CoverageModel& coverage)
    : model_(model) {
  demand_places_.reserve(coverage.PointCount());
  for (const dispatch::DemandPoint& p : coverage.Demand()) {
    auto place = PlaceOf(model, p.location, fmt::format("demand point {}", p.name));
    if (!place.ok()) {
      demand_status_ = place.status();
      demand_places_.clear();
      return;
    }
    demand_places_.push_back(std::move(place).value());
  }
}

ChCoverageTravel::~ChCoverageTravel() = default;

std::unique_ptr<routing::ChPlaceCache> ChCoverageTravel::Borrow() const {
  {
    std::lock_guard lock(mu_);
    if (!pool_.empty()) {
      std::unique_ptr<routing::ChPlaceCache> c = std::move(pool_.back());
      pool_.pop_back();
      return c;
    }
  }
  auto c = std::make_unique<routing::ChPlaceCache>(model_.graph(), model_.ch(),
                                                   routing::ChPlaceCache::Direction::kFromOne);
  for (std::uint32_t i = 0; i < demand_places_.size(); ++i) c->Set(i, demand_places_[i]);
  return c;
}

void ChCoverageTravel::Return(std::unique_ptr<routing::ChPlaceCache> c) const {
  std::lock_guard lock(mu_);
  pool_.push_back(std::move(c));
}

Status ChCoverageTravel::ToDemand(const LatLon& from,
                                  std::vector<std::optional<Milliseconds>>& out) const {
  BEACON_RETURN_IF_ERROR(demand_status_);
  BEACON_ASSIGN_OR_RETURN(routing::Place place,
                          model_.snapper().Locate(from, model_.data().snap_max));
  std::unique_ptr<routing::ChPlaceCache> cache = Borrow();
  const std::vector<Milliseconds> times = cache->Times(place);
  Return(std::move(cache));
  out.assign(demand_places_.size(), std::nullopt);
  for (std::size_t i = 0; i < out.size() && i < times.size(); ++i) {
    if (times[i] != routing::kUnreachable) out[i] = times[i];
  }
  return OkStatus();
}

}  // namespace beacon::model
