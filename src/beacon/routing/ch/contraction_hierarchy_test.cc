// Build and small hand-checked graphs: edge cases of the input arc list.
#include "beacon/routing/ch/contraction_hierarchy.h"

#include <gtest/gtest.h>

#include "beacon/routing/ch/ch_test_util.h"
#include "beacon/routing/ch/contraction_hierarchy_query.h"

namespace beacon::routing::ch {
namespace {

InputArc A(std::uint32_t tail, std::uint32_t head, std::uint32_t weight, std::uint32_t id) {
  return {NodeId{tail}, NodeId{head}, weight, ArcId{id}};
}
std::vector<Seed> At(std::uint32_t node, std::uint32_t offset = 0) {
  return {Seed{NodeId{node}, offset}};
}

TEST(ContractionHierarchy, EmptyGraphBuildsAndAnswersEmpty) {
  auto index = ContractionHierarchy::Build(0, {});
  ASSERT_TRUE(index.ok()) << index.status();
  EXPECT_EQ(index->num_nodes(), 0U);
  ContractionHierarchyQuery query(*index);
  EXPECT_TRUE(query.OneToAll({}).empty());
  EXPECT_TRUE(query.Matrix({}, {}).empty());
  EXPECT_EQ(query.Distance({}, {}), kUnreachable);
}

TEST(ContractionHierarchy, SingleNodeReachesItselfAtTheOffsets) {
  auto index = ContractionHierarchy::Build(1, {});
  ASSERT_TRUE(index.ok());
  ContractionHierarchyQuery query(*index);
  EXPECT_EQ(query.Distance(At(0), At(0)), 0U);
  EXPECT_EQ(query.Distance(At(0, 7), At(0, 5)), 12U);
  const PathResult path = query.Path(At(0, 7), At(0, 5));
  EXPECT_EQ(path.distance, 12U);
  EXPECT_TRUE(path.arcs.empty());
  EXPECT_EQ(path.nodes, std::vector<NodeId>{NodeId{0}});
  EXPECT_EQ(query.OneToAll(At(0, 3))[0], 3U);
}

TEST(ContractionHierarchy, RejectsArcsNamingMissingNodes) {
  const std::vector<InputArc> arcs = {A(0, 1, 5, 0), A(1, 3, 5, 1)};
  auto index = ContractionHierarchy::Build(3, arcs);
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.error().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(index.error().message().find("arc 1"), std::string_view::npos)
      << index.error().message();
}

TEST(ContractionHierarchy, RejectsZeroWitnessLimits) {
  auto index = ContractionHierarchy::Build(1, {}, {.witness_settled_limit = 0});
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.error().code(), StatusCode::kInvalidArgument);
}

TEST(ContractionHierarchy, ParallelArcsUseTheLightestAndReportItsId) {
  // 0 -> 1 three times (ids 10, 11, 12), then 1 -> 2.
  const std::vector<InputArc> arcs = {A(0, 1, 9, 10), A(0, 1, 4, 11), A(0, 1, 6, 12),
                                      A(1, 2, 3, 13)};
  auto index = ContractionHierarchy::Build(3, arcs);
  ASSERT_TRUE(index.ok());
  ContractionHierarchyQuery query(*index);
  const PathResult path = query.Path(At(0), At(2));
  EXPECT_EQ(path.distance, 7U);
  EXPECT_EQ(path.arcs, (std::vector<ArcId>{ArcId{11}, ArcId{13}}));
  EXPECT_EQ(path.nodes, (std::vector<NodeId>{NodeId{0}, NodeId{1}, NodeId{2}}));
}

TEST(ContractionHierarchy, SelfLoopsAreIgnored) {
  const std::vector<InputArc> arcs = {A(0, 0, 1, 0), A(0, 1, 5, 1), A(1, 1, 0, 2)};
  auto index = ContractionHierarchy::Build(2, arcs);
  ASSERT_TRUE(index.ok());
  ContractionHierarchyQuery query(*index);
  EXPECT_EQ(query.Distance(At(0), At(1)), 5U);
  EXPECT_EQ(query.Distance(At(1), At(0)), kUnreachable);
  EXPECT_EQ(query.Path(At(0), At(1)).arcs, std::vector<ArcId>{ArcId{1}});
  EXPECT_EQ(query.Distance(At(0), At(0)), 0U);
}

TEST(ContractionHierarchy, ZeroWeightArcsAndShortcutsUnpackToTheOriginalArcs) {
  // A path 0 -> 1 -> ... -> 9 with zero and non-zero weights and a slower direct arc 0 -> 9.
  std::vector<InputArc> arcs;
  for (std::uint32_t i = 0; i < 9; ++i) arcs.push_back(A(i, i + 1, i % 3 == 0 ? 0 : 2, i));
  arcs.push_back(A(0, 9, 100, 9));
  auto index = ContractionHierarchy::Build(10, arcs);
  ASSERT_TRUE(index.ok());
  ContractionHierarchyQuery query(*index);
  const PathResult path = query.Path(At(0), At(9));
  EXPECT_EQ(path.distance, 12U);
  ASSERT_EQ(path.arcs.size(), 9U);
  for (std::uint32_t i = 0; i < 9; ++i) EXPECT_EQ(path.arcs[i], ArcId{i});
}

TEST(ContractionHierarchy, DisconnectedComponentsAreUnreachable) {
  // Two triangles, no arc between them.
  const std::vector<InputArc> arcs = {A(0, 1, 1, 0), A(1, 2, 1, 1), A(2, 0, 1, 2),
                                      A(3, 4, 1, 3), A(4, 5, 1, 4), A(5, 3, 1, 5)};
  auto index = ContractionHierarchy::Build(6, arcs);
  ASSERT_TRUE(index.ok());
  ContractionHierarchyQuery query(*index);
  EXPECT_EQ(query.Distance(At(0), At(2)), 2U);
  EXPECT_EQ(query.Distance(At(0), At(4)), kUnreachable);
  const PathResult none = query.Path(At(3), At(1));
  EXPECT_EQ(none.distance, kUnreachable);
  EXPECT_TRUE(none.arcs.empty());
  const std::vector<std::vector<Seed>> places = {At(1), At(4)};
  EXPECT_EQ(query.OneToMany(At(0), testing::Spans(places)),
            (std::vector<std::uint64_t>{1, kUnreachable}));
  EXPECT_EQ(query.ManyToOne(testing::Spans(places), At(0)),
            (std::vector<std::uint64_t>{2, kUnreachable}));
  const auto all = query.OneToAll(At(3));
  EXPECT_EQ(std::vector<std::uint64_t>(all.begin(), all.end()),
            (std::vector<std::uint64_t>{kUnreachable, kUnreachable, kUnreachable, 0, 1, 2}));
}

TEST(ContractionHierarchy, ShortcutWeightsBeyond32BitsAreAnError) {
  // 0 -> 1 -> 2 at 3e9 ms each: the shortcut 0 -> 2 (whichever end is contracted last) would
  // weigh 6e9 ms. Node 1 must be contracted before one of its neighbours for that to happen;
  // either way the build must not silently wrap.
  const std::vector<InputArc> arcs = {A(0, 1, 3'000'000'000U, 0), A(1, 2, 3'000'000'000U, 1)};
  auto index = ContractionHierarchy::Build(3, arcs);
  if (index.ok()) {
    ContractionHierarchyQuery query(*index);
    EXPECT_EQ(query.Distance(At(0), At(2)), 6'000'000'000U);
  } else {
    EXPECT_EQ(index.error().code(), StatusCode::kOutOfRange);
  }
}

TEST(ContractionHierarchy, CheapOrderingOptionsStayExact) {
  // Tiny witness limits, a hop limit and no neighbour re-simulation: more shortcuts, same answers.
  Rng rng(11);
  const SyntheticGraph g = MakeGrid({.width = 30, .height = 30}, rng);
  auto index = ContractionHierarchy::Build(g.num_nodes, g.arcs,
                                           {.witness_settled_limit = 20,
                                            .priority_settled_limit = 5,
                                            .witness_hop_limit = 2,
                                            .resimulate_neighbours = false});
  ASSERT_TRUE(index.ok());
  ContractionHierarchyQuery query(*index);
  for (int i = 0; i < 20; ++i) {
    const auto s = static_cast<std::uint32_t>(rng.UniformInt(g.num_nodes));
    const auto ref = testing::ReferenceDijkstra(g).Run(At(s), false);
    const auto all = query.OneToAll(At(s));
    EXPECT_EQ(std::vector<std::uint64_t>(all.begin(), all.end()), ref);
  }
}

}  // namespace
}  // namespace beacon::routing::ch
