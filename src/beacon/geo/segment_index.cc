#include "beacon/geo/segment_index.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "beacon/geo/distance.h"

namespace beacon::geo {
namespace {
constexpr double kMetersPerDegLat = kEarthRadiusM * std::numbers::pi / 180.0;
constexpr double kMinCellM = 25.0;
constexpr std::int64_t kMaxCells = std::int64_t{1} << 26;
}  // namespace

std::uint32_t SegmentIndex::Builder::Add(const LatLon& a, const LatLon& b) {
  ends_.push_back(a);
  ends_.push_back(b);
  return static_cast<std::uint32_t>(ends_.size() / 2 - 1);
}

SegmentIndex SegmentIndex::Builder::Build() && {
  SegmentIndex index;
  index.ends_ = std::move(ends_);
  for (const LatLon& p : index.ends_) index.bounds_.Extend(p);
  const std::size_t n = index.ends_.size() / 2;
  if (n == 0) return index;
  const BoundingBox& bb = index.bounds_;
  const double cos_lat = std::max(0.01, std::cos(bb.Center().lat * std::numbers::pi / 180.0));
  const double h_m = std::max(1.0, (bb.max_lat - bb.min_lat) * kMetersPerDegLat);
  const double w_m = std::max(1.0, (bb.max_lon - bb.min_lon) * kMetersPerDegLat * cos_lat);
  const double target_cells =
      std::clamp(static_cast<double>(n), 1.0, static_cast<double>(kMaxCells));
  const double cell_m = std::max(kMinCellM, std::sqrt(h_m * w_m / target_cells));
  index.cell_lat_ = cell_m / kMetersPerDegLat;
  index.cell_lon_ = cell_m / (kMetersPerDegLat * cos_lat);
  index.nx_ = static_cast<std::int64_t>((bb.max_lon - bb.min_lon) / index.cell_lon_) + 1;
  index.ny_ = static_cast<std::int64_t>((bb.max_lat - bb.min_lat) / index.cell_lat_) + 1;
  const auto cells = static_cast<std::size_t>(index.nx_ * index.ny_);
  auto cell_range = [&](std::size_t item, std::int64_t* x0, std::int64_t* x1, std::int64_t* y0,
                        std::int64_t* y1) {
    const LatLon& a = index.ends_[2 * item];
    const LatLon& b = index.ends_[2 * item + 1];
    *x0 = static_cast<std::int64_t>((std::min(a.lon, b.lon) - bb.min_lon) / index.cell_lon_);
    *x1 = static_cast<std::int64_t>((std::max(a.lon, b.lon) - bb.min_lon) / index.cell_lon_);
    *y0 = static_cast<std::int64_t>((std::min(a.lat, b.lat) - bb.min_lat) / index.cell_lat_);
    *y1 = static_cast<std::int64_t>((std::max(a.lat, b.lat) - bb.min_lat) / index.cell_lat_);
    *x1 = std::min(*x1, index.nx_ - 1);
    *y1 = std::min(*y1, index.ny_ - 1);
  };
  std::vector<std::uint32_t> count(cells + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    std::int64_t x0, x1, y0, y1;
    cell_range(i, &x0, &x1, &y0, &y1);
    for (std::int64_t y = y0; y <= y1; ++y) {
      for (std::int64_t x = x0; x <= x1; ++x) ++count[static_cast<std::size_t>(y * index.nx_ + x)];
    }
  }
  index.cell_first_.assign(cells + 1, 0);
  for (std::size_t c = 0; c < cells; ++c)
    index.cell_first_[c + 1] = index.cell_first_[c] + count[c];
  index.cell_items_.resize(index.cell_first_[cells]);
  std::vector<std::uint32_t> fill(index.cell_first_.begin(), index.cell_first_.end() - 1);
  for (std::size_t i = 0; i < n; ++i) {
    std::int64_t x0, x1, y0, y1;
    cell_range(i, &x0, &x1, &y0, &y1);
    for (std::int64_t y = y0; y <= y1; ++y) {
      for (std::int64_t x = x0; x <= x1; ++x) {
        index.cell_items_[fill[static_cast<std::size_t>(y * index.nx_ + x)]++] =
            static_cast<std::uint32_t>(i);
      }
    }
  }
  return index;
}

std::optional<SegmentIndex::Hit> SegmentIndex::Nearest(const LatLon& q, Meters max_distance) const {
  if (cell_first_.empty()) return std::nullopt;
  const double qx = (q.lon - bounds_.min_lon) / cell_lon_;  // in cells
  const double qy = (q.lat - bounds_.min_lat) / cell_lat_;
  const auto cx = static_cast<std::int64_t>(std::clamp(std::floor(qx), 0.0, double(nx_ - 1)));
  const auto cy = static_cast<std::int64_t>(std::clamp(std::floor(qy), 0.0, double(ny_ - 1)));
  // Metres per cell at the query's latitude (the lower bound uses the smaller of the two).
  const double cos_q = std::cos(q.lat * std::numbers::pi / 180.0);
  const double m_lat = cell_lat_ * kMetersPerDegLat;
  const double m_lon = cell_lon_ * kMetersPerDegLat * cos_q;
  std::optional<Hit> best;
  const std::int64_t max_r = std::max(nx_, ny_);
  for (std::int64_t r = 0; r <= max_r; ++r) {
    const std::int64_t x0 = cx - r, x1 = cx + r, y0 = cy - r, y1 = cy + r;
    for (std::int64_t y = std::max<std::int64_t>(0, y0); y <= std::min(ny_ - 1, y1); ++y) {
      const bool edge_row = (y == y0 || y == y1);
      for (std::int64_t x = std::max<std::int64_t>(0, x0); x <= std::min(nx_ - 1, x1); ++x) {
        if (!edge_row && x != x0 && x != x1) continue;  // only the ring
        const auto c = static_cast<std::size_t>(y * nx_ + x);
        for (std::uint32_t k = cell_first_[c]; k < cell_first_[c + 1]; ++k) {
          const std::uint32_t item = cell_items_[k];
          const SegmentProjection p = ProjectOntoSegment(q, ends_[2 * item], ends_[2 * item + 1]);
          if (!best || p.distance < best->projection.distance ||
              (p.distance == best->projection.distance && item < best->item)) {
            best = Hit{item, p};
          }
        }
      }
    }
    // Every segment not yet seen lies wholly outside the searched square of cells.
    const double gap = std::min(
        {(qx - static_cast<double>(x0)) * m_lon, (static_cast<double>(x1 + 1) - qx) * m_lon,
         (qy - static_cast<double>(y0)) * m_lat, (static_cast<double>(y1 + 1) - qy) * m_lat});
    const bool covered = x0 <= 0 && y0 <= 0 && x1 >= nx_ - 1 && y1 >= ny_ - 1;
    if (covered) break;
    if (best && best->projection.distance.value() <= gap) break;
    if (gap > max_distance.value()) break;
  }
  if (best && best->projection.distance > max_distance) return std::nullopt;
  return best;
}

std::optional<SegmentIndex::Hit> SegmentIndex::NearestAnywhere(const LatLon& q) const {
  std::optional<Hit> best;
  for (std::uint32_t i = 0; i < size(); ++i) {
    const SegmentProjection p = ProjectOntoSegment(q, ends_[2 * i], ends_[2 * i + 1]);
    if (!best || p.distance < best->projection.distance) best = Hit{i, p};
  }
  return best;
}

}  // namespace beacon::geo
