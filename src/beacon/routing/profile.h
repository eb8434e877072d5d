// Profile: how fast an emergency vehicle drives on each kind of road, and how an agency's
// street file maps onto road classes. Loaded from YAML (data/profiles/ems.yaml is the default;
// every field is documented there).
//
//   BEACON_ASSIGN_OR_RETURN(Profile p, LoadProfile("data/profiles/ems.yaml"));
//   MetersPerSecond v = p.Speed(RoadClass::kResidential, /*posted_mph=*/std::nullopt);
//   std::uint32_t ms = TravelTimeMs(Meters(120), v);   // rounded, at least 1 ms
//
// Errors name the file, line and field; unknown keys are errors (a typo must not silently
// fall back to a default).
// Thread-safety: an immutable value after loading.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "beacon/base/quantity.h"
#include "beacon/base/result.h"
#include "beacon/routing/road_class.h"

namespace beacon::routing {

// Which GeoJSON property holds what (street files differ by agency).
struct GeoJsonMapping {
  std::string id = "segment";          // required, integer: the segment id overrides refer to
  std::string name = "name";           // street name (display, geocoding)
  std::string road_class = "highway";  // OSM-style class name
  std::string census_class = "cfcc";   // Census CFCC code: fallback class and drop list
  std::string oneway = "oneway";
  std::string speed = "speed_mph";      // posted limit, in the profile's speed unit
  std::string grade = "zlev";           // [start, end] grade levels; non-zero = bridge/tunnel end
  std::string addr_left = "addr_left";  // [from, to] house numbers on the left; "" = none
  std::string addr_right = "addr_right";
  std::vector<std::string> oneway_forward = {"forward", "yes", "true", "1"};
  std::vector<std::string> oneway_backward = {"backward", "-1", "reverse"};
  std::vector<std::string> oneway_no = {"no", "false", "0"};
};

struct Profile {
  std::string name;
  // Base speed per class (m/s); a class without a speed is not drivable.
  std::array<std::optional<MetersPerSecond>, kNumRoadClasses> class_speed{};
  // Multiplies every speed: lights-and-sirens driving. 1.0 = none. Range (0, 3].
  double lights_and_sirens_factor = 1.0;
  // Posted speeds below this are raised to it (before the factor): data errors, private ways.
  MetersPerSecond min_speed{0};
  // Travel-time multipliers by local hour (0-23); empty = all 1.0.
  std::optional<std::array<double, 24>> hour_factors;
  // Segments with no class, name or one-way attribute.
  RoadClass unattributed_class = RoadClass::kUnknown;
  bool unattributed_oneway = false;
  // Census CFCC codes that are not drivable (walkways, stairways), and prefix -> class used
  // when a segment has no class property (longest prefix wins).
  std::vector<std::string> drop_census_classes;
  std::vector<std::pair<std::string, RoadClass>> census_class_map;
  GeoJsonMapping geojson;
  // OSM: access values that close a way to emergency vehicles.
  std::vector<std::string> osm_closed_access = {"no", "private"};
  double speed_unit_mps = 0.44704;  // the file's speed unit in m/s (mph)

  // The speed on an arc: the posted limit (in the file's unit) if any, else the class speed;
  // raised to min_speed; times the lights-and-sirens factor. nullopt: class not drivable.
  [[nodiscard]] std::optional<MetersPerSecond> Speed(RoadClass c,
                                                     std::optional<double> posted) const;
};

Result<Profile> LoadProfile(const std::filesystem::path& path);
// The same from YAML text; `origin` names it in errors.
Result<Profile> ParseProfile(std::string_view yaml, std::string_view origin);

// Travel time in ms for a length at a speed: rounded to the nearest ms, at least 1 ms (so no
// arc is free and no zero-weight cycle exists).
std::uint32_t TravelTimeMs(Meters length, MetersPerSecond speed);

}  // namespace beacon::routing
