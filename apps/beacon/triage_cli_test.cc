// `beacon triage` in-process: JSON output, --check, and every bad flag (label `data`: the checks
// read the NEMSIS dictionary from ../shared/data).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"

namespace beacon::cli {
namespace {

std::string RuleSetDir() { return std::string(BEACON_SOURCE_DIR) + "/data/protocols"; }
std::string FixturesDir() { return std::string(BEACON_SOURCE_DIR) + "/tests/data/protocols"; }

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

CliRun Triage(std::vector<std::string> args) {
  args.insert(args.begin(), {"beacon", "triage"});
  std::ostringstream out, err;
  const int code = RunBeacon(args, out, err);
  return {code, out.str(), err.str()};
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(TriageCli, NotBreathingPrintsPriorityOneWithCpr) {
  const CliRun r = Triage({"--protocol", RuleSetDir(), "--complaint", "cardiac_arrest", "--answer",
                           "conscious=no", "--answer", "breathing=not_breathing"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["status"], "determined");
  EXPECT_EQ(j["complaint"]["nemsis_reason"]["code"], "2301019");
  EXPECT_EQ(j["complaint"]["nemsis_reason"]["description"], "Cardiac Arrest/Death");
  const auto& d = j["determinant"];
  EXPECT_EQ(d["code"], "ARR-1A");
  EXPECT_EQ(d["priority"], 1);
  EXPECT_EQ(d["level"], "ALS");
  EXPECT_EQ(d["lights_and_sirens"], true);
  EXPECT_EQ(d["nemsis_priority"]["description"], "Critical");
  ASSERT_EQ(d["pre_arrival_instructions"].size(), 1u);
  EXPECT_EQ(d["pre_arrival_instructions"][0]["id"], "cpr");
  EXPECT_GE(d["pre_arrival_instructions"][0]["steps"].size(), 3u);
  EXPECT_TRUE(j["next_question"].is_null());
  EXPECT_TRUE(j["remaining_questions"].empty());
}

TEST(TriageCli, NoAnswersPrintsTheQuestionsToAsk) {
  const CliRun r = Triage({"--protocol", RuleSetDir(), "--complaint", "stroke"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["status"], "questions_remaining");
  EXPECT_TRUE(j["determinant"].is_null());
  EXPECT_EQ(j["next_question"]["id"], "conscious");
  EXPECT_EQ(j["next_question"]["type"], "yes_no");
  bool saw_hours = false;
  for (const auto& q : j["remaining_questions"]) {
    if (q["id"] == "hours_since_well") {
      saw_hours = true;
      EXPECT_EQ(q["type"], "number");
      EXPECT_EQ(q["unit"], "hours");
      EXPECT_EQ(q["askable_now"], false);  // only once a BE-FAST sign is reported
    }
  }
  EXPECT_TRUE(saw_hours) << r.out;
}

TEST(TriageCli, WithoutComplaintListsComplaints) {
  const CliRun r = Triage({"--protocol", RuleSetDir()});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GE(j["complaints"].size(), 25u);
}

TEST(TriageCli, CheckCleanRuleSet) {
  const CliRun r = Triage({"--check", RuleSetDir()});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_TRUE(Has(r.out, "no problems")) << r.out;
}

TEST(TriageCli, CheckListsEveryFinding) {
  const CliRun r = Triage({"--check", FixturesDir() + "/unknown_code"});
  EXPECT_EQ(r.code, kExitFailure);
  // The official dictionary has neither 2301999 nor 2305002.
  EXPECT_TRUE(Has(r.out,
                  "unknown_code.yaml:3: complaint 'unknown_code': unknown NEMSIS "
                  "eDispatch.01 reason code '2301999'"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "unknown NEMSIS eDispatch.05 priority code '2305002'")) << r.out;
  EXPECT_TRUE(Has(r.err, "beacon triage: error: 2 problem(s) in the rule set")) << r.err;
}

TEST(TriageCli, CheckWithoutDictionarySaysSo) {
  const std::string empty = ::testing::TempDir() + "/beacon_triage_no_dictionary";
  std::filesystem::create_directories(empty);
  const CliRun r = Triage({"--check", RuleSetDir(), "--data-dir", empty});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_TRUE(Has(r.err, "the NEMSIS dictionary is needed")) << r.err;
  EXPECT_TRUE(Has(r.err, "EMSDataSet_ElementEnumerations.txt")) << r.err;
  // Evaluation still works, with a warning.
  const CliRun e = Triage({"--protocol", RuleSetDir(), "--complaint", "choking", "--answer",
                           "state=unconscious", "--data-dir", empty});
  EXPECT_EQ(e.code, kExitOk) << e.err;
  EXPECT_TRUE(Has(e.err, "warning: NEMSIS codes not checked")) << e.err;
  EXPECT_TRUE(Has(e.out, "CHO-1A")) << e.out;
}

TEST(TriageCli, BadInputsFailWithAClearMessage) {
  struct Case {
    std::vector<std::string> args;
    int code;
    std::string err;
  };
  const std::vector<Case> cases = {
      {{}, kExitUsage, "give --protocol DIR [--complaint NAME] or --check DIR"},
      {{"--protocol", RuleSetDir(), "--complaint", "stroke", "--answer", "conscious"},
       kExitUsage,
       "expected question=value, got 'conscious'"},
      {{"--answer", "a=b"}, kExitUsage, "--answer"},
      {{"--check", RuleSetDir(), "--protocol", RuleSetDir()}, kExitUsage, "--check"},
      {{"--protocol", RuleSetDir(), "--complaint", "nosebleed"},
       kExitFailure,
       "--complaint: no complaint 'nosebleed'"},
      {{"--protocol", RuleSetDir(), "--complaint", "stroke", "--answer", "conscious=maybe"},
       kExitFailure,
       "answer to question 'conscious' must be yes or no, not 'maybe'"},
      {{"--protocol", RuleSetDir(), "--complaint", "stroke", "--answer", "pulse=yes"},
       kExitFailure,
       "complaint 'stroke' has no question 'pulse'"},
      {{"--protocol", RuleSetDir(), "--complaint", "stroke", "--answer", "conscious=yes",
        "--answer", "conscious=no"},
       kExitFailure,
       "--answer: question 'conscious' is answered twice"},
      {{"--protocol", "/no/such/dir", "--complaint", "stroke"},
       kExitFailure,
       "/no/such/dir: not a directory"},
      {{"--protocol", FixturesDir() + "/cycle", "--complaint", "cycle"},
       kExitFailure,
       "ask_if cycle among questions: pain -> where -> pain"},
  };
  for (const Case& c : cases) {
    const CliRun r = Triage(c.args);
    EXPECT_EQ(r.code, c.code) << c.err << "\n" << r.err;
    EXPECT_TRUE(Has(r.err, c.err)) << r.err;
  }
}

}  // namespace
}  // namespace beacon::cli
