// HttpClient: a small blocking HTTP/1.1 client over a loopback TCP socket for tests and the load
// generator, with keep-alive. Not a general client: it sends what it is given and reads
// responses framed by Content-Length (what `beacon serve` sends).
//
//   HttpClient c;  BEACON_RETURN_IF_ERROR(c.Connect(8080));
//   auto r = c.Send("POST", "/api/v1/calls", body, {{"Authorization", "Bearer " + token}});
//   r->status;  r->body;
//
// Thread-safety: one client per thread.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "beacon/base/result.h"

namespace beacon::testing {

struct HttpReply {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  [[nodiscard]] std::string Header(std::string_view name) const;
};

class HttpClient {
 public:
  HttpClient() = default;
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  Status Connect(std::uint16_t port, int timeout_ms = 10000);
  void Close();
  [[nodiscard]] bool connected() const { return fd_ >= 0; }
  // Sends one request and reads its response; reconnects first if the server closed.
  Result<HttpReply> Send(const std::string& method, const std::string& target,
                         const std::string& body,
                         const std::vector<std::pair<std::string, std::string>>& headers = {});
  // Writes raw bytes (for malformed-input tests).
  Status SendRaw(std::string_view bytes);
  Result<std::string> ReadSome();

 private:
  Result<HttpReply> ReadReply();
  int fd_ = -1;
  std::uint16_t port_ = 0;
  int timeout_ms_ = 10000;
  std::string buffer_;
};

}  // namespace beacon::testing
