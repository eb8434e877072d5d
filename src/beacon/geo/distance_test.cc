#include "beacon/geo/distance.h"

#include <gtest/gtest.h>

namespace beacon::geo {
namespace {

TEST(Haversine, OneDegreeOfLatitudeIsRadiusTimesPiOver180) {
  // 6,371,008.8 m * pi / 180 = 111,195.08 m, anywhere along a meridian.
  EXPECT_NEAR(HaversineDistance({0, 0}, {1, 0}).value(), 111'195.08, 0.01);
  EXPECT_NEAR(HaversineDistance({42, -71}, {43, -71}).value(), 111'195.08, 0.01);
}

TEST(Haversine, LongitudeShrinksWithCosineOfLatitude) {
  // At 60 degrees north a degree of longitude is about half of one at the equator.
  const double eq = HaversineDistance({0, 0}, {0, 1}).value();
  const double north = HaversineDistance({60, 0}, {60, 1}).value();
  EXPECT_NEAR(north / eq, 0.5, 0.001);
  EXPECT_EQ(HaversineDistance({42.36, -71.06}, {42.36, -71.06}).value(), 0.0);
}

TEST(LocalProjection, RoundTripsAndMeasuresMetres) {
  const LocalProjection proj({42.36, -71.06});
  const XY p = proj.ToXY({42.37, -71.05});
  EXPECT_NEAR(p.y, 1111.95, 0.01);
  const LatLon back = proj.FromXY(p);
  EXPECT_NEAR(back.lat, 42.37, 1e-12);
  EXPECT_NEAR(back.lon, -71.05, 1e-12);
  // Within a few km the flat distance agrees with the great-circle one to 0.1 %.
  const double flat = std::hypot(p.x, p.y);
  const double sphere = HaversineDistance({42.36, -71.06}, {42.37, -71.05}).value();
  EXPECT_NEAR(flat / sphere, 1.0, 0.001);
}

}  // namespace
}  // namespace beacon::geo
