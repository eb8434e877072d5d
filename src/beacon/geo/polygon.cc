#include "beacon/geo/polygon.h"

#include <cmath>

#include "beacon/geo/distance.h"

namespace beacon::geo {
namespace {

// Even-odd crossings of a horizontal ray from p to the east with the ring's edges.
bool RingCrosses(const Ring& ring, const LatLon& p) {
  bool inside = false;
  const std::size_t n = ring.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const LatLon& a = ring[i];
    const LatLon& b = ring[j];
    if ((a.lat > p.lat) != (b.lat > p.lat)) {
      const double lon_at = a.lon + (p.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat);
      if (p.lon < lon_at) inside = !inside;
    }
  }
  return inside;
}

// Signed area (shoelace) and the first moments of one ring in the projection.
struct Moments {
  double area = 0;
  double cx = 0;
  double cy = 0;
};

Moments RingMoments(const Ring& ring, const LocalProjection& proj) {
  Moments m;
  const std::size_t n = ring.size();
  if (n < 3) return m;
  for (std::size_t i = 0; i < n; ++i) {
    const XY a = proj.ToXY(ring[i]);
    const XY b = proj.ToXY(ring[(i + 1) % n]);
    const double cross = a.x * b.y - b.x * a.y;
    m.area += cross / 2;
    m.cx += (a.x + b.x) * cross / 6;
    m.cy += (a.y + b.y) * cross / 6;
  }
  return m;
}

}  // namespace

MultiPolygon::MultiPolygon(std::vector<Polygon> polygons) : polygons_(std::move(polygons)) {
  for (const Polygon& poly : polygons_) {
    for (const Ring& r : poly.rings) {
      for (const LatLon& p : r) bounds_.Extend(p);
    }
  }
}

bool MultiPolygon::Contains(const LatLon& p) const {
  if (!bounds_.Contains(p)) return false;
  for (const Polygon& poly : polygons_) {
    bool inside = false;
    for (const Ring& r : poly.rings) {
      if (r.size() >= 3 && RingCrosses(r, p)) inside = !inside;
    }
    if (inside) return true;
  }
  return false;
}

double MultiPolygon::AreaM2() const {
  if (bounds_.empty()) return 0;
  const LocalProjection proj(bounds_.Center());
  double total = 0;
  for (const Polygon& poly : polygons_) {
    for (std::size_t i = 0; i < poly.rings.size(); ++i) {
      const double a = std::abs(RingMoments(poly.rings[i], proj).area);
      total += i == 0 ? a : -a;
    }
  }
  return total;
}

LatLon MultiPolygon::Centroid() const {
  if (bounds_.empty()) return {};
  const LocalProjection proj(bounds_.Center());
  double area = 0;
  double cx = 0;
  double cy = 0;
  double sx = 0;
  double sy = 0;
  std::size_t count = 0;
  for (const Polygon& poly : polygons_) {
    for (std::size_t i = 0; i < poly.rings.size(); ++i) {
      Moments m = RingMoments(poly.rings[i], proj);
      // Outer rings add, holes subtract, whatever the orientation they were drawn in.
      const double sign = ((m.area >= 0) == (i == 0)) ? 1.0 : -1.0;
      area += sign * m.area;
      cx += sign * m.cx;
      cy += sign * m.cy;
      if (i == 0) {
        for (const LatLon& p : poly.rings[i]) {
          const XY xy = proj.ToXY(p);
          sx += xy.x;
          sy += xy.y;
          ++count;
        }
      }
    }
  }
  if (std::abs(area) < 1e-6) {
    if (count == 0) return bounds_.Center();
    return proj.FromXY({sx / static_cast<double>(count), sy / static_cast<double>(count)});
  }
  return proj.FromXY({cx / area, cy / area});
}

}  // namespace beacon::geo
