#include "beacon/base/rng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace beacon {
namespace {

TEST(Rng, EngineIsTheStandardMersenneTwister) {
  // The C++ standard ([rand.predef]) fixes the 10000th output of a default-seeded
  // mt19937_64 (seed 5489): the engine, and so every stream, is the same on every platform.
  Rng rng(5489);
  std::uint64_t v = 0;
  for (int i = 0; i < 10000; ++i) v = rng.NextU64();
  EXPECT_EQ(v, 9981545732273789042ULL);
}

TEST(Rng, SameSeedSameSequenceForEveryDistribution) {
  Rng a(2026), b(2026);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(a.Uniform01(), b.Uniform01());
    ASSERT_EQ(a.UniformInt(17), b.UniformInt(17));
    ASSERT_EQ(a.Exponential(0.3), b.Exponential(0.3));
    ASSERT_EQ(a.Normal(1, 2), b.Normal(1, 2));
    ASSERT_EQ(a.Gamma(0.7, 2), b.Gamma(0.7, 2));
    ASSERT_EQ(a.LogNormal(3, 0.5), b.LogNormal(3, 0.5));
  }
  Rng c(2027);
  Rng d(2026);
  int same = 0;
  for (int i = 0; i < 100; ++i) same += c.NextU64() == d.NextU64();
  EXPECT_EQ(same, 0) << "different seeds give different streams";
}

TEST(Rng, ForkIsDeterministicAndIndependentOfParentUse) {
  Rng parent(7);
  Rng f1 = parent.Fork(1);
  for (int i = 0; i < 10; ++i) parent.NextU64();  // using the parent does not change its forks
  Rng f1_again = parent.Fork(1);
  Rng f2 = parent.Fork(2);
  int equal12 = 0;
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t x = f1.NextU64();
    ASSERT_EQ(x, f1_again.NextU64());
    equal12 += x == f2.NextU64();
  }
  EXPECT_EQ(equal12, 0);
  EXPECT_NE(Rng(7).Fork(1).seed(), Rng(8).Fork(1).seed());
}

TEST(Rng, UniformStaysInRange) {
  Rng rng(1);
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.Uniform01();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    const double w = rng.Uniform(-2.0, 3.0);
    ASSERT_GE(w, -2.0);
    ASSERT_LT(w, 3.0);
    const std::int64_t k = rng.UniformInt(-3, 3);
    ASSERT_GE(k, -3);
    ASSERT_LE(k, 3);
  }
  EXPECT_EQ(rng.UniformInt(5, 5), 5);
}

// Sample mean and variance of n draws.
template <typename F>
std::pair<double, double> Moments(F draw, int n) {
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n;
  return {mean, sum2 / n - mean * mean};
}

// Tolerances are about 5 standard errors for n = 200000, so a correct generator fails with
// negligible probability, and the fixed seed makes the test repeatable.
TEST(Rng, DistributionsHaveTheirTheoreticalMoments) {
  Rng rng(99);
  constexpr int kN = 200000;
  auto [em, ev] = Moments([&] { return rng.Exponential(2.0); }, kN);
  EXPECT_NEAR(em, 0.5, 0.006);
  EXPECT_NEAR(ev, 0.25, 0.01);
  auto [nm, nv] = Moments([&] { return rng.Normal(10.0, 3.0); }, kN);
  EXPECT_NEAR(nm, 10.0, 0.04);
  EXPECT_NEAR(nv, 9.0, 0.15);
  auto [gm, gv] = Moments([&] { return rng.Gamma(2.0, 3.0); }, kN);  // mean k*theta, var k*theta^2
  EXPECT_NEAR(gm, 6.0, 0.05);
  EXPECT_NEAR(gv, 18.0, 0.5);
  auto [sm, sv] = Moments([&] { return rng.Gamma(0.5, 2.0); }, kN);  // shape < 1 path
  EXPECT_NEAR(sm, 1.0, 0.02);
  EXPECT_NEAR(sv, 2.0, 0.1);
  auto [lm, lv] = Moments([&] { return rng.LogNormal(1.0, 0.5); }, kN);
  EXPECT_NEAR(lm, std::exp(1.0 + 0.125), 0.02);  // exp(mu + sigma^2/2)
  (void)lv;
  auto [bm, bv] = Moments([&] { return rng.Bernoulli(0.3) ? 1.0 : 0.0; }, kN);
  EXPECT_NEAR(bm, 0.3, 0.006);
  (void)bv;
}

TEST(Rng, UniformIntAndDiscreteAreUnbiased) {
  Rng rng(5);
  constexpr int kN = 300000;
  std::vector<int> counts(6, 0);
  for (int i = 0; i < kN; ++i) ++counts[rng.UniformInt(6)];
  for (int c : counts) EXPECT_NEAR(c, kN / 6.0, 5 * std::sqrt(kN / 6.0));

  const std::vector<double> weights{1.0, 0.0, 3.0, 6.0};
  std::vector<int> hits(4, 0);
  for (int i = 0; i < kN; ++i) ++hits[rng.Discrete(weights)];
  EXPECT_EQ(hits[1], 0) << "zero weight is never drawn";
  EXPECT_NEAR(hits[0], kN * 0.1, 5 * std::sqrt(kN * 0.1 * 0.9));
  EXPECT_NEAR(hits[2], kN * 0.3, 5 * std::sqrt(kN * 0.3 * 0.7));
  EXPECT_NEAR(hits[3], kN * 0.6, 5 * std::sqrt(kN * 0.6 * 0.4));
}

TEST(RngDeathTest, BadParametersAreProgrammerErrors) {
  Rng rng(1);
  EXPECT_DEATH(rng.Exponential(0.0), "rate > 0");
  EXPECT_DEATH(rng.UniformInt(std::uint64_t{0}), "n > 0");
  EXPECT_DEATH(rng.Discrete(std::vector<double>{0.0, 0.0}), "positive total");
}

}  // namespace
}  // namespace beacon
