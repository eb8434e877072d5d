#include "beacon/routing/snapper.h"

#include <gtest/gtest.h>

#include "beacon/routing/dimacs.h"
#include "beacon/routing/test_graphs.h"

namespace beacon::routing {
namespace {

using testing::MakeGraph;

TEST(Snapper, GivesDistanceToTheRoadAndOffsetAlongIt) {
  // Two parallel streets 0.001 deg of longitude (82 m) apart; the query is 8.2 m east of the
  // western one, halfway up.
  const Graph g =
      MakeGraph({{42.360, -71.060}, {42.361, -71.060}, {42.360, -71.059}, {42.361, -71.059}},
                {{0, 1, 8000, false, "West"}, {2, 3, 8000, true, "East"}});
  auto snapper = Snapper::Create(g);
  ASSERT_TRUE(snapper.ok()) << snapper.status();
  auto s = snapper->Nearest({42.3605, -71.0599}, Meters(100));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(g.Name(s->arc), "West");
  EXPECT_NEAR(s->distance.value(), 8.217, 0.01);
  EXPECT_NEAR(s->offset.value(), 55.60, 0.01);
  EXPECT_NEAR(s->point.lon, -71.060, 1e-9);
  // One-way: one position, leave towards node 1, arrive from node 0.
  const Place p = snapper->PlaceAt(*s);
  ASSERT_EQ(p.on.size(), 1u);
  EXPECT_EQ(p.leave.size(), 1u);
  EXPECT_EQ(p.leave[0].node, NodeId{1});
  EXPECT_EQ(p.leave[0].ms, 4000);
  EXPECT_EQ(p.arrive[0].node, NodeId{0});
  EXPECT_EQ(p.arrive[0].ms, 4000);
  // Two-way: both directions.
  auto e = snapper->Locate({42.36075, -71.0591}, Meters(100));
  ASSERT_TRUE(e.ok());
  ASSERT_EQ(e->on.size(), 2u);
  EXPECT_EQ(e->on[0].ms_from_tail + e->on[1].ms_from_tail, 8000u);
}

TEST(Snapper, PointFarFromEveryRoadIsAnErrorThatSaysHowFar) {
  const Graph g = MakeGraph({{42.360, -71.060}, {42.361, -71.060}}, {{0, 1, 8000, true, "Only"}});
  auto snapper = Snapper::Create(g);
  ASSERT_TRUE(snapper.ok());
  // 0.01 deg of latitude north of the street's end: 1,112 m.
  auto s = snapper->Nearest({42.371, -71.060}, Meters(200));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(s.status().message(),
            "42.371000,-71.060000 is 1112 m from the nearest road (the limit is 200 m)");
  auto bad = snapper->Nearest({91.0, -71.060}, Meters(200));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "latitude 91 is outside [-90, 90]");
}

TEST(Snapper, GraphWithoutCoordinatesCannotSnap) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "g.gr", "p sp 2 1\na 1 2 5\n");
  auto g = ReadDimacs(dir.path() / "g.gr");
  ASSERT_TRUE(g.ok());
  auto snapper = Snapper::Create(*g);
  ASSERT_FALSE(snapper.ok());
  EXPECT_NE(std::string(snapper.status().message()).find("--coords"), std::string::npos);
}

}  // namespace
}  // namespace beacon::routing
