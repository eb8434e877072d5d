// RoadClass: the kind of road an arc is, as the speed profile sees it (OSM highway values; the
// GeoJSON importer maps its own attributes onto these).
//
//   std::optional<RoadClass> c = ParseRoadClass("residential");   // RoadClass::kResidential
//   RoadClassName(RoadClass::kMotorwayLink) == "motorway_link"
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace beacon::routing {

enum class RoadClass : std::uint8_t {
  kMotorway = 0,
  kTrunk,
  kPrimary,
  kSecondary,
  kTertiary,
  kUnclassified,
  kResidential,
  kLivingStreet,
  kService,
  kMotorwayLink,
  kTrunkLink,
  kPrimaryLink,
  kSecondaryLink,
  kTertiaryLink,
  kUnknown,    // no class in the source data (see the profile's default)
  kBenchmark,  // a DIMACS arc: no road class
};
inline constexpr int kNumRoadClasses = 16;

std::string_view RoadClassName(RoadClass c);
std::optional<RoadClass> ParseRoadClass(std::string_view name);

}  // namespace beacon::routing
