#include "beacon/dispatch/move_up.h"

#include <gtest/gtest.h>

#include "beacon/base/rng.h"
#include "beacon/dispatch/coverage_test_city.h"

namespace beacon::dispatch {
namespace {

using Row = std::vector<std::optional<Milliseconds>>;

std::optional<Milliseconds> S(std::int64_t seconds) { return Milliseconds{seconds * 1000}; }

// Posts S1, S2, S3 and a hospital H. Dorchester (100) is reached from S1 only; Roxbury (60)
// from S2 and S3; Mattapan (30) from S3 only. q = 0.5.
CoverageModel SmallModel() {
  CoverageInput in;
  in.demand = {{"t1", "Dorchester", {42.29, -71.06}, 100.0},
               {"t2", "Roxbury", {42.33, -71.09}, 60.0},
               {"t3", "Mattapan", {42.27, -71.09}, 30.0}};
  in.sites = {{"S1", SiteKind::kStation, {42.30, -71.06}, StationId{1}, std::nullopt},
              {"S2", SiteKind::kStation, {42.32, -71.08}, StationId{2}, std::nullopt},
              {"S3", SiteKind::kPost, {42.28, -71.09}, std::nullopt, std::nullopt},
              {"H", SiteKind::kHospital, {42.31, -71.07}, std::nullopt, HospitalId{1}}};
  in.site_to_demand = {Row{S(200), S(700), S(650)}, Row{S(800), S(300), S(900)},
                       Row{S(900), S(250), S(100)}, Row{S(300), S(300), S(300)}};
  in.config.busy_fraction = 0.5;
  return *CoverageModel::Create(std::move(in));
}

IdleUnit AtSite(const CoverageModel& m, std::uint32_t id, std::size_t site,
                std::optional<std::size_t> home = std::nullopt) {
  IdleUnit u;
  u.unit = UnitId{id};
  u.name = "A" + std::to_string(id);
  u.position = CoveragePosition::At(site);
  u.reach = m.SiteReach(site, 1);
  u.home_site = home;
  return u;
}

TEST(MoveUp, FreedUnitGoesWhereOneMoreUnitAddsMost) {
  const CoverageModel m = SmallModel();
  // A2 idle at S2; A7 has just cleared at the hospital.
  const std::vector<IdleUnit> idle = {AtSite(m, 2, 1), AtSite(m, 7, 3)};
  MoveUpRequest req;
  req.freed = UnitId{7};
  Result<MoveUpDecision> d = SuggestMoveUp(m, idle, req);
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_TRUE(d->freed.has_value());
  // Without A7: n = (0, 1, 0), expected = 60 x 0.5 = 30. One more unit at
  //   S1: Dorchester 0 -> 1: 100 x 0.5 = 50
  //   S2: Roxbury 1 -> 2: 60 x 0.25 = 15
  //   S3: Roxbury 15 + Mattapan 0 -> 1: 30 x 0.5 = 15, total 30
  // (the hospital is not a post). Best: S1, +50 of 190 (26.3 %), 15.8 % -> 42.1 %.
  EXPECT_EQ(d->freed->post, 0u);
  EXPECT_EQ(d->freed->post_name, "S1");
  EXPECT_NEAR(d->freed->gain, 50.0, 1e-12);
  EXPECT_NEAR(d->freed->expected_before, 30.0, 1e-12);
  EXPECT_NEAR(d->freed->expected_after, 80.0, 1e-12);
  EXPECT_EQ(d->freed->from_site, std::optional<std::size_t>(3));
  EXPECT_EQ(d->freed->reason,
            "A7 to S1: covers Dorchester again, +26.3 % expected coverage (15.8 % -> 42.1 %); "
            "best post by DMEXCLP");
  EXPECT_FALSE(d->relocation.has_value());
}

TEST(MoveUp, TiesGoToTheHomeStation) {
  const CoverageModel m = SmallModel();
  // A1 and A4 at S1, A3 at S3; A9 (home S2) freed at the hospital. n = (2, 1, 1), expected
  // 100 x 0.75 + 60 x 0.5 + 30 x 0.5 = 120 of 190. One more unit at S1 adds 100 x 0.125 = 12.5,
  // at S2 60 x 0.25 = 15, at S3 15 + 30 x 0.25 = 22.5.
  std::vector<IdleUnit> idle = {AtSite(m, 1, 0), AtSite(m, 3, 2), AtSite(m, 4, 0),
                                AtSite(m, 9, 3, /*home=*/1)};
  MoveUpRequest req;
  req.freed = UnitId{9};
  Result<MoveUpDecision> d = SuggestMoveUp(m, idle, req);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->freed->post_name, "S3");
  // Only S2 and S1 allowed: S2 (home) 15 beats S1 12.5.
  req.posts = {0, 1};
  d = SuggestMoveUp(m, idle, req);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->freed->post_name, "S2");
  EXPECT_EQ(d->freed->reason,
            "A9 to S2: +7.9 % expected coverage (63.2 % -> 71.1 %); its home station is the best "
            "post");
  // q = 0: every post adds nothing more (all points are covered): a tie, so home.
  req.posts = {};
  req.busy_fraction = 0.0;
  d = SuggestMoveUp(m, idle, req);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->freed->post_name, "S2");
  EXPECT_EQ(d->freed->gain, 0.0);
  EXPECT_EQ(d->freed->reason,
            "A9 to S2: +0.0 % expected coverage (100.0 % -> 100.0 %); its home station, as good "
            "as any post");
}

TEST(MoveUp, RespectsMaxUnitsPerPost) {
  const CoverageModel m = SmallModel();
  const std::vector<IdleUnit> idle = {AtSite(m, 1, 0), AtSite(m, 2, 1)};
  MoveUpRequest req;
  req.freed = UnitId{5};
  req.freed_name = "B5";
  req.max_units_per_post = 1;
  Result<MoveUpDecision> d = SuggestMoveUp(m, idle, req);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->freed->post_name, "S3");  // S1 and S2 are full
  EXPECT_EQ(d->freed->unit_name, "B5");
  req.posts = {0, 1};
  d = SuggestMoveUp(m, idle, req);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().message(), "no post has room for unit 5");
}

TEST(MoveUp, RejectsBadRequests) {
  const CoverageModel m = SmallModel();
  MoveUpRequest req;
  req.freed = UnitId{1};
  req.posts = {3};
  EXPECT_EQ(SuggestMoveUp(m, {}, req).error().message(), "move-up post 3 ('H') is a hospital");
  req.posts = {8};
  EXPECT_EQ(SuggestMoveUp(m, {}, req).error().message(),
            "move-up post 8 does not exist (the model has 4 sites)");
  req.posts = {};
  req.priority = 4;
  EXPECT_EQ(SuggestMoveUp(m, {}, req).error().message(), "move-up priority 4 is outside 1..3");
  req.priority = 1;
  req.busy_fraction = 1.5;
  EXPECT_FALSE(SuggestMoveUp(m, {}, req).ok());
}

// The expected coverage of units at the given reaches, recomputed from scratch (no
// incremental state).
double Objective(const CoverageModel& m, const std::vector<Reach>& units, double q) {
  return ExpectedCoverage(m.Weights(), q, units);
}

TEST(MoveUp, FreedUnitChoiceEqualsEnumeration) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    testing::SyntheticCityOptions o;
    o.points = 40;
    o.sites = 9;
    o.hospitals = 2;
    o.seed = seed;
    o.busy_fraction = 0.05 * static_cast<double>(seed % 10);
    const CoverageModel m = *CoverageModel::Create(testing::SyntheticCity(o));
    Rng rng(seed);
    std::vector<IdleUnit> idle;
    for (std::uint32_t u = 1; u <= 6; ++u) idle.push_back(AtSite(m, u, rng.UniformInt(9)));
    MoveUpRequest req;
    req.freed = UnitId{3};
    Result<MoveUpDecision> d = SuggestMoveUp(m, idle, req);
    ASSERT_TRUE(d.ok());
    // Enumerate: the freed unit at each post, everyone else where they are.
    std::vector<Reach> others;
    for (const IdleUnit& u : idle) {
      if (u.unit != UnitId{3}) others.push_back(u.reach);
    }
    const double before = Objective(m, others, o.busy_fraction);
    double best = -1.0;
    for (std::size_t b : m.PostSites()) {
      std::vector<Reach> with = others;
      with.push_back(m.SiteReach(b, 1));
      best = std::max(best, Objective(m, with, o.busy_fraction));
    }
    std::vector<Reach> chosen = others;
    chosen.push_back(m.SiteReach(d->freed->post, 1));
    EXPECT_NEAR(Objective(m, chosen, o.busy_fraction), best, 1e-9) << "seed " << seed;
    EXPECT_NEAR(d->freed->gain, best - before, 1e-9) << "seed " << seed;
    EXPECT_NE(m.Sites()[d->freed->post].kind, SiteKind::kHospital);
  }
}

TEST(MoveUp, RelocationOfAnIdleUnitEqualsEnumeration) {
  int relocations = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    testing::SyntheticCityOptions o;
    o.points = 40;
    o.sites = 8;
    o.seed = seed + 100;
    const CoverageModel m = *CoverageModel::Create(testing::SyntheticCity(o));
    Rng rng(seed);
    std::vector<IdleUnit> idle;
    for (std::uint32_t u = 1; u <= 5; ++u) {
      // Crowd the units on few sites so that a move usually helps.
      idle.push_back(AtSite(m, u, rng.UniformInt(3)));
    }
    MoveUpRequest req;
    req.consider_other_units = true;
    req.min_gain_share = 0.0;
    Result<MoveUpDecision> d = SuggestMoveUp(m, idle, req);
    ASSERT_TRUE(d.ok());
    EXPECT_FALSE(d->freed.has_value());
    std::vector<Reach> all;
    all.reserve(idle.size());
    for (const IdleUnit& u : idle) all.push_back(u.reach);
    const double before = Objective(m, all, o.busy_fraction);
    double best = before;
    for (std::size_t k = 0; k < idle.size(); ++k) {
      for (std::size_t b = 0; b < m.SiteCount(); ++b) {
        std::vector<Reach> moved = all;
        moved[k] = m.SiteReach(b, 1);
        best = std::max(best, Objective(m, moved, o.busy_fraction));
      }
    }
    if (best - before <= 1e-9) {
      EXPECT_FALSE(d->relocation.has_value()) << "seed " << seed;
      continue;
    }
    ASSERT_TRUE(d->relocation.has_value()) << "seed " << seed;
    ++relocations;
    EXPECT_NEAR(d->relocation->gain, best - before, 1e-9) << "seed " << seed;
    EXPECT_NEAR(d->relocation->expected_before, before, 1e-9);
    // A high threshold suppresses it.
    req.min_gain_share = (best - before) / m.TotalWeight() + 1e-6;
    d = SuggestMoveUp(m, idle, req);
    ASSERT_TRUE(d.ok());
    EXPECT_FALSE(d->relocation.has_value());
  }
  EXPECT_GE(relocations, 10);  // the instances do exercise the move
}

TEST(MoveUp, FreedUnitIsLeftOutOfTheCountsAndRelocationComesAfterIt) {
  const CoverageModel m = SmallModel();
  // A1 and A2 both at S1; A7 freed. The freed unit goes first (S3: Roxbury + Mattapan,
  // 60 x 0.5 + 30 x 0.5 = 45, beats S2's 30 and S1's 100 x 0.125 = 12.5); then moving A2 from
  // S1 to S2 gains 60 x 0.25 = 15 and loses 100 x 0.25 = 25: not worth it, and no move helps.
  const std::vector<IdleUnit> idle = {AtSite(m, 1, 0), AtSite(m, 2, 0), AtSite(m, 7, 3)};
  MoveUpRequest req;
  req.freed = UnitId{7};
  req.consider_other_units = true;
  req.min_gain_share = 0.0;
  Result<MoveUpDecision> d = SuggestMoveUp(m, idle, req);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->freed->post_name, "S3");
  EXPECT_NEAR(d->freed->gain, 45.0, 1e-12);
  EXPECT_FALSE(d->relocation.has_value());
}

TEST(MoveUp, WorksOnTheCadState) {
  const CoverageModel m = SmallModel();
  cad::Roster r;
  r.stations = {{StationId{1}, "S1", m.Sites()[0].location},
                {StationId{2}, "S2", m.Sites()[1].location}};
  for (std::uint32_t i : {1u, 2u, 7u}) {
    cad::Unit u;
    u.id = UnitId{i};
    u.name = "A" + std::to_string(i);
    u.type = cad::UnitType::kAls;
    u.home_station = StationId{i == 1 ? 1u : 2u};
    u.availability = cad::Availability::kAvailable;
    r.units.push_back(u);
  }
  cad::CadState state = *cad::CadState::Create(std::move(r));
  const Instant now = *ParseInstant("2026-07-01T12:00:00Z");
  ASSERT_TRUE(state.UpdatePosition(UnitId{1}, {m.Sites()[0].location, now}).ok());
  ASSERT_TRUE(state.UpdatePosition(UnitId{2}, {m.Sites()[1].location, now}).ok());
  ASSERT_TRUE(state.UpdatePosition(UnitId{7}, {m.Sites()[3].location, now}).ok());  // hospital
  testing::TableCoverageTravel road;
  const ReachFinder finder(m, road);
  MoveUpRequest req;
  req.freed = UnitId{7};
  Result<MoveUpDecision> d = SuggestMoveUp(state, finder, now, req);
  ASSERT_TRUE(d.ok()) << d.status();
  // Without A7: n = (1, 1, 0). S1 adds 100 x 0.25 = 25, S2 60 x 0.25 = 15, S3 15 + 30 x 0.5 =
  // 30: S3, which covers Mattapan again. A7's home S2 is not as good.
  EXPECT_EQ(d->freed->post_name, "S3");
  EXPECT_NEAR(d->freed->gain, 30.0, 1e-12);
  EXPECT_EQ(d->freed->from_site, std::optional<std::size_t>(3));
  EXPECT_EQ(d->freed->reason,
            "A7 to S3: covers Mattapan again, +15.8 % expected coverage (42.1 % -> 57.9 %); best "
            "post by DMEXCLP");
}

}  // namespace
}  // namespace beacon::dispatch
