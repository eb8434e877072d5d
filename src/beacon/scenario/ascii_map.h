// AsciiMap: a small street map drawn in text, for dispatch scenarios that need a road network
// whose answers a reader can check by hand (after OSRM's testbot scenarios).
//
//   a---b---c        Nodes are single lower-case letters or digits. A run of '-' joins two
//   |       |        nodes on a row, a run of '|' two nodes in a column. Every character cell
//   d-------e        is `grid` metres; a street's length is its cells times the grid.
//
//   BEACON_ASSIGN_OR_RETURN(AsciiMap map, AsciiMap::Parse(layout));
//   map.nodes.at('a');   // (row, column)
//   map.streets;         // {from, to, cells}
//
// Errors name the row and column of the problem (a dangling '-', a '|' not between two nodes,
// an unknown character). Positions: row r, column c lies r * grid metres south and c * grid
// metres east of the map's origin.
// Thread-safety: plain values and pure functions.
#pragma once

#include <map>
#include <string_view>
#include <vector>

#include "beacon/base/latlon.h"
#include "beacon/base/result.h"

namespace beacon::scenario {

struct MapStreet {
  char from = 0;
  char to = 0;
  int cells = 0;
};

struct AsciiMap {
  std::map<char, std::pair<int, int>> nodes;  // letter -> (row, column)
  std::vector<MapStreet> streets;             // each once, from the west/north end

  static Result<AsciiMap> Parse(std::string_view layout);
  // The position of a row and column, `grid_m` metres per cell from `origin`.
  [[nodiscard]] static LatLon Position(const LatLon& origin, double grid_m, int row, int col);
};

}  // namespace beacon::scenario
