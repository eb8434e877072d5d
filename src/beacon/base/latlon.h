// LatLon: a WGS 84 position in decimal degrees, with named fields so latitude and longitude are
// never swapped by position.
//
//   BEACON_ASSIGN_OR_RETURN(LatLon p, ParseLatLon("42.3601,-71.0589"));
//   p.lat == 42.3601;  ValidateLatLon(LatLon{91, 0}) is an error naming the latitude.
//
// Thread-safety: plain values.
#pragma once

#include <string>
#include <string_view>

#include "beacon/base/result.h"

namespace beacon {

struct LatLon {
  double lat = 0.0;  // degrees north, [-90, 90]
  double lon = 0.0;  // degrees east, [-180, 180]
  friend constexpr bool operator==(const LatLon&, const LatLon&) = default;
};

// OK when both are finite and in range; otherwise an error naming which and the value.
Status ValidateLatLon(const LatLon& p);

// Parses "LAT,LON" (spaces allowed around each number). Errors name the text and what is wrong.
Result<LatLon> ParseLatLon(std::string_view text);

// "42.360100,-71.058900" (6 decimals: about 0.1 m).
std::string FormatLatLon(const LatLon& p);

}  // namespace beacon
