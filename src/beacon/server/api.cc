#include "beacon/server/api.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>

#include "beacon/server/api_json.h"
#include "beacon/server/api_routes.h"
#include "beacon/store/event_codec.h"
#include "beacon/store/state_codec.h"

namespace beacon::server {

using nlohmann::json;

struct Api::Route {
  std::string method;
  std::vector<std::string> segments;  // "{}" matches one id segment
  RoleSet roles = 0;                  // 0: no session needed
  bool audited = true;
  std::function<Result<HttpResponse>(Ctx&, JsonBody&)> handler;
};

Api::Api(const model::CityModel& model, store::Store& store, const Clock& clock, Options options)
    : model_(model),
      store_(store),
      clock_(clock),
      options_(options),
      sessions_(clock, options.idle_limit) {}

Api::~Api() = default;

Result<std::unique_ptr<Api>> Api::Create(const model::CityModel& model, store::Store& store,
                                         const Clock& clock, Options options) {
  std::unique_ptr<Api> api(new Api(model, store, clock, options));
  // Move-up suggestions after each assignment and clearance (DMEXCLP on the model's coverage
  // model); a model without demand points or posts runs without them and says why.
  center::DispatchCenter::Options copts;
  copts.coverage.move_up = true;
  auto c = center::DispatchCenter::Create(model, model.Roster(), clock,
                                          std::make_unique<model::RoadTravelTimes>(model), copts);
  if (!c.ok()) {
    api->coverage_off_ = std::string(c.status().message());
    c = center::DispatchCenter::Create(model, model.Roster(), clock,
                                       std::make_unique<model::RoadTravelTimes>(model));
  }
  BEACON_RETURN_IF_ERROR(c.status());
  api->center_.emplace(std::move(c).value());
  api->routes_ = std::make_unique<model::RoadTravelTimes>(model);
  api->geocoder_.emplace(
      model::Geocoder::Build(model.graph(), model::LandmarksOf(model), model.data().addresses,
                             [&model](const LatLon& p) { return model.AreaName(p); }));
  BEACON_RETURN_IF_ERROR(api->Restore());
  api->InstallRoutes();
  return api;
}

Status Api::Restore() {
  // The latest snapshot, then the events after it, page by page.
  std::uint64_t after = 0;
  BEACON_ASSIGN_OR_RETURN(std::optional<store::Snapshot> snap, store_.LatestSnapshot());
  if (snap) {
    const json j = json::parse(snap->state, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object() || !j.contains("state") || !j.contains("manual_out")) {
      return DataLossError(fmt::format("snapshot after event {} is not readable", snap->seq));
    }
    BEACON_ASSIGN_OR_RETURN(cad::CadState::Live live, store::LiveFromJson(j["state"]));
    if (live.last_seq != snap->seq) {
      return DataLossError(fmt::format("snapshot after event {} holds the state after event {}",
                                       snap->seq, live.last_seq));
    }
    std::vector<UnitId> manual;
    for (const json& u : j["manual_out"]) {
      if (!u.is_number_unsigned()) return DataLossError("snapshot: manual_out holds unit ids");
      manual.push_back(UnitId{u.get<std::uint32_t>()});
    }
    BEACON_RETURN_IF_ERROR(center_->RestoreSnapshot(std::move(live), manual));
    after = snap->seq;
    snapshot_seq_ = snap->seq;
    restored_snapshot_seq_ = snap->seq;
  }
  while (true) {
    std::vector<cad::Event> page;
    BEACON_RETURN_IF_ERROR(store_.ReadEvents(after, 10000, page));
    if (page.empty()) break;
    BEACON_RETURN_IF_ERROR(center_->Restore(page));
    restored_tail_ += page.size();
    after = page.back().seq;
  }
  BEACON_ASSIGN_OR_RETURN(std::vector<store::PatientRecordRow> rows, store_.PatientRecords());
  for (store::PatientRecordRow& row : rows) records_[row.number] = std::move(row);
  BEACON_ASSIGN_OR_RETURN(std::vector<store::PositionRecord> fixes, store_.LatestPositions());
  for (const store::PositionRecord& p : fixes) {
    if (center_->state().FindUnit(p.unit) == nullptr) continue;  // not in this model's fleet
    BEACON_RETURN_IF_ERROR(center_->RestorePosition(p.unit, {p.position, p.time}));
  }
  return OkStatus();
}

void Api::TakeEvents(std::size_t before, store::WriteBatch& batch) {
  const std::vector<cad::Event>& log = center_->log();
  for (std::size_t i = before; i < log.size(); ++i) batch.events.push_back(log[i]);
  // A snapshot rides in the same transaction as the event it follows.
  if (!batch.events.empty() && options_.snapshot_every > 0 &&
      last_seq() - snapshot_seq_ >= options_.snapshot_every) {
    json manual = json::array();
    for (UnitId u : center_->ManualOut()) manual.push_back(u.value());
    batch.snapshot =
        store::Snapshot{last_seq(), json{{"state", store::LiveToJson(center_->state().TakeLive())},
                                         {"manual_out", std::move(manual)}}
                                        .dump()};
    snapshot_seq_ = last_seq();
  }
}

ApiResult Api::Tick() {
  ApiResult r;
  const std::size_t before = center_->log().size();
  (void)center_->ApplyShifts();
  TakeEvents(before, r.batch);
  return r;
}

ApiResult Api::Handle(const HttpRequest& request) {
  ++counters_.requests;
  ApiResult r = Dispatch(request);
  if (r.response.status >= 500) {
    ++counters_.errors_5xx;
  } else if (r.response.status >= 400) {
    ++counters_.errors_4xx;
  }
  r.response.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

ApiResult Api::Dispatch(const HttpRequest& request) {
  ApiResult out;
  const std::string_view path = request.path();
  // Find the route: first by path, then by method (405 names the allowed ones).
  std::vector<std::string_view> segments;
  for (std::size_t start = 1; start <= path.size();) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  const Route* route = nullptr;
  std::vector<std::string> params;
  std::vector<std::string> allowed;
  for (const Route& r : table_) {
    if (r.segments.size() != segments.size()) continue;
    std::vector<std::string> p;
    bool match = true;
    for (std::size_t i = 0; i < segments.size() && match; ++i) {
      if (r.segments[i] == "{}") {
        p.emplace_back(segments[i]);
      } else {
        match = r.segments[i] == segments[i];
      }
    }
    if (!match) continue;
    if (r.method != request.method) {
      allowed.push_back(r.method);
      continue;
    }
    route = &r;
    params = std::move(p);
    break;
  }
  if (route == nullptr) {
    if (!allowed.empty()) {
      out.response = ErrorResponse(
          InvalidArgumentError(fmt::format("{} is not allowed on {} (allowed: {})", request.method,
                                           path, fmt::join(allowed, ", "))));
      out.response.status = 405;
      out.response.headers.emplace_back("Allow", fmt::format("{}", fmt::join(allowed, ", ")));
    } else {
      out.response = ErrorResponse(NotFoundError(fmt::format("no such route: {}", path)));
    }
    return out;
  }
  if (request.body.size() > options_.max_body_bytes) {
    out.response = ErrorResponse(
        ResourceExhaustedError(fmt::format("the request body has {} bytes; the limit is {}",
                                           request.body.size(), options_.max_body_bytes)));
    return out;
  }

  Ctx ctx{request, Session{}, std::move(params), out.batch, "", std::string(path)};
  if (route->roles != 0) {
    std::string_view auth = request.header("authorization");
    if (auth.substr(0, 7) != "Bearer " || auth.size() <= 7) {
      out.response = ErrorResponse(
          UnauthenticatedError("this route needs a session: send 'Authorization: Bearer TOKEN' "
                               "(POST /api/v1/login gives one)"));
      out.response.headers.emplace_back("WWW-Authenticate", "Bearer");
      return out;
    }
    Result<Session> s = sessions_.Check(auth.substr(7));
    if (!s.ok()) {
      out.response = ErrorResponse(s.status());
      out.response.headers.emplace_back("WWW-Authenticate", "Bearer");
      return out;
    }
    ctx.session = *s;
    ctx.actor = fmt::format("{}:{}", RoleName(s->role), s->user);
    if ((route->roles & Bit(s->role)) == 0) {
      out.response = ErrorResponse(PermissionDeniedError(
          fmt::format("role {} may not {} {}", RoleName(s->role), request.method, path)));
      out.batch.audit.push_back(
          {0, clock_.Now(), ctx.actor, "denied", std::string(path), request.method});
      return out;
    }
  }

  // Idempotency-Key: a retried POST gets the first answer and changes nothing.
  std::string idem_key;
  std::string fingerprint;
  if (request.method == "POST" && !request.header("idempotency-key").empty()) {
    const std::string_view key = request.header("idempotency-key");
    if (key.size() > 200) {
      out.response = ErrorResponse(InvalidArgumentError("Idempotency-Key is longer than 200 bytes"),
                                   "Idempotency-Key");
      return out;
    }
    idem_key = fmt::format("{}:{}", ctx.session.user, key);
    fingerprint = DigestHex(fmt::format("{} {}\n{}", request.method, request.target, request.body));
    std::optional<Remembered> seen;
    if (auto it = idempotent_.find(idem_key); it != idempotent_.end()) {
      seen = it->second;
    } else if (auto stored = store_.FindIdempotency(idem_key); stored.ok() && stored->has_value()) {
      seen = Remembered{(*stored)->request_hash, (*stored)->http_status, (*stored)->body};
    }
    if (seen) {
      if (seen->fingerprint != fingerprint) {
        out.response = ErrorResponse(
            FailedPreconditionError("this Idempotency-Key was used for a different request"),
            "Idempotency-Key");
        return out;
      }
      ++counters_.idempotent_replays;
      out.response.status = seen->status;
      out.response.body = seen->body;
      out.response.headers.emplace_back("Idempotent-Replayed", "true");
      // The replayed answer may hold patient data: it is an access like any other.
      if (route->audited) {
        out.batch.audit.push_back(
            {0, clock_.Now(), ctx.actor, "read", std::string(path),
             fmt::format("{} {} -> {} (replayed)", request.method, request.target, seen->status)});
      }
      return out;  // answered once the first one is durable
    }
  }

  Result<JsonBody> body = JsonBody::Parse(request.method == "GET" ? "" : request.body);
  const std::size_t before = center_->log().size();
  if (!body.ok()) {
    out.response = ErrorResponse(body.status());
  } else {
    Result<HttpResponse> r = route->handler(ctx, *body);
    out.response = r.ok() ? std::move(r).value() : ErrorResponse(r.status(), body->error_field());
  }
  TakeEvents(before, out.batch);  // whatever the center did is logged, whatever the answer
  if (!out.batch.events.empty()) {
    // Where the log is after this request: a console that has applied this sequence number
    // has seen the change.
    out.response.headers.emplace_back("Beacon-Seq", std::to_string(out.batch.events.back().seq));
  }

  if (route->roles != 0 && route->audited) {
    out.batch.audit.push_back(
        {0, clock_.Now(), ctx.actor, request.method == "GET" ? "read" : "write", ctx.target,
         fmt::format("{} {} -> {}", request.method, request.target, out.response.status)});
  }
  if (!idem_key.empty() && out.response.status < 500) {
    out.batch.idempotency.push_back(
        {idem_key, fingerprint, out.response.status, out.response.body, clock_.Now()});
    idempotent_[idem_key] = Remembered{fingerprint, out.response.status, out.response.body};
    idempotent_order_.push_back(idem_key);
    if (idempotent_order_.size() > options_.idempotency_memory) {
      idempotent_.erase(idempotent_order_.front());
      idempotent_order_.pop_front();
    }
  }
  return out;
}

std::vector<Api::RouteInfo> Api::Routes() const {
  std::vector<RouteInfo> out;
  for (const Route& r : table_) {
    RouteInfo i;
    i.method = r.method;
    for (const std::string& seg : r.segments) i.pattern += "/" + seg;
    for (int k = 0; k < kRoleCount; ++k) {
      if ((r.roles & Bit(static_cast<Role>(k))) != 0) i.roles.push_back(static_cast<Role>(k));
    }
    out.push_back(std::move(i));
  }
  return out;
}

void Api::InstallRoutes() {
  auto add = [this](std::string method, std::string pattern, RoleSet roles,
                    std::function<Result<HttpResponse>(Ctx&, JsonBody&)> handler,
                    bool audited = true) {
    Route r;
    r.method = std::move(method);
    for (std::size_t start = 1; start <= pattern.size();) {
      std::size_t end = pattern.find('/', start);
      if (end == std::string::npos) end = pattern.size();
      r.segments.push_back(pattern.substr(start, end - start));
      start = end + 1;
    }
    r.roles = roles;
    r.audited = audited;
    r.handler = std::move(handler);
    table_.push_back(std::move(r));
  };
  center::DispatchCenter& c = *center_;
  const cad::CadState& state = c.state();

  auto incident_of = [&state](Ctx& ctx, std::size_t i) -> Result<const cad::Incident*> {
    BEACON_ASSIGN_OR_RETURN(std::uint64_t id, ParseId(ctx.params[i], "incident"));
    const cad::Incident* inc = state.FindIncident(IncidentId{id});
    if (inc == nullptr) return NotFoundError(fmt::format("incident {} does not exist", id));
    ctx.target = fmt::format("incident {}", id);
    return inc;
  };
  auto unit_of = [&state](Ctx& ctx, std::size_t i) -> Result<const cad::Unit*> {
    BEACON_ASSIGN_OR_RETURN(std::uint64_t id, ParseId(ctx.params[i], "unit"));
    const cad::Unit* u = id > std::numeric_limits<std::uint32_t>::max()
                             ? nullptr
                             : state.FindUnit(UnitId{static_cast<std::uint32_t>(id)});
    if (u == nullptr) return NotFoundError(fmt::format("unit {} does not exist", id));
    ctx.target = fmt::format("unit {}", u->name);
    return u;
  };

  // A versioned write: find the thing, read the body (`parse` returns the action to run), refuse
  // unknown fields, answer 409 when the version is stale, run the action, answer the new state.
  using Action = std::function<Status()>;
  auto incident_write = [&, incident_of](
                            const std::string& pattern, RoleSet roles,
                            std::function<Result<Action>(Ctx&, JsonBody&, IncidentId)> parse) {
    add("POST", pattern, roles,
        [&, incident_of, parse](Ctx& ctx, JsonBody& body) -> Result<HttpResponse> {
          BEACON_ASSIGN_OR_RETURN(const cad::Incident* inc, incident_of(ctx, 0));
          BEACON_ASSIGN_OR_RETURN(
              auto stale, CheckVersion(body, inc->version, fmt::format("incident {}", inc->id),
                                       [&] { return IncidentJson(state, *inc); }));
          const IncidentId id = inc->id;
          BEACON_ASSIGN_OR_RETURN(Action action, parse(ctx, body, id));
          BEACON_RETURN_IF_ERROR(body.NoOthers());
          if (stale) return std::move(*stale);
          BEACON_RETURN_IF_ERROR(action());
          return Json(200, IncidentJson(state, *state.FindIncident(id)));
        });
  };
  auto unit_write = [&, unit_of](
                        const std::string& pattern, RoleSet roles,
                        std::function<Result<Action>(Ctx&, JsonBody&, const cad::Unit&)> parse) {
    add("POST", pattern, roles,
        [&, unit_of, parse](Ctx& ctx, JsonBody& body) -> Result<HttpResponse> {
          BEACON_ASSIGN_OR_RETURN(const cad::Unit* u, unit_of(ctx, 0));
          BEACON_ASSIGN_OR_RETURN(auto stale,
                                  CheckVersion(body, u->version, fmt::format("unit {}", u->name),
                                               [&] { return UnitJson(state, *u); }));
          const UnitId id = u->id;
          BEACON_ASSIGN_OR_RETURN(Action action, parse(ctx, body, *u));
          BEACON_RETURN_IF_ERROR(body.NoOthers());
          if (stale) return std::move(*stale);
          BEACON_RETURN_IF_ERROR(action());
          return Json(200, UnitJson(state, *state.FindUnit(id)));
        });
  };

  const AddRoute forward = [&add](std::string method, std::string pattern, std::uint32_t roles,
                                  Handler handler, bool audited) {
    add(std::move(method), std::move(pattern), roles, std::move(handler), audited);
  };
  InstallRecordRoutes(forward);
  InstallMciRoutes(forward);

  // --- Health and metrics (no session) ---
  add("GET", "/healthz", 0, [](Ctx&, JsonBody&) -> Result<HttpResponse> {
    return Json(200, {{"status", "ok"}});
  });
  add("GET", "/readyz", 0, [this](Ctx&, JsonBody&) -> Result<HttpResponse> {
    return Json(200, {{"status", "ready"}, {"last_seq", last_seq()}});
  });
  add("GET", "/metrics", 0, [this](Ctx&, JsonBody&) -> Result<HttpResponse> {
    HttpResponse r;
    r.content_type = "text/plain; version=0.0.4";
    r.body = fmt::format(
        "# HELP beacon_http_requests_total API requests handled.\n"
        "# TYPE beacon_http_requests_total counter\n"
        "beacon_http_requests_total {}\n"
        "# TYPE beacon_http_errors_total counter\n"
        "beacon_http_errors_total{{class=\"4xx\"}} {}\n"
        "beacon_http_errors_total{{class=\"5xx\"}} {}\n"
        "# TYPE beacon_positions_total counter\nbeacon_positions_total {}\n"
        "# TYPE beacon_idempotent_replays_total counter\nbeacon_idempotent_replays_total {}\n"
        "# TYPE beacon_events_last_seq gauge\nbeacon_events_last_seq {}\n"
        "# TYPE beacon_sessions gauge\nbeacon_sessions {}\n",
        counters_.requests, counters_.errors_4xx, counters_.errors_5xx, counters_.positions,
        counters_.idempotent_replays, last_seq(), sessions_.size());
    return r;
  });

  // --- Sessions ---
  add("POST", "/api/v1/login", 0, [this](Ctx& ctx, JsonBody& body) -> Result<HttpResponse> {
    BEACON_ASSIGN_OR_RETURN(std::string user, body.String("user", 64));
    BEACON_ASSIGN_OR_RETURN(std::string password, body.String("password", 256));
    BEACON_RETURN_IF_ERROR(body.NoOthers());
    auto found = store_.FindUser(user);
    BEACON_RETURN_IF_ERROR(found.status());
    const bool ok = found->has_value() && !(*found)->disabled &&
                    VerifyPassword((*found)->password_hash, password);
    const std::string who = fmt::format("user:{}", user);
    if (!ok) {
      ctx.batch.audit.push_back(
          {0, clock_.Now(), who, "login_failed", "session", fmt::format("from {}", ctx.req.peer)});
      return UnauthenticatedError("unknown user, wrong password or disabled account");
    }
    BEACON_ASSIGN_OR_RETURN(Role role, ParseRole((*found)->role));
    // A crew user is bound to the unit they staff (`beacon user add --unit`): it decides whose
    // patient records they read and write. A unit the model does not have binds nothing.
    std::optional<UnitId> unit;
    const std::string& unit_name = (*found)->unit;
    if (role == Role::kCrew && !unit_name.empty()) {
      for (const cad::Unit& u : center_->state().units()) {
        if (u.name == unit_name) unit = u.id;
      }
    }
    const std::string token = sessions_.Open(user, role, unit);
    ctx.batch.audit.push_back({0, clock_.Now(), fmt::format("{}:{}", RoleName(role), user), "login",
                               "session",
                               unit ? fmt::format("from {}, unit {}", ctx.req.peer, unit_name)
                                    : fmt::format("from {}", ctx.req.peer)});
    return Json(200, {{"token", token},
                      {"user", user},
                      {"role", std::string(RoleName(role))},
                      {"unit", unit ? json(unit_name) : json(nullptr)},
                      {"idle_timeout_s",
                       std::chrono::duration_cast<Seconds>(sessions_.idle_limit()).count()}});
  });
  add("POST", "/api/v1/logout", kAnyone, [this](Ctx& ctx, JsonBody&) -> Result<HttpResponse> {
    sessions_.Close(ctx.req.header("authorization").substr(7));
    return Json(200, {{"status", "logged out"}});
  });
  add(
      "GET", "/api/v1/me", kAnyone,
      [](Ctx& ctx, JsonBody&) -> Result<HttpResponse> {
        return Json(
            200, {{"user", ctx.session.user}, {"role", std::string(RoleName(ctx.session.role))}});
      },
      /*audited=*/false);

  // --- Units and positions ---
  add("GET", "/api/v1/units", kAnyone, [&state, this](Ctx&, JsonBody&) -> Result<HttpResponse> {
    json units = json::array();
    for (const cad::Unit& u : state.units()) units.push_back(UnitJson(state, u));
    return Json(200, {{"units", std::move(units)},
                      {"last_seq", state.last_seq()},
                      {"now", FormatUtc(clock_.Now())}});
  });
  add("GET", "/api/v1/units/{}", kAnyone,
      [&, unit_of](Ctx& ctx, JsonBody&) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(const cad::Unit* u, unit_of(ctx, 0));
        return Json(200, UnitJson(state, *u));
      });
  add("GET", "/api/v1/units/{}/route", kAnyone,
      [&, unit_of](Ctx& ctx, JsonBody&) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(const cad::Unit* u, unit_of(ctx, 0));
        const cad::Assignment* a = state.ActiveAssignment(u->id);
        const std::optional<cad::PositionFix> fix = state.Position(u->id);
        // With no fix yet the unit is where the recommendation placed it: at its station.
        const cad::Station* home = state.FindStation(u->home_station);
        if (a == nullptr || (!fix && home == nullptr)) {
          return Json(200, {{"unit", u->id.value()}, {"route", nullptr}});
        }
        const LatLon from = fix ? fix->position : home->location;
        LatLon to = state.FindIncident(a->incident)->location;
        std::string toward = "incident";
        if (a->destination && a->state == cad::AssignmentState::kTransporting) {
          to = state.FindHospital(*a->destination)->location;
          toward = "hospital";
        }
        BEACON_ASSIGN_OR_RETURN(std::optional<routing::Route> route, routes_->Route(from, to));
        if (!route) return Json(200, {{"unit", u->id.value()}, {"route", nullptr}});
        json line = json::array();
        for (const LatLon& p : route->polyline) line.push_back(json::array({p.lat, p.lon}));
        return Json(200, {{"unit", u->id.value()},
                          {"toward", toward},
                          {"from", fix ? "position" : "station"},
                          {"route",
                           {{"time_s", std::chrono::duration_cast<Seconds>(route->time).count()},
                            {"length_m", static_cast<double>(route->length_cm) / 100.0},
                            {"polyline", std::move(line)}}}});
      });
  unit_write("/api/v1/units/{}/status", kCrews,
             [&](Ctx& ctx, JsonBody& body, const cad::Unit& u) -> Result<Action> {
               BEACON_ASSIGN_OR_RETURN(std::string name, body.String("state", 40));
               auto s = store::ParseAssignmentState(name);
               if (!s.ok()) return body.Invalid("state", s.status().message());
               BEACON_ASSIGN_OR_RETURN(
                   std::optional<std::int64_t> dest,
                   body.MaybeInteger("destination", 1, std::numeric_limits<std::uint32_t>::max()));
               std::optional<HospitalId> destination;
               if (dest) destination = HospitalId{static_cast<std::uint32_t>(*dest)};
               const UnitId id = u.id;
               const std::string name_of_unit = u.name;
               return Action([&, id, name_of_unit, state_to = *s, destination, actor = ctx.actor] {
                 const cad::Assignment* a = state.ActiveAssignment(id);
                 if (a == nullptr) {
                   return FailedPreconditionError(
                       fmt::format("{} has no active assignment", name_of_unit));
                 }
                 return c.Progress(id, a->incident, state_to, destination, actor);
               });
             });
  unit_write("/api/v1/units/{}/availability", kCrews,
             [&](Ctx& ctx, JsonBody& body, const cad::Unit& u) -> Result<Action> {
               BEACON_ASSIGN_OR_RETURN(std::string name, body.String("availability", 40));
               BEACON_ASSIGN_OR_RETURN(std::optional<std::string> reason,
                                       body.MaybeString("reason", 200));
               auto a = store::ParseAvailability(name);
               if (!a.ok()) return body.Invalid("availability", a.status().message());
               if (*a == cad::Availability::kBusy) {
                 return body.Invalid("availability", "BUSY comes from an assignment, not by hand");
               }
               return Action([&, id = u.id, to = *a, why = reason.value_or(""), actor = ctx.actor] {
                 return c.SetAvailability(id, to, actor, why);
               });
             });
  unit_write(
      "/api/v1/units/{}/move-up", kDispatchers,
      [&](Ctx& ctx, JsonBody& body, const cad::Unit& u) -> Result<Action> {
        BEACON_ASSIGN_OR_RETURN(std::int64_t post,
                                body.Integer("post", 1, std::numeric_limits<std::uint32_t>::max()));
        BEACON_ASSIGN_OR_RETURN(std::string decision, body.String("decision", 20));
        if (decision != "accept" && decision != "dismiss") {
          return body.Invalid("decision", "must be accept or dismiss");
        }
        const StationId station{static_cast<std::uint32_t>(post)};
        return Action([&, id = u.id, station, accept = decision == "accept", actor = ctx.actor] {
          return accept ? c.AcceptMoveUp(id, station, actor) : c.DismissMoveUp(id, station);
        });
      });
  auto position_of = [&state](JsonBody& b,
                              std::optional<UnitId> unit) -> Result<store::PositionRecord> {
    store::PositionRecord p;
    if (!unit) {
      BEACON_ASSIGN_OR_RETURN(std::int64_t id,
                              b.Integer("unit", 1, std::numeric_limits<std::uint32_t>::max()));
      unit = UnitId{static_cast<std::uint32_t>(id)};
      if (state.FindUnit(*unit) == nullptr) {
        return NotFoundError(fmt::format("field 'unit': unit {} does not exist", id));
      }
    }
    p.unit = *unit;
    BEACON_ASSIGN_OR_RETURN(p.position.lat, b.Number("lat", -90, 90));
    BEACON_ASSIGN_OR_RETURN(p.position.lon, b.Number("lon", -180, 180));
    BEACON_RETURN_IF_ERROR(b.NoOthers());
    return p;
  };
  auto apply_positions = [this, &c](Ctx& ctx, std::vector<store::PositionRecord> fixes) -> Status {
    for (store::PositionRecord& p : fixes) {
      p.time = clock_.Now();
      BEACON_RETURN_IF_ERROR(c.UpdatePosition(p.unit, p.position));
      ctx.batch.positions.push_back(p);
      ++counters_.positions;
    }
    return OkStatus();
  };
  add(
      "POST", "/api/v1/units/{}/position", kTrackers,
      [&, unit_of, position_of, apply_positions](Ctx& ctx, JsonBody& body) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(const cad::Unit* u, unit_of(ctx, 0));
        BEACON_ASSIGN_OR_RETURN(store::PositionRecord p, position_of(body, u->id));
        BEACON_RETURN_IF_ERROR(apply_positions(ctx, {p}));
        return Json(200, {{"accepted", 1}});
      },
      /*audited=*/false);
  add(
      "POST", "/api/v1/positions", kTrackers,
      [this, position_of, apply_positions](Ctx& ctx, JsonBody& body) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(std::vector<JsonBody> items,
                                body.Objects("positions", options_.max_positions_per_request));
        BEACON_RETURN_IF_ERROR(body.NoOthers());
        std::vector<store::PositionRecord> fixes;
        for (std::size_t i = 0; i < items.size(); ++i) {
          auto p = position_of(items[i], std::nullopt);
          if (!p.ok()) {
            return p.status().WithContext(fmt::format("positions[{}]", i));
          }
          fixes.push_back(*p);
        }
        const std::size_t n = fixes.size();
        BEACON_RETURN_IF_ERROR(apply_positions(ctx, std::move(fixes)));
        return Json(200, {{"accepted", n}});
      },
      /*audited=*/false);

  // --- What a console needs: address search and the street layer ---
  add("GET", "/api/v1/geocode", kClinical | kCallTakers,
      [this](Ctx& ctx, JsonBody&) -> Result<HttpResponse> {
        const std::string q = ctx.req.query("q").value_or("");
        if (q.size() > 200) return InvalidArgumentError("q: at most 200 characters");
        std::uint64_t limit = 10;
        if (auto l = ctx.req.query("limit")) {
          BEACON_ASSIGN_OR_RETURN(limit, ParseId(*l, "limit"));
          limit = std::min<std::uint64_t>(limit, 50);
        }
        json out = json::array();
        for (const model::GeocodeMatch& m : geocoder_->Search(q, limit)) {
          out.push_back({{"kind", std::string(model::GeocodeKindName(m.kind))},
                         {"label", m.label},
                         {"lat", m.location.lat},
                         {"lon", m.location.lon},
                         {"detail", m.detail}});
        }
        ctx.target = "geocode";
        return Json(200, {{"query", q}, {"matches", std::move(out)}});
      });
  add(
      "GET", "/api/v1/map/streets", kAnyone,
      [this](Ctx&, JsonBody&) -> Result<HttpResponse> {
        if (street_layer_.empty()) {
          // Each street segment once (one direction of a two-way street), coordinates rounded
          // to about 1 m; names by index to keep the layer small.
          const routing::Graph& g = model_.graph();
          std::map<std::string, int, std::less<>> name_index;
          json names = json::array();
          json segments = json::array();
          for (std::uint32_t a = 0; a < g.num_arcs(); ++a) {
            const ArcId arc{a};
            const ArcId twin = g.Twin(arc);
            if (twin.value() < g.num_arcs() && twin.value() < a) continue;
            const std::string_view name = g.Name(arc);
            auto [it, inserted] =
                name_index.try_emplace(std::string(name), static_cast<int>(names.size()));
            if (inserted) names.push_back(name);
            json line = json::array();
            for (const LatLon& p : g.ArcGeometry(arc)) {
              line.push_back(std::round(p.lat * 1e5) / 1e5);
              line.push_back(std::round(p.lon * 1e5) / 1e5);
            }
            segments.push_back({it->second, static_cast<int>(g.Class(arc)), std::move(line)});
          }
          const geo::BoundingBox& b = g.bounds();
          street_layer_ =
              json{{"names", std::move(names)},
                   {"segments", std::move(segments)},
                   {"bounds", {b.min_lat, b.min_lon, b.max_lat, b.max_lon}},
                   {"format", "segments: [name index, road class, [lat, lon, lat, lon, ...]]"}}
                  .dump();
        }
        HttpResponse r;
        r.body = street_layer_;
        return r;
      },
      /*audited=*/false);

  add("GET", "/api/v1/coverage", kAnyone, [this](Ctx&, JsonBody&) -> Result<HttpResponse> {
    if (center_->Coverage() == nullptr) {
      return Json(200, {{"enabled", false}, {"reason", coverage_off_}});
    }
    BEACON_ASSIGN_OR_RETURN(const dispatch::CoverageState idle, center_->IdleCoverage());
    const double share = idle.TotalWeight() > 0 ? idle.Expected() / idle.TotalWeight() : 0.0;
    // Coverage gaps: demand no idle unit reaches within the target, heaviest first.
    json gaps = json::array();
    const auto& demand = center_->Coverage()->Demand();
    for (std::uint32_t i : idle.Uncovered()) {
      const dispatch::DemandPoint& d = demand[i];
      gaps.push_back({{"lat", d.location.lat},
                      {"lon", d.location.lon},
                      {"weight", d.weight},
                      {"area", d.area},
                      {"name", d.name}});
    }
    json moves = json::array();
    for (const center::MoveUpRecord& m : center_->LastMoveUps()) {
      moves.push_back({{"unit", m.move.unit.value()},
                       {"unit_name", m.move.unit_name},
                       {"post", m.post.value()},
                       {"post_name", m.move.post_name},
                       {"gain_share", m.move.expected_before > 0
                                          ? (m.move.expected_after - m.move.expected_before) /
                                                m.move.expected_before
                                          : 0.0},
                       {"reason", m.move.reason},
                       {"trigger", m.trigger},
                       {"made", FormatUtc(m.made)}});
    }
    return Json(200, {{"enabled", true},
                      {"expected_coverage_share", share},
                      {"covered_share",
                       idle.TotalWeight() > 0 ? idle.CoveredWeight() / idle.TotalWeight() : 0.0},
                      {"gaps", std::move(gaps)},
                      {"move_up_suggestions", std::move(moves)}});
  });

  // --- Hospitals ---
  add("GET", "/api/v1/hospitals", kAnyone, [&state](Ctx&, JsonBody&) -> Result<HttpResponse> {
    json out = json::array();
    for (const cad::Hospital& h : state.hospitals()) out.push_back(HospitalJson(h));
    return Json(200, {{"hospitals", std::move(out)}});
  });
  add("POST", "/api/v1/hospitals/{}/status", kSupervisors,
      [&](Ctx& ctx, JsonBody& body) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(std::uint64_t id, ParseId(ctx.params[0], "hospital"));
        const cad::Hospital* h =
            id > std::numeric_limits<std::uint32_t>::max()
                ? nullptr
                : state.FindHospital(HospitalId{static_cast<std::uint32_t>(id)});
        if (h == nullptr) return NotFoundError(fmt::format("hospital {} does not exist", id));
        ctx.target = fmt::format("hospital {}", h->code);
        BEACON_ASSIGN_OR_RETURN(auto stale,
                                CheckVersion(body, h->version, fmt::format("hospital {}", h->code),
                                             [&] { return HospitalJson(*h); }));
        BEACON_ASSIGN_OR_RETURN(std::string name, body.String("status", 40));
        BEACON_RETURN_IF_ERROR(body.NoOthers());
        auto s = store::ParseHospitalStatus(name);
        if (!s.ok()) return body.Invalid("status", s.status().message());
        if (stale) return std::move(*stale);
        const HospitalId hid = h->id;
        BEACON_RETURN_IF_ERROR(c.SetHospitalStatus(hid, *s, ctx.actor));
        return Json(200, HospitalJson(*state.FindHospital(hid)));
      });

  // --- Calls and incidents ---
  add("POST", "/api/v1/calls", kCallTakers, [&](Ctx& ctx, JsonBody& body) -> Result<HttpResponse> {
    BEACON_ASSIGN_OR_RETURN(double lat, body.Number("lat", -90, 90));
    BEACON_ASSIGN_OR_RETURN(double lon, body.Number("lon", -180, 180));
    BEACON_ASSIGN_OR_RETURN(std::optional<std::string> address, body.MaybeString("address", 300));
    BEACON_RETURN_IF_ERROR(body.NoOthers());
    BEACON_ASSIGN_OR_RETURN(
        IncidentId inc,
        c.ReceiveCall(center::CallInput::At({lat, lon}, address.value_or("")), ctx.actor));
    ctx.target = fmt::format("incident {}", inc);
    return Json(201, IncidentJson(state, *state.FindIncident(inc)));
  });
  add("GET", "/api/v1/incidents", kAnyone, [&state](Ctx& ctx, JsonBody&) -> Result<HttpResponse> {
    const bool all = ctx.req.query("closed").value_or("") == "true";
    std::vector<const cad::Incident*> list;
    for (const auto& [id, inc] : state.incidents()) {
      if (all || !inc.closed) list.push_back(&inc);
    }
    std::sort(list.begin(), list.end(),
              [](const cad::Incident* a, const cad::Incident* b) { return a->id < b->id; });
    json out = json::array();
    for (const cad::Incident* inc : list) out.push_back(IncidentJson(state, *inc));
    return Json(200, {{"incidents", std::move(out)}, {"last_seq", state.last_seq()}});
  });
  add("GET", "/api/v1/incidents/{}", kAnyone,
      [&, incident_of](Ctx& ctx, JsonBody&) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(const cad::Incident* inc, incident_of(ctx, 0));
        json j = IncidentJson(state, *inc);
        if (const center::RecommendationRecord* r = c.LastRecommendation(inc->id)) {
          j["recommendation"] = RecommendationJson(state, *r);
        }
        return Json(200, j);
      });
  add("POST", "/api/v1/incidents/{}/triage", kCallTakers,
      [&, incident_of](Ctx& ctx, JsonBody& body) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(const cad::Incident* inc, incident_of(ctx, 0));
        BEACON_ASSIGN_OR_RETURN(
            auto stale, CheckVersion(body, inc->version, fmt::format("incident {}", inc->id),
                                     [&] { return IncidentJson(state, *inc); }));
        BEACON_ASSIGN_OR_RETURN(std::string complaint, body.String("complaint", 80));
        BEACON_ASSIGN_OR_RETURN(auto answers, body.StringMap("answers"));
        BEACON_ASSIGN_OR_RETURN(bool force, body.MaybeBool("force", false));
        BEACON_RETURN_IF_ERROR(body.NoOthers());
        if (stale) return std::move(*stale);
        const IncidentId id = inc->id;
        BEACON_ASSIGN_OR_RETURN(center::TriageOutcome t,
                                c.Triage(id, complaint, answers, ctx.actor, force));
        json j = TriageJson(t, model_.protocol());
        j["incident"] = IncidentJson(state, *state.FindIncident(id));
        if (const center::RecommendationRecord* r = c.LastRecommendation(id)) {
          j["recommendation"] = RecommendationJson(state, *r);
        }
        return Json(200, j);
      });
  incident_write("/api/v1/incidents/{}/priority", kDispatchers,
                 [&](Ctx& ctx, JsonBody& body, IncidentId id) -> Result<Action> {
                   BEACON_ASSIGN_OR_RETURN(
                       std::int64_t p,
                       body.Integer("priority", cad::kHighestPriority, cad::kLowestPriority));
                   return Action([&, id, p, actor = ctx.actor] {
                     return c.SetPriority(id, static_cast<int>(p), actor);
                   });
                 });
  add("GET", "/api/v1/incidents/{}/recommendation", kAnyone,
      [&, incident_of](Ctx& ctx, JsonBody&) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(const cad::Incident* inc, incident_of(ctx, 0));
        const center::RecommendationRecord* r = c.LastRecommendation(inc->id);
        if (r == nullptr) {
          return NotFoundError(
              fmt::format("incident {} has no recommendation yet; POST to make one", inc->id));
        }
        return Json(200, RecommendationJson(state, *r));
      });
  add("POST", "/api/v1/incidents/{}/recommendation", kCallTakers,
      [&, incident_of](Ctx& ctx, JsonBody& body) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(const cad::Incident* inc, incident_of(ctx, 0));
        BEACON_RETURN_IF_ERROR(body.NoOthers());
        BEACON_ASSIGN_OR_RETURN(center::RecommendationRecord r, c.Recommend(inc->id, ctx.actor));
        return Json(200, RecommendationJson(state, r));
      });
  incident_write("/api/v1/incidents/{}/dispatch", kDispatchers,
                 [&](Ctx& ctx, JsonBody&, IncidentId id) -> Result<Action> {
                   return Action([&, id, actor = ctx.actor] { return c.Dispatch(id, actor); });
                 });
  incident_write(
      "/api/v1/incidents/{}/assign", kDispatchers,
      [&](Ctx& ctx, JsonBody& body, IncidentId id) -> Result<Action> {
        BEACON_ASSIGN_OR_RETURN(std::int64_t unit,
                                body.Integer("unit", 1, std::numeric_limits<std::uint32_t>::max()));
        BEACON_ASSIGN_OR_RETURN(std::optional<std::string> reason, body.MaybeString("reason", 200));
        const UnitId uid{static_cast<std::uint32_t>(unit)};
        if (state.FindUnit(uid) == nullptr) {
          return NotFoundError(fmt::format("field 'unit': unit {} does not exist", unit));
        }
        return Action([&, id, uid, why = reason.value_or(""), actor = ctx.actor] {
          return c.Assign(uid, id, actor, why);
        });
      });
  incident_write("/api/v1/incidents/{}/close", kDispatchers,
                 [&](Ctx& ctx, JsonBody&, IncidentId id) -> Result<Action> {
                   return Action([&, id, actor = ctx.actor] { return c.CloseIncident(id, actor); });
                 });
  add("GET", "/api/v1/incidents/{}/destinations", kClinical,
      [&, incident_of](Ctx& ctx, JsonBody&) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(const cad::Incident* inc, incident_of(ctx, 0));
        dispatch::PatientNeeds n;
        auto flag = [&](const char* name) { return ctx.req.query(name).value_or("") == "true"; };
        if (auto age = ctx.req.query("age")) {
          BEACON_ASSIGN_OR_RETURN(std::uint64_t a, ParseId(*age == "0" ? "1" : *age, "age"));
          n.age_years = *age == "0" ? 0 : static_cast<int>(std::min<std::uint64_t>(a, 1000));
        }
        if (auto fast = ctx.req.query("stroke_fast_ed")) {
          if (fast->size() != 1 || (*fast)[0] < '0' || (*fast)[0] > '9') {
            return InvalidArgumentError("stroke_fast_ed: a FAST-ED score 0-9");
          }
          n.stroke_fast_ed = (*fast)[0] - '0';
        }
        n.cardiac_arrest = flag("cardiac_arrest");
        n.unmanageable_airway = flag("unmanageable_airway");
        n.trauma = flag("trauma");
        n.stemi = flag("stemi");
        n.burn = flag("burn");
        n.obstetric = flag("obstetric");
        n.behavioral = flag("behavioral");
        BEACON_ASSIGN_OR_RETURN(dispatch::DestinationPlan plan, c.Destinations(inc->id, n));
        return Json(200, DestinationsJson(plan));
      });
  add(
      "GET", "/api/v1/alerts", kAnyone,
      [&c, this](Ctx&, JsonBody&) -> Result<HttpResponse> {
        json out = json::array();
        for (const dispatch::Alert& a : c.Alerts()) out.push_back(AlertJson(a));
        return Json(200, {{"alerts", std::move(out)}, {"now", FormatUtc(clock_.Now())}});
      },
      /*audited=*/false);
  add("GET", "/api/v1/waiting", kAnyone, [&c](Ctx&, JsonBody&) -> Result<HttpResponse> {
    json out = json::array();
    for (const dispatch::WaitingCall& w : c.Waiting()) out.push_back(WaitingJson(w));
    return Json(200, {{"waiting", std::move(out)}});
  });
  add(
      "GET", "/api/v1/complaints", kClinical | kCallTakers,
      [this](Ctx&, JsonBody&) -> Result<HttpResponse> {
        json out = json::array();
        for (const triage::Complaint& k : model_.protocol().Complaints()) {
          out.push_back({{"id", k.id}, {"name", k.name}});
        }
        return Json(200, {{"complaints", std::move(out)}});
      },
      /*audited=*/false);

  // --- The event log and the audit log ---
  add("GET", "/api/v1/events", kLogReaders, [this](Ctx& ctx, JsonBody&) -> Result<HttpResponse> {
    std::uint64_t after = 0;
    std::uint64_t limit = 1000;
    if (auto a = ctx.req.query("after"); a && *a != "0") {
      BEACON_ASSIGN_OR_RETURN(after, ParseId(*a, "sequence"));
    }
    if (auto l = ctx.req.query("limit")) {
      BEACON_ASSIGN_OR_RETURN(limit, ParseId(*l, "limit"));
      limit = std::min<std::uint64_t>(limit, 10000);
    }
    std::vector<cad::Event> events;
    BEACON_RETURN_IF_ERROR(store_.ReadEvents(after, limit, events));
    json out = json::array();
    for (const cad::Event& e : events) out.push_back(store::EventToJson(e));
    ctx.target = fmt::format("events after {}", after);
    return Json(200, {{"events", std::move(out)}, {"last_seq", last_seq()}});
  });
  add("GET", "/api/v1/audit", Bit(Role::kAdmin),
      [this](Ctx& ctx, JsonBody&) -> Result<HttpResponse> {
        std::uint64_t after = 0;
        if (auto a = ctx.req.query("after"); a && *a != "0") {
          BEACON_ASSIGN_OR_RETURN(after, ParseId(*a, "audit"));
        }
        std::vector<store::AuditRecord> records;
        BEACON_RETURN_IF_ERROR(store_.ReadAudit(after, 1000, records));
        json out = json::array();
        for (const store::AuditRecord& r : records) {
          out.push_back({{"id", r.id},
                         {"time", FormatUtc(r.time)},
                         {"actor", r.actor},
                         {"action", r.action},
                         {"target", r.target},
                         {"detail", r.detail}});
        }
        return Json(200, {{"audit", std::move(out)}});
      });
}

}  // namespace beacon::server
