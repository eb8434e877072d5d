#include "beacon/geo/bbox.h"

#include <algorithm>

namespace beacon::geo {

void BoundingBox::Extend(const LatLon& p) {
  if (empty()) {
    min_lat = max_lat = p.lat;
    min_lon = max_lon = p.lon;
    return;
  }
  min_lat = std::min(min_lat, p.lat);
  max_lat = std::max(max_lat, p.lat);
  min_lon = std::min(min_lon, p.lon);
  max_lon = std::max(max_lon, p.lon);
}

void BoundingBox::Merge(const BoundingBox& other) {
  if (other.empty()) return;
  Extend(LatLon{other.min_lat, other.min_lon});
  Extend(LatLon{other.max_lat, other.max_lon});
}

bool BoundingBox::Contains(const LatLon& p) const {
  return !empty() && p.lat >= min_lat && p.lat <= max_lat && p.lon >= min_lon && p.lon <= max_lon;
}

LatLon BoundingBox::Center() const {
  return LatLon{(min_lat + max_lat) / 2, (min_lon + max_lon) / 2};
}

}  // namespace beacon::geo
