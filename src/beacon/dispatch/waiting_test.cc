#include "beacon/dispatch/waiting.h"

#include <gtest/gtest.h>

#include "beacon/cad/test_roster.h"

namespace beacon::dispatch {
namespace {

TEST(WaitingCalls, MostUrgentFirstThenLongestWait) {
  cad::CadState state = *cad::CadState::Create(cad::testing::SmallRoster());
  cad::testing::EventBuilder b(*ParseInstant("2026-07-01T12:00:00Z"));
  auto apply = [&](cad::EventPayload p) { ASSERT_TRUE(state.Apply(b.Next(std::move(p))).ok()); };
  auto incident = [&](std::uint64_t id, int priority) {
    apply(cad::CallReceived{cad::CallId{id}, {42.34, -71.07}, "", std::nullopt});
    apply(cad::IncidentCreated{IncidentId{id}, cad::CallId{id}});
    if (priority > 0) apply(cad::PriorityChanged{IncidentId{id}, priority});
  };
  incident(1, 3);
  incident(2, 2);
  incident(3, 3);
  incident(4, 1);
  incident(5, 2);
  apply(cad::UnitAssigned{UnitId{1}, IncidentId{5}});  // 5 has a unit coming
  incident(6, 0);                                      // untriaged counts as priority 1
  apply(cad::UnitAssigned{UnitId{2}, IncidentId{3}});
  apply(cad::AssignmentProgressed{UnitId{2}, IncidentId{3}, cad::AssignmentState::kCancelled,
                                  std::nullopt});  // 3 waits again
  const std::vector<WaitingCall> q = WaitingCalls(state, b.now());
  std::vector<std::uint64_t> order;
  for (const WaitingCall& w : q) order.push_back(w.incident.value());
  EXPECT_EQ(order, (std::vector<std::uint64_t>{4, 6, 2, 1, 3}));
  EXPECT_TRUE(q.back().ever_assigned);
  EXPECT_FALSE(q.front().ever_assigned);
  EXPECT_GT(q[3].waiting, q[4].waiting);  // 1 has waited longer than 3
}

}  // namespace
}  // namespace beacon::dispatch
