// Test and benchmark helpers for the CAD core: a small roster, an event builder that numbers
// events, and a generator of busy shifts (random legal events of every kind).
// Thread-safety: test-only, single-threaded.
#pragma once

#include <string>
#include <utility>

#include "beacon/base/rng.h"
#include "beacon/cad/state.h"

namespace beacon::cad::testing {

// Two stations, `units` units AVAILABLE (the first half ALS named A1.., the rest BLS named B..;
// four by default: A1, A2, B3, B4), hospitals 1 and 2.
inline Roster SmallRoster(std::uint32_t units = 4) {
  Roster r;
  r.stations = {{StationId{1}, "Station 1", {42.3500, -71.0600}},
                {StationId{2}, "Station 2", {42.3300, -71.0800}}};
  for (std::uint32_t i = 1; i <= units; ++i) {
    Unit u;
    u.id = UnitId{i};
    u.name = (i <= units / 2 ? "A" : "B") + std::to_string(i);
    u.type = i <= units / 2 ? UnitType::kAls : UnitType::kBls;
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

// Drives a CadState with random legal events (a busy shift: calls, dispatches, every status,
// diversions, merges, availability and Code Black changes) and returns the log.
inline std::vector<Event> BusyShift(CadState& state, int target_events, std::uint64_t seed) {
  Rng rng(seed);
  EventBuilder b(*ParseInstant("2026-11-01T04:00:00Z"));  // across the DST change
  std::vector<Event> log;
  std::uint64_t next_id = 1;
  std::vector<IncidentId> open;
  auto apply = [&](EventPayload p) {
    Event e = b.Next(std::move(p), "system");
    Status s = state.Apply(e);
    BEACON_CHECK(s.ok(), "generator made an illegal event: {}", s.ToString());
    log.push_back(std::move(e));
  };
  const std::size_t n_units = state.units().size();
  while (static_cast<int>(log.size()) < target_events) {
    const std::uint64_t action = rng.UniformInt(std::uint64_t{10});
    if (action < 2 || open.empty()) {  // a new call and incident
      const CallId call{next_id};
      apply(CallReceived{call,
                         {42.3 + 0.1 * rng.Uniform01(), -71.1 + 0.1 * rng.Uniform01()},
                         "address",
                         std::nullopt});
      if (!open.empty() && rng.Bernoulli(0.05)) {
        apply(PriorityChanged{open[rng.UniformInt(open.size())],
                              static_cast<int>(rng.UniformInt(1, 3))});
      }
      if (!open.empty() && rng.Bernoulli(0.1)) {
        apply(IncidentUpdated{open[rng.UniformInt(open.size())], std::nullopt, std::nullopt, call});
      } else {
        const IncidentId inc{next_id};
        apply(IncidentCreated{inc, call});
        apply(TriageCompleted{inc, "sick_person", "SICK", static_cast<int>(rng.UniformInt(1, 3)),
                              CareLevel::kBls, 1, false, "2301067", "2305005"});
        open.push_back(inc);
      }
      ++next_id;
      continue;
    }
    const UnitId unit{static_cast<std::uint32_t>(1 + rng.UniformInt(n_units))};
    const Unit& u = *state.FindUnit(unit);
    if (action < 5) {  // dispatch (possibly a diversion)
      const IncidentId inc = open[rng.UniformInt(open.size())];
      const Assignment* a = state.ActiveAssignment(unit);
      const bool divertible =
          a == nullptr || (a->incident != inc && (a->state == AssignmentState::kAssigned ||
                                                  a->state == AssignmentState::kEnRoute));
      if (u.availability != Availability::kOutOfService && divertible) {
        apply(UnitRecommended{inc, {unit}});
        apply(UnitAssigned{unit, inc});
      }
    } else if (action < 8) {  // progress
      if (const Assignment* a = state.ActiveAssignment(unit)) {
        const auto next = AllowedNextStates(a->state);
        const AssignmentState s = next[rng.UniformInt(next.size())];
        std::optional<HospitalId> dest;
        if (s == AssignmentState::kTransporting) {
          dest = HospitalId{static_cast<std::uint32_t>(1 + rng.UniformInt(std::uint64_t{2}))};
        }
        apply(AssignmentProgressed{unit, a->incident, s, dest});
        // A cleared unit is told where to wait (move-up); no random draw, so the log is unchanged
        // otherwise.
        if (s == AssignmentState::kCleared) apply(MoveUpRecommended{unit, u.home_station, false});
      }
    } else if (action < 9) {  // close or merge an incident with nothing active
      const std::size_t k = rng.UniformInt(open.size());
      const Incident& inc = *state.FindIncident(open[k]);
      bool active = false;
      for (std::size_t idx : inc.assignments) active |= !IsTerminal(state.assignments()[idx].state);
      if (open.size() > 1 && rng.Bernoulli(0.2)) {
        const IncidentId into = open[(k + 1) % open.size()];
        apply(IncidentMerged{open[k], into});
        open.erase(open.begin() + static_cast<std::ptrdiff_t>(k));
      } else if (!active) {
        apply(IncidentClosed{open[k]});
        open.erase(open.begin() + static_cast<std::ptrdiff_t>(k));
      }
    } else {  // shift changes and hospital status
      if (u.availability == Availability::kAvailable) {
        apply(UnitAvailabilityChanged{unit, Availability::kOutOfService});
      } else if (u.availability == Availability::kOutOfService) {
        apply(UnitAvailabilityChanged{unit, Availability::kAvailable});
      }
      if (rng.Bernoulli(0.05)) {
        const HospitalId h{static_cast<std::uint32_t>(1 + rng.UniformInt(std::uint64_t{2}))};
        const HospitalStatus now = state.FindHospital(h)->status;
        apply(HospitalStatusChanged{
            h, now == HospitalStatus::kOpen ? HospitalStatus::kCodeBlack : HospitalStatus::kOpen});
      }
    }
  }
  return log;
}

}  // namespace beacon::cad::testing
