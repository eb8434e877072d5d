#include "beacon/base/clock.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace beacon {
namespace {

TEST(SystemClock, ReadsTheWallClock) {
  SystemClock clock;
  const Instant a = clock.Now();
  EXPECT_GT(a, *ParseInstant("2024-01-01T00:00:00Z"));
  EXPECT_LT(a, *ParseInstant("2100-01-01T00:00:00Z"));
  const Clock& as_interface = clock;
  EXPECT_GE(as_interface.Now() + Seconds{60}, a);
}

TEST(ManualClock, MovesOnlyWhenTold) {
  const Instant start = *ParseInstant("2026-03-08T06:00:00Z");
  ManualClock clock(start);
  EXPECT_EQ(clock.Now(), start);
  EXPECT_EQ(clock.Now(), start);
  clock.Advance(Seconds{90});
  EXPECT_EQ(clock.Now(), start + Seconds{90});
  clock.Advance(Milliseconds{0});
  EXPECT_EQ(clock.Now(), start + Seconds{90});
  clock.Set(start + Hours{1});
  EXPECT_EQ(FormatUtc(clock.Now()), "2026-03-08T07:00:00.000Z");
}

TEST(ManualClock, ConcurrentAdvancesAllCount) {
  ManualClock clock(InstantFromUnixMillis(0));
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < 10000; ++i) clock.Advance(Milliseconds{1});
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(UnixMillis(clock.Now()), 40000);
}

TEST(ManualClockDeathTest, NeverGoesBackwards) {
  ManualClock clock(*ParseInstant("2026-01-01T00:00:00Z"));
  EXPECT_DEATH(clock.Set(*ParseInstant("2025-12-31T23:59:59Z")), "backwards");
  EXPECT_DEATH(clock.Advance(Milliseconds{-1}), "negative");
}

}  // namespace
}  // namespace beacon
