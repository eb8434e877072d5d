// BoundingBox: the smallest latitude/longitude rectangle around a set of points (no
// antimeridian wrap: Beacon's cities do not straddle it).
//
//   BoundingBox box;  box.Extend(LatLon{42.35, -71.06});  box.Merge(other_box);
//   box.Contains({42.355, -71.055}) == true;  box.empty() == false;
//
// Thread-safety: a plain value.
#pragma once

#include "beacon/base/latlon.h"

namespace beacon::geo {

struct BoundingBox {
  double min_lat = 1.0;  // empty until the first Extend (min > max)
  double min_lon = 1.0;
  double max_lat = -1.0;
  double max_lon = -1.0;

  [[nodiscard]] bool empty() const { return min_lat > max_lat; }
  void Extend(const LatLon& p);
  void Merge(const BoundingBox& other);
  [[nodiscard]] bool Contains(const LatLon& p) const;
  [[nodiscard]] LatLon Center() const;
};

}  // namespace beacon::geo
