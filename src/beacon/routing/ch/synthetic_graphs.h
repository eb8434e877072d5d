// Synthetic road-like graphs for the hierarchy's tests and benchmarks: grids with random weights,
// one-way and missing streets, and random geometric graphs (points in a square, each joined to
// its k nearest neighbours, a share of one-ways). Deterministic for a given Rng seed.
//
//   Rng rng(7);
//   ch::SyntheticGraph grid = ch::MakeGrid({.width = 320, .height = 320}, rng);
//   auto index = ch::ContractionHierarchy::Build(grid.num_nodes, grid.arcs);
//
// Thread-safety: pure functions of their arguments (the Rng is the caller's).
#pragma once

#include <cstdint>
#include <vector>

#include "beacon/base/rng.h"
#include "beacon/routing/ch/contraction_hierarchy.h"

namespace beacon::routing::ch {

struct SyntheticGraph {
  std::uint32_t num_nodes = 0;
  std::vector<InputArc> arcs;  // arc i has id i
};

struct GridOptions {
  std::uint32_t width = 10;   // nodes per row, >= 1
  std::uint32_t height = 10;  // rows, >= 1
  std::uint32_t min_weight_ms = 5'000;
  std::uint32_t max_weight_ms = 60'000;
  double one_way_share = 0.1;   // streets with one direction only (a random one)
  double missing_share = 0.05;  // streets left out (so some pairs are unreachable)
};
SyntheticGraph MakeGrid(const GridOptions& options, Rng& rng);

struct GeometricOptions {
  std::uint32_t num_nodes = 1000;
  std::uint32_t neighbours = 4;  // k: each point joins its k nearest
  double side_m = 20'000;        // the square's side
  double one_way_share = 0.1;
};
// Weights are travel times at a speed drawn per street from 8..30 m/s (29..108 km/h).
SyntheticGraph MakeRandomGeometric(const GeometricOptions& options, Rng& rng);

}  // namespace beacon::routing::ch
