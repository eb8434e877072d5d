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

TEST_F(CenterTest, ARestoredCenterContinuesTheLogAndKeepsManualOutOfService) {
  const IncidentId a = Call(0, 2);
  ASSERT_TRUE(center_->Triage(a, "sick_person", {{"conscious", "no"}}, "ct").ok());
  ASSERT_TRUE(center_->Dispatch(a, "dispatcher:kim").ok());
  clock_.Set(*ParseInstant("2026-07-01T19:00:00-04:00"));
  ASSERT_TRUE(center_->ApplyShifts().ok());  // A1 starts its shift
  ASSERT_TRUE(
      center_->SetAvailability(UnitId{2}, Availability::kOutOfService, "supervisor:lee", "fuel")
          .ok());
  auto fresh = DispatchCenter::Create(model_, model_.Roster(), clock_,
                                      std::make_unique<model::RoadTravelTimes>(model_));
  ASSERT_TRUE(fresh.ok());
  ASSERT_TRUE(fresh->Restore(center_->log()).ok());
  EXPECT_TRUE(fresh->state() == center_->state());
  EXPECT_EQ(fresh->log().size(), center_->log().size());
  // The next command continues the log; the shift check leaves the manual out-of-service alone.
  clock_.Set(clock_.Now() + Minutes{15});
  ASSERT_TRUE(fresh->ApplyShifts().ok());
  EXPECT_EQ(fresh->state().FindUnit(UnitId{2})->availability, Availability::kOutOfService);
  auto b = fresh->ReceiveCall(CallInput::At(GridPoint(1, 1)), "calltaker:ana");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_NE(*b, a);
  EXPECT_EQ(fresh->log().back().seq, center_->log().back().seq + 2);
  // A log the state refuses is named.
  std::vector<cad::Event> bad = center_->log();
  bad[1].seq = 99;
  auto other = DispatchCenter::Create(model_, model_.Roster(), clock_,
                                      std::make_unique<model::RoadTravelTimes>(model_));
  const Status s = other->Restore(bad);
  EXPECT_THAT(std::string(s.message()), HasSubstr("stored #99"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("sequence number 99 does not follow"));
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

// CoverageCity (a 5 x 5 grid, streets of 10 s, priority-1 target 20 s, every station a post)
// with three BLS units: A1 at Centre (2,2), A2 at East (2,4), A3 at South West (4,0).
class CoverageCenterTest : public ::testing::Test {
 protected:
  CoverageCenterTest()
      : model_(model::testing::CoverageCity()),
        clock_(*ParseInstant("2026-07-01T12:00:00-04:00")) {}

  void Start(CoverageOptions coverage) {
    cad::Roster roster = model_.Roster();
    roster.units.clear();
    const std::pair<const char*, std::uint32_t> units[] = {{"A1", 3}, {"A2", 6}, {"A3", 4}};
    std::uint32_t id = 1;
    for (const auto& [name, station] : units) {
      cad::Unit u;
      u.id = UnitId{id++};
      u.name = name;
      u.type = cad::UnitType::kBls;
      u.home_station = StationId{station};
      roster.units.push_back(u);
    }
    DispatchCenter::Options o;
    o.follow_shifts = false;
    o.coverage = std::move(coverage);
    auto c = DispatchCenter::Create(model_, std::move(roster), clock_,
                                    std::make_unique<model::RoadTravelTimes>(model_), o);
    ASSERT_TRUE(c.ok()) << c.status();
    center_.emplace(std::move(c).value());
    for (const cad::Unit& u : center_->state().units()) {
      ASSERT_TRUE(center_->SetAvailability(u.id, Availability::kAvailable, "system").ok());
      ASSERT_TRUE(
          center_->UpdatePosition(u.id, center_->state().FindStation(u.home_station)->location)
              .ok());
    }
  }
  IncidentId Call(int row, int col) {
    auto inc = center_->ReceiveCall(CallInput::At(GridPoint(row, col)), "calltaker:test");
    EXPECT_TRUE(inc.ok()) << inc.status();
    EXPECT_TRUE(center_->SetPriority(*inc, 1, "calltaker:test").ok());
    return *inc;
  }

  model::CityModel model_;
  ManualClock clock_;
  std::optional<DispatchCenter> center_;
};

TEST_F(CoverageCenterTest, ClosestUnitWithoutCoverageOptions) {
  Start({});
  EXPECT_EQ(center_->Coverage(), nullptr);
  const IncidentId inc = Call(1, 2);
  ASSERT_NE(center_->LastRecommendation(inc), nullptr);
  EXPECT_EQ(center_->LastRecommendation(inc)->recommendation.chosen.at(0).name, "A1");
}

TEST_F(CoverageCenterTest, CoverageAwarePolicyKeepsTheCentreCovered) {
  CoverageOptions o;
  o.coverage_aware = true;
  o.policy.tolerance = Seconds{25};
  Start(o);
  ASSERT_NE(center_->Coverage(), nullptr);
  // A1 is 10 s away, A2 30 s, A3 50 s; A1 alone covers most of the grid's middle.
  const IncidentId inc = Call(1, 2);
  const dispatch::Candidate& c = center_->LastRecommendation(inc)->recommendation.chosen.at(0);
  EXPECT_EQ(c.name, "A2");
  EXPECT_THAT(c.reason, HasSubstr("20 s slower than A1"));
  EXPECT_THAT(c.reason, HasSubstr("expected coverage"));
  EXPECT_TRUE(center_->MoveUps().empty());  // move-up is off
}

TEST_F(CoverageCenterTest, MoveUpAfterClearanceSendsTheFreedUnitToTheBestPost) {
  CoverageOptions o;
  o.move_up = true;
  Start(o);
  const IncidentId inc = Call(1, 2);
  ASSERT_TRUE(center_->Dispatch(inc, "dispatcher:test").ok());  // A1 leaves the centre
  ASSERT_FALSE(center_->LastMoveUps().empty());
  const MoveUpRecord& after_assign = center_->LastMoveUps().front();
  EXPECT_NE(after_assign.move.unit_name, "A1");
  EXPECT_GT(after_assign.move.gain, 0);
  EXPECT_THAT(after_assign.trigger, HasSubstr("A1 assigned"));
  EXPECT_FALSE(after_assign.applied);
  // The suggestion is logged for the dispatcher with the coverage it gains.
  const auto logged =
      std::find_if(center_->log().rbegin(), center_->log().rend(), [](const cad::Event& e) {
        return std::holds_alternative<cad::MoveUpRecommended>(e.payload);
      });
  ASSERT_NE(logged, center_->log().rend());
  EXPECT_THAT(logged->reason, HasSubstr("expected coverage"));
  EXPECT_EQ(std::get<cad::MoveUpRecommended>(logged->payload).post, after_assign.post);

  for (AssignmentState s :
       {AssignmentState::kEnRoute, AssignmentState::kOnScene, AssignmentState::kCleared}) {
    if (s == AssignmentState::kCleared) {
      clock_.Advance(Minutes{20});
      ASSERT_TRUE(center_->UpdatePosition(UnitId{1}, GridPoint(0, 3)).ok());
    }
    ASSERT_TRUE(center_->Progress(UnitId{1}, inc, s, std::nullopt, "crew:test").ok());
  }
  ASSERT_FALSE(center_->LastMoveUps().empty());
  const MoveUpRecord& freed = center_->LastMoveUps().front();
  EXPECT_EQ(freed.move.unit_name, "A1");
  EXPECT_EQ(freed.trigger, "A1 CLEARED");
  // Nobody covers the centre while A2 is at East and A3 at South West: A1 goes back there.
  EXPECT_EQ(freed.move.post_name, "Centre");
  EXPECT_THAT(freed.move.reason, HasSubstr("A1 to Centre: "));
}

TEST_F(CoverageCenterTest, AppliedMoveUpCountsTheUnitFromItsPost) {
  CoverageOptions o;
  o.move_up = true;
  o.apply_move_up = true;
  o.request.min_gain_share = 0.0;
  Start(o);
  const double before = *center_->ExpectedCoverageShare();
  const IncidentId inc = Call(1, 2);
  ASSERT_TRUE(center_->Dispatch(inc, "dispatcher:test").ok());
  ASSERT_FALSE(center_->LastMoveUps().empty());
  const MoveUpRecord moved = center_->LastMoveUps().front();
  EXPECT_TRUE(moved.applied);
  EXPECT_THAT(center_->log().back().reason, HasSubstr("(ordered)"));
  EXPECT_TRUE(std::get<cad::MoveUpRecommended>(center_->log().back().payload).applied);
  // Coverage counts the moved unit at its post, before it gets there.
  const double now = *center_->ExpectedCoverageShare();
  EXPECT_NEAR(now, moved.move.expected_after / center_->Coverage()->TotalWeight(), 1e-9);
  EXPECT_LT(now, before);  // one unit fewer than at the start
}

}  // namespace
}  // namespace beacon::center

namespace beacon::center {
namespace {

// MCI mode in the center: tags from findings, plans on the live state, the first runs recorded,
// and a transported patient fixed in the next plan.
class CenterMciTest : public CenterTest {
 protected:
  cad::MciId Declare() {
    const IncidentId inc = Call(1, 1);
    incident_ = inc;
    auto mci = center_->DeclareMci(inc, "grid collapse", 2, "supervisor:test");
    EXPECT_TRUE(mci.ok()) << mci.status();
    return *mci;
  }
  IncidentId incident_;
};

TEST_F(CenterMciTest, TagsPlansAndTracksTransports) {
  const cad::MciId mci = Declare();
  ASSERT_TRUE(center_
                  ->SetMciSite(mci, "CCP", cad::MciSiteKind::kCasualtyCollection, GridPoint(1, 1),
                               "supervisor:test")
                  .ok());
  MciTagInput red;
  red.tag = "T-1";
  red.algorithm = triage::MciAlgorithm::kStart;
  red.findings.walks = false;
  red.findings.breathing = true;
  red.findings.respiratory_rate = 31;
  red.site = "CCP";
  red.needs.trauma = true;
  auto cat = center_->TagPatient(mci, red, "medic:test");
  ASSERT_TRUE(cat.ok()) << cat.status();
  EXPECT_EQ(*cat, triage::MciCategory::kImmediate);
  EXPECT_THAT(center_->log().back().reason, HasSubstr("start: respiratory rate 31/min"));
  // A finding START needs and was not given is named; nothing is recorded.
  MciTagInput unknown = red;
  unknown.tag = "T-2";
  unknown.findings.respiratory_rate.reset();
  const std::uint64_t seq = center_->state().last_seq();
  auto missing = center_->TagPatient(mci, unknown, "medic:test");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("respiratory_rate"));
  EXPECT_EQ(center_->state().last_seq(), seq);
  MciTagInput child;
  child.tag = "T-2";
  child.category = triage::MciCategory::kImmediate;
  child.needs.pediatric = true;
  ASSERT_TRUE(center_->TagPatient(mci, child, "medic:test").ok());
  MciTagInput yellow;
  yellow.tag = "T-3";
  yellow.category = triage::MciCategory::kDelayed;
  ASSERT_TRUE(center_->TagPatient(mci, yellow, "medic:test").ok());
  // Hospital 1 (adult trauma centre) takes one red; hospital 2 (children) two of each.
  ASSERT_TRUE(center_->DeclareSurge(mci, HospitalId{1}, {1, 5, 5, 0}, "supervisor:test").ok());
  ASSERT_TRUE(center_->DeclareSurge(mci, HospitalId{2}, {2, 2, 2, 0}, "supervisor:test").ok());

  // M1 is sent to the MCI: it works it and the plan uses it.
  ASSERT_TRUE(center_->Assign(UnitId{1}, incident_, "dispatcher:test").ok());
  auto plan = center_->PlanMci(mci);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->units, std::vector<UnitId>{UnitId{1}});
  ASSERT_EQ(plan->tags.size(), 3u);
  EXPECT_EQ(plan->plan.figures.unplaced, 0);
  EXPECT_EQ(plan->plan.figures.overflow, 0);
  EXPECT_EQ(plan->plan.figures.needs_unmet, 0);
  for (std::size_t i = 0; i < plan->tags.size(); ++i) {
    const auto& pp = plan->plan.patients[i];
    ASSERT_TRUE(pp.hospital) << plan->tags[i];
    const HospitalId h = plan->input.hospitals[*pp.hospital].id;
    EXPECT_EQ(h, plan->tags[i] == "T-2" ? HospitalId{2} : HospitalId{1}) << plan->tags[i];
  }
  // The first run is recorded on the patients.
  auto accepted = center_->AcceptMciPlan(mci, *plan, "supervisor:test");
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(*accepted, 1);
  const cad::Mci& m = *center_->state().FindMci(mci);
  int assigned = 0;
  std::string first;
  for (const auto& [tag, p] : m.patients) {
    if (p.state == cad::MciPatientState::kAssigned) {
      ++assigned;
      first = tag;
      EXPECT_EQ(p.unit, UnitId{1});
    }
  }
  ASSERT_EQ(assigned, 1);
  EXPECT_EQ(first, "T-1") << "a red patient goes first";

  // M1 carries T-1 to hospital 1; the next plan keeps T-1 there (fixed) and counts its bed.
  for (auto s : {AssignmentState::kEnRoute, AssignmentState::kOnScene}) {
    ASSERT_TRUE(center_->Progress(UnitId{1}, incident_, s, std::nullopt, "crew:m1").ok());
  }
  ASSERT_TRUE(center_->PatientTransported(mci, "T-1", UnitId{1}, HospitalId{1}, "crew:m1").ok());
  ASSERT_TRUE(
      center_
          ->Progress(UnitId{1}, incident_, AssignmentState::kTransporting, HospitalId{1}, "crew:m1")
          .ok());
  auto again = center_->PlanMci(mci);
  ASSERT_TRUE(again.ok()) << again.status();
  for (std::size_t i = 0; i < again->tags.size(); ++i) {
    if (again->tags[i] != "T-1") continue;
    EXPECT_TRUE(again->input.patients[i].fixed.has_value());
    EXPECT_FALSE(again->plan.patients[i].trip.has_value());
  }
  EXPECT_GT(again->input.ambulances[0].free_at, Milliseconds{0}) << "M1 is busy until hand-over";

  // Closest hospital ignores capacity: with two adult reds, hospital 1 gets both.
  MciTagInput red2 = red;
  red2.tag = "T-4";
  ASSERT_TRUE(center_->TagPatient(mci, red2, "medic:test").ok());
  MciPlanRequest closest;
  closest.policy = MciPolicy::kClosest;
  auto c = center_->PlanMci(mci, closest);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->plan.figures.overflow, 1);
  auto p = center_->PlanMci(mci);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->plan.figures.overflow, 0);

  // The MCI cannot close while patients are at the scene or on the way.
  EXPECT_EQ(center_->CloseMci(mci, "supervisor:test").code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(center_->PatientArrived(mci, "T-1", HospitalId{1}, "crew:m1").ok());
  for (const char* tag : {"T-2", "T-3", "T-4"}) {
    ASSERT_TRUE(center_->ReleasePatient(mci, tag, "medic:test").ok());
  }
  EXPECT_TRUE(center_->CloseMci(mci, "supervisor:test").ok());
  // The MCI's incident never waited in the one-call queue.
  for (const dispatch::WaitingCall& w : center_->Waiting()) EXPECT_NE(w.incident, incident_);
}

}  // namespace
}  // namespace beacon::center
