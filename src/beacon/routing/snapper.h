// Snapper: the nearest road position to a latitude/longitude, turned into a Place that routers
// accept. It indexes every arc's shape (one arc per two-way street: its twin shares the shape).
//
//   BEACON_ASSIGN_OR_RETURN(Snapper snapper, Snapper::Create(graph));
//   BEACON_ASSIGN_OR_RETURN(Snap s, snapper.Nearest({42.3601, -71.0589}, Meters(200)));
//   // s.arc, s.distance (to the road), s.offset (along the arc from its tail), s.point
//   Place p = snapper.PlaceAt(s);   // seeds on both directions of a two-way street
//
// A point farther than the limit from every road is an error that says how far the nearest
// road is. Thread-safety: immutable after Create; share it between threads. The Graph must
// outlive it.
#pragma once

#include <cstdint>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/base/latlon.h"
#include "beacon/base/quantity.h"
#include "beacon/base/result.h"
#include "beacon/geo/segment_index.h"
#include "beacon/routing/graph.h"
#include "beacon/routing/place.h"

namespace beacon::routing {

struct Snap {
  ArcId arc;
  Meters distance{0};  // from the query point to the road
  Meters offset{0};    // along the arc from its tail
  LatLon point;        // the position on the road
};

class Snapper {
 public:
  // Fails if the graph has no coordinates (a DIMACS graph built without a .co file).
  static Result<Snapper> Create(const Graph& graph);

  [[nodiscard]] Result<Snap> Nearest(const LatLon& q, Meters max_distance) const;
  [[nodiscard]] Place PlaceAt(const Snap& snap) const;
  // Nearest + PlaceAt.
  [[nodiscard]] Result<Place> Locate(const LatLon& q, Meters max_distance) const;

 private:
  explicit Snapper(const Graph& graph) : graph_(&graph) {}
  const Graph* graph_;
  geo::SegmentIndex index_;
  std::vector<std::uint32_t> item_arc_;
  std::vector<std::uint32_t> item_piece_;
};

}  // namespace beacon::routing
