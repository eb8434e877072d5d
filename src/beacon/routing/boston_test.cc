// Tests on the real Boston street file (label `data`). The graph is built once per binary.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "beacon/geo/distance.h"
#include "beacon/routing/ch_router.h"
#include "beacon/routing/dijkstra_router.h"
#include "beacon/routing/geojson_import.h"
#include "beacon/routing/overrides.h"
#include "beacon/routing/profile.h"
#include "beacon/routing/snapper.h"

#include "testing/testing.h"

namespace beacon::routing {
namespace {

class Boston : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto streets = beacon::testing::SharedDataDir() / "boston" / "streets.geojson";
    if (!std::filesystem::exists(streets)) {
      missing_ = "missing shared data file '" + streets.string() + "' (set BEACON_DATA_DIR)";
      return;
    }
    auto profile = LoadProfile(std::string(BEACON_SOURCE_DIR) + "/data/profiles/ems.yaml");
    ASSERT_TRUE(profile.ok()) << profile.status();
    auto overrides =
        LoadOverrides(std::string(BEACON_SOURCE_DIR) + "/data/cities/boston/street_overrides.csv");
    ASSERT_TRUE(overrides.ok()) << overrides.status();
    report_ = new ImportReport();
    auto g = ImportGeoJson(streets, *profile, &*overrides, report_);
    ASSERT_TRUE(g.ok()) << g.status();
    graph_ = new Graph(std::move(g).value());
  }
  static void TearDownTestSuite() {
    delete graph_;
    delete report_;
    graph_ = nullptr;
    report_ = nullptr;
  }
  void SetUp() override {
    if (!missing_.empty()) GTEST_FAIL() << missing_;
    ASSERT_NE(graph_, nullptr);
  }

  // Deterministic points spread over the city, snapped within 150 m (some fall in the harbour).
  static std::vector<Place> RandomPlaces(const Snapper& snapper, int count, unsigned seed) {
    std::mt19937 gen(seed);
    const auto& b = graph_->bounds();
    std::uniform_real_distribution<double> lat(b.min_lat, b.max_lat), lon(b.min_lon, b.max_lon);
    std::vector<Place> out;
    while (static_cast<int>(out.size()) < count) {
      auto p = snapper.Locate({lat(gen), lon(gen)}, Meters(150));
      if (p.ok()) out.push_back(std::move(p).value());
    }
    return out;
  }

  static inline Graph* graph_ = nullptr;
  static inline ImportReport* report_ = nullptr;
  static inline std::string missing_;
};

TEST_F(Boston, KeepsTheLargestStronglyConnectedComponentAndReportsTheRest) {
  const ComponentReport& c = report_->components;
  EXPECT_EQ(graph_->num_nodes(), c.kept_nodes);
  EXPECT_GT(c.components, 1u);
  EXPECT_GT(c.kept_nodes, c.nodes_before * 95 / 100);  // the data README: 98 % of intersections
  EXPECT_LT(c.kept_nodes, c.nodes_before);
  ASSERT_FALSE(c.largest_dropped.empty());
  EXPECT_GE(c.largest_dropped.front().nodes, c.largest_dropped.back().nodes);
  // Every kept node can reach every other: one forward search reaches all of them.
  DijkstraRouter r(*graph_);
  std::vector<Place> all;
  for (std::uint32_t v = 0; v < graph_->num_nodes(); v += 97)
    all.push_back(Place::AtNode(NodeId{v}));
  for (Milliseconds t : r.OneToMany(Place::AtNode(NodeId{0}), all)) EXPECT_NE(t, kUnreachable);
  for (Milliseconds t : r.ManyToOne(all, Place::AtNode(NodeId{0}))) EXPECT_NE(t, kUnreachable);
}

TEST_F(Boston, KnownGapsAreHandled) {
  // The data README: cfcc A71 (6) and A72 (3) are not drivable.
  EXPECT_EQ(report_->Get("dropped_not_drivable_census_class"), 9u);
  // 115 segments are posted below 10 mph; 9 of them are the walkways and stairways dropped.
  EXPECT_EQ(report_->Get("min_speed_raised_segments"), 106u);
  // About 1,858 segments have no class or name; 35 of those have a city one-way attribute.
  EXPECT_EQ(report_->Get("unattributed_default_applied"), 1823u);
  // 96 segment ends lie on another's interior vertex; splits happen where the grade matches.
  EXPECT_GE(report_->Get("t_junction_splits"), 85u);
  EXPECT_LE(report_->Get("t_junction_splits"), 96u);
  EXPECT_EQ(report_->Get("override_cut_points"), 4u);
  EXPECT_EQ(report_->Get("override_class"), 7u);
}

TEST_F(Boston, CutOverrideKeepsTheMassPikeOffEverettStreet) {
  // street_overrides.csv: I-90 segments 11620 and 15472 pass under Everett Street at this point;
  // the data joins them. After the cut no node there has both Everett Street and I-90 arcs.
  const LatLon cut{42.3572567, -71.1380996};
  int everett_nodes = 0, pike_nodes = 0;
  for (std::uint32_t v = 0; v < graph_->num_nodes(); ++v) {
    if (geo::HaversineDistance(graph_->Position(NodeId{v}), cut).value() > 1.0) continue;
    bool everett = false, pike = false;
    for (ArcId a : graph_->OutArcs(NodeId{v})) {
      everett |= graph_->Name(a) == "Everett Street";
      pike |= graph_->SourceId(a) == 11620 || graph_->SourceId(a) == 15472;
    }
    for (std::uint32_t a : graph_->InArcs(NodeId{v})) {
      everett |= graph_->Name(ArcId{a}) == "Everett Street";
      pike |= graph_->SourceId(ArcId{a}) == 11620 || graph_->SourceId(ArcId{a}) == 15472;
    }
    EXPECT_FALSE(everett && pike) << "node " << v + 1 << " joins Everett Street to I-90";
    everett_nodes += everett ? 1 : 0;
    pike_nodes += pike ? 1 : 0;
  }
  EXPECT_EQ(everett_nodes, 1);
  EXPECT_EQ(pike_nodes, 1);
}

TEST_F(Boston, OneToManyAndMatrixEqualRepeatedOneToOne) {
  auto snapper = Snapper::Create(*graph_);
  ASSERT_TRUE(snapper.ok());
  const std::vector<Place> sources = RandomPlaces(*snapper, 6, 1);
  const std::vector<Place> targets = RandomPlaces(*snapper, 25, 2);
  DijkstraRouter r(*graph_);
  const auto matrix = r.Matrix(sources, targets);
  ASSERT_EQ(matrix.size(), sources.size() * targets.size());
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const auto row = r.OneToMany(sources[i], targets);
    for (std::size_t j = 0; j < targets.size(); ++j) {
      const Milliseconds one = r.OneToOne(sources[i], targets[j]);
      EXPECT_NE(one, kUnreachable);
      EXPECT_EQ(row[j], one) << i << "->" << j;
      EXPECT_EQ(matrix[i * targets.size() + j], one) << i << "->" << j;
      const auto path = r.Path(sources[i], targets[j]);
      ASSERT_TRUE(path.has_value());
      EXPECT_EQ(path->time, one);
    }
  }
  for (std::size_t j = 0; j < 5; ++j) {
    const auto col = r.ManyToOne(sources, targets[j]);
    for (std::size_t i = 0; i < sources.size(); ++i) {
      EXPECT_EQ(col[i], matrix[i * targets.size() + j]) << i << "->" << j;
    }
  }
}

TEST_F(Boston, SnapsHospitalsAndSaysHowFarTheUnsnappableAreas) {
  auto snapper = Snapper::Create(*graph_);
  ASSERT_TRUE(snapper.ok());
  // Massachusetts General Hospital's entrance on Fruit Street snaps within a few tens of metres.
  auto mgh = snapper->Nearest({42.3626, -71.0690}, Meters(200));
  ASSERT_TRUE(mgh.ok()) << mgh.status();
  EXPECT_LT(mgh->distance.value(), 80);
  // A point in the harbour, 3 km from any road, is an error that says how far.
  auto sea = snapper->Nearest({42.335, -70.95}, Meters(200));
  ASSERT_FALSE(sea.ok());
  EXPECT_NE(
      std::string(sea.status().message()).find("m from the nearest road (the limit is 200 m)"),
      std::string::npos)
      << sea.status();
}

}  // namespace
}  // namespace beacon::routing

namespace beacon::routing {
namespace {

// Issue 4: the contraction hierarchy answers exactly as Dijkstra on 10,000 Boston pairs between
// mid-street places, for one-to-one, one-to-many, many-to-one and the matrix, and its paths are
// Dijkstra's times along valid arcs.
TEST_F(Boston, ContractionHierarchyEqualsDijkstraOnTenThousandPairs) {
  auto index = ChIndex::Build(*graph_);
  ASSERT_TRUE(index.ok()) << index.status();
  auto snapper = Snapper::Create(*graph_);
  ASSERT_TRUE(snapper.ok());
  const std::vector<Place> sources = RandomPlaces(*snapper, 100, 11);
  const std::vector<Place> targets = RandomPlaces(*snapper, 100, 12);
  DijkstraRouter dijkstra(*graph_);
  ChRouter ch(*graph_, *index);
  const std::vector<Milliseconds> matrix = ch.Matrix(sources, targets);
  int checked = 0;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::vector<Milliseconds> want = dijkstra.OneToMany(sources[i], targets);
    const std::vector<Milliseconds> row = ch.OneToMany(sources[i], targets);
    for (std::size_t j = 0; j < targets.size(); ++j) {
      ASSERT_EQ(ch.OneToOne(sources[i], targets[j]), want[j]) << i << "," << j;
      ASSERT_EQ(row[j], want[j]) << i << "," << j;
      ASSERT_EQ(matrix[i * targets.size() + j], want[j]) << i << "," << j;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 10000);
  // Units (the sources) to incidents (the targets), plainly and through a ChPlaceCache whose units
  // move between queries: 10,000 more pairs.
  ChPlaceCache fleet(*graph_, *index, ChPlaceCache::Direction::kToOne);
  std::vector<Place> units = sources;
  for (std::uint32_t u = 0; u < units.size(); ++u) fleet.Set(u, units[u]);
  const std::vector<Place> moved = RandomPlaces(*snapper, 100, 13);
  for (std::size_t j = 0; j < targets.size(); ++j) {
    units[j] = moved[j];  // one unit moves before each query
    fleet.Set(static_cast<std::uint32_t>(j), units[j]);
    const std::vector<Milliseconds> want = dijkstra.ManyToOne(units, targets[j]);
    ASSERT_EQ(fleet.Times(targets[j]), want) << "incident " << j;
    if (j < 10) {
      EXPECT_EQ(ch.ManyToOne(units, targets[j]), want);
    }
  }
  for (std::size_t k = 0; k < 100; ++k) {
    const auto want = dijkstra.Path(sources[k], targets[k]);
    const auto got = ch.Path(sources[k], targets[k]);
    ASSERT_EQ(got.has_value(), want.has_value());
    if (!got) continue;
    EXPECT_EQ(got->time, want->time);
    for (std::size_t a = 1; a < got->arcs.size(); ++a) {
      EXPECT_EQ(graph_->Head(got->arcs[a - 1]), graph_->Tail(got->arcs[a])) << "path " << k;
    }
    EXPECT_GE(got->polyline.size(), 2u);
  }
}

}  // namespace
}  // namespace beacon::routing
