// DemoShift: a live Boston shift played into the running server through its API, so that a new
// user sees the dispatch floor at work (`beacon serve --demo`, `make demo`). Calls arrive from
// the simulation scenario's demand (data/scenarios/boston.yaml); the demo call-taker enters and
// triages each one; the demo dispatcher sends the recommended units after a human-like delay;
// demo crews post their status changes and their positions along the real road route (every 5
// simulated seconds), take patients to the destination the API ranks first, and drive home.
// Everything goes through the same routes, roles, audit and durable commits as a person's
// requests. A person can take over at any moment: the demo only acts on what it started, and
// re-reads a unit before each step (a unit a dispatcher diverted is left to them). A scenario
// with an `mci` block also plays its MCI exercise into the live system (docs/design/mci.md).
//
//   DemoShift demo(model, scenario, clock, submit, {.seed = 1});
//   std::thread t([&] { demo.Run(stop); });
//
// Time is the server's Clock (a ScaledClock when sped up); the demo waits on the real clock.
// Thread-safety: Run on one thread; Stop from any.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "beacon/base/clock.h"
#include "beacon/model/city_model.h"
#include "beacon/server/http.h"
#include "beacon/sim/scenario.h"

namespace beacon::server {

class DemoShift {
 public:
  // Sends one request as the server would receive it and returns the answer (once durable).
  using Submit = std::function<HttpResponse(HttpRequest)>;
  struct Options {
    std::uint64_t seed = 1;
    std::string password;  // the demo users' password (serve --demo creates the users)
    Milliseconds position_every{Seconds{5}};
    // With an MCI in the scenario: when the exercise starts, after the demo (server time).
    Milliseconds mci_after{Minutes{3}};
  };
  struct Stats {
    std::atomic<std::uint64_t> calls{0};
    std::atomic<std::uint64_t> dispatched{0};
    std::atomic<std::uint64_t> status_changes{0};
    std::atomic<std::uint64_t> positions{0};
    std::atomic<std::uint64_t> refused{0};      // requests the server refused (a person took over)
    std::atomic<std::uint64_t> mci_tagged{0};   // MCI exercise patients tagged
    std::atomic<std::uint64_t> mci_arrived{0};  // and brought to a hospital
  };

  DemoShift(const model::CityModel& model, const sim::SimScenario& scenario, const Clock& clock,
            const ScaledClock* scaled, Submit submit, Options options);
  ~DemoShift();

  // Plays the shift until `stop` is set.
  void Run(const std::atomic<bool>& stop);
  [[nodiscard]] const Stats& stats() const { return stats_; }

  // The demo users and roles (serve --demo creates them with Options::password).
  static constexpr const char* kCallTaker = "demo-call-taker";
  static constexpr const char* kDispatcher = "demo-dispatcher";
  static constexpr const char* kCrew = "demo-crew";
  static constexpr const char* kSupervisor = "demo-supervisor";  // runs the MCI exercise

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  Stats stats_;
};

}  // namespace beacon::server
