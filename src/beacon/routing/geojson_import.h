// GeoJSON street-centerline import: the format agencies keep their own street file in. The
// profile says which property holds the segment id, name, class, one-way, speed and grade
// level; an overrides file corrects what the data gets wrong.
//
//   BEACON_ASSIGN_OR_RETURN(Profile p, LoadProfile("data/profiles/ems.yaml"));
//   BEACON_ASSIGN_OR_RETURN(Overrides o, LoadOverrides("data/cities/boston/street_overrides.csv"));
//   ImportReport report;
//   BEACON_ASSIGN_OR_RETURN(Graph g, ImportGeoJson("streets.geojson", p, &o, &report));
//
// What it does (docs/design/road-network.md explains why):
//  - segment ends join where their coordinates are equal (to 1e-7 degree) and their grade
//    levels (`zlev`) agree; a cut override separates named segments at a point;
//  - an end that lies on another segment's interior vertex splits that segment there (a
//    T-junction the data did not split);
//  - non-drivable classes are dropped; posted speeds below the profile's minimum are raised;
//    segments with no class, name or one-way get the profile's `unattributed` default;
//  - only the largest strongly connected component is kept; the rest is reported.
// Errors name the file and the feature (index and id) and the property.
// Thread-safety: pure function.
#pragma once

#include <filesystem>

#include "beacon/base/result.h"
#include "beacon/routing/graph.h"
#include "beacon/routing/import_report.h"
#include "beacon/routing/overrides.h"
#include "beacon/routing/profile.h"

namespace beacon::routing {

// `overrides` may be null. `report` (may be null) receives the counts.
Result<Graph> ImportGeoJson(const std::filesystem::path& path, const Profile& profile,
                            const Overrides* overrides, ImportReport* report);

}  // namespace beacon::routing
