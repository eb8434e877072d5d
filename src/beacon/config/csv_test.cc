#include "beacon/config/csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace beacon::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(SplitCsvLine, QuotedFieldsHoldCommasAndQuotes) {
  EXPECT_THAT(*SplitCsvLine(R"("Engine CO. 2, 19",East 4th Street,42.33)"),
              ElementsAre("Engine CO. 2, 19", "East 4th Street", "42.33"));
  EXPECT_THAT(*SplitCsvLine(R"(a,"say ""hi""",,)"), ElementsAre("a", R"(say "hi")", "", ""));
}

TEST(SplitCsvLine, BadQuotingIsAnError) {
  EXPECT_THAT(SplitCsvLine(R"(a,"open)").status().message(), HasSubstr("unterminated"));
  EXPECT_THAT(SplitCsvLine(R"(a,"x"y)").status().message(), HasSubstr("after the closing quote"));
  EXPECT_THAT(SplitCsvLine(R"(a,b"c)").status().message(), HasSubstr("middle of field 2"));
}

TEST(CsvTable, HeaderColumnsAndLineNumbers) {
  auto t = CsvTable::Parse("\xEF\xBB\xBFname,lat\r\nA,42.1\r\n\r\nB,x\n", "f.csv");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_THAT(t->header(), ElementsAre("name", "lat"));
  ASSERT_EQ(t->rows().size(), 2u);
  EXPECT_EQ(t->rows()[1].line, 4);
  const std::size_t lat = *t->Column("lat");
  EXPECT_DOUBLE_EQ(*t->Double(t->rows()[0], lat), 42.1);
  EXPECT_THAT(t->Double(t->rows()[1], lat).status().message(),
              HasSubstr("f.csv:4: column 'lat': 'x' is not a number"));
  EXPECT_THAT(t->Column("lon").status().message(),
              HasSubstr("no column 'lon' (the header has: name, lat)"));
}

TEST(CsvTable, RaggedRowAndEmptyFileAreErrors) {
  EXPECT_THAT(CsvTable::Parse("a,b\n1,2,3\n", "f.csv").status().message(),
              HasSubstr("f.csv:2: 3 field(s); the header has 2"));
  EXPECT_THAT(CsvTable::Parse("", "e.csv").status().message(), HasSubstr("e.csv: empty file"));
  EXPECT_EQ(CsvTable::Load("/nonexistent.csv").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace beacon::config
