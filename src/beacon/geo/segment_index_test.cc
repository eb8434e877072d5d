#include "beacon/geo/segment_index.h"

#include <gtest/gtest.h>

#include <random>

namespace beacon::geo {
namespace {

TEST(SegmentIndex, FindsTheNearestOfTwoStreets) {
  SegmentIndex::Builder b;
  EXPECT_EQ(b.Add({42.3600, -71.0600}, {42.3610, -71.0600}), 0u);
  EXPECT_EQ(b.Add({42.3600, -71.0590}, {42.3610, -71.0590}), 1u);
  const SegmentIndex index = std::move(b).Build();
  const auto hit = index.Nearest({42.3605, -71.0592}, Meters(50));
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->item, 1u);
  EXPECT_NEAR(hit->projection.t, 0.5, 1e-6);
  EXPECT_NEAR(hit->projection.distance.value(), 16.43, 0.01);
}

TEST(SegmentIndex, NothingWithinTheLimitIsNulloptButNearestAnywhereSaysHowFar) {
  SegmentIndex::Builder b;
  b.Add({42.3600, -71.0600}, {42.3610, -71.0600});
  const SegmentIndex index = std::move(b).Build();
  // 0.01 deg of latitude north of the end: 1,112 m.
  EXPECT_FALSE(index.Nearest({42.3710, -71.0600}, Meters(500)).has_value());
  const auto far = index.NearestAnywhere({42.3710, -71.0600});
  ASSERT_TRUE(far.has_value());
  EXPECT_NEAR(far->projection.distance.value(), 1111.95, 0.1);
  EXPECT_TRUE(index.Nearest({42.3710, -71.0600}, Meters(2000)).has_value());
  EXPECT_FALSE(SegmentIndex().Nearest({0, 0}, Meters(1e9)).has_value());
}

TEST(SegmentIndex, AgreesWithABruteForceScanOnRandomSegments) {
  std::mt19937 gen(7);
  std::uniform_real_distribution<double> lat(42.30, 42.40), lon(-71.15, -71.00),
      step(-0.002, 0.002);
  SegmentIndex::Builder b;
  for (int i = 0; i < 3000; ++i) {
    const LatLon a{lat(gen), lon(gen)};
    b.Add(a, {a.lat + step(gen), a.lon + step(gen)});
  }
  const SegmentIndex index = std::move(b).Build();
  std::uniform_real_distribution<double> qlat(42.25, 42.45), qlon(-71.2, -70.95);
  for (int i = 0; i < 300; ++i) {
    const LatLon q{qlat(gen), qlon(gen)};
    const auto brute = index.NearestAnywhere(q);
    const auto grid = index.Nearest(q, Meters(1e6));
    ASSERT_TRUE(grid.has_value());
    EXPECT_DOUBLE_EQ(grid->projection.distance.value(), brute->projection.distance.value())
        << "query " << q.lat << "," << q.lon;
  }
}

}  // namespace
}  // namespace beacon::geo
