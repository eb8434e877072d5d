// Where an idle unit's coverage comes from: a fixed site's row of the model's table, or road
// times from the unit's position on the road through CoverageTravel (implemented over routing
// by the city model), remembered in a small cache.
//
//   model::ChCoverageTravel travel(city, model);   // model/city_coverage.h: over the hierarchy
//   ReachFinder finder(model, travel, /*cache_capacity=*/512);
//   BEACON_ASSIGN_OR_RETURN(Reach r, finder.Find(CoveragePosition::At(3), /*priority=*/1));
//   BEACON_ASSIGN_OR_RETURN(Reach r2, finder.Find(CoveragePosition::OnRoad(fix), 1));
//
// The cache is keyed by the exact position (an unchanged AVL fix hits it; a moved unit needs a
// new query) and evicts the least recently used entry.
// Thread-safety: CoverageTravel implementations must allow concurrent const calls. ReachFinder
// is thread-safe (a mutex guards the cache; the travel query runs outside it).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "beacon/base/latlon.h"
#include "beacon/base/result.h"
#include "beacon/base/time.h"
#include "beacon/cad/travel_times.h"
#include "beacon/dispatch/coverage.h"

namespace beacon::dispatch {

// Road times from a point to every demand point of one coverage model.
class CoverageTravel {
 public:
  virtual ~CoverageTravel() = default;
  // out[i] = road time from `from` to demand point i of the model, in the model's order
  // (out.size() == the model's point count); nullopt where no road route exists. An error only
  // when the query fails (e.g. `from` is too far from any road).
  virtual Status ToDemand(const LatLon& from,
                          std::vector<std::optional<Milliseconds>>& out) const = 0;
};

// CoverageTravel over the CAD's TravelTimes (one FromOne query to the demand points' locations).
// Works with any TravelTimes; the city model can do better with one-to-all trees.
class TravelTimesCoverage final : public CoverageTravel {
 public:
  // Keeps references: `travel` and `model` must outlive it.
  TravelTimesCoverage(const cad::TravelTimes& travel, const CoverageModel& model);
  Status ToDemand(const LatLon& from, std::vector<std::optional<Milliseconds>>& out) const override;

 private:
  const cad::TravelTimes& travel_;
  std::vector<LatLon> points_;
};

// Where a unit counts from: a fixed site (where it waits, or the post it is heading to), or a
// point on the road.
struct CoveragePosition {
  std::optional<std::size_t> site;  // index into the model's sites
  LatLon location;                  // used when `site` is empty
  static CoveragePosition At(std::size_t site) { return {site, {}}; }
  static CoveragePosition OnRoad(const LatLon& p) { return {std::nullopt, p}; }
};

class ReachFinder {
 public:
  // Keeps references: `model` and `travel` must outlive it. `cache_capacity` >= 1 positions.
  ReachFinder(const CoverageModel& model, const CoverageTravel& travel,
              std::size_t cache_capacity = 512);

  // The demand points `position` reaches within the priority's target time. A site costs
  // nothing; a road position costs one CoverageTravel query unless cached.
  Result<Reach> Find(const CoveragePosition& position, int priority) const;

  [[nodiscard]] const CoverageModel& Model() const { return model_; }
  [[nodiscard]] std::uint64_t Hits() const;
  [[nodiscard]] std::uint64_t Misses() const;

 private:
  struct Key {
    std::uint64_t lat_bits;
    std::uint64_t lon_bits;
    friend bool operator==(const Key&, const Key&) = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const;
  };
  using Reaches = std::array<Reach, kCoveragePriorities>;
  struct Entry {
    Key key;
    Reaches reaches;
  };

  const CoverageModel& model_;
  const CoverageTravel& travel_;
  std::size_t capacity_;
  mutable std::mutex mu_;
  mutable std::list<Entry> lru_;  // most recently used first
  mutable std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> index_;
  mutable std::uint64_t hits_ = 0;
  mutable std::uint64_t misses_ = 0;
};

}  // namespace beacon::dispatch
