#include "beacon/model/model_build.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <limits>

#include "beacon/config/yaml_reader.h"
#include "beacon/dispatch/post_plan.h"
#include "beacon/geo/distance.h"
#include "beacon/model/city_coverage.h"
#include "beacon/model/city_sources.h"
#include "beacon/routing/geojson_import.h"
#include "beacon/routing/osm_import.h"
#include "beacon/routing/overrides.h"
#include "beacon/routing/profile.h"
#include "beacon/triage/nemsis_codes.h"

namespace beacon::model {
namespace {

namespace fs = std::filesystem;
using config::YamlDocument;
using config::YamlReader;
using Json = nlohmann::ordered_json;

// The parsed city description, with every path resolved.
struct Description {
  std::string name;
  std::string timezone;
  fs::path streets;
  fs::path profile;
  std::optional<fs::path> overrides;
  Meters snap_max{500};
  fs::path hospitals;
  fs::path sites;
  std::vector<std::string> skip_sites;
  std::size_t post_count = 0;
  fs::path fleet;
  fs::path areas;
  std::string area_name_property;
  fs::path tracts;
  std::string tract_id_property;
  fs::path population;
  int population_year = 0;
  fs::path protocol;
  fs::path response_plans;
  CoverageSettings coverage;
};

class DescriptionReader {
 public:
  DescriptionReader(const YamlReader& r, fs::path base, fs::path data_dir)
      : r_(r), base_(std::move(base)), data_dir_(std::move(data_dir)) {}

  Result<fs::path> Path(const YAML::Node& map, std::string_view key, std::string_view where) const {
    BEACON_ASSIGN_OR_RETURN(std::string text, r_.RequiredString(map, key, where));
    const std::string field = YamlReader::Field(where, key);
    if (text.empty()) return r_.Error(map[std::string(key)], field, "is empty");
    if (text.rfind("$DATA/", 0) == 0) {
      if (data_dir_.empty()) {
        return r_.Error(map[std::string(key)], field,
                        "uses $DATA but no data directory was given (--data-dir or "
                        "BEACON_DATA_DIR)");
      }
      return data_dir_ / text.substr(6);
    }
    fs::path p(text);
    return p.is_absolute() ? p : base_ / p;
  }

  Result<Description> Read(const YAML::Node& root) const {
    Description d;
    BEACON_RETURN_IF_ERROR(
        r_.OnlyKeys(root, "",
                    {"name", "timezone", "roads", "hospitals", "sites", "posts", "fleet", "areas",
                     "demand", "protocol", "response_plans", "coverage"}));
    BEACON_ASSIGN_OR_RETURN(d.name, r_.RequiredString(root, "name"));
    d.timezone = std::string(TimeZone::kDefaultName);
    if (root["timezone"]) {
      BEACON_ASSIGN_OR_RETURN(d.timezone, r_.String(root["timezone"], "timezone"));
    }
    if (!TimeZone::Load(d.timezone).ok()) {
      return r_.Error(root["timezone"], "timezone",
                      fmt::format("'{}' is not in the time zone database", d.timezone));
    }

    BEACON_ASSIGN_OR_RETURN(YAML::Node roads, r_.Required(root, "roads"));
    BEACON_RETURN_IF_ERROR(
        r_.OnlyKeys(roads, "roads", {"streets", "profile", "overrides", "snap_max"}));
    BEACON_ASSIGN_OR_RETURN(d.streets, Path(roads, "streets", "roads"));
    BEACON_ASSIGN_OR_RETURN(d.profile, Path(roads, "profile", "roads"));
    if (roads["overrides"]) {
      BEACON_ASSIGN_OR_RETURN(d.overrides, Path(roads, "overrides", "roads"));
    }
    if (roads["snap_max"]) {
      BEACON_ASSIGN_OR_RETURN(double m, r_.Number(roads["snap_max"], "roads.snap_max", 1, 10000));
      d.snap_max = Meters(m);
    }

    BEACON_ASSIGN_OR_RETURN(d.hospitals, Path(root, "hospitals", ""));

    BEACON_ASSIGN_OR_RETURN(YAML::Node sites, r_.Required(root, "sites"));
    BEACON_RETURN_IF_ERROR(r_.OnlyKeys(sites, "sites", {"file", "skip_names"}));
    BEACON_ASSIGN_OR_RETURN(d.sites, Path(sites, "file", "sites"));
    if (sites["skip_names"]) {
      BEACON_ASSIGN_OR_RETURN(d.skip_sites, r_.Strings(sites["skip_names"], "sites.skip_names"));
    }

    BEACON_ASSIGN_OR_RETURN(YAML::Node posts, r_.Required(root, "posts"));
    BEACON_RETURN_IF_ERROR(r_.OnlyKeys(posts, "posts", {"count", "method"}));
    BEACON_ASSIGN_OR_RETURN(YAML::Node count, r_.Required(posts, "count", "posts"));
    BEACON_ASSIGN_OR_RETURN(std::int64_t c, r_.Integer(count, "posts.count", 1, 1000));
    d.post_count = static_cast<std::size_t>(c);
    if (posts["method"]) {
      BEACON_RETURN_IF_ERROR(r_.Choice(posts["method"], "posts.method", {"mexclp_exact"}).status());
    }

    BEACON_ASSIGN_OR_RETURN(d.fleet, Path(root, "fleet", ""));

    BEACON_ASSIGN_OR_RETURN(YAML::Node areas, r_.Required(root, "areas"));
    BEACON_RETURN_IF_ERROR(r_.OnlyKeys(areas, "areas", {"file", "name_property"}));
    BEACON_ASSIGN_OR_RETURN(d.areas, Path(areas, "file", "areas"));
    BEACON_ASSIGN_OR_RETURN(d.area_name_property,
                            r_.RequiredString(areas, "name_property", "areas"));

    BEACON_ASSIGN_OR_RETURN(YAML::Node demand, r_.Required(root, "demand"));
    BEACON_RETURN_IF_ERROR(
        r_.OnlyKeys(demand, "demand", {"tracts", "tract_id_property", "population", "year"}));
    BEACON_ASSIGN_OR_RETURN(d.tracts, Path(demand, "tracts", "demand"));
    BEACON_ASSIGN_OR_RETURN(d.tract_id_property,
                            r_.RequiredString(demand, "tract_id_property", "demand"));
    BEACON_ASSIGN_OR_RETURN(d.population, Path(demand, "population", "demand"));
    BEACON_ASSIGN_OR_RETURN(YAML::Node year, r_.Required(demand, "year", "demand"));
    BEACON_ASSIGN_OR_RETURN(std::int64_t y, r_.Integer(year, "demand.year", 1900, 2100));
    d.population_year = static_cast<int>(y);

    BEACON_ASSIGN_OR_RETURN(d.protocol, Path(root, "protocol", ""));
    BEACON_ASSIGN_OR_RETURN(d.response_plans, Path(root, "response_plans", ""));

    if (const YAML::Node cov = root["coverage"]) {
      BEACON_RETURN_IF_ERROR(r_.OnlyKeys(cov, "coverage", {"target", "busy_fraction"}));
      BEACON_RETURN_IF_ERROR(ReadCoverageSettings(r_, cov, d.coverage));
    }
    return d;
  }

 private:
  const YamlReader& r_;
  fs::path base_;
  fs::path data_dir_;
};

double Seconds3(Milliseconds d) { return std::round(ToSecondsF(d) * 1000) / 1000; }

Json SnapJson(const std::string& name, const LatLon& at, const Result<routing::Snap>& snap) {
  Json j = {{"name", name}, {"lat", at.lat}, {"lon", at.lon}};
  if (snap.ok()) {
    j["snapped_m"] = std::round(snap->distance.value() * 10) / 10;
  } else {
    j["error"] = std::string(snap.status().message());
  }
  return j;
}

struct PostChoice {
  std::vector<std::size_t> ranked;  // station indexes, best first
  Json report;
};

double Round4(double x) { return std::round(x * 1e4) / 1e4; }

Json PlanJson(const dispatch::PostPlan& p, const std::vector<cad::Station>& stations) {
  Json sites = Json::array();
  for (std::size_t j = 0; j < p.units_at_site.size(); ++j) {
    if (p.units_at_site[j] > 0) sites.push_back(stations[j].name);
  }
  Json j = {{"method", p.method},
            {"expected_coverage_share", Round4(p.expected_share)},
            {"covered_share", Round4(p.covered_share)},
            {"sites", std::move(sites)}};
  if (p.method != "greedy + swap") j["proven_optimal"] = p.proven_optimal;
  return j;
}

Result<PostChoice> ChoosePosts(const routing::ChIndex& ch, std::span<const routing::Place> sites,
                               std::vector<routing::Place> demand, const CityModel::Data& data,
                               const Description& desc, double total_weight, const Clock& clock) {
  const Instant start = clock.Now();
  dispatch::PostPlanInstance in;
  TreeTimes trees(ch, std::move(demand));
  in.times.resize(sites.size());
  for (std::size_t j = 0; j < sites.size(); ++j) {
    trees.From(sites[j], in.times[j]);
    in.site_names.push_back(data.stations[j].name);
  }
  const Instant tables_done = clock.Now();
  for (const DemandPoint& p : data.demand) in.weights.push_back(p.weight);
  in.units = static_cast<int>(desc.post_count);
  in.target = std::chrono::duration_cast<Seconds>(desc.coverage.target[0]);
  in.busy_fraction = desc.coverage.busy_fraction;
  in.max_units_per_site.assign(sites.size(), 1);
  BEACON_ASSIGN_OR_RETURN(dispatch::PostPlanComparison c, dispatch::ComparePostPlans(in));
  const Instant plans_done = clock.Now();

  // Rank the chosen sites: greedy MEXCLP order among them (ties to the more central site).
  std::vector<std::size_t> chosen;
  std::vector<std::vector<Milliseconds>> rows;
  for (std::size_t j = 0; j < sites.size(); ++j) {
    if (c.exact.units_at_site[j] == 0) continue;
    chosen.push_back(j);
    std::vector<Milliseconds>& row = rows.emplace_back();
    for (const std::optional<Milliseconds>& t : in.times[j]) {
      row.push_back(t.value_or(Milliseconds::max()));
    }
  }
  PostChoice out;
  std::vector<int> n(in.weights.size(), 0);
  Json ranked = Json::array();
  for (std::size_t k : ChoosePostsGreedy(rows, in.weights, desc.coverage.target[0],
                                         in.busy_fraction, chosen.size())) {
    const std::size_t s = chosen[k];
    out.ranked.push_back(s);
    double covered_new = 0;
    for (std::size_t i = 0; i < in.weights.size(); ++i) {
      if (rows[k][i] <= desc.coverage.target[0]) {
        if (n[i] == 0) covered_new += in.weights[i];
        ++n[i];
      }
    }
    ranked.push_back({{"station", data.stations[s].id.value()},
                      {"name", data.stations[s].name},
                      {"newly_covered_share", Round4(covered_new / total_weight)}});
  }
  out.report = {
      {"method", "mexclp_exact"},
      {"candidates", sites.size()},
      {"target_s", Seconds3(desc.coverage.target[0])},
      {"busy_fraction", desc.coverage.busy_fraction},
      {"covered_share", Round4(c.exact.covered_share)},
      {"expected_coverage_share", Round4(c.exact.expected_share)},
      {"gap", c.gap},
      {"seconds",
       {{"tables", Seconds3(std::chrono::duration_cast<Milliseconds>(tables_done - start))},
        {"plans", Seconds3(std::chrono::duration_cast<Milliseconds>(plans_done - tables_done))}}},
      {"exact", PlanJson(c.exact, data.stations)},
      {"greedy_swap", PlanJson(c.heuristic, data.stations)},
      {"chosen", std::move(ranked)}};
  return out;
}

}  // namespace

std::vector<std::size_t> ChoosePostsGreedy(const std::vector<std::vector<Milliseconds>>& times,
                                           const std::vector<double>& weights, Milliseconds target,
                                           double q, std::size_t count) {
  const std::size_t sites = times.size();
  std::vector<std::size_t> chosen;
  std::vector<bool> used(sites, false);
  std::vector<int> n(weights.size(), 0);
  // Population-weighted mean travel time per site, for ties.
  std::vector<double> weighted(sites, 0);
  for (std::size_t s = 0; s < sites; ++s) {
    for (std::size_t i = 0; i < weights.size(); ++i) {
      const double t = times[s][i] == Milliseconds::max() ? 1e9 : ToSecondsF(times[s][i]);
      weighted[s] += weights[i] * t;
    }
  }
  while (chosen.size() < std::min(count, sites)) {
    std::size_t best = sites;
    double best_gain = -1;
    for (std::size_t s = 0; s < sites; ++s) {
      if (used[s]) continue;
      double gain = 0;
      for (std::size_t i = 0; i < weights.size(); ++i) {
        if (times[s][i] <= target) gain += weights[i] * (1 - q) * std::pow(q, n[i]);
      }
      const bool better = gain > best_gain + 1e-12 ||
                          (std::abs(gain - best_gain) <= 1e-12 && weighted[s] < weighted[best]);
      if (best == sites || better) {
        best = s;
        best_gain = gain;
      }
    }
    used[best] = true;
    chosen.push_back(best);
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (times[best][i] <= target) ++n[i];
    }
  }
  return chosen;
}

Result<CityModel> BuildCityModel(const fs::path& city_file, const BuildOptions& options,
                                 const Clock& clock) {
  const Instant start = clock.Now();
  BEACON_ASSIGN_OR_RETURN(YamlDocument doc, YamlDocument::Load(city_file));
  const DescriptionReader reader(doc.reader(), city_file.parent_path(), options.data_dir);
  BEACON_ASSIGN_OR_RETURN(Description desc, reader.Read(doc.root()));
  Json report;
  report["city"] = desc.name;
  report["description"] = city_file.string();

  // Roads.
  BEACON_ASSIGN_OR_RETURN(routing::Profile profile, routing::LoadProfile(desc.profile));
  std::optional<routing::Overrides> overrides;
  if (desc.overrides) {
    BEACON_ASSIGN_OR_RETURN(overrides, routing::LoadOverrides(*desc.overrides));
  }
  routing::ImportReport import;
  std::vector<routing::AddressRange> addresses;
  const std::string ext = desc.streets.extension().string();
  Result<routing::Graph> imported =
      ext == ".pbf"
          ? routing::ImportOsm(desc.streets, profile, &import)
          : routing::ImportGeoJson(desc.streets, profile, overrides ? &*overrides : nullptr,
                                   &import, &addresses);
  if (!imported.ok()) return imported.status();
  auto graph = std::make_shared<const routing::Graph>(std::move(imported).value());
  const Instant roads_done = clock.Now();
  BEACON_ASSIGN_OR_RETURN(routing::ChIndex ch_index, routing::ChIndex::Build(*graph));
  auto ch = std::make_shared<const routing::ChIndex>(std::move(ch_index));
  const Instant ch_done = clock.Now();
  report["roads"] = {{"nodes", graph->num_nodes()},
                     {"arcs", graph->num_arcs()},
                     {"import", Json::parse(import.ToJson())}};
  BEACON_ASSIGN_OR_RETURN(routing::Snapper snapper, routing::Snapper::Create(*graph));

  CityModel::Data data;
  data.name = desc.name;
  data.timezone = desc.timezone;
  data.snap_max = desc.snap_max;
  data.coverage = desc.coverage;
  data.addresses = std::move(addresses);

  // Hospitals: a hospital off the network is reported and left out.
  BEACON_ASSIGN_OR_RETURN(HospitalList hospitals, ReadHospitals(desc.hospitals));
  Json hospital_report = Json::array();
  for (std::size_t i = 0; i < hospitals.hospitals.size(); ++i) {
    const cad::Hospital& h = hospitals.hospitals[i];
    const auto snap = snapper.Nearest(h.location, desc.snap_max);
    hospital_report.push_back(SnapJson(h.code, h.location, snap));
    if (!snap.ok()) continue;
    data.hospitals.push_back(h);
    data.hospital_sources.push_back(hospitals.sources[i]);
  }
  if (data.hospitals.empty()) {
    return FailedPreconditionError(
        fmt::format("{}: no hospital lies within {} m of the road network", desc.hospitals.string(),
                    desc.snap_max.value()));
  }
  report["hospitals"] = std::move(hospital_report);

  // Candidate sites.
  BEACON_ASSIGN_OR_RETURN(std::vector<Site> sites, ReadSites(desc.sites, desc.skip_sites));
  Json site_report = Json::array();
  std::vector<routing::Place> site_places;
  for (const Site& s : sites) {
    const auto snap = snapper.Nearest(s.location, desc.snap_max);
    site_report.push_back(SnapJson(s.name, s.location, snap));
    if (!snap.ok()) continue;
    cad::Station st;
    st.id = StationId{static_cast<std::uint32_t>(data.stations.size() + 1)};
    st.name = s.name;
    st.location = s.location;
    data.stations.push_back(std::move(st));
    site_places.push_back(snapper.PlaceAt(*snap));
  }
  report["sites"] = std::move(site_report);
  if (data.stations.size() < desc.post_count) {
    return FailedPreconditionError(
        fmt::format("{}: {} usable site(s) on the road network, but posts.count is {}",
                    desc.sites.string(), data.stations.size(), desc.post_count));
  }

  // Areas.
  BEACON_ASSIGN_OR_RETURN(data.areas, ReadAreas(desc.areas, desc.area_name_property));

  // Demand points.
  DemandReport demand_report;
  BEACON_ASSIGN_OR_RETURN(std::vector<TractDemand> tracts,
                          ReadTractDemand(desc.tracts, desc.tract_id_property, desc.population,
                                          desc.population_year, &demand_report));
  std::vector<routing::Place> demand_places;
  Json unsnapped_demand = Json::array();
  double total_weight = 0;
  for (const TractDemand& t : tracts) {
    const auto snap = snapper.Nearest(t.centroid, desc.snap_max);
    if (!snap.ok()) {
      unsnapped_demand.push_back(SnapJson(t.id, t.centroid, snap));
      continue;
    }
    DemandPoint p;
    p.id = t.id;
    p.centroid = t.centroid;
    p.road = snap->point;
    p.weight = t.population;
    data.demand.push_back(std::move(p));
    demand_places.push_back(snapper.PlaceAt(*snap));
    total_weight += t.population;
  }
  for (DemandPoint& p : data.demand) {
    for (std::size_t a = 0; a < data.areas.size(); ++a) {
      if (data.areas[a].shape.Contains(p.centroid) || data.areas[a].shape.Contains(p.road)) {
        p.area = static_cast<int>(a);
        break;
      }
    }
  }
  report["demand"] = {
      {"tracts", demand_report.tracts},
      {"without_population", demand_report.without_population},
      {"population_rows_without_tract", demand_report.population_rows_without_tract},
      {"points", data.demand.size()},
      {"total_weight", std::round(total_weight)},
      {"unsnapped", std::move(unsnapped_demand)}};

  // Posts: the exact MEXCLP plan (one unit per site) over the candidate sites, on the road
  // table from one one-to-all tree per site, checked against greedy + swap; the chosen posts
  // are ranked best first by the greedy order among them.
  BEACON_ASSIGN_OR_RETURN(PostChoice choice, ChoosePosts(*ch, site_places, std::move(demand_places),
                                                         data, desc, total_weight, clock));
  for (std::size_t s : choice.ranked) data.posts.push_back(data.stations[s].id);
  report["posts"] = std::move(choice.report);

  // Fleet.
  BEACON_ASSIGN_OR_RETURN(Fleet fleet, ReadFleet(desc.fleet));
  data.shifts = fleet.shifts;
  data.units = PlaceFleet(fleet, data.posts);
  report["fleet"] = {{"units", data.units.size()}, {"shifts", data.shifts.size()}};

  // Triage rule set (NEMSIS codes checked when the dictionary is available) and plans.
  BEACON_ASSIGN_OR_RETURN(data.protocol, triage::ReadProtocolDir(desc.protocol));
  for (triage::RuleText& f : data.protocol) f.name = fs::path(f.name).filename().string();
  const fs::path dictionary =
      options.data_dir / "nemsis" / "dictionary" / "EMSDataSet_ElementEnumerations.txt";
  std::optional<triage::DispatchCodes> codes;
  if (!options.data_dir.empty() && fs::exists(dictionary)) {
    BEACON_ASSIGN_OR_RETURN(codes, triage::LoadDispatchCodes(dictionary));
  }
  BEACON_ASSIGN_OR_RETURN(triage::Protocol protocol,
                          triage::LoadProtocolTexts(data.protocol, codes ? &*codes : nullptr));
  report["protocol"] = {{"complaints", protocol.Complaints().size()},
                        {"nemsis_codes_checked", codes.has_value()}};
  BEACON_ASSIGN_OR_RETURN(data.response_plans, ReadResponsePlans(desc.response_plans));
  report["response_plans"] = data.response_plans.rules.size();

  const Instant end = clock.Now();
  report["seconds"] = {{"roads", Seconds3(roads_done - start)},
                       {"hierarchy", Seconds3(ch_done - roads_done)},
                       {"rest", Seconds3(end - ch_done)},
                       {"total", Seconds3(end - start)}};
  data.build_report = report.dump();
  return CityModel::Create(std::move(data), std::move(graph), std::move(ch));
}

}  // namespace beacon::model
