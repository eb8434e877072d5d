#include "beacon/base/latlon.h"

#include <gtest/gtest.h>

namespace beacon {
namespace {

TEST(LatLon, ParsesAndFormats) {
  LatLon p = *ParseLatLon("42.3601,-71.0589");
  EXPECT_DOUBLE_EQ(p.lat, 42.3601);
  EXPECT_DOUBLE_EQ(p.lon, -71.0589);
  EXPECT_EQ(*ParseLatLon(" 42.3601 , -71.0589 "), p);
  EXPECT_EQ(FormatLatLon(p), "42.360100,-71.058900");
}

TEST(LatLon, RejectsOutOfRangeAndMalformed) {
  struct Case {
    const char* text;
    const char* why;
  };
  for (const Case& c : {Case{"91,0", "latitude 91"}, Case{"-90.5,0", "latitude -90.5"},
                        Case{"0,180.01", "longitude 180.01"}, Case{"42.36", "LAT,LON"},
                        Case{"42.36,-71.05,3", "LAT,LON"}, Case{"north,-71", "latitude 'north'"},
                        Case{"42.36,", "longitude ''"}, Case{"nan,0", "latitude nan"},
                        Case{"42.36,-71.05x", "longitude '-71.05x'"}}) {
    Result<LatLon> r = ParseLatLon(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.error().message().find(c.why), std::string_view::npos)
        << c.text << " -> " << r.error();
  }
  EXPECT_TRUE(ValidateLatLon({90, -180}).ok());
  EXPECT_EQ(ValidateLatLon({0, 200}).code(), StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace beacon
