#include "beacon/sim/kpi.h"

#include <gtest/gtest.h>

#include <cmath>

namespace beacon::sim {
namespace {

TEST(Kpi, PercentilesInterpolateBetweenOrderStatistics) {
  const std::vector<double> v = {10, 20, 30, 40};
  EXPECT_DOUBLE_EQ(Percentile(v, 0.5), 25);
  EXPECT_DOUBLE_EQ(Percentile(v, 0.9), 37);  // h = 2.7: 30 + 0.7 * 10
  EXPECT_DOUBLE_EQ(Percentile({5}, 0.9), 5);
  EXPECT_TRUE(std::isnan(Percentile({}, 0.5)));
}

TEST(Kpi, ConfidenceIntervalUsesStudentsT) {
  // Mean 3, sample sd sqrt(2.5), n 5: half-width 2.776 * 1.5811 / 2.2361 = 1.9630.
  const Estimate e = Summarise({1, 2, 3, 4, 5});
  EXPECT_DOUBLE_EQ(e.mean, 3);
  EXPECT_NEAR(e.high - e.mean, 1.9630, 1e-4);
  EXPECT_NEAR(e.mean - e.low, 1.9630, 1e-4);
  const Estimate one = Summarise({7, NAN});
  EXPECT_EQ(one.n, 1);
  EXPECT_EQ(one.low, 7);
  EXPECT_EQ(one.high, 7);
}

TEST(Kpi, CountsOnlyCallsAfterTheWarmupAndShareWithinTarget) {
  SimScenario s;
  s.targets = {Seconds{480}, Seconds{600}, Seconds{900}};
  ReplicationResult r;
  auto call = [](int p, bool counted, std::optional<Milliseconds> response, bool waited) {
    CallRecord c;
    c.priority = p;
    c.counted = counted;
    c.response = response;
    c.waited = waited;
    c.queue_delay = waited ? Milliseconds{Seconds{100}} : Milliseconds{0};
    return c;
  };
  r.calls = {call(1, false, Seconds{1000}, true), call(1, true, Seconds{300}, false),
             call(1, true, Seconds{500}, true), call(1, true, std::nullopt, false),
             call(3, true, Seconds{60}, false)};
  r.units = {UnitStats{"M1", Hours{6}, Hours{24}, 3}, UnitStats{"A1", Hours{0}, Hours{12}, 0}};
  const ReplicationKpis k = ComputeKpis(r, s);
  EXPECT_EQ(k.calls, 4);
  EXPECT_EQ(k.priority[0].calls, 3);
  EXPECT_EQ(k.priority[0].reached, 2);
  EXPECT_DOUBLE_EQ(k.priority[0].response_median_s, 400);
  EXPECT_DOUBLE_EQ(k.priority[0].within_target, 1.0 / 3);  // 300 s of three calls
  EXPECT_EQ(k.unreached, 1);
  EXPECT_DOUBLE_EQ(k.waited_share, 0.25);
  EXPECT_DOUBLE_EQ(k.queue_delay_mean_s, 25);
  EXPECT_DOUBLE_EQ(k.queue_delay_waited_s, 100);
  EXPECT_DOUBLE_EQ(k.utilisation, 6.0 / 36);
  EXPECT_TRUE(std::isnan(k.priority[1].response_median_s));
}

}  // namespace
}  // namespace beacon::sim
