// Reading the `mci` block of a simulation scenario (mci_spec.h); used by scenario.cc.
// Thread-safety: a pure function of its arguments (yaml-cpp nodes: one thread).
#pragma once

#include "beacon/config/yaml_reader.h"
#include "beacon/sim/mci_spec.h"

namespace beacon::sim {

// Every error names the file, the line and the field ("mci.casualties[2].site").
Result<MciSpec> ParseMciSpec(const YAML::Node& node, const config::YamlReader& r,
                             const model::CityModel& model, Instant run_start,
                             Milliseconds run_length);

}  // namespace beacon::sim
