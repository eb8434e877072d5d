// Test and benchmark helper: a synthetic city for the coverage model, with Boston's shape and
// scale by default (about 200 census tracts over 11 x 13 km, 33 candidate sites) until the city
// model's real tables exist. Road times are Manhattan distance at 10 m/s plus 45 s, with up to
// 25 % random detour, so a site reaches roughly a fifth of the city within 480 s.
//
//   CoverageInput in = SyntheticCity({.points = 200, .sites = 33, .seed = 7});
//   CoverageModel model = *CoverageModel::Create(std::move(in));
//
// TableCoverageTravel: CoverageTravel from a table of rows per known position, counting queries.
//
// Thread-safety: test-only; SyntheticCity is a pure function, TableCoverageTravel is not
// thread-safe.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "beacon/base/rng.h"
#include "beacon/dispatch/coverage.h"
#include "beacon/dispatch/coverage_travel.h"

namespace beacon::dispatch::testing {

struct SyntheticCityOptions {
  std::size_t points = 200;
  std::size_t sites = 33;  // stations (the last `hospitals` of them are hospitals)
  std::size_t hospitals = 0;
  std::uint64_t seed = 1;
  double width_m = 11000.0;
  double height_m = 13000.0;
  int area_rows = 3;  // points get areas "North-1" .. by a rows x cols grid
  int area_cols = 4;
  double busy_fraction = 0.3;
};

inline CoverageInput SyntheticCity(const SyntheticCityOptions& o) {
  constexpr LatLon kOrigin{42.2500, -71.1700};  // south-west corner, about Boston's
  constexpr double kMetersPerDegLat = 111'132.0;
  const double meters_per_deg_lon = 111'320.0 * std::cos(kOrigin.lat * 3.14159265358979 / 180.0);
  Rng rng(o.seed);
  struct Xy {
    double x;
    double y;
  };
  auto at = [&](Xy p) {
    return LatLon{kOrigin.lat + p.y / kMetersPerDegLat, kOrigin.lon + p.x / meters_per_deg_lon};
  };
  auto random_xy = [&] { return Xy{rng.Uniform(0, o.width_m), rng.Uniform(0, o.height_m)}; };
  CoverageInput in;
  in.config.busy_fraction = o.busy_fraction;
  std::vector<Xy> points;
  for (std::size_t i = 0; i < o.points; ++i) {
    const Xy p = random_xy();
    points.push_back(p);
    const int row = std::min(o.area_rows - 1, static_cast<int>(p.y / o.height_m * o.area_rows));
    const int col = std::min(o.area_cols - 1, static_cast<int>(p.x / o.width_m * o.area_cols));
    DemandPoint d;
    d.name = "tract-" + std::to_string(i);
    d.area = "Area-" + std::to_string(row * o.area_cols + col + 1);
    d.location = at(p);
    d.weight = std::round(rng.LogNormal(8.0, 0.5));  // tract populations, median about 3,000
    in.demand.push_back(std::move(d));
  }
  for (std::size_t j = 0; j < o.sites; ++j) {
    const Xy s = random_xy();
    CoverageSite site;
    const bool hospital = j + o.hospitals >= o.sites;
    site.name = (hospital ? "Hospital " : "Station ") + std::to_string(j + 1);
    site.kind = hospital ? SiteKind::kHospital : SiteKind::kStation;
    site.location = at(s);
    if (hospital) {
      site.hospital = HospitalId{static_cast<std::uint32_t>(j + 1)};
    } else {
      site.station = StationId{static_cast<std::uint32_t>(j + 1)};
    }
    in.sites.push_back(std::move(site));
    std::vector<std::optional<Milliseconds>> row;
    for (const Xy& p : points) {
      const double manhattan = std::abs(p.x - s.x) + std::abs(p.y - s.y);
      const double seconds = 45.0 + manhattan / 10.0 * (1.0 + 0.25 * rng.Uniform01());
      row.emplace_back(Milliseconds{static_cast<std::int64_t>(seconds * 1000.0)});
    }
    in.site_to_demand.push_back(std::move(row));
  }
  return in;
}

// Road times for tests: one row per known position; other positions fail as if far from roads.
class TableCoverageTravel final : public CoverageTravel {
 public:
  using Row = std::vector<std::optional<Milliseconds>>;
  void Set(const LatLon& p, Row row) { rows_[{p.lat, p.lon}] = std::move(row); }
  Status ToDemand(const LatLon& from, Row& out) const override {
    ++calls_;
    auto it = rows_.find({from.lat, from.lon});
    if (it == rows_.end()) return InvalidArgumentError("600 m from the nearest road");
    out = it->second;
    return OkStatus();
  }
  [[nodiscard]] int Calls() const { return calls_; }

 private:
  std::map<std::pair<double, double>, Row> rows_;
  mutable int calls_ = 0;
};

}  // namespace beacon::dispatch::testing
