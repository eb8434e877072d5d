// SiteTimes: exact road travel times between the city model's fixed sites (stations and posts,
// hospitals, the demand points' road positions), computed once per simulation on the contraction
// hierarchy and shared read-only by every replication; TableTravelTimes answers the center's
// TravelTimes queries from it and passes any other point (a trace call off the demand points) to
// the hierarchy. Both answers are exact, so a run gives the same times either way, only faster.
//
//   BEACON_ASSIGN_OR_RETURN(std::shared_ptr<const SiteTimes> sites, SiteTimes::Build(model));
//   auto travel = std::make_unique<TableTravelTimes>(sites,
//                                                    std::make_unique<RoadTravelTimes>(model));
//
// Sites are found by their exact coordinates (the engine places calls and units on them).
// Thread-safety: SiteTimes is immutable once built; a TableTravelTimes is one thread's (its
// fallback holds query memory).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/cad/travel_times.h"
#include "beacon/model/city_model.h"

namespace beacon::sim {

class SiteTimes {
 public:
  static Result<std::shared_ptr<const SiteTimes>> Build(const model::CityModel& model);

  [[nodiscard]] std::optional<std::uint32_t> Find(const LatLon& p) const;
  // nullopt when no road route exists.
  [[nodiscard]] std::optional<Milliseconds> Time(std::uint32_t from, std::uint32_t to) const {
    const std::int64_t t = times_[static_cast<std::size_t>(from) * sites_.size() + to];
    return t < 0 ? std::nullopt : std::optional<Milliseconds>(Milliseconds{t});
  }
  [[nodiscard]] std::size_t size() const { return sites_.size(); }

 private:
  struct Hash {
    std::size_t operator()(const std::pair<double, double>& k) const;
  };
  std::vector<LatLon> sites_;
  std::unordered_map<std::pair<double, double>, std::uint32_t, Hash> index_;
  std::vector<std::int64_t> times_;  // row-major, -1: unreachable
};

class TableTravelTimes final : public cad::TravelTimes {
 public:
  TableTravelTimes(std::shared_ptr<const SiteTimes> sites,
                   std::unique_ptr<const cad::TravelTimes> fallback)
      : sites_(std::move(sites)), fallback_(std::move(fallback)) {}

  Status ToOne(std::span<const LatLon> from, const LatLon& to,
               std::vector<std::optional<Milliseconds>>& out) const override;
  Status FromOne(const LatLon& from, std::span<const LatLon> to,
                 std::vector<std::optional<Milliseconds>>& out) const override;
  void Prefetch(const LatLon& origin, const std::optional<LatLon>& replaced) const override;

 private:
  // Answers `many` against `one` from the table where both are sites, the rest by the fallback.
  Status Many(std::span<const LatLon> many, const LatLon& one, bool to_one,
              std::vector<std::optional<Milliseconds>>& out) const;

  std::shared_ptr<const SiteTimes> sites_;
  std::unique_ptr<const cad::TravelTimes> fallback_;
  mutable std::vector<LatLon> miss_points_;
  mutable std::vector<std::size_t> miss_index_;
  mutable std::vector<std::optional<Milliseconds>> miss_out_;
};

}  // namespace beacon::sim
