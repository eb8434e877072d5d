// Test helpers for the CAD core: a small roster and an event builder that numbers events.
// Thread-safety: test-only, single-threaded.
#pragma once

#include <string>
#include <utility>

#include "beacon/cad/state.h"

namespace beacon::cad::testing {

// Two stations, units 1 (A1, ALS) .. 4 (B4, BLS) AVAILABLE, hospitals 1 and 2.
inline Roster SmallRoster() {
  Roster r;
  r.stations = {{StationId{1}, "Station 1", {42.3500, -71.0600}},
                {StationId{2}, "Station 2", {42.3300, -71.0800}}};
  for (std::uint32_t i = 1; i <= 4; ++i) {
    Unit u;
    u.id = UnitId{i};
    u.name = (i <= 2 ? "A" : "B") + std::to_string(i);
    u.type = i <= 2 ? UnitType::kAls : UnitType::kBls;
    u.home_station = StationId{1 + (i % 2)};
    u.availability = Availability::kAvailable;
    r.units.push_back(u);
  }
  Hospital h1;
  h1.id = HospitalId{1};
  h1.name = "General";
  h1.location = {42.3400, -71.0700};
  Hospital h2 = h1;
  h2.id = HospitalId{2};
  h2.name = "Children's";
  r.hospitals = {h1, h2};
  return r;
}

// Builds events with consecutive sequence numbers and times one second apart.
class EventBuilder {
 public:
  explicit EventBuilder(Instant start) : time_(start) {}
  Event Next(EventPayload payload, std::string actor = "dispatcher:test") {
    Event e;
    e.seq = ++seq_;
    e.time = time_;
    time_ += Seconds{1};
    e.actor = std::move(actor);
    e.reason = "test";
    e.payload = std::move(payload);
    return e;
  }
  // Lets time pass without an event.
  void Advance(Milliseconds d) { time_ += d; }
  // Takes back the last sequence number (after an event that was rejected).
  void Unuse() { --seq_; }
  [[nodiscard]] Instant now() const { return time_; }

 private:
  std::uint64_t seq_ = 0;
  Instant time_;
};

}  // namespace beacon::cad::testing
