// Dispatch scenarios: files that state what Beacon must decide (recommendations, destinations,
// alerts, the pending-call queue, triage) when given units, calls and status changes at given
// times, on a small street map drawn in the file or on a city model. Agencies use them to check
// their own response plans; Beacon's test suite uses the same runner. Format:
// docs/formats/dispatch-scenario.md.
//
//   BEACON_ASSIGN_OR_RETURN(ScenarioReport r, RunScenarioFile("tests/scenarios/p1_als.yaml",
//                                                             {.model = &boston}));
//   r.passed;  r.failed;  r.lines   // "PASS line 31 at 00:02:00: recommend C1 ..."
//
// A file that cannot be read or understood is an error naming the file, the line and the field;
// a scenario that runs but whose expectations do not hold is a report with failures.
// Thread-safety: a pure function of its inputs (it reads the file and the protocol directory).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/model/city_model.h"

namespace beacon::scenario {

struct RunOptions {
  // The city model for scenarios without a map; may be null when every scenario has a map.
  const model::CityModel* model = nullptr;
  // Triage rule set for map scenarios that do not name one (e.g. data/protocols).
  std::filesystem::path default_protocol;
};

struct ScenarioReport {
  std::string file;
  std::string name;
  std::string description;
  int passed = 0;
  int failed = 0;
  std::vector<std::string> lines;  // one per expectation, in order
};

Result<ScenarioReport> RunScenarioFile(const std::filesystem::path& path,
                                       const RunOptions& options);
Result<ScenarioReport> RunScenarioText(std::string_view text, const std::string& origin,
                                       const std::filesystem::path& base_dir,
                                       const RunOptions& options);

}  // namespace beacon::scenario
