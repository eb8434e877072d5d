// `beacon mci triage` in-process: one JSON line per patient, bad lines named by line and field
// without stopping the others, and bad flags. Fixtures: tests/data/mci/.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"

namespace beacon::cli {
namespace {

std::string Fixture(const std::string& name) {
  return std::string(BEACON_SOURCE_DIR) + "/tests/data/mci/" + name;
}

struct CliRun {
  int code;
  std::vector<nlohmann::json> lines;
  std::string out;
  std::string err;
};

CliRun Mci(std::vector<std::string> args) {
  args.insert(args.begin(), {"beacon", "mci"});
  std::ostringstream out, err;
  const int code = RunBeacon(args, out, err);
  CliRun r{code, {}, out.str(), err.str()};
  std::istringstream lines(r.out);
  for (std::string l; std::getline(lines, l);) r.lines.push_back(nlohmann::json::parse(l));
  return r;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(MciTriageCli, StartWritesOneLinePerPatient) {
  const CliRun r = Mci({"triage", "--algorithm", "start", "--input", Fixture("start_mixed.jsonl")});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  ASSERT_EQ(r.lines.size(), 4u) << r.out;  // the blank line is skipped
  EXPECT_EQ(r.lines[0]["id"], "T-001");
  EXPECT_EQ(r.lines[0]["category"], "Minor");
  EXPECT_EQ(r.lines[0]["escene_08"], "2708005");
  EXPECT_EQ(r.lines[1]["category"], "Delayed");  // rate exactly 30
  EXPECT_EQ(r.lines[1]["color"], "Yellow");
  EXPECT_EQ(r.lines[2]["line"], 4);
  EXPECT_EQ(r.lines[2]["category"], "Immediate");  // rate 31
  EXPECT_EQ(r.lines[2]["escene_08"], "2708001");
  EXPECT_EQ(r.lines[2]["escene_08_label"], "Red - Immediate");
  EXPECT_EQ(r.lines[2]["step"], "respiratory_rate");
  EXPECT_EQ(r.lines[2]["reason"], "respiratory rate 31/min, over 30");
  EXPECT_EQ(r.lines[3]["category"], "Dead");
  EXPECT_EQ(r.lines[3]["escene_08"], "2708009");
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(MciTriageCli, BadLinesAreNamedAndTheOthersGoOn) {
  const CliRun r =
      Mci({"triage", "--algorithm", "start", "--input", Fixture("start_bad_lines.jsonl")});
  EXPECT_EQ(r.code, kExitFailure);
  ASSERT_EQ(r.lines.size(), 6u) << r.out;
  EXPECT_EQ(r.lines[0]["category"], "Immediate");
  EXPECT_EQ(r.lines[1]["field"], "respiratory_rate");
  EXPECT_TRUE(Has(r.lines[1]["error"], "respiratory_rate: missing")) << r.lines[1];
  EXPECT_EQ(r.lines[2]["field"], "walks");
  EXPECT_EQ(r.lines[2]["error"], "walks: expected true or false");
  EXPECT_EQ(r.lines[3]["field"], "respiratory_rte");
  EXPECT_TRUE(r.lines[4]["field"].is_null());
  EXPECT_TRUE(Has(r.lines[4]["error"], "not valid JSON")) << r.lines[4];
  EXPECT_EQ(r.lines[5]["category"], "Minor");  // after the bad lines
  EXPECT_TRUE(Has(r.err, "start_bad_lines.jsonl:2: respiratory_rate: missing")) << r.err;
  EXPECT_TRUE(Has(r.err, "start_bad_lines.jsonl:4: respiratory_rte: unknown field")) << r.err;
  EXPECT_TRUE(Has(r.err, "start_bad_lines.jsonl:5: not valid JSON")) << r.err;
  EXPECT_TRUE(Has(r.err, "beacon mci: error: ")) << r.err;
  EXPECT_TRUE(Has(r.err, "4 of 6 patient line(s) could not be triaged")) << r.err;
}

TEST(MciTriageCli, SaltReportsGlobalSortAndExpectant) {
  const CliRun r = Mci({"triage", "--algorithm", "salt", "--input", Fixture("salt_mixed.jsonl")});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0]["category"], "Expectant");
  EXPECT_EQ(r.lines[0]["escene_08"], "2708007");
  EXPECT_EQ(r.lines[0]["salt_sort_priority"], 1);
  EXPECT_EQ(r.lines[0]["step"], "likely_to_survive");
  EXPECT_TRUE(Has(r.lines[0]["reason"], "(after hemorrhage_control)")) << r.lines[0];
  EXPECT_EQ(r.lines[1]["category"], "Minor");
  EXPECT_EQ(r.lines[1]["salt_sort_priority"], 3);
}

TEST(MciTriageCli, JumpStartBoundaries) {
  const CliRun r =
      Mci({"triage", "--algorithm", "jumpstart", "--input", Fixture("jumpstart_mixed.jsonl")});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  ASSERT_EQ(r.lines.size(), 3u);
  EXPECT_EQ(r.lines[0]["category"], "Immediate");
  EXPECT_EQ(r.lines[0]["step"], "rescue_breaths");
  EXPECT_EQ(r.lines[1]["category"], "Immediate");  // rate 15 passes; inappropriate P decides
  EXPECT_EQ(r.lines[1]["step"], "mental_status");
  EXPECT_EQ(r.lines[2]["category"], "Delayed");  // rate 45 passes
}

TEST(MciTriageCli, TheSameLineGivesDifferentAnswersByAlgorithm) {
  // Rate 34: over 30 for START (Immediate), within 15-45 for JumpSTART (Delayed when alert).
  const std::string path = ::testing::TempDir() + "/beacon_mci_rate34.jsonl";
  {
    std::ofstream f(path);
    f << R"({"walks": false, "breathing": true, "respiratory_rate": 34, "radial_pulse": true,)"
      << R"( "follows_commands": true, "avpu": "A"})"
      << "\n";
  }
  EXPECT_EQ(Mci({"triage", "--algorithm", "start", "--input", path}).lines.at(0)["category"],
            "Immediate");
  EXPECT_EQ(Mci({"triage", "--algorithm", "jumpstart", "--input", path}).lines.at(0)["category"],
            "Delayed");
}

TEST(MciTriageCli, BadFlagsFail) {
  CliRun r = Mci({"triage", "--algorithm", "sieve", "--input", Fixture("start_mixed.jsonl")});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_TRUE(Has(r.err, "--algorithm")) << r.err;
  r = Mci({"triage", "--input", Fixture("start_mixed.jsonl")});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_TRUE(Has(r.err, "--algorithm is required")) << r.err;
  r = Mci({"triage", "--algorithm", "start", "--input", "/no/such/file.jsonl"});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_TRUE(Has(r.err, "--input: cannot read '/no/such/file.jsonl'")) << r.err;
  r = Mci({});
  EXPECT_EQ(r.code, kExitUsage);
}

}  // namespace
}  // namespace beacon::cli
