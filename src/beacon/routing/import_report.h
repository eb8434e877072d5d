// ImportReport: what a map import did to its input (how many features each known gap touched,
// what the component filter dropped), kept in the graph file's metadata and printed by
// `beacon graph build`.
//
//   ImportReport r{"geojson", "streets.geojson"};
//   r.Count("t_junction_splits", 96);
//   std::string json = r.ToJson();
//
// Thread-safety: a plain value.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "beacon/routing/graph_builder.h"

namespace beacon::routing {

struct ImportReport {
  std::string format;
  std::string input;
  std::string profile;
  std::string overrides;
  std::vector<std::pair<std::string, std::uint64_t>> counts;  // in the order they were added
  ComponentReport components;

  void Count(const std::string& name, std::uint64_t value) { counts.emplace_back(name, value); }
  [[nodiscard]] std::uint64_t Get(const std::string& name) const;
  [[nodiscard]] std::string ToJson() const;
};

}  // namespace beacon::routing
