// TableTravelTimes: a TravelTimes for tests with known road times. Each point is given the time
// between it and "the other end" of the query (the incident for ToOne, the scene for FromOne);
// points without an entry have no road route.
//
//   TableTravelTimes t;  t.Set({42.35, -71.06}, Seconds{300});
//
// Thread-safety: test-only; const methods may be called concurrently.
#pragma once

#include <map>
#include <utility>

#include "beacon/cad/travel_times.h"

namespace beacon::cad::testing {

class TableTravelTimes final : public TravelTimes {
 public:
  void Set(const LatLon& point, Milliseconds t) { table_[{point.lat, point.lon}] = t; }

  Status ToOne(std::span<const LatLon> from, const LatLon& /*to*/,
               std::vector<std::optional<Milliseconds>>& out) const override {
    return Lookup(from, out);
  }
  Status FromOne(const LatLon& /*from*/, std::span<const LatLon> to,
                 std::vector<std::optional<Milliseconds>>& out) const override {
    return Lookup(to, out);
  }

 private:
  Status Lookup(std::span<const LatLon> points,
                std::vector<std::optional<Milliseconds>>& out) const {
    out.clear();
    for (const LatLon& p : points) {
      auto it = table_.find({p.lat, p.lon});
      out.push_back(it == table_.end() ? std::nullopt : std::optional<Milliseconds>(it->second));
    }
    return OkStatus();
  }
  std::map<std::pair<double, double>, Milliseconds> table_;
};

}  // namespace beacon::cad::testing
