#include <gtest/gtest.h>

#include <array>
#include <cstring>

#include "beacon/base/crc32.h"
#include "beacon/routing/graph.h"
#include "beacon/routing/graph_builder.h"
#include "beacon/routing/graph_format.h"
#include "beacon/routing/test_graphs.h"

namespace beacon::routing {
namespace {

using testing::MakeGraph;
using testing::ReadFileBytes;
using testing::TempDir;
using testing::WriteFile;

Graph Small() {
  return MakeGraph({{42.36, -71.06}, {42.361, -71.06}, {42.361, -71.059}},
                   {{0, 1, 1000, true, "Charles Street"}, {1, 2, 700, false, "Beacon Street"}});
}

bool Contains(const Status& s, std::string_view part) {
  return std::string(s.message()).find(part) != std::string::npos;
}

TEST(GraphFile, SaveAndLoadRoundTripsEverything) {
  TempDir dir;
  const Graph g = Small();
  ASSERT_TRUE(g.Save(dir.path() / "g.graph").ok());
  auto loaded = Graph::Load(dir.path() / "g.graph");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->num_nodes(), 3u);
  EXPECT_EQ(loaded->num_arcs(), 3u);
  ASSERT_EQ(loaded->bytes().size(), g.bytes().size());
  EXPECT_EQ(std::memcmp(loaded->bytes().data(), g.bytes().data(), g.bytes().size()), 0);
  for (std::uint32_t a = 0; a < g.num_arcs(); ++a) {
    const ArcId id{a};
    EXPECT_EQ(loaded->Head(id), g.Head(id));
    EXPECT_EQ(loaded->Weight(id), g.Weight(id));
    EXPECT_EQ(loaded->Name(id), g.Name(id));
    EXPECT_EQ(loaded->Twin(id), g.Twin(id));
  }
  EXPECT_DOUBLE_EQ(loaded->Position(NodeId{2}).lon, -71.059);
  // Node 0's only arc is the two-way Charles Street.
  ASSERT_EQ(loaded->OutArcs(NodeId{0}).size(), 1u);
  EXPECT_EQ(loaded->Name(*loaded->OutArcs(NodeId{0}).begin()), "Charles Street");
}

// The profile's hour-of-day factors travel in the file (to the thousandth) and scale nothing
// else: a graph without them answers 1.0 for every hour, and out-of-range hours answer 1.0.
TEST(GraphFile, HourFactorsRoundTripAndDefaultToOne) {
  TempDir dir;
  GraphBuilder b(WeightUnit::kMilliseconds);
  b.AddNode({42.36, -71.06});
  b.AddNode({42.361, -71.06});
  b.AddArc(ArcInput{.tail = NodeId{0},
                    .head = NodeId{1},
                    .weight = 1000,
                    .length_cm = 11100,
                    .road_class = RoadClass::kResidential,
                    .source_id = 1,
                    .name = "Charles Street",
                    .shape = {}});
  std::array<double, 24> f{};
  for (std::size_t h = 0; h < f.size(); ++h) f[h] = 1.0 + static_cast<double>(h) / 100.0;
  f[8] = 1.35;  // the morning rush
  b.SetHourFactors(f);
  auto g = std::move(b).Build();
  ASSERT_TRUE(g.ok()) << g.status();
  ASSERT_TRUE(g->Save(dir.path() / "h.graph").ok());
  auto loaded = Graph::Load(dir.path() / "h.graph");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_DOUBLE_EQ(loaded->HourFactor(8), 1.35);
  EXPECT_DOUBLE_EQ(loaded->HourFactor(0), 1.0);
  EXPECT_DOUBLE_EQ(loaded->HourFactor(23), 1.23);
  EXPECT_DOUBLE_EQ(loaded->HourFactor(24), 1.0);
  EXPECT_DOUBLE_EQ(loaded->HourFactor(-1), 1.0);
  EXPECT_DOUBLE_EQ(Small().HourFactor(8), 1.0);
}

TEST(GraphFile, CorruptWrongVersionTruncatedAndForeignFilesAreClearErrors) {
  TempDir dir;
  const auto path = dir.path() / "g.graph";
  ASSERT_TRUE(Small().Save(path).ok());
  const std::string good = ReadFileBytes(path);

  std::string corrupt = good;
  corrupt[corrupt.size() - 100] = static_cast<char>(corrupt[corrupt.size() - 100] ^ 0x5a);
  WriteFile(dir.path() / "corrupt.graph", corrupt);
  auto r = Graph::Load(dir.path() / "corrupt.graph");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_TRUE(Contains(r.status(), "corrupt.graph")) << r.status();
  EXPECT_TRUE(Contains(r.status(), "checksum mismatch")) << r.status();

  std::string version = good;
  const std::uint32_t v2 = format::kVersion + 1;
  std::memcpy(version.data() + 8, &v2, 4);
  WriteFile(dir.path() / "v2.graph", version);
  r = Graph::Load(dir.path() / "v2.graph");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status(), "v2.graph")) << r.status();
  EXPECT_TRUE(Contains(r.status(), "format version 2 is not supported")) << r.status();

  WriteFile(dir.path() / "short.graph", good.substr(0, good.size() / 2));
  r = Graph::Load(dir.path() / "short.graph");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status(), "short.graph': truncated")) << r.status();

  WriteFile(dir.path() / "tiny.graph", good.substr(0, 10));
  r = Graph::Load(dir.path() / "tiny.graph");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status(), "truncated")) << r.status();

  WriteFile(dir.path() / "empty.graph", "");
  r = Graph::Load(dir.path() / "empty.graph");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status(), "truncated: 0 bytes")) << r.status();

  WriteFile(dir.path() / "text.graph", std::string(200, 'x'));
  r = Graph::Load(dir.path() / "text.graph");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status(), "not a Beacon graph file")) << r.status();

  r = Graph::Load(dir.path() / "absent.graph");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Contains(r.status(), "absent.graph")) << r.status();
}

TEST(GraphFile, AValidChecksumOverBadStructureIsStillRejected) {
  // A buggy writer could produce a file whose checksum is right but whose arcs point nowhere.
  TempDir dir;
  const auto path = dir.path() / "g.graph";
  ASSERT_TRUE(Small().Save(path).ok());
  std::string bytes = ReadFileBytes(path);
  format::FileHeader h;
  std::memcpy(&h, bytes.data(), sizeof h);
  // Find the head section and point arc 0 at node 99.
  for (std::uint32_t i = 0; i < h.section_count; ++i) {
    format::SectionEntry e;
    std::memcpy(&e, bytes.data() + sizeof h + i * sizeof e, sizeof e);
    if (e.id == format::kHead) {
      const std::uint32_t bad = 99;
      std::memcpy(bytes.data() + e.offset, &bad, 4);
    }
  }
  h.crc32 = beacon::Crc32(std::span<const std::byte>(
      reinterpret_cast<const std::byte*>(bytes.data()) + sizeof h, bytes.size() - sizeof h));
  std::memcpy(bytes.data(), &h, sizeof h);
  WriteFile(path, bytes);
  auto r = Graph::Load(path);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status(), "inconsistent") || Contains(r.status(), "no such node"))
      << r.status();
}

}  // namespace
}  // namespace beacon::routing
