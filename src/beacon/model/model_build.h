// BuildCityModel: assembles a city model from a city description (data/cities/boston.yaml) and
// the files it names: imports the streets and builds the contraction hierarchy, snaps hospitals,
// candidate sites and demand points to the road (reporting what could not be snapped and how
// far it was), chooses the posts, places the fleet, and loads the triage rule set and the
// response plans. Format of the description: docs/formats/city-model.md; the choices:
// docs/design/city-model.md.
//
//   BEACON_ASSIGN_OR_RETURN(CityModel m, BuildCityModel("data/cities/boston.yaml",
//                                                       {.data_dir = "../shared/data"}, clock));
//   BEACON_RETURN_IF_ERROR(SaveCityModel(m, "build/models/boston.model"));
//   m.data().build_report;   // JSON: counts, unsnapped sites, the posts chosen, timings
//
// Thread-safety: a pure function of its inputs (and the files it reads).
#pragma once

#include <filesystem>

#include "beacon/base/clock.h"
#include "beacon/base/result.h"
#include "beacon/model/city_model.h"

namespace beacon::model {

struct BuildOptions {
  // Replaces `$DATA` in the description's paths (the shared public data directory).
  std::filesystem::path data_dir;
};

Result<CityModel> BuildCityModel(const std::filesystem::path& city_file,
                                 const BuildOptions& options, const Clock& clock);

// Greedy post choice (docs/design/city-model.md): `count` sites, one at a time, each the one
// that adds the most MEXCLP expected coverage (Daskin 1983: sum_i d_i (1 - q^n_i)) given those
// already chosen, a demand point counting as covered by a site that reaches it within `target`;
// ties go to the site with the smaller population-weighted travel time. `times[s][i]` is the
// travel time from site s to demand point i (Milliseconds::max() when unreachable). Returns site
// indexes, best first.
std::vector<std::size_t> ChoosePostsGreedy(const std::vector<std::vector<Milliseconds>>& times,
                                           const std::vector<double>& weights, Milliseconds target,
                                           double busy_fraction, std::size_t count);

}  // namespace beacon::model
