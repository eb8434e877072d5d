// RoadTravelTimes: the CAD core's TravelTimes answered on the city's roads. Each point is
// snapped to the nearest road (so trips start and end mid-street) and the travel times come from
// the contraction hierarchy, exactly equal to Dijkstra's.
//
//   RoadTravelTimes travel(model);              // one per thread
//   std::vector<std::optional<Milliseconds>> etas;
//   BEACON_RETURN_IF_ERROR(travel.ToOne(unit_positions, incident, etas));
//
// Snapped places are cached by exact coordinates (stations, posts, hospitals and parked units
// repeat from query to query); the cache is bounded and simply cleared when full. The many side
// of ToOne (a fleet) and FromOne (hospitals) is kept in the hierarchy's place cache
// (routing::ChPlaceCache): a unit whose position did not change costs no search at all, so a
// recommendation among 100 units is one backward search plus bucket scans. A unit farther
// than the model's snap limit from every road gets no ETA (nullopt); an incident or hospital
// that far away is an error naming the distance. Prefetch snaps a unit's new position and runs
// its search when the fix arrives, and lets go of the unit's previous one
// (DispatchCenter::UpdatePosition calls it), so the recommendation that follows finds the fleet
// cached and no more places in the buckets than the fleet has.
// Thread-safety: not thread-safe (it holds the query's scratch memory and the cache): one per
// thread. The CityModel it reads is shared.
#pragma once

#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "beacon/cad/travel_times.h"
#include "beacon/model/city_model.h"
#include "beacon/routing/ch_router.h"

namespace beacon::model {

class RoadTravelTimes final : public cad::TravelTimes {
 public:
  explicit RoadTravelTimes(const CityModel& model, std::size_t cache_limit = 4096);

  Status ToOne(std::span<const LatLon> from, const LatLon& to,
               std::vector<std::optional<Milliseconds>>& out) const override;
  Status FromOne(const LatLon& from, std::span<const LatLon> to,
                 std::vector<std::optional<Milliseconds>>& out) const override;
  void Prefetch(const LatLon& origin, const std::optional<LatLon>& replaced) const override;

  // The snapped place of a point (cached).
  [[nodiscard]] Result<routing::Place> Locate(const LatLon& p) const;
  // The fastest route, for display (nullopt when there is none).
  [[nodiscard]] Result<std::optional<routing::Route>> Route(const LatLon& from,
                                                            const LatLon& to) const;
  // Number of snapping calls served from the cache / computed (for benchmarks and tests).
  [[nodiscard]] std::size_t cache_hits() const { return hits_; }
  [[nodiscard]] std::size_t cache_misses() const { return misses_; }

 private:
  struct Key {
    double lat;
    double lon;
    friend bool operator==(const Key&, const Key&) = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const;
  };
  // Places kept in a ChPlaceCache, by coordinates. Every query and every prefetch takes the
  // next tick; a slot remembers the tick that last used it (0: let go by a prefetch). A query
  // clears the slots it did not use once they outnumber the ones it did (units moved); a
  // prefetch clears the slots let go once there are more than the last query used, and the
  // older half when the slots reach a bound.
  struct Slots {
    explicit Slots(routing::ChPlaceCache c) : cache(std::move(c)) {}
    routing::ChPlaceCache cache;
    std::unordered_map<Key, std::uint32_t, KeyHash> slot_of;
    std::vector<std::uint64_t> last_used;  // per slot: the tick that last used it
    std::vector<std::uint32_t> free;
    std::uint64_t tick = 0;
    std::size_t last_query_size = 0;
    // The slot of `p` (snapped and searched when new), stamped with the current tick; nullopt
    // when `p` is too far from any road.
    std::optional<std::uint32_t> Use(const RoadTravelTimes& owner, const LatLon& p);
    void ForgetOlderThan(std::uint64_t tick_limit);
  };
  Result<routing::Place> Snap(const LatLon& p) const;  // uncached
  Status Many(Slots& slots, std::span<const LatLon> many, const LatLon& one,
              std::vector<std::optional<Milliseconds>>& out) const;

  const CityModel& model_;
  std::size_t cache_limit_;
  mutable routing::ChRouter router_;
  mutable std::unordered_map<Key, routing::Place, KeyHash> cache_;
  mutable Slots origins_;       // units driving to one place
  mutable Slots destinations_;  // hospitals reached from one place
  mutable std::size_t hits_ = 0;
  mutable std::size_t misses_ = 0;
};

}  // namespace beacon::model
