// Polygons: the areas a city is divided into (neighbourhoods, census tracts) as multipolygons
// with holes, for "which area is this call in" and for demand points at an area's centroid.
//
//   MultiPolygon roxbury = ...;                  // from GeoJSON coordinates
//   if (roxbury.Contains({42.3152, -71.0914})) ...
//   LatLon c = roxbury.Centroid();               // area-weighted, in a local flat projection
//
// Rings are lists of positions; the first ring of a polygon is its outer boundary and the
// others are holes. A closing point equal to the first is allowed but not required.
// Point-in-polygon is the even-odd crossing rule (Shimrat 1962, "Algorithm 112: Position of a
// point relative to a polygon"), so holes come out right whatever the rings' orientation.
// Thread-safety: immutable values.
#pragma once

#include <vector>

#include "beacon/base/latlon.h"
#include "beacon/geo/bbox.h"

namespace beacon::geo {

using Ring = std::vector<LatLon>;

struct Polygon {
  std::vector<Ring> rings;  // rings[0] outer, the rest holes
};

class MultiPolygon {
 public:
  MultiPolygon() = default;
  explicit MultiPolygon(std::vector<Polygon> polygons);

  [[nodiscard]] bool Contains(const LatLon& p) const;
  // Area-weighted centroid of the whole multipolygon (holes subtract). For a degenerate shape
  // (zero area) the mean of its outer ring vertices.
  [[nodiscard]] LatLon Centroid() const;
  // Area in square metres (local flat projection).
  [[nodiscard]] double AreaM2() const;
  [[nodiscard]] const BoundingBox& bounds() const { return bounds_; }
  [[nodiscard]] const std::vector<Polygon>& polygons() const { return polygons_; }
  [[nodiscard]] bool empty() const { return polygons_.empty(); }

 private:
  std::vector<Polygon> polygons_;
  BoundingBox bounds_;
};

}  // namespace beacon::geo
