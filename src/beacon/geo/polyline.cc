#include "beacon/geo/polyline.h"

#include <algorithm>
#include <cmath>

#include "beacon/base/check.h"
#include "beacon/geo/distance.h"

namespace beacon::geo {
namespace {

LatLon Lerp(const LatLon& a, const LatLon& b, double t) {
  return LatLon{a.lat + (b.lat - a.lat) * t, a.lon + (b.lon - a.lon) * t};
}

// Points from offset `from` to `to` with from <= to.
std::vector<LatLon> Forward(std::span<const LatLon> points, double from, double to) {
  std::vector<LatLon> out;
  double walked = 0.0;
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    const double len = HaversineDistance(points[i], points[i + 1]).value();
    const double end = walked + len;
    if (out.empty() && from <= end) {
      out.push_back(len > 0 ? Lerp(points[i], points[i + 1], (from - walked) / len) : points[i]);
    }
    if (!out.empty()) {
      if (to <= end) {
        out.push_back(len > 0 ? Lerp(points[i], points[i + 1], (to - walked) / len)
                              : points[i + 1]);
        return out;
      }
      out.push_back(points[i + 1]);
    }
    walked = end;
  }
  if (out.empty()) out.push_back(points.back());
  return out;
}

}  // namespace

SegmentProjection ProjectOntoSegment(const LatLon& q, const LatLon& a, const LatLon& b) {
  const LocalProjection proj(q);
  const XY pa = proj.ToXY(a);
  const XY pb = proj.ToXY(b);
  const double dx = pb.x - pa.x;
  const double dy = pb.y - pa.y;
  const double len2 = dx * dx + dy * dy;
  double t = 0.0;
  if (len2 > 0.0) t = std::clamp(-(pa.x * dx + pa.y * dy) / len2, 0.0, 1.0);
  const double x = pa.x + t * dx;
  const double y = pa.y + t * dy;
  return SegmentProjection{t, Meters(std::hypot(x, y)), Lerp(a, b, t)};
}

PolylineProjection ProjectOntoPolyline(std::span<const LatLon> points, const LatLon& q) {
  BEACON_CHECK(!points.empty());
  PolylineProjection best;
  best.point = points.front();
  best.distance = HaversineDistance(q, points.front());
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    const SegmentProjection s = ProjectOntoSegment(q, points[i], points[i + 1]);
    if (s.distance < best.distance || i == 0) {
      best.segment = i;
      best.t = s.t;
      best.distance = s.distance;
      best.point = s.point;
    }
  }
  best.offset = OffsetAt(points, best.segment, best.t);
  return best;
}

Meters PolylineLength(std::span<const LatLon> points) {
  double total = 0.0;
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    total += HaversineDistance(points[i], points[i + 1]).value();
  }
  return Meters(total);
}

Meters OffsetAt(std::span<const LatLon> points, std::size_t segment, double t) {
  double total = 0.0;
  for (std::size_t i = 0; i < segment && i + 1 < points.size(); ++i) {
    total += HaversineDistance(points[i], points[i + 1]).value();
  }
  if (segment + 1 < points.size()) {
    total += t * HaversineDistance(points[segment], points[segment + 1]).value();
  }
  return Meters(total);
}

std::vector<LatLon> SubPolyline(std::span<const LatLon> points, Meters from, Meters to) {
  BEACON_CHECK(!points.empty());
  const double length = PolylineLength(points).value();
  const double f = std::clamp(from.value(), 0.0, length);
  const double t = std::clamp(to.value(), 0.0, length);
  if (f <= t) return Forward(points, f, t);
  std::vector<LatLon> out = Forward(points, t, f);
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace beacon::geo
