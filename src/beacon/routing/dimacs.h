// DIMACS shortest-path challenge input (9th challenge): `.gr` arcs with integer weights and
// optional `.co` coordinates. Every node keeps its id (1-based, as in the file: node k is
// NodeId{k - 1}) and every arc weight is used exactly as given, so answers can be checked
// against published references. No component filtering: unreachable pairs stay unreachable.
//
//   BEACON_ASSIGN_OR_RETURN(Graph g, ReadDimacs("USA-road-t.NY.gr", "USA-road-d.NY.co"));
//
// Errors name the file and line: "x.gr:7: arc head 9 is outside 1..4".
// Thread-safety: pure function (reads files).
#pragma once

#include <filesystem>
#include <optional>

#include "beacon/base/result.h"
#include "beacon/routing/graph.h"

namespace beacon::routing {

Result<Graph> ReadDimacs(const std::filesystem::path& gr,
                         const std::optional<std::filesystem::path>& co = std::nullopt);

}  // namespace beacon::routing
