// Helpers shared by the routing commands (graph, route, matrix): loading a graph named by a
// flag, reading point and pair files with errors that name the file and line, snapping with a
// message that says how far each unsnappable point is.
//
//   BEACON_ASSIGN_OR_RETURN(auto points, ReadPointsFile("sources.txt"));
//   BEACON_ASSIGN_OR_RETURN(std::vector<Place> places, SnapAll(snapper, points, Meters(200)));
//
// Thread-safety: functions of their arguments; the CLI runs on one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "beacon/base/latlon.h"
#include "beacon/base/quantity.h"
#include "beacon/base/result.h"
#include "beacon/base/time.h"
#include "beacon/routing/ch_router.h"
#include "beacon/routing/graph.h"
#include "beacon/routing/place.h"
#include "beacon/routing/router.h"
#include "beacon/routing/snapper.h"

namespace beacon::cli {

struct PointLine {
  LatLon point;
  int line = 0;
};

// `lat,lon` a line; blank lines and lines starting with '#' are skipped.
Result<std::vector<PointLine>> ReadPointsFile(const std::string& path);

// `source target` node ids (1-based) a line; ids must be in 1..num_nodes.
Result<std::vector<std::pair<std::uint32_t, std::uint32_t>>> ReadPairsFile(const std::string& path,
                                                                           std::uint32_t num_nodes);

// Snaps every point; if any fails, one error lists each failure with its line and distance.
Result<std::vector<routing::Place>> SnapAll(const routing::Snapper& snapper,
                                            const std::vector<PointLine>& points, Meters max,
                                            const std::string& file);

// The router a command uses, with the hierarchy it may own. `engine`: "auto" (the contraction
// hierarchy when the graph's companion file `<graph>.ch` exists, else Dijkstra), "ch" (the
// companion must exist and match) or "dijkstra".
struct OpenedRouter {
  std::optional<routing::ChIndex> index;
  std::unique_ptr<routing::Router> router;
  std::string engine;  // "ch" or "dijkstra", as used
};
Result<OpenedRouter> OpenRouter(const routing::Graph& graph, const std::string& graph_path,
                                const std::string& engine);

// A travel time as printed: the integer, scaled by an hour factor (1.0 = as is), or
// "unreachable".
std::string FormatTime(Milliseconds t, double factor);

}  // namespace beacon::cli
