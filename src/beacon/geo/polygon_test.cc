#include "beacon/geo/polygon.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "beacon/geo/distance.h"

namespace beacon::geo {
namespace {

// A square of about 1.1 km x 0.8 km near Boston, with a square hole in its middle.
Ring Square(double lat0, double lon0, double dlat, double dlon) {
  return {{lat0, lon0}, {lat0, lon0 + dlon}, {lat0 + dlat, lon0 + dlon}, {lat0 + dlat, lon0}};
}

TEST(MultiPolygon, ContainsInsideNotOutside) {
  const MultiPolygon m({Polygon{{Square(42.30, -71.10, 0.01, 0.01)}}});
  EXPECT_TRUE(m.Contains({42.305, -71.095}));
  EXPECT_FALSE(m.Contains({42.315, -71.095}));
  EXPECT_FALSE(m.Contains({42.305, -71.085}));
}

TEST(MultiPolygon, HoleIsOutsideWhateverTheOrientation) {
  Ring hole = Square(42.304, -71.096, 0.002, 0.002);
  const MultiPolygon ccw({Polygon{{Square(42.30, -71.10, 0.01, 0.01), hole}}});
  std::reverse(hole.begin(), hole.end());
  const MultiPolygon cw({Polygon{{Square(42.30, -71.10, 0.01, 0.01), hole}}});
  for (const MultiPolygon* m : {&ccw, &cw}) {
    EXPECT_FALSE(m->Contains({42.305, -71.095}));  // in the hole
    EXPECT_TRUE(m->Contains({42.301, -71.099}));   // in the ring
  }
}

TEST(MultiPolygon, SecondPolygonCounts) {
  const MultiPolygon m(
      {Polygon{{Square(42.30, -71.10, 0.01, 0.01)}}, Polygon{{Square(42.40, -71.00, 0.01, 0.01)}}});
  EXPECT_TRUE(m.Contains({42.405, -70.995}));
}

TEST(MultiPolygon, CentroidOfSquareIsItsCentre) {
  const MultiPolygon m({Polygon{{Square(42.30, -71.10, 0.01, 0.01)}}});
  const LatLon c = m.Centroid();
  EXPECT_LT(HaversineDistance(c, {42.305, -71.095}).value(), 1.0);
}

TEST(MultiPolygon, CentroidOfTwoEqualSquaresIsBetweenThem) {
  const MultiPolygon m(
      {Polygon{{Square(42.30, -71.10, 0.01, 0.01)}}, Polygon{{Square(42.30, -71.08, 0.01, 0.01)}}});
  const LatLon c = m.Centroid();
  EXPECT_LT(HaversineDistance(c, {42.305, -71.085}).value(), 1.0);
  EXPECT_FALSE(m.Contains(c));  // a centroid need not lie inside: callers snap it to a road
}

TEST(MultiPolygon, AreaMatchesHandCalculation) {
  // 0.01 degree of latitude is 1,111.95 m; 0.01 degree of longitude at 42.305 N is
  // 1,111.95 m * cos(42.305 deg) = 822.3 m.
  const MultiPolygon m({Polygon{{Square(42.30, -71.10, 0.01, 0.01)}}});
  EXPECT_NEAR(m.AreaM2(), 1111.95 * 822.3, 1111.95 * 822.3 * 0.003);
}

TEST(MultiPolygon, EmptyAndDegenerate) {
  const MultiPolygon empty;
  EXPECT_FALSE(empty.Contains({42.3, -71.1}));
  const MultiPolygon line({Polygon{{{{42.3, -71.1}, {42.31, -71.1}}}}});
  EXPECT_FALSE(line.Contains({42.305, -71.1}));
  EXPECT_LT(HaversineDistance(line.Centroid(), {42.305, -71.1}).value(), 1.0);
}

}  // namespace
}  // namespace beacon::geo
