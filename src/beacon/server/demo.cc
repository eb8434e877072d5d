#include "beacon/server/demo.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <map>
#include <queue>
#include <set>
#include <thread>

#include "beacon/base/rng.h"
#include "beacon/geo/distance.h"
#include "beacon/model/road_travel_times.h"
#include "beacon/sim/demand.h"
#include "beacon/triage/mci_findings_json.h"

namespace beacon::server {

using nlohmann::json;

namespace {
constexpr Milliseconds kRetryDispatch{Seconds{30}};
constexpr Milliseconds kShift{Hours{12}};
}  // namespace

struct DemoShift::Impl {
  Impl(const model::CityModel& m, const sim::SimScenario& s, const Clock& c, const ScaledClock* sc,
       Submit sub, Options o, Stats& st)
      : model(m),
        scenario(s),
        clock(c),
        scaled(sc),
        submit(std::move(sub)),
        options(std::move(o)),
        stats(st),
        rng(Rng(options.seed)),
        travel(m) {}

  struct Reply {
    int status = 0;
    json body;
  };
  struct Action {
    Instant at;
    std::uint64_t seq;
    std::function<void()> run;
  };
  struct Later {
    bool operator()(const Action& a, const Action& b) const {
      return a.at != b.at ? a.at > b.at : a.seq > b.seq;
    }
  };
  struct Call {
    std::uint64_t incident = 0;
    int mix = -1;
    int priority = 3;
    bool served = false;  // the first unit arrived
  };

  const model::CityModel& model;
  const sim::SimScenario& scenario;
  const Clock& clock;
  const ScaledClock* scaled;
  Submit submit;
  Options options;
  Stats& stats;
  Rng rng;
  model::RoadTravelTimes travel;
  std::map<std::string, std::string> tokens;  // user -> session token
  std::priority_queue<Action, std::vector<Action>, Later> queue;
  std::uint64_t next_seq = 0;
  std::map<std::uint64_t, Call> calls;           // by incident
  std::map<std::uint32_t, std::uint64_t> plans;  // unit -> incident the demo is working it on

  void At(Instant t, std::function<void()> f) { queue.push({t, next_seq++, std::move(f)}); }
  void After(Milliseconds d, std::function<void()> f) { At(clock.Now() + d, std::move(f)); }

  Reply Send(const std::string& user, const std::string& method, const std::string& target,
             const json& body = nullptr) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (tokens[user].empty()) Login(user);
      HttpRequest req;
      req.method = method;
      req.target = target;
      req.body = body.is_null() ? "" : body.dump();
      req.peer = "demo";
      req.headers["authorization"] = "Bearer " + tokens[user];
      const HttpResponse r = submit(std::move(req));
      if (r.status == 401 && attempt == 0) {
        tokens[user].clear();  // the session ended: log in again
        continue;
      }
      if (r.status >= 400) ++stats.refused;
      return Reply{r.status, json::parse(r.body, nullptr, false)};
    }
    return Reply{401, json()};
  }
  void Login(const std::string& user) {
    HttpRequest req;
    req.method = "POST";
    req.target = "/api/v1/login";
    req.body = json{{"user", user}, {"password", options.password}}.dump();
    req.peer = "demo";
    const HttpResponse r = submit(std::move(req));
    const json j = json::parse(r.body, nullptr, false);
    if (r.status == 200 && j.contains("token")) tokens[user] = j["token"];
  }

  Milliseconds Uniform(int lo_s, int hi_s) {
    return Seconds{lo_s + static_cast<int>(rng.Uniform01() * (hi_s - lo_s))};
  }

  void NewCall(const sim::SimCall& c) {
    Reply r = Send(kCallTaker, "POST", "/api/v1/calls",
                   {{"lat", c.location.lat}, {"lon", c.location.lon}, {"address", "demo call"}});
    if (r.status != 201) return;
    ++stats.calls;
    const std::uint64_t id = r.body["id"];
    calls[id] = Call{id, c.mix, c.priority, false};
    After(Uniform(40, 90), [this, id] { Triage(id); });
  }

  std::optional<std::uint64_t> IncidentVersion(std::uint64_t id) {
    Reply r = Send(kDispatcher, "GET", fmt::format("/api/v1/incidents/{}", id));
    if (r.status != 200) return std::nullopt;
    return r.body["version"].get<std::uint64_t>();
  }

  void Triage(std::uint64_t id) {
    const Call& c = calls[id];
    const auto version = IncidentVersion(id);
    if (!version) return;
    if (c.mix >= 0) {
      const sim::MixEntry& m = scenario.demand.mix[static_cast<std::size_t>(c.mix)];
      json answers = json::object();
      for (const auto& [k, v] : m.answers) answers[k] = v;
      Send(kCallTaker, "POST", fmt::format("/api/v1/incidents/{}/triage", id),
           {{"version", *version}, {"complaint", m.complaint}, {"answers", answers}});
    } else {
      Send(kDispatcher, "POST", fmt::format("/api/v1/incidents/{}/priority", id),
           {{"version", *version}, {"priority", c.priority}});
    }
    After(Uniform(15, 40), [this, id] { Dispatch(id); });  // the dispatcher reads, then sends
  }

  void Dispatch(std::uint64_t id) {
    const auto version = IncidentVersion(id);
    if (!version) return;
    Reply r = Send(kDispatcher, "POST", fmt::format("/api/v1/incidents/{}/dispatch", id),
                   {{"version", *version}});
    if (r.status != 200) {
      if (r.status == 422) After(kRetryDispatch, [this, id] { Dispatch(id); });  // no unit yet
      return;
    }
    ++stats.dispatched;
    for (const json& a : r.body["assignments"]) {
      const std::uint32_t unit = a["unit"];
      if (a["state"] == "ASSIGNED" && plans.count(unit) == 0) Start(unit, id);
    }
  }

  // The unit as the server sees it, if it is still on `incident` in `state`.
  std::optional<json> UnitOn(std::uint32_t unit, std::uint64_t incident, const char* state) {
    Reply r = Send(kCrew, "GET", fmt::format("/api/v1/units/{}", unit));
    if (r.status != 200) return std::nullopt;
    if (!r.body.contains("incident") || r.body["incident"] != incident ||
        r.body["state"] != state) {
      plans.erase(unit);  // a person changed its plan: leave it to them
      return std::nullopt;
    }
    return r.body;
  }
  bool Status(std::uint32_t unit, std::uint64_t incident, const char* from, const char* to,
              std::optional<std::uint32_t> destination = std::nullopt) {
    const auto u = UnitOn(unit, incident, from);
    if (!u) return false;
    json body = {{"version", (*u)["version"]}, {"state", to}};
    if (destination) body["destination"] = *destination;
    Reply r = Send(kCrew, "POST", fmt::format("/api/v1/units/{}/status", unit), body);
    if (r.status != 200) {
      plans.erase(unit);
      return false;
    }
    ++stats.status_changes;
    return true;
  }

  LatLon Where(std::uint32_t unit) {
    Reply r = Send(kCrew, "GET", fmt::format("/api/v1/units/{}", unit));
    if (r.status == 200 && r.body.contains("position")) {
      return {r.body["position"]["lat"], r.body["position"]["lon"]};
    }
    return Home(unit);
  }
  LatLon Home(std::uint32_t unit) {
    for (const cad::Unit& u : model.Roster().units) {
      if (u.id == UnitId{unit}) {
        for (const cad::Station& s : model.Roster().stations) {
          if (s.id == u.home_station) return s.location;
        }
      }
    }
    return model.Roster().stations.front().location;
  }

  // Posts positions along the road route from `from` to `to`, then runs `arrived`.
  void Drive(std::uint32_t unit, LatLon from, LatLon to, std::function<void()> arrived) {
    auto route = travel.Route(from, to);
    if (!route.ok() || !route->has_value() || (*route)->polyline.size() < 2) {
      After(Seconds{30}, std::move(arrived));
      return;
    }
    const std::vector<LatLon> line = (*route)->polyline;
    std::vector<double> along(line.size(), 0);
    for (std::size_t i = 1; i < line.size(); ++i) {
      along[i] = along[i - 1] + geo::HaversineDistance(line[i - 1], line[i]).value();
    }
    const Milliseconds total = (*route)->time;
    const Instant start = clock.Now();
    for (Milliseconds t = options.position_every; t < total; t += options.position_every) {
      const double target =
          along.back() * (static_cast<double>(t.count()) / static_cast<double>(total.count()));
      std::size_t k = 1;
      while (k + 1 < along.size() && along[k] < target) ++k;
      const double seg = along[k] - along[k - 1];
      const double f = seg > 0 ? (target - along[k - 1]) / seg : 1.0;
      const LatLon p{line[k - 1].lat + f * (line[k].lat - line[k - 1].lat),
                     line[k - 1].lon + f * (line[k].lon - line[k - 1].lon)};
      At(start + t, [this, unit, p] {
        Send(kCrew, "POST", fmt::format("/api/v1/units/{}/position", unit),
             {{"lat", p.lat}, {"lon", p.lon}});
        ++stats.positions;
      });
    }
    At(start + total, [this, unit, to, arrived = std::move(arrived)] {
      Send(kCrew, "POST", fmt::format("/api/v1/units/{}/position", unit),
           {{"lat", to.lat}, {"lon", to.lon}});
      arrived();
    });
  }

  void Start(std::uint32_t unit, std::uint64_t id) {
    plans[unit] = id;
    After(scenario.service.turnout.Sample(rng), [this, unit, id] {
      if (!Status(unit, id, "ASSIGNED", "EN_ROUTE")) return;
      const LatLon scene = SceneOf(id);
      Drive(unit, Where(unit), scene, [this, unit, id] { OnScene(unit, id); });
    });
  }
  LatLon SceneOf(std::uint64_t id) {
    Reply r = Send(kCrew, "GET", fmt::format("/api/v1/incidents/{}", id));
    if (r.status != 200) return model.Roster().stations.front().location;
    return {r.body["location"]["lat"], r.body["location"]["lon"]};
  }

  void OnScene(std::uint32_t unit, std::uint64_t id) {
    if (!Status(unit, id, "EN_ROUTE", "ON_SCENE")) return;
    Call& c = calls[id];
    const bool primary = !c.served;
    c.served = true;
    const std::size_t p = static_cast<std::size_t>(std::clamp(c.priority, 1, 3) - 1);
    After(scenario.service.on_scene[p].Sample(rng), [this, unit, id, primary, p] {
      const bool transport = primary && rng.Bernoulli(scenario.service.transport[p]);
      if (!transport) {
        Clear(unit, id, "ON_SCENE", SceneOf(id));
        return;
      }
      Reply d = Send(kCrew, "GET", fmt::format("/api/v1/incidents/{}/destinations", id));
      if (d.status != 200 || d.body["ranked"].empty()) {
        Clear(unit, id, "ON_SCENE", SceneOf(id));
        return;
      }
      const std::uint32_t hospital = d.body["ranked"][0]["hospital"];
      LatLon at = SceneOf(id);
      for (const cad::Hospital& h : model.Roster().hospitals) {
        if (h.id == HospitalId{hospital}) at = h.location;
      }
      if (!Status(unit, id, "ON_SCENE", "TRANSPORTING", hospital)) return;
      Drive(unit, SceneOf(id), at, [this, unit, id, at, hospital] {
        if (!Status(unit, id, "TRANSPORTING", "AT_DESTINATION")) return;
        Milliseconds offload = Minutes{20};
        for (const cad::Hospital& h : model.Roster().hospitals) {
          if (h.id == HospitalId{hospital}) offload = h.typical_offload;
        }
        After(offload, [this, unit, id, at] {
          if (!Status(unit, id, "AT_DESTINATION", "TRANSFERRED")) return;
          Clear(unit, id, "TRANSFERRED", at);
        });
      });
    });
  }

  void Clear(std::uint32_t unit, std::uint64_t id, const char* from, LatLon at) {
    if (!Status(unit, id, from, "CLEARED")) return;
    plans.erase(unit);
    // Close the incident once no unit is working it.
    Reply r = Send(kDispatcher, "GET", fmt::format("/api/v1/incidents/{}", id));
    if (r.status == 200 && !r.body["closed"].get<bool>()) {
      bool active = false;
      for (const json& a : r.body["assignments"]) {
        active = active || (a["state"] != "CLEARED" && a["state"] != "CANCELLED");
      }
      if (!active) {
        Send(kDispatcher, "POST", fmt::format("/api/v1/incidents/{}/close", id),
             {{"version", r.body["version"]}});
        calls.erase(id);
      }
    }
    Drive(unit, at, Home(unit), [] {});
  }

  // After a restart: take up the open incidents and the units on them where they are.
  void Adopt() {
    Reply inc = Send(kDispatcher, "GET", "/api/v1/incidents");
    if (inc.status != 200) return;
    for (const json& i : inc.body["incidents"]) {
      const std::uint64_t id = i["id"];
      Call c;
      c.incident = id;
      c.priority = std::max(1, i["priority"].get<int>());
      bool active = false;
      for (const json& a : i["assignments"]) {
        const std::string st = a["state"];
        if (st == "CLEARED" || st == "CANCELLED") continue;
        active = true;
        if (st != "ASSIGNED" && st != "EN_ROUTE") c.served = true;
      }
      calls[id] = c;
      if (!active) {
        if (i["priority"] == 0) {
          Send(kDispatcher, "POST", fmt::format("/api/v1/incidents/{}/priority", id),
               {{"version", i["version"]}, {"priority", c.priority}});
        }
        After(Seconds{5}, [this, id] { Dispatch(id); });
      }
    }
    Reply units = Send(kCrew, "GET", "/api/v1/units");
    if (units.status != 200) return;
    for (const json& u : units.body["units"]) {
      if (!u.contains("incident")) continue;
      const std::uint32_t unit = u["id"];
      const std::uint64_t id = u["incident"];
      const std::string st = u["state"];
      plans[unit] = id;
      if (st == "ASSIGNED") {
        plans.erase(unit);
        Start(unit, id);
      } else if (st == "EN_ROUTE") {
        Drive(unit, Where(unit), SceneOf(id), [this, unit, id] { OnScene(unit, id); });
      } else if (st == "ON_SCENE" || st == "PATIENT_CONTACT") {
        After(Minutes{5}, [this, unit, id, st] {
          Clear(unit, id, st == "ON_SCENE" ? "ON_SCENE" : "PATIENT_CONTACT", SceneOf(id));
        });
      } else if (st == "TRANSPORTING" || st == "AT_DESTINATION" || st == "TRANSFERRED") {
        const LatLon at = Where(unit);
        After(Minutes{5}, [this, unit, id, st, at] {
          if (st == "TRANSPORTING" && !Status(unit, id, "TRANSPORTING", "AT_DESTINATION")) return;
          if (st != "TRANSFERRED" && !Status(unit, id, "AT_DESTINATION", "TRANSFERRED")) return;
          Clear(unit, id, "TRANSFERRED", at);
        });
      }
    }
  }

  // --- The MCI exercise (`serve --demo --scenario` with an `mci` block; docs/design/mci.md) ---
  // The scenario's MCI is played into the live system `Options::mci_after` into the demo: the
  // call, the supervisor's declaration with the sites and surge capacity, the city ambulances
  // sent, the crews tagging the casualties at the scene's pace, and every half minute the
  // dispatcher's plan accepted and the ambulances on scene loaded, driven to their hospitals and
  // back. Supervisors and dispatchers on the console can take over any of it.
  struct MciRun {
    std::uint64_t incident = 0;
    std::uint64_t id = 0;
    LatLon scene;
    std::vector<json> pending;  // tag bodies, in tagging order
    std::size_t next = 0;
    bool closed = false;
    std::set<std::uint32_t> waiting;  // units on scene with nobody aboard
    std::set<std::uint32_t> units;    // every unit the demo sent to the MCI
  };
  MciRun mci;

  static json TagBody(const sim::MciCasualtyGroup& g, triage::MciAlgorithm fallback) {
    json b = {{"site", g.site}};
    json needs = json::array();
    if (g.needs.pediatric) needs.push_back("pediatric");
    if (g.needs.burn) needs.push_back("burn");
    if (g.needs.trauma) needs.push_back("trauma");
    b["needs"] = needs;
    if (g.category) {
      b["category"] = triage::MciCategoryName(*g.category);
    } else if (g.findings) {
      b["algorithm"] = triage::MciAlgorithmName(g.algorithm.value_or(fallback));
      b["findings"] = json(triage::FindingsToJson(*g.findings));
    }
    return b;
  }

  void StartMci() {
    const sim::MciSpec& m = *scenario.mci;
    for (const sim::MciSiteSpec& s : m.sites) {
      if (s.kind == cad::MciSiteKind::kCasualtyCollection) {
        mci.scene = s.location;
        break;
      }
    }
    Reply r = Send(kCallTaker, "POST", "/api/v1/calls",
                   {{"lat", mci.scene.lat}, {"lon", mci.scene.lon}, {"address", m.name}});
    if (r.status != 201) return;
    mci.incident = r.body["id"];
    Send(kCallTaker, "POST", fmt::format("/api/v1/incidents/{}/triage", mci.incident),
         {{"version", r.body["version"]},
          {"complaint", "traumatic_injury"},
          {"answers", {{"conscious", "no"}}},
          {"force", true}});
    r = Send(kSupervisor, "POST", "/api/v1/mcis",
             {{"incident", mci.incident}, {"name", m.name}, {"level", m.level}});
    if (r.status != 201) return;
    mci.id = r.body["id"];
    std::uint64_t version = r.body["version"];
    for (const sim::MciSiteSpec& s : m.sites) {
      r = Send(kSupervisor, "POST", fmt::format("/api/v1/mcis/{}/sites", mci.id),
               {{"version", version},
                {"name", s.name},
                {"kind", cad::MciSiteKindName(s.kind)},
                {"lat", s.location.lat},
                {"lon", s.location.lon}});
      if (r.status == 200) version = r.body["version"];
    }
    for (const auto& [hospital, c] : m.surge) {
      r = Send(kSupervisor, "POST", fmt::format("/api/v1/mcis/{}/surge", mci.id),
               {{"version", version},
                {"hospital", hospital.value()},
                {"red", c[0]},
                {"yellow", c[1]},
                {"green", c[2]},
                {"gray", c[3]}});
      if (r.status == 200) version = r.body["version"];
    }
    int tag = 0;
    for (const sim::MciCasualtyGroup& g : m.casualties) {
      for (int k = 0; k < g.count; ++k) {
        mci.pending.push_back(TagBody(g, m.algorithm));
        mci.pending.back()["tag"] = fmt::format("X-{:03d}", ++tag);
      }
    }
    for (std::size_t i = mci.pending.size(); i > 1; --i) {
      std::swap(mci.pending[i - 1], mci.pending[rng.UniformInt(i)]);
    }
    SendUnits(m.city_units);
    After(m.triage_interval, [this] { TagNext(); });
    After(Seconds{30}, [this] { Transport(); });
  }

  // The closest available ambulances go to the scene.
  void SendUnits(int n) {
    Reply units = Send(kDispatcher, "GET", "/api/v1/units");
    if (units.status != 200) return;
    std::vector<std::pair<double, std::uint32_t>> free;
    for (const json& u : units.body["units"]) {
      if (u["availability"] != "AVAILABLE" || u.contains("incident")) continue;
      if (u["type"] != "ALS" && u["type"] != "BLS") continue;
      const std::uint32_t id = u["id"];
      if (plans.count(id) != 0) continue;
      free.emplace_back(geo::HaversineDistance(Where(id), mci.scene).value(), id);
    }
    std::sort(free.begin(), free.end());
    for (std::size_t k = 0; k < free.size() && static_cast<int>(k) < n; ++k)
      ToScene(free[k].second);
  }

  void ToScene(std::uint32_t unit) {
    const auto version = IncidentVersion(mci.incident);
    if (!version) return;
    Reply r = Send(kDispatcher, "POST", fmt::format("/api/v1/incidents/{}/assign", mci.incident),
                   {{"version", *version}, {"unit", unit}, {"reason", "MCI"}});
    if (r.status != 200) return;
    plans[unit] = mci.incident;
    mci.units.insert(unit);
    After(Seconds{60}, [this, unit] {
      if (!Status(unit, mci.incident, "ASSIGNED", "EN_ROUTE")) return;
      Drive(unit, Where(unit), mci.scene, [this, unit] {
        if (Status(unit, mci.incident, "EN_ROUTE", "ON_SCENE")) mci.waiting.insert(unit);
      });
    });
  }

  void TagNext() {
    if (mci.next >= mci.pending.size()) return;
    Reply r = Send(kCrew, "POST", fmt::format("/api/v1/mcis/{}/patients", mci.id),
                   mci.pending[mci.next++]);
    if (r.status == 201) ++stats.mci_tagged;
    if (mci.next < mci.pending.size()) After(scenario.mci->triage_interval, [this] { TagNext(); });
  }

  // Every half minute: plan, accept, and load the ambulances waiting on scene.
  void Transport() {
    if (mci.closed) return;
    Reply board = Send(kDispatcher, "GET", fmt::format("/api/v1/mcis/{}", mci.id));
    if (board.status != 200) return;
    if (board.body["closed"].get<bool>()) return;
    int waiting = 0;
    int moving = 0;
    for (const json& p : board.body["patients"]) {
      if (p["category"] == "Dead") continue;
      if (p["state"] == "on_scene" || p["state"] == "assigned") ++waiting;
      if (p["state"] == "transporting") ++moving;
    }
    if (mci.next >= mci.pending.size() && waiting == 0) {
      if (moving == 0) CloseMci(board.body["version"]);
      After(Seconds{30}, [this] { Transport(); });
      return;
    }
    // Units not yet on duty when the MCI began (or busy) are sent as they come free.
    const int short_of = scenario.mci->city_units - static_cast<int>(mci.units.size());
    if (short_of > 0) SendUnits(short_of);
    if (!mci.waiting.empty() && waiting > 0) {
      Reply plan = Send(kDispatcher, "POST", fmt::format("/api/v1/mcis/{}/plan", mci.id),
                        {{"policy", "planned"}});
      if (plan.status == 200) {
        Send(kDispatcher, "POST", fmt::format("/api/v1/mcis/{}/plan/accept", mci.id),
             {{"version", plan.body["version"]}, {"policy", "planned"}});
      }
      board = Send(kDispatcher, "GET", fmt::format("/api/v1/mcis/{}", mci.id));
      std::map<std::uint32_t, std::vector<json>> load;
      for (const json& p : board.body["patients"]) {
        if (p["state"] != "assigned" || p["unit_id"].is_null()) continue;
        const std::uint32_t unit = p["unit_id"];
        if (mci.waiting.count(unit) != 0) load[unit].push_back(p);
      }
      for (auto& [unit, patients] : load) Carry(unit, patients);
    }
    After(Seconds{30}, [this] { Transport(); });
  }

  void Carry(std::uint32_t unit, const std::vector<json>& patients) {
    mci.waiting.erase(unit);
    const std::uint32_t hospital = patients.front()["hospital_id"];
    std::vector<std::string> aboard;
    for (const json& p : patients) {
      Reply r = Send(
          kCrew, "POST",
          fmt::format("/api/v1/mcis/{}/patients/{}/departed", mci.id, p["tag"].get<std::string>()),
          {{"version", p["version"]}, {"unit", unit}, {"hospital", hospital}});
      if (r.status == 200) aboard.push_back(p["tag"]);
    }
    LatLon at = mci.scene;
    for (const cad::Hospital& h : model.Roster().hospitals) {
      if (h.id == HospitalId{hospital}) at = h.location;
    }
    After(scenario.mci->load_time * static_cast<int>(aboard.size()),
          [this, unit, hospital, at, aboard] {
            if (!Status(unit, mci.incident, "ON_SCENE", "TRANSPORTING", hospital)) return;
            Drive(unit, mci.scene, at, [this, unit, hospital, at, aboard] {
              if (!Status(unit, mci.incident, "TRANSPORTING", "AT_DESTINATION")) return;
              // One read of the board: each arrival changes only its own patient's version.
              const Reply board = Send(kCrew, "GET", fmt::format("/api/v1/mcis/{}", mci.id));
              for (const std::string& tag : aboard) {
                for (const json& x : board.body["patients"]) {
                  if (x["tag"] != tag) continue;
                  Reply r = Send(kCrew, "POST",
                                 fmt::format("/api/v1/mcis/{}/patients/{}/arrived", mci.id, tag),
                                 {{"version", x["version"]}, {"hospital", hospital}});
                  if (r.status == 200) ++stats.mci_arrived;
                }
              }
              After(scenario.mci->handover, [this, unit, at] {
                if (!Status(unit, mci.incident, "AT_DESTINATION", "TRANSFERRED")) return;
                if (!Status(unit, mci.incident, "TRANSFERRED", "CLEARED")) return;
                plans.erase(unit);
                // Back to the scene while patients wait or are still being tagged, else home.
                if (!mci.closed) {
                  ToScene(unit);
                } else {
                  Drive(unit, at, Home(unit), [] {});
                }
              });
            });
          });
  }

  void CloseMci(const json& version) {
    const std::set<std::uint32_t> on_scene = mci.waiting;
    for (std::uint32_t unit : on_scene) {
      if (Status(unit, mci.incident, "ON_SCENE", "CLEARED")) {
        plans.erase(unit);
        Drive(unit, mci.scene, Home(unit), [] {});
      }
    }
    mci.waiting.clear();
    Reply r = Send(kSupervisor, "POST", fmt::format("/api/v1/mcis/{}/close", mci.id),
                   {{"version", version}});
    if (r.status != 200) return;
    mci.closed = true;
    if (const auto v = IncidentVersion(mci.incident)) {
      Send(kDispatcher, "POST", fmt::format("/api/v1/incidents/{}/close", mci.incident),
           {{"version", *v}});
    }
  }

  void Run(const std::atomic<bool>& stop) {
    for (const char* user : {kCallTaker, kDispatcher, kCrew}) Login(user);
    Adopt();
    if (scenario.mci) After(options.mci_after, [this] { StartMci(); });
    sim::SimScenario shift = scenario;
    shift.start = clock.Now();
    shift.length = kShift;
    shift.warmup = Milliseconds{0};
    const std::vector<sim::SimCall> demand = sim::SyntheticCalls(model, shift, rng);
    std::size_t next = 0;
    while (!stop) {
      Instant due = Instant::max();
      if (next < demand.size()) due = demand[next].time;
      if (!queue.empty()) due = std::min(due, queue.top().at);
      if (due == Instant::max()) break;
      const Instant now = clock.Now();
      if (due > now) {
        Milliseconds wait = due - now;
        if (scaled != nullptr) wait = scaled->RealFor(wait);
        std::this_thread::sleep_for(
            std::chrono::milliseconds(std::min<std::int64_t>(wait.count(), 200)));
        continue;
      }
      if (next < demand.size() && demand[next].time <= due &&
          (queue.empty() || demand[next].time <= queue.top().at)) {
        NewCall(demand[next++]);
      } else {
        Action a = queue.top();
        queue.pop();
        a.run();
      }
    }
  }
};

DemoShift::DemoShift(const model::CityModel& model, const sim::SimScenario& scenario,
                     const Clock& clock, const ScaledClock* scaled, Submit submit, Options options)
    : impl_(std::make_unique<Impl>(model, scenario, clock, scaled, std::move(submit),
                                   std::move(options), stats_)) {}

DemoShift::~DemoShift() = default;

void DemoShift::Run(const std::atomic<bool>& stop) { impl_->Run(stop); }

}  // namespace beacon::server
