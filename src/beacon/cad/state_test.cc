#include "beacon/cad/state.h"

#include <gtest/gtest.h>

#include "beacon/cad/test_roster.h"

namespace beacon::cad {
namespace {

using testing::EventBuilder;
using testing::SmallRoster;

class CadStateTest : public ::testing::Test {
 protected:
  CadStateTest()
      : state_(*CadState::Create(SmallRoster())), b_(*ParseInstant("2026-03-08T06:55:00Z")) {}

  // Applies an event that must be legal.
  void Ok(EventPayload p) {
    Status s = state_.Apply(b_.Next(std::move(p)));
    ASSERT_TRUE(s.ok()) << s;
  }
  // Applies an event that must be rejected; checks the state did not change; returns the message.
  std::string Rejected(EventPayload p) {
    const CadState before = state_;
    Status s = state_.Apply(b_.Next(std::move(p)));
    b_.Unuse();
    EXPECT_FALSE(s.ok());
    EXPECT_TRUE(state_ == before) << "a rejected event changed the state";
    return std::string(s.message());
  }
  void NewIncident(std::uint64_t id) {
    Ok(CallReceived{CallId{id}, {42.35, -71.06}, "1 Main St", std::nullopt});
    Ok(IncidentCreated{IncidentId{id}, CallId{id}});
  }
  void Progress(std::uint32_t unit, std::uint64_t incident, AssignmentState s,
                std::optional<HospitalId> dest = std::nullopt) {
    Ok(AssignmentProgressed{UnitId{unit}, IncidentId{incident}, s, dest});
  }

  CadState state_;
  EventBuilder b_;
};

TEST_F(CadStateTest, FullResponseStampsEveryETime) {
  const Instant psap = *ParseInstant("2026-03-08T06:54:30Z");
  Ok(CallReceived{CallId{1}, {42.35, -71.06}, "1 Main St", psap});
  const Instant received = b_.now() - Seconds{1};
  Ok(IncidentCreated{IncidentId{1}, CallId{1}});
  Ok(UnitAssigned{UnitId{1}, IncidentId{1}});
  EXPECT_EQ(state_.FindUnit(UnitId{1})->availability, Availability::kBusy);
  for (AssignmentState s :
       {AssignmentState::kEnRoute, AssignmentState::kOnScene, AssignmentState::kPatientContact}) {
    Progress(1, 1, s);
  }
  Progress(1, 1, AssignmentState::kTransporting, HospitalId{2});
  Progress(1, 1, AssignmentState::kAtDestination);
  Progress(1, 1, AssignmentState::kTransferred);
  Progress(1, 1, AssignmentState::kCleared);

  const Unit& u = *state_.FindUnit(UnitId{1});
  EXPECT_EQ(u.availability, Availability::kAvailable);
  EXPECT_FALSE(u.active_incident.has_value());
  EXPECT_EQ(state_.ActiveAssignment(UnitId{1}), nullptr);
  const Incident& inc = *state_.FindIncident(IncidentId{1});
  ASSERT_EQ(inc.assignments.size(), 1u);
  const Assignment& a = state_.assignments()[inc.assignments[0]];
  EXPECT_EQ(a.state, AssignmentState::kCleared);
  EXPECT_EQ(a.destination, HospitalId{2});
  EXPECT_EQ(inc.etimes[static_cast<int>(ETime::kPsapCall)], psap);
  EXPECT_EQ(inc.etimes[static_cast<int>(ETime::kDispatchNotified)], received);
  // Events are one second apart: assigned at +2 s after receipt, each later state +1 s.
  const ETime order[] = {ETime::kUnitNotified,   ETime::kEnRoute,
                         ETime::kArrivedOnScene, ETime::kArrivedAtPatient,
                         ETime::kLeftScene,      ETime::kArrivedAtDestination,
                         ETime::kTransferOfCare, ETime::kBackInService};
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(a.etimes[static_cast<std::size_t>(order[i])].has_value()) << i;
    EXPECT_EQ(*a.etimes[static_cast<std::size_t>(order[i])], received + Seconds{2 + i})
        << ETimeElementName(order[i]);
  }
  EXPECT_FALSE(a.etimes[static_cast<std::size_t>(ETime::kCancelled)].has_value());
}

TEST_F(CadStateTest, IllegalTransitionNamesUnitStateAndAttempt) {
  NewIncident(1);
  Ok(UnitAssigned{UnitId{3}, IncidentId{1}});
  const std::string msg = Rejected(AssignmentProgressed{
      UnitId{3}, IncidentId{1}, AssignmentState::kTransporting, HospitalId{1}});
  EXPECT_EQ(msg,
            "unit 3 (B3) is ASSIGNED on incident 1; cannot go to TRANSPORTING "
            "(allowed: EN_ROUTE, CANCELLED)");
}

TEST_F(CadStateTest, CancelOnlyBeforeOnScene) {
  NewIncident(1);
  Ok(UnitAssigned{UnitId{1}, IncidentId{1}});
  Progress(1, 1, AssignmentState::kEnRoute);
  Progress(1, 1, AssignmentState::kOnScene);
  EXPECT_NE(Rejected(AssignmentProgressed{UnitId{1}, IncidentId{1}, AssignmentState::kCancelled,
                                          std::nullopt})
                .find("cannot go to CANCELLED"),
            std::string::npos);
  Ok(UnitAssigned{UnitId{2}, IncidentId{1}});
  Progress(2, 1, AssignmentState::kCancelled);
  const Assignment& a2 = state_.assignments().back();
  EXPECT_EQ(a2.state, AssignmentState::kCancelled);
  EXPECT_TRUE(a2.etimes[static_cast<std::size_t>(ETime::kCancelled)].has_value());
  EXPECT_EQ(state_.FindUnit(UnitId{2})->availability, Availability::kAvailable);
}

TEST_F(CadStateTest, TransportNeedsAKnownDestination) {
  NewIncident(1);
  Ok(UnitAssigned{UnitId{1}, IncidentId{1}});
  Progress(1, 1, AssignmentState::kEnRoute);
  Progress(1, 1, AssignmentState::kOnScene);
  EXPECT_NE(Rejected(AssignmentProgressed{UnitId{1}, IncidentId{1}, AssignmentState::kTransporting,
                                          std::nullopt})
                .find("needs a destination"),
            std::string::npos);
  EXPECT_NE(Rejected(AssignmentProgressed{UnitId{1}, IncidentId{1}, AssignmentState::kTransporting,
                                          HospitalId{99}})
                .find("hospital 99"),
            std::string::npos);
  EXPECT_NE(Rejected(AssignmentProgressed{UnitId{1}, IncidentId{1},
                                          AssignmentState::kPatientContact, HospitalId{1}})
                .find("only TRANSPORTING takes a destination"),
            std::string::npos);
}

TEST_F(CadStateTest, DiversionCancelsTheEarlierAssignment) {
  NewIncident(1);
  NewIncident(2);
  Ok(PriorityChanged{IncidentId{1}, 3});
  Ok(PriorityChanged{IncidentId{2}, 1});
  Ok(UnitAssigned{UnitId{1}, IncidentId{1}});
  Progress(1, 1, AssignmentState::kEnRoute);
  Ok(UnitAssigned{UnitId{1}, IncidentId{2}});  // diverted to the priority-1 call
  EXPECT_EQ(state_.ActiveAssignment(UnitId{1})->incident, IncidentId{2});
  const Incident& first = *state_.FindIncident(IncidentId{1});
  EXPECT_EQ(state_.assignments()[first.assignments[0]].state, AssignmentState::kCancelled);
  EXPECT_EQ(state_.FindUnit(UnitId{1})->availability, Availability::kBusy);
  // Once on scene, a unit cannot be diverted.
  Progress(1, 2, AssignmentState::kEnRoute);
  Progress(1, 2, AssignmentState::kOnScene);
  EXPECT_NE(Rejected(UnitAssigned{UnitId{1}, IncidentId{1}})
                .find("only a unit ASSIGNED or "
                      "EN_ROUTE can be diverted"),
            std::string::npos);
  EXPECT_NE(Rejected(UnitAssigned{UnitId{1}, IncidentId{2}}).find("already ON_SCENE"),
            std::string::npos);
}

TEST_F(CadStateTest, AvailabilityMachineIsSeparateFromAssignments) {
  Ok(UnitAvailabilityChanged{UnitId{4}, Availability::kOutOfService});
  NewIncident(1);
  EXPECT_NE(Rejected(UnitAssigned{UnitId{4}, IncidentId{1}}).find("OUT_OF_SERVICE"),
            std::string::npos);
  EXPECT_NE(Rejected(UnitAvailabilityChanged{UnitId{4}, Availability::kOutOfService})
                .find("already OUT_OF_SERVICE"),
            std::string::npos);
  Ok(UnitAssigned{UnitId{3}, IncidentId{1}});
  EXPECT_EQ(Rejected(UnitAvailabilityChanged{UnitId{3}, Availability::kOutOfService}),
            "unit 3 (B3) is BUSY on incident 1; clear or cancel the assignment before going "
            "OUT_OF_SERVICE");
  EXPECT_NE(Rejected(UnitAvailabilityChanged{UnitId{2}, Availability::kBusy}).find("BUSY comes"),
            std::string::npos);
  EXPECT_NE(Rejected(UnitAvailabilityChanged{UnitId{42}, Availability::kAvailable})
                .find("unit 42 is not in the roster"),
            std::string::npos);
}

TEST_F(CadStateTest, IncidentClosesOnlyWithoutActiveAssignments) {
  NewIncident(1);
  Ok(UnitAssigned{UnitId{2}, IncidentId{1}});
  EXPECT_NE(Rejected(IncidentClosed{IncidentId{1}}).find("still has unit 2 ASSIGNED"),
            std::string::npos);
  Progress(2, 1, AssignmentState::kCancelled);
  Ok(IncidentClosed{IncidentId{1}});
  EXPECT_TRUE(state_.FindIncident(IncidentId{1})->closed);
  EXPECT_NE(Rejected(UnitAssigned{UnitId{2}, IncidentId{1}}).find("incident 1 is closed"),
            std::string::npos);
  EXPECT_NE(Rejected(PriorityChanged{IncidentId{7}, 1}).find("incident 7 does not exist"),
            std::string::npos);
}

TEST_F(CadStateTest, ForgettingAClosedIncidentDropsItAndItsCallsOnly) {
  NewIncident(1);
  NewIncident(2);
  Ok(UnitAssigned{UnitId{2}, IncidentId{1}});
  EXPECT_EQ(state_.ForgetClosedIncident(IncidentId{1}).message(), "incident 1 is still open");
  Progress(2, 1, AssignmentState::kCancelled);
  Ok(IncidentClosed{IncidentId{1}});
  ASSERT_TRUE(state_.ForgetClosedIncident(IncidentId{1}).ok());
  EXPECT_EQ(state_.FindIncident(IncidentId{1}), nullptr);
  EXPECT_EQ(state_.FindCall(CallId{1}), nullptr);
  EXPECT_NE(state_.FindIncident(IncidentId{2}), nullptr);
  EXPECT_EQ(state_.assignments().size(), 1u);  // the record of the assignment stays
  EXPECT_EQ(state_.ForgetClosedIncident(IncidentId{1}).message(), "incident 1 does not exist");
  Ok(UnitAssigned{UnitId{2}, IncidentId{2}});  // the unit works on
}

TEST_F(CadStateTest, MergeMovesCallsAndActiveUnits) {
  NewIncident(1);
  NewIncident(2);
  Ok(UnitAssigned{UnitId{1}, IncidentId{2}});
  Ok(IncidentMerged{IncidentId{2}, IncidentId{1}});
  const Incident& from = *state_.FindIncident(IncidentId{2});
  const Incident& into = *state_.FindIncident(IncidentId{1});
  EXPECT_TRUE(from.closed);
  EXPECT_EQ(from.merged_into, IncidentId{1});
  EXPECT_EQ(into.calls.size(), 2u);
  EXPECT_EQ(state_.FindCall(CallId{2})->incident, IncidentId{1});
  EXPECT_EQ(state_.ActiveAssignment(UnitId{1})->incident, IncidentId{1});
  EXPECT_EQ(state_.FindUnit(UnitId{1})->active_incident, IncidentId{1});
  Progress(1, 1, AssignmentState::kEnRoute);
  EXPECT_NE(Rejected(IncidentMerged{IncidentId{1}, IncidentId{1}}).find("into itself"),
            std::string::npos);
}

TEST_F(CadStateTest, VersionsCountChanges) {
  NewIncident(1);
  const std::uint64_t v0 = state_.FindIncident(IncidentId{1})->version;
  Ok(TriageCompleted{IncidentId{1}, "chest_pain", "CHEST-1", 1, CareLevel::kAls, 1, true, "2301021",
                     "2305001"});
  EXPECT_EQ(state_.FindIncident(IncidentId{1})->priority, 1);
  EXPECT_EQ(state_.FindIncident(IncidentId{1})->version, v0 + 1);
  const std::uint64_t u0 = state_.FindUnit(UnitId{1})->version;
  Ok(UnitAssigned{UnitId{1}, IncidentId{1}});
  EXPECT_EQ(state_.FindUnit(UnitId{1})->version, u0 + 1);
  EXPECT_NE(Rejected(TriageCompleted{IncidentId{1}, "x", "X", 4, CareLevel::kBls, 1, false, "", ""})
                .find("priority 4 is not 1, 2 or 3"),
            std::string::npos);
}

TEST_F(CadStateTest, HospitalCodeBlackToggles) {
  Ok(HospitalStatusChanged{HospitalId{1}, HospitalStatus::kCodeBlack});
  EXPECT_EQ(state_.FindHospital(HospitalId{1})->status, HospitalStatus::kCodeBlack);
  EXPECT_NE(Rejected(HospitalStatusChanged{HospitalId{1}, HospitalStatus::kCodeBlack})
                .find("already CODE_BLACK"),
            std::string::npos);
  Ok(HospitalStatusChanged{HospitalId{1}, HospitalStatus::kOpen});
}

TEST_F(CadStateTest, SequenceAndTimeMustMoveForward) {
  Event e = b_.Next(CallReceived{CallId{1}, {42.35, -71.06}, "", std::nullopt});
  e.seq = 5;
  EXPECT_NE(state_.Apply(e).message().find("sequence number 5 does not follow 0"),
            std::string::npos);
  e.seq = 1;
  ASSERT_TRUE(state_.Apply(e).ok());
  Event earlier = b_.Next(CallReceived{CallId{2}, {42.35, -71.06}, "", std::nullopt});
  earlier.time = e.time - Seconds{1};
  EXPECT_NE(state_.Apply(earlier).message().find("before the previous event"), std::string::npos);
}

TEST_F(CadStateTest, BadCoordinatesAndDuplicatesAreRejected) {
  EXPECT_NE(Rejected(CallReceived{CallId{1}, {95.0, -71.0}, "", std::nullopt})
                .find("call 1: latitude 95"),
            std::string::npos);
  Ok(CallReceived{CallId{1}, {42.35, -71.06}, "", std::nullopt});
  EXPECT_NE(
      Rejected(CallReceived{CallId{1}, {42.35, -71.06}, "", std::nullopt}).find("already received"),
      std::string::npos);
  EXPECT_NE(Rejected(IncidentCreated{IncidentId{1}, CallId{9}}).find("call 9 was not received"),
            std::string::npos);
}

TEST_F(CadStateTest, PositionsKeepTheLatestFix) {
  const Instant t = *ParseInstant("2026-03-08T07:00:00Z");
  ASSERT_TRUE(state_.UpdatePosition(UnitId{1}, {{42.36, -71.05}, t}).ok());
  ASSERT_TRUE(state_.UpdatePosition(UnitId{1}, {{42.30, -71.00}, t - Seconds{5}}).ok());
  EXPECT_EQ(state_.Position(UnitId{1})->position, (LatLon{42.36, -71.05}));
  ASSERT_TRUE(state_.UpdatePosition(UnitId{1}, {{42.37, -71.04}, t + Seconds{5}}).ok());
  EXPECT_EQ(state_.Position(UnitId{1})->position, (LatLon{42.37, -71.04}));
  EXPECT_FALSE(state_.UpdatePosition(UnitId{9}, {{42.37, -71.04}, t}).ok());
  EXPECT_FALSE(state_.UpdatePosition(UnitId{1}, {{42.37, 181.0}, t}).ok());
  EXPECT_FALSE(state_.Position(UnitId{2}).has_value());
}

TEST(Roster, RejectsDuplicatesAndDanglingStations) {
  Roster r = SmallRoster();
  r.units.push_back(r.units[0]);
  EXPECT_NE(CadState::Create(r).error().message().find("unit id 1 appears twice"),
            std::string::npos);
  r = SmallRoster();
  r.units[0].home_station = StationId{77};
  EXPECT_NE(CadState::Create(r).error().message().find("home station 77"), std::string::npos);
  r = SmallRoster();
  r.hospitals[1].location = {0, 999};
  EXPECT_NE(CadState::Create(r).error().message().find("longitude 999"), std::string::npos);
}

}  // namespace
}  // namespace beacon::cad
