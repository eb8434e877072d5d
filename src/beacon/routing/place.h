// Place: where a trip starts or ends, as the query layer sees it. A node is one seed; a
// snapped mid-street position is the arc(s) it lies on, and the seeds that reach the network's
// nodes from it (leaving: the rest of the arc to its head; arriving: the part from the arc's
// tail), so travel times start and end mid-street. Routers work only on seeds and positions,
// which is what lets a contraction hierarchy replace Dijkstra without callers changing.
//
//   Place p = Place::AtNode(NodeId{4});                   // leave/arrive at node 4, 0 ms
//   BEACON_ASSIGN_OR_RETURN(Place q, snapper.Locate({42.3601, -71.0589}, Meters(200)));
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/base/time.h"

namespace beacon::routing {

// "No path": larger than any real travel time.
inline constexpr Milliseconds kUnreachable = Milliseconds::max();

// A position part-way along an arc.
struct ArcPosition {
  ArcId arc;
  std::uint32_t ms_from_tail = 0;  // travel time from the arc's tail to here
  std::uint32_t ms_to_head = 0;    // from here to the head; the two add up to the arc's weight
  std::uint32_t cm_from_tail = 0;  // the same split of the arc's length
  std::uint32_t cm_to_head = 0;
};

struct Seed {
  NodeId node;
  std::int64_t ms = 0;  // leaving: time spent before reaching `node`; arriving: time after it
  std::int32_t position = -1;  // index into Place::on, or -1 when the place is the node itself
};

struct Place {
  std::vector<Seed> leave;      // used when the place is a source
  std::vector<Seed> arrive;     // used when it is a target
  std::vector<ArcPosition> on;  // arcs it lies on (empty for a node)

  static Place AtNode(NodeId v) { return Place{{Seed{v, 0, -1}}, {Seed{v, 0, -1}}, {}}; }
};

}  // namespace beacon::routing
