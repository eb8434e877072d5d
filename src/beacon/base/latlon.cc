#include "beacon/base/latlon.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace beacon {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

Result<double> ParseDouble(std::string_view text, std::string_view what) {
  text = Trim(text);
  double v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end) {
    return InvalidArgumentError(fmt::format("{} '{}' is not a number", what, text));
  }
  return v;
}

}  // namespace

Status ValidateLatLon(const LatLon& p) {
  if (!std::isfinite(p.lat) || p.lat < -90.0 || p.lat > 90.0) {
    return OutOfRangeError(fmt::format("latitude {} is outside [-90, 90]", p.lat));
  }
  if (!std::isfinite(p.lon) || p.lon < -180.0 || p.lon > 180.0) {
    return OutOfRangeError(fmt::format("longitude {} is outside [-180, 180]", p.lon));
  }
  return OkStatus();
}

Result<LatLon> ParseLatLon(std::string_view text) {
  const auto comma = text.find(',');
  if (comma == std::string_view::npos || text.find(',', comma + 1) != std::string_view::npos) {
    return InvalidArgumentError(
        fmt::format("'{}' is not LAT,LON (two numbers and one comma)", text));
  }
  BEACON_ASSIGN_OR_RETURN(double lat, ParseDouble(text.substr(0, comma), "latitude"));
  BEACON_ASSIGN_OR_RETURN(double lon, ParseDouble(text.substr(comma + 1), "longitude"));
  LatLon p{lat, lon};
  BEACON_RETURN_IF_ERROR(ValidateLatLon(p));
  return p;
}

std::string FormatLatLon(const LatLon& p) { return fmt::format("{:.6f},{:.6f}", p.lat, p.lon); }

}  // namespace beacon
