#include "beacon/config/yaml_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace beacon::config {
namespace {

using ::testing::HasSubstr;

YamlDocument Doc(std::string_view text) {
  auto d = YamlDocument::Parse(text, "city.yaml");
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return std::move(d).value();
}

TEST(YamlReader, UnknownKeyNamesFileLineAndKey) {
  const YamlDocument d = Doc("name: Boston\ntimezon: America/New_York\n");
  const Status s = d.reader().OnlyKeys(d.root(), "", {"name", "timezone"});
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("city.yaml:2: timezon: unknown key"));
  EXPECT_THAT(s.message(), HasSubstr("known: name, timezone"));
}

TEST(YamlReader, MissingRequiredKeyIsAnError) {
  const YamlDocument d = Doc("name: Boston\n");
  auto r = d.reader().RequiredString(d.root(), "timezone", "city");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("city.timezone: is required"));
}

TEST(YamlReader, NumbersAreRangeChecked) {
  const YamlDocument d = Doc("a: 12\nb: abc\nc: 1e400\n");
  const YamlReader& r = d.reader();
  EXPECT_EQ(*r.Number(d.root()["a"], "a", 0, 20), 12);
  EXPECT_THAT(r.Number(d.root()["a"], "a", 0, 10).status().message(),
              HasSubstr("city.yaml:1: a: 12 is outside [0, 10]"));
  EXPECT_THAT(r.Number(d.root()["b"], "b", 0, 10).status().message(),
              HasSubstr("'abc' is not a number"));
  EXPECT_FALSE(r.Number(d.root()["c"], "c", 0, 10).ok());
  EXPECT_THAT(r.Integer(d.root()["b"], "b", 0, 10).status().message(),
              HasSubstr("not a whole number"));
}

TEST(YamlReader, ClockAndDurationForms) {
  const YamlDocument d =
      Doc("t1: '07:30'\nt2: '26:00:05'\nt3: '7h'\nd1: 90\nd2: 8 min\nd3: 1.5 h\nd4: 3 days\n");
  const YamlReader& r = d.reader();
  EXPECT_EQ(*r.Clock(d.root()["t1"], "t1"), Minutes{450});
  EXPECT_EQ(*r.Clock(d.root()["t2"], "t2"), Hours{26} + Seconds{5});
  EXPECT_THAT(r.Clock(d.root()["t3"], "t3").status().message(), HasSubstr("not a time"));
  EXPECT_EQ(*r.Duration(d.root()["d1"], "d1"), Seconds{90});
  EXPECT_EQ(*r.Duration(d.root()["d2"], "d2"), Minutes{8});
  EXPECT_EQ(*r.Duration(d.root()["d3"], "d3"), Minutes{90});
  EXPECT_THAT(r.Duration(d.root()["d4"], "d4").status().message(), HasSubstr("not a duration"));
}

TEST(YamlReader, ChoiceAndBool) {
  const YamlDocument d = Doc("level: ALS\nbad: XLS\nflag: yes\nnot_flag: maybe\n");
  const YamlReader& r = d.reader();
  EXPECT_EQ(*r.Choice(d.root()["level"], "level", {"BLS", "ALS"}), 1u);
  EXPECT_THAT(r.Choice(d.root()["bad"], "bad", {"BLS", "ALS"}).status().message(),
              HasSubstr("'XLS' is not one of: BLS, ALS"));
  EXPECT_TRUE(*r.Bool(d.root()["flag"], "flag"));
  EXPECT_FALSE(r.Bool(d.root()["not_flag"], "not_flag").ok());
}

TEST(YamlDocument, SyntaxErrorNamesLine) {
  auto d = YamlDocument::Parse("a: 1\nb: [1, 2\n", "plan.yaml");
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(d.status().message(), HasSubstr("plan.yaml:"));
  EXPECT_THAT(d.status().message(), HasSubstr("not valid YAML"));
}

TEST(YamlDocument, MissingFileIsNotFound) {
  auto d = YamlDocument::Load("/nonexistent/beacon/city.yaml");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(d.status().message(), HasSubstr("/nonexistent/beacon/city.yaml"));
}

}  // namespace
}  // namespace beacon::config
