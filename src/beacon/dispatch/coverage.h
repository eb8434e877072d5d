// The coverage model: Beacon's one definition of "covered" (../shared/docs/domain.md), used by
// the console's coverage view, the coverage-aware recommendation, move-up and post planning.
//
//   CoverageInput in;                       // filled by the city model
//   in.demand = {{"25025080100", "Roxbury", {42.33, -71.08}, 4120.0}, ...};
//   in.sites = {{"Station 5", SiteKind::kStation, {42.35, -71.06}, StationId{5}}, ...};
//   in.site_to_demand = ...;                // [site][point] road times (PHAST trees)
//   BEACON_ASSIGN_OR_RETURN(CoverageModel model, CoverageModel::Create(std::move(in)));
//   CoverageState s(model, /*priority=*/1);
//   s.Add(model.SiteReach(3, 1));           // an idle unit at site 3
//   s.GainOfAdding(model.SiteReach(7, 1));  // what a second unit at site 7 would add
//   s.Expected();                           // MEXCLP: sum_i d_i (1 - q^n_i)
//
// A demand point i (weight d_i) is covered when an idle unit reaches it by road within the
// target time T of a priority; n_i counts the idle units that do. The expected coverage of
// MEXCLP (Daskin 1983, "A maximum expected covering location model: formulation, properties
// and heuristic solution", Transportation Science 17(1)) with busy fraction q is
// sum_i d_i (1 - q^n_i): each of the n_i units is busy independently with probability q.
// CoverageState keeps n_i and the figures under Add/Remove of one unit in O(points it reaches).
// Travel times from fixed sites (posts, stations, hospitals) are a table given to the model;
// units on the road get theirs through CoverageTravel (coverage_travel.h).
// Thread-safety: CoverageModel is immutable after Create and may be shared between threads;
// a CoverageState is a plain value (one writer), and needs its model to outlive it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/base/latlon.h"
#include "beacon/base/result.h"
#include "beacon/base/time.h"

namespace beacon::dispatch {

// A place demand comes from: a census tract centroid snapped to the road.
struct DemandPoint {
  std::string name;  // e.g. the tract's GEOID "25025080100"
  std::string area;  // the neighbourhood dispatchers name it by, e.g. "Dorchester"; may be empty
  LatLon location;
  double weight = 1.0;  // population, or calls when a call history is loaded; finite, >= 0
};

enum class SiteKind : std::uint8_t {
  kStation,   // an ambulance station (units wait there)
  kPost,      // a standby post without a station (units wait there)
  kHospital,  // units clear there; not a place to wait
};
std::string_view SiteKindName(SiteKind k);

// A fixed place whose road times to every demand point are precomputed.
struct CoverageSite {
  std::string name;
  SiteKind kind = SiteKind::kStation;
  LatLon location;
  std::optional<StationId> station;    // the CAD station it is, if any
  std::optional<HospitalId> hospital;  // the CAD hospital it is, if any
};

inline constexpr int kCoveragePriorities = 3;  // priorities 1..3 (cad/types.h)

struct CoverageConfig {
  // Target time per priority, index 0 = priority 1. Default 480 s for all: the NFPA 1710 ALS
  // travel standard (../shared/docs/domain.md). Each > 0.
  std::array<Seconds, kCoveragePriorities> target{Seconds{480}, Seconds{480}, Seconds{480}};
  // MEXCLP's busy fraction q in [0, 1): the probability that a unit is busy when a call comes.
  // Set it from the demand with EstimateBusyFraction(); 0 makes expected coverage plain coverage.
  double busy_fraction = 0.3;
  Status Validate() const;
  [[nodiscard]] Seconds TargetFor(int priority) const;  // priority in 1..3
};

// q = (calls per hour x mean service time in hours) / units, the system busy fraction Daskin's
// model assumes; clamped to [0, 0.99]. Errors on a negative or non-finite rate or no units.
Result<double> EstimateBusyFraction(double calls_per_hour, Milliseconds mean_service_time,
                                    int units);

// Everything the model is built from; plain data so the city model can fill it.
struct CoverageInput {
  std::vector<DemandPoint> demand;
  std::vector<CoverageSite> sites;
  // site_to_demand[j][i]: road time from site j to demand point i; nullopt when unreachable.
  // One row per site, one entry per demand point.
  std::vector<std::vector<std::optional<Milliseconds>>> site_to_demand;
  CoverageConfig config;
};

// The demand points one position reaches within a target time: sorted, distinct indexes.
// Cheap to copy (shared, immutable).
class Reach {
 public:
  Reach() = default;  // reaches nothing
  // `points` must be sorted and distinct (checked).
  explicit Reach(std::vector<std::uint32_t> points);
  [[nodiscard]] std::span<const std::uint32_t> Points() const {
    return points_ ? std::span<const std::uint32_t>(*points_) : std::span<const std::uint32_t>();
  }
  [[nodiscard]] std::size_t Size() const { return points_ ? points_->size() : 0; }
  [[nodiscard]] bool Empty() const { return Size() == 0; }
  [[nodiscard]] bool Contains(std::uint32_t point) const;

 private:
  std::shared_ptr<const std::vector<std::uint32_t>> points_;
};

// Builds a Reach from a row of road times to every demand point: those within `target`.
Reach ReachWithin(std::span<const std::optional<Milliseconds>> times, Seconds target);

// The area of demand points without one (CoverageModel::Areas()); not a name to show.
inline constexpr std::string_view kUnnamedArea = "(unnamed)";

class CoverageModel {
 public:
  // Validates the input (sizes, weights, times, config); errors name the point or site.
  static Result<CoverageModel> Create(CoverageInput input);

  [[nodiscard]] const std::vector<DemandPoint>& Demand() const { return demand_; }
  [[nodiscard]] const std::vector<CoverageSite>& Sites() const { return sites_; }
  [[nodiscard]] const CoverageConfig& Config() const { return config_; }
  [[nodiscard]] std::size_t PointCount() const { return demand_.size(); }
  [[nodiscard]] std::size_t SiteCount() const { return sites_.size(); }
  // d_i, in demand order.
  [[nodiscard]] std::span<const double> Weights() const { return weights_; }
  [[nodiscard]] double TotalWeight() const { return total_weight_; }

  // Road time from site j to point i; nullopt when unreachable.
  [[nodiscard]] std::optional<Milliseconds> Time(std::size_t site, std::size_t point) const;
  // The points site j reaches within the priority's target time.
  [[nodiscard]] const Reach& SiteReach(std::size_t site, int priority) const;
  // A reach for a row of road times from anywhere (units on the road).
  [[nodiscard]] Reach ReachFromTimes(std::span<const std::optional<Milliseconds>> times,
                                     int priority) const;

  // Sites where units wait (stations and posts), in site order.
  [[nodiscard]] std::vector<std::size_t> PostSites() const;
  [[nodiscard]] std::optional<std::size_t> FindSite(std::string_view name) const;
  [[nodiscard]] std::optional<std::size_t> SiteOfStation(StationId station) const;

  // Areas (distinct non-empty DemandPoint::area, in first-seen order; points without one
  // form the area "(unnamed)"), and the area of each point.
  [[nodiscard]] const std::vector<std::string>& Areas() const { return areas_; }
  [[nodiscard]] std::size_t AreaOf(std::size_t point) const { return area_of_[point]; }

 private:
  CoverageModel() = default;

  std::vector<DemandPoint> demand_;
  std::vector<CoverageSite> sites_;
  CoverageConfig config_;
  std::vector<double> weights_;
  double total_weight_ = 0.0;
  std::vector<std::int64_t> times_ms_;  // [site * points + point], -1 when unreachable
  std::array<std::vector<Reach>, kCoveragePriorities> site_reach_;
  std::vector<std::string> areas_;
  std::vector<std::size_t> area_of_;
};

// One area's coverage, for the console.
struct AreaCoverage {
  std::string area;
  double weight = 0.0;                   // sum of d_i in the area
  double covered_weight = 0.0;           // sum of d_i with n_i >= 1
  double expected = 0.0;                 // sum of d_i (1 - q^n_i)
  std::vector<std::uint32_t> uncovered;  // points with n_i == 0, heaviest first
};

// n_i and the coverage figures for a set of idle units, updated one unit at a time.
class CoverageState {
 public:
  // No units yet. busy_fraction defaults to the model's q.
  CoverageState(const CoverageModel& model, int priority,
                std::optional<double> busy_fraction = std::nullopt);
  // Over bare weights (post planning): d_i = weights[i], which must outlive the state.
  CoverageState(std::span<const double> weights, double busy_fraction);

  // One more idle unit reaching `reach`: O(|reach|).
  void Add(const Reach& reach) { Add(reach.Points()); }
  void Add(std::span<const std::uint32_t> points);
  // One idle unit reaching `reach` leaves; it must have been added (checked).
  void Remove(const Reach& reach) { Remove(reach.Points()); }
  void Remove(std::span<const std::uint32_t> points);

  // Change in expected coverage if a unit reaching `reach` were added / removed: O(|reach|).
  [[nodiscard]] double GainOfAdding(std::span<const std::uint32_t> points) const;
  [[nodiscard]] double GainOfAdding(const Reach& reach) const {
    return GainOfAdding(reach.Points());
  }
  [[nodiscard]] double LossOfRemoving(std::span<const std::uint32_t> points) const;
  [[nodiscard]] double LossOfRemoving(const Reach& reach) const {
    return LossOfRemoving(reach.Points());
  }
  // Points that only this unit covers (n_i == 1 within its reach): what its departure uncovers.
  [[nodiscard]] std::vector<std::uint32_t> SolelyCovered(const Reach& reach) const;

  // MEXCLP expected coverage sum_i d_i (1 - q^n_i), in weight units.
  [[nodiscard]] double Expected() const { return expected_; }
  // sum_i d_i over points with n_i >= 1, and how many such points.
  [[nodiscard]] double CoveredWeight() const { return covered_weight_; }
  [[nodiscard]] std::size_t CoveredPoints() const { return covered_points_; }
  [[nodiscard]] double TotalWeight() const { return total_weight_; }
  [[nodiscard]] int Units() const { return units_; }
  [[nodiscard]] double BusyFraction() const { return q_; }
  [[nodiscard]] std::span<const std::int32_t> Counts() const { return counts_; }  // n_i
  [[nodiscard]] std::size_t PointCount() const { return counts_.size(); }

  // Points with n_i == 0, heaviest first (ties by index).
  [[nodiscard]] std::vector<std::uint32_t> Uncovered() const;
  // Per area of `model` (which must be the state's model), in the model's area order.
  [[nodiscard]] std::vector<AreaCoverage> ByArea(const CoverageModel& model) const;

  // Recomputes Expected() and CoveredWeight() from n_i, removing the rounding that many
  // incremental updates accumulate (about 1e-15 relative per update).
  void Resync();

 private:
  // q^k (1 - q): what the (k+1)-th unit at a point adds per unit of weight.
  [[nodiscard]] double Step(std::int32_t k) const {
    return static_cast<std::size_t>(k) < step_.size() ? step_[static_cast<std::size_t>(k)] : 0.0;
  }
  void GrowSteps(std::int32_t k);

  std::span<const double> weights_;
  double q_ = 0.0;
  std::vector<double> step_;  // step_[k] = (1 - q) q^k, grown while nonzero
  std::vector<std::int32_t> counts_;
  double expected_ = 0.0;
  double covered_weight_ = 0.0;
  std::size_t covered_points_ = 0;
  double total_weight_ = 0.0;
  int units_ = 0;
};

// MEXCLP expected coverage recomputed from scratch for units reaching `reaches` (reference for
// tests and for Resync-style checks).
double ExpectedCoverage(std::span<const double> weights, double busy_fraction,
                        std::span<const Reach> reaches);

// "3.1 %": a share of the total demand weight as dispatchers read it.
std::string FormatShare(double weight, double total_weight);

}  // namespace beacon::dispatch
