#include "beacon/nemsis/schematron.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "testing/testing.h"

namespace beacon::nemsis {
namespace {

using ::testing::HasSubstr;

std::filesystem::path Nemsis() { return beacon::testing::SharedDataDir() / "nemsis"; }

// Tests.txt: "File: NAME" ... "Expected Result:  [PASS]" per test vector.
std::map<std::string, std::string> Expected() {
  std::ifstream in(Nemsis() / "schematron-tests" / "Tests.txt");
  std::map<std::string, std::string> out;
  std::string line;
  std::string file;
  while (std::getline(in, line)) {
    if (line.rfind("File:", 0) == 0) {
      file = line.substr(5);
      file.erase(0, file.find_first_not_of(' '));
      while (!file.empty() && (file.back() == ' ' || file.back() == '\r')) file.pop_back();
    } else if (line.rfind("Expected Result:", 0) == 0 && !file.empty()) {
      const auto a = line.find('[');
      const auto b = line.find(']');
      out[file] = line.substr(a + 1, b - a - 1);
    }
  }
  return out;
}

// The official test vectors give exactly the result Tests.txt expects, all in one batch.
TEST(NemsisSchematron, OfficialTestVectorsGiveTheExpectedResult) {
  const std::map<std::string, std::string> expected = Expected();
  ASSERT_EQ(expected.size(), 198u);
  beacon::testing::TempDir dir;
  auto v = SchematronValidator::Compile(Nemsis() / "schematron" / "EMSDataSet.sch", dir.path());
  ASSERT_TRUE(v.ok()) << v.status();
  std::vector<std::filesystem::path> files;
  for (const auto& [name, result] : expected) {
    files.push_back(Nemsis() / "schematron-tests" / "xml" / name);
  }
  auto reports = v->Validate(files);
  ASSERT_TRUE(reports.ok()) << reports.status();
  ASSERT_EQ(reports->size(), files.size());
  std::map<std::string, int> tally;
  for (const SchematronReport& r : *reports) {
    const std::string name = r.file.filename().string();
    EXPECT_EQ(WorstRole(r), expected.at(name)) << name;
    ++tally[std::string(WorstRole(r))];
  }
  EXPECT_EQ(tally["PASS"], 10);
  EXPECT_EQ(tally["ERROR"], 16);
  EXPECT_EQ(tally["WARNING"], 172);
  // A finding names its rule, its element and says what is wrong.
  for (const SchematronReport& r : *reports) {
    if (r.file.filename() != "EMSDataSet-nemSch_e001_A.xml") continue;
    ASSERT_FALSE(r.findings.empty());
    const Finding& f = r.findings.front();
    EXPECT_THAT(f.rule, HasSubstr("nemSch_e001"));
    EXPECT_EQ(f.severity, Severity::kError);
    EXPECT_EQ(f.path,
              "/EMSDataSet/Header/PatientCareReport/eResponse/eResponse.AgencyGroup/eResponse.02");
    EXPECT_FALSE(f.message.empty());
  }
}

TEST(NemsisSchematron, MissingToolsAreNamedWithTheirPackage) {
  beacon::testing::TempDir dir;
  SchematronSetup setup;
  setup.saxon_jar = "/no/such/saxon.jar";
  auto v =
      SchematronValidator::Compile(Nemsis() / "schematron" / "EMSDataSet.sch", dir.path(), setup);
  ASSERT_FALSE(v.ok());
  EXPECT_THAT(std::string(v.status().message()), HasSubstr("libsaxonhe-java"));
  setup = {};
  setup.java = "/no/such/java";
  v = SchematronValidator::Compile(Nemsis() / "schematron" / "EMSDataSet.sch", dir.path(), setup);
  ASSERT_FALSE(v.ok());
  EXPECT_THAT(std::string(v.status().message()), HasSubstr("default-jre-headless"));
}

}  // namespace
}  // namespace beacon::nemsis
