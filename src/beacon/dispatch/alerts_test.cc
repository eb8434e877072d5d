#include "beacon/dispatch/alerts.h"

#include <gtest/gtest.h>

#include "beacon/cad/test_roster.h"

namespace beacon::dispatch {
namespace {

using cad::AssignmentProgressed;
using cad::AssignmentState;

class AlertsTest : public ::testing::Test {
 protected:
  AlertsTest()
      : state_(*cad::CadState::Create(cad::testing::SmallRoster())),
        b_(*ParseInstant("2026-07-01T12:00:00Z")) {}
  void Apply(cad::EventPayload p) {
    Status s = state_.Apply(b_.Next(std::move(p)));
    ASSERT_TRUE(s.ok()) << s;
  }
  void NewIncident(std::uint64_t id, int priority) {
    Apply(cad::CallReceived{cad::CallId{id}, {42.34, -71.07}, "", std::nullopt});
    Apply(cad::IncidentCreated{IncidentId{id}, cad::CallId{id}});
    if (priority > 0) Apply(cad::PriorityChanged{IncidentId{id}, priority});
  }
  std::vector<Alert> Of(AlertKind kind, Instant at) {
    std::vector<Alert> out;
    for (const Alert& a : EvaluateAlerts(state_, at)) {
      if (a.kind == kind) out.push_back(a);
    }
    return out;
  }
  cad::CadState state_;
  cad::testing::EventBuilder b_;
};

TEST_F(AlertsTest, UndispatchedCallTurnsAmberAtItsLimitAndRedAtOneAndAHalf) {
  NewIncident(1, 1);  // created at t0 + 1 s
  const Instant created = state_.FindIncident(IncidentId{1})->created;
  EXPECT_TRUE(Of(AlertKind::kCallNotDispatched, created + Seconds{59}).empty());
  auto amber = Of(AlertKind::kCallNotDispatched, created + Seconds{60});
  ASSERT_EQ(amber.size(), 1u);
  EXPECT_EQ(amber[0].level, AlertLevel::kAmber);
  EXPECT_EQ(amber[0].message,
            "incident 1 (priority 1) not dispatched for 1 min 00 s (limit 1 min 00 s)");
  auto red = Of(AlertKind::kCallNotDispatched, created + Seconds{90});
  ASSERT_EQ(red.size(), 1u);
  EXPECT_EQ(red[0].level, AlertLevel::kRed);
  // Priority 3 has a 5-minute limit.
  NewIncident(2, 3);
  const Instant c2 = state_.FindIncident(IncidentId{2})->created;
  EXPECT_EQ(Of(AlertKind::kCallNotDispatched, c2 + Seconds{299}).size(), 1u);  // only incident 1
  // Dispatching clears it.
  Apply(cad::UnitAssigned{UnitId{1}, IncidentId{1}});
  EXPECT_TRUE(Of(AlertKind::kCallNotDispatched, created + Seconds{90}).empty());
}

TEST_F(AlertsTest, UntriagedCallUsesTheMostUrgentLimit) {
  NewIncident(1, 0);
  const Instant created = state_.FindIncident(IncidentId{1})->created;
  auto a = Of(AlertKind::kCallNotDispatched, created + Seconds{61});
  ASSERT_EQ(a.size(), 1u);
  EXPECT_NE(a[0].message.find("priority not set"), std::string::npos);
}

TEST_F(AlertsTest, UnitOverdueOnSceneAndAtHospital) {
  NewIncident(1, 2);
  Apply(cad::UnitAssigned{UnitId{3}, IncidentId{1}});
  Apply(AssignmentProgressed{UnitId{3}, IncidentId{1}, AssignmentState::kEnRoute, std::nullopt});
  Apply(AssignmentProgressed{UnitId{3}, IncidentId{1}, AssignmentState::kOnScene, std::nullopt});
  const Instant on_scene = b_.now() - Seconds{1};
  EXPECT_TRUE(Of(AlertKind::kOverdueOnScene, on_scene + Minutes{29}).empty());
  auto a = Of(AlertKind::kOverdueOnScene, on_scene + Minutes{46});
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].level, AlertLevel::kRed);
  EXPECT_EQ(a[0].message, "B3 on scene for 46 min 00 s (limit 30 min 00 s), incident 1");
  Apply(AssignmentProgressed{UnitId{3}, IncidentId{1}, AssignmentState::kTransporting,
                             HospitalId{2}});
  Apply(AssignmentProgressed{UnitId{3}, IncidentId{1}, AssignmentState::kAtDestination,
                             std::nullopt});
  const Instant arrived = b_.now() - Seconds{1};
  auto h = Of(AlertKind::kOverdueAtHospital, arrived + Minutes{31});
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].level, AlertLevel::kAmber);
  EXPECT_EQ(h[0].message, "B3 at Children's for 31 min 00 s (limit 30 min 00 s), incident 1");
}

TEST_F(AlertsTest, StaleFixIgnoresUnitsOutOfService) {
  ASSERT_TRUE(state_.UpdatePosition(UnitId{1}, {{42.35, -71.06}, b_.now()}).ok());
  ASSERT_TRUE(state_.UpdatePosition(UnitId{4}, {{42.35, -71.06}, b_.now()}).ok());
  Apply(cad::UnitAvailabilityChanged{UnitId{4}, cad::Availability::kOutOfService});
  auto a = Of(AlertKind::kStaleFix, b_.now() + Minutes{3});
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].unit, UnitId{1});
  EXPECT_NE(a[0].message.find("A1 position fix is 3 min"), std::string::npos);
}

TEST_F(AlertsTest, NoUnitOfLevelAvailable) {
  EXPECT_TRUE(Of(AlertKind::kNoUnitOfLevel, b_.now()).empty());
  Apply(cad::UnitAvailabilityChanged{UnitId{1}, cad::Availability::kOutOfService});
  NewIncident(1, 1);
  Apply(cad::UnitAssigned{UnitId{2}, IncidentId{1}});
  auto a = Of(AlertKind::kNoUnitOfLevel, b_.now());
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].message, "no ALS unit available");
}

}  // namespace
}  // namespace beacon::dispatch
