// The MCI exercise in the simulator: the `mci` block read with errors naming the field, and a
// Gridville MCI played on top of normal demand (every patient reaches a hospital, the planned
// distribution keeps within declared capacity where closest-hospital does not, the city's calls
// are still answered, and the run is a pure function of the seed).
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "beacon/model/test_model.h"
#include "beacon/sim/engine.h"
#include "beacon/sim/kpi.h"
#include "beacon/sim/report.h"
#include "beacon/sim/simulation.h"
#include "beacon/sim/test_city.h"

namespace beacon::sim {
namespace {

using testing::GridScenario;
using ::testing::HasSubstr;

// An MCI at (1,1) in Gridville at 20:00 on the first day (M1 and A1 on duty): 3 red (one a
// child), 4 yellow (two from START findings), 5 green and one dead; one city ambulance and 3
// mutual-aid ambulances from 20:05; GEN ((1,2), adults) declares 2 red and 2 yellow, KIDS
// ((2,0), children only) 1 red and 3 yellow, so two adult yellows can only go to KIDS.
std::string MciBlock(std::string_view replace_key = "", std::string_view with = "") {
  const LatLon ccp = model::testing::GridPoint(1, 1);
  const LatLon staging = model::testing::GridPoint(0, 1);
  std::string block = fmt::format(
      "mci:\n"
      "  name: grid collapse\n"
      "  at: \"2026-03-02T20:00:00-05:00\"\n"
      "  level: 3\n"
      "  sites:\n"
      "    - {{name: CCP, kind: casualty_collection, at: [{:.6f}, {:.6f}]}}\n"
      "    - {{name: Staging, kind: staging, at: [{:.6f}, {:.6f}]}}\n"
      "  casualties:\n"
      "    - {{site: CCP, count: 2, category: red, needs: [trauma]}}\n"
      "    - {{site: CCP, count: 1, category: red, needs: [pediatric]}}\n"
      "    - {{site: CCP, count: 2, category: yellow}}\n"
      "    - {{site: CCP, count: 2, findings: {{walks: false, breathing: true, "
      "respiratory_rate: 20, radial_pulse: true, follows_commands: true}}}}\n"
      "    - {{site: CCP, count: 5, category: green}}\n"
      "    - {{site: CCP, count: 1, category: dead}}\n"
      "  triage_interval: 10 s\n"
      "  city_units: 1\n"
      "  mutual_aid: [{{count: 3, type: BLS, arrive: 5 min, spread: 2 min, prefix: MA}}]\n"
      "  surge: {{GEN: [2, 2, 6, 0], KIDS: [1, 3, 1, 0]}}\n"
      "  load_time: 1 min\n"
      "  handover: 5 min\n",
      ccp.lat, ccp.lon, staging.lat, staging.lon);
  if (!replace_key.empty()) {  // the key's line and the list lines under it
    const auto at = block.find(fmt::format("\n  {}:", replace_key)) + 1;
    auto end = block.find('\n', at);
    while (block.compare(end + 1, 4, "    ") == 0) end = block.find('\n', end + 1);
    block.replace(at, end - at, with);
  }
  return block;
}

class MciSimTest : public testing::GridTest {};

TEST_F(MciSimTest, TheMciBlockLoads) {
  const SimScenario s = Load(GridScenario(MciBlock()));
  ASSERT_TRUE(s.mci.has_value());
  EXPECT_EQ(s.mci->Patients(), 13);
  EXPECT_EQ(s.mci->sites.size(), 2u);
  EXPECT_EQ(s.mci->mutual_aid.front().count, 3);
  ASSERT_TRUE(s.mci->casualties[3].findings.has_value());
  EXPECT_EQ(s.mci->casualties[3].findings->respiratory_rate, 20);
  EXPECT_TRUE(s.mci->compare_closest);
}

TEST_F(MciSimTest, EveryMistakeIsNamedWithItsLineAndField) {
  auto error = [&](std::string_view key, std::string_view with) {
    auto r = Parse(GridScenario(MciBlock(key, with)));
    EXPECT_FALSE(r.ok()) << key;
    return r.ok() ? std::string() : std::string(r.status().message());
  };
  EXPECT_THAT(error("level", "  level: 9"), HasSubstr("mci.level"));
  EXPECT_THAT(error("at", "  at: \"2027-01-01T00:00:00Z\""),
              HasSubstr("mci.at: must fall within the run"));
  EXPECT_THAT(error("triage_interval", "  triage_pace: 10 s"), HasSubstr("triage_pace"));
  EXPECT_THAT(error("surge", "  surge: {NOWHERE: [1, 1, 1, 1]}"),
              HasSubstr("mci.surge.NOWHERE: the model has no hospital 'NOWHERE'"));
  EXPECT_THAT(error("surge", "  surge: {GEN: [1, 1, 1]}"),
              HasSubstr("must be [red, yellow, green, gray]"));
  EXPECT_THAT(error("casualties", "  casualties: [{site: Staging, count: 2, category: red}]"),
              HasSubstr("'Staging' is not a casualty_collection site"));
  EXPECT_THAT(error("casualties", "  casualties: [{site: CCP, category: purple}]"),
              HasSubstr("mci.casualties[0].category: unknown MCI triage category 'purple'"));
  EXPECT_THAT(
      error("casualties", "  casualties: [{site: CCP, category: red, findings: {walks: true}}]"),
      HasSubstr("either a category or findings"));
  // Findings that cannot decide a category are refused when the file loads, naming what is
  // missing.
  EXPECT_THAT(error("casualties", "  casualties: [{site: CCP, findings: {walks: false}}]"),
              HasSubstr("breathing"));
  EXPECT_THAT(error("casualties", "  casualties: [{site: CCP, findings: {respiratory_rte: 20}}]"),
              HasSubstr("respiratory_rte: unknown field"));
  EXPECT_THAT(error("casualties", "  casualties: [{site: CCP, category: red, needs: [wings]}]"),
              HasSubstr("'wings' is not pediatric, burn or trauma"));
  EXPECT_THAT(error("mutual_aid", "  mutual_aid: [{count: 2, prefix: M}]"),
              HasSubstr("repeat a call sign"));
  EXPECT_THAT(error("city_units", "  city_units: -1"), HasSubstr("mci.city_units"));
}

Result<ReplicationResult> RunOnce(const model::CityModel& city, const SimScenario& s,
                                  std::optional<MciDistribution> policy, std::uint64_t seed) {
  ReplicationOptions o;
  o.seed = seed;
  o.mci_policy = policy;
  return RunReplication(city, s, o);
}

TEST_F(MciSimTest, EveryPatientReachesAHospitalAndThePlanKeepsWithinCapacity) {
  const SimScenario s = Load(GridScenario(MciBlock()));
  auto planned = RunOnce(city_, s, MciDistribution::kPlanned, 3);
  ASSERT_TRUE(planned.ok()) << planned.status();
  ASSERT_TRUE(planned->mci.has_value());
  const MciOutcome& o = *planned->mci;
  EXPECT_TRUE(o.closed);
  ASSERT_EQ(o.patients.size(), 13u);
  int dead = 0;
  for (const MciPatientOutcome& p : o.patients) {
    if (p.category == triage::MciCategory::kDead) {
      ++dead;
      EXPECT_FALSE(p.arrived) << p.tag << ": the dead are not transported";
      continue;
    }
    ASSERT_TRUE(p.tagged && p.departed && p.arrived) << p.tag;
    EXPECT_LE(*p.tagged, *p.departed) << p.tag;
    EXPECT_LT(*p.departed, *p.arrived) << p.tag;
    EXPECT_FALSE(p.unit.empty());
  }
  EXPECT_EQ(dead, 1);
  // START made the two findings patients Delayed (rate 20, radial pulse, obeys commands).
  int yellow = 0;
  for (const MciPatientOutcome& p : o.patients)
    yellow += p.category == triage::MciCategory::kDelayed;
  EXPECT_EQ(yellow, 4);
  EXPECT_LE(o.city_units, 1) << "one city ambulance at most: the other keeps answering 911";
  EXPECT_EQ(o.mutual_aid_units, 3);

  const std::optional<MciKpis> k = ComputeMciKpis(*planned);
  ASSERT_TRUE(k.has_value());
  EXPECT_EQ(k->transported, 12);
  EXPECT_EQ(k->stranded, 0);
  EXPECT_EQ(k->overflow, 0) << "the planned distribution stays within declared capacity";
  EXPECT_EQ(k->needs_unmet, 2) << "two adult yellows at KIDS: the only room left";
  EXPECT_GT(k->last_red_arrival_min, 0);
  EXPECT_GE(k->last_arrival_min, k->last_red_arrival_min);
  // The child went to KIDS, the adults' reds to GEN.
  for (const MciHospitalLoad& h : k->hospitals) {
    if (h.code == "KIDS") {
      EXPECT_EQ(h.received[0], 1);
    }
    if (h.code == "GEN") {
      EXPECT_EQ(h.received[0], 2);
    }
    EXPECT_FALSE(h.cumulative.empty());
    EXPECT_EQ(h.cumulative.back(), h.received[0] + h.received[1] + h.received[2] + h.received[3]);
  }

  // Closest hospital sends every adult to GEN, whatever it declared.
  auto closest = RunOnce(city_, s, MciDistribution::kClosest, 3);
  ASSERT_TRUE(closest.ok()) << closest.status();
  const std::optional<MciKpis> c = ComputeMciKpis(*closest);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->transported, 12);
  EXPECT_EQ(c->overflow, 2) << "GEN gets all four adult yellows";
  EXPECT_EQ(c->needs_unmet, 0);

  // The city's own calls kept coming and were answered during the MCI.
  int answered = 0;
  for (const CallRecord& call : planned->calls) {
    if (call.time >= o.start && call.time <= o.start + *o.closed_at && call.response) ++answered;
  }
  EXPECT_GT(answered, 0);

  // Same seed, same exercise.
  auto again = RunOnce(city_, s, MciDistribution::kPlanned, 3);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->mci->patients.size(), o.patients.size());
  for (std::size_t i = 0; i < o.patients.size(); ++i) {
    EXPECT_EQ(again->mci->patients[i].arrived, o.patients[i].arrived) << o.patients[i].tag;
    EXPECT_EQ(again->mci->patients[i].hospital, o.patients[i].hospital) << o.patients[i].tag;
  }
}

TEST_F(MciSimTest, KpisJsonComparesBothPolicies) {
  const SimScenario s = Load(GridScenario(MciBlock()));
  SimOptions o;
  o.replications = 2;
  o.threads = 2;
  o.seed = 5;
  auto r = RunSimulation(city_, s, o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->mci.size(), 2u);
  EXPECT_EQ(r->comparison_mci.size(), 2u);
  const auto path = dir_.path() / "kpis.json";
  ASSERT_TRUE(WriteKpisJson(*r, s, o, path).ok());
  const auto j = nlohmann::json::parse(beacon::testing::ReadFileBytes(path));
  ASSERT_TRUE(j.contains("mci"));
  const auto& p = j["mci"]["policies"];
  ASSERT_TRUE(p.contains("planned") && p.contains("closest"));
  EXPECT_EQ(p["planned"]["overflow"]["mean"], 0);
  EXPECT_GT(p["closest"]["overflow"]["mean"].get<double>(), 0);
  EXPECT_EQ(p["planned"]["transported"]["mean"], 12);
  EXPECT_EQ(p["planned"]["hospitals"].size(), 2u);
  EXPECT_TRUE(p["planned"]["last_red_arrival_min"]["mean"].is_number());
  // The report has the MCI's figures and one load chart per policy.
  const auto report = dir_.path() / "report.html";
  ASSERT_TRUE(WriteReportHtml(*r, s, city_, report).ok());
  const std::string html = beacon::testing::ReadFileBytes(report);
  EXPECT_THAT(html, HasSubstr("<h2>MCI exercise: grid collapse</h2>"));
  EXPECT_THAT(html, HasSubstr("<figure id=\"mci-planned\">"));
  EXPECT_THAT(html, HasSubstr("<figure id=\"mci-closest\">"));
  EXPECT_THAT(html, HasSubstr("patients above declared capacity"));
}

}  // namespace
}  // namespace beacon::sim
