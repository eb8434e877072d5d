#include "beacon/base/time.h"

#include <gtest/gtest.h>

namespace beacon {
namespace {

TEST(Time, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatUtc(InstantFromUnixMillis(0)), "1970-01-01T00:00:00.000Z");
  // 2026-11-25T16:57:54.123Z = 1795625874123 ms (20417 days * 86400 s + 61074 s).
  EXPECT_EQ(FormatUtc(InstantFromUnixMillis(1795625874123)), "2026-11-25T16:57:54.123Z");
}

TEST(Time, ParsesZuluAndOffsets) {
  EXPECT_EQ(UnixMillis(*ParseInstant("2026-11-25T16:57:54.123Z")), 1795625874123);
  EXPECT_EQ(UnixMillis(*ParseInstant("2026-11-25T11:57:54.123-05:00")), 1795625874123);
  EXPECT_EQ(UnixMillis(*ParseInstant("2026-11-25T17:57:54.123+01:00")), 1795625874123);
  EXPECT_EQ(UnixMillis(*ParseInstant("2026-11-25T16:57:54Z")), 1795625874000);
  EXPECT_EQ(UnixMillis(*ParseInstant("2026-11-25T16:57:54.1Z")), 1795625874100);
  EXPECT_EQ(UnixMillis(*ParseInstant("2026-11-25 16:57:54Z")), 1795625874000);
}

TEST(Time, RoundTripsThroughText) {
  const Instant t = InstantFromUnixMillis(1772953199999);  // just before a DST change
  EXPECT_EQ(*ParseInstant(FormatUtc(t)), t);
}

TEST(Time, RejectsMalformedTextWithReason) {
  struct Case {
    const char* text;
    const char* why;
  };
  for (const Case& c :
       {Case{"", "bad date part"}, Case{"2026-13-01T00:00:00Z", "no such calendar"},
        Case{"2026-02-29T00:00:00Z", "no such calendar"},
        Case{"2026-01-01T24:00:00Z", "out of range"}, Case{"2026-01-01T00:00:00", "missing zone"},
        Case{"2026-01-01T00:00:00+5", "bad UTC offset"},
        Case{"2026-01-01T00:00:00Zjunk", "after the zone"},
        Case{"2026-01-01X00:00:00Z", "bad time part"}, Case{"2026-01-01T00:00:00.Z", "no digits"},
        Case{"yesterday", "bad date part"}}) {
    Result<Instant> r = ParseInstant(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.error().message().find(c.why), std::string_view::npos)
        << c.text << " -> " << r.error();
  }
}

TEST(Time, DurationsConvertExactly) {
  Milliseconds ms = Seconds{90};
  EXPECT_EQ(ms.count(), 90000);
  EXPECT_DOUBLE_EQ(ToSecondsF(Milliseconds{1500}), 1.5);
  EXPECT_EQ(std::chrono::duration_cast<Seconds>(Milliseconds{1999}).count(), 1);
}

}  // namespace
}  // namespace beacon
