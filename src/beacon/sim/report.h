// report.html: the planner's one-page report of a simulation, with its charts drawn as inline
// SVG by Beacon itself (no script, no stylesheet, font or library fetched: it opens offline):
// the KPI table with 95 % intervals, the response-time distribution per priority, calls and
// units busy by hour of day, unit-hour utilisation per unit, transports per hospital, and a map
// of the calls reached later than their target.
//
//   BEACON_RETURN_IF_ERROR(WriteReportHtml(result, scenario, model, out / "report.html"));
//
// Thread-safety: a pure function of its arguments (and the file it writes).
#pragma once

#include <filesystem>
#include <string>

#include "beacon/base/result.h"
#include "beacon/model/city_model.h"
#include "beacon/sim/scenario.h"
#include "beacon/sim/simulation.h"

namespace beacon::sim {

std::string ReportHtml(const SimResult& result, const SimScenario& scenario,
                       const model::CityModel& model);
Status WriteReportHtml(const SimResult& result, const SimScenario& scenario,
                       const model::CityModel& model, const std::filesystem::path& path);

}  // namespace beacon::sim
