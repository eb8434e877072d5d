#include "beacon/geo/bbox.h"

#include <gtest/gtest.h>

namespace beacon::geo {
namespace {

TEST(BoundingBox, StartsEmptyAndGrowsToHoldEveryPoint) {
  BoundingBox box;
  EXPECT_TRUE(box.empty());
  EXPECT_FALSE(box.Contains({0, 0}));
  box.Extend({42.35, -71.06});
  EXPECT_FALSE(box.empty());
  EXPECT_TRUE(box.Contains({42.35, -71.06}));
  box.Extend({42.36, -71.05});
  EXPECT_TRUE(box.Contains({42.355, -71.055}));
  EXPECT_FALSE(box.Contains({42.37, -71.055}));
  EXPECT_DOUBLE_EQ(box.Center().lat, 42.355);
  BoundingBox other;
  other.Extend({42.0, -72.0});
  box.Merge(other);
  EXPECT_DOUBLE_EQ(box.min_lat, 42.0);
  EXPECT_DOUBLE_EQ(box.min_lon, -72.0);
  EXPECT_DOUBLE_EQ(box.max_lat, 42.36);
}

}  // namespace
}  // namespace beacon::geo
