// Crash safety of `beacon serve` on SQLite: start the real server process, drive a stream of
// writes, kill it with SIGKILL at a random moment, restart, and check that every write the API
// acknowledged is there, that a retried in-flight write (same Idempotency-Key) applies exactly
// once, and that the stored log replays to the state the restarted server reports.
//
//   crash_test --beacon build/ci/beacon [--rounds 20] [--seed S] [--db postgresql://...]
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "beacon/cad/state.h"
#include "beacon/model/city_model.h"
#include "beacon/model/test_model.h"
#include "beacon/server/auth.h"
#include "beacon/store/open/open_store.h"

#include "testing/http_client.h"

namespace beacon {
namespace {

using nlohmann::json;
using testing::HttpClient;

std::string g_beacon;
std::string g_db;  // --db URL; empty: a fresh SQLite file
int g_rounds = 20;
std::uint64_t g_seed = 1;

std::uint16_t FreePort() {
  // Bind to port 0, read the port, close: the server binds it right after (loopback only).
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a));
  socklen_t len = sizeof(a);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

class ServerProcess {
 public:
  ServerProcess(const std::filesystem::path& model, const std::string& db,
                const std::filesystem::path& log, std::uint16_t port) {
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlives the test, even when it aborts
      const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(out, 1);
      ::dup2(out, 2);
      const std::string listen = "127.0.0.1:" + std::to_string(port);
      const std::string m = model.string();
      const std::string& d = db;
      ::execl(g_beacon.c_str(), g_beacon.c_str(), "serve", "--model", m.c_str(), "--db", d.c_str(),
              "--listen", listen.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  void Kill() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  ~ServerProcess() { Kill(); }

 private:
  pid_t pid_ = -1;
};

bool WaitReady(std::uint16_t port) {
  for (int i = 0; i < 600; ++i) {
    HttpClient c;
    if (c.Connect(port, 2000).ok()) {
      auto r = c.Send("GET", "/readyz", "");
      if (r.ok() && r->status == 200) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

TEST(CrashSafety, AcknowledgedWritesSurviveSigkill) {
  ASSERT_FALSE(g_beacon.empty()) << "pass --beacon PATH";
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("beacon_crash_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::filesystem::path model = dir / "small.model";
  // The store: SQLite in the temporary directory, or the server --db names (PostgreSQL).
  const std::string db = g_db.empty() ? "sqlite:" + (dir / "cad.db").string() : g_db;
  ASSERT_TRUE(model::SaveCityModel(model::testing::SmallCity(), model).ok());
  {
    auto st = store::OpenStore(db);
    ASSERT_TRUE(st.ok()) << st.status();
    store::WriteBatch b;
    b.users.push_back({"ana", "dispatcher", *server::HashPassword("a long test password"), false,
                       InstantFromUnixMillis(0)});
    ASSERT_TRUE((*st)->Commit(b).ok());
  }
  std::mt19937_64 rng(g_seed);
  std::map<std::string, std::uint64_t> acknowledged;  // Idempotency-Key -> incident id
  std::map<std::string, std::string> in_flight;       // sent, answer not seen: key -> body
  std::map<std::string, std::uint64_t> last_round;    // acknowledged in the last round
  std::uint64_t seen_seq = 0;                         // the log read so far
  std::size_t calls_stored = 0;                       // CallReceived events in it
  int key_counter = 0;
  std::uint64_t positions_acked = 0;
  const model::CityModel city = model::testing::SmallCity();

  for (int round = 0; round < g_rounds; ++round) {
    const std::uint16_t port = FreePort();
    ServerProcess server(model, db, dir / "server.log", port);
    ASSERT_TRUE(WaitReady(port)) << "the server did not start; see " << (dir / "server.log");
    HttpClient c;
    ASSERT_TRUE(c.Connect(port).ok());
    auto login =
        c.Send("POST", "/api/v1/login", R"({"user":"ana","password":"a long test password"})");
    ASSERT_TRUE(login.ok() && login->status == 200);
    const std::string auth = "Bearer " + json::parse(login->body)["token"].get<std::string>();

    // What the last round acknowledged is there (the final replay checks every round's); a
    // retry of an in-flight key applies once.
    for (const auto& [key, id] : last_round) {
      auto r =
          c.Send("GET", "/api/v1/incidents/" + std::to_string(id), "", {{"Authorization", auth}});
      ASSERT_TRUE(r.ok());
      ASSERT_EQ(r->status, 200) << "acknowledged incident " << id << " (" << key
                                << ") lost in round " << round;
    }
    for (const auto& [key, body] : in_flight) {
      auto r = c.Send("POST", "/api/v1/calls", body,
                      {{"Authorization", auth}, {"Idempotency-Key", key}});
      ASSERT_TRUE(r.ok());
      ASSERT_EQ(r->status, 201) << r->body;
      acknowledged[key] = json::parse(r->body)["id"];
    }
    in_flight.clear();
    last_round.clear();
    // Exactly one call per acknowledged key: none applied twice, none from nowhere. The log is
    // read on from where the last round stopped (shift changes are events too).
    while (true) {
      auto page = c.Send("GET", fmt::format("/api/v1/events?after={}&limit=10000", seen_seq), "",
                         {{"Authorization", auth}});
      ASSERT_TRUE(page.ok() && page->status == 200);
      const json events = json::parse(page->body)["events"];
      if (events.empty()) break;
      for (const json& e : events) {
        if (e["kind"] == "CallReceived") ++calls_stored;
        seen_seq = e["seq"];
      }
    }
    ASSERT_EQ(calls_stored, acknowledged.size()) << "round " << round;

    // Drive writes; another thread kills the server at a random moment.
    std::atomic<bool> killed{false};
    const auto delay = std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 400)(rng));
    std::thread killer([&] {
      std::this_thread::sleep_for(delay);
      server.Kill();
      killed = true;
    });
    while (!killed) {
      const std::string key = fmt::format("k{}", ++key_counter);
      const LatLon p = model::testing::GridPoint(key_counter % 3, (key_counter / 3) % 3);
      const std::string body = json{{"lat", p.lat}, {"lon", p.lon}}.dump();
      in_flight[key] = body;
      auto r = c.Send("POST", "/api/v1/calls", body,
                      {{"Authorization", auth}, {"Idempotency-Key", key}});
      if (!r.ok()) break;
      ASSERT_EQ(r->status, 201) << r->body;
      acknowledged[key] = json::parse(r->body)["id"];
      last_round[key] = acknowledged[key];
      in_flight.erase(key);
      auto pos = c.Send("POST", "/api/v1/positions",
                        json{{"positions", {{{"unit", 1}, {"lat", p.lat}, {"lon", p.lon}}}}}.dump(),
                        {{"Authorization", auth}});
      if (!pos.ok()) break;
      if (pos->status == 200) ++positions_acked;
    }
    killer.join();
  }

  // The stored log replays cleanly to a state holding exactly the acknowledged incidents.
  auto st = store::OpenStore(db);
  ASSERT_TRUE(st.ok());
  std::vector<cad::Event> events;
  ASSERT_TRUE((*st)->ReadEvents(0, 100000000, events).ok());
  auto state = cad::CadState::Create(city.Roster());
  ASSERT_TRUE(state.ok());
  ASSERT_TRUE(cad::Replay(events, *state).ok());
  std::set<std::uint64_t> stored;
  for (const auto& [id, inc] : state->incidents()) stored.insert(id.value());
  for (const auto& [key, id] : acknowledged) EXPECT_EQ(stored.count(id), 1u) << key;
  EXPECT_GE(stored.size(), acknowledged.size());
  EXPECT_LE(stored.size(), acknowledged.size() + in_flight.size());
  EXPECT_GT(acknowledged.size(), static_cast<std::size_t>(g_rounds))
      << "too few writes to mean much";
  std::cout << fmt::format(
      "crash test: {} rounds, {} acknowledged calls, {} position batches, {} events stored\n",
      g_rounds, acknowledged.size(), positions_acked, events.size());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace beacon

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i + 1 < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--beacon") beacon::g_beacon = argv[i + 1];
    if (a == "--rounds") beacon::g_rounds = std::stoi(argv[i + 1]);
    if (a == "--seed") beacon::g_seed = std::stoull(argv[i + 1]);
    if (a == "--db") beacon::g_db = argv[i + 1];
  }
  return RUN_ALL_TESTS();
}
