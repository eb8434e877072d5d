// OpenStreetMap PBF import through libosmium: drivable highway=* ways, one-way (yes/-1, implied
// on motorways and roundabouts), maxspeed, access restrictions (emergency=yes reopens a way).
// Nodes shared by two ways (or ending a way) become graph nodes; the others are shape points.
// Only the largest strongly connected component is kept.
//
//   ImportReport report;
//   BEACON_ASSIGN_OR_RETURN(Graph g, ImportOsm("beacon_hill.osm.pbf", profile, &report));
//
// libosmium's exceptions (corrupt or truncated files) are caught here and returned as Status
// naming the file. Thread-safety: pure function (libosmium may use worker threads internally).
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "beacon/base/result.h"
#include "beacon/routing/graph.h"
#include "beacon/routing/import_report.h"
#include "beacon/routing/profile.h"

namespace beacon::routing {

Result<Graph> ImportOsm(const std::filesystem::path& path, const Profile& profile,
                        ImportReport* report);

// OSM maxspeed=* in m/s: "30" (km/h), "30 mph", "50 km/h", "walk"-style words are nullopt.
std::optional<double> ParseMaxspeedMps(std::string_view value);

}  // namespace beacon::routing
