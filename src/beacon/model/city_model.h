// CityModel: everything Beacon knows about one city, assembled once by `beacon model build`
// and loaded by the server, the simulator and the scenario runner from one file (--model):
// the road graph and its contraction hierarchy, candidate sites and the posts chosen among
// them, hospitals, the fleet and its shifts, areas (neighbourhoods), demand points, the triage
// rule set, response plans and the coverage settings.
//
//   BEACON_ASSIGN_OR_RETURN(CityModel m, LoadCityModel("build/models/boston.model"));
//   BEACON_ASSIGN_OR_RETURN(cad::CadState state, cad::CadState::Create(m.Roster()));
//   RoadTravelTimes travel(m);                  // road_travel_times.h, one per thread
//   int area = m.AreaOf({42.3152, -71.0914});   // index into m.areas, or -1
//
// File format: docs/formats/city-model.md. Building: model_build.h.
// Thread-safety: immutable after loading; share one CityModel between threads (each thread
// makes its own RoadTravelTimes).
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "beacon/base/latlon.h"
#include "beacon/base/local_time.h"
#include "beacon/base/quantity.h"
#include "beacon/base/result.h"
#include "beacon/base/time.h"
#include "beacon/cad/entities.h"
#include "beacon/dispatch/response_plan.h"
#include "beacon/geo/polygon.h"
#include "beacon/routing/ch_router.h"
#include "beacon/routing/geojson_import.h"
#include "beacon/routing/graph.h"
#include "beacon/routing/snapper.h"
#include "beacon/triage/loader.h"
#include "beacon/triage/protocol.h"

namespace beacon::model {

// A daily shift in local time: on duty from `start` for `length` (may run past midnight).
struct Shift {
  std::string name;
  Milliseconds start{0};  // after local midnight
  Milliseconds length{Hours{24}};
  friend bool operator==(const Shift&, const Shift&) = default;
};

struct ModelUnit {
  cad::Unit unit;     // roster fields (id, name, type, capabilities, home station)
  std::string shift;  // a Shift name
  friend bool operator==(const ModelUnit&, const ModelUnit&) = default;
};

struct Area {
  std::string name;
  geo::MultiPolygon shape;
};

// A place calls come from: a census tract's centroid, snapped to the road.
struct DemandPoint {
  std::string id;  // e.g. the tract GEOID
  LatLon centroid;
  LatLon road;        // the snapped position used for travel times
  double weight = 0;  // relative (population, or observed calls)
  int area = -1;      // index into CityModel::areas, -1 when in none
  friend bool operator==(const DemandPoint&, const DemandPoint&) = default;
};

struct CoverageSettings {
  // Target response travel time per priority 1, 2, 3 (../shared/docs/domain.md: 480 s default).
  std::array<Milliseconds, 3> target{Seconds{480}, Seconds{600}, Seconds{900}};
  double busy_fraction = 0.5;  // MEXCLP's q (Daskin 1983)
  friend bool operator==(const CoverageSettings&, const CoverageSettings&) = default;
};

class CityModel {
 public:
  // The parts that are not the road network (what the model file's JSON section holds).
  struct Data {
    std::string name;
    std::string timezone = std::string(TimeZone::kDefaultName);
    Meters snap_max{500};
    std::vector<cad::Station> stations;  // every usable candidate site
    std::vector<StationId> posts;        // where units wait, best first
    std::vector<cad::Hospital> hospitals;
    std::vector<std::string> hospital_sources;  // parallel to hospitals
    std::vector<Shift> shifts;
    std::vector<ModelUnit> units;
    std::vector<Area> areas;
    std::vector<DemandPoint> demand;
    std::vector<triage::RuleText> protocol;  // the triage rule set's files
    dispatch::ResponsePlans response_plans;
    CoverageSettings coverage;
    std::string build_report;  // JSON: what the build did (counts, unsnapped sites, times)
    // House-number ranges from the street file (GeoJSON streets only), for the geocoder.
    std::vector<routing::AddressRange> addresses;
  };

  // Validates the data against the graph (ids unique, units' stations and shifts exist, the
  // rule set loads) and indexes it. The graph and hierarchy are shared, never copied.
  static Result<CityModel> Create(Data data, std::shared_ptr<const routing::Graph> graph,
                                  std::shared_ptr<const routing::ChIndex> ch);

  [[nodiscard]] const Data& data() const { return data_; }
  [[nodiscard]] const std::string& name() const { return data_.name; }
  [[nodiscard]] const TimeZone& time_zone() const { return *zone_; }
  [[nodiscard]] const routing::Graph& graph() const { return *graph_; }
  [[nodiscard]] const routing::ChIndex& ch() const { return *ch_; }
  [[nodiscard]] const routing::Snapper& snapper() const { return *snapper_; }
  [[nodiscard]] const triage::Protocol& protocol() const { return *protocol_; }
  [[nodiscard]] const std::shared_ptr<const routing::Graph>& shared_graph() const { return graph_; }
  [[nodiscard]] const std::shared_ptr<const routing::ChIndex>& shared_ch() const { return ch_; }

  // The CAD roster: stations, units (out of service until their shift starts) and hospitals.
  [[nodiscard]] cad::Roster Roster() const;
  // Index into data().areas of the area containing `p`, or -1.
  [[nodiscard]] int AreaOf(const LatLon& p) const;
  [[nodiscard]] std::string AreaName(const LatLon& p) const;
  // True when the unit's shift covers the local time of `t`.
  [[nodiscard]] bool OnDuty(const ModelUnit& unit, Instant t) const;
  [[nodiscard]] const Shift* FindShift(std::string_view name) const;
  [[nodiscard]] const ModelUnit* FindUnitByName(std::string_view name) const;
  [[nodiscard]] const cad::Hospital* FindHospitalByCode(std::string_view code) const;
  [[nodiscard]] const cad::Station* FindStation(StationId id) const;

 private:
  CityModel() = default;
  Data data_;
  std::shared_ptr<const routing::Graph> graph_;
  std::shared_ptr<const routing::ChIndex> ch_;
  std::shared_ptr<const routing::Snapper> snapper_;
  std::shared_ptr<const triage::Protocol> protocol_;
  std::shared_ptr<const TimeZone> zone_;
};

// Model file I/O (docs/formats/city-model.md): a small container with the graph, the hierarchy
// and the JSON data, each with its CRC-32. Load mmaps the file and checks every section; errors
// name the file and the section.
Status SaveCityModel(const CityModel& model, const std::filesystem::path& path);
Result<CityModel> LoadCityModel(const std::filesystem::path& path);

}  // namespace beacon::model
