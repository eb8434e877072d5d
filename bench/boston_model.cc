#include "boston_model.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "beacon/base/clock.h"
#include "beacon/base/rng.h"
#include "beacon/model/model_build.h"

namespace beacon::bench {
namespace {

std::filesystem::path DataDir() {
  const char* env = std::getenv("BEACON_DATA_DIR");
  return env != nullptr && *env != '\0'
             ? std::filesystem::path(env)
             : std::filesystem::path(BEACON_SOURCE_DIR) / ".." / "shared" / "data";
}

}  // namespace

const model::CityModel& BostonModel() {
  static const model::CityModel* m = [] {
    SystemClock clock;
    auto built =
        model::BuildCityModel(std::filesystem::path(BEACON_SOURCE_DIR) / "data/cities/boston.yaml",
                              {.data_dir = DataDir()}, clock);
    if (!built.ok()) {
      std::fprintf(stderr, "Boston model: %s\n", built.status().ToString().c_str());
      std::exit(1);
    }
    return new model::CityModel(std::move(built).value());
  }();
  return *m;
}

std::vector<LatLon> RoadPoints(const model::CityModel& m, int n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<LatLon> out;
  out.reserve(static_cast<std::size_t>(n));
  const std::uint32_t nodes = m.graph().num_nodes();
  for (int i = 0; i < n; ++i) {
    out.push_back(m.graph().Position(
        NodeId{static_cast<std::uint32_t>(rng.UniformInt(std::uint64_t{nodes}))}));
  }
  return out;
}

}  // namespace beacon::bench
