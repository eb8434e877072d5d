// Private to the server module: what the route files of the Api share (role sets, JSON answers).
// Thread-safety: constants and pure functions.
#pragma once

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "beacon/server/api.h"
#include "beacon/server/api_json.h"
#include "beacon/server/auth.h"
#include "beacon/server/http.h"

namespace beacon::server {

using RoleSet = std::uint32_t;
constexpr RoleSet Bit(Role r) { return RoleSet{1} << static_cast<unsigned>(r); }
constexpr RoleSet kAnyone = (RoleSet{1} << kRoleCount) - 1;
constexpr RoleSet kCallTakers =
    Bit(Role::kCallTaker) | Bit(Role::kDispatcher) | Bit(Role::kSupervisor);
constexpr RoleSet kDispatchers = Bit(Role::kDispatcher) | Bit(Role::kSupervisor);
constexpr RoleSet kCrews = Bit(Role::kCrew) | Bit(Role::kDispatcher) | Bit(Role::kSupervisor);
constexpr RoleSet kSupervisors = Bit(Role::kSupervisor) | Bit(Role::kAdmin);
constexpr RoleSet kClinical = Bit(Role::kCrew) | Bit(Role::kDispatcher) | Bit(Role::kSupervisor) |
                              Bit(Role::kMedicalDirector);
constexpr RoleSet kLogReaders = Bit(Role::kDispatcher) | Bit(Role::kSupervisor) |
                                Bit(Role::kAnalyst) | Bit(Role::kMedicalDirector) |
                                Bit(Role::kAdmin);
constexpr RoleSet kTrackers =
    Bit(Role::kCrew) | Bit(Role::kDispatcher) | Bit(Role::kSupervisor) | Bit(Role::kAdmin);

// A path parameter that must be an id (1 and up); the error names `what`.
inline Result<std::uint64_t> ParseId(std::string_view text, std::string_view what) {
  std::uint64_t v = 0;
  if (text.empty() || text.size() > 19) {
    return InvalidArgumentError(fmt::format("'{}' is not a {} id", text, what));
  }
  for (char c : text) {
    if (c < '0' || c > '9')
      return InvalidArgumentError(fmt::format("'{}' is not a {} id", text, what));
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v == 0) return InvalidArgumentError(fmt::format("{} ids start at 1", what));
  return v;
}

inline HttpResponse Json(int status, const nlohmann::json& body) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
}

// 409 with the current state of what the stale write was about.
inline HttpResponse Stale(std::string_view what, std::uint64_t sent, std::uint64_t current,
                          nlohmann::json state) {
  nlohmann::json e = {{"code", "ABORTED"},
                      {"message", fmt::format("{} changed: your version {} is not the current {}; "
                                              "review the current state and try again",
                                              what, sent, current)},
                      {"field", "version"},
                      {"current", std::move(state)}};
  return Json(409, nlohmann::json{{"error", std::move(e)}});
}

// The `version` a writer saw against the `current` one: nullopt when they match, else the 409 to
// send with `state_json()`, the current state of `what`.
inline Result<std::optional<HttpResponse>> CheckVersion(
    JsonBody& body, std::uint64_t current, std::string_view what,
    const std::function<nlohmann::json()>& state_json) {
  BEACON_ASSIGN_OR_RETURN(std::int64_t v,
                          body.Integer("version", 0, std::numeric_limits<std::int64_t>::max()));
  if (static_cast<std::uint64_t>(v) != current) {
    return std::optional<HttpResponse>(
        Stale(what, static_cast<std::uint64_t>(v), current, state_json()));
  }
  return std::optional<HttpResponse>();
}

// What a route handler gets: the request, the session, the path parameters, the batch to make
// durable, and the audit record's actor and target.
struct Api::Ctx {
  const HttpRequest& req;
  Session session;
  std::vector<std::string> params;
  store::WriteBatch& batch;
  std::string actor;
  std::string target;  // what the audit record names; the path unless the handler says
};

}  // namespace beacon::server
