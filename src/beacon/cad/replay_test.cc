// Replay: the log of a busy shift rebuilds identical state, and a log with one illegal event is
// rejected at that event.
#include <gtest/gtest.h>

#include <vector>

#include "beacon/cad/state.h"
#include "beacon/cad/test_roster.h"

namespace beacon::cad {
namespace {

TEST(Replay, BusyShiftLogRebuildsIdenticalState) {
  CadState live = *CadState::Create(testing::SmallRoster());
  const std::vector<Event> log = testing::BusyShift(live, 20000, 42);
  ASSERT_GE(log.size(), 20000u);
  // The shift exercised every kind of CAD core event (the MCI kinds: mci_test.cc) and every
  // assignment state.
  std::vector<int> kinds(std::variant_size_v<EventPayload>, 0);
  for (const Event& e : log) ++kinds[e.payload.index()];
  for (std::size_t k = 0; k < kFirstMciEventKind; ++k) EXPECT_GT(kinds[k], 0) << "kind " << k;
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
  std::vector<Event> log = testing::BusyShift(live, 2000, 7);
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
