#include "beacon/triage/nemsis_codes.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace beacon::triage {
namespace {

namespace fs = std::filesystem;

fs::path FixturesDir() { return fs::path(BEACON_SOURCE_DIR) / "tests" / "data" / "nemsis"; }

TEST(NemsisCodes, ReadsPipeDelimitedRowsWithCrlf) {
  auto codes = LoadDispatchCodes(FixturesDir() / "enumerations_small.txt");
  ASSERT_TRUE(codes.ok()) << codes.error();
  EXPECT_EQ(codes->reasons.size(), 1u);
  EXPECT_EQ(codes->reasons.at("2301001"), "Abdominal Pain/Problems");
  EXPECT_EQ(codes->priorities.size(), 1u);
  EXPECT_EQ(codes->priorities.at("2305001"), "Critical");  // no trailing '\r'
}

TEST(NemsisCodes, MissingFileIsNamed) {
  auto codes = LoadDispatchCodes(FixturesDir() / "no_such_file.txt");
  ASSERT_FALSE(codes.ok());
  EXPECT_EQ(codes.error().code(), StatusCode::kNotFound);
  EXPECT_NE(codes.error().message().find("no_such_file.txt"), std::string::npos);
}

TEST(NemsisCodes, TruncatedRowIsNamedWithLine) {
  auto codes = LoadDispatchCodes(FixturesDir() / "enumerations_truncated.txt");
  ASSERT_FALSE(codes.ok());
  EXPECT_EQ(codes.error().code(), StatusCode::kDataLoss);
  EXPECT_NE(codes.error().message().find("enumerations_truncated.txt:1:"), std::string::npos)
      << codes.error();
}

}  // namespace
}  // namespace beacon::triage
