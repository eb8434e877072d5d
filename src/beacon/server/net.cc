// The one translation unit of Beacon that includes Boost.Beast and Boost.Asio (engineering
// guide: compile time). Structure after Beast's websocket chat-multi example: a listener, one
// session per connection, a hub that fans messages out, and a bounded write queue per session.
// The sessions are templates on their stream (plain TCP or TLS), as in Beast's
// advanced_server_flex example.
#include "beacon/server/net.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <deque>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "beacon/store/event_codec.h"

namespace beacon::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using nlohmann::json;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace {

template <typename Stream>
constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

// TLS 1.2 and newer with the certificate chain and key from PEM files; errors name the file.
Result<std::unique_ptr<ssl::context>> MakeTlsContext(const ServerOptions& o) {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                   ssl::context::single_dh_use);
  // The key first: a certificate loaded after a key it does not match drops that key, which the
  // check below then names.
  beast::error_code ec;
  ctx->use_private_key_file(o.tls_key.string(), ssl::context::pem, ec);
  if (ec) {
    return InvalidArgumentError(fmt::format("--tls-key '{}': not a readable PEM private key ({})",
                                            o.tls_key.string(), ec.message()));
  }
  ctx->use_certificate_chain_file(o.tls_cert.string(), ec);
  if (ec) {
    return InvalidArgumentError(fmt::format("--tls-cert '{}': not a readable PEM certificate ({})",
                                            o.tls_cert.string(), ec.message()));
  }
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
    return InvalidArgumentError(fmt::format("--tls-key '{}' does not belong to --tls-cert '{}'",
                                            o.tls_key.string(), o.tls_cert.string()));
  }
  return ctx;
}

Result<std::pair<std::string, std::uint16_t>> SplitListen(const std::string& listen) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return InvalidArgumentError(
        fmt::format("--listen '{}': use HOST:PORT, e.g. 127.0.0.1:8080", listen));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
    return InvalidArgumentError(fmt::format("--listen '{}': the port must be 0 to 65535", listen));
  }
  return std::make_pair(host, static_cast<std::uint16_t>(std::stoi(port)));
}

bool IsLoopback(const asio::ip::address& a) { return a.is_loopback(); }

std::string ContentType(const std::filesystem::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript";
  if (ext == ".css") return "text/css";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

}  // namespace

Status ServerOptions::Validate() const {
  BEACON_ASSIGN_OR_RETURN(auto hp, SplitListen(listen));
  beast::error_code ec;
  const asio::ip::address a = asio::ip::make_address(hp.first, ec);
  if (ec) {
    return InvalidArgumentError(
        fmt::format("--listen '{}': '{}' is not an IP address", listen, hp.first));
  }
  if (tls_cert.empty() != tls_key.empty()) {
    return InvalidArgumentError("--tls-cert and --tls-key go together: give both or neither");
  }
  for (const auto& [flag, file] : {std::pair{"--tls-cert", &tls_cert}, {"--tls-key", &tls_key}}) {
    std::error_code fe;
    if (!file->empty() && !std::filesystem::is_regular_file(*file, fe)) {
      return InvalidArgumentError(fmt::format("{} '{}': no such file", flag, file->string()));
    }
  }
  if (!IsLoopback(a) && !tls()) {
    return FailedPreconditionError(fmt::format(
        "--listen '{}': Beacon serves patient data and listens only on loopback (127.0.0.1 or "
        "::1) without TLS; give --tls-cert and --tls-key to listen on '{}'",
        listen, hp.first));
  }
  if (threads < 1 || threads > 64) return InvalidArgumentError("--threads: 1 to 64");
  if (max_ws_queue_bytes < 4096) return InvalidArgumentError("max_ws_queue_bytes: at least 4096");
  return OkStatus();
}

// A feed client as the hub sees it, whatever its stream.
class FeedClient {
 public:
  virtual ~FeedClient() = default;
  // From any thread: queue a message (shared by every session it goes to).
  virtual void Send(std::shared_ptr<const std::string> message) = 0;
  virtual void CloseWith(std::string reason) = 0;
};

// Everything the sessions share. The Api runs on `core`; the feed's subscribers on `hub`.
struct Server::Impl {
  Impl(Api& a, store::GroupCommitter& c, store::Store& s, ServerOptions o)
      : api(a),
        committer(c),
        store(s),
        options(std::move(o)),
        ioc(options.threads),
        core(asio::make_strand(ioc)),
        hub(asio::make_strand(ioc)),
        acceptor(asio::make_strand(ioc)),
        signals(ioc, SIGINT, SIGTERM),
        tick_timer(core),
        position_timer(hub) {}

  Api& api;
  store::GroupCommitter& committer;
  store::Store& store;
  ServerOptions options;
  asio::io_context ioc;
  asio::strand<asio::io_context::executor_type> core;
  asio::strand<asio::io_context::executor_type> hub;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer tick_timer;
  asio::steady_timer position_timer;
  std::unique_ptr<ssl::context> tls;  // null: plain HTTP (loopback only)
  std::uint16_t port = 0;

  std::mutex fatal_mu;
  Status fatal;  // the store failed: stop serving

  // --- The feed (hub strand only) ---
  struct Sent {
    std::uint64_t seq;
    std::string json;  // one encoded event
  };
  std::deque<Sent> recent;      // the newest events, in order
  std::uint64_t published = 0;  // last seq published
  std::set<std::shared_ptr<FeedClient>> live;
  std::map<UnitId, store::PositionRecord> pending_positions;

  void Fail(const Status& s) {
    {
      std::lock_guard lock(fatal_mu);
      if (fatal.ok()) fatal = s;
    }
    ioc.stop();
  }

  void Accept();
  void Tick();
  void FlushPositions();
  // After a batch is durable (called on the committer thread).
  void Durable(std::vector<cad::Event> events, std::vector<store::PositionRecord> positions);
  // Runs on the core strand; `done` gets the response once it is durable.
  void Submit(HttpRequest request, std::function<void(HttpResponse)> done);
  void Subscribe(const std::shared_ptr<FeedClient>& s, std::uint64_t after);
  void Publish(std::vector<cad::Event> events, std::vector<store::PositionRecord> positions);
};

// --- WebSocket feed session ---
template <typename Stream>
class WsSession : public FeedClient, public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  WsSession(Stream&& stream, Server::Impl& server, Session session)
      : ws_(std::move(stream)), server_(server), session_(std::move(session)) {}

  template <typename Body, typename Allocator>
  void Run(http::request<Body, http::basic_fields<Allocator>> req) {
    beast::get_lowest_layer(ws_).expires_never();  // the websocket's own timeouts take over
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.read_message_max(64 * 1024);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "Beacon"); }));
    ws_.async_accept(req, beast::bind_front_handler(&WsSession::OnAccept, shared_from_this()));
  }

  void Send(std::shared_ptr<const std::string> message) override {
    asio::post(ws_.get_executor(),
               [self = this->shared_from_this(), m = std::move(message)]() mutable {
                 self->Queue(std::move(m));
               });
  }
  void CloseWith(std::string reason) override {
    asio::post(ws_.get_executor(), [self = this->shared_from_this(), r = std::move(reason)] {
      self->Close(websocket::close_code::policy_error, r);
    });
  }

 private:
  using std::enable_shared_from_this<WsSession<Stream>>::shared_from_this;

  void OnAccept(beast::error_code ec) {
    if (ec) return;
    Read();
  }
  void Read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::OnRead, shared_from_this()));
  }
  void OnRead(beast::error_code ec, std::size_t) {
    if (ec) {
      Leave();
      return;
    }
    const std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    json m = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (m.is_discarded() || !m.is_object() || !m.contains("type") || !m["type"].is_string()) {
      Close(websocket::close_code::policy_error,
            "a feed message is a JSON object with a \"type\" string");
      return;
    }
    const std::string type = m["type"].get<std::string>();
    if (type == "subscribe") {
      if (subscribed_) {
        Close(websocket::close_code::policy_error, "already subscribed");
        return;
      }
      const auto after = m.find("after");
      if (after == m.end() || !after->is_number_unsigned()) {
        Close(websocket::close_code::policy_error,
              "subscribe needs \"after\": the last sequence number seen (0 for everything)");
        return;
      }
      subscribed_ = true;
      asio::post(server_.hub,
                 [s = shared_from_this(), &srv = server_, n = after->get<std::uint64_t>()] {
                   srv.Subscribe(std::static_pointer_cast<FeedClient>(s), n);
                 });
    } else if (type == "ping") {
      Queue(std::make_shared<const std::string>(R"({"type":"pong"})"));
    } else {
      Close(websocket::close_code::policy_error,
            fmt::format("unknown message type '{}'", type.substr(0, 40)));
      return;
    }
    Read();
  }
  void Queue(std::shared_ptr<const std::string> m) {
    if (closing_) return;
    queued_bytes_ += m->size();
    queue_.push_back(std::move(m));
    if (queued_bytes_ > server_.options.max_ws_queue_bytes) {
      Close(websocket::close_code::try_again_later,
            fmt::format("too slow: more than {} bytes waiting; reconnect and subscribe from the "
                        "last sequence number seen",
                        server_.options.max_ws_queue_bytes));
      return;
    }
    if (queue_.size() == 1) Write();
  }
  void Write() {
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front()),
                    beast::bind_front_handler(&WsSession::OnWrite, shared_from_this()));
  }
  void OnWrite(beast::error_code ec, std::size_t) {
    if (ec) {
      Leave();
      return;
    }
    queued_bytes_ -= queue_.front()->size();
    queue_.pop_front();
    if (!queue_.empty() && !closing_) Write();
  }
  void Close(websocket::close_code code, const std::string& reason) {
    if (closing_) return;
    closing_ = true;
    queue_.clear();
    queued_bytes_ = 0;
    Leave();
    websocket::close_reason why(code, reason.substr(0, 120));
    ws_.async_close(why, [self = shared_from_this()](beast::error_code) {});
  }
  void Leave() {
    asio::post(server_.hub, [s = shared_from_this(), &srv = server_] {
      srv.live.erase(std::static_pointer_cast<FeedClient>(s));
    });
  }

  websocket::stream<Stream> ws_;
  Server::Impl& server_;
  Session session_;
  beast::flat_buffer buffer_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::size_t queued_bytes_ = 0;
  bool subscribed_ = false;
  bool closing_ = false;
};

// --- HTTP session ---
template <typename Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  // Plain: (socket); TLS: (socket, ssl::context&).
  template <typename... Args>
  explicit HttpSession(Server::Impl& server, Args&&... stream_args)
      : stream_(std::forward<Args>(stream_args)...), server_(server) {}

  void Run() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if constexpr (kTls<Stream>) {
        beast::get_lowest_layer(self->stream_).expires_after(std::chrono::seconds(30));
        self->stream_.async_handshake(ssl::stream_base::server, [self](beast::error_code ec) {
          if (!ec) self->Read();  // a failed handshake just closes
        });
      } else {
        self->Read();
      }
    });
  }

 private:
  using std::enable_shared_from_this<HttpSession<Stream>>::shared_from_this;

  tcp::socket& Socket() { return beast::get_lowest_layer(stream_).socket(); }

  // The end of a connection: TLS says close_notify, plain TCP shuts its sending side.
  void Shutdown() {
    if constexpr (kTls<Stream>) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(10));
      stream_.async_shutdown([self = shared_from_this()](beast::error_code) {});
    } else {
      beast::error_code ignored;
      Socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
  }

  void Read() {
    parser_.emplace();
    parser_->body_limit(1 << 20);  // as Api::Options::max_body_bytes
    parser_->header_limit(16 * 1024);
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(60));
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) {
      Shutdown();
      return;
    }
    if (ec == http::error::body_limit) {
      SendError(413, "the request body is larger than 1 MiB");
      return;
    }
    if (ec) {
      if (ec != beast::error::timeout && ec != asio::error::operation_aborted &&
          ec != asio::error::connection_reset && ec.category() != asio::error::get_ssl_category() &&
          ec != asio::ssl::error::stream_truncated) {
        SendError(400, fmt::format("malformed HTTP request: {}", ec.message()));
      }
      return;
    }
    http::request<http::string_body> req = parser_->release();
    keep_alive_ = req.keep_alive();
    const std::string target(req.target());

    if (websocket::is_upgrade(req)) {
      Upgrade(std::move(req));
      return;
    }
    HttpRequest r;
    r.method = std::string(req.method_string());
    r.target = target;
    for (const auto& f : req) {
      std::string name(f.name_string());
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      r.headers[name] = std::string(f.value());
    }
    r.body = std::move(req.body());
    beast::error_code pe;
    const auto remote = Socket().remote_endpoint(pe);
    r.peer = pe ? "unknown" : remote.address().to_string();

    if (r.method == "GET" && !server_.options.web_root.empty() && r.target.rfind("/api/", 0) != 0 &&
        r.target != "/healthz" && r.target != "/readyz" && r.target != "/metrics") {
      ServeFile(r.path());
      return;
    }
    auto self = shared_from_this();
    asio::post(server_.core, [self, r = std::move(r)]() mutable {
      // The callback runs on the committer thread: it hands its reference to the session over
      // to the session's own executor, so the session is never destroyed on that thread.
      self->server_.Submit(std::move(r), [session = self](HttpResponse res) mutable {
        auto owner = std::move(session);
        auto executor = owner->stream_.get_executor();
        asio::post(executor, [owner = std::move(owner), res = std::move(res)]() mutable {
          owner->Send(std::move(res));
        });
      });
    });
  }

  void Upgrade(http::request<http::string_body> req) {
    if (HttpRequest{"GET", std::string(req.target()), {}, "", ""}.path() != "/api/v1/feed") {
      SendError(404, "WebSocket upgrades go to /api/v1/feed");
      return;
    }
    // Origin: absent (not a browser), the server's own host, or an allowed one.
    const std::string origin(req[http::field::origin]);
    if (!origin.empty()) {
      const std::string host(req[http::field::host]);
      bool ok = origin == "http://" + host || origin == "https://" + host;
      for (const std::string& a : server_.options.allowed_origins) ok = ok || origin == a;
      if (!ok) {
        SendError(403, fmt::format("Origin '{}' may not open the feed", origin.substr(0, 100)));
        return;
      }
    }
    HttpRequest probe;
    probe.target = std::string(req.target());
    const std::optional<std::string> token = probe.query("token");
    if (!token) {
      SendError(401, "the feed needs ?token=SESSION_TOKEN");
      return;
    }
    Result<Session> s = server_.api.Authenticate(*token);
    if (!s.ok()) {
      SendError(401, std::string(s.status().message()));
      return;
    }
    std::make_shared<WsSession<Stream>>(std::move(stream_), server_, *s)->Run(std::move(req));
  }

  void ServeFile(std::string_view path) {
    std::filesystem::path rel = path == "/" ? "index.html" : std::string(path.substr(1));
    const std::string s = rel.lexically_normal().string();
    if (s.find("..") != std::string::npos || rel.is_absolute()) {
      SendError(404, "no such file");
      return;
    }
    std::filesystem::path full = server_.options.web_root / rel;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(full, ec)) full = server_.options.web_root / "index.html";
    std::ifstream in(full, std::ios::binary);
    if (!in) {
      SendError(404, "no such file");
      return;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    HttpResponse res;
    res.content_type = ContentType(full);
    res.body = buf.str();
    Send(std::move(res));
  }

  void SendError(int status, std::string message) {
    HttpResponse res = ErrorResponse(InvalidArgumentError(message));
    res.status = status;
    keep_alive_ = false;
    Send(std::move(res));
  }

  void Send(HttpResponse res) {
    auto out = std::make_shared<http::response<http::string_body>>();
    out->result(static_cast<unsigned>(res.status));
    out->version(11);
    out->set(http::field::server, "Beacon");
    out->set(http::field::content_type, res.content_type);
    out->set("X-Content-Type-Options", "nosniff");
    if constexpr (kTls<Stream>)
      out->set(http::field::strict_transport_security, "max-age=31536000");
    for (const auto& [k, v] : res.headers) out->set(k, v);
    out->keep_alive(keep_alive_);
    out->body() = std::move(res.body);
    out->prepare_payload();
    http::async_write(stream_, *out,
                      [self = shared_from_this(), out](beast::error_code ec, std::size_t) {
                        if (ec) return;
                        if (!out->keep_alive()) {
                          self->Shutdown();
                          return;
                        }
                        self->Read();
                      });
  }

  Stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool keep_alive_ = true;
};

void Server::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      if (tls) {
        std::make_shared<HttpSession<TlsStream>>(*this, std::move(socket), *tls)->Run();
      } else {
        std::make_shared<HttpSession<beast::tcp_stream>>(*this, std::move(socket))->Run();
      }
    }
    if (acceptor.is_open()) Accept();
  });
}

void Server::Impl::Submit(HttpRequest request, std::function<void(HttpResponse)> done) {
  ApiResult r = api.Handle(request);
  auto response = std::make_shared<HttpResponse>(std::move(r.response));
  // The feed gets what the store got: the events and the positions.
  committer.Submit(
      std::move(r.batch), [this, response, done = std::move(done), events = r.batch.events,
                           positions = r.batch.positions](const Status& s) mutable {
        if (!s.ok()) {
          done(ErrorResponse(
              UnavailableError("the store could not make this change durable; the server stops")));
          Fail(s.WithContext("store commit"));
          return;
        }
        Durable(std::move(events), std::move(positions));
        done(std::move(*response));
      });
}

void Server::Impl::Durable(std::vector<cad::Event> events,
                           std::vector<store::PositionRecord> positions) {
  if (events.empty() && positions.empty()) return;
  asio::post(hub, [this, e = std::move(events), p = std::move(positions)]() mutable {
    Publish(std::move(e), std::move(p));
  });
}

void Server::Impl::Tick() {
  tick_timer.expires_after(std::chrono::milliseconds(options.tick_interval.count()));
  tick_timer.async_wait([this](beast::error_code ec) {
    if (ec) return;
    ApiResult r = api.Tick();
    if (!r.batch.empty()) {
      committer.Submit(
          std::move(r.batch),
          [this, events = r.batch.events, positions = r.batch.positions](const Status& s) mutable {
            if (!s.ok()) {
              Fail(s.WithContext("store commit"));
              return;
            }
            Durable(std::move(events), std::move(positions));
          });
    }
    Tick();
  });
}

void Server::Impl::Publish(std::vector<cad::Event> events,
                           std::vector<store::PositionRecord> positions) {
  for (const store::PositionRecord& p : positions) pending_positions[p.unit] = p;
  if (events.empty()) return;
  json batch = json::array();
  for (const cad::Event& e : events) {
    std::string text = store::EncodeEvent(e);
    batch.push_back(json::parse(text));
    recent.push_back({e.seq, std::move(text)});
    published = e.seq;
  }
  while (recent.size() > options.feed_memory) recent.pop_front();
  auto message = std::make_shared<const std::string>(
      json{{"type", "events"}, {"events", std::move(batch)}}.dump());
  for (const auto& s : live) s->Send(message);
}

void Server::Impl::Subscribe(const std::shared_ptr<FeedClient>& s, std::uint64_t after) {
  // Catch up from `after` to `published`, then live. On the hub strand: nothing is published
  // in between, so there is no gap and no duplicate.
  if (after > published) after = published;  // a client from the future starts at now
  std::uint64_t next = after;
  if (recent.empty() || recent.front().seq > after + 1) {
    // Older than memory: from the store, in pages, up to what memory holds.
    const std::uint64_t until = recent.empty() ? published : recent.front().seq - 1;
    while (next < until) {
      std::vector<cad::Event> page;
      const Status st = store.ReadEvents(next, std::min<std::uint64_t>(until - next, 2000), page);
      if (!st.ok() || page.empty()) {
        s->CloseWith("the event log could not be read; try again");
        return;
      }
      json batch = json::array();
      for (const cad::Event& e : page) batch.push_back(store::EventToJson(e));
      next = page.back().seq;
      s->Send(std::make_shared<const std::string>(
          json{{"type", "events"}, {"events", std::move(batch)}}.dump()));
    }
  }
  json batch = json::array();
  for (const Sent& e : recent) {
    if (e.seq <= next) continue;
    batch.push_back(json::parse(e.json));
    if (batch.size() == 500) {
      s->Send(std::make_shared<const std::string>(
          json{{"type", "events"}, {"events", std::move(batch)}}.dump()));
      batch = json::array();
    }
  }
  if (!batch.empty()) {
    s->Send(std::make_shared<const std::string>(
        json{{"type", "events"}, {"events", std::move(batch)}}.dump()));
  }
  s->Send(
      std::make_shared<const std::string>(json{{"type", "live"}, {"last_seq", published}}.dump()));
  live.insert(s);
}

void Server::Impl::FlushPositions() {
  position_timer.expires_after(std::chrono::milliseconds(options.position_interval.count()));
  position_timer.async_wait([this](beast::error_code ec) {
    if (ec) return;
    if (!pending_positions.empty() && !live.empty()) {
      json list = json::array();
      for (const auto& [unit, p] : pending_positions) {
        list.push_back({{"unit", unit.value()},
                        {"lat", p.position.lat},
                        {"lon", p.position.lon},
                        {"time", FormatUtc(p.time)}});
      }
      auto message = std::make_shared<const std::string>(
          json{{"type", "positions"}, {"positions", std::move(list)}}.dump());
      for (const auto& s : live) s->Send(message);
    }
    pending_positions.clear();
    FlushPositions();
  });
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() {
  Stop();
  // Commit callbacks post to this server's executors: let every one submitted so far run
  // before the io_context goes away (an empty batch completes after all earlier ones).
  (void)impl_->committer.Commit(store::WriteBatch{});
}

Result<std::unique_ptr<Server>> Server::Start(Api& api, store::GroupCommitter& committer,
                                              store::Store& store, ServerOptions options) {
  BEACON_RETURN_IF_ERROR(options.Validate());
  BEACON_ASSIGN_OR_RETURN(auto hp, SplitListen(options.listen));
  auto impl = std::make_unique<Impl>(api, committer, store, std::move(options));
  if (impl->options.tls()) {
    BEACON_ASSIGN_OR_RETURN(impl->tls, MakeTlsContext(impl->options));
  }
  impl->published = api.last_seq();
  beast::error_code ec;
  const tcp::endpoint endpoint(asio::ip::make_address(hp.first), hp.second);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return UnavailableError(fmt::format("--listen {}: {}", impl->options.listen, ec.message()));
  }
  impl->port = impl->acceptor.local_endpoint().port();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Status Server::Run() {
  Impl& s = *impl_;
  s.Accept();
  s.Tick();
  s.FlushPositions();
  s.signals.async_wait([&s](beast::error_code ec, int) {
    if (!ec) s.ioc.stop();
  });
  std::vector<std::thread> threads;
  for (int i = 1; i < s.options.threads; ++i) threads.emplace_back([&s] { s.ioc.run(); });
  s.ioc.run();
  for (std::thread& t : threads) t.join();
  std::lock_guard lock(s.fatal_mu);
  return s.fatal;
}

HttpResponse Server::Call(HttpRequest request) {
  auto promise = std::make_shared<std::promise<HttpResponse>>();
  std::future<HttpResponse> answer = promise->get_future();
  asio::post(impl_->core, [this, promise, r = std::move(request)]() mutable {
    impl_->Submit(std::move(r),
                  [promise](HttpResponse res) { promise->set_value(std::move(res)); });
  });
  while (answer.wait_for(std::chrono::milliseconds(500)) != std::future_status::ready) {
    if (impl_->ioc.stopped()) {
      return ErrorResponse(UnavailableError("the server is stopping"));
    }
  }
  return answer.get();
}

void Server::Stop() {
  if (impl_) impl_->ioc.stop();
}

std::uint16_t Server::port() const { return impl_->port; }

}  // namespace beacon::server
