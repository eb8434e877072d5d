// The server on a real loopback socket: HTTP answers after durability, the WebSocket feed's
// order across reconnects, the Origin check, malformed frames and requests. Uses Beast's client
// side (this test is the second translation unit with Beast; the server has one).
#include "beacon/server/net.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
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
using tcp = asio::ip::tcp;
using nlohmann::json;
using ::testing::HasSubstr;

class NetTest : public ::testing::Test {
 protected:
  NetTest()
      : model_(model::testing::SmallCity()), clock_(*ParseInstant("2026-07-01T12:00:00-04:00")) {
    store::WriteBatch users;
    const std::string hash = *HashPassword("a long test password");
    users.users.push_back({"kim", "dispatcher", hash, false, clock_.Now()});
    users.users.push_back({"ana", "call_taker", hash, false, clock_.Now()});
    EXPECT_TRUE(store_.Commit(users).ok());
    api_ = std::move(Api::Create(model_, store_, clock_).value());
    committer_ = std::make_unique<store::GroupCommitter>(store_);
    ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.position_interval = Milliseconds{50};
    server_ = std::move(Server::Start(*api_, *committer_, store_, o).value());
    thread_ = std::thread([this] { run_status_ = server_->Run(); });
  }
  ~NetTest() override {
    server_->Stop();
    thread_.join();
  }

  http::response<http::string_body> Request(http::verb verb, const std::string& target,
                                            const std::string& body, const std::string& token) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
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
    f->ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
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

  model::CityModel model_;
  ManualClock clock_;
  store::MemoryStore store_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<store::GroupCommitter> committer_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  Status run_status_;
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
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
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
  big.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
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

}  // namespace
}  // namespace beacon::server

namespace beacon::server {
namespace {

// The demo shift plays calls, dispatches, status changes and positions through the API of a
// running server (sped up 300 times), and the server's log replays to its state.
TEST(DemoShiftTest, PlaysAShiftThroughTheApi) {
  const model::CityModel city = model::testing::SmallCity();
  model::testing::TempDir dir;
  auto scenario = sim::ParseSimScenario(
      sim::testing::GridScenario("").replace(sim::testing::GridScenario("").find("100"), 3, "3000"),
      "grid.yaml", dir.path(), city);
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  SystemClock real;
  ScaledClock clock(real, *ParseInstant("2026-03-02T12:00:00-05:00"), 300);
  store::MemoryStore st;
  const std::string password = "demo password for the test";
  store::WriteBatch users;
  const std::string hash = *HashPassword(password);
  users.users.push_back({DemoShift::kCallTaker, "call_taker", hash, false, clock.Now()});
  users.users.push_back({DemoShift::kDispatcher, "dispatcher", hash, false, clock.Now()});
  users.users.push_back({DemoShift::kCrew, "crew", hash, false, clock.Now()});
  ASSERT_TRUE(st.Commit(users).ok());
  auto api = Api::Create(city, st, clock);
  ASSERT_TRUE(api.ok());
  store::GroupCommitter committer(st);
  ServerOptions o;
  o.listen = "127.0.0.1:0";
  o.tick_interval = Milliseconds{100};
  auto srv = Server::Start(**api, committer, st, o);
  ASSERT_TRUE(srv.ok());
  std::thread serving([&] { (void)(*srv)->Run(); });
  DemoShift::Options d;
  d.password = password;
  DemoShift demo(
      city, *scenario, clock, &clock, [&](HttpRequest r) { return (*srv)->Call(std::move(r)); }, d);
  std::atomic<bool> stop{false};
  std::thread playing([&] { demo.Run(stop); });
  std::this_thread::sleep_for(std::chrono::seconds(4));  // 20 simulated minutes
  stop = true;
  playing.join();
  (*srv)->Stop();
  serving.join();
  ASSERT_TRUE(committer.Commit(store::WriteBatch{}).ok());  // every earlier batch is durable
  EXPECT_GT(demo.stats().calls.load(), 5u);
  EXPECT_GT(demo.stats().dispatched.load(), 0u);
  EXPECT_GT(demo.stats().status_changes.load(), 3u);
  EXPECT_GT(demo.stats().positions.load(), 3u);
  std::vector<cad::Event> events;
  ASSERT_TRUE(st.ReadEvents(0, 1000000, events).ok());
  auto replayed = cad::CadState::Create(city.Roster());
  ASSERT_TRUE(cad::Replay(events, *replayed).ok());
  EXPECT_TRUE(*replayed == (*api)->center().state());
  // Every demo request was audited under its user.
  std::vector<store::AuditRecord> audit;
  ASSERT_TRUE(st.ReadAudit(0, 1000000, audit).ok());
  const bool crew_audited =
      std::any_of(audit.begin(), audit.end(), [](const store::AuditRecord& a) {
        return a.actor == std::string("crew:") + DemoShift::kCrew;
      });
  EXPECT_TRUE(crew_audited);
}

}  // namespace
}  // namespace beacon::server
