// Replay: the log of a busy shift rebuilds identical state, and a log with one illegal event is
// rejected at that event.
#include <gtest/gtest.h>

#include <vector>

#include "beacon/base/rng.h"
#include "beacon/cad/state.h"
#include "beacon/cad/test_roster.h"

namespace beacon::cad {
namespace {

// Drives a CadState with random legal events (a busy shift: calls, dispatches, every status,
// diversions, merges, availability and Code Black changes) and returns the log.
std::vector<Event> BusyShift(CadState& state, int target_events, std::uint64_t seed) {
  Rng rng(seed);
  testing::EventBuilder b(*ParseInstant("2026-11-01T04:00:00Z"));  // across the DST change
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

TEST(Replay, BusyShiftLogRebuildsIdenticalState) {
  CadState live = *CadState::Create(testing::SmallRoster());
  const std::vector<Event> log = BusyShift(live, 20000, 42);
  ASSERT_GE(log.size(), 20000u);
  // The shift exercised every kind of event and every assignment state.
  std::vector<int> kinds(std::variant_size_v<EventPayload>, 0);
  for (const Event& e : log) ++kinds[e.payload.index()];
  for (std::size_t k = 0; k < kinds.size(); ++k) EXPECT_GT(kinds[k], 0) << "kind " << k;
  std::vector<int> states(9, 0);
  for (const Assignment& a : live.assignments()) ++states[static_cast<std::size_t>(a.state)];
  EXPECT_GT(states[static_cast<std::size_t>(AssignmentState::kCleared)], 0);
  EXPECT_GT(states[static_cast<std::size_t>(AssignmentState::kCancelled)], 0);

  CadState replayed = *CadState::Create(testing::SmallRoster());
  ASSERT_TRUE(Replay(log, replayed).ok());
  EXPECT_TRUE(replayed == live);
  EXPECT_EQ(replayed.last_seq(), log.back().seq);

  // A prefix rebuilds a different (earlier) state: equality is not vacuous.
  CadState partial = *CadState::Create(testing::SmallRoster());
  ASSERT_TRUE(Replay(std::span(log).first(log.size() - 1), partial).ok());
  EXPECT_FALSE(partial == live);
}

TEST(Replay, OneIllegalEventStopsTheReplayAtThatEvent) {
  CadState live = *CadState::Create(testing::SmallRoster());
  std::vector<Event> log = BusyShift(live, 2000, 7);
  // Find an assignment step and make it skip ahead (EN_ROUTE -> TRANSFERRED is illegal).
  std::size_t bad = 0;
  for (std::size_t i = 100; i < log.size(); ++i) {
    if (auto* p = std::get_if<AssignmentProgressed>(&log[i].payload);
        p != nullptr && p->state == AssignmentState::kOnScene) {
      p->state = AssignmentState::kTransferred;
      bad = i;
      break;
    }
  }
  ASSERT_GT(bad, 0u);
  CadState replayed = *CadState::Create(testing::SmallRoster());
  Status s = Replay(log, replayed);
  ASSERT_FALSE(s.ok());
  const std::string msg(s.message());
  EXPECT_EQ(msg.rfind("event #" + std::to_string(log[bad].seq) + " AssignmentProgressed", 0), 0u)
      << msg;
  EXPECT_NE(msg.find("cannot go to TRANSFERRED (allowed: ON_SCENE, CANCELLED)"), std::string::npos)
      << msg;
  EXPECT_EQ(replayed.last_seq(), log[bad].seq - 1) << "everything before it was applied";
}

}  // namespace
}  // namespace beacon::cad
