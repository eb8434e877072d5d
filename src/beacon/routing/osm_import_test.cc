// OSM PBF import on the real Beacon Hill extract (label `data`) and on broken files.
#include "beacon/routing/osm_import.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "beacon/routing/dijkstra_router.h"
#include "beacon/routing/snapper.h"
#include "beacon/routing/test_graphs.h"

namespace beacon::routing {
namespace {

std::filesystem::path Pbf() {
  return beacon::testing::SharedDataDir() / "boston" / "beacon_hill.osm.pbf";
}

Profile Ems() {
  auto p = LoadProfile(std::string(BEACON_SOURCE_DIR) + "/data/profiles/ems.yaml");
  EXPECT_TRUE(p.ok()) << p.status();
  return *p;
}

TEST(OsmImport, ParsesMaxspeed) {
  EXPECT_DOUBLE_EQ(*ParseMaxspeedMps("36"), 10.0);
  EXPECT_DOUBLE_EQ(*ParseMaxspeedMps("36 km/h"), 10.0);
  EXPECT_DOUBLE_EQ(*ParseMaxspeedMps("25 mph"), 25 * 0.44704);
  EXPECT_FALSE(ParseMaxspeedMps("walk").has_value());
  EXPECT_FALSE(ParseMaxspeedMps("none").has_value());
  EXPECT_FALSE(ParseMaxspeedMps("30 knots").has_value());
}

TEST(OsmImport, BeaconHillHasOneWaysNamesAndOneStronglyConnectedComponent) {
  ASSERT_TRUE(std::filesystem::exists(Pbf())) << "missing shared data file " << Pbf();
  ImportReport report;
  auto g = ImportOsm(Pbf(), Ems(), &report);
  ASSERT_TRUE(g.ok()) << g.status();
  // The extract is mostly footways and steps; its drivable part is clipped at the edges, so
  // dangling pieces fall outside the largest strongly connected component.
  EXPECT_GT(g->num_nodes(), 20u);
  EXPECT_GT(report.Get("oneway_ways"), 0u);
  EXPECT_GT(report.Get("dropped_highway_footway"), 0u);
  EXPECT_GT(report.Get("dropped_highway_steps"), 0u);
  EXPECT_LT(report.components.kept_nodes, report.components.nodes_before);
  std::uint32_t one_way = 0, named = 0;
  for (std::uint32_t a = 0; a < g->num_arcs(); ++a) {
    const ArcId id{a};
    if (!g->Twin(id).valid()) ++one_way;
    if (!g->Name(id).empty()) ++named;
    if (g->Class(id) == RoadClass::kMotorway) {
      EXPECT_FALSE(g->Twin(id).valid());  // implied one-way
    }
    EXPECT_GE(g->Weight(id), 1u);
  }
  EXPECT_GT(one_way, 0u);
  EXPECT_LT(one_way, g->num_arcs());
  EXPECT_GT(named, g->num_arcs() / 2);
  EXPECT_EQ(report.components.kept_nodes, g->num_nodes());
  // Every pair of sampled nodes is connected, and one-to-many agrees with one-to-one.
  DijkstraRouter r(*g);
  std::vector<Place> sample;
  for (std::uint32_t v = 0; v < g->num_nodes(); v += g->num_nodes() / 15 + 1) {
    sample.push_back(Place::AtNode(NodeId{v}));
  }
  const auto m = r.Matrix(sample, sample);
  for (std::size_t i = 0; i < sample.size(); ++i) {
    for (std::size_t j = 0; j < sample.size(); ++j) {
      ASSERT_NE(m[i * sample.size() + j], kUnreachable);
      EXPECT_EQ(m[i * sample.size() + j], r.OneToOne(sample[i], sample[j]));
    }
  }
}

TEST(OsmImport, TruncatedCorruptAndForeignFilesAreClearErrors) {
  ASSERT_TRUE(std::filesystem::exists(Pbf())) << "missing shared data file " << Pbf();
  testing::TempDir dir;
  const std::string good = testing::ReadFileBytes(Pbf());
  testing::WriteFile(dir.path() / "half.osm.pbf", good.substr(0, good.size() / 2));
  std::string corrupt = good;
  for (std::size_t i = good.size() / 3; i < good.size() / 3 + 64; ++i) corrupt[i] = '\x5a';
  testing::WriteFile(dir.path() / "corrupt.osm.pbf", corrupt);
  testing::WriteFile(dir.path() / "text.osm.pbf", "this is not a protocol buffer file at all\n");
  for (const char* name : {"half.osm.pbf", "corrupt.osm.pbf", "text.osm.pbf"}) {
    auto g = ImportOsm(dir.path() / name, Ems(), nullptr);
    ASSERT_FALSE(g.ok()) << name;
    EXPECT_EQ(g.status().code(), StatusCode::kDataLoss) << g.status();
    EXPECT_NE(std::string(g.status().message()).find(name), std::string::npos) << g.status();
  }
  EXPECT_EQ(ImportOsm(dir.path() / "absent.osm.pbf", Ems(), nullptr).status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace beacon::routing
