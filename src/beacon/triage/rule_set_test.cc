// Tests that read ../shared/data (label `data`): the official NEMSIS dictionary and the rule set
// in data/protocols checked against it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "beacon/triage/nemsis_codes.h"

namespace beacon::triage {
namespace {

namespace fs = std::filesystem;

fs::path SharedDataDir() {
  if (const char* env = std::getenv("BEACON_DATA_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  return fs::path(BEACON_SOURCE_DIR) / ".." / "shared" / "data";
}

fs::path DictionaryFile() {
  return SharedDataDir() / "nemsis" / "dictionary" / "EMSDataSet_ElementEnumerations.txt";
}

// The official dictionary (label `data`): the eDispatch.05 codes in docs/domain.md.
TEST(NemsisCodesData, OfficialDictionaryHasTheDomainPriorityCodes) {
  const fs::path file =
      DictionaryFile();
  auto codes = LoadDispatchCodes(file);
  ASSERT_TRUE(codes.ok()) << codes.error();
  EXPECT_EQ(codes->priorities.size(), 4u);
  EXPECT_EQ(codes->priorities.at("2305001"), "Critical");
  EXPECT_EQ(codes->priorities.at("2305003"), "Emergent");
  EXPECT_EQ(codes->priorities.at("2305005"), "Lower Acuity");
  EXPECT_EQ(codes->reasons.at("2301019"), "Cardiac Arrest/Death");
}

}  // namespace
}  // namespace beacon::triage
