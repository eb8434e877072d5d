#include "beacon/dispatch/recommend.h"

#include <gtest/gtest.h>

#include "beacon/cad/test_roster.h"
#include "beacon/cad/test_travel_times.h"

namespace beacon::dispatch {
namespace {

using cad::AssignmentProgressed;
using cad::AssignmentState;
using cad::CallId;
using cad::CallReceived;
using cad::CareLevel;
using cad::IncidentCreated;
using cad::PriorityChanged;
using cad::UnitAssigned;

using cad::testing::TableTravelTimes;

Requirement Need(int priority, CareLevel level, int units, std::vector<std::string> caps = {}) {
  return Requirement::Single(priority, level, units, std::move(caps));
}

constexpr LatLon kStation1{42.3500, -71.0600};  // home of units 2 and 4
constexpr LatLon kStation2{42.3300, -71.0800};  // home of units 1 and 3

class RecommendTest : public ::testing::Test {
 protected:
  RecommendTest()
      : state_(*cad::CadState::Create(cad::testing::SmallRoster())),
        b_(*ParseInstant("2026-07-01T12:00:00Z")) {
    travel_.Set(kStation1, Seconds{300});
    travel_.Set(kStation2, Seconds{420});
  }
  void Apply(cad::EventPayload p) {
    Status s = state_.Apply(b_.Next(std::move(p)));
    ASSERT_TRUE(s.ok()) << s;
  }
  void NewIncident(std::uint64_t id, int priority) {
    Apply(CallReceived{CallId{id}, {42.34, -71.07}, "", std::nullopt});
    Apply(IncidentCreated{IncidentId{id}, CallId{id}});
    Apply(PriorityChanged{IncidentId{id}, priority});
  }
  // A fresh fix for `unit` at a point `eta` away from the incident.
  void FixAt(std::uint32_t unit, double lat, Seconds eta) {
    const LatLon p{lat, -71.05};
    travel_.Set(p, eta);
    ASSERT_TRUE(state_.UpdatePosition(UnitId{unit}, {p, b_.now()}).ok());
  }
  Recommendation Run(const Requirement& need, IncidentId id = IncidentId{1}) {
    auto r = Recommend(state_, id, need, travel_, b_.now());
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : Recommendation{};
  }
  static const Skipped* SkippedUnit(const Recommendation& r, std::uint32_t unit) {
    for (const Skipped& s : r.skipped) {
      if (s.unit == UnitId{unit}) return &s;
    }
    return nullptr;
  }

  cad::CadState state_;
  cad::testing::EventBuilder b_;
  TableTravelTimes travel_;
};

TEST_F(RecommendTest, RanksByRoadEtaFromLatestFix) {
  NewIncident(1, 2);
  FixAt(1, 42.361, Seconds{240});
  FixAt(2, 42.362, Seconds{90});
  FixAt(3, 42.363, Seconds{150});
  FixAt(4, 42.364, Seconds{600});
  Recommendation r = Run(Need(2, CareLevel::kBls, 1));
  ASSERT_EQ(r.ranked.size(), 4u);
  EXPECT_EQ(r.ranked[0].unit, UnitId{2});
  EXPECT_EQ(r.ranked[1].unit, UnitId{3});
  EXPECT_EQ(r.ranked[2].unit, UnitId{1});
  EXPECT_EQ(r.ranked[3].unit, UnitId{4});
  ASSERT_EQ(r.chosen.size(), 1u);
  EXPECT_EQ(r.chosen[0].unit, UnitId{2});
  EXPECT_EQ(r.chosen[0].eta, Seconds{90});
  EXPECT_EQ(r.chosen[0].reason, "#1 by closest unit: 1 min 30 s by road");
  EXPECT_FALSE(r.short_of_units);
  EXPECT_TRUE(r.skipped.empty());
}

TEST_F(RecommendTest, StaleFixFallsBackToHomeStationAndSaysSo) {
  NewIncident(1, 2);
  FixAt(2, 42.362, Seconds{60});  // would be closest if the fix were fresh
  b_.Advance(Seconds{200});
  FixAt(1, 42.361, Seconds{400});
  FixAt(3, 42.363, Seconds{500});
  FixAt(4, 42.364, Seconds{450});
  Recommendation r = Run(Need(2, CareLevel::kBls, 1));
  ASSERT_FALSE(r.ranked.empty());
  // Unit 2's fix is 200 s old (> 120 s): ETA from its station 1, 300 s, still the best.
  EXPECT_EQ(r.chosen[0].unit, UnitId{2});
  EXPECT_TRUE(r.chosen[0].from_station);
  EXPECT_EQ(r.chosen[0].eta, Seconds{300});
  EXPECT_EQ(r.chosen[0].reason,
            "#1 by closest unit: 5 min 00 s by road (fix is 3 min 20 s old; ETA from station "
            "Station 1)");
}

TEST_F(RecommendTest, SkipsUnitsWithReasons) {
  NewIncident(1, 2);
  NewIncident(2, 2);
  Apply(cad::UnitAvailabilityChanged{UnitId{4}, cad::Availability::kOutOfService});
  Apply(UnitAssigned{UnitId{3}, IncidentId{2}});
  Apply(AssignmentProgressed{UnitId{3}, IncidentId{2}, AssignmentState::kEnRoute, std::nullopt});
  Apply(AssignmentProgressed{UnitId{3}, IncidentId{2}, AssignmentState::kOnScene, std::nullopt});
  Apply(UnitAssigned{UnitId{1}, IncidentId{1}});
  Recommendation r = Run(Need(2, CareLevel::kBls, 1));
  ASSERT_EQ(r.chosen.size(), 1u);
  EXPECT_EQ(r.chosen[0].unit, UnitId{2});  // from station 1, no fix
  EXPECT_EQ(SkippedUnit(r, 4)->reason, "out of service");
  EXPECT_EQ(SkippedUnit(r, 3)->reason, "busy on incident 2 (ON_SCENE, priority 2)");
  EXPECT_EQ(SkippedUnit(r, 1)->reason, "already ASSIGNED on this incident");
}

TEST_F(RecommendTest, AlsCallSkipsBlsUnits) {
  NewIncident(1, 1);
  FixAt(3, 42.363, Seconds{30});
  FixAt(1, 42.361, Seconds{200});
  Recommendation r = Run(Need(1, CareLevel::kAls, 1));
  EXPECT_EQ(r.chosen[0].unit, UnitId{1});
  EXPECT_EQ(SkippedUnit(r, 3)->reason, "BLS unit; the call needs ALS");
  EXPECT_EQ(SkippedUnit(r, 4)->reason, "BLS unit; the call needs ALS");
}

TEST_F(RecommendTest, PriorityOneWithClosestBlsAlsoGetsClosestAls) {
  NewIncident(1, 1);
  FixAt(3, 42.363, Seconds{30});
  FixAt(4, 42.364, Seconds{40});
  FixAt(1, 42.361, Seconds{200});
  FixAt(2, 42.362, Seconds{150});
  Recommendation r = Run(Need(1, CareLevel::kBls, 1));
  ASSERT_EQ(r.chosen.size(), 2u);
  EXPECT_EQ(r.chosen[0].unit, UnitId{3});
  EXPECT_EQ(r.chosen[1].unit, UnitId{2});
  EXPECT_NE(r.chosen[1].reason.find("priority 1 and the closest unit is BLS"), std::string::npos);
  // Not for priority 2.
  EXPECT_EQ(Run(Need(2, CareLevel::kBls, 1)).chosen.size(), 1u);
}

// With Explain::kChosen the same units are chosen with the same reasons, and nothing else is
// explained: no skipped list, no reasons on the units not chosen. With kNone (the simulator)
// the same units are chosen and nothing is explained.
TEST_F(RecommendTest, ExplainingOnlyTheChoiceChoosesTheSameUnitsWithTheSameReasons) {
  NewIncident(1, 1);
  NewIncident(2, 2);
  Apply(cad::UnitAvailabilityChanged{UnitId{4}, cad::Availability::kOutOfService});
  FixAt(3, 42.363, Seconds{30});
  FixAt(1, 42.361, Seconds{200});
  FixAt(2, 42.362, Seconds{150});
  Apply(UnitAssigned{UnitId{1}, IncidentId{2}});
  Apply(AssignmentProgressed{UnitId{1}, IncidentId{2}, AssignmentState::kEnRoute, std::nullopt});
  RecommendOptions quiet;
  quiet.explain = Explain::kChosen;
  RecommendOptions silent;
  silent.explain = Explain::kNone;
  for (const Requirement& need :
       {Need(1, CareLevel::kBls, 1), Need(1, CareLevel::kAls, 1), Need(2, CareLevel::kBls, 2)}) {
    const Recommendation full = Run(need);
    auto r = Recommend(state_, IncidentId{1}, need, travel_, b_.now(), quiet);
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_EQ(r->chosen.size(), full.chosen.size());
    for (std::size_t i = 0; i < full.chosen.size(); ++i) {
      EXPECT_EQ(r->chosen[i].unit, full.chosen[i].unit);
      EXPECT_EQ(r->chosen[i].reason, full.chosen[i].reason);
      EXPECT_FALSE(r->chosen[i].reason.empty());
    }
    EXPECT_EQ(r->short_of_units, full.short_of_units);
    EXPECT_FALSE(full.skipped.empty());
    EXPECT_TRUE(r->skipped.empty());
    auto none = Recommend(state_, IncidentId{1}, need, travel_, b_.now(), silent);
    ASSERT_TRUE(none.ok()) << none.status();
    ASSERT_EQ(none->chosen.size(), full.chosen.size());
    for (std::size_t i = 0; i < full.chosen.size(); ++i) {
      EXPECT_EQ(none->chosen[i].unit, full.chosen[i].unit);
      EXPECT_EQ(none->chosen[i].eta, full.chosen[i].eta);
      EXPECT_TRUE(none->chosen[i].reason.empty());
    }
    EXPECT_TRUE(none->skipped.empty());
  }
}

TEST_F(RecommendTest, RunCardSlotsFillAlsFirstThenClosestOfAnyLevel) {
  // Units 1 and 2 are ALS, 3 and 4 BLS (SmallRoster). Run card: 1 ALS + 1 BLS-or-better.
  NewIncident(1, 1);
  FixAt(3, 42.363, Seconds{30});
  FixAt(4, 42.364, Seconds{40});
  FixAt(1, 42.361, Seconds{200});
  FixAt(2, 42.362, Seconds{150});
  Requirement need;
  need.priority = 1;
  need.slots = {UnitSlot{CareLevel::kBls, 1}, UnitSlot{CareLevel::kAls, 1}};
  Recommendation r = Run(need);
  ASSERT_EQ(r.chosen.size(), 2u);
  EXPECT_EQ(r.chosen[0].unit, UnitId{3});  // closest, fills the BLS slot
  EXPECT_EQ(r.chosen[1].unit, UnitId{2});  // closest ALS
  EXPECT_FALSE(r.short_of_units);
  // The ALS slot does not take the closest unit when it is BLS; with the closest an ALS, the
  // BLS slot goes to the next closest of any level (here the other ALS).
  FixAt(1, 42.371, Seconds{10});
  FixAt(2, 42.372, Seconds{20});
  r = Run(need);
  ASSERT_EQ(r.chosen.size(), 2u);
  EXPECT_EQ(r.chosen[0].unit, UnitId{1});
  EXPECT_EQ(r.chosen[1].unit, UnitId{2});
  // Three ALS needed, two exist: short of units, and the BLS units are not taken instead.
  need.slots = {UnitSlot{CareLevel::kAls, 3}};
  r = Run(need);
  EXPECT_EQ(r.chosen.size(), 2u);
  EXPECT_TRUE(r.short_of_units);
}

TEST_F(RecommendTest, UnitEnRouteToLowerPriorityCallIsADiversionCandidate) {
  NewIncident(1, 3);
  NewIncident(2, 1);
  Apply(UnitAssigned{UnitId{2}, IncidentId{1}});
  Apply(AssignmentProgressed{UnitId{2}, IncidentId{1}, AssignmentState::kEnRoute, std::nullopt});
  FixAt(2, 42.362, Seconds{45});
  FixAt(1, 42.361, Seconds{500});
  FixAt(3, 42.363, Seconds{400});
  FixAt(4, 42.364, Seconds{420});
  Recommendation r = Run(Need(1, CareLevel::kAls, 1), IncidentId{2});
  EXPECT_EQ(r.chosen[0].unit, UnitId{2});
  EXPECT_EQ(r.chosen[0].diverted_from, IncidentId{1});
  EXPECT_NE(r.chosen[0].reason.find("diverted from lower-priority incident 1"), std::string::npos);
  // A call of the same priority as the unit's current one does not divert it.
  NewIncident(3, 3);
  Recommendation same = Run(Need(3, CareLevel::kBls, 1), IncidentId{3});
  EXPECT_EQ(SkippedUnit(same, 2)->reason, "busy on incident 1 (EN_ROUTE, priority 3)");
}

TEST_F(RecommendTest, UnreachableAndShortOfUnits) {
  NewIncident(1, 2);
  travel_ = TableTravelTimes();  // no route from anywhere except unit 1's fix
  FixAt(1, 42.361, Seconds{100});
  Recommendation r = Run(Need(2, CareLevel::kBls, 2));
  ASSERT_EQ(r.chosen.size(), 1u);
  EXPECT_TRUE(r.short_of_units);
  EXPECT_EQ(SkippedUnit(r, 2)->reason, "no road route to the incident");
}

TEST_F(RecommendTest, RequiredCapabilityFilters) {
  NewIncident(1, 2);
  Recommendation r = Run(Need(2, CareLevel::kBls, 1, {"bariatric"}));
  EXPECT_TRUE(r.chosen.empty());
  EXPECT_TRUE(r.short_of_units);
  EXPECT_EQ(SkippedUnit(r, 1)->reason, "lacks capability 'bariatric'");
}

TEST_F(RecommendTest, BadRequestsAreErrors) {
  EXPECT_EQ(Recommend(state_, IncidentId{9}, Requirement{}, travel_, b_.now()).error().code(),
            StatusCode::kNotFound);
  NewIncident(1, 2);
  EXPECT_EQ(Recommend(state_, IncidentId{1}, Need(3, CareLevel::kBls, 0), travel_, b_.now())
                .error()
                .code(),
            StatusCode::kInvalidArgument);
}

TEST(FormatEta, ReadsLikeADispatcherSaysIt) {
  EXPECT_EQ(FormatEta(Milliseconds{0}), "0 s");
  EXPECT_EQ(FormatEta(Milliseconds{59499}), "59 s");
  EXPECT_EQ(FormatEta(Milliseconds{59500}), "1 min 00 s");
  EXPECT_EQ(FormatEta(Seconds{252}), "4 min 12 s");
}

}  // namespace
}  // namespace beacon::dispatch
