#include "beacon/dispatch/coverage_policy.h"

#include <gtest/gtest.h>

#include "beacon/base/clock.h"
#include "beacon/cad/test_roster.h"
#include "beacon/cad/test_travel_times.h"
#include "beacon/dispatch/coverage_test_city.h"

namespace beacon::dispatch {
namespace {

using Row = std::vector<std::optional<Milliseconds>>;

constexpr LatLon kS1{42.30, -71.06};
constexpr LatLon kS2{42.32, -71.08};
constexpr LatLon kS3{42.34, -71.10};

std::optional<Milliseconds> S(std::int64_t seconds) { return Milliseconds{seconds * 1000}; }

// Three stations with one ALS unit each (A1 at S1, A2 at S2, A3 at S3). Dorchester (weight 100)
// is reached only from S1; Roxbury's two points (100 and 50) from S2 and S3. q = 0.5, so:
//   A1 leaving uncovers Dorchester:        100 x 0.5            = 50   (20 % of 250)
//   A2 or A3 leaving halves Roxbury's:     (100 + 50) x 0.25    = 37.5 (15 % of 250)
// ETAs to the incident: A1 300 s, A2 330 s, A3 400 s.
class CoveragePolicyTest : public ::testing::Test {
 protected:
  CoveragePolicyTest()
      : state_(MakeState()),
        b_(*ParseInstant("2026-07-01T12:00:00Z")),
        model_(MakeModel()),
        finder_(model_, road_),
        clock_(*ParseInstant("2026-07-01T12:00:00Z")) {
    travel_.Set(kS1, Seconds{300});
    travel_.Set(kS2, Seconds{330});
    travel_.Set(kS3, Seconds{400});
  }

  static cad::CadState MakeState() {
    cad::Roster r;
    r.stations = {{StationId{1}, "S1", kS1}, {StationId{2}, "S2", kS2}, {StationId{3}, "S3", kS3}};
    for (std::uint32_t i = 1; i <= 3; ++i) {
      cad::Unit u;
      u.id = UnitId{i};
      u.name = "A" + std::to_string(i);
      u.type = cad::UnitType::kAls;
      u.home_station = StationId{i};
      u.availability = cad::Availability::kAvailable;
      r.units.push_back(u);
    }
    return *cad::CadState::Create(std::move(r));
  }

  static CoverageModel MakeModel() {
    CoverageInput in;
    in.demand = {{"t1", "Dorchester", {42.29, -71.06}, 100.0},
                 {"t2", "Roxbury", {42.33, -71.09}, 100.0},
                 {"t3", "Roxbury", {42.33, -71.08}, 50.0}};
    in.sites = {{"S1", SiteKind::kStation, kS1, StationId{1}, std::nullopt},
                {"S2", SiteKind::kStation, kS2, StationId{2}, std::nullopt},
                {"S3", SiteKind::kStation, kS3, StationId{3}, std::nullopt}};
    in.site_to_demand = {Row{S(200), S(700), S(650)}, Row{S(800), S(300), S(200)},
                         Row{S(900), S(250), S(400)}};
    in.config.busy_fraction = 0.5;
    return *CoverageModel::Create(std::move(in));
  }

  void Apply(cad::EventPayload p) {
    Status s = state_.Apply(b_.Next(std::move(p)));
    ASSERT_TRUE(s.ok()) << s;
  }
  void NewIncident(std::uint64_t id, int priority) {
    Apply(cad::CallReceived{cad::CallId{id}, {42.31, -71.07}, "", std::nullopt});
    Apply(cad::IncidentCreated{IncidentId{id}, cad::CallId{id}});
    Apply(cad::PriorityChanged{IncidentId{id}, priority});
  }
  // Every unit reports a fresh fix at its station.
  void FixesAtStations() {
    clock_.Set(b_.now());
    for (std::uint32_t i = 1; i <= 3; ++i) {
      const LatLon p = i == 1 ? kS1 : i == 2 ? kS2 : kS3;
      ASSERT_TRUE(state_.UpdatePosition(UnitId{i}, {p, b_.now()}).ok());
    }
  }
  Recommendation Run(Milliseconds tolerance, IncidentId incident = IncidentId{1}) {
    CoveragePolicyOptions opt;
    opt.tolerance = tolerance;
    const CoverageAwarePolicy policy(model_, finder_, clock_, opt);
    Requirement need;
    need.priority = 1;
    need.slots = {UnitSlot{cad::CareLevel::kAls, 1}};
    auto r = Recommend(state_, incident, need, travel_, b_.now(), {}, policy);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : Recommendation{};
  }
  static std::vector<std::string> Order(const Recommendation& r) {
    std::vector<std::string> names;
    for (const Candidate& c : r.ranked) names.push_back(c.name);
    return names;
  }

  cad::CadState state_;
  cad::testing::EventBuilder b_;
  cad::testing::TableTravelTimes travel_;
  CoverageModel model_;
  testing::TableCoverageTravel road_;
  ReachFinder finder_;
  ManualClock clock_;
};

TEST_F(CoveragePolicyTest, PrefersUnitWithinToleranceThatKeepsCoverage) {
  NewIncident(1, 1);
  FixesAtStations();
  const Recommendation r = Run(Seconds{60});
  EXPECT_EQ(Order(r), (std::vector<std::string>{"A2", "A1", "A3"}));
  ASSERT_EQ(r.chosen.size(), 1u);
  EXPECT_EQ(r.chosen[0].name, "A2");
  EXPECT_EQ(r.chosen[0].reason,
            "#1 by coverage-aware: 5 min 30 s by road (30 s slower than A1 but leaves Dorchester "
            "covered: -15.0 % expected coverage instead of -20.0 %)");
  EXPECT_EQ(r.ranked[1].reason,
            "#2 by coverage-aware: 5 min 00 s by road (closest, but sending it leaves Dorchester "
            "uncovered: -20.0 % expected coverage)");
  EXPECT_EQ(r.ranked[2].reason, "#3 by coverage-aware: 6 min 40 s by road");
  EXPECT_EQ(road_.Calls(), 0);  // every unit is at a station: no road query
}

TEST_F(CoveragePolicyTest, UnitsSlowerThanToleranceAreNotPreferred) {
  NewIncident(1, 1);
  FixesAtStations();
  const Recommendation r = Run(Seconds{20});
  EXPECT_EQ(Order(r), (std::vector<std::string>{"A1", "A2", "A3"}));
  EXPECT_EQ(r.chosen[0].reason,
            "#1 by coverage-aware: 5 min 00 s by road (departure costs -20.0 % expected "
            "coverage)");
}

TEST_F(CoveragePolicyTest, ToleranceIsInclusive) {
  NewIncident(1, 1);
  FixesAtStations();
  EXPECT_EQ(Order(Run(Seconds{30})), (std::vector<std::string>{"A2", "A1", "A3"}));
  EXPECT_EQ(Order(Run(Milliseconds{29999})), (std::vector<std::string>{"A1", "A2", "A3"}));
}

TEST_F(CoveragePolicyTest, EqualLossesWithinToleranceGoByEta) {
  NewIncident(1, 1);
  FixesAtStations();
  const Recommendation r = Run(Seconds{100});
  EXPECT_EQ(Order(r), (std::vector<std::string>{"A2", "A3", "A1"}));
  EXPECT_EQ(r.ranked[1].reason,
            "#2 by coverage-aware: 6 min 40 s by road (departure costs -15.0 % expected "
            "coverage)");
}

TEST_F(CoveragePolicyTest, ZeroToleranceBreaksEtaTiesByCoverage) {
  NewIncident(1, 1);
  FixesAtStations();
  travel_.Set(kS2, Seconds{300});  // A1 and A2 equally close
  EXPECT_EQ(Order(Run(Seconds{0})), (std::vector<std::string>{"A2", "A1", "A3"}));
  // The closest-unit policy breaks the tie by unit id.
  Requirement need;
  need.slots = {UnitSlot{cad::CareLevel::kAls, 1}};
  auto closest = Recommend(state_, IncidentId{1}, need, travel_, b_.now());
  ASSERT_TRUE(closest.ok());
  EXPECT_EQ(closest->chosen[0].name, "A1");
}

TEST_F(CoveragePolicyTest, DivertedUnitKeepsItsEtaPlace) {
  NewIncident(1, 1);
  NewIncident(2, 3);
  Apply(cad::UnitAssigned{UnitId{2}, IncidentId{2}});  // A2 on its way to a priority-3 call
  FixesAtStations();
  const Recommendation r = Run(Seconds{60});
  // A2 costs no coverage (it is not idle) but a diversion is not preferred for coverage.
  EXPECT_EQ(Order(r), (std::vector<std::string>{"A1", "A2", "A3"}));
  ASSERT_TRUE(r.ranked[1].diverted_from.has_value());
  // With A2 committed, A1 alone covers Dorchester: 50 of 250.
  EXPECT_EQ(r.ranked[0].reason,
            "#1 by coverage-aware: 5 min 00 s by road (departure costs -20.0 % expected "
            "coverage)");
}

TEST_F(CoveragePolicyTest, FallsBackToEtaOrderWhenCoverageIsUnknown) {
  NewIncident(1, 1);
  FixesAtStations();
  CoveragePolicyOptions opt;
  opt.idle.heading = {{UnitId{1}, 99}};
  const CoverageAwarePolicy policy(model_, finder_, clock_, opt);
  Requirement need;
  need.slots = {UnitSlot{cad::CareLevel::kAls, 1}};
  auto r = Recommend(state_, IncidentId{1}, need, travel_, b_.now(), {}, policy);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Order(*r), (std::vector<std::string>{"A1", "A2", "A3"}));
  EXPECT_EQ(r->chosen[0].reason,
            "#1 by coverage-aware: 5 min 00 s by road (coverage unknown (unit 1 is heading to "
            "site 99, but the model has 3); ranked by ETA)");
}

}  // namespace
}  // namespace beacon::dispatch
