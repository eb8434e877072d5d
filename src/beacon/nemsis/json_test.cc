#include "beacon/nemsis/json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "beacon/nemsis/testing.h"
#include "beacon/nemsis/xml.h"

namespace beacon::nemsis {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// Every official sample's reports survive XML -> record -> JSON text -> record unchanged.
TEST(NemsisJson, EveryOfficialSampleRoundTrips) {
  int reports = 0;
  for (const auto& e : std::filesystem::directory_iterator(testing::Nemsis() / "samples")) {
    if (e.path().extension() != ".xml") continue;
    auto in = ImportXml(testing::Read(e.path()), e.path().string());
    ASSERT_TRUE(in.ok()) << in.status();
    for (const PatientCareReport& r : in->set.headers.at(0).reports) {
      const std::string text = ToJson(r).dump();
      auto back = FromJson(json::parse(text));
      ASSERT_TRUE(back.ok()) << e.path() << ": " << back.status();
      EXPECT_TRUE(*back == r) << e.path();
      ++reports;
    }
  }
  EXPECT_EQ(reports, 40);
}

TEST(NemsisJson, ElementsAreStringsOrObjects) {
  PatientCareReport r;
  r.times.unit_notified_by_dispatch_time = Element::Of("2026-12-03T08:15:02-05:00");
  r.times.arrived_at_patient_time = Element::Missing(NotValue::kNotRecorded);
  r.history.medication_allergies.push_back(
      Element::Negative(PertinentNegative::kNoKnownDrugAllergy));
  const json j = ToJson(r);
  EXPECT_EQ(j["eTimes"]["eTimes.03"], "2026-12-03T08:15:02-05:00");
  EXPECT_EQ(j["eTimes"]["eTimes.07"], json::parse(R"({"nil": true, "nv": "7701003"})"));
  EXPECT_EQ(j["eHistory"]["eHistory.06"][0], json::parse(R"({"nil": true, "pn": "8801013"})"));
  auto back = FromJson(j);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(*back == r);
}

TEST(NemsisJson, BadRecordsAreErrorsNamingThePath) {
  auto error = [](const char* text) {
    auto r = FromJson(json::parse(text));
    EXPECT_FALSE(r.ok()) << text;
    return r.ok() ? std::string() : std::string(r.status().message());
  };
  EXPECT_THAT(error("[]"), HasSubstr("must be a JSON object"));
  EXPECT_THAT(error(R"({"eTimes": {"eTimes.99": "x"}})"),
              HasSubstr("eTimes/eTimes.99: is not a NEMSIS element"));
  EXPECT_THAT(error(R"({"eTimez": {}})"), HasSubstr("eTimez: is not a NEMSIS element"));
  EXPECT_THAT(error(R"({"eTimes": {"eTimes.03": 5}})"), HasSubstr("eTimes/eTimes.03: must be"));
  EXPECT_THAT(error(R"({"eTimes": {"eTimes.07": {"nil": true, "nv": "123"}}})"),
              HasSubstr("eTimes/eTimes.07/nv: '123' is not a Not Value"));
  EXPECT_THAT(error(R"({"eVitals": {"eVitals.VitalGroup": {"eVitals.01": "x"}}})"),
              HasSubstr("eVitals/eVitals.VitalGroup: must be an array"));
  EXPECT_THAT(error(R"({"eVitals": {"eVitals.VitalGroup": [{}, {"eVitals.99": "1"}]}})"),
              HasSubstr("eVitals/eVitals.VitalGroup[2]/eVitals.99"));
  EXPECT_THAT(error(R"({"eResponse": {"eResponse.08": "2208013"}})"),
              HasSubstr("must be an array"));
  EXPECT_THAT(error(R"({"eTimes": {"eTimes.03": {"nil": true, "value": "x"}}})"),
              HasSubstr("a nil element has no value"));
  // No attribute name that could become markup, and NV/PN only through their own keys.
  EXPECT_THAT(
      error(R"({"eTimes": {"eTimes.03": {"value": "x", "attributes": {"a=\"1\"/><x": "1"}}}})"),
      HasSubstr("is not an attribute of the EMSDataSet schema"));
  EXPECT_THAT(error(R"({"eTimes": {"eTimes.07": {"nil": true, "attributes": {"NV": "7701003"}}}})"),
              HasSubstr("eTimes/eTimes.07/attributes/NV"));
  EXPECT_THAT(error(R"({"attributes": {"onload": "x"}})"), HasSubstr("attributes/onload"));
}

}  // namespace
}  // namespace beacon::nemsis
