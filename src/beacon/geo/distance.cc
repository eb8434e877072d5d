#include "beacon/geo/distance.h"

#include <cmath>
#include <numbers>

namespace beacon::geo {
namespace {
constexpr double kRad = std::numbers::pi / 180.0;
}  // namespace

Meters HaversineDistance(const LatLon& a, const LatLon& b) {
  const double dlat = (b.lat - a.lat) * kRad;
  const double dlon = (b.lon - a.lon) * kRad;
  const double s1 = std::sin(dlat / 2);
  const double s2 = std::sin(dlon / 2);
  const double h = s1 * s1 + std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * s2 * s2;
  return Meters(2.0 * kEarthRadiusM * std::asin(std::sqrt(std::min(1.0, h))));
}

LocalProjection::LocalProjection(const LatLon& origin)
    : origin_(origin),
      m_per_deg_lat_(kEarthRadiusM * kRad),
      m_per_deg_lon_(kEarthRadiusM * kRad * std::cos(origin.lat * kRad)) {}

XY LocalProjection::ToXY(const LatLon& p) const {
  return XY{(p.lon - origin_.lon) * m_per_deg_lon_, (p.lat - origin_.lat) * m_per_deg_lat_};
}

LatLon LocalProjection::FromXY(const XY& p) const {
  return LatLon{origin_.lat + p.y / m_per_deg_lat_, origin_.lon + p.x / m_per_deg_lon_};
}

}  // namespace beacon::geo
