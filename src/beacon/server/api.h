// Api: the live CAD's HTTP API (/api/v1, docs/api/openapi.yaml) as a plain object: a request in,
// a response and the records to make durable out. It owns the DispatchCenter rebuilt from the
// Store, the sessions, the role checks, the audit records and the Idempotency-Key answers. The
// network layer (net.cc) runs it on one thread, commits each result's batch through the
// GroupCommitter and sends the response only when the batch is durable.
//
//   BEACON_ASSIGN_OR_RETURN(std::unique_ptr<Api> api, Api::Create(model, store, clock, {}));
//   ApiResult r = api->Handle(request);        // r.batch: events, audit, idempotency, ...
//   committer.Submit(std::move(r.batch), [&](const Status& s) { send(r.response); });
//
// Every route checks its roles (401 without a valid session, 403 with the wrong role); every
// request with a session but position reports is written to the audit log with actor, time and
// what; a write to an incident or unit carries the `version` it saw and a stale one gets 409
// with the current state; a POST with an Idempotency-Key is applied once and its answer
// replayed to a retry.
// Thread-safety: not thread-safe; one thread calls Handle and Tick.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "beacon/base/clock.h"
#include "beacon/center/dispatch_center.h"
#include "beacon/model/city_model.h"
#include "beacon/model/geocoder.h"
#include "beacon/model/road_travel_times.h"
#include "beacon/server/auth.h"
#include "beacon/server/http.h"
#include "beacon/store/store.h"

namespace beacon::server {

class JsonBody;

struct ApiResult {
  HttpResponse response;
  store::WriteBatch batch;  // durable before the response is sent; its events go to the feed
};

class Api {
 public:
  struct Options {
    Milliseconds idle_limit{Minutes{15}};  // a session ends after this long without a request
    std::size_t max_body_bytes = 1 << 20;  // larger bodies get 413
    std::size_t max_positions_per_request = 2000;
    std::size_t idempotency_memory = 10000;  // recent keys answered from memory
    std::uint64_t snapshot_every = 5000;     // events between state snapshots (0: none)
    // The agency in patient care records (NEMSIS dAgency.01, .02 and .04, eResponse.02).
    std::string agency_state_id = "MA-BEACON";
    std::string agency_number = "B001";
    std::string agency_state = "25";
    std::string agency_name;
  };

  static Result<std::unique_ptr<Api>> Create(const model::CityModel& model, store::Store& store,
                                             const Clock& clock, Options options);
  static Result<std::unique_ptr<Api>> Create(const model::CityModel& model, store::Store& store,
                                             const Clock& clock) {
    return Create(model, store, clock, Options{});
  }

  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  ApiResult Handle(const HttpRequest& request);
  // Shift changes at the Clock's time (the server calls it every few seconds).
  ApiResult Tick();

  // For the feed: the session of a WebSocket's token (refreshing it).
  Result<Session> Authenticate(std::string_view token) { return sessions_.Check(token); }
  [[nodiscard]] const center::DispatchCenter& center() const { return *center_; }
  [[nodiscard]] std::uint64_t last_seq() const { return center_->state().last_seq(); }
  Sessions& sessions() { return sessions_; }

  // Every route, for the security tests and the OpenAPI check.
  struct RouteInfo {
    std::string method;
    std::string pattern;      // "/api/v1/incidents/{}"
    std::vector<Role> roles;  // empty: no session needed
  };
  [[nodiscard]] std::vector<RouteInfo> Routes() const;

  struct Counters {
    std::uint64_t requests = 0;
    std::uint64_t errors_4xx = 0;
    std::uint64_t errors_5xx = 0;
    std::uint64_t positions = 0;
    std::uint64_t idempotent_replays = 0;
  };
  [[nodiscard]] const Counters& counters() const { return counters_; }

 private:
  struct Route;
  struct Ctx;
  Api(const model::CityModel& model, store::Store& store, const Clock& clock, Options options);
  Status Restore();
  void InstallRoutes();
  using Handler = std::function<Result<HttpResponse>(Ctx&, JsonBody&)>;
  using AddRoute = std::function<void(std::string method, std::string pattern, std::uint32_t roles,
                                      Handler handler, bool audited)>;
  // Patient care records and QA (records_api.cc).
  void InstallRecordRoutes(const AddRoute& add);
  // Mass-casualty incidents (mci_api.cc).
  void InstallMciRoutes(const AddRoute& add);
  ApiResult Dispatch(const HttpRequest& request);
  // Events the center appended since `before`, into the batch (and a snapshot when due).
  void TakeEvents(std::size_t before, store::WriteBatch& batch);

  const model::CityModel& model_;
  store::Store& store_;
  const Clock& clock_;
  Options options_;
  Sessions sessions_;
  std::optional<center::DispatchCenter> center_;
  std::unique_ptr<model::RoadTravelTimes> routes_;  // unit routes for display
  std::optional<model::Geocoder> geocoder_;         // built at start
  std::string street_layer_;                        // the map's streets, encoded on first use
  std::string coverage_off_;                        // why move-up suggestions are off, if so
  std::vector<Route> table_;
  std::map<std::string, store::PatientRecordRow> records_;  // by record number
  struct Remembered {
    std::string fingerprint;
    int status = 0;
    std::string body;
  };
  std::unordered_map<std::string, Remembered> idempotent_;
  std::deque<std::string> idempotent_order_;
  Counters counters_;
  std::uint64_t snapshot_seq_ = 0;  // the last snapshot's event
 public:
  // Restored at start: the snapshot's event and the events replayed after it.
  [[nodiscard]] std::uint64_t restored_snapshot_seq() const { return restored_snapshot_seq_; }
  [[nodiscard]] std::uint64_t restored_tail() const { return restored_tail_; }

 private:
  std::uint64_t restored_snapshot_seq_ = 0;
  std::uint64_t restored_tail_ = 0;
};

}  // namespace beacon::server
