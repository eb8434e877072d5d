// The HTTP request and response as the API sees them: plain values, no networking library, so
// every route is tested without a socket. net.cc converts to and from Boost.Beast's messages.
//
//   HttpRequest req{.method = "POST", .target = "/api/v1/calls", .body = R"({"lat":42.35,...})"};
//   req.headers["authorization"] = "Bearer " + token;
//
// Status codes map to HTTP in one table (StatusToHttp); errors are JSON objects
// {"error": {"code": "INVALID_ARGUMENT", "message": "...", "field": "lat"}}.
// Thread-safety: plain values and pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "beacon/base/status.h"

namespace beacon::server {

struct HttpRequest {
  std::string method;                                       // "GET", "POST", ...
  std::string target;                                       // path and query, as received
  std::map<std::string, std::string, std::less<>> headers;  // names in lower case
  std::string body;
  std::string peer;  // remote address, for the audit log

  [[nodiscard]] std::string_view path() const;
  // The value of query parameter `name` (percent-decoded), if present.
  [[nodiscard]] std::optional<std::string> query(std::string_view name) const;
  [[nodiscard]] std::string_view header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// The one table from Status codes to HTTP status codes.
int StatusToHttp(StatusCode code);

// A JSON error response for `status`; `field` names the request field at fault, when known.
HttpResponse ErrorResponse(const Status& status, std::string_view field = {});

}  // namespace beacon::server
