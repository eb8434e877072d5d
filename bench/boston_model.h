// The Boston city model for the benchmarks that need one (center_bench, sim_bench): built once
// per process from data/cities/boston.yaml and ../shared/data (BEACON_DATA_DIR replaces it).
//
//   const model::CityModel& m = beacon::bench::BostonModel("sim_bench");
//
// Thread-safety: the first call builds (a function-local static); the model is immutable.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "beacon/base/clock.h"
#include "beacon/model/model_build.h"

namespace beacon::bench {

inline std::filesystem::path DataDir() {
  const char* env = std::getenv("BEACON_DATA_DIR");
  return env != nullptr && *env != '\0'
             ? std::filesystem::path(env)
             : std::filesystem::path(BEACON_SOURCE_DIR) / ".." / "shared" / "data";
}

// Exits with the error (naming `program`) when the model cannot be built.
inline const model::CityModel& BostonModel(const char* program) {
  static const model::CityModel* m = [program] {
    SystemClock clock;
    auto built =
        model::BuildCityModel(std::filesystem::path(BEACON_SOURCE_DIR) / "data/cities/boston.yaml",
                              {.data_dir = DataDir()}, clock);
    if (!built.ok()) {
      std::fprintf(stderr, "%s: %s\n", program, built.status().ToString().c_str());
      std::exit(1);
    }
    return new model::CityModel(std::move(built).value());
  }();
  return *m;
}

}  // namespace beacon::bench
