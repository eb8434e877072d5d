#include "beacon/sim/scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "beacon/model/test_model.h"
#include "beacon/sim/distribution.h"
#include "beacon/sim/test_city.h"

namespace beacon::sim {
namespace {

using model::testing::WriteFile;
using testing::GridScenario;
using ::testing::HasSubstr;

class ScenarioTest : public testing::GridTest {
 protected:
  // The error message of a scenario that must not load.
  std::string ErrorOf(const std::string& text) {
    auto s = Parse(text);
    EXPECT_FALSE(s.ok());
    return s.ok() ? std::string() : std::string(s.status().message());
  }
};

TEST_F(ScenarioTest, ReadsEveryBlockAndResolvesTheMixThroughTriage) {
  auto s = Parse(GridScenario(
      "travel: zero\npolicy: closest_unit\ntargets: {p1: 6 min, p2: 10 min, p3: 20 min}\n"
      "hospitals: {GEN: {offload: 35 min}}\nposts: [Station 1]\n"));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->name, "Gridville test");
  EXPECT_EQ(s->start, *ParseInstant("2026-03-02T17:00:00Z"));
  EXPECT_EQ(s->length, Hours{48});
  EXPECT_EQ(s->travel, TravelMode::kZero);
  ASSERT_EQ(s->demand.mix.size(), 2u);
  EXPECT_EQ(s->demand.mix[0].determinant, "SICK-3");
  EXPECT_EQ(s->demand.mix[0].priority, 3);
  EXPECT_EQ(s->demand.mix[1].determinant, "SICK-1");
  EXPECT_EQ(s->demand.mix[1].priority, 1);
  EXPECT_EQ(s->targets[0], Minutes{6});
  EXPECT_EQ(s->service.on_scene[2].Mean(), Minutes{10});
  ASSERT_EQ(s->hospital_offload.size(), 1u);
  EXPECT_EQ(s->hospital_offload.begin()->second, Minutes{35});

  auto m = ScenarioModel(city_, *s);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->FindHospitalByCode("GEN")->typical_offload, Minutes{35});
  for (const model::ModelUnit& u : m->data().units) EXPECT_EQ(u.unit.home_station, StationId{1});
}

TEST_F(ScenarioTest, FleetFileReplacesTheModelsFleetAndShifts) {
  WriteFile(dir_.path() / "fleet.yaml",
            "shifts:\n  - {name: all, start: \"00:00\", hours: 24}\n"
            "units:\n  - {type: BLS, shift: all, count: 3}\n");
  auto s = Parse(GridScenario("fleet: fleet.yaml\n"));
  ASSERT_TRUE(s.ok()) << s.status();
  auto m = ScenarioModel(city_, *s);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->data().units.size(), 3u);
  EXPECT_EQ(m->data().units[2].unit.name, "A3");
  EXPECT_EQ(m->data().shifts[0].name, "all");
}

TEST_F(ScenarioTest, ResponsePlansFileReplacesTheModelsRunCards) {
  WriteFile(dir_.path() / "plans.yaml",
            "rules:\n  - name: everything BLS\n    send: [{level: BLS, count: 1}]\n");
  auto s = Parse(GridScenario("response_plans: plans.yaml\n"));
  ASSERT_TRUE(s.ok()) << s.status();
  auto m = ScenarioModel(city_, *s);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->data().response_plans.rules.size(), 1u);
  EXPECT_EQ(m->data().response_plans.rules[0].name, "everything BLS");
  WriteFile(dir_.path() / "bad_plans.yaml", "rules:\n  - name: x\n    sned: []\n");
  EXPECT_THAT(ErrorOf(GridScenario("response_plans: bad_plans.yaml\n")),
              HasSubstr("grid.yaml:15: response_plans: "));
  EXPECT_THAT(ErrorOf(GridScenario("response_plans: bad_plans.yaml\n")),
              HasSubstr("bad_plans.yaml:3: rules[0].sned: unknown key"));
}

TEST_F(ScenarioTest, BadFilesNameTheLineAndTheField) {
  EXPECT_THAT(ErrorOf(GridScenario("speed: 3\n")), HasSubstr("grid.yaml:15: speed: unknown key"));
  EXPECT_THAT(ErrorOf("name: x\ncity: Springfield\n"),
              HasSubstr("grid.yaml:2: city: the scenario is for 'Springfield' but the model is "
                        "'Gridville'"));
  EXPECT_THAT(ErrorOf(GridScenario("travel: teleport\n")),
              HasSubstr("grid.yaml:15: travel: 'teleport' is not one of: road, zero"));
  EXPECT_THAT(ErrorOf(GridScenario("policy: nearest\n")),
              HasSubstr("grid.yaml:15: policy: 'nearest' is not one of: closest_unit, "
                        "coverage_aware, dmexclp"));
  EXPECT_THAT(ErrorOf(GridScenario("hospitals: {MGH: {offload: 30 min}}\n")),
              HasSubstr("grid.yaml:15: hospitals.MGH: the model has no hospital 'MGH'"));
  EXPECT_THAT(ErrorOf(GridScenario("fleet: nowhere.yaml\n")), HasSubstr("grid.yaml:15: fleet:"));
  std::string text = GridScenario();
  // A mix line whose answers do not decide, and one whose determinant is not what they give.
  std::string undecided = text;
  undecided.replace(undecided.find("answers: {conscious: \"no\"}, "), 28, "");
  EXPECT_THAT(ErrorOf(undecided),
              HasSubstr("grid.yaml:9: demand.mix[1].answers: do not decide a determinant of "
                        "'sick_person' (next question: 'conscious')"));
  std::string wrong = text;
  wrong.replace(wrong.find("SICK-3"), 6, "SICK-1");
  EXPECT_THAT(ErrorOf(wrong),
              HasSubstr("grid.yaml:8: demand.mix[0].determinant: the answers give SICK-3, not "
                        "SICK-1"));
  std::string complaint = text;
  complaint.replace(complaint.find("complaint: sick_person"), 22, "complaint: hiccups");
  EXPECT_THAT(ErrorOf(complaint),
              HasSubstr("grid.yaml:8: demand.mix[0].complaint: the model's rule set has no "
                        "complaint 'hiccups'"));
  std::string dist = text;
  dist.replace(dist.find("on_scene: 10 min"), 16, "on_scene: {dist: lognormal, mean: 10 min}");
  EXPECT_THAT(ErrorOf(dist), HasSubstr("grid.yaml:13: service.on_scene.sd: is required"));
  std::string start = text;
  start.replace(start.find("2026-03-02T12:00:00-05:00"), 25, "tomorrow");
  EXPECT_THAT(ErrorOf(start), HasSubstr("grid.yaml:4: run.start: 'tomorrow' is not a time"));
  std::string transport = text;
  transport.replace(transport.find("p3: 1}"), 6, "p3: 1.5}");
  EXPECT_THAT(ErrorOf(transport), HasSubstr("grid.yaml:14: service.transport.p3:"));
  EXPECT_THAT(ErrorOf("name: [x\n"), HasSubstr("grid.yaml:"));
}

TEST(Distribution, SampleMeansAndSpreadsMatchTheirParameters) {
  Rng rng(11);
  const std::vector<Distribution> cases = {
      Distribution::Exponential(Minutes{10}), Distribution::LogNormal(Minutes{10}, Minutes{5}),
      Distribution::Gamma(Minutes{10}, Minutes{5}),
      Distribution::Empirical({Seconds{300}, Seconds{600}, Seconds{900}})};
  const std::vector<double> sds = {600, 300, 300, std::sqrt(2.0 / 3.0) * 300};
  for (std::size_t c = 0; c < cases.size(); ++c) {
    constexpr int kN = 200'000;
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < kN; ++i) {
      const double x = ToSecondsF(cases[c].Sample(rng));
      sum += x;
      sq += x * x;
    }
    const double mean = sum / kN;
    const double sd = std::sqrt(sq / kN - mean * mean);
    // The standard error of the mean is at most 600 / sqrt(200000) = 1.3 s.
    EXPECT_NEAR(mean, 600, 6) << cases[c].Describe();
    EXPECT_NEAR(sd, sds[c], sds[c] * 0.03) << cases[c].Describe();
  }
  EXPECT_EQ(Distribution::Fixed(Seconds{42}).Sample(rng), Seconds{42});
}

TEST(Distribution, ReadsEveryFormAndRejectsParametersOfAnotherForm) {
  auto doc = config::YamlDocument::Parse(
      "a: 90 s\n"
      "b: {dist: exponential, mean: 2 min}\n"
      "c: {dist: gamma, mean: 2 min, sd: 1 min}\n"
      "d: {dist: empirical, values: [1 min, 3 min]}\n"
      "e: {dist: exponential, mean: 2 min, sd: 1 min}\n"
      "f: {dist: weibull, mean: 2 min}\n"
      "g: {dist: empirical, values: []}\n"
      "h: {dist: exponential, mean: 0}\n",
      "d.yaml");
  ASSERT_TRUE(doc.ok());
  const auto& r = doc->reader();
  const YAML::Node& root = doc->root();
  EXPECT_EQ(ReadDistribution(r, root["a"], "a")->Mean(), Seconds{90});
  EXPECT_EQ(ReadDistribution(r, root["b"], "b")->kind(), Distribution::Kind::kExponential);
  EXPECT_EQ(ReadDistribution(r, root["c"], "c")->Mean(), Minutes{2});
  EXPECT_EQ(ReadDistribution(r, root["d"], "d")->Mean(), Minutes{2});
  EXPECT_THAT(std::string(ReadDistribution(r, root["e"], "e").status().message()),
              HasSubstr("d.yaml:5: e.sd: does not apply to a exponential distribution"));
  EXPECT_THAT(std::string(ReadDistribution(r, root["f"], "f").status().message()),
              HasSubstr("d.yaml:6: f.dist: 'weibull' is not one of"));
  EXPECT_THAT(std::string(ReadDistribution(r, root["g"], "g").status().message()),
              HasSubstr("d.yaml:7: g.values: must be a non-empty list"));
  EXPECT_THAT(std::string(ReadDistribution(r, root["h"], "h").status().message()),
              HasSubstr("d.yaml:8: h.mean: must be more than 0"));
}

}  // namespace
}  // namespace beacon::sim
