#include "cli.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace beacon::cli {
namespace {

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

CliRun Beacon(std::vector<std::string> args) {
  args.insert(args.begin(), "beacon");
  std::ostringstream out, err;
  const int code = RunBeacon(args, out, err);
  return {code, out.str(), err.str()};
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class TempDir {
 public:
  TempDir() {
    path_ =
        std::filesystem::temp_directory_path() /
        ("beacon_cli_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(Cli, HelpListsCommandsAndExitsZero) {
  CliRun r = Beacon({"--help"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_TRUE(Has(r.out, "doctor")) << r.out;
  EXPECT_TRUE(Has(r.out, "--log-level")) << r.out;
  EXPECT_EQ(r.err, "");
  CliRun sub = Beacon({"doctor", "--help"});
  EXPECT_EQ(sub.code, kExitOk);
  EXPECT_TRUE(Has(sub.out, "--data-dir")) << sub.out;
}

TEST(Cli, VersionPrintsNameAndVersion) {
  CliRun r = Beacon({"--version"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_TRUE(Has(r.out, "beacon 0.1.0")) << r.out;
}

TEST(Cli, NoCommandIsAUsageError) {
  CliRun r = Beacon({});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_TRUE(Has(r.err, "no command given")) << r.err;
}

TEST(Cli, UnknownFlagIsAUsageErrorNamingTheFlag) {
  CliRun r = Beacon({"--bogus"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_TRUE(Has(r.err, "--bogus")) << r.err;
  EXPECT_EQ(r.out, "");
  CliRun sub = Beacon({"doctor", "--frobnicate", "3"});
  EXPECT_EQ(sub.code, kExitUsage);
  EXPECT_TRUE(Has(sub.err, "--frobnicate")) << sub.err;
}

TEST(Cli, UnknownCommandIsAUsageError) {
  CliRun r = Beacon({"teleport"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_TRUE(Has(r.err, "teleport")) << r.err;
}

TEST(Cli, BadFlagValueIsAUsageErrorNamingTheFlag) {
  CliRun r = Beacon({"--log-level", "loud", "doctor"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_TRUE(Has(r.err, "--log-level")) << r.err;
  CliRun missing = Beacon({"doctor", "--data-dir"});
  EXPECT_EQ(missing.code, kExitUsage);
  EXPECT_TRUE(Has(missing.err, "--data-dir")) << missing.err;
}

TEST(Cli, MissingDirectoryIsAFailureNamingFlagAndPath) {
  CliRun r = Beacon({"doctor", "--data-dir", "/no/such/beacon/dir"});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_TRUE(Has(r.err, "beacon doctor: error: --data-dir: '/no/such/beacon/dir'")) << r.err;
}

TEST(Cli, BadEnvironmentDataDirIsNamed) {
  ::setenv("BEACON_DATA_DIR", "/no/such/env/dir", 1);
  CliRun r = Beacon({"doctor"});
  ::unsetenv("BEACON_DATA_DIR");
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_TRUE(Has(r.err, "BEACON_DATA_DIR: '/no/such/env/dir'")) << r.err;
}

TEST(Cli, UnknownTimeZoneIsAFailureNamingIt) {
  CliRun r = Beacon({"doctor", "--tz", "Mars/Olympus_Mons"});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_TRUE(Has(r.err, "Mars/Olympus_Mons")) << r.err;
}

TEST(Cli, DoctorNamesMissingDataFiles) {
  TempDir dir;
  CliRun r = Beacon({"doctor", "--data-dir", dir.path().string()});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_TRUE(Has(r.out, "MISSING  boston/streets.geojson")) << r.out;
  EXPECT_TRUE(Has(r.err, "10 of 10 data files missing")) << r.err;
  EXPECT_TRUE(Has(r.err, "first 'boston/streets.geojson'")) << r.err;
}

TEST(Cli, DoctorPassesWhenEveryFileIsThere) {
  TempDir dir;
  for (const char* rel :
       {"boston/streets.geojson", "boston/beacon_hill.osm.pbf", "boston/hospitals_hifld.csv",
        "boston/hospitals.geojson", "boston/firehouses.csv", "boston/neighborhoods.geojson",
        "boston/tracts_2020.geojson", "boston/population_by_tract.csv",
        "nemsis/xsd/EMSDataSet_v3.xsd", "nemsis/schematron/EMSDataSet.sch"}) {
    const auto p = dir.path() / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << "x";
  }
  CliRun r = Beacon({"doctor", "--data-dir", dir.path().string()});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_TRUE(Has(r.out, "all checks passed")) << r.out;
  EXPECT_TRUE(Has(r.out, "America/New_York")) << r.out;
}

}  // namespace
}  // namespace beacon::cli
