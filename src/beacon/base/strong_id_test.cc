#include "beacon/base/strong_id.h"

#include <gtest/gtest.h>

#include <type_traits>
#include <unordered_set>

#include "beacon/base/ids.h"
#include "beacon/base/quantity.h"
#include "beacon/base/time.h"

namespace beacon {
namespace {

// Mixing kinds of id, or units, does not compile. tests/compile_fail/ proves the same with a
// real compiler run; these pin the type traits.
static_assert(!std::is_convertible_v<UnitId, IncidentId>);
static_assert(!std::is_convertible_v<IncidentId, UnitId>);
static_assert(!std::is_constructible_v<IncidentId, UnitId>);
static_assert(!std::is_assignable_v<IncidentId&, UnitId>);
static_assert(!std::is_convertible_v<NodeId, UnitId>);
static_assert(!std::is_convertible_v<std::uint32_t, UnitId>, "ids are made explicitly");
static_assert(!std::is_convertible_v<UnitId, std::uint32_t>, "and read explicitly");
static_assert(!std::is_convertible_v<double, Meters>);
static_assert(!std::is_convertible_v<Meters, MetersPerSecond>);
static_assert(!std::is_convertible_v<Milliseconds, Seconds>, "ms -> s would lose precision");
static_assert(std::is_convertible_v<Seconds, Milliseconds>, "s -> ms is exact");
static_assert(!std::is_convertible_v<std::int64_t, Seconds>, "a bare number has no unit");
static_assert(!std::is_convertible_v<std::int64_t, Instant>);
static_assert(sizeof(UnitId) == sizeof(std::uint32_t), "ids cost nothing");

TEST(StrongId, DefaultIsInvalid) {
  UnitId u;
  EXPECT_FALSE(u.valid());
  EXPECT_EQ(u, UnitId::Invalid());
  EXPECT_EQ(fmt::format("{}", u), "-");
}

TEST(StrongId, ComparesAndHashes) {
  UnitId a{1}, b{2};
  EXPECT_LT(a, b);
  EXPECT_EQ(a, UnitId{1});
  EXPECT_NE(a, b);
  std::unordered_set<UnitId> set{a, b, UnitId{1}};
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(fmt::format("unit={}", b), "unit=2");
  EXPECT_EQ(IncidentId{1234567890123}.value(), 1234567890123u);
}

TEST(Quantity, ArithmeticKeepsUnit) {
  Meters d{120.0};
  EXPECT_EQ(d + Meters{5.0}, Meters{125.0});
  EXPECT_EQ(d - Meters{20.0}, Meters{100.0});
  EXPECT_EQ(d * 2.0, Meters{240.0});
  EXPECT_EQ(2.0 * d, Meters{240.0});
  EXPECT_EQ(d / 4.0, Meters{30.0});
  EXPECT_DOUBLE_EQ(d / Meters{60.0}, 2.0);
  EXPECT_LT(Meters{1.0}, Meters{2.0});
  EXPECT_EQ(-d, Meters{-120.0});
  EXPECT_NEAR(KilometersPerHour(36.0).value(), 10.0, 1e-12);
  EXPECT_NEAR(MilesPerHour(30.0).value(), 13.4112, 1e-9);
  EXPECT_EQ(fmt::format("{:.1f}", Meters{3.26}), "3.3");
}

}  // namespace
}  // namespace beacon
