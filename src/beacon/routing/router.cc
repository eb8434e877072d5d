#include "beacon/routing/router.h"

#include "beacon/geo/polyline.h"
#include "beacon/routing/graph.h"

namespace beacon::routing {
namespace {

void Append(std::vector<LatLon>& out, const std::vector<LatLon>& piece) {
  for (const LatLon& p : piece) {
    if (out.empty() || !(out.back() == p)) out.push_back(p);
  }
}

Meters Cm(std::uint32_t cm) { return Meters(static_cast<double>(cm) / 100.0); }

}  // namespace

Milliseconds SameArcTime(const Place& from, const Place& to, std::pair<int, int>* position_pair) {
  Milliseconds best = kUnreachable;
  for (std::size_t i = 0; i < from.on.size(); ++i) {
    for (std::size_t j = 0; j < to.on.size(); ++j) {
      const ArcPosition& a = from.on[i];
      const ArcPosition& b = to.on[j];
      if (a.arc != b.arc || a.cm_from_tail > b.cm_from_tail) continue;
      const Milliseconds t{std::int64_t{b.ms_from_tail} - std::int64_t{a.ms_from_tail}};
      if (t < best) {
        best = t;
        if (position_pair != nullptr) *position_pair = {static_cast<int>(i), static_cast<int>(j)};
      }
    }
  }
  return best;
}

Route AssembleRoute(const Graph& graph, const Place& from, int from_position,
                    std::span<const ArcId> arcs, const Place& to, int to_position,
                    Milliseconds time) {
  Route r;
  r.time = time;
  const bool coords = graph.has_coordinates();
  if (from_position >= 0) {
    const ArcPosition& p = from.on[static_cast<std::size_t>(from_position)];
    r.arcs.push_back(p.arc);
    r.length_cm += p.cm_to_head;
    if (coords) {
      const auto geom = graph.ArcGeometry(p.arc);
      Append(r.polyline,
             geo::SubPolyline(geom, Cm(p.cm_from_tail), Cm(p.cm_from_tail + p.cm_to_head)));
    }
  }
  for (ArcId a : arcs) {
    r.arcs.push_back(a);
    r.length_cm += graph.LengthCm(a);
    if (coords) Append(r.polyline, graph.ArcGeometry(a));
  }
  if (to_position >= 0) {
    const ArcPosition& p = to.on[static_cast<std::size_t>(to_position)];
    r.arcs.push_back(p.arc);
    r.length_cm += p.cm_from_tail;
    if (coords) {
      const auto geom = graph.ArcGeometry(p.arc);
      Append(r.polyline, geo::SubPolyline(geom, Meters(0), Cm(p.cm_from_tail)));
    }
  }
  if (coords && r.polyline.empty() && !from.leave.empty()) {
    r.polyline.push_back(graph.Position(from.leave.front().node));
  }
  return r;
}

Route AssembleSameArcRoute(const Graph& graph, const ArcPosition& from, const ArcPosition& to) {
  Route r;
  r.time = Milliseconds(std::int64_t{to.ms_from_tail} - std::int64_t{from.ms_from_tail});
  r.length_cm = std::int64_t{to.cm_from_tail} - std::int64_t{from.cm_from_tail};
  r.arcs.push_back(from.arc);
  if (graph.has_coordinates()) {
    r.polyline =
        geo::SubPolyline(graph.ArcGeometry(from.arc), Cm(from.cm_from_tail), Cm(to.cm_from_tail));
  }
  return r;
}

}  // namespace beacon::routing
