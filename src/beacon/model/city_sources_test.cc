#include "beacon/model/city_sources.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "beacon/model/model_build.h"
#include "beacon/model/test_model.h"

namespace beacon::model {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::TempDir;
using testing::WriteFile;

class SourcesTest : public ::testing::Test {
 protected:
  std::filesystem::path Write(const char* name, std::string_view text) {
    const auto p = dir_.path() / name;
    WriteFile(p, text);
    return p;
  }
  TempDir dir_;
};

constexpr std::string_view kHospitals = R"(defaults:
  offload: 25 min
hospitals:
  - code: GEN
    name: General
    location: [42.35, -71.06]
    trauma_adult: 1
    stroke: thrombectomy
    pci: true
    source: "primer"
  - code: KIDS
    name: Children's
    location: [42.34, -71.10]
    pediatric: true
    adults: false
    offload: 15 min
)";

TEST_F(SourcesTest, HospitalsReadWithDefaultsAndSources) {
  auto h = ReadHospitals(Write("h.yaml", kHospitals));
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->hospitals.size(), 2u);
  const cad::Hospital& gen = h->hospitals[0];
  EXPECT_EQ(gen.id, HospitalId{1});
  EXPECT_EQ(gen.code, "GEN");
  EXPECT_EQ(gen.capabilities.trauma_adult_level, 1);
  EXPECT_EQ(gen.capabilities.stroke, cad::StrokeCapability::kThrombectomy);
  EXPECT_TRUE(gen.capabilities.pci);
  EXPECT_TRUE(gen.capabilities.adults);
  EXPECT_EQ(gen.typical_offload, Minutes{25});
  EXPECT_EQ(h->sources[0], "primer");
  EXPECT_FALSE(h->hospitals[1].capabilities.adults);
  EXPECT_EQ(h->hospitals[1].typical_offload, Minutes{15});
}

TEST_F(SourcesTest, HospitalErrorsNameLineAndField) {
  std::string bad(kHospitals);
  bad.replace(bad.find("pci: true"), 9, "pcі: true");  // a look-alike key
  EXPECT_THAT(ReadHospitals(Write("a.yaml", bad)).status().message(),
              HasSubstr("a.yaml:9: hospitals[0].pcі: unknown key"));
  bad = std::string(kHospitals);
  bad.replace(bad.find("thrombectomy"), 12, "comprehensive");
  EXPECT_THAT(ReadHospitals(Write("b.yaml", bad)).status().message(),
              HasSubstr("b.yaml:8: hospitals[0].stroke: 'comprehensive' is not one of: none, "
                        "primary, thrombectomy"));
  bad = std::string(kHospitals);
  bad.replace(bad.find("code: KIDS"), 10, "code: GEN");
  EXPECT_THAT(ReadHospitals(Write("c.yaml", bad)).status().message(),
              HasSubstr("hospitals[1].code: 'GEN' is used twice"));
  bad = std::string(kHospitals);
  bad.replace(bad.find("[42.35, -71.06]"), 15, "[142.35, -71.06]");
  EXPECT_THAT(ReadHospitals(Write("d.yaml", bad)).status().message(),
              HasSubstr("hospitals[0].location[0]: 142.35 is outside [-90, 90]"));
}

TEST_F(SourcesTest, FleetUnitsAreNamedAndPlacedRoundRobin) {
  auto fleet = ReadFleet(Write("f.yaml", R"(shifts:
  - {name: 24h, start: "07:00", hours: 24}
  - {name: peak, start: "11:00", hours: 12}
units:
  - {type: ALS, shift: 24h, count: 2}
  - {type: BLS, shift: peak, count: 3, capabilities: [bariatric]}
)"));
  ASSERT_TRUE(fleet.ok()) << fleet.status();
  EXPECT_EQ(fleet->shifts[1].start, Hours{11});
  EXPECT_EQ(fleet->shifts[1].length, Hours{12});
  const std::vector<ModelUnit> units = PlaceFleet(*fleet, {StationId{5}, StationId{3}});
  ASSERT_EQ(units.size(), 5u);
  std::vector<std::string> names;
  std::vector<std::uint32_t> homes;
  for (const ModelUnit& u : units) {
    names.push_back(u.unit.name);
    homes.push_back(u.unit.home_station.value());
  }
  EXPECT_THAT(names, ElementsAre("M1", "M2", "A1", "A2", "A3"));
  EXPECT_THAT(homes, ElementsAre(5, 3, 5, 3, 5));
  EXPECT_EQ(units[2].shift, "peak");
  EXPECT_THAT(units[2].unit.capabilities, ElementsAre("bariatric"));
}

TEST_F(SourcesTest, FleetErrors) {
  EXPECT_THAT(ReadFleet(Write("f1.yaml",
                              "shifts:\n  - {name: a, start: \"07:00\", hours: 12}\n"
                              "units:\n  - {type: ALS, shift: b, count: 1}\n"))
                  .status()
                  .message(),
              HasSubstr("f1.yaml:4: units[0].shift: no shift 'b'"));
  EXPECT_THAT(ReadFleet(Write("f2.yaml",
                              "shifts:\n  - {name: a, start: \"25:00\", hours: 12}\n"
                              "units:\n  - {type: ALS, shift: a, count: 1}\n"))
                  .status()
                  .message(),
              HasSubstr("shifts[0].start: must be before 24:00"));
  EXPECT_THAT(ReadFleet(Write("f3.yaml",
                              "shifts:\n  - {name: a, start: \"07:00\", hours: 12}\n"
                              "units:\n  - {type: MEDIC, shift: a, count: 1}\n"))
                  .status()
                  .message(),
              HasSubstr("units[0].type: 'MEDIC' is not one of"));
}

TEST_F(SourcesTest, ResponsePlansReadHoursAndSlots) {
  auto plans = ReadResponsePlans(Write("r.yaml", R"(rules:
  - name: arrest
    complaints: [cardiac_arrest]
    priorities: [1]
    send: [{level: ALS, count: 1}, {level: BLS}]
    lights_and_sirens: true
  - name: night
    hours: {from: "23:00", to: "07:00"}
    priorities: [3]
)"));
  ASSERT_TRUE(plans.ok()) << plans.status();
  ASSERT_EQ(plans->rules.size(), 2u);
  EXPECT_EQ(plans->rules[0].send, (std::vector<dispatch::UnitSlot>{{cad::CareLevel::kAls, 1},
                                                                   {cad::CareLevel::kBls, 1}}));
  EXPECT_EQ(plans->rules[1].from_minute, 23 * 60);
  EXPECT_EQ(plans->rules[1].to_minute, 7 * 60);
  EXPECT_THAT(ReadResponsePlans(Write("r2.yaml", "rules:\n  - name: x\n    priorities: [4]\n"))
                  .status()
                  .message(),
              HasSubstr("r2.yaml:3: rules[0].priorities[0]: 4 is outside [1, 3]"));
  EXPECT_THAT(ReadResponsePlans(Write("r3.yaml", "rules:\n  - name: x\n    send: [{level: CCT}]\n"))
                  .status()
                  .message(),
              HasSubstr("rules[0].send[0].level: 'CCT' is not one of: BLS, ALS"));
}

TEST_F(SourcesTest, SitesSkipNamedRowsAndCheckNumbers) {
  auto sites =
      ReadSites(Write("s.csv",
                      "company,street,lat,lon\n\"Engine 2, 19\",E 4th,42.33,-71.03\n"
                      "AIR SUPPLY UNIT,Southampton,42.33,-71.06\nnan,Wharf,42.36,-71.04\n"),
                {"AIR SUPPLY UNIT", "nan"});
  ASSERT_TRUE(sites.ok()) << sites.status();
  ASSERT_EQ(sites->size(), 1u);
  EXPECT_EQ((*sites)[0].name, "Engine 2, 19");
  EXPECT_THAT(ReadSites(Write("s2.csv", "company,lat,lon\nE1,north,-71\n"), {}).status().message(),
              HasSubstr("s2.csv:2: column 'lat': 'north' is not a number"));
  EXPECT_THAT(ReadSites(Write("s3.csv", "name,lat,lon\nE1,42,-71\n"), {}).status().message(),
              HasSubstr("no column 'company'"));
}

constexpr std::string_view kAreas = R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"Name": "North"},
  "geometry": {"type": "Polygon", "coordinates": [[[-71.1, 42.3], [-71.0, 42.3], [-71.0, 42.4],
                                                  [-71.1, 42.4], [-71.1, 42.3]]]}},
 {"type": "Feature", "properties": {"Name": "Islands"},
  "geometry": {"type": "MultiPolygon", "coordinates": [[[[-70.9, 42.3], [-70.8, 42.3],
                                                         [-70.8, 42.4], [-70.9, 42.3]]]]}}
]})";

TEST_F(SourcesTest, AreasFromGeoJsonPolygons) {
  auto areas = ReadAreas(Write("a.geojson", kAreas), "Name");
  ASSERT_TRUE(areas.ok()) << areas.status();
  ASSERT_EQ(areas->size(), 2u);
  EXPECT_TRUE((*areas)[0].shape.Contains({42.35, -71.05}));
  EXPECT_EQ((*areas)[1].name, "Islands");
  EXPECT_THAT(ReadAreas(Write("a1.geojson", kAreas), "name").status().message(),
              HasSubstr("feature 0: property 'name' is missing"));
  std::string line(kAreas);
  line.replace(line.find("\"Polygon\""), 9, "\"LineString\"");
  EXPECT_THAT(ReadAreas(Write("a2.geojson", line), "Name").status().message(),
              HasSubstr("geometry type 'LineString' is not Polygon or MultiPolygon"));
  EXPECT_THAT(ReadAreas(Write("a3.geojson", "{\"type\": \"Feature\"}"), "Name").status().message(),
              HasSubstr("expected a GeoJSON FeatureCollection"));
  EXPECT_THAT(ReadAreas(Write("a4.geojson", "{\"type\": "), "Name").status().message(),
              HasSubstr("not valid JSON"));
}

TEST_F(SourcesTest, TractDemandJoinsPopulationForTheYear) {
  const auto tracts = Write("t.geojson", R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"geoid20": "1"}, "geometry": {"type": "Polygon",
  "coordinates": [[[-71.1, 42.3], [-71.0, 42.3], [-71.0, 42.4], [-71.1, 42.4]]]}},
 {"type": "Feature", "properties": {"geoid20": "2"}, "geometry": {"type": "Polygon",
  "coordinates": [[[-71.1, 42.4], [-71.0, 42.4], [-71.0, 42.5], [-71.1, 42.5]]]}},
 {"type": "Feature", "properties": {"geoid20": "3"}, "geometry": {"type": "Polygon",
  "coordinates": [[[-71.1, 42.5], [-71.0, 42.5], [-71.0, 42.6], [-71.1, 42.6]]]}}]})");
  const auto pop = Write("p.csv",
                         "\"YEAR\",\"GEOID\",\"male\",\"female\"\n2010,1,5,5\n2020,1,100.5,99.5\n"
                         "2020,2,,\n2020,9,1,1\n");
  DemandReport rep;
  auto d = ReadTractDemand(tracts, "geoid20", pop, 2020, &rep);
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_EQ(d->size(), 1u);
  EXPECT_EQ((*d)[0].id, "1");
  EXPECT_DOUBLE_EQ((*d)[0].population, 200);
  EXPECT_NEAR((*d)[0].centroid.lat, 42.35, 1e-6);
  EXPECT_NEAR((*d)[0].centroid.lon, -71.05, 1e-6);
  EXPECT_EQ(rep.tracts, 3);
  EXPECT_EQ(rep.without_population, 2);             // tract 2 (blank row) and tract 3 (no row)
  EXPECT_EQ(rep.population_rows_without_tract, 1);  // GEOID 9
  EXPECT_THAT(ReadTractDemand(tracts, "geoid20", pop, 1990, nullptr).status().message(),
              HasSubstr("no population rows for year 1990"));
}

// Three sites, four demand points; a site covers the points within 480 s.
TEST(ChoosePostsGreedy, MatchesEnumerationOnASmallInstance) {
  const Milliseconds kIn = Seconds{300};
  const Milliseconds kOut = Seconds{900};
  const std::vector<std::vector<Milliseconds>> times = {
      {kIn, kIn, kOut, kOut},   // site 0 covers points 0, 1
      {kOut, kIn, kIn, kOut},   // site 1 covers 1, 2
      {kOut, kOut, kOut, kIn},  // site 2 covers 3
  };
  const std::vector<double> w = {10, 40, 30, 25};
  const double q = 0.5;
  // One post: site 1 covers 70 (site 0: 50, site 2: 25). Two posts: with site 1, site 0 adds
  // 10 * 0.5 + 40 * 0.25 = 15, site 2 adds 25 * 0.5 = 12.5; so {1, 0}. Enumeration agrees:
  // E{0,1} = 0.5*(10+30) + 0.75*40 = 50; E{1,2} = 0.5*(40+30+25) = 47.5; E{0,2} = 0.5*75 = 37.5.
  EXPECT_THAT(ChoosePostsGreedy(times, w, Seconds{480}, q, 1), ElementsAre(1));
  EXPECT_THAT(ChoosePostsGreedy(times, w, Seconds{480}, q, 2), ElementsAre(1, 0));
  EXPECT_THAT(ChoosePostsGreedy(times, w, Seconds{480}, q, 5), ElementsAre(1, 0, 2));
}

TEST(ChoosePostsGreedy, TiesGoToTheMoreCentralSite) {
  const std::vector<std::vector<Milliseconds>> times = {{Seconds{400}, Seconds{470}},
                                                        {Seconds{100}, Seconds{200}}};
  EXPECT_THAT(ChoosePostsGreedy(times, {1, 1}, Seconds{480}, 0.5, 1), ElementsAre(1));
}

}  // namespace
}  // namespace beacon::model
