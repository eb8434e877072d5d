// The `mci` block of a simulation scenario (mci_spec.h).
#include "beacon/sim/mci_scenario.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <set>

#include "beacon/triage/mci_findings_json.h"

namespace beacon::sim {
namespace {

using config::YamlReader;

Result<LatLon> Location(const YAML::Node& n, const YamlReader& r, const std::string& f) {
  if (!n.IsSequence() || n.size() != 2) return r.Error(n, f, "must be [latitude, longitude]");
  BEACON_ASSIGN_OR_RETURN(double lat, r.Number(n[0], f + "[0]", -90, 90));
  BEACON_ASSIGN_OR_RETURN(double lon, r.Number(n[1], f + "[1]", -180, 180));
  return LatLon{lat, lon};
}

// A YAML scalar, sequence or map as JSON, so findings read exactly as `beacon mci triage` reads
// them (docs/formats/mci-findings.md): true/false are booleans, whole numbers integers.
nlohmann::ordered_json ToJson(const YAML::Node& n) {
  if (n.IsMap()) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& kv : n) j[kv.first.Scalar()] = ToJson(kv.second);
    return j;
  }
  if (n.IsSequence()) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& item : n) j.push_back(ToJson(item));
    return j;
  }
  if (!n.IsScalar()) return nullptr;
  const std::string& s = n.Scalar();
  if (n.Tag() != "!") {  // unquoted
    if (s == "true") return true;
    if (s == "false") return false;
    if (s == "null" || s == "~") return nullptr;
    std::int64_t i = 0;
    if (YAML::convert<std::int64_t>::decode(n, i)) return i;
    double d = 0;
    if (YAML::convert<double>::decode(n, d)) return d;
  }
  return s;
}

}  // namespace

int MciSpec::Patients() const {
  int n = 0;
  for (const MciCasualtyGroup& g : casualties) n += g.count;
  return n;
}

std::string_view MciDistributionName(MciDistribution d) {
  return d == MciDistribution::kPlanned ? "planned" : "closest";
}

Result<MciSpec> ParseMciSpec(const YAML::Node& node, const YamlReader& r,
                             const model::CityModel& model, Instant run_start,
                             Milliseconds run_length) {
  const std::string w = "mci";
  BEACON_RETURN_IF_ERROR(
      r.OnlyKeys(node, w,
                 {"name", "at", "level", "sites", "casualties", "algorithm", "triage_interval",
                  "city_units", "mutual_aid", "surge", "load_time", "handover",
                  "ambulance_capacity", "distribution", "compare_closest"}));
  MciSpec m;
  BEACON_ASSIGN_OR_RETURN(m.name, r.RequiredString(node, "name", w));
  BEACON_ASSIGN_OR_RETURN(std::string at, r.RequiredString(node, "at", w));
  Result<Instant> when = ParseInstant(at);
  if (!when.ok()) return r.Error(node["at"], w + ".at", when.status().message());
  m.at = *when;
  if (m.at < run_start || m.at >= run_start + run_length) {
    return r.Error(node["at"], w + ".at", "must fall within the run");
  }
  if (const YAML::Node n = node["level"]) {
    BEACON_ASSIGN_OR_RETURN(std::int64_t level, r.Integer(n, w + ".level", cad::kLowestMciLevel,
                                                          cad::kHighestMciLevel));
    m.level = static_cast<int>(level);
  }
  if (const YAML::Node n = node["algorithm"]) {
    BEACON_ASSIGN_OR_RETURN(std::size_t k,
                            r.Choice(n, w + ".algorithm", {"start", "jumpstart", "salt"}));
    m.algorithm = static_cast<triage::MciAlgorithm>(k);
  }
  // Sites.
  BEACON_ASSIGN_OR_RETURN(YAML::Node sites, r.Required(node, "sites", w));
  if (!sites.IsSequence() || sites.size() == 0) {
    return r.Error(sites, w + ".sites", "must list at least one casualty collection point");
  }
  std::set<std::string> ccps;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const std::string f = fmt::format("{}.sites[{}]", w, i);
    BEACON_RETURN_IF_ERROR(r.OnlyKeys(sites[i], f, {"name", "kind", "at"}));
    MciSiteSpec s;
    BEACON_ASSIGN_OR_RETURN(s.name, r.RequiredString(sites[i], "name", f));
    if (const YAML::Node k = sites[i]["kind"]) {
      BEACON_ASSIGN_OR_RETURN(
          std::size_t kind,
          r.Choice(k, f + ".kind", {"casualty_collection", "treatment", "staging"}));
      s.kind = static_cast<cad::MciSiteKind>(kind);
    }
    BEACON_ASSIGN_OR_RETURN(YAML::Node loc, r.Required(sites[i], "at", f));
    BEACON_ASSIGN_OR_RETURN(s.location, Location(loc, r, f + ".at"));
    for (const MciSiteSpec& other : m.sites) {
      if (other.name == s.name) return r.Error(sites[i], f + ".name", "names another site twice");
    }
    if (s.kind == cad::MciSiteKind::kCasualtyCollection) ccps.insert(s.name);
    m.sites.push_back(std::move(s));
  }
  if (ccps.empty()) {
    return r.Error(sites, w + ".sites", "needs at least one casualty_collection site");
  }
  // Casualties.
  BEACON_ASSIGN_OR_RETURN(YAML::Node cas, r.Required(node, "casualties", w));
  if (!cas.IsSequence() || cas.size() == 0) {
    return r.Error(cas, w + ".casualties", "must list groups of casualties");
  }
  for (std::size_t i = 0; i < cas.size(); ++i) {
    const std::string f = fmt::format("{}.casualties[{}]", w, i);
    const YAML::Node& g = cas[i];
    BEACON_RETURN_IF_ERROR(
        r.OnlyKeys(g, f, {"site", "count", "category", "findings", "algorithm", "needs"}));
    MciCasualtyGroup c;
    BEACON_ASSIGN_OR_RETURN(c.site, r.RequiredString(g, "site", f));
    if (!ccps.contains(c.site)) {
      return r.Error(g["site"], f + ".site",
                     fmt::format("'{}' is not a casualty_collection site of the MCI", c.site));
    }
    if (const YAML::Node n = g["count"]) {
      BEACON_ASSIGN_OR_RETURN(std::int64_t count, r.Integer(n, f + ".count", 1, 5000));
      c.count = static_cast<int>(count);
    }
    if (g["category"].IsDefined() == g["findings"].IsDefined()) {
      return r.Error(g, f, "give either a category or findings");
    }
    if (const YAML::Node n = g["category"]) {
      BEACON_ASSIGN_OR_RETURN(std::string name, r.String(n, f + ".category"));
      Result<triage::MciCategory> cat = triage::ParseMciCategory(name);
      if (!cat.ok()) return r.Error(n, f + ".category", cat.status().message());
      c.category = *cat;
    }
    if (const YAML::Node n = g["findings"]) {
      if (!n.IsMap()) return r.Error(n, f + ".findings", "must map findings to what was observed");
      Result<triage::Findings> found = triage::FindingsFromJson(ToJson(n));
      if (!found.ok()) return r.Error(n, f + ".findings", found.status().message());
      c.findings = *found;
    }
    if (const YAML::Node n = g["algorithm"]) {
      BEACON_ASSIGN_OR_RETURN(std::size_t k,
                              r.Choice(n, f + ".algorithm", {"start", "jumpstart", "salt"}));
      c.algorithm = static_cast<triage::MciAlgorithm>(k);
    }
    if (c.findings) {
      // The findings must decide a category now, not when the exercise runs.
      Result<triage::TriageResult> t =
          triage::TriageMci(c.algorithm.value_or(m.algorithm), *c.findings);
      if (!t.ok()) return r.Error(g["findings"], f + ".findings", t.status().message());
    }
    if (const YAML::Node n = g["needs"]) {
      BEACON_ASSIGN_OR_RETURN(std::vector<std::string> needs, r.Strings(n, f + ".needs"));
      for (const std::string& need : needs) {
        if (need == "pediatric") {
          c.needs.pediatric = true;
        } else if (need == "burn") {
          c.needs.burn = true;
        } else if (need == "trauma") {
          c.needs.trauma = true;
        } else {
          return r.Error(n, f + ".needs",
                         fmt::format("'{}' is not pediatric, burn or trauma", need));
        }
      }
    }
    m.casualties.push_back(std::move(c));
  }
  // Resources and pace.
  if (const YAML::Node n = node["triage_interval"]) {
    BEACON_ASSIGN_OR_RETURN(m.triage_interval, r.Duration(n, w + ".triage_interval"));
  }
  if (const YAML::Node n = node["city_units"]) {
    BEACON_ASSIGN_OR_RETURN(std::int64_t k, r.Integer(n, w + ".city_units", 0, 1000));
    m.city_units = static_cast<int>(k);
  }
  if (const YAML::Node n = node["mutual_aid"]) {
    if (!n.IsSequence()) return r.Error(n, w + ".mutual_aid", "must list groups of ambulances");
    std::set<std::string> prefixes;
    for (std::size_t i = 0; i < n.size(); ++i) {
      const std::string f = fmt::format("{}.mutual_aid[{}]", w, i);
      BEACON_RETURN_IF_ERROR(r.OnlyKeys(n[i], f, {"count", "type", "arrive", "spread", "prefix"}));
      MutualAidSpec a;
      BEACON_ASSIGN_OR_RETURN(YAML::Node count, r.Required(n[i], "count", f));
      BEACON_ASSIGN_OR_RETURN(std::int64_t k, r.Integer(count, f + ".count", 1, 500));
      a.count = static_cast<int>(k);
      if (const YAML::Node t = n[i]["type"]) {
        BEACON_ASSIGN_OR_RETURN(std::size_t type, r.Choice(t, f + ".type", {"ALS", "BLS"}));
        a.type = type == 0 ? cad::UnitType::kAls : cad::UnitType::kBls;
      }
      if (const YAML::Node t = n[i]["arrive"]) {
        BEACON_ASSIGN_OR_RETURN(a.arrive, r.Duration(t, f + ".arrive"));
      }
      if (const YAML::Node t = n[i]["spread"]) {
        BEACON_ASSIGN_OR_RETURN(a.spread, r.Duration(t, f + ".spread"));
      }
      a.prefix = fmt::format("MA{}-", i + 1);
      if (const YAML::Node t = n[i]["prefix"]) {
        BEACON_ASSIGN_OR_RETURN(a.prefix, r.String(t, f + ".prefix"));
      }
      if (!prefixes.insert(a.prefix).second || model.FindUnitByName(a.prefix + "1") != nullptr) {
        return r.Error(n[i], f + ".prefix",
                       fmt::format("'{}' would repeat a call sign already in use", a.prefix));
      }
      m.mutual_aid.push_back(std::move(a));
    }
  }
  if (const YAML::Node n = node["surge"]) {
    if (!n.IsMap())
      return r.Error(n, w + ".surge", "must map hospital codes to [red, yellow, green, gray]");
    for (const auto& kv : n) {
      const std::string code = kv.first.Scalar();
      const std::string f = w + ".surge." + code;
      const cad::Hospital* h = model.FindHospitalByCode(code);
      if (h == nullptr)
        return r.Error(kv.first, f, fmt::format("the model has no hospital '{}'", code));
      if (!kv.second.IsSequence() || kv.second.size() != 4) {
        return r.Error(kv.second, f, "must be [red, yellow, green, gray] patients");
      }
      std::array<int, 4> cap{};
      for (std::size_t k = 0; k < 4; ++k) {
        BEACON_ASSIGN_OR_RETURN(std::int64_t v,
                                r.Integer(kv.second[k], fmt::format("{}[{}]", f, k), 0, 10000));
        cap[k] = static_cast<int>(v);
      }
      m.surge[h->id] = cap;
    }
  }
  if (const YAML::Node n = node["load_time"]) {
    BEACON_ASSIGN_OR_RETURN(m.load_time, r.Duration(n, w + ".load_time"));
  }
  if (const YAML::Node n = node["handover"]) {
    BEACON_ASSIGN_OR_RETURN(m.handover, r.Duration(n, w + ".handover"));
  }
  if (const YAML::Node n = node["ambulance_capacity"]) {
    BEACON_ASSIGN_OR_RETURN(std::int64_t k, r.Integer(n, w + ".ambulance_capacity", 1, 4));
    m.ambulance_capacity = static_cast<int>(k);
  }
  if (const YAML::Node n = node["distribution"]) {
    BEACON_ASSIGN_OR_RETURN(std::size_t k,
                            r.Choice(n, w + ".distribution", {"planned", "closest"}));
    m.distribution = static_cast<MciDistribution>(k);
  }
  if (const YAML::Node n = node["compare_closest"]) {
    BEACON_ASSIGN_OR_RETURN(m.compare_closest, r.Bool(n, w + ".compare_closest"));
  }
  if (m.city_units == 0 && m.mutual_aid.empty()) {
    return r.Error(node, w, "needs ambulances: city_units or mutual_aid");
  }
  return m;
}

}  // namespace beacon::sim
