#include "beacon/triage/engine.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "beacon/triage/loader.h"

namespace beacon::triage {
namespace {

// A hand-made complaint: not breathing is decided at once; a blue patient is priority 1 before
// the rate is asked; the rate is asked only of a breathing patient who is not blue.
constexpr const char* kBreathing = R"(
id: breathing_test
name: Breathing test
nemsis_reason: "2301013"
source: test fixture
questions:
  - id: breathing
    text: Is the patient breathing?
    type: yes_no
  - id: age
    text: How old is the patient?
    type: number
    unit: years
    min: 0
    max: 120
  - id: color
    text: What colour is the skin?
    type: choice
    options: [normal, pale, blue]
    ask_if: breathing == yes
  - id: rate
    text: How many breaths in a minute?
    type: number
    unit: breaths/min
    min: 0
    max: 80
    ask_if:
      all:
        - breathing == yes
        - color != blue
determinants:
  - code: T-1
    priority: 1
    level: ALS
    units: 2
    lights_and_sirens: true
    nemsis_priority: "2305001"
    when: breathing == no
  - code: T-2
    priority: 1
    level: ALS
    units: 1
    lights_and_sirens: true
    nemsis_priority: "2305001"
    when: color == blue
  - code: T-3
    priority: 2
    level: ALS
    units: 1
    lights_and_sirens: true
    nemsis_priority: "2305003"
    when:
      any:
        - rate > 30
        - all: [age < 1, rate >= 20]
  - code: T-4
    priority: 3
    level: BLS
    units: 1
    lights_and_sirens: false
    nemsis_priority: "2305005"
)";

// Every operator: in, not, answered, <=, >=, !=.
constexpr const char* kOperators = R"(
id: operators_test
name: Operators test
nemsis_reason: "2301073"
source: test fixture
questions:
  - id: mechanism
    text: How was the patient hurt?
    type: choice
    options: [fall, crush, cut, burn]
  - id: height
    text: How far did the patient fall?
    type: number
    unit: m
    min: 0
    max: 100
    ask_if: mechanism == fall
  - id: awake
    text: Is the patient awake?
    type: yes_no
determinants:
  - code: O-1
    priority: 1
    level: ALS
    units: 1
    lights_and_sirens: true
    nemsis_priority: "2305001"
    when:
      all:
        - mechanism in [fall, crush]
        - not: {any: [awake == yes]}
  - code: O-2
    priority: 2
    level: ALS
    units: 1
    lights_and_sirens: true
    nemsis_priority: "2305003"
    when: height >= 6
  - code: O-3
    priority: 2
    level: BLS
    units: 1
    lights_and_sirens: false
    nemsis_priority: "2305003"
    when:
      all: [height answered, height <= 1]
  - code: O-4
    priority: 3
    level: BLS
    units: 1
    lights_and_sirens: false
    nemsis_priority: "2305005"
    when: mechanism != cut
  - code: O-5
    priority: 3
    level: BLS
    units: 1
    lights_and_sirens: false
    nemsis_priority: "2305007"
)";

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = LoadProtocolTexts(
        {{"breathing_test.yaml", kBreathing}, {"operators_test.yaml", kOperators}}, nullptr);
    ASSERT_TRUE(p.ok()) << p.error();
    protocol_ = std::move(*p);
  }

  Evaluation Eval(const std::string& complaint, const Answers& answers) {
    const Complaint* c = protocol_.FindComplaint(complaint);
    EXPECT_NE(c, nullptr);
    auto e = Evaluate(*c, answers);
    EXPECT_TRUE(e.ok()) << e.error();
    return e.ok() ? *e : Evaluation{};
  }

  std::string Code(const Evaluation& e) { return e.determinant ? e.determinant->code : "none"; }

  static std::vector<std::string> Remaining(const Evaluation& e) {
    std::vector<std::string> ids;
    for (const RemainingQuestion& r : e.remaining) {
      ids.push_back(r.question->id + (r.askable_now ? "" : "(later)"));
    }
    return ids;
  }

  Status Error(const std::string& complaint, const Answers& answers) {
    return Evaluate(*protocol_.FindComplaint(complaint), answers).status();
  }

  Protocol protocol_;
};

TEST_F(EngineTest, NoAnswersAsksFirstQuestionAndListsWhatMatters) {
  const Evaluation e = Eval("breathing_test", {});
  EXPECT_EQ(e.determinant, nullptr);
  ASSERT_NE(e.next, nullptr);
  EXPECT_EQ(e.next->id, "breathing");
  EXPECT_EQ(e.provisional->code, "T-1");  // the most urgent one still possible
  EXPECT_EQ(Remaining(e),
            (std::vector<std::string>{"breathing", "age", "color(later)", "rate(later)"}));
}

TEST_F(EngineTest, NotBreathingDecidesAtOnceWithoutAskingAge) {
  const Evaluation e = Eval("breathing_test", {{"breathing", "no"}});
  EXPECT_EQ(Code(e), "T-1");
  EXPECT_EQ(e.next, nullptr);
  EXPECT_TRUE(e.remaining.empty());
}

TEST_F(EngineTest, BlueSkinDecidesBeforeRateAndAge) {
  EXPECT_EQ(Code(Eval("breathing_test", {{"breathing", "yes"}, {"color", "blue"}})), "T-2");
}

TEST_F(EngineTest, AskIfOpensDependentQuestion) {
  const Evaluation e = Eval("breathing_test", {{"breathing", "yes"}});
  EXPECT_EQ(e.determinant, nullptr);
  EXPECT_EQ(Remaining(e), (std::vector<std::string>{"age", "color", "rate(later)"}));
  const Evaluation pale = Eval("breathing_test", {{"breathing", "yes"}, {"color", "pale"}});
  EXPECT_EQ(Remaining(pale), (std::vector<std::string>{"age", "rate"}));
  EXPECT_EQ(pale.provisional->code, "T-3");
}

TEST_F(EngineTest, FastRateDecidesWithoutAge) {
  EXPECT_EQ(Code(Eval("breathing_test", {{"breathing", "yes"}, {"color", "pale"}, {"rate", "35"}})),
            "T-3");
}

TEST_F(EngineTest, InfantRateThresholdNeedsAge) {
  const Answers base = {{"breathing", "yes"}, {"color", "normal"}, {"rate", "25"}};
  const Evaluation pending = Eval("breathing_test", base);
  EXPECT_EQ(pending.determinant, nullptr);
  EXPECT_EQ(Remaining(pending), (std::vector<std::string>{"age"}));
  Answers infant = base;
  infant["age"] = "0.5";
  EXPECT_EQ(Code(Eval("breathing_test", infant)), "T-3");
  Answers adult = base;
  adult["age"] = "40";
  EXPECT_EQ(Code(Eval("breathing_test", adult)), "T-4");
  Answers slow = base;
  slow["rate"] = "30";  // not > 30
  slow["age"] = "40";
  EXPECT_EQ(Code(Eval("breathing_test", slow)), "T-4");
}

TEST_F(EngineTest, AnswerToQuestionNotAskedIsIgnored) {
  const Evaluation e = Eval("breathing_test", {{"breathing", "no"}, {"color", "pale"}});
  EXPECT_EQ(Code(e), "T-1");
  EXPECT_EQ(e.ignored_answers, (std::vector<std::string>{"color"}));
  // A blue patient is never asked the rate: a rate of 40 does not make it T-3.
  const Evaluation blue =
      Eval("breathing_test", {{"breathing", "yes"}, {"color", "blue"}, {"rate", "40"}});
  EXPECT_EQ(Code(blue), "T-2");
  EXPECT_EQ(blue.ignored_answers, (std::vector<std::string>{"rate"}));
}

TEST_F(EngineTest, AnswerWaitingOnAskIfIsNotUsedYet) {
  // The rate is given before breathing: it cannot decide anything until breathing is known.
  const Evaluation e = Eval("breathing_test", {{"rate", "40"}});
  EXPECT_EQ(e.determinant, nullptr);
  EXPECT_EQ(e.next->id, "breathing");
  // Age stays listed: T-3's comparisons on the rate are unknown until the rate counts, and the
  // three-valued logic does not see that age cannot matter then (docs/design/triage.md).
  EXPECT_EQ(Remaining(e), (std::vector<std::string>{"breathing", "age", "color(later)"}));
  EXPECT_EQ(Code(Eval("breathing_test", {{"rate", "40"}, {"breathing", "yes"}, {"color", "pale"}})),
            "T-3");
}

TEST_F(EngineTest, InAndNotOperators) {
  EXPECT_EQ(Code(Eval("operators_test", {{"mechanism", "crush"}, {"awake", "no"}})), "O-1");
  EXPECT_EQ(Code(Eval("operators_test", {{"mechanism", "cut"}, {"awake", "no"}})), "O-5");
  EXPECT_EQ(Code(Eval("operators_test", {{"mechanism", "burn"}, {"awake", "no"}})), "O-4");
}

TEST_F(EngineTest, NumericBoundsAreInclusiveWhereWritten) {
  const Answers fall = {{"mechanism", "fall"}, {"awake", "yes"}};
  auto with = [&](const char* h) {
    Answers a = fall;
    a["height"] = h;
    return Code(Eval("operators_test", a));
  };
  EXPECT_EQ(with("6"), "O-2");  // >= 6
  EXPECT_EQ(with("5.9"), "O-4");
  EXPECT_EQ(with("1"), "O-3");  // <= 1
  EXPECT_EQ(with("0"), "O-3");
  EXPECT_EQ(with("1.5"), "O-4");
}

TEST_F(EngineTest, AnsweredIsFalseForQuestionNeverAsked) {
  // A crush is never asked the height: O-3 (height answered) cannot fire, O-4 does.
  EXPECT_EQ(Code(Eval("operators_test", {{"mechanism", "crush"}, {"awake", "yes"}})), "O-4");
}

TEST_F(EngineTest, RejectsAnswerToUnknownQuestion) {
  const Status s = Error("breathing_test", {{"pulse", "yes"}});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("no question 'pulse'"), std::string::npos) << s;
}

TEST_F(EngineTest, RejectsYesNoAnswerThatIsNeither) {
  const Status s = Error("breathing_test", {{"breathing", "maybe"}});
  EXPECT_NE(s.message().find("'breathing' must be yes or no, not 'maybe'"), std::string::npos) << s;
}

TEST_F(EngineTest, RejectsChoiceNotAmongOptions) {
  const Status s = Error("breathing_test", {{"breathing", "yes"}, {"color", "green"}});
  EXPECT_NE(s.message().find("'color' must be one of [normal, pale, blue], not 'green'"),
            std::string::npos)
      << s;
}

TEST_F(EngineTest, RejectsNumberOutOfRangeOrMalformed) {
  const Status high = Error("breathing_test", {{"age", "130"}});
  EXPECT_NE(high.message().find("'age' is 130 years, outside the valid range 0 to 120"),
            std::string::npos)
      << high;
  EXPECT_NE(Error("breathing_test", {{"age", "-1"}}).message().find("outside"), std::string::npos);
  for (const char* bad : {"abc", "12x", "", "nan", "inf"}) {
    const Status s = Error("breathing_test", {{"age", bad}});
    EXPECT_NE(s.message().find("'age' must be a number"), std::string::npos) << bad << ": " << s;
  }
}

}  // namespace
}  // namespace beacon::triage
