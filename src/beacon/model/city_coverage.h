// The coverage model of a city model (dispatch/coverage.h) and coverage travel over its roads:
// the demand points (tract centroids snapped to the road, with their area names), the sites
// (the model's stations, kind station when units are based there and post otherwise, then its
// hospitals), and the site-to-demand table from one contraction-hierarchy one-to-all tree
// (PHAST, Delling, Goldberg, Nowatzyk, Werneck 2011) per site read at the demand points' road
// places. Times are exactly Dijkstra's (tests compare them).
//
//   BEACON_ASSIGN_OR_RETURN(dispatch::CoverageModel cov, BuildCoverageModel(model));
//   ChCoverageTravel travel(model, cov);          // units on the road
//   dispatch::ReachFinder finder(cov, travel);
//   dispatch::CoverageAwarePolicy policy(cov, finder, clock);
//
// Thread-safety: BuildCoverageModel is a pure function of the model. ChCoverageTravel's const
// calls are thread-safe: each call borrows a query object (the demand points cached in the
// hierarchy) from a mutex-guarded pool, one more being made when all are in use, so threads
// search in parallel.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/base/time.h"
#include "beacon/dispatch/coverage.h"
#include "beacon/dispatch/coverage_travel.h"
#include "beacon/model/city_model.h"
#include "beacon/routing/ch/contraction_hierarchy_query.h"
#include "beacon/routing/place.h"

namespace beacon::model {

// Road times from one place to a fixed list of target places by one one-to-all tree: the tree
// from the place's leaving seeds, read at each target's arriving seeds (and the straight run
// along a shared arc). Holds two node-sized arrays; not thread-safe (one per thread).
class TreeTimes {
 public:
  // `ch` must outlive it.
  TreeTimes(const routing::ChIndex& ch, std::vector<routing::Place> targets);
  // out[i] = time from `from` to target i; nullopt when no road route exists.
  void From(const routing::Place& from, std::vector<std::optional<Milliseconds>>& out);
  [[nodiscard]] std::size_t TargetCount() const { return targets_.size(); }

 private:
  routing::ch::ContractionHierarchyQuery query_;
  std::vector<routing::Place> targets_;
  std::vector<routing::ch::Seed> seeds_;
};

struct CoverageBuildStats {
  std::size_t trees = 0;  // one-to-all trees run: one per site
};

// The coverage model of `model`. Sites, in order: every station of data().stations (kind
// kStation when it is one of data().posts, where units are based, else kPost: a candidate site
// a unit may wait at), then every hospital (kHospital). A site or demand point farther than
// the model's snap limit from every road is an error naming it. Config: the model's coverage
// targets and busy fraction.
Result<dispatch::CoverageModel> BuildCoverageModel(const CityModel& model,
                                                   CoverageBuildStats* stats = nullptr);

// The site indexes of the model's posts (data().posts, in that order) in a coverage model
// built by BuildCoverageModel.
std::vector<std::size_t> PostSitesOf(const CityModel& model, const dispatch::CoverageModel& cov);

// dispatch::CoverageTravel on the city's roads: snaps the position (within the model's snap
// limit) and answers from the demand points kept as cached targets of the hierarchy
// (routing::ChPlaceCache): one upward search from the position and bucket scans, about 8 times
// faster than a one-to-all tree for Boston's 202 points (docs/design/coverage.md).
class ChCoverageTravel final : public dispatch::CoverageTravel {
 public:
  // Keeps references: both must outlive it. `coverage` must be BuildCoverageModel(model) (or
  // have the same demand points).
  ChCoverageTravel(const CityModel& model, const dispatch::CoverageModel& coverage);
  ~ChCoverageTravel() override;

  Status ToDemand(const LatLon& from, std::vector<std::optional<Milliseconds>>& out) const override;

 private:
  std::unique_ptr<routing::ChPlaceCache> Borrow() const;
  void Return(std::unique_ptr<routing::ChPlaceCache> c) const;

  const CityModel& model_;
  std::vector<routing::Place> demand_places_;
  Status demand_status_;  // an error when a demand point could not be placed on the road
  mutable std::mutex mu_;
  mutable std::vector<std::unique_ptr<routing::ChPlaceCache>> pool_;  // demand points as targets
};

}  // namespace beacon::model
