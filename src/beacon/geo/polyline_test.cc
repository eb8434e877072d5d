#include "beacon/geo/polyline.h"

#include <gtest/gtest.h>

#include "beacon/geo/distance.h"

namespace beacon::geo {
namespace {

// 0.001 degree of latitude = 111.195 m.
constexpr double kM = 111.19508;

TEST(Polyline, ProjectsOntoTheNearestPieceWithOffsetAndDistance) {
  const std::vector<LatLon> line = {{42.360, -71.060}, {42.361, -71.060}, {42.361, -71.059}};
  // Beside the middle of the first piece, 0.0001 deg of longitude east of it.
  const PolylineProjection p = ProjectOntoPolyline(line, {42.3605, -71.0599});
  EXPECT_EQ(p.segment, 0u);
  EXPECT_NEAR(p.t, 0.5, 1e-6);
  EXPECT_NEAR(p.offset.value(), kM / 2, 0.01);
  // 0.0001 deg of longitude at 42.3605 N: 11.1195 m * cos(42.3605 deg) = 8.217 m.
  EXPECT_NEAR(p.distance.value(), 8.217, 0.01);
  EXPECT_NEAR(p.point.lat, 42.3605, 1e-9);
  // Past the end of the line: the nearest position is the last point.
  const PolylineProjection end = ProjectOntoPolyline(line, {42.362, -71.050});
  EXPECT_EQ(end.segment, 1u);
  EXPECT_DOUBLE_EQ(end.t, 1.0);
  EXPECT_NEAR(end.offset.value(), PolylineLength(line).value(), 1e-6);
}

TEST(Polyline, SinglePointProjectsOntoItself) {
  const std::vector<LatLon> one = {{42.36, -71.06}};
  const PolylineProjection p = ProjectOntoPolyline(one, {42.361, -71.06});
  EXPECT_NEAR(p.distance.value(), kM, 0.01);
  EXPECT_EQ(p.offset.value(), 0.0);
}

TEST(Polyline, SubPolylineCutsBetweenOffsetsBothWays) {
  const std::vector<LatLon> line = {{42.360, -71.060}, {42.361, -71.060}, {42.362, -71.060}};
  const auto mid = SubPolyline(line, Meters(kM / 2), Meters(kM * 1.5));
  ASSERT_EQ(mid.size(), 3u);
  EXPECT_NEAR(mid[0].lat, 42.3605, 1e-7);
  EXPECT_NEAR(mid[1].lat, 42.361, 1e-12);
  EXPECT_NEAR(mid[2].lat, 42.3615, 1e-7);
  const auto back = SubPolyline(line, Meters(kM * 1.5), Meters(kM / 2));
  ASSERT_EQ(back.size(), 3u);
  EXPECT_NEAR(back[0].lat, 42.3615, 1e-7);
  EXPECT_NEAR(back[2].lat, 42.3605, 1e-7);
  // Offsets past the ends are clamped; equal offsets give the single point there.
  const auto all = SubPolyline(line, Meters(-5), Meters(1e6));
  EXPECT_EQ(all.size(), 3u);
  EXPECT_NEAR(PolylineLength(all).value(), 2 * kM, 0.01);
  const auto point = SubPolyline(line, Meters(kM), Meters(kM));
  EXPECT_NEAR(PolylineLength(point).value(), 0.0, 1e-9);
}

}  // namespace
}  // namespace beacon::geo
