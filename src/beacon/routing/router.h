// Router: the one interface every shortest-path query in Beacon goes through. DijkstraRouter
// answers exactly by (bidirectional) Dijkstra; the contraction hierarchy (issue 4) implements
// the same interface, so callers never change.
//
//   DijkstraRouter router(graph);                   // one per thread; the graph is shared
//   Milliseconds t = router.OneToOne(from, to);     // kUnreachable if there is no path
//   std::vector<Milliseconds> row = router.OneToMany(from, targets);
//   std::optional<Route> r = router.Path(from, to); // arcs and polyline for display
//
// Times are integers: the sum of arc weights (ms) plus the partial arcs of mid-street places.
// Thread-safety: a Router holds per-query scratch memory: use one per thread. Implementations
// only read the Graph, which threads share.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/base/latlon.h"
#include "beacon/base/time.h"
#include "beacon/routing/place.h"

namespace beacon::routing {

class Graph;

struct Route {
  Milliseconds time{0};
  std::int64_t length_cm = 0;
  std::vector<ArcId> arcs;       // every arc touched, including partial first and last arcs
  std::vector<LatLon> polyline;  // from the start position to the end position
};

class Router {
 public:
  virtual ~Router() = default;

  virtual Milliseconds OneToOne(const Place& from, const Place& to) = 0;
  // result[i] = OneToOne(from, to[i])
  virtual std::vector<Milliseconds> OneToMany(const Place& from, std::span<const Place> to) = 0;
  // result[i] = OneToOne(from[i], to)
  virtual std::vector<Milliseconds> ManyToOne(std::span<const Place> from, const Place& to) = 0;
  // Row-major: result[i * to.size() + j] = OneToOne(from[i], to[j]).
  virtual std::vector<Milliseconds> Matrix(std::span<const Place> from,
                                           std::span<const Place> to) = 0;
  // The fastest route, or nullopt when there is none.
  virtual std::optional<Route> Path(const Place& from, const Place& to) = 0;
};

// The time of going straight along one arc from `from` to `to` when both lie on it with `from`
// no later than `to` (no node in between, so seeds cannot express it), else kUnreachable.
// Sets *position_pair to the indices (into from.on, to.on) of the best pair, if given.
Milliseconds SameArcTime(const Place& from, const Place& to,
                         std::pair<int, int>* position_pair = nullptr);

// Assembles a Route from its pieces: the start position's partial arc (if any), whole arcs,
// the end position's partial arc. Shared by every Router implementation.
Route AssembleRoute(const Graph& graph, const Place& from, int from_position,
                    std::span<const ArcId> arcs, const Place& to, int to_position,
                    Milliseconds time);
// The Route along a single arc between two positions on it (SameArcTime's case).
Route AssembleSameArcRoute(const Graph& graph, const ArcPosition& from, const ArcPosition& to);

}  // namespace beacon::routing
