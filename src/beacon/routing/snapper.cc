#include "beacon/routing/snapper.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "beacon/geo/polyline.h"

namespace beacon::routing {
namespace {

std::uint32_t RoundedShare(std::uint32_t total, std::uint32_t part_cm, std::uint32_t length_cm) {
  if (length_cm == 0) return 0;
  const double v = std::round(static_cast<double>(total) * static_cast<double>(part_cm) /
                              static_cast<double>(length_cm));
  return static_cast<std::uint32_t>(std::clamp(v, 0.0, static_cast<double>(total)));
}

ArcPosition PositionOn(const Graph& g, ArcId arc, std::uint32_t cm_from_tail) {
  const std::uint32_t len = g.LengthCm(arc);
  const std::uint32_t w = g.Weight(arc);
  ArcPosition p;
  p.arc = arc;
  p.cm_from_tail = std::min(cm_from_tail, len);
  p.cm_to_head = len - p.cm_from_tail;
  p.ms_from_tail = RoundedShare(w, p.cm_from_tail, len);
  p.ms_to_head = w - p.ms_from_tail;
  return p;
}

}  // namespace

Result<Snapper> Snapper::Create(const Graph& graph) {
  if (!graph.has_coordinates()) {
    return FailedPreconditionError(
        "the graph has no node coordinates (build it with --coords FILE.co to snap points)");
  }
  Snapper s(graph);
  geo::SegmentIndex::Builder b;
  for (std::uint32_t a = 0; a < graph.num_arcs(); ++a) {
    const ArcId twin = graph.Twin(ArcId{a});
    if (twin.valid() && twin.value() < a) continue;  // its twin carries the shape
    const std::vector<LatLon> geom = graph.ArcGeometry(ArcId{a});
    for (std::size_t i = 0; i + 1 < geom.size(); ++i) {
      b.Add(geom[i], geom[i + 1]);
      s.item_arc_.push_back(a);
      s.item_piece_.push_back(static_cast<std::uint32_t>(i));
    }
  }
  s.index_ = std::move(b).Build();
  return s;
}

Result<Snap> Snapper::Nearest(const LatLon& q, Meters max_distance) const {
  BEACON_RETURN_IF_ERROR(ValidateLatLon(q));
  const auto hit = index_.Nearest(q, max_distance);
  if (!hit) {
    const auto any = index_.NearestAnywhere(q);
    if (!any) return NotFoundError("the graph has no roads to snap to");
    return OutOfRangeError(
        fmt::format("{} is {:.0f} m from the nearest road (the limit is {:.0f} m)", FormatLatLon(q),
                    any->projection.distance.value(), max_distance.value()));
  }
  const ArcId arc{item_arc_[hit->item]};
  const std::vector<LatLon> geom = graph_->ArcGeometry(arc);
  Snap s;
  s.arc = arc;
  s.distance = hit->projection.distance;
  s.offset = geo::OffsetAt(geom, item_piece_[hit->item], hit->projection.t);
  s.point = hit->projection.point;
  return s;
}

Place Snapper::PlaceAt(const Snap& snap) const {
  const Graph& g = *graph_;
  const auto cm = static_cast<std::uint32_t>(std::max(0.0, std::round(snap.offset.value() * 100)));
  Place p;
  const ArcPosition a = PositionOn(g, snap.arc, cm);
  p.on.push_back(a);
  const ArcId twin = g.Twin(snap.arc);
  if (twin.valid()) {
    const std::uint32_t twin_len = g.LengthCm(twin);
    p.on.push_back(PositionOn(g, twin, twin_len - std::min(a.cm_from_tail, twin_len)));
  }
  for (std::size_t i = 0; i < p.on.size(); ++i) {
    const ArcPosition& pos = p.on[i];
    const auto k = static_cast<std::int32_t>(i);
    p.leave.push_back(Seed{g.Head(pos.arc), pos.ms_to_head, k});
    p.arrive.push_back(Seed{g.Tail(pos.arc), pos.ms_from_tail, k});
    // At (the time of) an end of the arc, the place is that node: it may also leave by the
    // tail's other arcs, or be arrived at from the head's other arcs.
    if (pos.ms_from_tail == 0) p.leave.push_back(Seed{g.Tail(pos.arc), 0, -1});
    if (pos.ms_to_head == 0) p.arrive.push_back(Seed{g.Head(pos.arc), 0, -1});
  }
  return p;
}

Result<Place> Snapper::Locate(const LatLon& q, Meters max_distance) const {
  BEACON_ASSIGN_OR_RETURN(Snap s, Nearest(q, max_distance));
  return PlaceAt(s);
}

}  // namespace beacon::routing
