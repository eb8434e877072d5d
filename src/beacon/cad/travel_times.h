// TravelTimes: the only way the CAD core, dispatch and the simulator see the road network.
// The routing module implements it (snapping each point to the road and querying the graph);
// tests implement it with tables of known times.
//
//   std::vector<std::optional<Milliseconds>> etas;
//   BEACON_RETURN_IF_ERROR(travel.ToOne(unit_positions, incident_location, etas));
//   if (etas[i]) ... else  // no road route from unit i
//
// Times are by road for an emergency vehicle, never straight-line estimates.
// Thread-safety: implementations document theirs; the CAD core calls from one thread.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "beacon/base/latlon.h"
#include "beacon/base/status.h"
#include "beacon/base/time.h"

namespace beacon::cad {

class TravelTimes {
 public:
  virtual ~TravelTimes() = default;
  // Travel time from each of `from` to `to`; nullopt where no road route exists. An error only
  // when the query itself fails (e.g. `to` is farther from any road than allowed).
  virtual Status ToOne(std::span<const LatLon> from, const LatLon& to,
                       std::vector<std::optional<Milliseconds>>& out) const = 0;
  // Travel time from `from` to each of `to`.
  virtual Status FromOne(const LatLon& from, std::span<const LatLon> to,
                         std::vector<std::optional<Milliseconds>>& out) const = 0;
  // A hint that `origin` will soon be one of ToOne's origins (a unit's new position fix), in
  // place of `replaced` (the unit's previous fix, if any), so an implementation may do its
  // per-origin work when the fix arrives rather than while a dispatcher waits for a
  // recommendation. Answers never depend on it; the default does nothing.
  virtual void Prefetch(const LatLon& origin, const std::optional<LatLon>& replaced) const {
    (void)origin;
    (void)replaced;
  }
};

}  // namespace beacon::cad
