#include "beacon/routing/dimacs.h"

#include <gtest/gtest.h>

#include "beacon/routing/dijkstra_router.h"
#include "beacon/routing/test_graphs.h"

namespace beacon::routing {
namespace {

using testing::TempDir;
using testing::WriteFile;

constexpr const char* kSmall =
    "c a small graph with known answers\n"
    "p sp 5 5\n"
    "a 1 2 10\n"
    "a 2 3 20\n"
    "a 1 3 40\n"
    "a 3 4 5\n"
    "a 4 1 7\n";

Milliseconds Query(DijkstraRouter& r, std::uint32_t s, std::uint32_t t) {  // 1-based ids
  return r.OneToOne(Place::AtNode(NodeId{s - 1}), Place::AtNode(NodeId{t - 1}));
}

TEST(Dimacs, KeepsIdsAndWeightsAsGiven) {
  TempDir dir;
  WriteFile(dir.path() / "small.gr", kSmall);
  auto g = ReadDimacs(dir.path() / "small.gr");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->num_nodes(), 5u);  // node 5 has no arcs but keeps its id
  EXPECT_EQ(g->num_arcs(), 5u);
  EXPECT_EQ(g->weight_unit(), WeightUnit::kAsGiven);
  EXPECT_FALSE(g->has_coordinates());
  DijkstraRouter r(*g);
  EXPECT_EQ(Query(r, 1, 3).count(), 30);  // 1-2-3 beats the direct 40
  EXPECT_EQ(Query(r, 1, 4).count(), 35);
  EXPECT_EQ(Query(r, 4, 2).count(), 17);
  EXPECT_EQ(Query(r, 3, 2).count(), 22);
  EXPECT_EQ(Query(r, 2, 1).count(), 32);
  EXPECT_EQ(Query(r, 1, 5), kUnreachable);
  EXPECT_EQ(Query(r, 5, 1), kUnreachable);
}

TEST(Dimacs, CoordinatesMakeTheGraphSnappable) {
  TempDir dir;
  WriteFile(dir.path() / "g.gr", "p sp 2 1\na 1 2 99\n");
  WriteFile(dir.path() / "g.co",
            "c coordinates\np aux sp co 2\nv 1 -71060000 42360000\nv 2 -71060000 42361000\n");
  auto g = ReadDimacs(dir.path() / "g.gr", dir.path() / "g.co");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_TRUE(g->has_coordinates());
  EXPECT_DOUBLE_EQ(g->Position(NodeId{1}).lat, 42.361);
  EXPECT_NEAR(g->LengthCm(ArcId{0}), 11120, 1);  // 0.001 degree of latitude
}

struct BadCase {
  const char* name;
  const char* gr;
  const char* want;  // part of the error message
};

TEST(Dimacs, BadLinesAreErrorsNamingFileAndLine) {
  const BadCase cases[] = {
      {"head_out_of_range", "p sp 2 1\na 1 3 5\n", "bad.gr:2: arc head 3 is outside 1..2"},
      {"tail_zero", "p sp 2 1\na 0 2 5\n", "bad.gr:2: arc tail 0 is outside 1..2"},
      {"not_a_number", "p sp 2 1\na 1 2 five\n", "bad.gr:2: expected 'a TAIL HEAD WEIGHT'"},
      {"negative_weight", "p sp 2 1\na 1 2 -5\n", "bad.gr:2: arc weight -5 is outside"},
      {"huge_weight", "p sp 2 1\na 1 2 4294967296\n", "arc weight 4294967296 is outside"},
      {"unknown_line", "p sp 2 1\nx 1 2 5\n", "bad.gr:2: unknown line type 'x'"},
      {"arc_before_problem", "a 1 2 5\np sp 2 1\n", "bad.gr:1: an arc line before the problem"},
      {"no_problem_line", "c nothing\n", "no problem line"},
      {"two_problem_lines", "p sp 2 1\np sp 2 1\n", "bad.gr:2: expected one problem line"},
      {"truncated", "p sp 3 3\na 1 2 5\na 2 3 5\n", "2 arc lines, but the problem line declares 3"},
      {"too_many_arcs", "p sp 2 1\na 1 2 5\na 2 1 5\n", "bad.gr:3: more arc lines than the 1"},
      {"extra_field", "p sp 2 1\na 1 2 5 6\n", "bad.gr:2: expected 'a TAIL HEAD WEIGHT'"},
  };
  TempDir dir;
  for (const BadCase& c : cases) {
    WriteFile(dir.path() / "bad.gr", c.gr);
    auto g = ReadDimacs(dir.path() / "bad.gr");
    ASSERT_FALSE(g.ok()) << c.name;
    EXPECT_NE(std::string(g.status().message()).find(c.want), std::string::npos)
        << c.name << ": " << g.status();
  }
  EXPECT_EQ(ReadDimacs(dir.path() / "missing.gr").status().code(), StatusCode::kNotFound);
}

TEST(Dimacs, BadCoordinateFilesAreErrors) {
  TempDir dir;
  WriteFile(dir.path() / "g.gr", "p sp 2 1\na 1 2 99\n");
  const BadCase cases[] = {
      {"count", "p aux sp co 3\n", "3 coordinates for a graph of 2 nodes"},
      {"missing_node", "p aux sp co 2\nv 1 -71060000 42360000\n", "1 of 2 nodes have coordinates"},
      {"out_of_range", "p aux sp co 2\nv 1 -71060000 95000000\n", "latitude 95 is outside"},
      {"duplicate", "p aux sp co 2\nv 1 1 1\nv 1 1 1\n", "node 1 appears twice"},
      {"bad_number", "p aux sp co 2\nv 1 x 1\n", "expected 'v ID X Y'"},
  };
  for (const BadCase& c : cases) {
    WriteFile(dir.path() / "g.co", c.gr);
    auto g = ReadDimacs(dir.path() / "g.gr", dir.path() / "g.co");
    ASSERT_FALSE(g.ok()) << c.name;
    EXPECT_NE(std::string(g.status().message()).find(c.want), std::string::npos)
        << c.name << ": " << g.status();
  }
}

}  // namespace
}  // namespace beacon::routing
