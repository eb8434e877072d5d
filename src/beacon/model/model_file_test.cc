#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>

#include "beacon/base/rng.h"
#include "beacon/model/city_model.h"
#include "beacon/model/model_json.h"
#include "beacon/model/road_travel_times.h"
#include "beacon/model/test_model.h"
#include "beacon/routing/dijkstra_router.h"

namespace beacon::model {
namespace {

using testing::GridPoint;
using ::testing::HasSubstr;
using testing::SmallCity;
using testing::TempDir;

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

void Overwrite(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << bytes;
}

bool SameData(const CityModel::Data& a, const CityModel::Data& b) {
  if (a.areas.size() != b.areas.size()) return false;
  for (std::size_t i = 0; i < a.areas.size(); ++i) {
    if (a.areas[i].name != b.areas[i].name ||
        a.areas[i].shape.polygons().size() != b.areas[i].shape.polygons().size()) {
      return false;
    }
  }
  std::vector<std::pair<std::string, std::string>> pa;
  std::vector<std::pair<std::string, std::string>> pb;
  for (const auto& f : a.protocol) pa.emplace_back(f.name, f.text);
  for (const auto& f : b.protocol) pb.emplace_back(f.name, f.text);
  return a.name == b.name && a.timezone == b.timezone && a.snap_max == b.snap_max &&
         a.stations == b.stations && a.posts == b.posts && a.hospitals == b.hospitals &&
         a.hospital_sources == b.hospital_sources && a.shifts == b.shifts && a.units == b.units &&
         a.demand == b.demand && pa == pb && a.response_plans == b.response_plans &&
         a.coverage == b.coverage && a.addresses == b.addresses;
}

TEST(ModelFile, SaveLoadRoundTrip) {
  const CityModel m = SmallCity();
  TempDir dir;
  const auto path = dir.path() / "grid.model";
  ASSERT_TRUE(SaveCityModel(m, path).ok());
  auto loaded = LoadCityModel(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE(SameData(m.data(), loaded->data()));
  EXPECT_EQ(loaded->graph().num_nodes(), 9u);
  EXPECT_EQ(loaded->graph().num_arcs(), 24u);
  EXPECT_NE(loaded->data().build_report.find("\"note\":\"test\""), std::string::npos);
  EXPECT_EQ(loaded->protocol().Complaints().size(), 1u);
  // The loaded area still answers point-in-polygon.
  EXPECT_EQ(loaded->AreaName(GridPoint(1, 0)), "West");
  EXPECT_EQ(loaded->AreaName(GridPoint(1, 2)), "");
}

TEST(ModelFile, HouseNumberRangesSurviveSaveAndLoad) {
  const CityModel grid = SmallCity();
  CityModel::Data data = grid.data();
  // Positions as the file keeps them (1e-7 degrees), as the importer hands them over.
  const auto at = [](int r, int c) {
    const LatLon p = GridPoint(r, c);
    return LatLon{routing::FromFixed(routing::ToFixed(p.lat)),
                  routing::FromFixed(routing::ToFixed(p.lon))};
  };
  data.addresses = {{7, "Elm Street", {2, 20}, {1, 19}, {at(0, 0), at(0, 1), at(0, 2)}},
                    {8, "Oak Street", {40, 10}, {0, 0}, {at(1, 0), at(1, 1)}},
                    {9, "Elm Street", {0, 0}, {21, 39}, {at(0, 2), at(0, 3)}}};
  auto m = CityModel::Create(data, grid.shared_graph(), grid.shared_ch());
  ASSERT_TRUE(m.ok()) << m.status();
  TempDir dir;
  ASSERT_TRUE(SaveCityModel(*m, dir.path() / "a.model").ok());
  auto loaded = LoadCityModel(dir.path() / "a.model");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->data().addresses, data.addresses);

  // Damaged ranges name the element; a model without them (built earlier) has none.
  const auto with = [&](const std::function<void(nlohmann::json&)>& change) {
    nlohmann::json j = nlohmann::json::parse(ModelDataToJson(data));
    change(j);
    return ModelDataFromJson(j.dump(), "a.model").status();
  };
  EXPECT_THAT(with([](auto& j) { j["addresses"]["ranges"][0][1] = 5; }).message(),
              HasSubstr("a.model: model data: addresses.ranges[0][1]: is not a street"));
  EXPECT_THAT(with([](auto& j) { j["addresses"]["ranges"][1][2] = -3; }).message(),
              HasSubstr("addresses.ranges[1][2]: must be a whole number"));
  EXPECT_THAT(with([](auto& j) {
                j["addresses"]["ranges"][1][6] = {1, 2, 3};
              }).message(),
              HasSubstr("addresses.ranges[1][6]: must be at least two points"));
  EXPECT_THAT(with([](auto& j) { j["addresses"]["ranges"][1][6][0] = 1900000000; }).message(),
              HasSubstr("addresses.ranges[1][6]: holds a position off the globe"));
  EXPECT_THAT(with([](auto& j) { j["addresses"]["ranges"][2] = "x"; }).message(),
              HasSubstr("addresses.ranges[2]: must be [segment, street"));
  EXPECT_THAT(with([](auto& j) { j["addresses"].erase("streets"); }).message(),
              HasSubstr("addresses.streets: is missing"));
  EXPECT_TRUE(with([](auto& j) { j.erase("addresses"); }).ok());
}

TEST(ModelFile, CorruptTruncatedAndForeignFilesAreClearErrors) {
  const CityModel m = SmallCity();
  TempDir dir;
  const auto path = dir.path() / "grid.model";
  ASSERT_TRUE(SaveCityModel(m, path).ok());
  const std::string good = ReadAll(path);

  std::string flipped = good;
  flipped[flipped.size() - 10] = static_cast<char>(flipped[flipped.size() - 10] ^ 0x40);
  Overwrite(path, flipped);
  EXPECT_THAT(LoadCityModel(path).status().message(),
              HasSubstr("section 'graph.ch' is corrupt (CRC mismatch)"));

  Overwrite(path, good.substr(0, good.size() / 2));
  EXPECT_THAT(LoadCityModel(path).status().message(), HasSubstr("is truncated"));

  Overwrite(path, "not a model at all");
  EXPECT_THAT(LoadCityModel(path).status().message(), HasSubstr("is not a Beacon city model"));

  std::string version = good;
  version[8] = 9;
  Overwrite(path, version);
  EXPECT_THAT(LoadCityModel(path).status().message(),
              HasSubstr("format version 9 is not supported"));

  EXPECT_EQ(LoadCityModel(dir.path() / "missing.model").status().code(), StatusCode::kNotFound);
  EXPECT_THAT(LoadCityModel(dir.path()).status().message(), HasSubstr("not a regular file"));
}

TEST(CityModel, ShiftsRunPastMidnightInLocalTime) {
  const CityModel m = SmallCity();
  const ModelUnit& night = m.data().units[1];  // 19:00 + 12 h
  const ModelUnit& always = m.data().units[0];
  // 2026-07-01 is in EDT (UTC-4): 23:30 UTC is 19:30 local, 11:30 UTC is 07:30 local.
  EXPECT_TRUE(m.OnDuty(night, *ParseInstant("2026-07-01T23:30:00Z")));
  EXPECT_TRUE(m.OnDuty(night, *ParseInstant("2026-07-02T10:59:59Z")));   // 06:59:59
  EXPECT_FALSE(m.OnDuty(night, *ParseInstant("2026-07-02T11:00:00Z")));  // 07:00 local
  EXPECT_FALSE(m.OnDuty(night, *ParseInstant("2026-07-01T22:59:00Z")));  // 18:59 local
  EXPECT_TRUE(m.OnDuty(always, *ParseInstant("2026-07-02T11:00:00Z")));
  // In winter (EST, UTC-5) the same local hours are an hour later in UTC.
  EXPECT_FALSE(m.OnDuty(night, *ParseInstant("2026-01-15T23:30:00Z")));  // 18:30 local
  EXPECT_TRUE(m.OnDuty(night, *ParseInstant("2026-01-16T00:00:00Z")));   // 19:00 local
}

TEST(CityModel, RosterStartsOutOfServiceAndIndexesFind) {
  const CityModel m = SmallCity();
  const cad::Roster r = m.Roster();
  ASSERT_EQ(r.units.size(), 2u);
  for (const cad::Unit& u : r.units) EXPECT_EQ(u.availability, cad::Availability::kOutOfService);
  EXPECT_EQ(m.FindUnitByName("A1")->unit.id, UnitId{2});
  EXPECT_EQ(m.FindHospitalByCode("KIDS")->id, HospitalId{2});
  EXPECT_EQ(m.FindHospitalByCode("NONE"), nullptr);
}

TEST(CityModel, CreateRejectsInconsistentData) {
  const CityModel good = SmallCity();
  CityModel::Data d = good.data();
  d.units[1].unit.home_station = StationId{9};
  EXPECT_THAT(CityModel::Create(d, good.shared_graph(), good.shared_ch()).status().message(),
              HasSubstr("unit A1: home station 9 does not exist"));
  d = good.data();
  d.units[0].shift = "weekend";
  EXPECT_THAT(CityModel::Create(d, good.shared_graph(), good.shared_ch()).status().message(),
              HasSubstr("unit M1: shift 'weekend' does not exist"));
  d = good.data();
  d.hospitals[1].code = "GEN";
  EXPECT_THAT(CityModel::Create(d, good.shared_graph(), good.shared_ch()).status().message(),
              HasSubstr("appears twice"));
  d = good.data();
  d.timezone = "Mars/Olympus_Mons";
  EXPECT_FALSE(CityModel::Create(d, good.shared_graph(), good.shared_ch()).ok());
}

TEST(RoadTravelTimes, EqualsDijkstraAndCachesSnaps) {
  const CityModel m = SmallCity();
  RoadTravelTimes travel(m);
  // Corner (0,0) to corner (2,2) is 4 streets of 10 s; (2,0) to (2,2) is 2.
  std::vector<LatLon> from = {GridPoint(0, 0), GridPoint(2, 0), {10.0, 10.0}};
  std::vector<std::optional<Milliseconds>> out;
  ASSERT_TRUE(travel.ToOne(from, GridPoint(2, 2), out).ok());
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], Seconds{40});
  EXPECT_EQ(out[1], Seconds{20});
  EXPECT_EQ(out[2], std::nullopt);  // far from every road: no ETA, not an error
  ASSERT_TRUE(travel.FromOne(GridPoint(1, 1), from, out).ok());
  EXPECT_EQ(out[0], Seconds{20});
  EXPECT_EQ(out[1], Seconds{20});
  // Mid-street: halfway along the street (1,0)-(1,1) is 5 s from (1,1).
  const LatLon mid{GridPoint(1, 0).lat, (GridPoint(1, 0).lon + GridPoint(1, 1).lon) / 2};
  ASSERT_TRUE(travel.ToOne(std::vector<LatLon>{mid}, GridPoint(1, 1), out).ok());
  ASSERT_TRUE(out[0].has_value());
  EXPECT_NEAR(static_cast<double>(out[0]->count()), 5000, 2);  // rounding of the split offset
  // A target off the network is an error that says how far.
  const Status far = travel.ToOne(from, {10.0, 10.0}, out);
  EXPECT_FALSE(far.ok());
  // The repeated points were snapped once.
  EXPECT_GT(travel.cache_hits(), 0u);
  // Same answers as Dijkstra between every pair of nodes.
  routing::DijkstraRouter dijkstra(m.graph());
  for (int a = 0; a < 9; ++a) {
    for (int b = 0; b < 9; ++b) {
      const LatLon pa = GridPoint(a / 3, a % 3);
      const LatLon pb = GridPoint(b / 3, b % 3);
      ASSERT_TRUE(travel.ToOne(std::vector<LatLon>{pa}, pb, out).ok());
      const auto expect = dijkstra.OneToOne(*travel.Locate(pa), *travel.Locate(pb));
      EXPECT_EQ(*out[0], expect) << a << " -> " << b;
    }
  }
}

// Prefetching fixes (many more than the bound between two queries, so older places are
// forgotten) never changes an answer: a fleet's times equal a fresh instance's every time.
TEST(RoadTravelTimes, PrefetchedFixesNeverChangeAnswers) {
  const CityModel m = SmallCity();
  RoadTravelTimes travel(m);
  Rng rng(5);
  auto random_point = [&] {
    const int r = static_cast<int>(rng.UniformInt(std::uint64_t{3}));
    const int c = static_cast<int>(rng.UniformInt(std::uint64_t{2}));
    const double f = rng.Uniform01();
    const LatLon a = GridPoint(r, c);
    const LatLon b = GridPoint(r, c + 1);
    return LatLon{a.lat, a.lon + f * (b.lon - a.lon)};
  };
  std::vector<LatLon> fleet(5);
  for (LatLon& p : fleet) p = random_point();
  for (int round = 0; round < 40; ++round) {
    // Between two calls each unit reports 1 or 150 fixes.
    const int fixes = round % 4 == 0 ? 150 : 1;
    for (int k = 0; k < fixes; ++k) {
      for (std::size_t u = 0; u < fleet.size(); ++u) {
        const LatLon before = fleet[u];
        fleet[u] = random_point();
        // Units 0 and 1 report without their previous fix (300 places kept between two calls:
        // past the bound of 256); the others let theirs go.
        travel.Prefetch(fleet[u], u < 2 ? std::nullopt : std::optional<LatLon>(before));
      }
    }
    const LatLon incident = GridPoint(static_cast<int>(rng.UniformInt(std::uint64_t{3})),
                                      static_cast<int>(rng.UniformInt(std::uint64_t{3})));
    std::vector<std::optional<Milliseconds>> got;
    std::vector<std::optional<Milliseconds>> want;
    ASSERT_TRUE(travel.ToOne(fleet, incident, got).ok());
    RoadTravelTimes fresh(m);
    ASSERT_TRUE(fresh.ToOne(fleet, incident, want).ok());
    EXPECT_EQ(got, want) << "round " << round;
  }
}

}  // namespace
}  // namespace beacon::model
