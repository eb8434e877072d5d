// Test and benchmark helpers for the CAD core: a small roster, an event builder that numbers
// events, and a generator of busy shifts (random legal events of every kind).
// Thread-safety: test-only, single-threaded.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

// Drives a CadState through a whole mass-casualty incident with `patients` patients (random
// legal events of every MCI kind, interleaved: tagging, re-triage, moves, treatments, level
// changes, ambulances cycling between the scene and the hospitals with one or two patients,
// releases at the scene) until every patient has arrived or been released and the MCI closes.
// Needs units that are AVAILABLE and hospitals 1 and 2 (SmallRoster). Returns the log.
inline std::vector<Event> MciExercise(CadState& state, int patients, std::uint64_t seed) {
  Rng rng(seed);
  EventBuilder b(*ParseInstant("2026-04-20T18:49:00Z"));
  std::vector<Event> log;
  auto apply = [&](EventPayload p) {
    Event e = b.Next(std::move(p), "supervisor:test");
    Status s = state.Apply(e);
    BEACON_CHECK(s.ok(), "generator made an illegal event: {}", s.ToString());
    log.push_back(std::move(e));
  };
  const MciId mci{1};
  const IncidentId inc{1};
  apply(CallReceived{CallId{1}, {42.3500, -71.0780}, "Boylston St", std::nullopt});
  apply(IncidentCreated{inc, CallId{1}});
  apply(MciDeclared{mci, inc, "Boylston St finish line", 2});
  const std::vector<std::string> sites = {"CCP Copley", "CCP Exeter", "Treatment", "Staging"};
  apply(MciSiteSet{mci, sites[0], MciSiteKind::kCasualtyCollection, {42.3500, -71.0780}});
  apply(MciSiteSet{mci, sites[1], MciSiteKind::kCasualtyCollection, {42.3496, -71.0810}});
  apply(MciSiteSet{mci, sites[2], MciSiteKind::kTreatment, {42.3502, -71.0770}});
  apply(MciSiteSet{mci, sites[3], MciSiteKind::kStaging, {42.3480, -71.0760}});
  apply(MciSurgeDeclared{mci, HospitalId{1}, {patients / 4, patients / 3, patients / 2, 5}});
  apply(MciSurgeDeclared{mci, HospitalId{2}, {patients / 4, patients / 3, patients / 2, 5}});
  auto tag_of = [](int i) { return fmt::format("T-{:04d}", i); };
  std::vector<std::string> tags;  // tagged so far
  int next = 1;
  auto waiting = [&](bool alive_only) {
    std::vector<std::string> out;
    for (const auto& [tag, p] : state.FindMci(mci)->patients) {
      const bool at_scene =
          p.state == MciPatientState::kOnScene || p.state == MciPatientState::kAssigned;
      if (at_scene && (!alive_only || p.category != triage::MciCategory::kDead)) {
        out.push_back(tag);
      }
    }
    return out;
  };
  auto category = [&] {
    return static_cast<triage::MciCategory>(rng.UniformInt(std::uint64_t{triage::kMciCategories}));
  };
  // Each ambulance's load: tag list while it carries patients.
  std::map<UnitId, std::vector<std::string>> load;
  const std::size_t n_units = state.units().size();
  for (;;) {
    const bool all_tagged = next > patients;
    if (all_tagged && waiting(true).empty() && load.empty()) break;
    const std::uint64_t action = rng.UniformInt(std::uint64_t{12});
    if (action < 3 && !all_tagged) {
      const std::string tag = tag_of(next++);
      const auto algorithm =
          rng.Bernoulli(0.3)
              ? std::nullopt
              : std::optional(static_cast<triage::MciAlgorithm>(rng.UniformInt(std::uint64_t{3})));
      apply(PatientTagged{mci, tag, category(), algorithm,
                          rng.Bernoulli(0.1) ? "" : sites[rng.UniformInt(std::uint64_t{3})],
                          MciNeeds{rng.Bernoulli(0.1), rng.Bernoulli(0.05), rng.Bernoulli(0.4)}});
      tags.push_back(tag);
    } else if (action < 4) {
      const auto w = waiting(false);
      if (w.empty()) continue;
      const std::string& tag = w[rng.UniformInt(w.size())];
      const MciPatient& p = *state.FindMci(mci)->FindPatient(tag);
      triage::MciCategory c = category();
      // A patient already planned onto an ambulance stays alive in this generator.
      if (p.state == MciPatientState::kAssigned && c == triage::MciCategory::kDead) {
        c = triage::MciCategory::kExpectant;
      }
      apply(PatientRetriaged{mci, tag, c, p.algorithm});
    } else if (action < 5) {
      const auto w = waiting(false);
      if (w.empty()) continue;
      const std::string& tag = w[rng.UniformInt(w.size())];
      if (rng.Bernoulli(0.5)) {
        apply(PatientMoved{mci, tag, sites[rng.UniformInt(std::uint64_t{3})]});
      } else {
        apply(PatientTreated{mci, tag, "direct pressure"});
      }
    } else if (action < 6) {
      const auto w = waiting(true);
      if (w.empty()) continue;
      const std::string& tag = w[rng.UniformInt(w.size())];
      if (state.FindMci(mci)->FindPatient(tag)->category == triage::MciCategory::kMinor) {
        apply(PatientReleased{mci, tag});
      } else if (rng.Bernoulli(0.1)) {
        const int level = state.FindMci(mci)->level;
        apply(MciLevelChanged{mci, level == kHighestMciLevel ? level - 1 : level + 1});
      }
    } else {  // an ambulance's next step
      const UnitId unit{static_cast<std::uint32_t>(1 + rng.UniformInt(n_units))};
      const Unit& u = *state.FindUnit(unit);
      const Assignment* a = state.ActiveAssignment(unit);
      if (a == nullptr) {
        if (u.availability == Availability::kAvailable && !waiting(true).empty()) {
          apply(UnitAssigned{unit, inc});
        }
        continue;
      }
      const HospitalId h{static_cast<std::uint32_t>(1 + rng.UniformInt(std::uint64_t{2}))};
      switch (a->state) {
        case AssignmentState::kAssigned:
          apply(AssignmentProgressed{unit, inc, AssignmentState::kEnRoute, std::nullopt});
          break;
        case AssignmentState::kEnRoute:
          apply(AssignmentProgressed{unit, inc, AssignmentState::kOnScene, std::nullopt});
          break;
        case AssignmentState::kOnScene: {
          const auto w = waiting(true);
          if (w.empty()) {
            apply(AssignmentProgressed{unit, inc, AssignmentState::kCleared, std::nullopt});
            break;
          }
          const std::size_t n =
              std::min<std::size_t>(w.size(), 1 + rng.UniformInt(std::uint64_t{2}));
          for (std::size_t k = 0; k < n; ++k) {
            apply(PatientTransportAssigned{mci, w[k], unit, h});
            apply(PatientTransported{mci, w[k], unit, h});
            load[unit].push_back(w[k]);
          }
          apply(AssignmentProgressed{unit, inc, AssignmentState::kTransporting, h});
          break;
        }
        case AssignmentState::kTransporting:
          apply(AssignmentProgressed{unit, inc, AssignmentState::kAtDestination, std::nullopt});
          for (const std::string& tag : load[unit]) {
            apply(PatientArrived{mci, tag, *a->destination});
          }
          load.erase(unit);
          break;
        case AssignmentState::kAtDestination:
          apply(AssignmentProgressed{unit, inc, AssignmentState::kTransferred, std::nullopt});
          break;
        default:
          apply(AssignmentProgressed{unit, inc, AssignmentState::kCleared, std::nullopt});
          break;
      }
    }
  }
  // Units still on the incident finish their runs or stand down, then the MCI and its incident
  // close.
  for (const Unit& u : state.units()) {
    while (const Assignment* a = state.ActiveAssignment(u.id)) {
      AssignmentState to = AssignmentState::kCleared;
      if (a->state == AssignmentState::kAssigned || a->state == AssignmentState::kEnRoute) {
        to = AssignmentState::kCancelled;
      } else if (a->state == AssignmentState::kAtDestination) {
        to = AssignmentState::kTransferred;
      }
      apply(AssignmentProgressed{u.id, inc, to, std::nullopt});
    }
  }
  apply(MciClosed{mci});
  apply(IncidentClosed{inc});
  return log;
}

}  // namespace beacon::cad::testing
