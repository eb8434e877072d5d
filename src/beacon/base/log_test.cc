#include "beacon/base/log.h"

#include <gtest/gtest.h>

#include <sstream>

#include "beacon/base/clock.h"
#include "beacon/base/ids.h"

namespace beacon {
namespace {

TEST(Logging, LinesCarryTheClocksTimeNameAndKeyValues) {
  ManualClock clock(*ParseInstant("2026-03-08T06:59:59.500Z"));
  std::ostringstream out;
  Logging logging = Logging::ToStream(clock, out, LogLevel::kInfo);
  Logger log = logging.Get("dispatch");
  log.Info("assigned unit={} incident={}", UnitId{7}, IncidentId{1001});
  clock.Advance(Hours{24 * 365});
  log.Warn("stale fix unit={}", UnitId{3});
  EXPECT_EQ(out.str(),
            "2026-03-08T06:59:59.500Z INFO  [dispatch] assigned unit=7 incident=1001\n"
            "2027-03-08T06:59:59.500Z WARN  [dispatch] stale fix unit=3\n");
}

TEST(Logging, LevelFiltersAndLoggersShareTheSink) {
  ManualClock clock(*ParseInstant("2026-11-01T06:30:00Z"));
  std::ostringstream out;
  Logging logging = Logging::ToStream(clock, out, LogLevel::kWarn);
  Logger a = logging.Get("routing");
  Logger b = logging.Get("sim");
  EXPECT_FALSE(a.Enabled(LogLevel::kInfo));
  EXPECT_TRUE(a.Enabled(LogLevel::kError));
  a.Info("not shown");
  a.Debug("not shown");
  b.Error("shown {}", 1);
  EXPECT_EQ(out.str(), "2026-11-01T06:30:00.000Z ERROR [sim] shown 1\n");
}

TEST(Logging, DefaultLoggerDiscards) {
  Logger quiet;
  EXPECT_FALSE(quiet.Enabled(LogLevel::kError));
  quiet.Error("nowhere {}", 1);  // must not crash
}

TEST(Logging, ParsesLevelNames) {
  EXPECT_EQ(*ParseLogLevel("debug"), LogLevel::kDebug);
  EXPECT_EQ(*ParseLogLevel("off"), LogLevel::kOff);
  Result<LogLevel> bad = ParseLogLevel("loud");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find("'loud'"), std::string_view::npos);
}

}  // namespace
}  // namespace beacon
