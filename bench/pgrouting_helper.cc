// The Beacon side of bench/compare_pgrouting.sh: reads a graph file and its hierarchy (made by
// `beacon graph build`), writes the arcs and random origin-destination node pairs as CSV for
// PostgreSQL, and answers the same pairs with Beacon's Dijkstra and contraction hierarchy.
//
//   pgrouting_helper boston.graph 1000 42 OUT_DIR
//     OUT_DIR/arcs.csv    id,source,target,cost        (ids from 1; cost = weight in ms)
//     OUT_DIR/pairs.csv   source,target                (node ids from 1)
//     OUT_DIR/beacon.csv  source,target,dijkstra_ms,ch_ms
//   and prints "dijkstra_us_per_query=..." and "ch_us_per_query=..." (medians of 5 passes).
//
// Thread-safety: a one-thread program.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "beacon/base/rng.h"
#include "beacon/routing/ch_router.h"
#include "beacon/routing/dijkstra_router.h"

namespace beacon::routing {
namespace {

int Usage(const std::string& error) {
  fmt::print(stderr, "pgrouting_helper: {}\nusage: pgrouting_helper GRAPH PAIRS SEED OUT_DIR\n",
             error);
  return 2;
}

bool ParseCount(const char* text, std::uint64_t& out) {
  const std::string_view s(text);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && out > 0;
}

// Median over 5 passes of the time per query of answering every pair with `router`.
double MedianMicros(Router& router, const std::vector<std::pair<Place, Place>>& pairs,
                    std::vector<Milliseconds>& answers) {
  std::vector<double> passes;
  for (int pass = 0; pass < 5; ++pass) {
    answers.clear();
    const auto start = std::chrono::steady_clock::now();
    for (const auto& [from, to] : pairs) answers.push_back(router.OneToOne(from, to));
    const std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - start;
    passes.push_back(took.count() / static_cast<double>(pairs.size()));
  }
  std::sort(passes.begin(), passes.end());
  return passes[2];
}

int Run(int argc, char** argv) {
  if (argc != 5) return Usage("expected 4 arguments");
  std::uint64_t count = 0;
  std::uint64_t seed = 0;
  if (!ParseCount(argv[2], count)) return Usage(fmt::format("PAIRS: '{}' is not a count", argv[2]));
  if (!ParseCount(argv[3], seed)) return Usage(fmt::format("SEED: '{}' is not a count", argv[3]));
  const std::filesystem::path out_dir = argv[4];
  auto graph = Graph::Load(argv[1]);
  if (!graph.ok()) {
    fmt::print(stderr, "pgrouting_helper: {}\n", graph.status().ToString());
    return 1;
  }
  auto index = ChIndex::Load(ChIndex::CompanionPath(argv[1]), *graph);
  if (!index.ok()) {
    fmt::print(stderr, "pgrouting_helper: {}\n", index.status().ToString());
    return 1;
  }

  std::ofstream arcs(out_dir / "arcs.csv");
  for (std::uint32_t a = 0; a < graph->num_arcs(); ++a) {
    const ArcId id{a};
    arcs << (a + 1) << ',' << (graph->Tail(id).value() + 1) << ',' << (graph->Head(id).value() + 1)
         << ',' << graph->Weight(id) << '\n';
  }
  Rng rng(seed);
  std::vector<std::pair<Place, Place>> pairs;
  std::ofstream pairs_csv(out_dir / "pairs.csv");
  for (std::uint64_t i = 0; i < count; ++i) {
    const NodeId s{static_cast<std::uint32_t>(rng.UniformInt(graph->num_nodes()))};
    const NodeId t{static_cast<std::uint32_t>(rng.UniformInt(graph->num_nodes()))};
    pairs.emplace_back(Place::AtNode(s), Place::AtNode(t));
    pairs_csv << (s.value() + 1) << ',' << (t.value() + 1) << '\n';
  }
  if (!arcs || !pairs_csv) {
    fmt::print(stderr, "pgrouting_helper: cannot write into '{}'\n", out_dir.string());
    return 1;
  }

  DijkstraRouter dijkstra(*graph);
  ChRouter ch(*graph, *index);
  std::vector<Milliseconds> by_dijkstra;
  std::vector<Milliseconds> by_ch;
  const double dijkstra_us = MedianMicros(dijkstra, pairs, by_dijkstra);
  const double ch_us = MedianMicros(ch, pairs, by_ch);
  std::ofstream beacon(out_dir / "beacon.csv");
  auto ms = [](Milliseconds t) {
    return t == kUnreachable ? std::string("unreachable") : std::to_string(t.count());
  };
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    beacon << (pairs[i].first.leave[0].node.value() + 1) << ','
           << (pairs[i].second.arrive[0].node.value() + 1) << ',' << ms(by_dijkstra[i]) << ','
           << ms(by_ch[i]) << '\n';
  }
  if (!beacon) {
    fmt::print(stderr, "pgrouting_helper: cannot write '{}'\n", (out_dir / "beacon.csv").string());
    return 1;
  }
  fmt::print("nodes={} arcs={} pairs={}\n", graph->num_nodes(), graph->num_arcs(), pairs.size());
  fmt::print("dijkstra_us_per_query={:.2f}\nch_us_per_query={:.3f}\n", dijkstra_us, ch_us);
  return 0;
}

}  // namespace
}  // namespace beacon::routing

int main(int argc, char** argv) { return beacon::routing::Run(argc, argv); }
