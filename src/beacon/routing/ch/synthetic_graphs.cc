#include "beacon/routing/ch/synthetic_graphs.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace beacon::routing::ch {

namespace {

// Adds a street u - v: both directions, or one random direction with probability one_way_share.
void AddStreet(SyntheticGraph& g, std::uint32_t u, std::uint32_t v, std::uint32_t weight,
               double one_way_share, Rng& rng) {
  auto add = [&g](std::uint32_t a, std::uint32_t b, std::uint32_t w) {
    g.arcs.push_back({NodeId{a}, NodeId{b}, w, ArcId{static_cast<std::uint32_t>(g.arcs.size())}});
  };
  if (rng.Bernoulli(one_way_share)) {
    if (rng.Bernoulli(0.5)) std::swap(u, v);
    add(u, v, weight);
  } else {
    add(u, v, weight);
    add(v, u, weight);
  }
}

}  // namespace

SyntheticGraph MakeGrid(const GridOptions& options, Rng& rng) {
  SyntheticGraph g;
  g.num_nodes = options.width * options.height;
  const std::uint64_t spread = std::uint64_t{options.max_weight_ms} - options.min_weight_ms + 1;
  for (std::uint32_t y = 0; y < options.height; ++y) {
    for (std::uint32_t x = 0; x < options.width; ++x) {
      const std::uint32_t u = y * options.width + x;
      for (const bool right : {true, false}) {
        if (right ? x + 1 >= options.width : y + 1 >= options.height) continue;
        const std::uint32_t v = right ? u + 1 : u + options.width;
        if (rng.Bernoulli(options.missing_share)) continue;
        const auto weight =
            static_cast<std::uint32_t>(options.min_weight_ms + rng.UniformInt(spread));
        AddStreet(g, u, v, weight, options.one_way_share, rng);
      }
    }
  }
  return g;
}

SyntheticGraph MakeRandomGeometric(const GeometricOptions& options, Rng& rng) {
  SyntheticGraph g;
  const std::uint32_t n = options.num_nodes;
  g.num_nodes = n;
  std::vector<double> xs(n);
  std::vector<double> ys(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    xs[i] = rng.Uniform(0, options.side_m);
    ys[i] = rng.Uniform(0, options.side_m);
  }
  // Bucket the points in a cell grid of about two points per cell for the k-nearest search.
  const auto cells = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(std::sqrt(n / 2.0)));
  const double cell_side = options.side_m / cells;
  auto cell_of = [&](double c) {
    return std::min(cells - 1, static_cast<std::uint32_t>(c / cell_side));
  };
  std::vector<std::vector<std::uint32_t>> grid(std::size_t{cells} * cells);
  for (std::uint32_t i = 0; i < n; ++i) grid[cell_of(ys[i]) * cells + cell_of(xs[i])].push_back(i);

  std::vector<std::pair<std::uint32_t, std::uint32_t>> streets;
  std::vector<std::pair<double, std::uint32_t>> near;
  const std::uint32_t k = std::min(options.neighbours, n == 0 ? 0 : n - 1);
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto cx = static_cast<std::int64_t>(cell_of(xs[i]));
    const auto cy = static_cast<std::int64_t>(cell_of(ys[i]));
    near.clear();
    // Grow square rings of cells until k candidates are closer than any unvisited cell.
    for (std::int64_t ring = 0; ring <= cells; ++ring) {
      for (std::int64_t y = cy - ring; y <= cy + ring; ++y) {
        for (std::int64_t x = cx - ring; x <= cx + ring; ++x) {
          if (std::max(std::abs(x - cx), std::abs(y - cy)) != ring) continue;
          if (x < 0 || y < 0 || x >= cells || y >= cells) continue;
          for (const std::uint32_t j : grid[static_cast<std::size_t>(y * cells + x)]) {
            if (j != i) near.emplace_back(std::hypot(xs[i] - xs[j], ys[i] - ys[j]), j);
          }
        }
      }
      if (near.size() >= k) {
        std::nth_element(near.begin(), near.begin() + (k - 1), near.end());
        if (k == 0 || near[k - 1].first <= static_cast<double>(ring) * cell_side) break;
      }
    }
    std::sort(near.begin(), near.end());
    for (std::uint32_t j = 0; j < k && j < near.size(); ++j) {
      streets.emplace_back(std::min(i, near[j].second), std::max(i, near[j].second));
    }
  }
  std::sort(streets.begin(), streets.end());
  streets.erase(std::unique(streets.begin(), streets.end()), streets.end());
  for (const auto& [u, v] : streets) {
    const double speed = rng.Uniform(8.0, 30.0);
    const double ms = std::round(std::hypot(xs[u] - xs[v], ys[u] - ys[v]) / speed * 1000.0);
    AddStreet(g, u, v, static_cast<std::uint32_t>(ms), options.one_way_share, rng);
  }
  return g;
}

}  // namespace beacon::routing::ch
