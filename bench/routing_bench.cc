// Exact routing on the Boston graph: bidirectional Dijkstra one-to-one, one-to-many (1 x 100),
// and snapping. The graph is built from the shared street file at start-up (about a second in a
// release build), or read from the graph file named by $BEACON_GRAPH.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>

#include "beacon/routing/ch_router.h"
#include "beacon/routing/dijkstra_router.h"
#include "beacon/routing/geojson_import.h"
#include "beacon/routing/snapper.h"

namespace beacon::routing {
namespace {

const Graph& BostonGraph() {
  static const Graph* graph = [] {
    if (const char* path = std::getenv("BEACON_GRAPH"); path != nullptr && *path != '\0') {
      auto g = Graph::Load(path);
      if (!g.ok()) {
        std::cerr << g.status() << "\n";
        std::exit(1);
      }
      return new Graph(std::move(g).value());
    }
    const char* env = std::getenv("BEACON_DATA_DIR");
    const std::filesystem::path data =
        (env != nullptr && *env != '\0')
            ? std::filesystem::path(env)
            : std::filesystem::path(BEACON_SOURCE_DIR) / ".." / "shared" / "data";
    auto profile = LoadProfile(std::filesystem::path(BEACON_SOURCE_DIR) / "data/profiles/ems.yaml");
    auto overrides = LoadOverrides(std::filesystem::path(BEACON_SOURCE_DIR) /
                                   "data/cities/boston/street_overrides.csv");
    if (!profile.ok() || !overrides.ok()) {
      std::cerr << profile.status() << " " << overrides.status() << "\n";
      std::exit(1);
    }
    auto g = ImportGeoJson(data / "boston" / "streets.geojson", *profile, &*overrides, nullptr);
    if (!g.ok()) {
      std::cerr << g.status() << "\n";
      std::exit(1);
    }
    return new Graph(std::move(g).value());
  }();
  return *graph;
}

std::vector<LatLon> RandomPoints(int n, unsigned seed) {
  const auto& b = BostonGraph().bounds();
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> lat(b.min_lat, b.max_lat), lon(b.min_lon, b.max_lon);
  std::vector<LatLon> out;
  for (int i = 0; i < n; ++i) out.push_back({lat(gen), lon(gen)});
  return out;
}

std::vector<Place> RandomPlaces(const Snapper& s, int n, unsigned seed) {
  std::vector<Place> out;
  for (const LatLon& p : RandomPoints(4 * n, seed)) {
    if (auto place = s.Locate(p, Meters(150)); place.ok()) out.push_back(std::move(place).value());
    if (static_cast<int>(out.size()) == n) break;
  }
  return out;
}

void BM_DijkstraOneToOne(benchmark::State& state) {
  const Graph& g = BostonGraph();
  const Snapper snapper = *Snapper::Create(g);
  const auto places = RandomPlaces(snapper, 200, 1);
  DijkstraRouter router(g);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        router.OneToOne(places[i % places.size()], places[(i + 1) % places.size()]));
    i += 2;
  }
  state.counters["nodes"] = g.num_nodes();
}
BENCHMARK(BM_DijkstraOneToOne)->Unit(benchmark::kMicrosecond);

void BM_DijkstraOneToMany100(benchmark::State& state) {
  const Graph& g = BostonGraph();
  const Snapper snapper = *Snapper::Create(g);
  const auto sources = RandomPlaces(snapper, 50, 2);
  const auto targets = RandomPlaces(snapper, 100, 3);
  DijkstraRouter router(g);
  std::size_t i = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(router.OneToMany(sources[i++ % sources.size()], targets));
}
BENCHMARK(BM_DijkstraOneToMany100)->Unit(benchmark::kMicrosecond);

// Contraction hierarchy on Boston (issue 4 targets: build < 5 s, one-to-one < 10 us,
// one incident to 100 units < 50 us, 1,000 x 1,000 matrix < 100 ms).
const ChIndex& BostonIndex() {
  static const ChIndex* index = new ChIndex(*ChIndex::Build(BostonGraph()));
  return *index;
}

void BM_ChBuild(benchmark::State& state) {
  const Graph& g = BostonGraph();
  for (auto _ : state) benchmark::DoNotOptimize(ChIndex::Build(g));
}
BENCHMARK(BM_ChBuild)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_ChOneToOne(benchmark::State& state) {
  const Graph& g = BostonGraph();
  const Snapper snapper = *Snapper::Create(g);
  const auto places = RandomPlaces(snapper, 200, 1);
  ChRouter router(g, BostonIndex());
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        router.OneToOne(places[i % places.size()], places[(i + 1) % places.size()]));
    i += 2;
  }
}
BENCHMARK(BM_ChOneToOne)->Unit(benchmark::kMicrosecond);

// A fleet of n units to one incident (what a recommendation asks).
void BM_ChFleetToIncident(benchmark::State& state) {
  const Graph& g = BostonGraph();
  const Snapper snapper = *Snapper::Create(g);
  const auto units = RandomPlaces(snapper, static_cast<int>(state.range(0)), 4);
  const auto incidents = RandomPlaces(snapper, 50, 5);
  ChRouter router(g, BostonIndex());
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(router.ManyToOne(units, incidents[i++ % 50]));
}
BENCHMARK(BM_ChFleetToIncident)->Arg(30)->Arg(100)->Unit(benchmark::kMicrosecond);

void BM_ChMatrix1000(benchmark::State& state) {
  const Graph& g = BostonGraph();
  const Snapper snapper = *Snapper::Create(g);
  const auto sources = RandomPlaces(snapper, 1000, 6);
  const auto targets = RandomPlaces(snapper, 1000, 7);
  ChRouter router(g, BostonIndex());
  for (auto _ : state) benchmark::DoNotOptimize(router.Matrix(sources, targets));
}
BENCHMARK(BM_ChMatrix1000)->Unit(benchmark::kMillisecond);

void BM_ChOneToAll(benchmark::State& state) {
  ch::ContractionHierarchyQuery query(BostonIndex().hierarchy());
  const std::vector<ch::Seed> station{{NodeId{0}, 0}};
  for (auto _ : state) benchmark::DoNotOptimize(query.OneToAll(station).data());
}
BENCHMARK(BM_ChOneToAll)->Unit(benchmark::kMicrosecond);

void BM_Snap(benchmark::State& state) {
  // Points within 500 m of a road (the error path for farther points scans every segment).
  const Snapper snapper = *Snapper::Create(BostonGraph());
  std::vector<LatLon> points;
  for (const LatLon& p : RandomPoints(3000, 4)) {
    if (snapper.Nearest(p, Meters(500)).ok()) points.push_back(p);
  }
  std::size_t i = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(snapper.Nearest(points[i++ % points.size()], Meters(500)));
}
BENCHMARK(BM_Snap)->Unit(benchmark::kMicrosecond);

void BM_GraphLoadMmap(benchmark::State& state) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "beacon_bench_boston.graph";
  if (!BostonGraph().Save(path).ok()) state.SkipWithError("cannot write the graph file");
  for (auto _ : state) benchmark::DoNotOptimize(Graph::Load(path));
  std::filesystem::remove(path);
}
BENCHMARK(BM_GraphLoadMmap)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace beacon::routing

BENCHMARK_MAIN();
