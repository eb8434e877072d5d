#include "beacon/center/dispatch_center.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "beacon/model/road_travel_times.h"
#include "beacon/model/test_model.h"

namespace beacon::center {
namespace {

using cad::AssignmentState;
using cad::Availability;
using model::testing::GridPoint;
using ::testing::HasSubstr;

// SmallCity: M1 (ALS, station 1 at (0,0), on duty 07:00 + 24 h) and A1 (BLS, station 2 at
// (2,2), on duty 19:00 + 12 h); streets take 10 s. 2026-07-01 is EDT (UTC-4).
class CenterTest : public ::testing::Test {
 protected:
  CenterTest()
      : model_(model::testing::SmallCity()), clock_(*ParseInstant("2026-07-01T12:00:00-04:00")) {
    auto c = DispatchCenter::Create(model_, model_.Roster(), clock_,
                                    std::make_unique<model::RoadTravelTimes>(model_));
    EXPECT_TRUE(c.ok()) << c.status();
    center_.emplace(std::move(c).value());
    EXPECT_TRUE(center_->ApplyShifts().ok());
    for (const cad::Unit& u : center_->state().units()) {
      const cad::Station* s = center_->state().FindStation(u.home_station);
      EXPECT_TRUE(center_->UpdatePosition(u.id, s->location).ok());
    }
  }
  const cad::Unit& U(std::uint32_t id) { return *center_->state().FindUnit(UnitId{id}); }
  IncidentId Call(int row, int col) {
    auto inc = center_->ReceiveCall(CallInput::At(GridPoint(row, col)), "calltaker:test");
    EXPECT_TRUE(inc.ok()) << inc.status();
    return *inc;
  }

  model::CityModel model_;
  ManualClock clock_;
  std::optional<DispatchCenter> center_;
};

TEST_F(CenterTest, ShiftsPutUnitsOnAndOffDuty) {
  EXPECT_EQ(U(1).availability, Availability::kAvailable);     // 24 h from 07:00
  EXPECT_EQ(U(2).availability, Availability::kOutOfService);  // night unit at noon
  clock_.Set(*ParseInstant("2026-07-01T19:00:00-04:00"));
  ASSERT_TRUE(center_->ApplyShifts().ok());
  EXPECT_EQ(U(2).availability, Availability::kAvailable);
  const cad::Event& last = center_->log().back();
  EXPECT_EQ(last.actor, "system");
  EXPECT_EQ(last.reason, "start of shift night");
  clock_.Set(*ParseInstant("2026-07-02T07:00:00-04:00"));
  ASSERT_TRUE(center_->ApplyShifts().ok());
  EXPECT_EQ(U(2).availability, Availability::kOutOfService);
}

TEST_F(CenterTest, TriageRecordsTheDeterminantAndRecommends) {
  const IncidentId inc = Call(1, 1);
  auto partial = center_->Triage(inc, "sick_person", {}, "calltaker:ana");
  ASSERT_TRUE(partial.ok()) << partial.status();
  EXPECT_FALSE(partial->determined);
  ASSERT_NE(partial->next, nullptr);
  EXPECT_EQ(partial->next->id, "conscious");
  EXPECT_EQ(center_->LastRecommendation(inc), nullptr);  // nothing recorded yet
  auto t = center_->Triage(inc, "sick_person", {{"conscious", "no"}}, "calltaker:ana");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(t->determined);
  EXPECT_EQ(t->determinant->code, "SICK-1");
  const cad::Incident* i = center_->state().FindIncident(inc);
  ASSERT_TRUE(i->triage.has_value());
  EXPECT_EQ(i->priority, 1);
  EXPECT_EQ(i->triage->dispatch_reason_code, "2301061");
  EXPECT_EQ(i->triage->dispatch_priority_code, "2305001");
  const RecommendationRecord* rec = center_->LastRecommendation(inc);
  ASSERT_NE(rec, nullptr);
  ASSERT_EQ(rec->recommendation.chosen.size(), 1u);
  EXPECT_EQ(rec->recommendation.chosen[0].name, "M1");
  EXPECT_EQ(rec->recommendation.chosen[0].eta, Seconds{20});  // (0,0) -> (1,1): two streets
  EXPECT_TRUE(std::holds_alternative<cad::UnitRecommended>(center_->log().back().payload));
  EXPECT_THAT(center_->Triage(inc, "no_such_complaint", {}, "x").status().message(),
              HasSubstr("no complaint 'no_such_complaint'"));
}

TEST_F(CenterTest, WaitingCallIsRecommendedTheMomentAUnitFreesUp) {
  const IncidentId first = Call(0, 1);
  ASSERT_TRUE(center_->Triage(first, "sick_person", {{"conscious", "no"}}, "ct").ok());
  ASSERT_TRUE(center_->Dispatch(first, "dispatcher:kim").ok());
  EXPECT_EQ(U(1).availability, Availability::kBusy);
  const IncidentId second = Call(2, 1);
  ASSERT_TRUE(center_->Triage(second, "sick_person", {{"conscious", "yes"}}, "ct").ok());
  const RecommendationRecord* rec = center_->LastRecommendation(second);
  ASSERT_NE(rec, nullptr);
  EXPECT_TRUE(rec->recommendation.chosen.empty());
  EXPECT_TRUE(rec->recommendation.short_of_units);
  ASSERT_EQ(center_->Waiting().size(), 1u);
  EXPECT_EQ(center_->Waiting()[0].incident, second);
  // M1 clears from the first call: the waiting call gets it at once.
  clock_.Set(clock_.Now() + Minutes{10});
  for (AssignmentState s :
       {AssignmentState::kEnRoute, AssignmentState::kOnScene, AssignmentState::kCleared}) {
    ASSERT_TRUE(center_->Progress(UnitId{1}, first, s, std::nullopt, "crew:m1").ok());
  }
  rec = center_->LastRecommendation(second);
  ASSERT_EQ(rec->recommendation.chosen.size(), 1u);
  EXPECT_EQ(rec->recommendation.chosen[0].name, "M1");
  EXPECT_EQ(rec->made, clock_.Now());
}

TEST_F(CenterTest, UnitClearingAfterItsShiftGoesOffDuty) {
  clock_.Set(*ParseInstant("2026-07-02T06:50:00-04:00"));
  ASSERT_TRUE(center_->ApplyShifts().ok());
  const IncidentId inc = Call(2, 1);
  ASSERT_TRUE(center_->Assign(UnitId{2}, inc, "dispatcher:kim").ok());
  clock_.Set(*ParseInstant("2026-07-02T07:20:00-04:00"));
  ASSERT_TRUE(center_->ApplyShifts().ok());
  EXPECT_EQ(U(2).availability, Availability::kBusy);  // still on the call
  ASSERT_TRUE(
      center_->Progress(UnitId{2}, inc, AssignmentState::kCancelled, std::nullopt, "crew:a1").ok());
  EXPECT_EQ(U(2).availability, Availability::kOutOfService);
  const auto& log = center_->log();
  EXPECT_TRUE(std::any_of(log.end() - 3, log.end(),
                          [](const cad::Event& e) { return e.reason == "end of shift"; }));
}

TEST_F(CenterTest, ManualOutOfServiceOutlastsTheShiftCheck) {
  ASSERT_TRUE(
      center_
          ->SetAvailability(UnitId{1}, Availability::kOutOfService, "supervisor:lee", "restocking")
          .ok());
  clock_.Set(clock_.Now() + Hours{1});
  ASSERT_TRUE(center_->ApplyShifts().ok());
  EXPECT_EQ(U(1).availability, Availability::kOutOfService);
  ASSERT_TRUE(center_->SetAvailability(UnitId{1}, Availability::kAvailable, "supervisor:lee").ok());
  EXPECT_EQ(U(1).availability, Availability::kAvailable);
}

TEST_F(CenterTest, RefusedCommandChangesNothing) {
  const IncidentId inc = Call(1, 1);
  const std::size_t events = center_->log().size();
  const Status s =
      center_->Progress(UnitId{1}, inc, AssignmentState::kOnScene, std::nullopt, "crew:m1");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(center_->log().size(), events);
  EXPECT_FALSE(center_->ReceiveCall(CallInput::At({95.0, 0.0}), "ct").ok());
  EXPECT_EQ(center_->log().size(), events);
  EXPECT_FALSE(center_->SetPriority(inc, 4, "ct").ok());
}

TEST_F(CenterTest, TheLogReplaysToTheSameState) {
  const IncidentId a = Call(0, 2);
  ASSERT_TRUE(center_->Triage(a, "sick_person", {{"conscious", "no"}}, "ct").ok());
  ASSERT_TRUE(center_->Dispatch(a, "dispatcher:kim").ok());
  clock_.Set(clock_.Now() + Minutes{3});
  ASSERT_TRUE(center_->Progress(UnitId{1}, a, AssignmentState::kEnRoute, std::nullopt, "c").ok());
  ASSERT_TRUE(center_->SetHospitalStatus(HospitalId{1}, cad::HospitalStatus::kCodeBlack, "s").ok());
  auto replayed = cad::CadState::Create(model_.Roster());
  ASSERT_TRUE(replayed.ok());
  ASSERT_TRUE(cad::Replay(center_->log(), *replayed).ok());
  EXPECT_TRUE(*replayed == center_->state());
}

TEST_F(CenterTest, DestinationsSkipCodeBlackAndChildrensForAdults) {
  const IncidentId inc = Call(1, 1);
  dispatch::PatientNeeds adult;
  adult.age_years = 50;
  auto plan = center_->Destinations(inc, adult);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->ranked.size(), 1u);
  EXPECT_EQ(plan->ranked[0].name, "General");
  ASSERT_TRUE(center_->SetHospitalStatus(HospitalId{1}, cad::HospitalStatus::kCodeBlack, "s").ok());
  plan = center_->Destinations(inc, adult);
  EXPECT_TRUE(plan->ranked.empty());
}

}  // namespace
}  // namespace beacon::center
