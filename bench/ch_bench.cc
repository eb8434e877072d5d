// Contraction hierarchy benchmarks (issue 4) on generated road-like graphs of 100,000+ nodes: a
// 320 x 320 grid with random weights, one-ways and missing streets, and a random geometric graph
// (k = 4 nearest neighbours, 10% one-ways). For each: build time, one-to-one, a fleet of 30 and
// of 100 units to one incident (and the incident to 100 units), a 1,000 x 1,000 matrix, a
// one-to-all tree (PHAST), and plain Dijkstra one-to-one on the same graph for the ratio. A
// 30,000-node geometric graph gives an indication at the size of the Boston targets.
//
//   cmake --preset release && cmake --build --preset release --target ch_bench
//   build/release/bench/ch_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "beacon/base/rng.h"
#include "beacon/routing/ch/contraction_hierarchy.h"
#include "beacon/routing/ch/contraction_hierarchy_query.h"
#include "beacon/routing/ch/synthetic_graphs.h"

namespace beacon::routing::ch {
namespace {

// Plain one-to-one Dijkstra with a stopping criterion and stamped scratch: the baseline.
class PlainDijkstra {
 public:
  explicit PlainDijkstra(const SyntheticGraph& g)
      : first_(std::size_t{g.num_nodes} + 1, 0),
        dist_(g.num_nodes, kUnreachable),
        stamp_(g.num_nodes, 0) {
    for (const InputArc& a : g.arcs) ++first_[a.tail.value() + 1];
    for (std::size_t i = 1; i < first_.size(); ++i) first_[i] += first_[i - 1];
    arcs_.resize(g.arcs.size());
    std::vector<std::uint32_t> next(first_.begin(), first_.end() - 1);
    for (const InputArc& a : g.arcs) arcs_[next[a.tail.value()]++] = {a.head.value(), a.weight_ms};
  }

  std::uint64_t Distance(std::uint32_t source, std::uint32_t target) {
    ++current_;
    queue_ = {};
    Set(source, 0);
    while (!queue_.empty()) {
      const auto [d, v] = queue_.top();
      queue_.pop();
      if (d > dist_[v]) continue;
      if (v == target) return d;
      for (std::uint32_t i = first_[v]; i < first_[v + 1]; ++i) {
        const std::uint64_t nd = d + arcs_[i].second;
        const std::uint32_t w = arcs_[i].first;
        if (stamp_[w] != current_ || nd < dist_[w]) Set(w, nd);
      }
    }
    return kUnreachable;
  }

 private:
  void Set(std::uint32_t v, std::uint64_t d) {
    stamp_[v] = current_;
    dist_[v] = d;
    queue_.emplace(d, v);
  }

  using Entry = std::pair<std::uint64_t, std::uint32_t>;
  std::vector<std::uint32_t> first_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs_;
  std::vector<std::uint64_t> dist_;
  std::vector<std::uint32_t> stamp_;
  std::uint32_t current_ = 0;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue_;
};

struct Fixture {
  std::string name;
  SyntheticGraph graph;
  std::unique_ptr<ContractionHierarchy> index;
  std::vector<std::vector<Seed>> places;  // random single-node places
};

std::vector<std::span<const Seed>> Take(const Fixture& f, std::size_t offset, std::size_t count) {
  std::vector<std::span<const Seed>> spans;
  for (std::size_t i = 0; i < count; ++i)
    spans.emplace_back(f.places[(offset + i) % f.places.size()]);
  return spans;
}

void Register(const Fixture& f) {
  const std::string& n = f.name;
  benchmark::RegisterBenchmark(
      ("Build/" + n).c_str(),
      [&f](benchmark::State& state) {
        for (auto _ : state) {
          auto index = ContractionHierarchy::Build(f.graph.num_nodes, f.graph.arcs);
          benchmark::DoNotOptimize(index.ok());
          state.counters["shortcuts"] = static_cast<double>(index->num_shortcuts());
        }
      })
      ->Unit(benchmark::kSecond)
      ->Iterations(1);

  // One-to-one over consecutive pairs of the random places.
  auto pairs = [&f](const std::string& name, auto query_fn) {
    benchmark::RegisterBenchmark(name.c_str(), [&f, query_fn](benchmark::State& state) {
      ContractionHierarchyQuery query(*f.index);
      std::size_t i = 0;
      for (auto _ : state) {
        benchmark::DoNotOptimize(
            query_fn(query, f.places[i % f.places.size()], f.places[(i + 1) % f.places.size()]));
        i += 2;
      }
    })->Unit(benchmark::kMicrosecond);
  };
  pairs("OneToOne/" + n, [](ContractionHierarchyQuery& q, const auto& from, const auto& to) {
    return q.Distance(from, to);
  });
  pairs("OneToOnePath/" + n, [](ContractionHierarchyQuery& q, const auto& from, const auto& to) {
    return q.Path(from, to).arcs.size();
  });

  benchmark::RegisterBenchmark(("DijkstraOneToOne/" + n).c_str(), [&f](benchmark::State& state) {
    PlainDijkstra dijkstra(f.graph);
    std::size_t i = 0;
    for (auto _ : state) {
      benchmark::DoNotOptimize(
          dijkstra.Distance(f.places[i % f.places.size()][0].node.value(),
                            f.places[(i + 1) % f.places.size()][0].node.value()));
      i += 2;
    }
  })->Unit(benchmark::kMicrosecond);

  for (const std::size_t units : {std::size_t{30}, std::size_t{100}}) {
    benchmark::RegisterBenchmark(("FleetToIncident/" + n).c_str(),
                                 [&f, units](benchmark::State& state) {
                                   ContractionHierarchyQuery query(*f.index);
                                   std::size_t i = 0;
                                   for (auto _ : state) {
                                     const auto fleet = Take(f, i, units);
                                     benchmark::DoNotOptimize(query.ManyToOne(
                                         fleet, f.places[(i + units) % f.places.size()]));
                                     i += units + 1;
                                   }
                                 })
        ->Arg(static_cast<std::int64_t>(units))
        ->Unit(benchmark::kMicrosecond);
  }
  benchmark::RegisterBenchmark(
      ("IncidentToUnits/" + n).c_str(),
      [&f](benchmark::State& state) {
        ContractionHierarchyQuery query(*f.index);
        std::size_t i = 0;
        for (auto _ : state) {
          const auto fleet = Take(f, i, 100);
          benchmark::DoNotOptimize(query.OneToMany(f.places[(i + 100) % f.places.size()], fleet));
          i += 101;
        }
      })
      ->Arg(100)
      ->Unit(benchmark::kMicrosecond);

  benchmark::RegisterBenchmark(("Matrix1000x1000/" + n).c_str(), [&f](benchmark::State& state) {
    ContractionHierarchyQuery query(*f.index);
    const auto sources = Take(f, 0, 1000);
    const auto targets = Take(f, 1000, 1000);
    for (auto _ : state) benchmark::DoNotOptimize(query.Matrix(sources, targets));
  })->Unit(benchmark::kMillisecond);

  benchmark::RegisterBenchmark(("OneToAllTree/" + n).c_str(), [&f](benchmark::State& state) {
    ContractionHierarchyQuery query(*f.index);
    std::size_t i = 0;
    for (auto _ : state)
      benchmark::DoNotOptimize(query.OneToAll(f.places[i++ % f.places.size()]).data());
  })->Unit(benchmark::kMillisecond);
}

Fixture MakeFixture(std::string name, SyntheticGraph graph, Rng& rng) {
  Fixture f{std::move(name), std::move(graph), nullptr, {}};
  auto index = ContractionHierarchy::Build(f.graph.num_nodes, f.graph.arcs);
  if (!index.ok()) {
    fmt::print(stderr, "ch_bench: build failed: {}\n", index.status().ToString());
    std::exit(1);
  }
  f.index = std::make_unique<ContractionHierarchy>(std::move(*index));
  for (int i = 0; i < 10'000; ++i) {
    f.places.push_back(
        {Seed{NodeId{static_cast<std::uint32_t>(rng.UniformInt(f.graph.num_nodes))}, 0}});
  }
  return f;
}

}  // namespace
}  // namespace beacon::routing::ch

int main(int argc, char** argv) {
  using namespace beacon::routing::ch;  // NOLINT(google-build-using-namespace): main only
  benchmark::Initialize(&argc, argv);
  beacon::Rng rng(4);
  std::vector<std::unique_ptr<Fixture>> fixtures;
  fixtures.push_back(std::make_unique<Fixture>(
      MakeFixture("grid320x320", MakeGrid({.width = 320, .height = 320}, rng), rng)));
  fixtures.push_back(std::make_unique<Fixture>(MakeFixture(
      "geometric100k", MakeRandomGeometric({.num_nodes = 100'000, .side_m = 60'000}, rng), rng)));
  // Boston-sized (the targets are for ~20-40k nodes), for an indication only: a random
  // geometric graph has no road hierarchy, so it is harder for a CH than a real city.
  fixtures.push_back(std::make_unique<Fixture>(MakeFixture(
      "geometric30k", MakeRandomGeometric({.num_nodes = 30'000, .side_m = 33'000}, rng), rng)));
  for (const auto& f : fixtures) Register(*f);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
