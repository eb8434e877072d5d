// Test helpers for the contraction hierarchy: an independent plain Dijkstra over the same arc
// list (the reference every CH answer is compared with) and the generated test graphs.
//
//   ch::testing::ReferenceDijkstra reference(graph);
//   std::vector<std::uint64_t> d = reference.Run(seeds, /*reverse=*/false);
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "beacon/base/rng.h"
#include "beacon/routing/ch/contraction_hierarchy.h"
#include "beacon/routing/ch/synthetic_graphs.h"

namespace beacon::routing::ch::testing {

// A plain multi-source Dijkstra over `g.arcs`, with the adjacency built once. Run(seeds, false)
// gives distances from the seeds (which start at their offsets); Run(seeds, true) runs on the
// reversed arcs, giving distances *to* the seeds. kUnreachable where nothing reaches.
class ReferenceDijkstra {
 public:
  explicit ReferenceDijkstra(const SyntheticGraph& g)
      : forward_(g.num_nodes), backward_(g.num_nodes) {
    for (const InputArc& a : g.arcs) {
      forward_[a.tail.value()].emplace_back(a.head.value(), a.weight_ms);
      backward_[a.head.value()].emplace_back(a.tail.value(), a.weight_ms);
    }
  }

  [[nodiscard]] std::vector<std::uint64_t> Run(std::span<const Seed> seeds, bool reverse) const {
    const auto& adj = reverse ? backward_ : forward_;
    std::vector<std::uint64_t> dist(adj.size(), kUnreachable);
    using Entry = std::pair<std::uint64_t, std::uint32_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    for (const Seed& s : seeds) {
      if (s.offset_ms < dist[s.node.value()]) {
        dist[s.node.value()] = s.offset_ms;
        queue.emplace(s.offset_ms, s.node.value());
      }
    }
    while (!queue.empty()) {
      const auto [d, v] = queue.top();
      queue.pop();
      if (d > dist[v]) continue;
      for (const auto& [w, weight] : adj[v]) {
        if (d + weight < dist[w]) {
          dist[w] = d + weight;
          queue.emplace(dist[w], w);
        }
      }
    }
    return dist;
  }

 private:
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> forward_;
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> backward_;
};

// min over target seeds of dist[node] + offset.
inline std::uint64_t ToSeeds(const std::vector<std::uint64_t>& dist, std::span<const Seed> seeds) {
  std::uint64_t best = kUnreachable;
  for (const Seed& s : seeds) {
    if (dist[s.node.value()] != kUnreachable) {
      best = std::min(best, dist[s.node.value()] + s.offset_ms);
    }
  }
  return best;
}

struct NamedGraph {
  std::string name;
  SyntheticGraph graph;
};

// The graphs the correctness tests run on: moderate sizes so the ASan build stays quick.
inline std::vector<NamedGraph> TestGraphs() {
  Rng rng(20261125);
  std::vector<NamedGraph> graphs;
  graphs.push_back({"grid 50x50", MakeGrid({.width = 50, .height = 50}, rng)});
  graphs.push_back({"grid 40x60 heavy one-ways", MakeGrid({.width = 40,
                                                           .height = 60,
                                                           .min_weight_ms = 0,
                                                           .max_weight_ms = 20,
                                                           .one_way_share = 0.4,
                                                           .missing_share = 0.1},
                                                          rng)});
  graphs.push_back({"geometric 3000", MakeRandomGeometric({.num_nodes = 3000}, rng)});
  graphs.push_back(
      {"geometric 2000 k3 one-ways",
       MakeRandomGeometric({.num_nodes = 2000, .neighbours = 3, .one_way_share = 0.3}, rng)});
  return graphs;
}

// `count` random places of 1..max_seeds seeds with offsets below max_offset.
inline std::vector<std::vector<Seed>> RandomPlaces(std::uint32_t num_nodes, std::size_t count,
                                                   std::uint32_t max_seeds,
                                                   std::uint32_t max_offset, Rng& rng) {
  std::vector<std::vector<Seed>> places(count);
  for (auto& place : places) {
    const auto seeds = 1 + rng.UniformInt(max_seeds);
    for (std::uint64_t i = 0; i < seeds; ++i) {
      place.push_back(
          {NodeId{static_cast<std::uint32_t>(rng.UniformInt(num_nodes))},
           max_offset == 0 ? 0U : static_cast<std::uint32_t>(rng.UniformInt(max_offset))});
    }
  }
  return places;
}

inline std::vector<std::span<const Seed>> Spans(const std::vector<std::vector<Seed>>& places) {
  return {places.begin(), places.end()};
}

}  // namespace beacon::routing::ch::testing
