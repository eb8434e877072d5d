#include "beacon/routing/road_class.h"

#include <array>

namespace beacon::routing {
namespace {
constexpr std::array<std::string_view, kNumRoadClasses> kNames = {
    "motorway",       "trunk",         "primary", "secondary",     "tertiary",   "unclassified",
    "residential",    "living_street", "service", "motorway_link", "trunk_link", "primary_link",
    "secondary_link", "tertiary_link", "unknown", "benchmark"};
}  // namespace

std::string_view RoadClassName(RoadClass c) {
  const auto i = static_cast<std::size_t>(c);
  return i < kNames.size() ? kNames[i] : "invalid";
}

std::optional<RoadClass> ParseRoadClass(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<RoadClass>(i);
  }
  return std::nullopt;
}

}  // namespace beacon::routing
