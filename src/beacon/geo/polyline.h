// Polyline helpers: length, projection of a point onto a polyline (nearest position, its
// distance and the offset along the line), and the piece of a polyline between two offsets.
//
//   std::vector<LatLon> line = {{42.3600, -71.0600}, {42.3610, -71.0600}};
//   PolylineProjection p = ProjectOntoPolyline(line, {42.3605, -71.0599});
//   // p.offset ~ 55.6 m along the line, p.distance ~ 8.2 m to it, p.point on the line
//   std::vector<LatLon> tail = SubPolyline(line, p.offset, PolylineLength(line));
//
// Lengths and offsets are sums of haversine lengths of the pieces; the nearest position is
// found in a local flat projection around the query point (see distance.h).
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "beacon/base/latlon.h"
#include "beacon/base/quantity.h"

namespace beacon::geo {

// Nearest point on the segment a-b to q, in a flat projection around q.
struct SegmentProjection {
  double t = 0.0;        // position along a->b, in [0, 1]
  Meters distance{0.0};  // from q to `point`
  LatLon point;          // a + t (b - a)
};
SegmentProjection ProjectOntoSegment(const LatLon& q, const LatLon& a, const LatLon& b);

struct PolylineProjection {
  std::size_t segment = 0;  // index of the piece (points[segment], points[segment + 1])
  double t = 0.0;           // position within that piece, [0, 1]
  Meters offset{0.0};       // haversine length from the first point to `point`
  Meters distance{0.0};     // from the query to `point`
  LatLon point;
};
// Requires at least one point (a single point projects onto itself).
PolylineProjection ProjectOntoPolyline(std::span<const LatLon> points, const LatLon& q);

Meters PolylineLength(std::span<const LatLon> points);

// The offset along the polyline of position `t` in piece `segment`.
Meters OffsetAt(std::span<const LatLon> points, std::size_t segment, double t);

// The part of the polyline between offsets `from` and `to` (clamped to [0, length]); if
// from > to, the part is returned reversed (walking from `from` back to `to`). Always at least
// one point.
std::vector<LatLon> SubPolyline(std::span<const LatLon> points, Meters from, Meters to);

}  // namespace beacon::geo
