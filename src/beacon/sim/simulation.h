// RunSimulation: the replications of a simulation scenario, in parallel threads, and the files
// `beacon sim` writes: calls.csv (one row per call, replications in order, so the file is the
// same byte for byte whatever the number of threads) and kpis.json (each KPI's mean and 95 %
// confidence interval across replications, and every replication's own values). Formats:
// docs/formats/sim-scenario.md ("Outputs").
//
//   BEACON_ASSIGN_OR_RETURN(model::CityModel m, ScenarioModel(base, scenario));
//   BEACON_ASSIGN_OR_RETURN(SimResult r, RunSimulation(m, scenario, {.replications = 10,
//                                                                   .threads = 2, .seed = 7}));
//   BEACON_RETURN_IF_ERROR(WriteCallsCsv(r, scenario, out / "calls.csv"));
//
// Replication i uses the streams Rng(seed).Fork(i): its results do not depend on which thread
// ran it or when.
// Thread-safety: RunSimulation starts and joins its own threads; `progress` is called from them
// one at a time (under a lock).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/model/city_model.h"
#include "beacon/sim/engine.h"
#include "beacon/sim/kpi.h"
#include "beacon/sim/scenario.h"

namespace beacon::sim {

struct SimOptions {
  int replications = 1;
  int threads = 1;
  std::uint64_t seed = 1;
  std::function<void(int done, int total)> progress;  // after each replication
};

struct SimResult {
  std::vector<ReplicationResult> replications;  // in replication order
  std::vector<ReplicationKpis> kpis;
  // With an MCI exercise: its figures per replication, and, when the scenario compares, the
  // same replications (same seeds) with the other hospital policy.
  std::vector<MciKpis> mci;
  std::vector<ReplicationResult> comparison;
  std::vector<MciKpis> comparison_mci;
  std::uint64_t seed = 1;
};

// `model` is the scenario's model (ScenarioModel(base, scenario)).
Result<SimResult> RunSimulation(const model::CityModel& model, const SimScenario& scenario,
                                const SimOptions& options);

Status WriteCallsCsv(const SimResult& result, const SimScenario& scenario,
                     const std::filesystem::path& path);
Status WriteKpisJson(const SimResult& result, const SimScenario& scenario,
                     const SimOptions& options, const std::filesystem::path& path);

}  // namespace beacon::sim
