#include "beacon/base/local_time.h"

#include <gtest/gtest.h>

namespace beacon {
namespace {

// US rules (Energy Policy Act of 2005): DST starts the second Sunday of March at 02:00 local
// and ends the first Sunday of November at 02:00 local. In 2026: 8 March and 1 November.
class BostonTime : public ::testing::Test {
 protected:
  void SetUp() override {
    auto tz = TimeZone::Load(TimeZone::kDefaultName);
    ASSERT_TRUE(tz.ok()) << tz.error();
    tz_.emplace(std::move(tz).value());
  }
  Instant At(const char* iso) { return ParseInstant(iso).value(); }
  std::optional<TimeZone> tz_;
};

TEST_F(BostonTime, WinterIsEstAndSummerIsEdt) {
  LocalTime w = tz_->ToLocal(At("2026-01-15T17:00:00Z"));
  EXPECT_EQ(w.civil, (CivilTime{2026, 1, 15, 12, 0, 0, 0}));
  EXPECT_EQ(w.utc_offset, Hours{-5});
  EXPECT_EQ(w.abbreviation, "EST");
  LocalTime s = tz_->ToLocal(At("2026-07-04T16:00:00Z"));
  EXPECT_EQ(s.civil, (CivilTime{2026, 7, 4, 12, 0, 0, 0}));
  EXPECT_EQ(s.utc_offset, Hours{-4});
  EXPECT_EQ(s.abbreviation, "EDT");
  EXPECT_EQ(tz_->name(), "America/New_York");
}

TEST_F(BostonTime, SpringForwardSkipsTwoOClock) {
  // 06:59:59.999Z is 01:59:59.999 EST; one millisecond later it is 03:00 EDT.
  LocalTime before = tz_->ToLocal(At("2026-03-08T06:59:59.999Z"));
  EXPECT_EQ(before.civil, (CivilTime{2026, 3, 8, 1, 59, 59, 999}));
  EXPECT_EQ(before.abbreviation, "EST");
  LocalTime after = tz_->ToLocal(At("2026-03-08T07:00:00Z"));
  EXPECT_EQ(after.civil, (CivilTime{2026, 3, 8, 3, 0, 0, 0}));
  EXPECT_EQ(after.abbreviation, "EDT");
  EXPECT_EQ(tz_->FormatIso8601(At("2026-03-08T07:00:00Z")), "2026-03-08T03:00:00-04:00");
  EXPECT_EQ(tz_->FormatIso8601(At("2026-03-08T06:59:59Z")), "2026-03-08T01:59:59-05:00");

  // 02:30 never happens: rejected, or mapped to the moment of the jump.
  const CivilTime skipped{2026, 3, 8, 2, 30, 0, 0};
  Result<Instant> r = tz_->FromLocal(skipped, Disambiguation::kReject);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("skipped"), std::string_view::npos) << r.error();
  EXPECT_EQ(*tz_->FromLocal(skipped, Disambiguation::kEarlier), At("2026-03-08T07:00:00Z"));
  EXPECT_EQ(*tz_->FromLocal(skipped, Disambiguation::kLater), At("2026-03-08T07:00:00Z"));

  // The local day has 23 hours.
  const Instant day = *tz_->FromLocal({2026, 3, 8, 0, 0, 0, 0}, Disambiguation::kReject);
  const Instant next = *tz_->FromLocal({2026, 3, 9, 0, 0, 0, 0}, Disambiguation::kReject);
  EXPECT_EQ(next - day, Hours{23});
}

TEST_F(BostonTime, FallBackRepeatsOneOClock) {
  const CivilTime twice{2026, 11, 1, 1, 30, 0, 0};
  Result<Instant> r = tz_->FromLocal(twice, Disambiguation::kReject);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("ambiguous"), std::string_view::npos) << r.error();
  const Instant first = *tz_->FromLocal(twice, Disambiguation::kEarlier);
  const Instant second = *tz_->FromLocal(twice, Disambiguation::kLater);
  EXPECT_EQ(first, At("2026-11-01T05:30:00Z"));   // 01:30 EDT
  EXPECT_EQ(second, At("2026-11-01T06:30:00Z"));  // 01:30 EST
  EXPECT_EQ(tz_->FormatIso8601(first), "2026-11-01T01:30:00-04:00");
  EXPECT_EQ(tz_->FormatIso8601(second), "2026-11-01T01:30:00-05:00");
  EXPECT_EQ(tz_->ToLocal(first).civil, tz_->ToLocal(second).civil);

  // The local day has 25 hours, and the same local hour counts twice in the hour-of-week.
  const Instant day = *tz_->FromLocal({2026, 11, 1, 0, 0, 0, 0}, Disambiguation::kReject);
  const Instant next = *tz_->FromLocal({2026, 11, 2, 0, 0, 0, 0}, Disambiguation::kReject);
  EXPECT_EQ(next - day, Hours{25});
  EXPECT_EQ(tz_->HourOfWeek(first), tz_->HourOfWeek(second));
}

TEST_F(BostonTime, RoundTripsEveryHourAcrossBothChanges) {
  for (const char* start : {"2026-03-07T00:00:00Z", "2026-10-31T00:00:00Z"}) {
    for (int h = 0; h < 72; ++h) {
      const Instant t = At(start) + Hours{h} + Minutes{17};
      const LocalTime l = tz_->ToLocal(t);
      const Disambiguation how =
          l.abbreviation == "EDT" ? Disambiguation::kEarlier : Disambiguation::kLater;
      EXPECT_EQ(*tz_->FromLocal(l.civil, how), t) << FormatUtc(t);
    }
  }
}

TEST_F(BostonTime, HourOfWeekStartsMonday) {
  // Wednesday 25 November 2026, 11:57 EST.
  EXPECT_EQ(tz_->ToLocal(At("2026-11-25T16:57:54Z")).weekday, 2);
  EXPECT_EQ(tz_->HourOfWeek(At("2026-11-25T16:57:54Z")), 2 * 24 + 11);
  EXPECT_EQ(tz_->HourOfWeek(At("2026-11-23T05:00:00Z")), 0);    // Monday 00:00 EST
  EXPECT_EQ(tz_->HourOfWeek(At("2026-11-30T04:59:59Z")), 167);  // Sunday 23:59 EST
}

TEST(TimeZone, UnknownZoneIsNotFoundAndNamed) {
  Result<TimeZone> tz = TimeZone::Load("America/Atlantis");
  ASSERT_FALSE(tz.ok());
  EXPECT_EQ(tz.error().code(), StatusCode::kNotFound);
  EXPECT_NE(tz.error().message().find("America/Atlantis"), std::string_view::npos);
}

TEST(TimeZone, InvalidLocalDateIsRejected) {
  TimeZone tz = *TimeZone::Load("America/New_York");
  EXPECT_EQ(tz.FromLocal({2026, 2, 30, 0, 0, 0, 0}, Disambiguation::kEarlier).error().code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(tz.FromLocal({2026, 1, 1, 25, 0, 0, 0}, Disambiguation::kEarlier).ok());
}

}  // namespace
}  // namespace beacon
