#include "beacon/scenario/ascii_map.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "beacon/geo/distance.h"

namespace beacon::scenario {
namespace {

using ::testing::HasSubstr;

TEST(AsciiMap, NodesAndStreetsWithTheirLengths) {
  auto m = AsciiMap::Parse("a---b---c\n|       |\nd-------e\n");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->nodes.size(), 5u);
  EXPECT_EQ(m->nodes.at('e'), std::pair(2, 8));
  ASSERT_EQ(m->streets.size(), 5u);
  int ab = 0, ad = 0, de = 0;
  for (const MapStreet& s : m->streets) {
    if (s.from == 'a' && s.to == 'b') ab = s.cells;
    if (s.from == 'a' && s.to == 'd') ad = s.cells;
    if (s.from == 'd' && s.to == 'e') de = s.cells;
  }
  EXPECT_EQ(ab, 4);
  EXPECT_EQ(ad, 2);
  EXPECT_EQ(de, 8);
}

TEST(AsciiMap, PositionsAreGridMetresFromTheOrigin) {
  const LatLon o{42.35, -71.06};
  const LatLon east = AsciiMap::Position(o, 100, 0, 4);
  const LatLon south = AsciiMap::Position(o, 100, 3, 0);
  EXPECT_NEAR(geo::HaversineDistance(o, east).value(), 400, 0.5);
  EXPECT_NEAR(geo::HaversineDistance(o, south).value(), 300, 0.5);
  EXPECT_LT(south.lat, o.lat);
  EXPECT_GT(east.lon, o.lon);
}

TEST(AsciiMap, BadDrawingsNameRowAndColumn) {
  EXPECT_THAT(AsciiMap::Parse("a---\n").status().message(),
              HasSubstr("row 1, column 5: the street from 'a' ends without a node"));
  EXPECT_THAT(AsciiMap::Parse("a b\n |\n").status().message(),
              HasSubstr("row 2, column 2: a '|' street does not start at a node"));
  EXPECT_THAT(AsciiMap::Parse("a b\n  |\n").status().message(),
              HasSubstr("row 3, column 3: the street from 'b' ends without a node"));
  EXPECT_THAT(AsciiMap::Parse("a-+-b\n").status().message(),
              HasSubstr("row 1, column 3: '+' is not a node"));
  EXPECT_THAT(AsciiMap::Parse("a-a\n").status().message(), HasSubstr("node 'a' appears twice"));
  EXPECT_THAT(AsciiMap::Parse("   \n").status().message(), HasSubstr("no nodes"));
}

}  // namespace
}  // namespace beacon::scenario
