#include "beacon/sim/demand.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "beacon/model/test_model.h"
#include "beacon/sim/test_city.h"

namespace beacon::sim {
namespace {

using model::testing::WriteFile;
using testing::GridScenario;
using ::testing::HasSubstr;

class DemandTest : public testing::GridTest {};

TEST_F(DemandTest, SyntheticCallsFollowTheDailyRateAndTheMix) {
  std::string text = GridScenario();
  text.replace(text.find("days: 2"), 7, "days: 200");
  const SimScenario s = Load(text);
  Rng rng(5);
  const std::vector<SimCall> calls = SyntheticCalls(city_, s, rng);
  // Poisson with mean 20000: the standard deviation is 141.
  EXPECT_NEAR(static_cast<double>(calls.size()), 20000, 600);
  int p1 = 0;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    if (i > 0) {
      EXPECT_LE(calls[i - 1].time, calls[i].time);
    }
    EXPECT_GE(calls[i].time, s.start);
    EXPECT_LT(calls[i].time, s.start + s.length);
    EXPECT_EQ(calls[i].location, model::testing::GridPoint(1, 0));  // the one demand point
    p1 += calls[i].priority == 1 ? 1 : 0;
  }
  // The mix is 3 : 1.
  EXPECT_NEAR(static_cast<double>(p1) / static_cast<double>(calls.size()), 0.25, 0.015);
}

TEST_F(DemandTest, HourOfDayProfileShapesTheLocalHours) {
  // All calls between 08:00 and 10:00 local time, twice as many in the second hour.
  std::string profile = "  hour_of_day: [0, 0, 0, 0, 0, 0, 0, 0, 1, 2";
  for (int h = 10; h < 24; ++h) profile += ", 0";
  profile += "]\n";
  std::string text = GridScenario();
  text.replace(text.find("days: 2"), 7, "days: 70");
  text.insert(text.find("  mix:"), profile);
  const SimScenario s = Load(text);
  Rng rng(9);
  const std::vector<SimCall> calls = SyntheticCalls(city_, s, rng);
  // 100 a day on average over the day: 1200 in 08:00-09:00 plus 2400 in 09:00-10:00 per day.
  EXPECT_NEAR(static_cast<double>(calls.size()), 7000, 300);
  int eight = 0;
  for (const SimCall& c : calls) {
    const int hour = city_.time_zone().ToLocal(c.time).civil.hour;
    ASSERT_TRUE(hour == 8 || hour == 9) << FormatUtc(c.time);
    eight += hour == 8 ? 1 : 0;
  }
  EXPECT_NEAR(static_cast<double>(eight) / static_cast<double>(calls.size()), 1.0 / 3, 0.02);
}

TEST_F(DemandTest, TraceRowsBecomeCallsWithTheirServiceTimes) {
  WriteFile(dir_.path() / "trace.csv",
            "time,lat,lon,priority,complaint,on_scene_s,transport,offload_s\n"
            "2026-03-02T12:30:00-05:00,42.3509,-71.0600,1,sick_person,900,1,\n"
            "2026-03-02T12:10:00-05:00,42.3509,-71.0600,3,,,0,\n"
            "2026-03-09T12:10:00-05:00,42.3509,-71.0600,3,,,,\n");
  const SimScenario s = Load(GridScenario("") + "");
  auto calls = LoadCallTrace(dir_.path() / "trace.csv", s);
  ASSERT_TRUE(calls.ok()) << calls.status();
  ASSERT_EQ(calls->size(), 2u);  // the third row is after the run
  EXPECT_EQ((*calls)[0].time, *ParseInstant("2026-03-02T12:10:00-05:00"));  // sorted by time
  EXPECT_EQ((*calls)[0].mix, -1);
  EXPECT_EQ((*calls)[0].transport, false);
  EXPECT_EQ((*calls)[1].priority, 1);
  EXPECT_EQ((*calls)[1].mix, 1);  // sick_person at priority 1: the SICK-1 mix line
  EXPECT_EQ((*calls)[1].on_scene, Seconds{900});
  EXPECT_FALSE((*calls)[1].offload.has_value());
}

TEST_F(DemandTest, BadTraceRowsNameTheLineAndColumn) {
  const SimScenario s = Load(GridScenario());
  auto error = [&](const std::string& rows) {
    WriteFile(dir_.path() / "bad.csv", "time,lat,lon,priority,transport\n" + rows);
    auto calls = LoadCallTrace(dir_.path() / "bad.csv", s);
    EXPECT_FALSE(calls.ok());
    return calls.ok() ? std::string() : std::string(calls.status().message());
  };
  EXPECT_THAT(error("2026-03-02T12:10:00-05:00,42.35,-71.06,4,\n"),
              HasSubstr("bad.csv:2: column 'priority': must be 1, 2 or 3"));
  EXPECT_THAT(error("2026-03-02T12:10:00-05:00,42.35,-71.06,1,\nyesterday,42.35,-71.06,1,\n"),
              HasSubstr("bad.csv:3: column 'time'"));
  EXPECT_THAT(error("2026-03-02T12:10:00-05:00,95,-71.06,1,\n"),
              HasSubstr("bad.csv:2: column 'lat'"));
  EXPECT_THAT(error("2026-03-02T12:10:00-05:00,42.35,-71.06,1,maybe\n"),
              HasSubstr("bad.csv:2: column 'transport': must be 0 or 1"));
  WriteFile(dir_.path() / "nolat.csv", "time,lon,priority\n");
  auto missing = LoadCallTrace(dir_.path() / "nolat.csv", s);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("lat"));
}

}  // namespace
}  // namespace beacon::sim
