// The server on a real loopback socket: HTTP answers after durability, the WebSocket feed's
// order across reconnects, the Origin check, malformed frames and requests. Uses Beast's client
// side (this test is the second translation unit with Beast; the server has one).
#include "beacon/server/net.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <thread>

#include "beacon/model/test_model.h"
#include "beacon/server/demo.h"
#include "beacon/sim/test_city.h"
#include "beacon/store/memory_store.h"

namespace beacon::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using nlohmann::json;
using ::testing::HasSubstr;

// One HTTP request and its answer on a connected stream (plain or TLS).
template <typename Stream>
http::response<http::string_body> RoundTrip(Stream& stream, http::verb verb,
                                            const std::string& target, const std::string& body,
                                            const std::string& token) {
  http::request<http::string_body> req(verb, target, 11);
  req.set(http::field::host, "127.0.0.1");
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  return res;
}

// A server on a loopback port over the small test city, with the given users (all with the
// same password), running on its own thread until the harness is destroyed.
struct RunningServer {
  RunningServer(const std::vector<std::pair<std::string, std::string>>& users,
                const std::function<ServerOptions()>& options)
      : model(model::testing::SmallCity()), clock(*ParseInstant("2026-07-01T12:00:00-04:00")) {
    store::WriteBatch batch;
    const std::string hash = *HashPassword("a long test password");
    for (const auto& [name, role] : users)
      batch.users.push_back({name, role, hash, false, clock.Now()});
    EXPECT_TRUE(store.Commit(batch).ok());
    api = std::move(Api::Create(model, store, clock).value());
    committer = std::make_unique<store::GroupCommitter>(store);
    auto started = Server::Start(*api, *committer, store, options());
    EXPECT_TRUE(started.ok()) << started.status();
    server = std::move(*started);
    thread = std::thread([this] { run_status = server->Run(); });
  }
  ~RunningServer() {
    server->Stop();
    thread.join();
  }
  std::uint16_t port() const { return server->port(); }

  model::CityModel model;
  ManualClock clock;
  store::MemoryStore store;
  std::unique_ptr<Api> api;
  std::unique_ptr<store::GroupCommitter> committer;
  std::unique_ptr<Server> server;
  std::thread thread;
  Status run_status;
};

class NetTest : public ::testing::Test {
 protected:
  NetTest()
      : running_({{"kim", "dispatcher"}, {"ana", "call_taker"}}, [] {
          ServerOptions o;
          o.listen = "127.0.0.1:0";
          o.position_interval = Milliseconds{50};
          return o;
        }) {}

  http::response<http::string_body> Request(http::verb verb, const std::string& target,
                                            const std::string& body, const std::string& token) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), running_.port()));
    return RoundTrip(stream, verb, target, body, token);
  }
  std::string Login(const std::string& user) {
    auto r = Request(http::verb::post, "/api/v1/login",
                     json{{"user", user}, {"password", "a long test password"}}.dump(), "");
    EXPECT_EQ(r.result_int(), 200u) << r.body();
    return json::parse(r.body())["token"];
  }

  struct Feed {
    asio::io_context ioc;
    websocket::stream<tcp::socket> ws{ioc};
    beast::flat_buffer buffer;
    json Next() {
      buffer.consume(buffer.size());
      ws.read(buffer);
      return json::parse(beast::buffers_to_string(buffer.data()));
    }
  };
  std::unique_ptr<Feed> Connect(const std::string& token, const std::string& origin = "") {
    auto f = std::make_unique<Feed>();
    f->ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), running_.port()));
    if (!origin.empty()) {
      f->ws.set_option(websocket::stream_base::decorator(
          [origin](websocket::request_type& req) { req.set(http::field::origin, origin); }));
    }
    f->ws.handshake("127.0.0.1", "/api/v1/feed?token=" + token);
    return f;
  }
  // Events until the feed says it is live, as seq numbers.
  static std::vector<std::uint64_t> CatchUp(Feed& f) {
    std::vector<std::uint64_t> seqs;
    while (true) {
      json m = f.Next();
      if (m["type"] == "live") break;
      if (m["type"] != "events") continue;
      for (const json& e : m["events"]) seqs.push_back(e["seq"]);
    }
    return seqs;
  }

  RunningServer running_;
};

TEST_F(NetTest, TheFeedDeliversEveryEventInOrderAcrossReconnects) {
  const std::string ana = Login("ana");
  const LatLon p = model::testing::GridPoint(1, 1);
  for (int i = 0; i < 3; ++i) {
    auto r = Request(http::verb::post, "/api/v1/calls", json{{"lat", p.lat}, {"lon", p.lon}}.dump(),
                     ana);
    ASSERT_EQ(r.result_int(), 201u) << r.body();
  }
  auto feed = Connect(ana);
  feed->ws.write(asio::buffer(std::string(R"({"type":"subscribe","after":0})")));
  std::vector<std::uint64_t> seqs = CatchUp(*feed);
  ASSERT_EQ(seqs.size(), 6u);  // CallReceived + IncidentCreated per call
  for (std::size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], i + 1);
  // A live event arrives after its POST was answered (durable first).
  auto r =
      Request(http::verb::post, "/api/v1/calls", json{{"lat", p.lat}, {"lon", p.lon}}.dump(), ana);
  ASSERT_EQ(r.result_int(), 201u);
  json m = feed->Next();
  ASSERT_EQ(m["type"], "events");
  ASSERT_EQ(m["events"].size(), 2u);
  EXPECT_EQ(m["events"][0]["seq"], 7);
  EXPECT_EQ(m["events"][0]["kind"], "CallReceived");
  feed->ws.close(websocket::close_code::normal);
  // Reconnect from the last seen: exactly the later ones.
  Request(http::verb::post, "/api/v1/calls", json{{"lat", p.lat}, {"lon", p.lon}}.dump(), ana);
  auto again = Connect(ana);
  again->ws.write(asio::buffer(std::string(R"({"type":"subscribe","after":8})")));
  EXPECT_EQ(CatchUp(*again), (std::vector<std::uint64_t>{9, 10}));
}

TEST_F(NetTest, TheFeedRefusesBadTokensForeignOriginsAndMalformedMessages) {
  const std::string ana = Login("ana");
  EXPECT_THROW(Connect("not-a-token"), beast::system_error);
  EXPECT_THROW(Connect(ana, "http://evil.example"), beast::system_error);
  EXPECT_NO_THROW(Connect(ana, "http://127.0.0.1"));  // the server's own host
  auto feed = Connect(ana);
  feed->ws.write(asio::buffer(std::string("this is not json")));
  beast::flat_buffer b;
  beast::error_code ec;
  feed->ws.read(b, ec);
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_THAT(std::string(feed->ws.reason().reason.c_str()), HasSubstr("JSON object"));
  auto f2 = Connect(ana);
  f2->ws.write(asio::buffer(std::string(R"({"type":"subscribe"})")));
  f2->ws.read(b, ec);
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_THAT(std::string(f2->ws.reason().reason.c_str()), HasSubstr("after"));
  // The server is still serving.
  EXPECT_EQ(Request(http::verb::get, "/healthz", "", "").result_int(), 200u);
}

TEST_F(NetTest, GarbageOnTheSocketGets400AndTheServerGoesOn) {
  asio::io_context ioc;
  tcp::socket s(ioc);
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), running_.port()));
  const std::string junk = "\x16\x03\x01 this is not HTTP at all\r\n\r\n";
  asio::write(s, asio::buffer(junk));
  std::string reply(4096, '\0');
  beast::error_code ec;
  const std::size_t n = s.read_some(asio::buffer(reply), ec);
  EXPECT_THAT(reply.substr(0, n), HasSubstr("400"));
  EXPECT_EQ(Request(http::verb::get, "/healthz", "", "").result_int(), 200u);
  // A body over the limit is refused from its Content-Length, before it is read.
  const std::string token = Login("ana");
  tcp::socket big(ioc);
  big.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), running_.port()));
  const std::string head =
      "POST /api/v1/calls HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
      "\r\nContent-Length: 2097152\r\n\r\n" + std::string(4096, 'x');
  asio::write(big, asio::buffer(head), ec);
  std::string answer(4096, '\0');
  const std::size_t got = big.read_some(asio::buffer(answer), ec);
  EXPECT_THAT(answer.substr(0, got), HasSubstr("413"));
  EXPECT_EQ(Request(http::verb::get, "/healthz", "", "").result_int(), 200u);
}

TEST_F(NetTest, HostileFeedFramesCloseThatConnectionOnlyAndNeverCrashTheServer) {
  const std::string ana = Login("ana");
  std::mt19937_64 rng(7);
  const std::vector<std::string> messages = {"",
                                             "null",
                                             "[]",
                                             "{}",
                                             R"({"type":5})",
                                             R"({"type":"subscribe","after":-1})",
                                             R"({"type":"subscribe","after":1e400})",
                                             R"({"type":"subscribe","after":"0"})",
                                             std::string(70000, '{'),
                                             R"({"type":"ping"})",
                                             "\xff\xfe"};
  for (int i = 0; i < 60; ++i) {
    auto feed = Connect(ana);
    std::string m = messages[static_cast<std::size_t>(i) % messages.size()];
    if (i >= static_cast<int>(messages.size())) {
      for (auto& c : m) c = static_cast<char>(rng() & 0xff);  // random bytes of the same size
      m += std::string(rng() % 100, static_cast<char>(rng() & 0xff));
    }
    beast::error_code ec;
    feed->ws.binary(i % 2 == 1);
    feed->ws.write(asio::buffer(m), ec);
    beast::flat_buffer b;
    // The server answers (a pong) or closes with a reason; it never stops serving.
    feed->ws.read(b, ec);
  }
  // Raw bytes after a completed upgrade: not WebSocket frames at all.
  for (int i = 0; i < 20; ++i) {
    auto feed = Connect(ana);
    std::string junk(1 + rng() % 4096, '\0');
    for (auto& c : junk) c = static_cast<char>(rng() & 0xff);
    beast::error_code ec;
    asio::write(feed->ws.next_layer(), asio::buffer(junk), ec);
  }
  EXPECT_EQ(Request(http::verb::get, "/healthz", "", "").result_int(), 200u);
  auto feed = Connect(ana);
  feed->ws.write(asio::buffer(std::string(R"({"type":"subscribe","after":0})")));
  CatchUp(*feed);  // still a working feed
}

TEST_F(NetTest, PositionsReachTheFeedCoalesced) {
  const std::string kim = Login("kim");
  auto feed = Connect(kim);
  feed->ws.write(asio::buffer(std::string(R"({"type":"subscribe","after":0})")));
  CatchUp(*feed);
  for (int i = 0; i < 20; ++i) {
    const LatLon p{42.3501 + i * 1e-5, -71.0599};
    auto r = Request(http::verb::post, "/api/v1/units/1/position",
                     json{{"lat", p.lat}, {"lon", p.lon}}.dump(), kim);
    ASSERT_EQ(r.result_int(), 200u) << r.body();
  }
  // Within a few flushes the latest position arrives; never more than one per unit per message.
  double last_lat = 0;
  for (int k = 0; k < 50 && last_lat < 42.3501 + 19e-5 - 1e-9; ++k) {
    json m = feed->Next();
    if (m["type"] != "positions") continue;
    std::set<int> units;
    for (const json& p : m["positions"]) {
      EXPECT_TRUE(units.insert(p["unit"].get<int>()).second) << "a unit twice in one message";
      if (p["unit"] == 1) last_lat = p["lat"];
    }
  }
  EXPECT_DOUBLE_EQ(last_lat, 42.3501 + 19e-5);
}

// --- TLS ---

// A fresh self-signed certificate for 127.0.0.1 / localhost (P-256, one hour), written as PEM.
// Generated here so that no key is ever committed.
void WriteSelfSignedCertificate(const std::filesystem::path& cert,
                                const std::filesystem::path& key) {
  EVP_PKEY* pkey = EVP_EC_gen("P-256");
  ASSERT_NE(pkey, nullptr);
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -60);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, pkey);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, x, x, nullptr, nullptr, 0);
  X509_EXTENSION* san =
      X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
  X509_add_ext(x, san, -1);
  X509_EXTENSION_free(san);
  ASSERT_GT(X509_sign(x, pkey, EVP_sha256()), 0);
  FILE* c = std::fopen(cert.c_str(), "w");
  FILE* k = std::fopen(key.c_str(), "w");
  ASSERT_TRUE(c != nullptr && k != nullptr);
  PEM_write_X509(c, x);
  PEM_write_PrivateKey(k, pkey, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(c);
  std::fclose(k);
  X509_free(x);
  EVP_PKEY_free(pkey);
}

class TlsTest : public ::testing::Test {
 protected:
  TlsTest() {
    client_.load_verify_file(cert_.string());  // trust exactly this certificate
    client_.set_verify_mode(ssl::verify_peer);
  }
  ServerOptions Options(std::string listen) {
    ServerOptions o;
    o.listen = std::move(listen);
    o.tls_cert = cert_;
    o.tls_key = key_;
    return o;
  }
  tcp::endpoint Endpoint() const { return {asio::ip::make_address("127.0.0.1"), running_.port()}; }

  http::response<http::string_body> Request(http::verb verb, const std::string& target,
                                            const std::string& body, const std::string& token) {
    asio::io_context ioc;
    beast::ssl_stream<beast::tcp_stream> stream(ioc, client_);
    beast::get_lowest_layer(stream).connect(Endpoint());
    stream.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    stream.handshake(ssl::stream_base::client);
    return RoundTrip(stream, verb, target, body, token);
  }

  model::testing::TempDir dir_;
  std::filesystem::path cert_ = dir_.path() / "cert.pem";
  std::filesystem::path key_ = dir_.path() / "key.pem";
  bool written_ = (WriteSelfSignedCertificate(cert_, key_), true);
  // All interfaces: allowed because TLS is on. The clients below use loopback.
  RunningServer running_{{{"ana", "call_taker"}}, [this] { return Options("0.0.0.0:0"); }};
  ssl::context client_{ssl::context::tls_client};
};

TEST_F(TlsTest, HttpsAndTheWssFeedWorkWithAVerifiedCertificate) {
  auto login = Request(http::verb::post, "/api/v1/login",
                       json{{"user", "ana"}, {"password", "a long test password"}}.dump(), "");
  ASSERT_EQ(login.result_int(), 200u) << login.body();
  EXPECT_THAT(std::string(login[http::field::strict_transport_security]), HasSubstr("max-age"));
  const std::string token = json::parse(login.body())["token"];
  const LatLon p = model::testing::GridPoint(1, 1);
  ASSERT_EQ(
      Request(http::verb::post, "/api/v1/calls", json{{"lat", p.lat}, {"lon", p.lon}}.dump(), token)
          .result_int(),
      201u);
  // The feed over TLS: catch up, then a live event.
  asio::io_context ioc;
  websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws(ioc, client_);
  beast::get_lowest_layer(ws).connect(Endpoint());
  ws.next_layer().set_verify_callback(ssl::host_name_verification("127.0.0.1"));
  ws.next_layer().handshake(ssl::stream_base::client);
  ws.set_option(websocket::stream_base::decorator(
      [](websocket::request_type& req) { req.set(http::field::origin, "https://127.0.0.1"); }));
  ws.handshake("127.0.0.1", "/api/v1/feed?token=" + token);
  ws.write(asio::buffer(std::string(R"({"type":"subscribe","after":0})")));
  beast::flat_buffer b;
  std::vector<std::uint64_t> seqs;
  while (true) {
    b.consume(b.size());
    ws.read(b);
    json m = json::parse(beast::buffers_to_string(b.data()));
    if (m["type"] == "live") break;
    for (const json& e : m["events"]) seqs.push_back(e["seq"]);
  }
  EXPECT_EQ(seqs, (std::vector<std::uint64_t>{1, 2}));
  ASSERT_EQ(
      Request(http::verb::post, "/api/v1/calls", json{{"lat", p.lat}, {"lon", p.lon}}.dump(), token)
          .result_int(),
      201u);
  b.consume(b.size());
  ws.read(b);
  EXPECT_EQ(json::parse(beast::buffers_to_string(b.data()))["events"][0]["seq"], 3);
  ws.close(websocket::close_code::normal);
}

TEST_F(TlsTest, PlainHttpAndUntrustedClientsGetNoAnswerAndTheServerGoesOn) {
  // Clear-text HTTP to the TLS port: the handshake fails, nothing is served.
  asio::io_context ioc;
  beast::tcp_stream plain(ioc);
  plain.connect(Endpoint());
  http::request<http::string_body> req(http::verb::get, "/healthz", 11);
  req.set(http::field::host, "127.0.0.1");
  http::write(plain, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  beast::error_code ec;
  http::read(plain, buffer, res, ec);
  EXPECT_TRUE(ec) << "a clear-text request was answered: " << res.result_int();
  // A client that does not trust the certificate refuses it.
  ssl::context untrusting{ssl::context::tls_client};
  untrusting.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stranger(ioc, untrusting);
  beast::get_lowest_layer(stranger).connect(Endpoint());
  stranger.handshake(ssl::stream_base::client, ec);
  EXPECT_TRUE(ec);
  // Garbage where a TLS ClientHello belongs.
  tcp::socket junk(ioc);
  junk.connect(Endpoint());
  asio::write(junk, asio::buffer(std::string("\x16\x03\x01\x00\x05hello", 10)), ec);
  EXPECT_EQ(Request(http::verb::get, "/healthz", "", "").result_int(), 200u);
}

TEST_F(TlsTest, ListeningBeyondLoopbackNeedsTlsAndAMatchingKey) {
  ServerOptions clear;
  clear.listen = "0.0.0.0:8080";
  EXPECT_THAT(std::string(clear.Validate().message()), HasSubstr("--tls-cert and --tls-key"));
  EXPECT_TRUE(Options("0.0.0.0:8080").Validate().ok());
  ServerOptions half = Options("127.0.0.1:0");
  half.tls_key.clear();
  EXPECT_THAT(std::string(half.Validate().message()), HasSubstr("go together"));
  // A key that is not the certificate's.
  const auto other_cert = dir_.path() / "other.pem";
  const auto other_key = dir_.path() / "other.key";
  WriteSelfSignedCertificate(other_cert, other_key);
  ServerOptions mismatched = Options("127.0.0.1:0");
  mismatched.tls_key = other_key;
  auto s = Server::Start(*running_.api, *running_.committer, running_.store, mismatched);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("does not belong to --tls-cert"));
  // Not PEM at all.
  std::ofstream(dir_.path() / "junk.pem") << "not a certificate\n";
  ServerOptions junk = Options("127.0.0.1:0");
  junk.tls_cert = dir_.path() / "junk.pem";
  s = Server::Start(*running_.api, *running_.committer, running_.store, junk);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("junk.pem"));
}

}  // namespace
}  // namespace beacon::server

namespace beacon::server {
namespace {

// A server on Gridville for the demo, its clock 300 times real time from 12:00 on 2026-03-02,
// with the demo's four users; Stop() makes every batch durable.
class DemoRig {
 public:
  explicit DemoRig(const model::CityModel& city)
      : clock(real_, *ParseInstant("2026-03-02T12:00:00-05:00"), 300), committer_(st) {
    store::WriteBatch users;
    const std::string hash = *HashPassword(password);
    for (const auto& [name, role] :
         std::vector<std::pair<const char*, const char*>>{{DemoShift::kCallTaker, "call_taker"},
                                                          {DemoShift::kDispatcher, "dispatcher"},
                                                          {DemoShift::kCrew, "crew"},
                                                          {DemoShift::kSupervisor, "supervisor"}}) {
      users.users.push_back({name, role, hash, false, clock.Now()});
    }
    BEACON_CHECK(st.Commit(users).ok(), "demo users");
    api = *Api::Create(city, st, clock);
    ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.tick_interval = Milliseconds{100};
    srv_ = *Server::Start(*api, committer_, st, o);
    serving_ = std::thread([this] { (void)srv_->Run(); });
  }
  ~DemoRig() { Stop(); }
  DemoShift::Submit Submit() {
    return [this](HttpRequest r) { return srv_->Call(std::move(r)); };
  }
  void Stop() {
    if (!serving_.joinable()) return;
    srv_->Stop();
    serving_.join();
    EXPECT_TRUE(committer_.Commit(store::WriteBatch{}).ok());  // every earlier batch is durable
  }

 private:
  SystemClock real_;

 public:
  ScaledClock clock;
  store::MemoryStore st;
  const std::string password = "demo password for the test";
  std::unique_ptr<Api> api;

 private:
  store::GroupCommitter committer_;
  std::unique_ptr<Server> srv_;
  std::thread serving_;
};

// The demo shift plays calls, dispatches, status changes and positions through the API of a
// running server (sped up 300 times), and the server's log replays to its state.
TEST(DemoShiftTest, PlaysAShiftThroughTheApi) {
  const model::CityModel city = model::testing::SmallCity();
  model::testing::TempDir dir;
  auto scenario = sim::ParseSimScenario(
      sim::testing::GridScenario("").replace(sim::testing::GridScenario("").find("100"), 3, "3000"),
      "grid.yaml", dir.path(), city);
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  DemoRig rig(city);
  DemoShift::Options d;
  d.password = rig.password;
  DemoShift demo(city, *scenario, rig.clock, &rig.clock, rig.Submit(), d);
  std::atomic<bool> stop{false};
  std::thread playing([&] { demo.Run(stop); });
  // About 20 simulated minutes (4 s) are enough; on a loaded machine the demo may need longer
  // real time for as many steps, so wait for them (up to 60 s) rather than for a fixed time.
  for (int waited = 0; waited < 600; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (waited >= 40 && demo.stats().calls.load() > 5 && demo.stats().dispatched.load() > 0 &&
        demo.stats().status_changes.load() > 3 && demo.stats().positions.load() > 3) {
      break;
    }
  }
  stop = true;
  playing.join();
  rig.Stop();
  EXPECT_GT(demo.stats().calls.load(), 5u);
  EXPECT_GT(demo.stats().dispatched.load(), 0u);
  EXPECT_GT(demo.stats().status_changes.load(), 3u);
  EXPECT_GT(demo.stats().positions.load(), 3u);
  std::vector<cad::Event> events;
  ASSERT_TRUE(rig.st.ReadEvents(0, 1000000, events).ok());
  auto replayed = cad::CadState::Create(city.Roster());
  ASSERT_TRUE(cad::Replay(events, *replayed).ok());
  EXPECT_TRUE(*replayed == rig.api->center().state());
  // Every demo request was audited under its user.
  std::vector<store::AuditRecord> audit;
  ASSERT_TRUE(rig.st.ReadAudit(0, 1000000, audit).ok());
  const bool crew_audited =
      std::any_of(audit.begin(), audit.end(), [](const store::AuditRecord& a) {
        return a.actor == std::string("crew:") + DemoShift::kCrew;
      });
  EXPECT_TRUE(crew_audited);
}

// The MCI exercise mode (`serve --demo --scenario` with an `mci` block): the demo declares the
// MCI through the API, its crews tag the casualties (by category and by START findings), and the
// accepted plans carry every living patient to a hospital; the log replays to the server's state.
TEST(DemoShiftTest, PlaysAnMciExerciseThroughTheApi) {
  const model::CityModel city = model::testing::SmallCity();
  model::testing::TempDir dir;
  const LatLon ccp = model::testing::GridPoint(1, 1);
  std::string text = sim::testing::GridScenario(
      fmt::format("mci:\n"
                  "  name: grid exercise\n"
                  "  at: \"2026-03-02T12:30:00-05:00\"\n"
                  "  sites: [{{name: CCP, kind: casualty_collection, at: [{:.6f}, {:.6f}]}}]\n"
                  "  casualties:\n"
                  "    - {{site: CCP, count: 2, category: red}}\n"
                  "    - {{site: CCP, count: 2, findings: {{walks: false, breathing: true, "
                  "respiratory_rate: 20, "
                  "radial_pulse: true, follows_commands: true}}}}\n"
                  "    - {{site: CCP, count: 1, category: green}}\n"
                  "    - {{site: CCP, count: 1, category: dead}}\n"
                  "  triage_interval: 10 s\n"
                  "  city_units: 2\n"
                  "  surge: {{GEN: [2, 2, 2, 0], KIDS: [0, 0, 0, 0]}}\n"
                  "  load_time: 30 s\n"
                  "  handover: 2 min\n",
                  ccp.lat, ccp.lon));
  text.replace(text.find("calls_per_day: 100"), 18, "calls_per_day: 1");
  auto scenario = sim::ParseSimScenario(text, "grid.yaml", dir.path(), city);
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  DemoRig rig(city);
  DemoShift::Options d;
  d.password = rig.password;
  d.mci_after = Minutes{1};
  DemoShift demo(city, *scenario, rig.clock, &rig.clock, rig.Submit(), d);
  std::atomic<bool> stop{false};
  std::thread playing([&] { demo.Run(stop); });
  // Five living patients; wait for them to arrive (up to 90 s of real time on a loaded machine).
  for (int waited = 0; waited < 900 && demo.stats().mci_arrived.load() < 5; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  stop = true;
  playing.join();
  rig.Stop();
  EXPECT_EQ(demo.stats().mci_tagged.load(), 6u);
  EXPECT_EQ(demo.stats().mci_arrived.load(), 5u);
  const cad::Mci* m = rig.api->center().state().FindMci(cad::MciId{1});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->patients.size(), 6u);
  const cad::MciCounts c = cad::CountPatients(*m);
  EXPECT_EQ(c.by_state[cad::Index(cad::MciPatientState::kArrived)], 5);
  EXPECT_EQ(c.by_category[cad::Index(triage::MciCategory::kDelayed)], 2) << "START: rate 20";
  std::vector<cad::Event> events;
  ASSERT_TRUE(rig.st.ReadEvents(0, 1000000, events).ok());
  auto replayed = cad::CadState::Create(city.Roster());
  ASSERT_TRUE(cad::Replay(events, *replayed).ok());
  EXPECT_TRUE(*replayed == rig.api->center().state());
}

}  // namespace
}  // namespace beacon::server
