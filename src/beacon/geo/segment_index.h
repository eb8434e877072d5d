// SegmentIndex: a uniform grid over line segments, for "which segment is nearest to this
// point?" (snapping a caller, a hospital or an ambulance to the road network).
//
//   SegmentIndex::Builder b;
//   b.Add({42.3600, -71.0600}, {42.3610, -71.0600});   // item 0
//   b.Add({42.3600, -71.0590}, {42.3610, -71.0590});   // item 1
//   SegmentIndex index = std::move(b).Build();
//   std::optional<SegmentIndex::Hit> hit = index.Nearest({42.3605, -71.0592}, Meters(50));
//   // hit->item == 1, hit->projection.distance ~ 16.4 m, hit->projection.t ~ 0.5
//
// Cells are sized so that there are about as many cells as segments (never under 25 m); a
// segment is listed in every cell its bounding box touches. Nearest() searches rings of cells
// outwards and stops as soon as no unsearched cell can hold a nearer segment, so it is exact.
// Thread-safety: immutable after Build(); Nearest() may be called from many threads.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "beacon/base/latlon.h"
#include "beacon/base/quantity.h"
#include "beacon/geo/bbox.h"
#include "beacon/geo/polyline.h"

namespace beacon::geo {

class SegmentIndex {
 public:
  struct Hit {
    std::uint32_t item = 0;  // the insertion index of the segment
    SegmentProjection projection;
  };

  class Builder {
   public:
    // Returns the item's index (0, 1, 2, ... in insertion order).
    std::uint32_t Add(const LatLon& a, const LatLon& b);
    SegmentIndex Build() &&;

   private:
    std::vector<LatLon> ends_;  // a0, b0, a1, b1, ...
  };

  SegmentIndex() = default;

  // The nearest segment within `max_distance` of q, or nullopt if there is none.
  [[nodiscard]] std::optional<Hit> Nearest(const LatLon& q, Meters max_distance) const;
  // The nearest segment at any distance (a scan of every segment: for error messages that say
  // how far the nearest road is). nullopt only when the index is empty.
  [[nodiscard]] std::optional<Hit> NearestAnywhere(const LatLon& q) const;

  [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(ends_.size() / 2); }
  [[nodiscard]] const BoundingBox& bounds() const { return bounds_; }

 private:
  std::vector<LatLon> ends_;
  BoundingBox bounds_;
  double cell_lat_ = 1.0;  // cell height, degrees
  double cell_lon_ = 1.0;  // cell width, degrees
  std::int64_t nx_ = 0;
  std::int64_t ny_ = 0;
  std::vector<std::uint32_t> cell_first_;  // CSR over cells: nx_ * ny_ + 1
  std::vector<std::uint32_t> cell_items_;
};

}  // namespace beacon::geo
