// The runner on small scenarios written here; the real scenario files under tests/scenarios are
// run through `beacon scenario run` by CTest.
#include "beacon/scenario/dispatch_scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/testing.h"

namespace beacon::scenario {
namespace {

using ::testing::HasSubstr;

RunOptions Options() {
  RunOptions o;
  o.default_protocol = beacon::testing::SourceDir() / "data" / "protocols";
  return o;
}

Result<ScenarioReport> RunText(const std::string& text) {
  return RunScenarioText(text, "t.yaml", ".", Options());
}

constexpr std::string_view kBase = R"(# name: base
# description: two units on a line
start: "2026-03-04T14:00:00-05:00"
map:
  layout: |
    a---b---c---d
stations:
  - {name: West, at: a}
  - {name: East, at: d}
hospitals:
  - {code: GEN, name: General, at: c}
units:
  - {name: M1, type: ALS, station: West}
  - {name: A1, type: BLS, station: East}
events:
)";

TEST(DispatchScenario, PassingAndFailingExpectationsAreReported) {
  auto r = RunText(std::string(kBase) + R"(
  - at: "00:00:10"
    call: {id: C1, at: b, complaint: sick_person, answers: {conscious: "yes", alert: "yes",
           breathing_trouble: "no", chest_pain: "no", pain: "2"}}
  - at: "00:00:10"
    expect:
      triage: {incident: C1, priority: 3}
      recommend: {incident: C1, chosen: [M1], eta: {M1: "40 s", A1: "1 min 20 s"}}
  - at: "00:00:20"
    expect:
      recommend: {incident: C1, chosen: [A1]}
)");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->name, "base");
  EXPECT_EQ(r->description, "two units on a line");
  EXPECT_EQ(r->passed, 2);
  EXPECT_EQ(r->failed, 1);
  ASSERT_EQ(r->lines.size(), 3u);
  EXPECT_THAT(r->lines[2], HasSubstr("FAIL line"));
  EXPECT_THAT(r->lines[2], HasSubstr("chosen: expected A1, got M1"));
}

TEST(DispatchScenario, IllegalStepCanBeExpectedToFail) {
  auto r = RunText(std::string(kBase) + R"(
  - at: "00:00:10"
    call: {id: C1, at: b, priority: 2}
  - at: "00:00:20"
    status: {unit: M1, incident: C1, state: on_scene}
    error: "has no active assignment"
)");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->failed, 0) << r->lines[0];
  EXPECT_EQ(r->passed, 1);
}

TEST(DispatchScenario, UnexpectedRefusalIsAnErrorNamingTheLine) {
  auto r = RunText(std::string(kBase) + R"(
  - at: "00:00:10"
    call: {id: C1, at: b, priority: 2}
  - at: "00:00:20"
    status: {unit: M1, incident: C1, state: on_scene}
)");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("t.yaml:"));
  EXPECT_THAT(r.status().message(), HasSubstr("events[1].status: refused"));
}

TEST(DispatchScenario, BadFilesNameLineAndField) {
  EXPECT_THAT(RunScenarioText("start: x\n", "t.yaml", ".", Options()).status().message(),
              HasSubstr("must start with a '# name: ...' header"));
  auto bad = [](std::string_view from, std::string_view to) {
    std::string s(kBase);
    s.replace(s.find(from), from.size(), to);
    return RunText(s + "  - at: \"00:01:00\"\n    expect: {waiting: []}\n").status();
  };
  EXPECT_THAT(bad("type: ALS", "type: MEDIC").message(), HasSubstr("units[0].type: 'MEDIC'"));
  EXPECT_THAT(bad("at: c}", "at: z}").message(), HasSubstr("'z' is not a node of the map"));
  EXPECT_THAT(bad("a---b---c---d", "a---b---c---").message(),
              HasSubstr("the street from 'c' ends without a node"));
  EXPECT_THAT(bad("2026-03-04T14:00:00-05:00", "yesterday").message(),
              HasSubstr("start: 'yesterday' is not a time"));
  EXPECT_THAT(bad("station: East}", "station: North}").message(), HasSubstr("no station 'North'"));
  EXPECT_THAT(bad("stations:", "stationz:").message(), HasSubstr("stationz: unknown key"));
  auto order = RunText(std::string(kBase) +
                       "  - at: \"00:02:00\"\n    expect: {waiting: []}\n"
                       "  - at: \"00:01:00\"\n    expect: {waiting: []}\n");
  EXPECT_THAT(order.status().message(), HasSubstr("is before the previous step"));
  auto two =
      RunText(std::string(kBase) + "  - at: \"00:02:00\"\n    dispatch: C1\n    close: C1\n");
  EXPECT_THAT(two.status().message(), HasSubstr("one action a step"));
  auto no_model = RunScenarioText("# name: x\nstart: \"2026-03-04T14:00:00-05:00\"\nevents: []\n",
                                  "t.yaml", ".", Options());
  EXPECT_THAT(no_model.status().message(), HasSubstr("run it with --model FILE"));
}

TEST(DispatchScenario, CoverageOptionsAreCheckedAndNamed) {
  const std::string base(kBase);
  const std::string head = base.substr(0, base.find("events:"));
  auto bad_move_up = RunText(head + "coverage: {move_up: sometimes}\nevents:\n" +
                             "  - {at: \"00:00:10\", available: M1}\n");
  ASSERT_FALSE(bad_move_up.ok());
  EXPECT_THAT(std::string(bad_move_up.status().message()),
              HasSubstr("coverage.move_up: 'sometimes' is not one of: off, suggest, apply"));
  auto bad_demand =
      RunText(head + "demand:\n  - {at: z}\nevents:\n" + "  - {at: \"00:00:10\", available: M1}\n");
  ASSERT_FALSE(bad_demand.ok());
  EXPECT_THAT(std::string(bad_demand.status().message()),
              HasSubstr("demand[0].at: 'z' is not a node of the map"));
}

TEST(DispatchScenario, MoveUpExpectationsPassAndFail) {
  const std::string base(kBase);
  const std::string head = base.substr(0, base.find("events:"));
  auto r = RunText(head + R"(coverage: {move_up: suggest, target: {p1: 60}, busy_fraction: 0.3}
events:
  - at: "00:00:10"
    call: {id: C1, at: b, priority: 1}
  - at: "00:00:10"
    assign: {unit: M1, incident: C1}
  - at: "00:00:10"
    expect:
      move_up: none
  - at: "00:00:10"
    expect:
      move_up: {unit: A1, post: West}
)");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->passed + r->failed, 2);
  // Exactly one of the two holds: after M1 leaves West, A1 either moves there or does not.
  EXPECT_EQ(r->passed, 1) << ::testing::PrintToString(r->lines);
}

}  // namespace
}  // namespace beacon::scenario
