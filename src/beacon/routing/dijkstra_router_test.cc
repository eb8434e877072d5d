#include "beacon/routing/dijkstra_router.h"

#include <gtest/gtest.h>

#include <limits>
#include <queue>
#include <random>
#include <ranges>

#include "beacon/routing/graph_builder.h"
#include "beacon/routing/snapper.h"
#include "beacon/routing/test_graphs.h"

namespace beacon::routing {
namespace {

using testing::MakeGraph;
using testing::Street;

Place N(std::uint32_t v) { return Place::AtNode(NodeId{v}); }
Milliseconds Ms(std::int64_t v) { return Milliseconds(v); }

// A one-way loop 0->1->2->3->0 (1 s each) and a slow two-way diagonal 0-2 (5 s).
//   0 -> 1
//   ^  \  v
//   3 <- 2
Graph OneWayLoop() {
  return MakeGraph({{42.361, -71.061}, {42.361, -71.060}, {42.360, -71.060}, {42.360, -71.061}},
                   {{0, 1, 1000, false, "North"},
                    {1, 2, 1000, false, "East"},
                    {2, 3, 1000, false, "South"},
                    {3, 0, 1000, false, "West"},
                    {0, 2, 5000, true, "Diagonal"}});
}

TEST(DijkstraRouter, OneWaysAreFollowed) {
  const Graph g = OneWayLoop();
  DijkstraRouter r(g);
  EXPECT_EQ(r.OneToOne(N(0), N(3)), Ms(3000));  // around the loop, not against West
  EXPECT_EQ(r.OneToOne(N(3), N(0)), Ms(1000));
  EXPECT_EQ(r.OneToOne(N(2), N(0)), Ms(2000));  // 2->3->0 beats the 5 s diagonal
  EXPECT_EQ(r.OneToOne(N(1), N(0)), Ms(3000));
  EXPECT_EQ(r.OneToOne(N(2), N(2)), Ms(0));
}

TEST(DijkstraRouter, TJunctionJoinsTheSideStreet) {
  // A - B - C straight, D off B (a T).
  const Graph g = MakeGraph(
      {{42.36, -71.062}, {42.36, -71.061}, {42.36, -71.060}, {42.361, -71.061}},
      {{0, 1, 1000, true, "Main"}, {1, 2, 1000, true, "Main"}, {1, 3, 500, true, "Side"}});
  DijkstraRouter r(g);
  EXPECT_EQ(r.OneToOne(N(0), N(3)), Ms(1500));
  EXPECT_EQ(r.OneToOne(N(3), N(2)), Ms(1500));
  const auto path = r.Path(N(0), N(3));
  ASSERT_TRUE(path.has_value());
  ASSERT_EQ(path->arcs.size(), 2u);
  EXPECT_EQ(g.Name(path->arcs[0]), "Main");
  EXPECT_EQ(g.Name(path->arcs[1]), "Side");
  EXPECT_EQ(path->polyline.size(), 3u);
}

TEST(DijkstraRouter, ABridgeOverAStreetDoesNotConnectToIt) {
  // Street 0-1-2 runs east; the bridge 3-4 runs north over node 1's position but shares no
  // node with the street. The only link between them is 2-4 (5 s).
  const Graph g = MakeGraph({{42.360, -71.062},
                             {42.360, -71.061},
                             {42.360, -71.060},
                             {42.361, -71.061},
                             {42.359, -71.061}},
                            {{0, 1, 1000, true, "Street"},
                             {1, 2, 1000, true, "Street"},
                             {3, 4, 2000, true, "Bridge"},
                             {2, 4, 5000, true, "Ramp"}});
  DijkstraRouter r(g);
  EXPECT_EQ(r.OneToOne(N(0), N(3)), Ms(9000));  // 0-1-2-4-3
  EXPECT_EQ(r.OneToOne(N(1), N(4)), Ms(6000));
}

TEST(DijkstraRouter, UnreachablePairsSayUnreachable) {
  // 0 <-> 1 -> 2 (a dead end: nothing leaves 2), 3 isolated.
  const Graph g = MakeGraph({{42.36, -71.06}, {42.361, -71.06}, {42.362, -71.06}, {42.37, -71.0}},
                            {{0, 1, 700, true, ""}, {1, 2, 300, false, ""}});
  DijkstraRouter r(g);
  EXPECT_EQ(r.OneToOne(N(0), N(2)), Ms(1000));
  EXPECT_EQ(r.OneToOne(N(2), N(0)), kUnreachable);
  EXPECT_EQ(r.OneToOne(N(0), N(3)), kUnreachable);
  EXPECT_FALSE(r.Path(N(2), N(1)).has_value());
  const std::vector<Place> targets = {N(0), N(1), N(2), N(3)};
  EXPECT_EQ(r.OneToMany(N(2), targets),
            (std::vector<Milliseconds>{kUnreachable, kUnreachable, Ms(0), kUnreachable}));
  EXPECT_EQ(r.ManyToOne(targets, N(2)),
            (std::vector<Milliseconds>{Ms(1000), Ms(300), Ms(0), kUnreachable}));
}

TEST(DijkstraRouter, MidStreetPlacesOnAOneWayStreet) {
  // One-way 0 -> 1 north (111.2 m, 10 s), back via 1 -> 2 -> 0 (10 s each).
  const Graph g = MakeGraph(
      {{42.3600, -71.0600}, {42.3610, -71.0600}, {42.3605, -71.0590}},
      {{0, 1, 10000, false, "Up"}, {1, 2, 10000, false, "Across"}, {2, 0, 10000, false, "Back"}});
  auto snapper = Snapper::Create(g);
  ASSERT_TRUE(snapper.ok()) << snapper.status();
  // A quarter and three quarters of the way up, a few metres west of the street.
  auto quarter = snapper->Locate({42.36025, -71.06003}, Meters(50));
  auto three_q = snapper->Locate({42.36075, -71.06003}, Meters(50));
  ASSERT_TRUE(quarter.ok() && three_q.ok());
  DijkstraRouter r(g);
  // Same arc, in its direction: 7500 - 2500 ms, no node in between.
  EXPECT_EQ(r.OneToOne(*quarter, *three_q), Ms(5000));
  // Against the one-way: to node 1 (2500), around (20000), up to the quarter (2500).
  EXPECT_EQ(r.OneToOne(*three_q, *quarter), Ms(25000));
  const auto path = r.Path(*three_q, *quarter);
  ASSERT_TRUE(path.has_value());
  EXPECT_EQ(path->time, Ms(25000));
  EXPECT_EQ(path->arcs.size(), 4u);  // partial Up, Across, Back, partial Up
  const auto same = r.Path(*quarter, *three_q);
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->arcs.size(), 1u);
  EXPECT_NEAR(static_cast<double>(same->length_cm), 5560, 1);  // half of 111.2 m
  ASSERT_GE(same->polyline.size(), 2u);
  EXPECT_NEAR(same->polyline.front().lat, 42.36025, 1e-6);
  EXPECT_NEAR(same->polyline.back().lat, 42.36075, 1e-6);
  // One-to-many and many-to-one see the same answers.
  const std::vector<Place> both = {*quarter, *three_q};
  EXPECT_EQ(r.OneToMany(*three_q, both), (std::vector<Milliseconds>{Ms(25000), Ms(0)}));
  EXPECT_EQ(r.ManyToOne(both, *quarter), (std::vector<Milliseconds>{Ms(0), Ms(25000)}));
}

TEST(DijkstraRouter, APlaceSnappedToTheStartOfAnArcIsAtItsTailNode) {
  // One-way square 0 -> 1 -> 2 -> 3 -> 0 (1 s each) and a slow one-way diagonal 0 -> 2 (1.5 s).
  // A point exactly at node 0 may snap onto the start of 0 -> 1; it must still be able to take
  // the diagonal, and a point at node 2 may snap onto the end of the diagonal.
  const Graph g =
      MakeGraph({{42.360, -71.060}, {42.361, -71.060}, {42.361, -71.059}, {42.360, -71.059}},
                {{0, 1, 1000, false, "A"},
                 {1, 2, 1000, false, "B"},
                 {2, 3, 1000, false, "C"},
                 {3, 0, 1000, false, "D"},
                 {0, 2, 1500, false, "Diagonal"}});
  auto snapper = Snapper::Create(g);
  ASSERT_TRUE(snapper.ok());
  DijkstraRouter r(g);
  for (ArcId first : g.OutArcs(NodeId{0})) {
    const Place start = snapper->PlaceAt(Snap{first, Meters(0), Meters(0), g.Position(NodeId{0})});
    for (ArcId last :
         g.InArcs(NodeId{2}) | std::views::transform([](std::uint32_t a) { return ArcId{a}; })) {
      const Place end = snapper->PlaceAt(
          Snap{last, Meters(0), Meters(g.LengthCm(last) / 100.0), g.Position(NodeId{2})});
      EXPECT_EQ(r.OneToOne(start, end), Ms(1500)) << g.Name(first) << " " << g.Name(last);
      EXPECT_EQ(r.OneToMany(start, std::vector<Place>{end})[0], Ms(1500));
    }
  }
}

TEST(DijkstraRouter, MidStreetPlacesOnATwoWayStreetGoEitherWay) {
  const Graph g =
      MakeGraph({{42.3600, -71.0600}, {42.3610, -71.0600}}, {{0, 1, 10000, true, "Both"}});
  auto snapper = Snapper::Create(g);
  ASSERT_TRUE(snapper.ok());
  auto quarter = snapper->Locate({42.36025, -71.0600}, Meters(50));
  auto three_q = snapper->Locate({42.36075, -71.0600}, Meters(50));
  ASSERT_TRUE(quarter.ok() && three_q.ok());
  DijkstraRouter r(g);
  EXPECT_EQ(r.OneToOne(*quarter, *three_q), Ms(5000));
  EXPECT_EQ(r.OneToOne(*three_q, *quarter), Ms(5000));
  EXPECT_EQ(r.OneToOne(*quarter, N(0)), Ms(2500));
  EXPECT_EQ(r.OneToOne(N(1), *quarter), Ms(7500));
}

// A plain unidirectional Dijkstra over an arc list: the reference the router is checked against.
std::vector<std::int64_t> Reference(std::uint32_t n,
                                    const std::vector<std::array<std::uint32_t, 3>>& arcs,
                                    std::uint32_t s) {
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> adj(n);
  for (const auto& a : arcs) adj[a[0]].push_back({a[1], a[2]});
  const std::int64_t inf = std::numeric_limits<std::int64_t>::max();
  std::vector<std::int64_t> d(n, inf);
  std::priority_queue<std::pair<std::int64_t, std::uint32_t>,
                      std::vector<std::pair<std::int64_t, std::uint32_t>>, std::greater<>>
      q;
  d[s] = 0;
  q.push({0, s});
  while (!q.empty()) {
    auto [dv, v] = q.top();
    q.pop();
    if (dv > d[v]) continue;
    for (auto [w, c] : adj[v]) {
      if (dv + c < d[w]) {
        d[w] = dv + c;
        q.push({d[w], w});
      }
    }
  }
  return d;
}

TEST(DijkstraRouter, AgreesWithAReferenceDijkstraOnRandomGraphs) {
  std::mt19937 gen(11);
  for (int round = 0; round < 5; ++round) {
    const std::uint32_t n = 150;
    std::vector<std::array<std::uint32_t, 3>> arcs;
    std::uniform_int_distribution<std::uint32_t> node(0, n - 1), weight(0, 1000);
    for (int i = 0; i < 400; ++i) arcs.push_back({node(gen), node(gen), weight(gen)});
    GraphBuilder b(WeightUnit::kAsGiven);
    b.AddNodesWithoutPositions(n);
    for (const auto& a : arcs) {
      b.AddArc(ArcInput{.tail = NodeId{a[0]},
                        .head = NodeId{a[1]},
                        .weight = a[2],
                        .length_cm = 0,
                        .road_class = RoadClass::kBenchmark,
                        .source_id = 0,
                        .name = {},
                        .shape = {}});
    }
    auto built = std::move(b).Build();
    ASSERT_TRUE(built.ok()) << built.status();
    const Graph& g = *built;
    DijkstraRouter r(g);
    std::vector<Place> all;
    for (std::uint32_t v = 0; v < n; ++v) all.push_back(N(v));
    const auto matrix = r.Matrix(all, all);
    for (std::uint32_t s = 0; s < n; s += 7) {
      const auto ref = Reference(n, arcs, s);
      const auto many = r.OneToMany(N(s), all);
      for (std::uint32_t t = 0; t < n; ++t) {
        const Milliseconds want =
            ref[t] == std::numeric_limits<std::int64_t>::max() ? kUnreachable : Ms(ref[t]);
        ASSERT_EQ(r.OneToOne(N(s), N(t)), want) << s << "->" << t;
        ASSERT_EQ(many[t], want) << s << "->" << t;
        ASSERT_EQ(matrix[s * n + t], want) << s << "->" << t;
        const auto path = r.Path(N(s), N(t));
        ASSERT_EQ(path.has_value(), want != kUnreachable);
        if (path) {
          std::int64_t sum = 0;
          std::uint32_t at = s;
          for (ArcId a : path->arcs) {
            ASSERT_EQ(g.Tail(a).value(), at);
            at = g.Head(a).value();
            sum += g.Weight(a);
          }
          EXPECT_EQ(at, t);
          EXPECT_EQ(Ms(sum), want);
        }
      }
      const auto to_s = r.ManyToOne(all, N(s));
      for (std::uint32_t t = 0; t < n; ++t) ASSERT_EQ(to_s[t], matrix[t * n + s]) << t << "->" << s;
    }
  }
}

}  // namespace
}  // namespace beacon::routing
