// Demand: the calls a replication receives. Synthetic demand is a non-homogeneous Poisson
// process: the rate is piecewise constant over local hours (calls per day x the hour-of-day and
// day-of-week profiles, each normalised to mean 1), each call at a demand point of the city model
// drawn by its weight, with a chief complaint and answers drawn from the scenario's mix. A call
// trace replays recorded calls instead (docs/formats/sim-scenario.md, "Call trace").
//
//   Rng rng = Rng(seed).Fork(replication);
//   std::vector<SimCall> calls = SyntheticCalls(model, scenario, rng);   // in time order
//   BEACON_ASSIGN_OR_RETURN(std::vector<SimCall> trace, LoadCallTrace(path, scenario));
//
// Thread-safety: pure functions of their arguments (and the Rng, which the caller owns).
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/base/rng.h"
#include "beacon/model/city_model.h"
#include "beacon/sim/scenario.h"

namespace beacon::sim {

struct SimCall {
  Instant time;
  LatLon location;
  int mix = -1;      // index into the scenario's mix; -1: the priority alone (a trace call)
  int priority = 3;  // 1..3
  // Service times a trace recorded; they replace the scenario's draws when set.
  std::optional<Milliseconds> on_scene;
  std::optional<bool> transport;
  std::optional<Milliseconds> offload;
};

// The calls of [start, start + length), in time order.
std::vector<SimCall> SyntheticCalls(const model::CityModel& model, const SimScenario& scenario,
                                    Rng& rng);

// Reads a call trace CSV; rows outside the scenario's run are left out. Errors name the file,
// the line and the column.
Result<std::vector<SimCall>> LoadCallTrace(const std::filesystem::path& path,
                                           const SimScenario& scenario);

}  // namespace beacon::sim
