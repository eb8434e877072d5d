// Overrides: a reviewed list of corrections to a street file, one a line, each with its reason.
//
//   segment,lat,lon,action,value,reason
//   4711,,,drop,,"private way, gated (site visit 2026-01)"
//   4712,,,oneway,forward,"one-way since 2025 (city traffic order 123)"
//   4713,,,speed,30,"posted 30 mph"
//   4714,,,class,motorway,"I-93 mainline"
//   ,42.35244,-71.07363,cut,5249;11532,"expressway passes under Berkeley Street"
//
// `cut` separates the listed segments' ends at that point from the other segments ending there
// (grade-separated crossings the data joins). Errors name the file, line and field.
// Thread-safety: immutable values.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "beacon/base/latlon.h"
#include "beacon/base/result.h"
#include "beacon/routing/road_class.h"

namespace beacon::routing {

enum class OverrideAction { kDrop, kOneway, kSpeed, kClass, kCut };

struct Override {
  OverrideAction action = OverrideAction::kDrop;
  std::uint64_t segment = 0;  // drop/oneway/speed/class
  std::string oneway;         // "forward", "backward" or "no"
  double speed = 0;           // in the profile's speed unit
  RoadClass road_class = RoadClass::kUnknown;
  LatLon point;                             // cut
  std::vector<std::uint64_t> cut_segments;  // cut: the side that is separated
  std::string reason;
  int line = 0;
};

struct Overrides {
  std::string origin;  // the file name, for errors
  std::vector<Override> items;
};

Result<Overrides> LoadOverrides(const std::filesystem::path& path);
Result<Overrides> ParseOverrides(std::string_view text, std::string_view origin);

}  // namespace beacon::routing
