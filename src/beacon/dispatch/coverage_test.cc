#include "beacon/dispatch/coverage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "beacon/base/rng.h"
#include "beacon/cad/state.h"
#include "beacon/cad/test_roster.h"
#include "beacon/dispatch/coverage_test_city.h"
#include "beacon/dispatch/coverage_travel.h"
#include "beacon/dispatch/coverage_units.h"

namespace beacon::dispatch {
namespace {

using ::testing::HasSubstr;
using Row = std::vector<std::optional<Milliseconds>>;

std::optional<Milliseconds> S(std::int64_t seconds) { return Milliseconds{seconds * 1000}; }

DemandPoint Point(std::string name, std::string area, double weight, double lat = 42.33) {
  return {std::move(name), std::move(area), {lat, -71.07}, weight};
}

CoverageSite Site(std::string name, std::uint32_t station, double lat = 42.34) {
  return {std::move(name), SiteKind::kStation, {lat, -71.06}, StationId{station}, std::nullopt};
}

// Three points (weights 10, 20, 30) and three sites: A reaches points 0 and 1, B reaches 1 and
// 2, C reaches 2 only (target 480 s; 480 s itself counts as reached, 481 s does not).
CoverageInput ThreePoints(double q = 0.5) {
  CoverageInput in;
  in.demand = {Point("p0", "North", 10), Point("p1", "North", 20), Point("p2", "South", 30)};
  in.sites = {Site("A", 1), Site("B", 2), Site("C", 3)};
  in.site_to_demand = {Row{S(100), S(480), S(481)}, Row{std::nullopt, S(300), S(200)},
                       Row{S(900), S(700), S(60)}};
  in.config.busy_fraction = q;
  return in;
}

CoverageModel MakeModel(CoverageInput in) {
  Result<CoverageModel> m = CoverageModel::Create(std::move(in));
  EXPECT_TRUE(m.ok()) << m.status();
  return std::move(m).value();
}

TEST(CoverageModel, SiteReachesPointsWithinTargetInclusive) {
  const CoverageModel m = MakeModel(ThreePoints());
  EXPECT_EQ(std::vector<std::uint32_t>(m.SiteReach(0, 1).Points().begin(),
                                       m.SiteReach(0, 1).Points().end()),
            (std::vector<std::uint32_t>{0, 1}));
  EXPECT_TRUE(m.SiteReach(1, 1).Contains(1));
  EXPECT_TRUE(m.SiteReach(1, 1).Contains(2));
  EXPECT_FALSE(m.SiteReach(1, 1).Contains(0));  // unreachable
  EXPECT_EQ(m.SiteReach(2, 1).Size(), 1u);
  EXPECT_EQ(m.Time(1, 0), std::nullopt);
  EXPECT_EQ(m.Time(0, 1), Seconds{480});
  EXPECT_DOUBLE_EQ(m.TotalWeight(), 60.0);
}

TEST(CoverageModel, TargetTimeIsPerPriority) {
  CoverageInput in = ThreePoints();
  in.config.target = {Seconds{240}, Seconds{480}, Seconds{900}};
  const CoverageModel m = MakeModel(std::move(in));
  EXPECT_EQ(m.SiteReach(0, 1).Size(), 1u);  // 100 s only
  EXPECT_EQ(m.SiteReach(0, 2).Size(), 2u);  // 100 s and 480 s
  EXPECT_EQ(m.SiteReach(0, 3).Size(), 3u);  // all three
  EXPECT_EQ(m.SiteReach(2, 3).Size(), 3u);  // 900, 700, 60
}

TEST(CoverageState, MexclpObjectiveMatchesHandCalculation) {
  const CoverageModel m = MakeModel(ThreePoints(0.5));
  CoverageState s(m, 1);
  s.Add(m.SiteReach(0, 1));  // A
  s.Add(m.SiteReach(1, 1));  // B
  s.Add(m.SiteReach(1, 1));  // B
  // n = (1, 3, 2): 10 (1 - 0.5) + 20 (1 - 0.125) + 30 (1 - 0.25) = 5 + 17.5 + 22.5 = 45.
  EXPECT_EQ(std::vector<std::int32_t>(s.Counts().begin(), s.Counts().end()),
            (std::vector<std::int32_t>{1, 3, 2}));
  EXPECT_NEAR(s.Expected(), 45.0, 1e-12);
  const std::vector<Reach> units = {m.SiteReach(0, 1), m.SiteReach(1, 1), m.SiteReach(1, 1)};
  EXPECT_NEAR(ExpectedCoverage(m.Weights(), 0.5, units), 45.0, 1e-12);
  EXPECT_DOUBLE_EQ(s.CoveredWeight(), 60.0);
  EXPECT_EQ(s.CoveredPoints(), 3u);
  EXPECT_EQ(s.Units(), 3);
  // One more at C: point 2 goes from 2 to 3 units: 30 (0.25 - 0.125) = 3.75.
  EXPECT_NEAR(s.GainOfAdding(m.SiteReach(2, 1)), 3.75, 1e-12);
  // Removing A: point 0 from 1 to 0 (10 x 0.5 = 5), point 1 from 3 to 2 (20 x 0.125 = 2.5).
  EXPECT_NEAR(s.LossOfRemoving(m.SiteReach(0, 1)), 7.5, 1e-12);
  EXPECT_EQ(s.SolelyCovered(m.SiteReach(0, 1)), (std::vector<std::uint32_t>{0}));
  s.Remove(m.SiteReach(0, 1));
  EXPECT_NEAR(s.Expected(), 37.5, 1e-12);
  EXPECT_DOUBLE_EQ(s.CoveredWeight(), 50.0);
  EXPECT_EQ(s.Uncovered(), (std::vector<std::uint32_t>{0}));
}

TEST(CoverageState, BusyFractionZeroIsPlainCoverage) {
  const CoverageModel m = MakeModel(ThreePoints(0.0));
  CoverageState s(m, 1);
  s.Add(m.SiteReach(1, 1));
  s.Add(m.SiteReach(1, 1));
  EXPECT_DOUBLE_EQ(s.Expected(), 50.0);
  EXPECT_DOUBLE_EQ(s.GainOfAdding(m.SiteReach(1, 1)), 0.0);
  EXPECT_DOUBLE_EQ(s.LossOfRemoving(m.SiteReach(1, 1)), 0.0);  // the other B still covers
  EXPECT_DOUBLE_EQ(s.GainOfAdding(m.SiteReach(0, 1)), 10.0);
}

TEST(CoverageState, UncoveredAndAreasForTheConsole) {
  const CoverageModel m = MakeModel(ThreePoints(0.5));
  CoverageState s(m, 1);
  EXPECT_EQ(s.Uncovered(), (std::vector<std::uint32_t>{2, 1, 0}));  // heaviest first
  s.Add(m.SiteReach(2, 1));                                         // C covers the south
  const std::vector<AreaCoverage> areas = s.ByArea(m);
  ASSERT_EQ(areas.size(), 2u);
  EXPECT_EQ(areas[0].area, "North");
  EXPECT_DOUBLE_EQ(areas[0].weight, 30.0);
  EXPECT_DOUBLE_EQ(areas[0].covered_weight, 0.0);
  EXPECT_EQ(areas[0].uncovered, (std::vector<std::uint32_t>{1, 0}));
  EXPECT_EQ(areas[1].area, "South");
  EXPECT_DOUBLE_EQ(areas[1].covered_weight, 30.0);
  EXPECT_DOUBLE_EQ(areas[1].expected, 15.0);
  EXPECT_TRUE(areas[1].uncovered.empty());
}

// Independent reference: n_i straight from the times table.
struct Naive {
  std::vector<int> n;
  double expected = 0.0;
  double covered = 0.0;
  std::size_t covered_points = 0;
};
Naive Recompute(const CoverageModel& m, const std::vector<Row>& rows, double q) {
  Naive r;
  r.n.assign(m.PointCount(), 0);
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (row[i] && *row[i] <= Seconds{480}) ++r.n[i];
    }
  }
  for (std::size_t i = 0; i < r.n.size(); ++i) {
    const double w = m.Demand()[i].weight;
    r.expected += w * (1.0 - std::pow(q, r.n[i]));
    if (r.n[i] > 0) {
      r.covered += w;
      ++r.covered_points;
    }
  }
  return r;
}

TEST(CoverageState, IncrementalUpdatesEqualFullRecomputationOnRandomSequences) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    testing::SyntheticCityOptions o;
    o.points = 80;
    o.sites = 12;
    o.seed = seed;
    o.busy_fraction = 0.1 * static_cast<double>(seed);
    CoverageInput in = testing::SyntheticCity(o);
    const std::vector<Row> site_rows = in.site_to_demand;
    const CoverageModel m = MakeModel(std::move(in));
    Rng rng(seed * 101);
    // Road positions: random rows of times, as CoverageTravel would give.
    std::vector<Row> road_rows(6);
    for (Row& row : road_rows) {
      for (std::size_t i = 0; i < m.PointCount(); ++i) {
        row.push_back(rng.Bernoulli(0.05) ? std::nullopt : S(rng.UniformInt(30, 1200)));
      }
    }
    CoverageState s(m, 1);
    std::vector<Row> placed_rows;
    std::vector<Reach> placed;
    for (int step = 0; step < 600; ++step) {
      const bool add = placed.empty() || rng.Bernoulli(placed.size() < 30 ? 0.6 : 0.4);
      if (add) {
        const bool road = rng.Bernoulli(0.3);
        const std::size_t k = rng.UniformInt(road ? road_rows.size() : site_rows.size());
        const Row& row = road ? road_rows[k] : site_rows[k];
        const Reach r = road ? m.ReachFromTimes(row, 1) : m.SiteReach(k, 1);
        const double before = Recompute(m, placed_rows, o.busy_fraction).expected;
        placed_rows.push_back(row);
        const double after = Recompute(m, placed_rows, o.busy_fraction).expected;
        EXPECT_NEAR(s.GainOfAdding(r), after - before, 1e-9 * m.TotalWeight());
        s.Add(r);
        placed.push_back(r);
      } else {
        const std::size_t k = rng.UniformInt(placed.size());
        const double before = Recompute(m, placed_rows, o.busy_fraction).expected;
        std::vector<Row> without = placed_rows;
        without.erase(without.begin() + static_cast<std::ptrdiff_t>(k));
        const double after = Recompute(m, without, o.busy_fraction).expected;
        EXPECT_NEAR(s.LossOfRemoving(placed[k]), before - after, 1e-9 * m.TotalWeight());
        s.Remove(placed[k]);
        placed.erase(placed.begin() + static_cast<std::ptrdiff_t>(k));
        placed_rows = std::move(without);
      }
      const Naive ref = Recompute(m, placed_rows, o.busy_fraction);
      ASSERT_EQ(std::vector<int>(s.Counts().begin(), s.Counts().end()), ref.n) << "step " << step;
      ASSERT_NEAR(s.Expected(), ref.expected, 1e-9 * m.TotalWeight()) << "step " << step;
      ASSERT_NEAR(s.CoveredWeight(), ref.covered, 1e-9 * m.TotalWeight());
      ASSERT_EQ(s.CoveredPoints(), ref.covered_points);
      ASSERT_EQ(s.Units(), static_cast<int>(placed.size()));
    }
    const double drifted = s.Expected();
    s.Resync();
    EXPECT_NEAR(s.Expected(), drifted, 1e-9 * m.TotalWeight());
    EXPECT_NEAR(s.Expected(), ExpectedCoverage(m.Weights(), o.busy_fraction, placed), 1e-9);
  }
}

TEST(CoverageModel, RejectsBadInputNamingTheField) {
  auto error_of = [](CoverageInput in) {
    Result<CoverageModel> m = CoverageModel::Create(std::move(in));
    return m.ok() ? std::string("ok") : std::string(m.error().message());
  };
  CoverageInput in = ThreePoints();
  in.site_to_demand[1].pop_back();
  EXPECT_EQ(error_of(in), "site 1 ('B'): 2 travel times for 3 demand points");
  in = ThreePoints();
  in.site_to_demand.pop_back();
  EXPECT_EQ(error_of(in), "coverage model has 3 sites but 2 rows of travel times");
  in = ThreePoints();
  in.demand[2].weight = -1;
  EXPECT_EQ(error_of(in), "demand point 2 ('p2'): weight -1 must be finite and non-negative");
  in = ThreePoints();
  in.demand[0].weight = std::nan("");
  EXPECT_THAT(error_of(in), HasSubstr("demand point 0 ('p0'): weight nan"));
  in = ThreePoints();
  in.site_to_demand[0][2] = Milliseconds{-5};
  EXPECT_EQ(error_of(in), "site 0 ('A'): travel time to demand point 2 ('p2') is negative (-5 ms)");
  in = ThreePoints();
  in.config.busy_fraction = 1.0;
  EXPECT_EQ(error_of(in), "busy fraction q = 1 is outside [0, 1)");
  in = ThreePoints();
  in.config.target[1] = Seconds{0};
  EXPECT_EQ(error_of(in), "coverage target time for priority 2 is 0 s; it must be positive");
  in = ThreePoints();
  in.demand[1].location.lat = 95;
  EXPECT_THAT(error_of(in), HasSubstr("demand point 1 ('p1')"));
  in = ThreePoints();
  for (DemandPoint& d : in.demand) d.weight = 0;
  EXPECT_EQ(error_of(in), "coverage model's demand weights sum to 0");
  EXPECT_EQ(error_of(CoverageInput{}), "coverage model has no demand points");
}

TEST(BusyFraction, IsLoadPerUnitClamped) {
  // 10 calls an hour, 1 hour each, 25 units: 10 / 25 = 0.4.
  EXPECT_DOUBLE_EQ(*EstimateBusyFraction(10.0, Hours{1}, 25), 0.4);
  // 20 calls an hour of 90 minutes on 27 units is more than the fleet: clamped to 0.99.
  EXPECT_DOUBLE_EQ(*EstimateBusyFraction(20.0, Minutes{90}, 27), 0.99);
  EXPECT_FALSE(EstimateBusyFraction(-1.0, Hours{1}, 3).ok());
  EXPECT_FALSE(EstimateBusyFraction(1.0, Hours{1}, 0).ok());
}

TEST(FormatShare, OneDecimalPercent) {
  EXPECT_EQ(FormatShare(31.0, 1000.0), "3.1 %");
  EXPECT_EQ(FormatShare(0.4, 100.0), "0.4 %");
  EXPECT_EQ(FormatShare(5.0, 0.0), "0.0 %");
}

using FakeCoverageTravel = testing::TableCoverageTravel;

TEST(ReachFinder, SitesUseTheTableAndRoadPositionsAreCached) {
  const CoverageModel m = MakeModel(ThreePoints());
  FakeCoverageTravel travel;
  const LatLon p{42.31, -71.05};
  const LatLon q{42.32, -71.05};
  travel.Set(p, Row{S(470), S(490), std::nullopt});
  travel.Set(q, Row{S(10), S(10), S(10)});
  ReachFinder finder(m, travel, /*cache_capacity=*/1);
  Result<Reach> at_site = finder.Find(CoveragePosition::At(1), 1);
  ASSERT_TRUE(at_site.ok());
  EXPECT_EQ(at_site->Size(), 2u);
  EXPECT_EQ(travel.Calls(), 0);
  Result<Reach> road = finder.Find(CoveragePosition::OnRoad(p), 1);
  ASSERT_TRUE(road.ok()) << road.status();
  EXPECT_EQ(std::vector<std::uint32_t>(road->Points().begin(), road->Points().end()),
            (std::vector<std::uint32_t>{0}));
  ASSERT_TRUE(finder.Find(CoveragePosition::OnRoad(p), 2).ok());
  EXPECT_EQ(travel.Calls(), 1);  // the second priority came from the cache
  EXPECT_EQ(finder.Hits(), 1u);
  ASSERT_TRUE(finder.Find(CoveragePosition::OnRoad(q), 1).ok());  // evicts p (capacity 1)
  ASSERT_TRUE(finder.Find(CoveragePosition::OnRoad(p), 1).ok());
  EXPECT_EQ(travel.Calls(), 3);
  EXPECT_EQ(finder.Misses(), 3u);
}

TEST(ReachFinder, ErrorsNameThePosition) {
  const CoverageModel m = MakeModel(ThreePoints());
  FakeCoverageTravel travel;
  ReachFinder finder(m, travel);
  Result<Reach> r = finder.Find(CoveragePosition::OnRoad({42.5, -71.0}), 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "coverage from 42.500000,-71.000000: 600 m from the nearest road");
  travel.Set({42.5, -71.0}, Row{S(1)});
  r = finder.Find(CoveragePosition::OnRoad({42.5, -71.0}), 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "coverage travel returned 1 times for 3 demand points");
  EXPECT_FALSE(finder.Find(CoveragePosition::At(7), 1).ok());
}

TEST(CollectIdleUnits, CountsAvailableUnitsFromFixSiteOrHomeStation) {
  // SmallRoster: stations 1 (42.35,-71.06) and 2 (42.33,-71.08); units 1..4, homes 2,1,2,1.
  cad::CadState state = *cad::CadState::Create(cad::testing::SmallRoster());
  cad::testing::EventBuilder b(*ParseInstant("2026-07-01T12:00:00Z"));
  CoverageInput in = ThreePoints();
  in.sites = {{"Station 1", SiteKind::kStation, {42.35, -71.06}, StationId{1}, std::nullopt},
              {"Station 2", SiteKind::kStation, {42.33, -71.08}, StationId{2}, std::nullopt},
              {"General", SiteKind::kHospital, {42.34, -71.07}, std::nullopt, HospitalId{1}}};
  const CoverageModel m = MakeModel(std::move(in));
  FakeCoverageTravel travel;
  const LatLon road{42.3405, -71.0500};
  travel.Set(road, Row{S(60), S(60), S(60)});
  ReachFinder finder(m, travel);

  ASSERT_TRUE(state.Apply(b.Next(cad::CallReceived{cad::CallId{1}, {42.34, -71.07}, "", {}})).ok());
  ASSERT_TRUE(state.Apply(b.Next(cad::IncidentCreated{IncidentId{1}, cad::CallId{1}})).ok());
  ASSERT_TRUE(state.Apply(b.Next(cad::UnitAssigned{UnitId{4}, IncidentId{1}})).ok());
  // Unit 1: fresh fix on the road. Unit 2: fresh fix 30 m from Station 1. Unit 3: stale fix.
  ASSERT_TRUE(state.UpdatePosition(UnitId{3}, {{42.36, -71.04}, b.now()}).ok());
  b.Advance(Minutes{5});
  ASSERT_TRUE(state.UpdatePosition(UnitId{1}, {road, b.now()}).ok());
  ASSERT_TRUE(state.UpdatePosition(UnitId{2}, {{42.35027, -71.06}, b.now()}).ok());

  Result<std::vector<IdleUnit>> idle = CollectIdleUnits(state, finder, b.now());
  ASSERT_TRUE(idle.ok()) << idle.status();
  ASSERT_EQ(idle->size(), 3u);  // unit 4 is assigned
  const IdleUnit& u1 = (*idle)[0];
  EXPECT_EQ(u1.unit, UnitId{1});
  EXPECT_FALSE(u1.position.site.has_value());
  EXPECT_EQ(u1.reach.Size(), 3u);
  EXPECT_EQ(u1.home_site, std::optional<std::size_t>(1));
  EXPECT_EQ((*idle)[1].position.site, std::optional<std::size_t>(0));
  EXPECT_TRUE((*idle)[1].note.empty());
  EXPECT_EQ((*idle)[2].position.site, std::optional<std::size_t>(1));  // stale: home station 2
  EXPECT_EQ((*idle)[2].note, "fix is stale; counted at its home station");

  IdleUnitOptions opt;
  opt.heading = {{UnitId{1}, 0}};    // unit 1 is relocating to Station 1
  opt.level = cad::CareLevel::kAls;  // units 1 and 2 are ALS
  idle = CollectIdleUnits(state, finder, b.now(), opt);
  ASSERT_TRUE(idle.ok());
  ASSERT_EQ(idle->size(), 2u);
  EXPECT_EQ((*idle)[0].position.site, std::optional<std::size_t>(0));
  opt.heading = {{UnitId{1}, 9}};
  EXPECT_FALSE(CollectIdleUnits(state, finder, b.now(), opt).ok());

  // A fix whose road query fails counts at the home station, and says why.
  ASSERT_TRUE(state.UpdatePosition(UnitId{1}, {{42.3, -71.2}, b.now()}).ok());
  idle = CollectIdleUnits(state, finder, b.now());
  ASSERT_TRUE(idle.ok());
  EXPECT_EQ((*idle)[0].position.site, std::optional<std::size_t>(1));
  EXPECT_EQ((*idle)[0].note,
            "coverage from 42.300000,-71.200000: 600 m from the nearest road; counted at its home "
            "station");
}

TEST(ApproxDistance, AgreesWithHaversineAtCityScale) {
  // 0.01 degrees of latitude is 1,111.9 m on the mean-radius sphere.
  EXPECT_NEAR(ApproxDistance({42.35, -71.06}, {42.36, -71.06}).value(), 1111.95, 0.1);
  // 0.01 degrees of longitude at 42.35 N: 1111.95 x cos(42.35 deg) = 821.9 m.
  EXPECT_NEAR(ApproxDistance({42.35, -71.06}, {42.35, -71.05}).value(), 821.9, 0.5);
}

}  // namespace
}  // namespace beacon::dispatch
