#include "beacon/routing/ch_router.h"

#include <gtest/gtest.h>

#include <random>

#include "beacon/routing/dijkstra_router.h"
#include "beacon/routing/snapper.h"
#include "beacon/routing/test_graphs.h"

namespace beacon::routing {
namespace {

using testing::MakeGraph;
using testing::Street;

// A random street grid with one-ways and some missing streets (so some pairs are unreachable).
Graph RandomCity(unsigned seed, int side) {
  std::mt19937 gen(seed);
  std::uniform_int_distribution<int> ms(2000, 60000), pick(0, 9);
  std::vector<LatLon> nodes;
  for (int r = 0; r < side; ++r) {
    for (int c = 0; c < side; ++c) nodes.push_back({42.30 + 0.002 * r, -71.10 + 0.002 * c});
  }
  std::vector<Street> streets;
  auto id = [side](int r, int c) { return static_cast<std::uint32_t>(r * side + c); };
  for (int r = 0; r < side; ++r) {
    for (int c = 0; c < side; ++c) {
      for (auto [dr, dc] : {std::pair{0, 1}, std::pair{1, 0}}) {
        if (r + dr >= side || c + dc >= side) continue;
        const int kind = pick(gen);
        if (kind == 0) continue;  // missing street
        const bool reverse = kind == 1;
        const std::uint32_t a = id(r, c), b = id(r + dr, c + dc);
        streets.push_back(
            {reverse ? b : a, reverse ? a : b, static_cast<std::uint32_t>(ms(gen)), kind > 2, ""});
      }
    }
  }
  // A node that can only be left (a one-way out of a private drive): nothing reaches it.
  nodes.push_back({42.2995, -71.1005});
  streets.push_back({static_cast<std::uint32_t>(side * side), 0, 5000, false, ""});
  return MakeGraph(nodes, streets);
}

TEST(ChRouter, EqualsDijkstraOnRandomCitiesWithMidStreetPlaces) {
  for (unsigned seed : {1u, 2u, 3u}) {
    const Graph g = RandomCity(seed, 18);
    auto index = ChIndex::Build(g);
    ASSERT_TRUE(index.ok()) << index.status();
    auto snapper = Snapper::Create(g);
    ASSERT_TRUE(snapper.ok());
    std::mt19937 gen(seed + 100);
    std::uniform_real_distribution<double> lat(42.30, 42.334), lon(-71.10, -71.066);
    std::vector<Place> places;
    for (int i = 0; i < 40; ++i) {
      auto p = snapper->Locate({lat(gen), lon(gen)}, Meters(500));
      if (p.ok()) places.push_back(std::move(p).value());
    }
    for (std::uint32_t v = 0; v < 10; ++v) places.push_back(Place::AtNode(NodeId{v * 31}));
    places.push_back(Place::AtNode(NodeId{g.num_nodes() - 1}));  // the node nothing reaches
    DijkstraRouter dijkstra(g);
    ChRouter ch(g, *index);
    ChPlaceCache to_one(g, *index, ChPlaceCache::Direction::kToOne);
    ChPlaceCache from_one(g, *index, ChPlaceCache::Direction::kFromOne);
    for (std::uint32_t i = 0; i < places.size(); ++i) {
      to_one.Set(i, places[i]);
      from_one.Set(i, places[i]);
    }
    const auto matrix = ch.Matrix(places, places);
    bool unreachable_seen = false;
    for (std::size_t i = 0; i < places.size(); ++i) {
      const auto want = dijkstra.OneToMany(places[i], places);
      EXPECT_EQ(ch.OneToMany(places[i], places), want);
      EXPECT_EQ(ch.ManyToOne(places, places[i]), dijkstra.ManyToOne(places, places[i]));
      EXPECT_EQ(to_one.Times(places[i]), dijkstra.ManyToOne(places, places[i]));
      EXPECT_EQ(from_one.Times(places[i]), want);
      for (std::size_t j = 0; j < places.size(); ++j) {
        ASSERT_EQ(ch.OneToOne(places[i], places[j]), want[j]) << seed << ":" << i << "," << j;
        ASSERT_EQ(matrix[i * places.size() + j], want[j]);
        unreachable_seen |= want[j] == kUnreachable;
        const auto path = ch.Path(places[i], places[j]);
        ASSERT_EQ(path.has_value(), want[j] != kUnreachable);
        if (path) {
          EXPECT_EQ(path->time, want[j]);
        }
      }
    }
    EXPECT_TRUE(unreachable_seen) << "the generator leaves some pairs without a path";
  }
}

TEST(ChPlaceCache, EmptySlotsAreUnreachableAndSlotsGrow) {
  const Graph g = RandomCity(4, 6);
  auto index = ChIndex::Build(g);
  ASSERT_TRUE(index.ok()) << index.status();
  ChPlaceCache cache(g, *index, ChPlaceCache::Direction::kToOne);
  const Place target = Place::AtNode(NodeId{7});
  EXPECT_TRUE(cache.Times(target).empty());
  cache.Set(3, Place::AtNode(NodeId{7}));  // slots 0..2 stay empty
  ASSERT_EQ(cache.num_slots(), 4U);
  EXPECT_EQ(cache.Times(target),
            (std::vector<Milliseconds>{kUnreachable, kUnreachable, kUnreachable, Milliseconds(0)}));
  DijkstraRouter dijkstra(g);
  cache.Set(3, Place::AtNode(NodeId{20}));  // the unit moved
  EXPECT_EQ(cache.Times(target)[3], dijkstra.OneToOne(Place::AtNode(NodeId{20}), target));
  cache.Clear(3);
  cache.Clear(99);  // clearing a slot that never existed is harmless
  EXPECT_EQ(cache.Times(target)[3], kUnreachable);
}

TEST(ChIndex, SavesAndLoadsItsCompanionFile) {
  testing::TempDir dir;
  const Graph g = RandomCity(7, 10);
  auto index = ChIndex::Build(g);
  ASSERT_TRUE(index.ok());
  const auto path = ChIndex::CompanionPath(dir.path() / "city.graph");
  EXPECT_EQ(path.filename(), "city.graph.ch");
  ASSERT_TRUE(index->Save(path).ok());
  auto loaded = ChIndex::Load(path, g);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ChRouter a(g, *index), b(g, *loaded);
  for (std::uint32_t v = 0; v < g.num_nodes(); v += 7) {
    EXPECT_EQ(a.OneToOne(Place::AtNode(NodeId{0}), Place::AtNode(NodeId{v})),
              b.OneToOne(Place::AtNode(NodeId{0}), Place::AtNode(NodeId{v})));
  }
}

TEST(ChIndex, RejectsAnotherGraphsOrCorruptFiles) {
  testing::TempDir dir;
  const Graph g = RandomCity(7, 10);
  const Graph other = RandomCity(8, 10);
  const auto path = dir.path() / "city.graph.ch";
  ASSERT_TRUE(ChIndex::Build(g)->Save(path).ok());
  auto wrong = ChIndex::Load(path, other);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message().find("was built for another graph"), std::string_view::npos)
      << wrong.error();

  std::string bytes = testing::ReadFileBytes(path);
  testing::WriteFile(dir.path() / "short.ch", bytes.substr(0, bytes.size() / 2));
  auto truncated = ChIndex::Load(dir.path() / "short.ch", g);
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.error().message().find("truncated"), std::string_view::npos);

  std::string flipped = bytes;
  flipped[8] = static_cast<char>(flipped[8] + 1);  // version
  testing::WriteFile(dir.path() / "version.ch", flipped);
  EXPECT_NE(ChIndex::Load(dir.path() / "version.ch", g).error().message().find("format version"),
            std::string_view::npos);

  testing::WriteFile(dir.path() / "junk.ch", "not a hierarchy");
  EXPECT_NE(ChIndex::Load(dir.path() / "junk.ch", g)
                .error()
                .message()
                .find("not a Beacon "
                      "hierarchy file"),
            std::string_view::npos);
  EXPECT_EQ(ChIndex::Load(dir.path() / "absent.ch", g).error().code(), StatusCode::kNotFound);

  std::string body = bytes;
  for (std::size_t i = 40; i < body.size(); i += 97) body[i] = static_cast<char>(~body[i]);
  testing::WriteFile(dir.path() / "body.ch", body);
  auto corrupt = ChIndex::Load(dir.path() / "body.ch", g);  // must not crash
  if (corrupt.ok()) {
    // Deserialize validated the structure; queries must still be safe.
    ChRouter r(g, *corrupt);
    (void)r.OneToOne(Place::AtNode(NodeId{0}), Place::AtNode(NodeId{5}));
  }
}

}  // namespace
}  // namespace beacon::routing
