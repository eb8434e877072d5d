// Hand-made graphs and temporary files for routing tests.
//
//   Graph g = MakeGraph({{42.36, -71.06}, {42.361, -71.06}}, {{0, 1, 1000, /*two_way=*/true}});
//   TempDir dir;  WriteFile(dir.path() / "x.gr", "p sp 1 0\n");
//
// Thread-safety: test helpers, one thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "beacon/base/latlon.h"
#include "beacon/routing/graph.h"

#include "testing/testing.h"

namespace beacon::routing::testing {

struct Street {
  std::uint32_t from;
  std::uint32_t to;
  std::uint32_t ms;  // travel time of the whole street, each direction
  bool two_way;
  std::string name;
};

// Nodes at the given positions; each street is one arc (two arcs, twinned, when two-way).
// Lengths are the haversine distance between the end nodes.
Graph MakeGraph(const std::vector<LatLon>& nodes, const std::vector<Street>& streets);

using beacon::testing::ReadFileBytes;
using beacon::testing::TempDir;
using beacon::testing::WriteFile;

}  // namespace beacon::routing::testing
