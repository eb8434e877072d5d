#include "beacon/routing/import_report.h"

#include <nlohmann/json.hpp>

namespace beacon::routing {

std::uint64_t ImportReport::Get(const std::string& name) const {
  for (const auto& [k, v] : counts) {
    if (k == name) return v;
  }
  return 0;
}

std::string ImportReport::ToJson() const {
  nlohmann::ordered_json j;
  j["format"] = format;
  j["input"] = input;
  if (!profile.empty()) j["profile"] = profile;
  if (!overrides.empty()) j["overrides"] = overrides;
  nlohmann::ordered_json c = nlohmann::ordered_json::object();
  for (const auto& [k, v] : counts) c[k] = v;
  j["counts"] = c;
  nlohmann::ordered_json comp;
  comp["nodes_before"] = components.nodes_before;
  comp["arcs_before"] = components.arcs_before;
  comp["strongly_connected_components"] = components.components;
  comp["kept_nodes"] = components.kept_nodes;
  comp["kept_arcs"] = components.kept_arcs;
  comp["dropped_nodes"] = components.nodes_before - components.kept_nodes;
  comp["dropped_arcs"] = components.arcs_before - components.kept_arcs;
  nlohmann::ordered_json dropped = nlohmann::ordered_json::array();
  for (const auto& d : components.largest_dropped) {
    dropped.push_back(
        {{"nodes", d.nodes},
         {"lat", d.where.lat},
         {"lon", d.where.lon},
         {"bbox", {d.bounds.min_lat, d.bounds.min_lon, d.bounds.max_lat, d.bounds.max_lon}}});
  }
  comp["largest_dropped"] = dropped;
  j["components"] = comp;
  return j.dump();
}

}  // namespace beacon::routing
