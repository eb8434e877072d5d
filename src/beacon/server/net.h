// Server: the live CAD on the network. HTTP/1.1 and a WebSocket feed on Boost.Beast/Asio (this
// header includes neither: net.cc is the one translation unit that does). Requests run on one
// strand through the Api; each answer is sent only after its batch is durable (GroupCommitter);
// then its events go to the feed in log order.
//
//   ServerOptions o;  o.listen = "127.0.0.1:8080";
//   BEACON_ASSIGN_OR_RETURN(auto server, Server::Start(api, committer, store, o));
//   Status why = server->Run();   // until Stop(), a signal, or a store failure
//
// The feed (`GET /api/v1/feed?token=...`, docs/api/feed.md): the client sends
// {"type":"subscribe","after":N} and receives every event with seq > N in order, several per
// message, with no gap and no duplicate, then live events; unit positions arrive coalesced, at
// most one per unit per `position_interval`. A client whose unsent messages exceed
// `max_ws_queue_bytes` is disconnected with a reason instead of slowing the others. The Origin
// header, when present, must be one of `allowed_origins` or the server's own host.
//
// TLS: with `tls_cert` and `tls_key` (PEM files) every connection is HTTPS / WSS (TLS 1.2 or
// newer, through Beast's ssl_stream over OpenSSL). Without them the server listens only on
// loopback: patient data never crosses a network in clear text.
// Thread-safety: Start, Run and Stop from one thread; Stop also from a signal handler thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/server/api.h"
#include "beacon/store/group_commit.h"

namespace beacon::server {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";     // host:port; port 0 picks a free one
  std::vector<std::string> allowed_origins;  // e.g. "https://cad.example.org"; own host always
  std::size_t max_ws_queue_bytes = 8 << 20;  // a slower feed client is disconnected
  Milliseconds position_interval{250};       // feed positions: at most one per unit per this
  Milliseconds tick_interval{Seconds{5}};    // shift changes and housekeeping
  std::filesystem::path web_root;            // static files for the console (empty: none)
  int threads = 2;                           // network threads
  std::size_t feed_memory = 20000;           // recent events the feed serves from memory
  std::filesystem::path tls_cert;            // PEM certificate chain (with tls_key: HTTPS only)
  std::filesystem::path tls_key;             // PEM private key of that certificate

  [[nodiscard]] bool tls() const { return !tls_cert.empty(); }

  Status Validate() const;
};

class Server {
 public:
  static Result<std::unique_ptr<Server>> Start(Api& api, store::GroupCommitter& committer,
                                               store::Store& store, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Serves until Stop() or SIGINT/SIGTERM (OK), or a store failure (the error).
  Status Run();
  void Stop();
  // Handles one request as if it came over the network (the demo shift uses it): the same
  // route, roles, audit and commit; returns once durable (503 if the server stops first).
  HttpResponse Call(HttpRequest request);
  [[nodiscard]] std::uint16_t port() const;

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace beacon::server
