// The Boston model for benchmarks: built once per process from data/cities/boston.yaml and the
// shared public data (BEACON_DATA_DIR, or ../shared/data beside the source tree), and road
// points drawn from its graph. A build failure prints the error and exits.
#pragma once

#include <cstdint>
#include <vector>

#include "beacon/base/latlon.h"
#include "beacon/model/city_model.h"

namespace beacon::bench {

const model::CityModel& BostonModel();

// `n` node positions of the model's graph, drawn with a fixed seed.
std::vector<LatLon> RoadPoints(const model::CityModel& m, int n, std::uint64_t seed);

}  // namespace beacon::bench
