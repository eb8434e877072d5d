#include "beacon/server/demo.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <map>
#include <queue>
#include <thread>

#include "beacon/base/rng.h"
#include "beacon/geo/distance.h"
#include "beacon/model/road_travel_times.h"
#include "beacon/sim/demand.h"

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

  void Run(const std::atomic<bool>& stop) {
    for (const char* user : {kCallTaker, kDispatcher, kCrew}) Login(user);
    Adopt();
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
