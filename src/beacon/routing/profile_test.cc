#include "beacon/routing/profile.h"

#include <gtest/gtest.h>

#include "beacon/routing/overrides.h"

namespace beacon::routing {
namespace {

bool Has(const Status& s, std::string_view part) {
  return std::string(s.message()).find(part) != std::string::npos;
}

TEST(Profile, ShippedEmsProfileLoads) {
  auto p = LoadProfile(std::string(BEACON_SOURCE_DIR) + "/data/profiles/ems.yaml");
  ASSERT_TRUE(p.ok()) << p.status();
  // 20 mph residential * 1.15 lights and sirens = 23 mph = 10.282 m/s.
  const auto v = p->Speed(RoadClass::kResidential, std::nullopt);
  ASSERT_TRUE(v.has_value());
  EXPECT_NEAR(v->value(), 20 * 0.44704 * 1.15, 1e-9);
  // A posted 3 mph is raised to the 10 mph minimum, then the factor.
  EXPECT_NEAR(p->Speed(RoadClass::kResidential, 3.0)->value(), 10 * 0.44704 * 1.15, 1e-9);
  // A posted 35 mph is used as given.
  EXPECT_NEAR(p->Speed(RoadClass::kResidential, 35.0)->value(), 35 * 0.44704 * 1.15, 1e-9);
  EXPECT_FALSE(p->Speed(RoadClass::kBenchmark, std::nullopt).has_value());
}

TEST(Profile, TravelTimeRoundsToTheMillisecondAndIsNeverZero) {
  EXPECT_EQ(TravelTimeMs(Meters(100), MetersPerSecond(10)), 10000u);
  EXPECT_EQ(TravelTimeMs(Meters(0.0104), MetersPerSecond(10)), 1u);  // 1.04 ms
  EXPECT_EQ(TravelTimeMs(Meters(0.0106), MetersPerSecond(10)), 1u);
  EXPECT_EQ(TravelTimeMs(Meters(0.0156), MetersPerSecond(10)), 2u);
  EXPECT_EQ(TravelTimeMs(Meters(0), MetersPerSecond(10)), 1u);
}

TEST(Profile, ErrorsNameTheLineAndField) {
  const char* base = "name: t\nspeed_unit: mph\nclass_speeds:\n  residential: 20\n  unknown: 20\n";
  struct Case {
    std::string yaml;
    std::string want;
  } cases[] = {
      {std::string(base) + "colour: red\n", "p.yaml:6: colour: unknown key"},
      {"name: t\nspeed_unit: furlongs\nclass_speeds: {unknown: 1}\n",
       "p.yaml:2: speed_unit: 'furlongs' is not mph or kmh"},
      {"name: t\nspeed_unit: mph\nclass_speeds:\n  residental: 20\n",
       "p.yaml:4: class_speeds.residental: unknown road class 'residental'"},
      {"name: t\nspeed_unit: mph\nclass_speeds:\n  unknown: fast\n",
       "p.yaml:4: class_speeds.unknown: must be a number"},
      {"name: t\nspeed_unit: mph\nclass_speeds:\n  unknown: 900\n", "900 is outside [1, 200]"},
      {std::string(base) + "hour_factors: [1, 2]\n",
       "p.yaml:6: hour_factors: must be a list of 24"},
      {std::string(base) + "lights_and_sirens_factor: 9\n",
       "lights_and_sirens_factor: 9 is outside"},
      {"speed_unit: mph\nclass_speeds: {unknown: 1}\n", "name: is required"},
      {std::string(base) + "geojson:\n  idd: x\n", "p.yaml:7: geojson.idd: unknown key"},
      {"name: t\nspeed_unit: mph\nclass_speeds: {residential: 20}\n",
       "class 'unknown' has no speed"},
      {"name: [unclosed\n", "p.yaml:"},
  };
  for (const Case& c : cases) {
    auto p = ParseProfile(c.yaml, "p.yaml");
    ASSERT_FALSE(p.ok()) << c.yaml;
    EXPECT_TRUE(Has(p.status(), c.want)) << p.status() << "\nwanted: " << c.want;
  }
  EXPECT_EQ(LoadProfile("/no/such/profile.yaml").status().code(), StatusCode::kNotFound);
}

TEST(Overrides, ParsesEveryAction) {
  auto o = ParseOverrides(
      "# reviewed corrections\n"
      "segment,lat,lon,action,value,reason\n"
      "1,,,drop,,\"private, gated\"\n"
      "2,,,oneway,backward,one-way against digitising\n"
      "3,,,speed,30,posted\n"
      "4,,,class,motorway,I-93\n"
      ",42.35,-71.07,cut,5;6,expressway under a bridge\n",
      "o.csv");
  ASSERT_TRUE(o.ok()) << o.status();
  ASSERT_EQ(o->items.size(), 5u);
  EXPECT_EQ(o->items[0].reason, "private, gated");
  EXPECT_EQ(o->items[1].oneway, "backward");
  EXPECT_EQ(o->items[2].speed, 30);
  EXPECT_EQ(o->items[3].road_class, RoadClass::kMotorway);
  EXPECT_EQ(o->items[4].cut_segments, (std::vector<std::uint64_t>{5, 6}));
  EXPECT_EQ(o->items[4].line, 7);
}

TEST(Overrides, BadLinesAreErrorsNamingLineAndField) {
  const std::string h = "segment,lat,lon,action,value,reason\n";
  struct Case {
    std::string csv;
    std::string want;
  } cases[] = {
      {"seg,action\n", "o.csv:1: header: expected"},
      {h + "1,,,drop,,\n", "o.csv:2: reason: every override needs a reason"},
      {h + "x,,,drop,,r\n", "o.csv:2: segment: 'x' is not a segment id"},
      {h + "1,,,paint,,r\n", "o.csv:2: action: 'paint' is not drop"},
      {h + "1,,,oneway,sideways,r\n", "o.csv:2: value: 'sideways' is not forward"},
      {h + "1,,,speed,0,r\n", "o.csv:2: value: '0' is not a speed"},
      {h + "1,,,class,road,r\n", "unknown road class 'road'"},
      {h + ",95,-71,cut,1,r\n", "o.csv:2: lat,lon: latitude 95 is outside"},
      {h + ",42,-71,cut,a;b,r\n", "o.csv:2: value: 'a;b' is not a list"},
      {h + "1,,,drop\n", "o.csv:2: line: 4 fields, expected 6"},
      {h + "1,,,drop,,\"open\n", "unterminated quoted field"},
      {"", "o.csv: empty"},
  };
  for (const Case& c : cases) {
    auto o = ParseOverrides(c.csv, "o.csv");
    ASSERT_FALSE(o.ok()) << c.csv;
    EXPECT_TRUE(Has(o.status(), c.want)) << o.status() << "\nwanted: " << c.want;
  }
}

}  // namespace
}  // namespace beacon::routing
