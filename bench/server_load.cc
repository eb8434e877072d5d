// server_load: the live server under a dispatch floor's load, on loopback. Starts `beacon serve`
// on a fresh store, attaches N WebSocket consoles subscribed to the feed, and drives position
// reports and durable events (calls: two events each) at target rates from writer threads.
// Reports the sustained rates, the latency from API acknowledgement to delivery on every
// console (p50/p99 over every event and console), and the load generator's own CPU share.
//
//   server_load --beacon build/release/beacon --model build/models/boston.model \
//       --db sqlite:/tmp/load.db [--consoles 100] [--positions 5000] [--events 500] [--seconds 15]
//
// The target (issue 9) on 2 cores: 5,000 positions/s and 500 durable events/s with p99 < 300 ms.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "beacon/model/city_model.h"
#include "beacon/server/auth.h"
#include "beacon/store/open/open_store.h"

#include "testing/http_client.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::ip::tcp;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Flags {
  std::string beacon;
  std::string model;
  std::string db;
  int consoles = 100;
  int positions = 5000;  // per second
  int events = 500;      // per second (calls: 2 events each)
  int seconds = 15;
  int writers = 8;
};

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "server_load: %s\n", why.c_str());
  std::exit(1);
}

std::uint16_t FreePort() {
  asio::io_context ioc;
  tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

double Percentile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

}  // namespace

int main(int argc, char** argv) {
  Flags f;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const std::string v = argv[i + 1];
    if (a == "--beacon")
      f.beacon = v;
    else if (a == "--model")
      f.model = v;
    else if (a == "--db")
      f.db = v;
    else if (a == "--consoles")
      f.consoles = std::stoi(v);
    else if (a == "--positions")
      f.positions = std::stoi(v);
    else if (a == "--events")
      f.events = std::stoi(v);
    else if (a == "--seconds")
      f.seconds = std::stoi(v);
    else if (a == "--writers")
      f.writers = std::stoi(v);
    else
      Die("unknown flag " + a);
  }
  if (f.beacon.empty() || f.model.empty() || f.db.empty()) {
    Die("usage: server_load --beacon PATH --model FILE --db URL [--consoles N] ...");
  }
  auto model = beacon::model::LoadCityModel(f.model);
  if (!model.ok()) Die(model.status().ToString());
  std::vector<beacon::UnitId> units;
  for (const auto& u : model->Roster().units) units.push_back(u.id);
  beacon::LatLon centre = model->Roster().stations.front().location;
  {
    auto st = beacon::store::OpenStore(f.db);
    if (!st.ok()) Die(st.status().ToString());
    beacon::store::WriteBatch b;
    b.users.push_back({"load", "dispatcher",
                       *beacon::server::HashPassword("load generator password"), false,
                       beacon::InstantFromUnixMillis(0)});
    if (auto s = (*st)->Commit(b); !s.ok()) Die(s.ToString());
  }
  const std::uint16_t port = FreePort();
  const pid_t child = ::fork();
  if (child == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 1);
    const std::string listen = "127.0.0.1:" + std::to_string(port);
    ::execl(f.beacon.c_str(), f.beacon.c_str(), "serve", "--model", f.model.c_str(), "--db",
            f.db.c_str(), "--listen", listen.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::string token;
  for (int i = 0; i < 600 && token.empty(); ++i) {
    beacon::testing::HttpClient c;
    if (c.Connect(port, 2000).ok()) {
      auto r = c.Send("POST", "/api/v1/login",
                      R"({"user":"load","password":"load generator password"})");
      if (r.ok() && r->status == 200) token = json::parse(r->body)["token"];
    }
    if (token.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (token.empty()) Die("the server did not start");
  const std::string auth = "Bearer " + token;

  // Consoles: record when each event sequence number arrives.
  std::atomic<bool> stop{false};
  std::vector<std::vector<std::pair<std::uint64_t, Clock::time_point>>> seen(
      static_cast<std::size_t>(f.consoles));
  std::atomic<int> live{0};
  std::atomic<std::uint64_t> position_messages{0};
  std::vector<std::thread> consoles;
  for (int k = 0; k < f.consoles; ++k) {
    consoles.emplace_back([&, k] {
      try {
        asio::io_context ioc;
        websocket::stream<tcp::socket> ws(ioc);
        ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        ws.handshake("127.0.0.1", "/api/v1/feed?token=" + token);
        ws.write(asio::buffer(std::string(R"({"type":"subscribe","after":0})")));
        beast::flat_buffer b;
        bool is_live = false;
        while (!stop) {
          b.consume(b.size());
          ws.read(b);
          const auto now = Clock::now();
          const json m = json::parse(beast::buffers_to_string(b.data()));
          if (m["type"] == "live" && !is_live) {
            is_live = true;
            ++live;
          } else if (m["type"] == "events") {
            for (const json& e : m["events"])
              seen[static_cast<std::size_t>(k)].emplace_back(e["seq"], now);
          } else if (m["type"] == "positions") {
            ++position_messages;
          }
        }
        ws.next_layer().close();
      } catch (const std::exception& e) {
        if (!stop) std::fprintf(stderr, "server_load: console %d: %s\n", k, e.what());
      }
    });
  }
  while (live < f.consoles) std::this_thread::sleep_for(std::chrono::milliseconds(20));

  // Writers.
  std::mutex acks_mu;
  std::vector<std::pair<std::uint64_t, Clock::time_point>> acks;  // seq, acknowledged at
  std::atomic<std::uint64_t> positions_done{0};
  std::atomic<std::uint64_t> events_done{0};
  std::atomic<std::uint64_t> failures{0};
  const auto start = Clock::now();
  const auto end = start + std::chrono::seconds(f.seconds);
  rusage before{};
  ::getrusage(RUSAGE_SELF, &before);
  std::vector<std::thread> writers;
  const int position_batch = 50;
  const double position_requests = static_cast<double>(f.positions) / position_batch;
  const double call_requests = static_cast<double>(f.events) / 2.0;
  for (int w = 0; w < f.writers; ++w) {
    writers.emplace_back([&, w] {
      beacon::testing::HttpClient c;
      if (!c.Connect(port).ok()) return;
      std::mt19937_64 rng(static_cast<std::uint64_t>(w) + 1);
      std::uniform_real_distribution<double> jitter(-0.01, 0.01);
      // Each writer takes an equal share of both request streams, paced on its own clock.
      const double per_writer = (position_requests + call_requests) / f.writers;
      const double share_calls = call_requests / (position_requests + call_requests);
      std::uint64_t n = 0;
      while (Clock::now() < end) {
        const auto due =
            start + std::chrono::duration_cast<Clock::duration>(
                        std::chrono::duration<double>(static_cast<double>(n) / per_writer));
        if (due > Clock::now()) std::this_thread::sleep_until(due);
        ++n;
        // Calls and position batches interleaved in exact proportion (Bresenham).
        const bool call = std::floor(static_cast<double>(n) * share_calls) >
                          std::floor(static_cast<double>(n - 1) * share_calls);
        if (call) {
          const json body = {{"lat", centre.lat + jitter(rng)}, {"lon", centre.lon + jitter(rng)}};
          auto r = c.Send("POST", "/api/v1/calls", body.dump(), {{"Authorization", auth}});
          const auto at = Clock::now();
          if (!r.ok() || r->status != 201) {
            ++failures;
            continue;
          }
          const std::string seq = r->Header("beacon-seq");
          if (!seq.empty()) {
            std::lock_guard lock(acks_mu);
            acks.emplace_back(std::stoull(seq), at);
          }
          events_done += 2;
        } else {
          json list = json::array();
          for (int i = 0; i < position_batch; ++i) {
            list.push_back({{"unit", units[rng() % units.size()].value()},
                            {"lat", centre.lat + jitter(rng)},
                            {"lon", centre.lon + jitter(rng)}});
          }
          auto r = c.Send("POST", "/api/v1/positions", json{{"positions", list}}.dump(),
                          {{"Authorization", auth}});
          if (!r.ok() || r->status != 200) {
            ++failures;
            continue;
          }
          positions_done += position_batch;
        }
      }
    });
  }
  for (std::thread& t : writers) t.join();
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  rusage after{};
  ::getrusage(RUSAGE_SELF, &after);
  std::this_thread::sleep_for(std::chrono::seconds(2));  // let the feed drain
  stop = true;
  ::kill(child, SIGTERM);
  for (std::thread& t : consoles) t.join();
  ::waitpid(child, nullptr, 0);

  auto cpu = [](const rusage& r) {
    return static_cast<double>(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
           static_cast<double>(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
  };
  std::map<std::uint64_t, Clock::time_point> ack_at(acks.begin(), acks.end());
  std::vector<double> latency_ms;
  std::uint64_t missing = 0;
  for (const auto& console : seen) {
    std::map<std::uint64_t, Clock::time_point> got(console.begin(), console.end());
    for (const auto& [seq, at] : ack_at) {
      auto it = got.find(seq);
      if (it == got.end()) {
        ++missing;
        continue;
      }
      latency_ms.push_back(
          std::max(0.0, std::chrono::duration<double, std::milli>(it->second - at).count()));
    }
  }
  const double p50 = Percentile(latency_ms, 0.5);
  const double p99 = Percentile(latency_ms, 0.99);
  const json out = {{"db", f.db.substr(0, f.db.find(':'))},
                    {"consoles", f.consoles},
                    {"seconds", wall},
                    {"positions_per_s", static_cast<double>(positions_done) / wall},
                    {"durable_events_per_s", static_cast<double>(events_done) / wall},
                    {"target_positions_per_s", f.positions},
                    {"target_events_per_s", f.events},
                    {"ack_to_console_p50_ms", p50},
                    {"ack_to_console_p99_ms", p99},
                    {"deliveries_measured", latency_ms.size()},
                    {"deliveries_missing", missing},
                    {"failed_requests", failures.load()},
                    {"position_messages_received", position_messages.load()},
                    {"load_generator_cpu_share", (cpu(after) - cpu(before)) / (wall * 2.0)}};
  std::printf("%s\n", out.dump(2).c_str());
  return missing == 0 && failures == 0 ? 0 : 1;
}
