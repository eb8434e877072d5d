#include "beacon/dispatch/post_plan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "beacon/base/rng.h"
#include "beacon/dispatch/coverage_test_city.h"

namespace beacon::dispatch {
namespace {

using Row = std::vector<std::optional<Milliseconds>>;

std::optional<Milliseconds> S(std::int64_t seconds) { return Milliseconds{seconds * 1000}; }
constexpr std::optional<Milliseconds> kFar = Milliseconds{3'600'000};

// Independent reference: the objective of allocation x straight from the times table.
double Objective(const PostPlanInstance& in, const std::vector<int>& x) {
  double sum = 0.0;
  for (std::size_t i = 0; i < in.PointCount(); ++i) {
    int n = 0;
    for (std::size_t j = 0; j < in.SiteCount(); ++j) {
      if (in.times[j][i] && *in.times[j][i] <= in.target) n += x[j];
    }
    sum += in.weights[i] * (1.0 - std::pow(in.busy_fraction, n));
  }
  return sum;
}

// The best allocation by trying every way to put N units on the sites (within the bounds).
double EnumeratedOptimum(const PostPlanInstance& in) {
  std::vector<int> x(in.SiteCount(), 0);
  double best = -1.0;
  std::function<void(std::size_t, int)> place = [&](std::size_t j, int left) {
    if (j + 1 == in.SiteCount()) {
      const int cap = in.max_units_per_site.empty() ? left : in.max_units_per_site[j];
      if (left > cap) return;
      x[j] = left;
      best = std::max(best, Objective(in, x));
      return;
    }
    const int cap = in.max_units_per_site.empty() ? left : in.max_units_per_site[j];
    for (int k = 0; k <= std::min(left, cap); ++k) {
      x[j] = k;
      place(j + 1, left - k);
    }
  };
  place(0, in.units);
  return best;
}

// Six points of weight 1. L reaches 1-3, R reaches 4-6, M reaches 2-5. With q = 0 and two
// units, greedy takes M (4 points) then L or R (5 in all); the optimum is L + R (6).
PostPlanInstance GreedyTrap() {
  PostPlanInstance in;
  in.site_names = {"L", "M", "R"};
  in.weights = {1, 1, 1, 1, 1, 1};
  in.times = {Row{S(100), S(100), S(100), kFar, kFar, kFar},
              Row{kFar, S(100), S(100), S(100), S(100), kFar},
              Row{kFar, kFar, kFar, S(100), S(100), S(100)}};
  in.units = 2;
  in.busy_fraction = 0.0;
  return in;
}

TEST(PostPlan, SwapRepairsTheGreedyTrap) {
  const PostPlanInstance in = GreedyTrap();
  Result<PostPlan> h = PlanPostsGreedySwap(in);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->units_at_site, (std::vector<int>{1, 0, 1}));
  EXPECT_DOUBLE_EQ(h->expected, 6.0);
  EXPECT_DOUBLE_EQ(h->covered_share, 1.0);
  EXPECT_GE(h->swaps, 1);
  Result<PostPlan> e = PlanPostsExact(in);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->units_at_site, (std::vector<int>{1, 0, 1}));
  EXPECT_TRUE(e->proven_optimal);
  EXPECT_NEAR(*e->upper_bound, 6.0, 1e-9);
}

TEST(PostPlan, ExpectedCoverageFavoursBackupWhereDemandIsHeavy) {
  // Point A (weight 10) reached from site 0, point B (weight 3) from site 1; q = 0.5, N = 2.
  // Both at 0: 10 x 0.75 = 7.5; one each: 10 x 0.5 + 3 x 0.5 = 6.5; both at 1: 2.25.
  PostPlanInstance in;
  in.weights = {10, 3};
  in.times = {Row{S(60), kFar}, Row{kFar, S(60)}};
  in.units = 2;
  in.busy_fraction = 0.5;
  Result<PostPlan> e = PlanPostsExact(in);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->units_at_site, (std::vector<int>{2, 0}));
  EXPECT_NEAR(e->expected, 7.5, 1e-12);
  EXPECT_NEAR(e->covered_weight, 10.0, 1e-12);
  Result<PostPlan> h = PlanPostsGreedySwap(in);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->units_at_site, (std::vector<int>{2, 0}));
  // At most one unit per site forces one each.
  in.max_units_per_site = {1, 1};
  e = PlanPostsExact(in);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->units_at_site, (std::vector<int>{1, 1}));
  EXPECT_NEAR(e->expected, 6.5, 1e-12);
}

TEST(PostPlan, ExactEqualsEnumerationAndHeuristicIsNeverBetter) {
  Rng rng(2026);
  const double qs[] = {0.0, 0.2, 0.5, 0.8};
  for (int trial = 0; trial < 40; ++trial) {
    PostPlanInstance in;
    const std::size_t sites = 3 + rng.UniformInt(4);     // 3..6
    const std::size_t points = 5 + rng.UniformInt(10);   // 5..14
    in.units = static_cast<int>(1 + rng.UniformInt(5));  // 1..5
    in.busy_fraction = qs[trial % 4];
    in.target = Seconds{480};
    for (std::size_t i = 0; i < points; ++i) {
      // Some duplicate weights and coverage patterns, some zero weights.
      in.weights.push_back(static_cast<double>(rng.UniformInt(4)) * 10.0 + 1.0);
    }
    for (std::size_t j = 0; j < sites; ++j) {
      Row row;
      for (std::size_t i = 0; i < points; ++i) {
        row.push_back(rng.Bernoulli(0.1) ? std::nullopt : S(rng.UniformInt(100, 900)));
      }
      in.times.push_back(std::move(row));
    }
    if (trial % 3 == 0) {
      int room = 0;
      for (std::size_t j = 0; j < sites; ++j) {
        in.max_units_per_site.push_back(static_cast<int>(rng.UniformInt(3)));
        room += in.max_units_per_site.back();
      }
      if (room < in.units) in.max_units_per_site[0] += in.units - room;
    }
    const double optimum = EnumeratedOptimum(in);
    Result<PostPlanComparison> c = ComparePostPlans(in);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_NEAR(c->exact.expected, optimum, 1e-7 * optimum) << "trial " << trial;
    EXPECT_NEAR(Objective(in, c->exact.units_at_site), c->exact.expected, 1e-9);
    EXPECT_TRUE(c->exact.proven_optimal);
    EXPECT_LE(c->heuristic.expected, optimum + 1e-9) << "trial " << trial;
    EXPECT_NEAR(c->gap, (optimum - c->heuristic.expected) / optimum, 1e-7);
    int placed = 0;
    for (std::size_t j = 0; j < sites; ++j) {
      placed += c->exact.units_at_site[j];
      if (!in.max_units_per_site.empty()) {
        EXPECT_LE(c->exact.units_at_site[j], in.max_units_per_site[j]);
        EXPECT_LE(c->heuristic.units_at_site[j], in.max_units_per_site[j]);
      }
    }
    EXPECT_EQ(placed, in.units);
    // Without the warm start GLPK finds the same optimum.
    ExactPostPlanOptions cold;
    cold.warm_start = false;
    Result<PostPlan> e = PlanPostsExact(in, cold);
    ASSERT_TRUE(e.ok());
    EXPECT_NEAR(e->expected, optimum, 1e-7 * optimum);
  }
}

TEST(PostPlan, FromModelTakesTheCandidateSitesAndPriorityTarget) {
  testing::SyntheticCityOptions o;
  o.points = 30;
  o.sites = 6;
  o.hospitals = 1;
  CoverageInput ci = testing::SyntheticCity(o);
  ci.config.target[1] = Seconds{600};
  const CoverageModel m = *CoverageModel::Create(std::move(ci));
  const std::vector<std::size_t> posts = m.PostSites();
  ASSERT_EQ(posts.size(), 5u);
  Result<PostPlanInstance> in = PostPlanInstance::FromModel(m, posts, 3, 2);
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ(in->SiteCount(), 5u);
  EXPECT_EQ(in->site_names[4], "Station 5");
  EXPECT_EQ(in->target, Seconds{600});
  EXPECT_DOUBLE_EQ(in->busy_fraction, 0.3);
  EXPECT_EQ(in->times[2][7], m.Time(2, 7));
  const std::vector<std::size_t> bad = {6};
  EXPECT_EQ(PostPlanInstance::FromModel(m, bad, 3, 1).error().message(),
            "candidate site 6 does not exist (the model has 6)");
}

TEST(PostPlan, RejectsBadInstancesNamingTheField) {
  auto error_of = [](const PostPlanInstance& in) {
    Result<PostPlan> r = PlanPostsGreedySwap(in);
    return r.ok() ? std::string("ok") : std::string(r.error().message());
  };
  PostPlanInstance in = GreedyTrap();
  in.units = 0;
  EXPECT_EQ(error_of(in), "units: 0 must be at least 1");
  in = GreedyTrap();
  in.max_units_per_site = {0, 1, 0};
  EXPECT_EQ(error_of(in), "2 units do not fit: the sites hold at most 1");
  in.max_units_per_site = {1, 1};
  EXPECT_EQ(error_of(in), "max units per site: 2 values for 3 sites");
  in = GreedyTrap();
  in.times[1].pop_back();
  EXPECT_EQ(error_of(in), "site 1: 5 travel times for 6 demand points");
  in = GreedyTrap();
  in.weights[3] = -2;
  EXPECT_EQ(error_of(in), "weight of demand point 3 is -2; it must be finite and non-negative");
  in = GreedyTrap();
  in.busy_fraction = 1.0;
  EXPECT_EQ(error_of(in), "busy fraction q = 1 is outside [0, 1)");
  in = GreedyTrap();
  in.site_names.pop_back();
  EXPECT_EQ(error_of(in), "2 site names for 3 sites");
  in = GreedyTrap();
  ExactPostPlanOptions opt;
  opt.time_limit = Milliseconds{0};
  EXPECT_FALSE(PlanPostsExact(in, opt).ok());
  const std::vector<int> wrong = {2, 1, 0};
  EXPECT_EQ(EvaluatePostPlan(in, wrong, "x").error().message(), "plan places 3 units, not 2");
}

}  // namespace
}  // namespace beacon::dispatch
