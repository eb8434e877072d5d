// The byte image round-trips, and damaged images are rejected with DataLoss, never a crash.
#include <gtest/gtest.h>

#include "beacon/routing/ch/ch_test_util.h"
#include "beacon/routing/ch/contraction_hierarchy.h"
#include "beacon/routing/ch/contraction_hierarchy_query.h"

namespace beacon::routing::ch {
namespace {

ContractionHierarchy BuildGrid(std::uint64_t seed, std::uint32_t side) {
  Rng rng(seed);
  const SyntheticGraph g = MakeGrid({.width = side, .height = side}, rng);
  return *ContractionHierarchy::Build(g.num_nodes, g.arcs);
}

// An FNV-1a written here (not the library's) to re-seal deliberately damaged images.
void Reseal(std::vector<std::byte>& bytes) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (std::size_t i = 0; i + 8 < bytes.size(); ++i) {
    hash ^= std::to_integer<std::uint64_t>(bytes[i]);
    hash *= 1099511628211ULL;
  }
  for (std::size_t i = 0; i < 8; ++i) {
    bytes[bytes.size() - 8 + i] = static_cast<std::byte>((hash >> (8 * i)) & 0xFFU);
  }
}

void PutU32(std::vector<std::byte>& bytes, std::size_t at, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i)
    bytes[at + i] = static_cast<std::byte>((v >> (8 * i)) & 0xFFU);
}

TEST(ContractionHierarchySerialization, RoundTripAnswersTheSameAndReserializesIdentically) {
  const ContractionHierarchy index = BuildGrid(1, 25);
  const std::vector<std::byte> bytes = index.Serialize();
  auto copy = ContractionHierarchy::Deserialize(bytes);
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ(copy->Serialize(), bytes);
  EXPECT_EQ(copy->num_nodes(), index.num_nodes());
  EXPECT_EQ(copy->num_shortcuts(), index.num_shortcuts());
  ContractionHierarchyQuery a(index);
  ContractionHierarchyQuery b(*copy);
  Rng rng(2);
  for (const auto& from : testing::RandomPlaces(index.num_nodes(), 50, 2, 1000, rng)) {
    const auto x = a.OneToAll(from);
    const auto y = b.OneToAll(from);
    EXPECT_TRUE(std::equal(x.begin(), x.end(), y.begin(), y.end()));
    const auto to = testing::RandomPlaces(index.num_nodes(), 1, 2, 1000, rng)[0];
    EXPECT_EQ(a.Path(from, to).arcs, b.Path(from, to).arcs);
  }
}

TEST(ContractionHierarchySerialization, EmptyHierarchyRoundTrips) {
  auto index = ContractionHierarchy::Build(0, {});
  ASSERT_TRUE(index.ok());
  auto copy = ContractionHierarchy::Deserialize(index->Serialize());
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ(copy->num_nodes(), 0U);
}

TEST(ContractionHierarchySerialization, EveryTruncationIsDataLoss) {
  const std::vector<std::byte> bytes = BuildGrid(3, 6).Serialize();
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    auto r = ContractionHierarchy::Deserialize(std::span(bytes).first(size));
    ASSERT_FALSE(r.ok()) << size;
    EXPECT_EQ(r.error().code(), StatusCode::kDataLoss);
  }
  std::vector<std::byte> longer = bytes;
  longer.push_back(std::byte{0});
  auto r = ContractionHierarchy::Deserialize(longer);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("trailing"), std::string_view::npos);
}

TEST(ContractionHierarchySerialization, EveryFlippedByteIsDataLoss) {
  const std::vector<std::byte> bytes = BuildGrid(4, 6).Serialize();
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::vector<std::byte> bad = bytes;
    bad[i] ^= std::byte{0x5A};
    auto r = ContractionHierarchy::Deserialize(bad);
    ASSERT_FALSE(r.ok()) << "byte " << i;
    EXPECT_EQ(r.error().code(), StatusCode::kDataLoss);
  }
}

TEST(ContractionHierarchySerialization, NamesWhatIsWrong) {
  const std::vector<std::byte> bytes = BuildGrid(5, 8).Serialize();
  auto message = [](const std::vector<std::byte>& b) {
    auto r = ContractionHierarchy::Deserialize(b);
    return r.ok() ? std::string("ok") : std::string(r.error().message());
  };
  std::vector<std::byte> bad = bytes;
  bad[0] = std::byte{'X'};
  EXPECT_NE(message(bad).find("magic"), std::string::npos) << message(bad);
  bad = bytes;
  PutU32(bad, 8, 99);
  EXPECT_NE(message(bad).find("version 99"), std::string::npos) << message(bad);
  bad = bytes;
  bad[100] ^= std::byte{1};
  EXPECT_NE(message(bad).find("checksum"), std::string::npos) << message(bad);
  EXPECT_NE(message(std::vector<std::byte>(bytes.begin(), bytes.begin() + 30)).find("truncated"),
            std::string::npos);
  // Structurally wrong but correctly sealed: two nodes with the same rank.
  bad = bytes;
  PutU32(bad, 24, 0);
  PutU32(bad, 28, 0);
  Reseal(bad);
  EXPECT_NE(message(bad).find("permutation"), std::string::npos) << message(bad);
  // A sealed image whose first up arc points downward.
  const std::size_t n = 64;
  const std::size_t up_arcs_at = 24 + 4 * n + 4 * (n + 1);
  bad = bytes;
  PutU32(bad, up_arcs_at, 0);
  Reseal(bad);
  EXPECT_NE(message(bad).find("up arc 0"), std::string::npos) << message(bad);
}

TEST(ContractionHierarchySerialization, SealedRandomDamageNeverCrashes) {
  // Damage the body and re-seal, so that only the structural checks stand between the bytes and
  // the queries; whatever is accepted must still answer like the original or be rejected.
  const ContractionHierarchy index = BuildGrid(6, 6);
  const std::vector<std::byte> bytes = index.Serialize();
  Rng rng(7);
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<std::byte> bad = bytes;
    const auto at = 24 + rng.UniformInt(bytes.size() - 32);
    bad[at] = static_cast<std::byte>(rng.UniformInt(256));
    Reseal(bad);
    auto r = ContractionHierarchy::Deserialize(bad);
    if (!r.ok()) {
      EXPECT_EQ(r.error().code(), StatusCode::kDataLoss);
      continue;
    }
    // Accepted: the structure is sound, so every query must run to completion.
    ContractionHierarchyQuery query(*r);
    for (std::uint32_t s = 0; s < r->num_nodes(); s += 7) {
      const std::vector<Seed> from = {Seed{NodeId{s}, 0}};
      (void)query.OneToAll(from);
      (void)query.Path(from, {{Seed{NodeId{(s * 13) % r->num_nodes()}, 0}}});
    }
  }
}

}  // namespace
}  // namespace beacon::routing::ch
