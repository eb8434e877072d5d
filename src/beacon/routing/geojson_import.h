// GeoJSON street-centerline import: the format agencies keep their own street file in. The
// profile says which property holds the segment id, name, class, one-way, speed and grade
// level; an overrides file corrects what the data gets wrong.
//
//   BEACON_ASSIGN_OR_RETURN(Profile p, LoadProfile("data/profiles/ems.yaml"));
//   BEACON_ASSIGN_OR_RETURN(Overrides o, LoadOverrides("data/cities/boston/street_overrides.csv"));
//   ImportReport report;
//   BEACON_ASSIGN_OR_RETURN(Graph g, ImportGeoJson("streets.geojson", p, &o, &report));
//   std::vector<AddressRange> ranges;     // house numbers, for the geocoder
//   ImportGeoJson("streets.geojson", p, &o, &report, &ranges);
//
// What it does (docs/design/road-network.md explains why):
//  - segment ends join where their coordinates are equal (to 1e-7 degree) and their grade
//    levels (`zlev`) agree; a cut override separates named segments at a point;
//  - an end that lies on another segment's interior vertex splits that segment there (a
//    T-junction the data did not split);
//  - non-drivable classes are dropped; posted speeds below the profile's minimum are raised;
//    segments with no class, name or one-way get the profile's `unattributed` default;
//  - only the largest strongly connected component is kept; the rest is reported;
//  - a named LineString feature with house-number ranges (the profile's `addr_left` and
//    `addr_right`, each [from, to] or null) becomes an AddressRange with its own geometry,
//    whether or not the segment is drivable (a house on a footway still has an address).
// Errors name the file and the feature (index and id) and the property.
// Thread-safety: pure function.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/routing/graph.h"
#include "beacon/routing/import_report.h"
#include "beacon/routing/overrides.h"
#include "beacon/routing/profile.h"

namespace beacon::routing {

// House numbers along one street segment, as the street file gives them. Left and right are
// as seen travelling from the first point of `line` to the last; a side without numbers is
// {0, 0}. `from` may be greater than `to` (numbers falling along the line).
struct AddressRange {
  std::uint64_t segment = 0;  // the street file's segment id
  std::string street;         // the street's name (the profile's `name` property)
  std::array<std::uint32_t, 2> left{};
  std::array<std::uint32_t, 2> right{};
  std::vector<LatLon> line;
  friend bool operator==(const AddressRange&, const AddressRange&) = default;
};

// `overrides`, `report` (receives the counts) and `addresses` (receives the house-number
// ranges, in file order) may be null.
Result<Graph> ImportGeoJson(const std::filesystem::path& path, const Profile& profile,
                            const Overrides* overrides, ImportReport* report,
                            std::vector<AddressRange>* addresses = nullptr);

}  // namespace beacon::routing
