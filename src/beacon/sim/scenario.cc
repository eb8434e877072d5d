#include "beacon/sim/scenario.h"

#include <fmt/format.h>

#include <fstream>
#include <set>
#include <sstream>

#include "beacon/config/yaml_reader.h"
#include "beacon/sim/mci_scenario.h"

namespace beacon::sim {
namespace {

namespace fs = std::filesystem;
using config::YamlDocument;
using config::YamlReader;

class Parser {
 public:
  Parser(const YamlReader& r, fs::path base_dir, const model::CityModel& model, SimScenario& s)
      : r_(r), base_dir_(std::move(base_dir)), model_(model), s_(s) {}

  Status Parse(const YAML::Node& root) {
    BEACON_RETURN_IF_ERROR(
        r_.OnlyKeys(root, "",
                    {"name", "description", "city", "run", "travel", "policy", "targets", "demand",
                     "service", "fleet", "posts", "hospitals", "response_plans", "mci"}));
    BEACON_ASSIGN_OR_RETURN(s_.name, r_.RequiredString(root, "name"));
    if (root["description"]) {
      BEACON_ASSIGN_OR_RETURN(s_.description, r_.String(root["description"], "description"));
    }
    BEACON_ASSIGN_OR_RETURN(s_.city, r_.RequiredString(root, "city"));
    if (s_.city != model_.name()) {
      return r_.Error(
          root["city"], "city",
          fmt::format("the scenario is for '{}' but the model is '{}'", s_.city, model_.name()));
    }
    BEACON_RETURN_IF_ERROR(Run(root));
    if (root["travel"]) {
      BEACON_ASSIGN_OR_RETURN(std::size_t t, r_.Choice(root["travel"], "travel", {"road", "zero"}));
      s_.travel = t == 0 ? TravelMode::kRoad : TravelMode::kZero;
    }
    if (const YAML::Node p = root["policy"]) {
      BEACON_ASSIGN_OR_RETURN(
          std::size_t k, r_.Choice(p, "policy", {"closest_unit", "coverage_aware", "dmexclp"}));
      s_.policy = k == 0   ? PolicyKind::kClosestUnit
                  : k == 1 ? PolicyKind::kCoverageAware
                           : PolicyKind::kDmexclp;
    }
    if (const YAML::Node t = root["targets"]) {
      BEACON_ASSIGN_OR_RETURN(
          s_.targets, PerPriority<Milliseconds>(t, "targets", [&](const YAML::Node& n, auto f) {
            return r_.Duration(n, f);
          }));
    }
    BEACON_ASSIGN_OR_RETURN(YAML::Node demand, r_.Required(root, "demand"));
    BEACON_RETURN_IF_ERROR(Demand(demand));
    if (const YAML::Node service = root["service"]) BEACON_RETURN_IF_ERROR(Service(service));
    if (const YAML::Node mci = root["mci"]) {
      BEACON_ASSIGN_OR_RETURN(s_.mci, ParseMciSpec(mci, r_, model_, s_.start, s_.length));
    }
    return Overrides(root);
  }

 private:
  // {p1: X, p2: Y, p3: Z}, each required.
  template <typename T, typename Read>
  Result<std::array<T, 3>> PerPriority(const YAML::Node& n, const std::string& field,
                                       Read read) const {
    BEACON_RETURN_IF_ERROR(r_.OnlyKeys(n, field, {"p1", "p2", "p3"}));
    std::array<T, 3> out{};
    for (int p = 0; p < 3; ++p) {
      const std::string key = fmt::format("p{}", p + 1);
      BEACON_ASSIGN_OR_RETURN(YAML::Node v, r_.Required(n, key, field));
      BEACON_ASSIGN_OR_RETURN(out[static_cast<std::size_t>(p)],
                              read(v, YamlReader::Field(field, key)));
    }
    return out;
  }

  Status Run(const YAML::Node& root) {
    BEACON_ASSIGN_OR_RETURN(YAML::Node run, r_.Required(root, "run"));
    BEACON_RETURN_IF_ERROR(r_.OnlyKeys(run, "run", {"start", "days", "warmup_days"}));
    BEACON_ASSIGN_OR_RETURN(std::string start, r_.RequiredString(run, "start", "run"));
    auto parsed = ParseInstant(start);
    if (!parsed.ok()) {
      return r_.Error(run["start"], "run.start",
                      fmt::format("'{}' is not a time such as 2025-01-06T00:00:00-05:00", start));
    }
    s_.start = *parsed;
    BEACON_ASSIGN_OR_RETURN(YAML::Node days, r_.Required(run, "days", "run"));
    BEACON_ASSIGN_OR_RETURN(double d, r_.Number(days, "run.days", 0.001, 3660));
    s_.length = Milliseconds{static_cast<std::int64_t>(std::llround(d * 86'400'000.0))};
    if (run["warmup_days"]) {
      BEACON_ASSIGN_OR_RETURN(double w, r_.Number(run["warmup_days"], "run.warmup_days", 0, d));
      if (w >= d) return r_.Error(run["warmup_days"], "run.warmup_days", "must be less than days");
      s_.warmup = Milliseconds{static_cast<std::int64_t>(std::llround(w * 86'400'000.0))};
    }
    return OkStatus();
  }

  template <std::size_t N>
  Result<std::array<double, N>> Factors(const YAML::Node& n, const std::string& field) const {
    if (!n.IsSequence() || n.size() != N) {
      return r_.Error(n, field, fmt::format("must be a list of {} relative rates", N));
    }
    std::array<double, N> out{};
    double sum = 0;
    for (std::size_t i = 0; i < N; ++i) {
      BEACON_ASSIGN_OR_RETURN(out[i], r_.Number(n[i], fmt::format("{}[{}]", field, i), 0, 1e6));
      sum += out[i];
    }
    if (sum <= 0) return r_.Error(n, field, "needs at least one rate above 0");
    return out;
  }

  Status Demand(const YAML::Node& d) {
    BEACON_RETURN_IF_ERROR(r_.OnlyKeys(
        d, "demand", {"calls_per_day", "scale", "hour_of_day", "day_of_week", "mix", "trace"}));
    DemandSpec& spec = s_.demand;
    spec.hour_of_day.fill(1);
    spec.day_of_week.fill(1);
    if (d["scale"]) {
      BEACON_ASSIGN_OR_RETURN(spec.scale, r_.Number(d["scale"], "demand.scale", 0, 1000));
    }
    if (d["trace"]) {
      BEACON_ASSIGN_OR_RETURN(std::string t, r_.String(d["trace"], "demand.trace"));
      spec.trace = fs::path(t).is_absolute() ? fs::path(t) : base_dir_ / t;
      for (const char* key : {"calls_per_day", "hour_of_day", "day_of_week"}) {
        if (d[key]) {
          return r_.Error(d[key], fmt::format("demand.{}", key),
                          "a call trace sets the demand; leave this out or drop the trace");
        }
      }
    } else {
      BEACON_ASSIGN_OR_RETURN(YAML::Node c, r_.Required(d, "calls_per_day", "demand"));
      BEACON_ASSIGN_OR_RETURN(spec.calls_per_day, r_.Number(c, "demand.calls_per_day", 0, 1e6));
      if (d["hour_of_day"]) {
        BEACON_ASSIGN_OR_RETURN(spec.hour_of_day,
                                Factors<24>(d["hour_of_day"], "demand.hour_of_day"));
      }
      if (d["day_of_week"]) {
        BEACON_ASSIGN_OR_RETURN(spec.day_of_week,
                                Factors<7>(d["day_of_week"], "demand.day_of_week"));
      }
      if (model_.data().demand.empty()) {
        return r_.Error(d, "demand", "the city model has no demand points for synthetic calls");
      }
      if (!d["mix"]) return r_.Error(d, "demand.mix", "is required for synthetic demand");
    }
    if (const YAML::Node mix = d["mix"]) {
      if (!mix.IsSequence() || mix.size() == 0) {
        return r_.Error(mix, "demand.mix", "must be a non-empty list");
      }
      double total = 0;
      for (std::size_t i = 0; i < mix.size(); ++i) {
        BEACON_ASSIGN_OR_RETURN(MixEntry e, Mix(mix[i], fmt::format("demand.mix[{}]", i)));
        total += e.share;
        spec.mix.push_back(std::move(e));
      }
      if (total <= 0) return r_.Error(mix, "demand.mix", "the shares add up to 0");
    }
    return OkStatus();
  }

  Result<MixEntry> Mix(const YAML::Node& n, const std::string& f) const {
    BEACON_RETURN_IF_ERROR(r_.OnlyKeys(n, f, {"complaint", "answers", "share", "determinant"}));
    MixEntry e;
    BEACON_ASSIGN_OR_RETURN(e.complaint, r_.RequiredString(n, "complaint", f));
    const triage::Complaint* c = model_.protocol().FindComplaint(e.complaint);
    if (c == nullptr) {
      return r_.Error(n["complaint"], f + ".complaint",
                      fmt::format("the model's rule set has no complaint '{}'", e.complaint));
    }
    if (const YAML::Node a = n["answers"]) {
      if (!a.IsMap()) return r_.Error(a, f + ".answers", "must map questions to answers");
      for (const auto& kv : a) {
        const std::string q = kv.first.Scalar();
        BEACON_ASSIGN_OR_RETURN(e.answers[q], r_.String(kv.second, f + ".answers." + q));
      }
    }
    BEACON_ASSIGN_OR_RETURN(YAML::Node share, r_.Required(n, "share", f));
    BEACON_ASSIGN_OR_RETURN(e.share, r_.Number(share, f + ".share", 0, 1e9));
    auto eval = triage::Evaluate(*c, e.answers);
    if (!eval.ok())
      return r_.Error(n["answers"] ? n["answers"] : n, f + ".answers", eval.status().message());
    if (eval->determinant == nullptr) {
      return r_.Error(n["answers"] ? n["answers"] : n, f + ".answers",
                      fmt::format("do not decide a determinant of '{}' (next question: '{}')",
                                  e.complaint, eval->next != nullptr ? eval->next->id : "?"));
    }
    e.determinant = eval->determinant->code;
    e.priority = eval->determinant->priority;
    if (n["determinant"]) {
      BEACON_ASSIGN_OR_RETURN(std::string expected,
                              r_.String(n["determinant"], f + ".determinant"));
      if (expected != e.determinant) {
        return r_.Error(n["determinant"], f + ".determinant",
                        fmt::format("the answers give {}, not {}", e.determinant, expected));
      }
    }
    return e;
  }

  Status Service(const YAML::Node& n) {
    BEACON_RETURN_IF_ERROR(r_.OnlyKeys(
        n, "service", {"call_processing", "turnout", "on_scene", "transport", "offload"}));
    ServiceSpec& s = s_.service;
    if (n["call_processing"]) {
      BEACON_ASSIGN_OR_RETURN(
          s.call_processing, ReadDistribution(r_, n["call_processing"], "service.call_processing"));
    }
    if (n["turnout"]) {
      BEACON_ASSIGN_OR_RETURN(s.turnout, ReadDistribution(r_, n["turnout"], "service.turnout"));
    }
    if (const YAML::Node o = n["on_scene"]) {
      if (o.IsMap() && o["p1"]) {
        BEACON_ASSIGN_OR_RETURN(
            s.on_scene, PerPriority<Distribution>(o, "service.on_scene",
                                                  [&](const YAML::Node& v, const std::string& f) {
                                                    return ReadDistribution(r_, v, f);
                                                  }));
      } else {
        BEACON_ASSIGN_OR_RETURN(Distribution d, ReadDistribution(r_, o, "service.on_scene"));
        s.on_scene = {d, d, d};
      }
    }
    if (const YAML::Node t = n["transport"]) {
      BEACON_ASSIGN_OR_RETURN(s.transport,
                              PerPriority<double>(t, "service.transport",
                                                  [&](const YAML::Node& v, const std::string& f) {
                                                    return r_.Number(v, f, 0, 1);
                                                  }));
    }
    if (n["offload"]) {
      BEACON_ASSIGN_OR_RETURN(s.offload, ReadDistribution(r_, n["offload"], "service.offload"));
    }
    return OkStatus();
  }

  // A file the scenario names (relative to the scenario), read by `read`; its own errors name
  // its file and line, prefixed with the scenario's line and key.
  template <typename T, typename Read>
  Status NamedFile(const YAML::Node& root, const char* key, std::optional<T>& out, Read read) {
    const YAML::Node f = root[key];
    if (!f) return OkStatus();
    BEACON_ASSIGN_OR_RETURN(std::string p, r_.String(f, key));
    const fs::path path = fs::path(p).is_absolute() ? fs::path(p) : base_dir_ / p;
    auto value = read(path);
    if (!value.ok()) return r_.Error(f, key, value.status().message());
    out = std::move(value).value();
    return OkStatus();
  }

  Status Overrides(const YAML::Node& root) {
    BEACON_RETURN_IF_ERROR(NamedFile(root, "fleet", s_.fleet, model::ReadFleet));
    BEACON_RETURN_IF_ERROR(
        NamedFile(root, "response_plans", s_.response_plans, model::ReadResponsePlans));
    if (const YAML::Node posts = root["posts"]) {
      if (!posts.IsSequence() || posts.size() == 0) {
        return r_.Error(posts, "posts", "must be a non-empty list of station names");
      }
      for (std::size_t i = 0; i < posts.size(); ++i) {
        const std::string f = fmt::format("posts[{}]", i);
        BEACON_ASSIGN_OR_RETURN(std::string name, r_.String(posts[i], f));
        const cad::Station* found = nullptr;
        for (const cad::Station& st : model_.data().stations) {
          if (st.name == name) found = &st;
        }
        if (found == nullptr) {
          return r_.Error(posts[i], f, fmt::format("the model has no station '{}'", name));
        }
        s_.posts.push_back(found->id);
      }
    }
    if (const YAML::Node h = root["hospitals"]) {
      if (!h.IsMap()) return r_.Error(h, "hospitals", "must map hospital codes to changes");
      for (const auto& kv : h) {
        const std::string code = kv.first.Scalar();
        const std::string f = "hospitals." + code;
        const cad::Hospital* hosp = model_.FindHospitalByCode(code);
        if (hosp == nullptr) {
          return r_.Error(kv.first, f, fmt::format("the model has no hospital '{}'", code));
        }
        BEACON_RETURN_IF_ERROR(r_.OnlyKeys(kv.second, f, {"offload"}));
        BEACON_ASSIGN_OR_RETURN(YAML::Node o, r_.Required(kv.second, "offload", f));
        BEACON_ASSIGN_OR_RETURN(s_.hospital_offload[hosp->id], r_.Duration(o, f + ".offload"));
      }
    }
    return OkStatus();
  }

  const YamlReader& r_;
  fs::path base_dir_;
  const model::CityModel& model_;
  SimScenario& s_;
};

}  // namespace

Result<SimScenario> ParseSimScenario(std::string_view text, const std::string& origin,
                                     const std::filesystem::path& base_dir,
                                     const model::CityModel& model) {
  BEACON_ASSIGN_OR_RETURN(YamlDocument doc, YamlDocument::Parse(text, origin));
  SimScenario s;
  s.file = origin;
  Parser p(doc.reader(), base_dir, model, s);
  BEACON_RETURN_IF_ERROR(p.Parse(doc.root()));
  return s;
}

Result<SimScenario> LoadSimScenario(const std::filesystem::path& path,
                                    const model::CityModel& model) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("cannot read scenario '{}'", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseSimScenario(text.str(), path.string(), path.parent_path(), model);
}

Result<model::CityModel> ScenarioModel(const model::CityModel& base, const SimScenario& scenario) {
  model::CityModel::Data d = base.data();
  if (!scenario.posts.empty()) d.posts = scenario.posts;
  if (scenario.fleet) {
    d.shifts = scenario.fleet->shifts;
    d.units = model::PlaceFleet(*scenario.fleet, d.posts);
  } else if (!scenario.posts.empty()) {
    // The model's fleet, placed on the scenario's posts in the same order.
    for (std::size_t k = 0; k < d.units.size(); ++k) {
      d.units[k].unit.home_station = d.posts[k % d.posts.size()];
    }
  }
  if (scenario.response_plans) d.response_plans = *scenario.response_plans;
  for (cad::Hospital& h : d.hospitals) {
    auto it = scenario.hospital_offload.find(h.id);
    if (it != scenario.hospital_offload.end()) h.typical_offload = it->second;
  }
  auto m = model::CityModel::Create(std::move(d), base.shared_graph(), base.shared_ch());
  if (!m.ok())
    return m.status().WithContextFrom([&] { return fmt::format("scenario '{}'", scenario.file); });
  return m;
}

}  // namespace beacon::sim
