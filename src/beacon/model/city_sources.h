// Readers for the files a city description names (docs/formats/city-model.md): hospitals and
// fleet (YAML), response plans (YAML), candidate sites (CSV with lat/lon), areas (GeoJSON
// polygons) and demand (census tract polygons with a population table). Each error names the
// file, the line or feature, and the field.
//
//   BEACON_ASSIGN_OR_RETURN(HospitalList h, ReadHospitals("data/cities/boston/hospitals.yaml"));
//   BEACON_ASSIGN_OR_RETURN(std::vector<Area> areas, ReadAreas(path, "Name"));
//
// Thread-safety: pure functions (and the files they read).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/config/yaml_reader.h"
#include "beacon/model/city_model.h"

namespace beacon::model {

struct HospitalList {
  std::vector<cad::Hospital> hospitals;  // ids 1, 2, ... in file order
  std::vector<std::string> sources;
};

// Resolves a scenario's `at:` value (a map node or [lat, lon]) to a position.
using PlaceResolver = std::function<Result<LatLon>(const YAML::Node&, const std::string&)>;

// One hospital entry (a YAML mapping), as hospitals.yaml and scenario files write it. With a
// `place` resolver the entry may give `at:` instead of `location:`.
Result<cad::Hospital> ReadHospitalEntry(const config::YamlReader& r, const YAML::Node& n,
                                        const std::string& field, Milliseconds default_offload,
                                        std::string* source, const PlaceResolver& place = nullptr);
Result<HospitalList> ReadHospitals(const std::filesystem::path& path);

struct FleetGroup {
  cad::UnitType type = cad::UnitType::kBls;
  std::string shift;
  int count = 0;
  std::vector<std::string> capabilities;
};
struct Fleet {
  std::vector<Shift> shifts;
  std::vector<FleetGroup> groups;  // in file order
};
Result<Fleet> ReadFleet(const std::filesystem::path& path);
// Units named M1.. (ALS) and A1.. (BLS), S1.. (supervisor), C1.. (non-transport) in the order
// listed; the k-th unit (from 0) based at posts[k % posts.size()].
std::vector<ModelUnit> PlaceFleet(const Fleet& fleet, const std::vector<StationId>& posts);

// One response rule (a YAML mapping), as response_plans.yaml and scenario files write it.
Result<dispatch::ResponseRule> ReadResponseRule(const config::YamlReader& r, const YAML::Node& n,
                                                const std::string& field);
Result<dispatch::ResponsePlans> ReadResponsePlans(const std::filesystem::path& path);

// The `target: {p1, p2, p3}` (durations, each > 0) and `busy_fraction` (0 .. 0.99) keys of a
// `coverage:` mapping, as city descriptions and scenario files write them, into `out` (keys
// not given keep their value). The caller checks which other keys the mapping may have.
Status ReadCoverageSettings(const config::YamlReader& r, const YAML::Node& coverage,
                            CoverageSettings& out);

struct Site {
  std::string name;
  LatLon location;
};
// CSV with a name column and lat/lon columns; rows whose name is in `skip` are left out.
Result<std::vector<Site>> ReadSites(const std::filesystem::path& path,
                                    const std::vector<std::string>& skip,
                                    std::string_view name_column = "company");

// GeoJSON FeatureCollection of Polygon/MultiPolygon features; `name_property` names each.
Result<std::vector<Area>> ReadAreas(const std::filesystem::path& path,
                                    const std::string& name_property);

struct TractDemand {
  std::string id;
  LatLon centroid;
  double population = 0;
};
struct DemandReport {
  int tracts = 0;
  int without_population = 0;  // tracts with no (or a blank) row for the year
  int population_rows_without_tract = 0;
};
// Tract polygons (GeoJSON, id in `id_property`) joined with a population CSV (columns YEAR,
// GEOID, male, female) for `year`; tracts with no population for the year are left out and
// counted.
Result<std::vector<TractDemand>> ReadTractDemand(const std::filesystem::path& tracts,
                                                 const std::string& id_property,
                                                 const std::filesystem::path& population, int year,
                                                 DemandReport* report);

}  // namespace beacon::model
