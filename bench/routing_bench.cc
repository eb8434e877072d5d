// Exact routing through the Router interface on two graphs: Boston (built from the shared street
// file at start-up, about a second in a release build, or read from the graph file named by
// $BEACON_GRAPH) and a generated city of 102,400 nodes (a 320 x 320 street grid, 100 m blocks,
// with faster avenues every 8th street, 10 % one-ways and 3 % missing streets). For each: the
// contraction hierarchy's build, one-to-one, a fleet of 30 and 100 units to one incident (plain
// ManyToOne, and through a ChPlaceCache with the refresh of a moved unit), one incident to 100
// units, a 1,000 x 1,000 matrix, a one-to-all tree, snapping, and Dijkstra for the ratios.
//
//   cmake --preset release && cmake --build --preset release --target routing_bench
//   build/release/bench/routing_bench --benchmark_repetitions=5
//     --benchmark_report_aggregates_only=true       (one line)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "beacon/base/rng.h"
#include "beacon/routing/ch_router.h"
#include "beacon/routing/dijkstra_router.h"
#include "beacon/routing/geojson_import.h"
#include "beacon/routing/graph_builder.h"
#include "beacon/routing/snapper.h"

namespace beacon::routing {
namespace {

[[noreturn]] void Fail(const Status& status) {
  std::cerr << "routing_bench: " << status << "\n";
  std::exit(1);
}

Graph LoadBoston() {
  if (const char* path = std::getenv("BEACON_GRAPH"); path != nullptr && *path != '\0') {
    auto g = Graph::Load(path);
    if (!g.ok()) Fail(g.status());
    return std::move(g).value();
  }
  const char* env = std::getenv("BEACON_DATA_DIR");
  const std::filesystem::path data =
      (env != nullptr && *env != '\0')
          ? std::filesystem::path(env)
          : std::filesystem::path(BEACON_SOURCE_DIR) / ".." / "shared" / "data";
  auto profile = LoadProfile(std::filesystem::path(BEACON_SOURCE_DIR) / "data/profiles/ems.yaml");
  if (!profile.ok()) Fail(profile.status());
  auto overrides = LoadOverrides(std::filesystem::path(BEACON_SOURCE_DIR) /
                                 "data/cities/boston/street_overrides.csv");
  if (!overrides.ok()) Fail(overrides.status());
  auto g = ImportGeoJson(data / "boston" / "streets.geojson", *profile, &*overrides, nullptr);
  if (!g.ok()) Fail(g.status());
  return std::move(g).value();
}

// A generated city: side x side intersections 100 m apart around Boston's latitude; streets at
// 8-14 m/s, every 8th row and column an avenue at 15-20 m/s; 10 % one-ways, 3 % missing.
Graph MakeGridCity(std::uint32_t side, std::uint64_t seed) {
  Rng rng(seed);
  GraphBuilder b(WeightUnit::kMilliseconds);
  const double dlat = 100.0 / 111'195.0;
  const double dlon = dlat / 0.74;  // cos(42.3 degrees)
  for (std::uint32_t r = 0; r < side; ++r) {
    for (std::uint32_t c = 0; c < side; ++c) b.AddNode({42.2 + dlat * r, -71.2 + dlon * c});
  }
  for (std::uint32_t r = 0; r < side; ++r) {
    for (std::uint32_t c = 0; c < side; ++c) {
      for (const bool along_row : {true, false}) {
        if ((along_row ? c : r) + 1 >= side) continue;
        if (rng.Uniform01() < 0.03) continue;
        const bool avenue = (along_row ? r : c) % 8 == 0;
        const double speed = avenue ? rng.Uniform(15, 20) : rng.Uniform(8, 14);
        const auto ms = static_cast<std::uint32_t>(100.0 / speed * 1000.0);
        const NodeId x{r * side + c};
        const NodeId y{along_row ? r * side + c + 1 : (r + 1) * side + c};
        auto arc = [ms](NodeId tail, NodeId head) {
          ArcInput in;
          in.tail = tail;
          in.head = head;
          in.weight = ms;
          in.length_cm = 10'000;
          return in;
        };
        const double kind = rng.Uniform01();
        if (kind < 0.05) {
          b.AddArc(arc(x, y));
        } else if (kind < 0.10) {
          b.AddArc(arc(y, x));
        } else {
          b.SetTwins(b.AddArc(arc(x, y)), b.AddArc(arc(y, x)));
        }
      }
    }
  }
  b.KeepLargestScc();
  auto g = std::move(b).Build();
  if (!g.ok()) Fail(g.status());
  return std::move(g).value();
}

struct Fixture {
  std::string name;
  std::unique_ptr<Graph> graph;
  std::unique_ptr<Snapper> snapper;
  std::unique_ptr<ChIndex> index;
  std::vector<Place> places;  // random snapped positions (mid-street: two seeds each, mostly)
};

std::vector<LatLon> RandomPoints(const Graph& g, int n, Rng& rng) {
  const auto& b = g.bounds();
  std::vector<LatLon> out;
  for (int i = 0; i < n; ++i) {
    out.push_back({rng.Uniform(b.min_lat, b.max_lat), rng.Uniform(b.min_lon, b.max_lon)});
  }
  return out;
}

std::unique_ptr<Fixture> MakeFixture(std::string name, Graph graph) {
  auto f = std::make_unique<Fixture>();
  f->name = std::move(name);
  f->graph = std::make_unique<Graph>(std::move(graph));
  auto snapper = Snapper::Create(*f->graph);
  if (!snapper.ok()) Fail(snapper.status());
  f->snapper = std::make_unique<Snapper>(std::move(snapper).value());
  auto index = ChIndex::Build(*f->graph);
  if (!index.ok()) Fail(index.status());
  f->index = std::make_unique<ChIndex>(std::move(index).value());
  Rng rng(7);
  while (f->places.size() < 4000) {
    for (const LatLon& p : RandomPoints(*f->graph, 1000, rng)) {
      if (auto place = f->snapper->Locate(p, Meters(150)); place.ok()) {
        f->places.push_back(std::move(place).value());
      }
    }
  }
  return f;
}

// places[offset], places[offset + 1], ... (wrapping): a fleet.
std::vector<Place> Take(const Fixture& f, std::size_t offset, std::size_t count) {
  std::vector<Place> out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(f.places[(offset + i) % f.places.size()]);
  return out;
}

// One-to-one over consecutive pairs of the fixture's places.
void OneToOnePairs(const Fixture& f, Router& router, benchmark::State& state) {
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        router.OneToOne(f.places[i % f.places.size()], f.places[(i + 1) % f.places.size()]));
    i += 2;
  }
}

// A fleet of state.range(0) units in a ChPlaceCache, timed against a stream of incidents.
void CachedTimes(const Fixture& f, ChPlaceCache::Direction direction, benchmark::State& state) {
  const auto count = static_cast<std::uint32_t>(state.range(0));
  ChPlaceCache fleet(*f.graph, *f.index, direction);
  for (std::uint32_t u = 0; u < count; ++u) fleet.Set(u, f.places[u]);
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(fleet.Times(f.places[1000 + i++ % 1000]));
}

void Register(const Fixture& f) {
  const std::string& n = f.name;
  auto reg = [&n](const std::string& what, auto fn) {
    return benchmark::RegisterBenchmark((what + "/" + n).c_str(), fn);
  };

  reg("ChBuild",
      [&f](benchmark::State& state) {
        for (auto _ : state) {
          auto index = ChIndex::Build(*f.graph);
          state.counters["shortcuts"] = static_cast<double>(index->hierarchy().num_shortcuts());
        }
        state.counters["nodes"] = f.graph->num_nodes();
        state.counters["arcs"] = f.graph->num_arcs();
      })
      ->Unit(benchmark::kMillisecond)
      ->Iterations(1);

  reg("DijkstraOneToOne", [&f](benchmark::State& state) {
    DijkstraRouter router(*f.graph);
    OneToOnePairs(f, router, state);
  })->Unit(benchmark::kMicrosecond);

  reg("ChOneToOne", [&f](benchmark::State& state) {
    ChRouter router(*f.graph, *f.index);
    OneToOnePairs(f, router, state);
  })->Unit(benchmark::kMicrosecond);

  // The nodes a one-to-one query settles (both sides), averaged over 2,000 queries.
  reg("ChOneToOneSearchSpace",
      [&f](benchmark::State& state) {
        ch::ContractionHierarchyQuery query(f.index->hierarchy());
        for (auto _ : state) {
          double settled = 0;
          std::vector<ch::Seed> s;
          std::vector<ch::Seed> t;
          for (std::size_t i = 0; i + 1 < f.places.size(); i += 2) {
            s.clear();
            t.clear();
            for (const Seed& x : f.places[i].leave)
              s.push_back({x.node, static_cast<std::uint32_t>(x.ms)});
            for (const Seed& x : f.places[i + 1].arrive)
              t.push_back({x.node, static_cast<std::uint32_t>(x.ms)});
            benchmark::DoNotOptimize(query.Distance(s, t));
            settled += query.last_settled();
          }
          state.counters["settled"] = settled / static_cast<double>(f.places.size() / 2);
        }
      })
      ->Unit(benchmark::kMillisecond)
      ->Iterations(1);

  // A fleet to one incident with plain ManyToOne: every unit's search runs per query.
  reg("ChFleetToIncident",
      [&f](benchmark::State& state) {
        const auto units = Take(f, 0, static_cast<std::size_t>(state.range(0)));
        ChRouter router(*f.graph, *f.index);
        std::size_t i = 0;
        for (auto _ : state)
          benchmark::DoNotOptimize(router.ManyToOne(units, f.places[1000 + i++ % 1000]));
      })
      ->Arg(30)
      ->Arg(100)
      ->Unit(benchmark::kMicrosecond);

  // The same through a ChPlaceCache: the units' upward searches are kept; a query is one search
  // from the incident plus bucket scans.
  reg("ChCachedFleetToIncident",
      [&f](benchmark::State& state) { CachedTimes(f, ChPlaceCache::Direction::kToOne, state); })
      ->Arg(30)
      ->Arg(100)
      ->Unit(benchmark::kMicrosecond);

  // What a moved unit costs the cache: its old entries out, one upward search, new entries in.
  reg("ChCachedFleetMoveUnit",
      [&f](benchmark::State& state) {
        ChPlaceCache fleet(*f.graph, *f.index, ChPlaceCache::Direction::kToOne);
        for (std::uint32_t u = 0; u < 100; ++u) fleet.Set(u, f.places[u]);
        std::size_t i = 0;
        for (auto _ : state) {
          fleet.Set(static_cast<std::uint32_t>(i % 100), f.places[2000 + i % 2000]);
          ++i;
        }
      })
      ->Arg(100)
      ->Unit(benchmark::kMicrosecond);

  // One incident to 100 units (the other direction: plain OneToMany, and cached).
  reg("ChIncidentToUnits",
      [&f](benchmark::State& state) {
        const auto units = Take(f, 0, 100);
        ChRouter router(*f.graph, *f.index);
        std::size_t i = 0;
        for (auto _ : state)
          benchmark::DoNotOptimize(router.OneToMany(f.places[1000 + i++ % 1000], units));
      })
      ->Arg(100)
      ->Unit(benchmark::kMicrosecond);
  reg("ChCachedIncidentToUnits",
      [&f](benchmark::State& state) { CachedTimes(f, ChPlaceCache::Direction::kFromOne, state); })
      ->Arg(100)
      ->Unit(benchmark::kMicrosecond);

  reg("ChMatrix1000", [&f](benchmark::State& state) {
    const auto sources = Take(f, 0, 1000);
    const auto targets = Take(f, 1000, 1000);
    ChRouter router(*f.graph, *f.index);
    for (auto _ : state) benchmark::DoNotOptimize(router.Matrix(sources, targets));
  })->Unit(benchmark::kMillisecond);

  reg("ChOneToAll", [&f](benchmark::State& state) {
    ch::ContractionHierarchyQuery query(f.index->hierarchy());
    std::uint32_t i = 0;
    for (auto _ : state) {
      const std::vector<ch::Seed> station{{NodeId{(i++ * 7919) % f.graph->num_nodes()}, 0}};
      benchmark::DoNotOptimize(query.OneToAll(station).data());
    }
  })->Unit(benchmark::kMicrosecond);

  reg("Snap", [&f](benchmark::State& state) {
    // Points within 500 m of a road (the error path for farther points scans every segment).
    Rng rng(4);
    std::vector<LatLon> points;
    for (const LatLon& p : RandomPoints(*f.graph, 3000, rng)) {
      if (f.snapper->Nearest(p, Meters(500)).ok()) points.push_back(p);
    }
    std::size_t i = 0;
    for (auto _ : state)
      benchmark::DoNotOptimize(f.snapper->Nearest(points[i++ % points.size()], Meters(500)));
  })->Unit(benchmark::kMicrosecond);

  reg("DijkstraOneToMany100", [&f](benchmark::State& state) {
    const auto targets = Take(f, 0, 100);
    DijkstraRouter router(*f.graph);
    std::size_t i = 0;
    for (auto _ : state)
      benchmark::DoNotOptimize(router.OneToMany(f.places[1000 + i++ % 1000], targets));
  })->Unit(benchmark::kMicrosecond);

  reg("GraphLoadMmap", [&f](benchmark::State& state) {
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("beacon_bench_" + f.name + ".graph");
    if (!f.graph->Save(path).ok()) state.SkipWithError("cannot write the graph file");
    for (auto _ : state) benchmark::DoNotOptimize(Graph::Load(path));
    std::filesystem::remove(path);
  })->Unit(benchmark::kMicrosecond);
}

}  // namespace
}  // namespace beacon::routing

int main(int argc, char** argv) {
  using beacon::routing::Fixture;
  benchmark::Initialize(&argc, argv);
  std::vector<std::unique_ptr<Fixture>> fixtures;
  fixtures.push_back(beacon::routing::MakeFixture("boston", beacon::routing::LoadBoston()));
  if (std::getenv("BEACON_BENCH_BOSTON_ONLY") == nullptr) {
    fixtures.push_back(
        beacon::routing::MakeFixture("city102k", beacon::routing::MakeGridCity(320, 4)));
  }
  for (const auto& f : fixtures) beacon::routing::Register(*f);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
