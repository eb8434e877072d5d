#include "beacon/sim/engine.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include "beacon/model/road_travel_times.h"
#include "beacon/model/test_model.h"
#include "beacon/sim/simulation.h"
#include "beacon/sim/site_times.h"
#include "beacon/sim/test_city.h"

namespace beacon::sim {
namespace {

using model::testing::WriteFile;
using testing::GridScenario;

class EngineTest : public testing::GridTest {};

// Two calls at (1,0) in the afternoon, when only M1 (station 1 at (0,0), one 10 s street away)
// is on duty. Every time below is worked out by hand from the fixed service times.
TEST_F(EngineTest, CallsFollowTheServiceModelLegByLeg) {
  WriteFile(dir_.path() / "trace.csv",
            "time,lat,lon,priority,complaint\n"
            "2026-03-02T12:10:00-05:00,42.3509,-71.0600,3,sick_person\n"
            "2026-03-02T12:11:00-05:00,42.3509,-71.0600,3,sick_person\n");
  std::string text = GridScenario();
  text.replace(text.find("  calls_per_day: 100\n"), 21, "  trace: trace.csv\n");
  const SimScenario s = Load(text);
  auto trace = LoadCallTrace(s.demand.trace, s);
  ASSERT_TRUE(trace.ok()) << trace.status();
  ReplicationOptions o;
  o.trace = &*trace;
  auto r = RunReplication(city_, s, o);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->calls.size(), 2u);
  const CallRecord& a = r->calls[0];
  // 60 s call processing + 60 s turnout + 10 s drive.
  EXPECT_EQ(a.response, Seconds{130});
  EXPECT_EQ(a.travel, Seconds{10});
  EXPECT_EQ(a.queue_delay, Seconds{0});
  EXPECT_FALSE(a.waited);
  EXPECT_EQ(a.first_unit, "M1");
  // Adult patient: KIDS (one street away) takes only children, so GEN at (1,2), 20 s away.
  EXPECT_TRUE(a.transported);
  EXPECT_EQ(a.hospital, "GEN");
  EXPECT_EQ(a.offload, Minutes{20});  // GEN's typical offload
  // 130 s + 10 min on scene + 20 s transport + 20 min offload.
  EXPECT_EQ(a.busy, Seconds{130 + 600 + 20 + 1200});
  const CallRecord& b = r->calls[1];
  // Triaged at 12:12; M1 clears at GEN at 12:10 + 1950 s and is sent from there (20 s).
  EXPECT_TRUE(b.waited);
  EXPECT_EQ(b.queue_delay, Seconds{1950 - 120});
  EXPECT_EQ(b.response, Seconds{1950 - 60 + 60 + 20});
  EXPECT_EQ(b.travel, Seconds{20});
  EXPECT_EQ(r->units[0].name, "M1");
  EXPECT_EQ(r->units[0].responses, 2);
  EXPECT_GT(r->routing_queries, 0u);
}

// A trace call without a complaint gets its priority alone; the scenario's offload for GEN
// replaces the model's; A1 works the night shift (19:00-07:00) only.
TEST_F(EngineTest, PriorityOnlyCallsOffloadOverrideAndShifts) {
  WriteFile(dir_.path() / "trace.csv",
            "time,lat,lon,priority\n"
            "2026-03-02T12:10:00-05:00,42.3509,-71.0600,2\n"
            "2026-03-02T21:00:00-05:00,42.3518,-71.0588,3\n");
  std::string text = GridScenario("hospitals: {GEN: {offload: 35 min}}\n");
  text.replace(text.find("  calls_per_day: 100\n"), 21, "  trace: trace.csv\n");
  const SimScenario s = Load(text);
  auto m = ScenarioModel(city_, s);
  ASSERT_TRUE(m.ok()) << m.status();
  auto r = RunSimulation(*m, s, SimOptions{});
  ASSERT_TRUE(r.ok()) << r.status();
  const ReplicationResult& rep = r->replications[0];
  ASSERT_EQ(rep.calls.size(), 2u);
  EXPECT_EQ(rep.calls[0].mix, -1);
  EXPECT_EQ(rep.calls[0].first_unit, "M1");  // A1 is off duty at noon
  EXPECT_EQ(rep.calls[0].response, Seconds{130});
  EXPECT_EQ(rep.calls[0].offload, Minutes{35});
  // At 21:00 both are on duty; the call at (2,1) is 10 s from A1 at (2,2), 30 s from M1.
  EXPECT_EQ(rep.calls[1].first_unit, "A1");
  EXPECT_EQ(rep.calls[1].travel, Seconds{10});
  // Two days from Monday 12:00: M1 on duty throughout, A1 for two nights of 12 hours.
  ASSERT_EQ(rep.units.size(), 2u);
  EXPECT_EQ(rep.units[0].on_duty, Hours{48});
  EXPECT_EQ(rep.units[1].on_duty, Hours{24});
  // Busy from dispatch (after the 60 s of call processing) to clear at GEN.
  EXPECT_EQ(rep.units[0].busy, Seconds{60 + 10 + 600 + 20 + 35 * 60});
}

TEST_F(EngineTest, SameSeedSameCallsAndThreadsDoNotChangeTheFile) {
  const SimScenario s = Load(GridScenario());
  auto write = [&](int threads, std::uint64_t seed, const std::string& name) {
    SimOptions o;
    o.replications = 3;
    o.threads = threads;
    o.seed = seed;
    auto r = RunSimulation(city_, s, o);
    EXPECT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(WriteCallsCsv(*r, s, dir_.path() / name).ok());
    return beacon::testing::ReadFileBytes(dir_.path() / name);
  };
  const std::string one = write(1, 7, "one.csv");
  const std::string two = write(2, 7, "two.csv");
  const std::string other = write(2, 8, "other.csv");
  EXPECT_GT(one.size(), 1000u);
  EXPECT_EQ(one, two);
  EXPECT_NE(one, other);
}

// The coverage policies on the 5 x 5 city with six posts: DMEXCLP orders move-ups and the
// engine drives them; both policies stay deterministic across thread counts.
TEST_F(EngineTest, CoveragePoliciesRunAndMoveUpsAreDriven) {
  const model::CityModel city = model::testing::CoverageCity();
  for (const std::string policy : {"coverage_aware", "dmexclp"}) {
    std::string text = GridScenario("policy: " + policy + "\n");
    text.replace(text.find("city: Gridville\n"), 16, "city: Gridville-5\n");
    auto s = ParseSimScenario(text, "grid5.yaml", dir_.path(), city);
    ASSERT_TRUE(s.ok()) << s.status();
    std::uint64_t move_ups = 0;
    auto write = [&](int threads, const std::string& name) {
      SimOptions o;
      o.replications = 2;
      o.threads = threads;
      o.seed = 11;
      auto r = RunSimulation(city, *s, o);
      EXPECT_TRUE(r.ok()) << r.status();
      if (!r.ok()) return std::string();
      move_ups = 0;
      for (const ReplicationResult& rep : r->replications) move_ups += rep.move_ups;
      EXPECT_TRUE(WriteCallsCsv(*r, *s, dir_.path() / name).ok());
      return beacon::testing::ReadFileBytes(dir_.path() / name);
    };
    const std::string one = write(1, policy + "1.csv");
    const std::string two = write(2, policy + "2.csv");
    EXPECT_GT(one.size(), 1000u) << policy;
    EXPECT_EQ(one, two) << policy;
    if (policy == "dmexclp") {
      EXPECT_GT(move_ups, 0u);
    } else {
      EXPECT_EQ(move_ups, 0u);
    }
  }
}

// The table of fixed sites answers exactly what the hierarchy answers, and passes other points
// on to it.
TEST_F(EngineTest, SiteTableAgreesWithTheHierarchy) {
  auto sites = SiteTimes::Build(city_);
  ASSERT_TRUE(sites.ok()) << sites.status();
  EXPECT_EQ((*sites)->size(), 5u);  // 2 stations, 2 hospitals, 1 demand point
  TableTravelTimes table(*sites, std::make_unique<model::RoadTravelTimes>(city_));
  model::RoadTravelTimes road(city_);
  using model::testing::GridPoint;
  const LatLon off_site{GridPoint(1, 1).lat + 0.0002, GridPoint(1, 1).lon};
  const std::vector<LatLon> points = {GridPoint(0, 0), GridPoint(2, 2), GridPoint(1, 2),
                                      GridPoint(2, 0), GridPoint(1, 0), off_site};
  for (const LatLon& one : points) {
    std::vector<std::optional<Milliseconds>> a;
    std::vector<std::optional<Milliseconds>> b;
    ASSERT_TRUE(table.ToOne(points, one, a).ok());
    ASSERT_TRUE(road.ToOne(points, one, b).ok());
    EXPECT_EQ(a, b);
    ASSERT_TRUE(table.FromOne(one, points, a).ok());
    ASSERT_TRUE(road.FromOne(one, points, b).ok());
    EXPECT_EQ(a, b);
  }
  std::vector<std::optional<Milliseconds>> t;
  ASSERT_TRUE(table.FromOne(GridPoint(1, 2), std::vector<LatLon>{GridPoint(0, 0)}, t).ok());
  EXPECT_EQ(t[0], Seconds{30});  // three streets of 10 s
}

// Erlang C (M/M/c; ../shared/docs/domain.md): every leg takes no time, service is the
// exponential on-scene time alone, one priority, first come first served. c = 3 units,
// lambda = 6 calls/h, mu = 3/h (20 min): a = 2, rho = 2/3.
double ErlangCWait(double a, int c) {
  double sum = 0;
  double term = 1;  // a^k / k!
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double top = term / (1 - a / c);  // a^c / c! / (1 - rho)
  return top / (sum + top);
}

TEST_F(EngineTest, ZeroTravelQueueReproducesErlangC) {
  WriteFile(dir_.path() / "fleet.yaml",
            "shifts:\n  - {name: all, start: \"00:00\", hours: 24}\n"
            "units:\n  - {type: BLS, shift: all, count: 3}\n");
  const std::string text =
      "name: Erlang C\ncity: Gridville\n"
      "run: {start: \"2026-03-02T00:00:00-05:00\", days: 20, warmup_days: 1}\n"
      "travel: zero\nfleet: fleet.yaml\n"
      "demand:\n  calls_per_day: 144\n"
      "  mix:\n    - {complaint: sick_person, answers: {conscious: \"yes\"}, share: 1}\n"
      "service:\n  call_processing: 0 s\n  turnout: 0 s\n"
      "  on_scene: {dist: exponential, mean: 20 min}\n  transport: {p1: 0, p2: 0, p3: 0}\n";
  const SimScenario s = Load(text);
  auto m = ScenarioModel(city_, s);
  ASSERT_TRUE(m.ok()) << m.status();
  SimOptions o;
  o.replications = 8;
  o.threads = 2;
  o.seed = 2026;
  auto r = RunSimulation(*m, s, o);
  ASSERT_TRUE(r.ok()) << r.status();
  const double lambda = 6.0 / 3600;  // per second
  const double mu = 1.0 / 1200;
  const double p_wait = ErlangCWait(lambda / mu, 3);
  EXPECT_NEAR(p_wait, 4.0 / 9, 1e-12);  // the formula by hand: (4/3 * 3) / (1 + 2 + 2 + 4)
  const double w_q = p_wait / (3 * mu - lambda);  // 533.3 s
  std::vector<double> waited;
  std::vector<double> delay;
  for (const ReplicationKpis& k : r->kpis) {
    waited.push_back(k.waited_share);
    delay.push_back(k.queue_delay_mean_s);
  }
  const Estimate pw = Summarise(waited);
  const Estimate wq = Summarise(delay);
  std::cout << fmt::format("P(wait) {:.4f} [{:.4f}, {:.4f}], Erlang C {:.4f}\n", pw.mean, pw.low,
                           pw.high, p_wait)
            << fmt::format("W_q {:.1f} s [{:.1f}, {:.1f}], Erlang C {:.1f} s\n", wq.mean, wq.low,
                           wq.high, w_q);
  EXPECT_LE(pw.low, p_wait);
  EXPECT_GE(pw.high, p_wait);
  EXPECT_LE(wq.low, w_q);
  EXPECT_GE(wq.high, w_q);
  // The interval is informative, not vacuous.
  EXPECT_LT(pw.high - pw.low, 0.06);
  EXPECT_LT(wq.high - wq.low, 0.4 * w_q);
}

}  // namespace
}  // namespace beacon::sim
