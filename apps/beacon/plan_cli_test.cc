// `beacon plan posts` in-process on a small model file (a 5 x 5 grid with six stations): the
// plan, its figures and the gap, and bad input named by flag, file and line.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "beacon/dispatch/coverage.h"
#include "beacon/model/city_coverage.h"
#include "beacon/model/test_model.h"

#include "cli.h"

namespace beacon::cli {
namespace {

using model::testing::TempDir;
using model::testing::WriteFile;

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

class PlanPostsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = (dir_.path() / "grid.model").string();
    ASSERT_TRUE(model::SaveCityModel(model::testing::CoverageCity(), model_).ok());
  }
  CliRun Run(std::vector<std::string> args) {
    args.insert(args.begin(), {"beacon", "plan", "posts", "--model", model_});
    std::ostringstream out, err;
    const int code = RunBeacon(args, out, err);
    return {code, out.str(), err.str()};
  }
  std::string File(const std::string& name, const std::string& text) {
    const auto p = dir_.path() / name;
    WriteFile(p, text);
    return p.string();
  }
  TempDir dir_;
  std::string model_;
};

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(PlanPostsCli, PrintsBothPlansTheirCoverageAndTheGap) {
  const CliRun r = Run({"--units", "2"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_TRUE(Has(r.out, "Post plan for Gridville-5: 2 unit(s), priority 1 (target 20 s")) << r.out;
  EXPECT_TRUE(Has(r.out, "6 candidate site(s), 25 demand point(s)")) << r.out;
  EXPECT_TRUE(Has(r.out, "integer program (GLPK)")) << r.out;
  EXPECT_TRUE(Has(r.out, "proven optimal")) << r.out;
  EXPECT_TRUE(Has(r.out, "greedy + swap")) << r.out;
  EXPECT_TRUE(Has(r.out, "gap (exact - heuristic) / exact: ")) << r.out;
  EXPECT_TRUE(Has(r.out, "Plan (integer program (GLPK)):")) << r.out;
}

TEST_F(PlanPostsCli, JsonPlanMatchesEnumeration) {
  const CliRun r = Run({"--units", "2", "--max-per-site", "1", "--json"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["candidates"], 6);
  EXPECT_EQ(j["demand_points"], 25);
  EXPECT_TRUE(j["exact"]["proven_optimal"].get<bool>());
  ASSERT_EQ(j["exact"]["sites"].size(), 2u);
  EXPECT_GE(j["gap"].get<double>(), -1e-9);
  // Enumerate every pair of sites on the same road times: the exact plan is the best pair.
  model::CityModel m = model::testing::CoverageCity();
  auto cov = model::BuildCoverageModel(m);
  ASSERT_TRUE(cov.ok());
  double best = 0;
  for (std::size_t a = 0; a < 6; ++a) {
    for (std::size_t b = a + 1; b < 6; ++b) {
      const std::vector<dispatch::Reach> reaches = {cov->SiteReach(a, 1), cov->SiteReach(b, 1)};
      best = std::max(best, dispatch::ExpectedCoverage(cov->Weights(), 0.3, reaches));
    }
  }
  EXPECT_NEAR(j["exact"]["expected_coverage"].get<double>(), best, 1e-6);
  EXPECT_GE(j["exact"]["expected_coverage"].get<double>(),
            j["heuristic"]["expected_coverage"].get<double>() - 1e-6);
}

TEST_F(PlanPostsCli, CandidatesByNameOrIdWithComments) {
  const std::string c =
      File("c.txt", "# corners only\nNorth West\n2  # North East\n\nSouth West\n5\n");
  const CliRun r = Run({"--units", "2", "--candidates", c, "--json"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["candidates"], 4);
  for (const auto& s : j["exact"]["sites"]) {
    EXPECT_NE(s["name"], "Centre");
    EXPECT_NE(s["name"], "East");
  }
}

TEST_F(PlanPostsCli, UnknownCandidateNamesFileAndLine) {
  const std::string c = File("bad.txt", "Centre\nStation 99\n");
  const CliRun r = Run({"--units", "2", "--candidates", c});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_TRUE(Has(r.err, "bad.txt:2: 'Station 99' is not a station name or id of the model"))
      << r.err;
}

TEST_F(PlanPostsCli, RepeatedCandidateNamesBothLines) {
  const std::string c = File("twice.txt", "Centre\n3\n");
  const CliRun r = Run({"--units", "1", "--candidates", c});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_TRUE(Has(r.err, "twice.txt:2: station 'Centre' is already listed on line 1")) << r.err;
}

TEST_F(PlanPostsCli, BadUnitCounts) {
  CliRun r = Run({"--units", "0"});  // a bad flag value is a usage error, like the others
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_TRUE(Has(r.err, "--units")) << r.err;
  r = Run({"--units", "7", "--max-per-site", "1"});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_TRUE(Has(r.err, "--units: 7 units do not fit on 6 candidate site(s) with at most 1 each"))
      << r.err;
}

TEST_F(PlanPostsCli, MissingFiles) {
  CliRun r = Run({"--units", "2", "--candidates", (dir_.path() / "none.txt").string()});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_TRUE(Has(r.err, "--candidates: '")) << r.err;
  std::ostringstream out, err;
  const int code =
      RunBeacon({"beacon", "plan", "posts", "--model", "/no/such.model", "--units", "2"}, out, err);
  EXPECT_EQ(code, kExitFailure);
  EXPECT_TRUE(Has(err.str(), "--model")) << err.str();
}

}  // namespace
}  // namespace beacon::cli
