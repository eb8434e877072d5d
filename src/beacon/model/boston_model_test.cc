// The Boston model built from data/cities/boston.yaml and the shared data (label `data`). The
// model is built once per binary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <set>

#include "beacon/geo/distance.h"
#include "beacon/model/city_coverage.h"
#include "beacon/model/geocoder.h"
#include "beacon/model/model_build.h"
#include "beacon/model/road_travel_times.h"
#include "beacon/model/test_model.h"
#include "beacon/routing/dijkstra_router.h"

namespace beacon::model {
namespace {

class BostonModel : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    SystemClock clock;
    auto m = BuildCityModel(std::filesystem::path(BEACON_SOURCE_DIR) / "data/cities/boston.yaml",
                            {.data_dir = beacon::testing::SharedDataDir()}, clock);
    if (!m.ok()) {
      error_ = new std::string(m.status().ToString());
      return;
    }
    model_ = new CityModel(std::move(m).value());
  }
  void SetUp() override { ASSERT_EQ(error_, nullptr) << *error_; }
  static const CityModel& M() { return *model_; }
  static nlohmann::json Report() { return nlohmann::json::parse(M().data().build_report); }

  static inline CityModel* model_ = nullptr;
  static inline std::string* error_ = nullptr;
};

TEST_F(BostonModel, HasTheReferenceFleetHospitalsAndPosts) {
  const CityModel::Data& d = M().data();
  EXPECT_EQ(d.hospitals.size(), 8u);  // every reviewed ED lies on the network
  EXPECT_EQ(d.stations.size(), 33u);  // 35 rows, 2 not stations (the data README)
  EXPECT_EQ(d.posts.size(), 16u);
  EXPECT_EQ(std::set<StationId>(d.posts.begin(), d.posts.end()).size(), 16u);
  EXPECT_EQ(d.units.size(), 27u);
  int als = 0;
  for (const ModelUnit& u : d.units) als += u.unit.type == cad::UnitType::kAls ? 1 : 0;
  EXPECT_EQ(als, 5);
  EXPECT_EQ(d.areas.size(), 26u);
  EXPECT_EQ(M().protocol().Complaints().size(), 30u);
  EXPECT_FALSE(d.response_plans.rules.empty());
}

TEST_F(BostonModel, FleetFollowsThePeakAndNightFigures) {
  // ../shared/docs/domain.md: 22 BLS + 5 ALS at peak, 11 BLS + 3 ALS at night.
  auto count = [](Instant t) {
    int als = 0;
    int bls = 0;
    for (const ModelUnit& u : M().data().units) {
      if (!M().OnDuty(u, t)) continue;
      (u.unit.type == cad::UnitType::kAls ? als : bls) += 1;
    }
    return std::pair(als, bls);
  };
  EXPECT_EQ(count(*ParseInstant("2026-03-04T15:00:00-05:00")), std::pair(5, 22));  // 15:00
  EXPECT_EQ(count(*ParseInstant("2026-03-04T03:00:00-05:00")), std::pair(3, 11));  // 03:00
}

TEST_F(BostonModel, DemandPointsCoverTheCityPopulation) {
  const nlohmann::json rep = Report();
  const CityModel::Data& d = M().data();
  // 207 tracts in the 2020 table; the data README notes 16 blank rows in all years.
  EXPECT_GT(d.demand.size(), 170u);
  EXPECT_LE(d.demand.size(), 207u);
  double total = 0;
  int in_area = 0;
  for (const DemandPoint& p : d.demand) {
    total += p.weight;
    in_area += p.area >= 0 ? 1 : 0;
  }
  // Boston's 2020 census population is 675,647; the table's fractional estimates are close.
  EXPECT_GT(total, 600'000);
  EXPECT_LT(total, 720'000);
  EXPECT_GT(in_area, static_cast<int>(d.demand.size()) * 9 / 10);
  EXPECT_EQ(rep["demand"]["points"].get<std::size_t>(), d.demand.size());
}

TEST_F(BostonModel, AreasAnswerWhereWellKnownPlacesAre) {
  EXPECT_EQ(M().AreaName(M().FindHospitalByCode("MGH")->location), "West End");
  EXPECT_EQ(M().AreaName(M().FindHospitalByCode("BMC")->location), "South End");
  EXPECT_EQ(M().AreaName({42.3751, -71.0395}), "East Boston");
  EXPECT_EQ(M().AreaName({42.20, -70.50}), "");
}

TEST_F(BostonModel, PostsCoverMostOfThePopulationWithinTheTarget) {
  const nlohmann::json rep = Report();
  EXPECT_GT(rep["posts"]["covered_share"].get<double>(), 0.9);
  EXPECT_EQ(rep["posts"]["chosen"].size(), 16u);
}

TEST_F(BostonModel, PostsAreTheExactMexclpPlanCheckedAgainstGreedySwap) {
  const nlohmann::json posts = Report()["posts"];
  EXPECT_EQ(posts["method"], "mexclp_exact");
  EXPECT_EQ(posts["candidates"], 33);
  EXPECT_TRUE(posts["exact"]["proven_optimal"].get<bool>());
  EXPECT_EQ(posts["exact"]["sites"].size(), 16u);
  EXPECT_GE(posts["gap"].get<double>(), -1e-9);
  EXPECT_GE(posts["exact"]["expected_coverage_share"].get<double>(),
            posts["greedy_swap"]["expected_coverage_share"].get<double>());
  // The plain greedy choice over all 33 sites (what the model used before) picks the same set.
  auto cov = BuildCoverageModel(M());
  ASSERT_TRUE(cov.ok()) << cov.status();
  std::vector<std::vector<Milliseconds>> times;
  for (std::size_t j = 0; j < M().data().stations.size(); ++j) {
    std::vector<Milliseconds>& row = times.emplace_back();
    for (std::size_t i = 0; i < cov->PointCount(); ++i) {
      row.push_back(cov->Time(j, i).value_or(Milliseconds::max()));
    }
  }
  std::vector<double> weights(cov->Weights().begin(), cov->Weights().end());
  std::set<StationId> greedy;
  for (std::size_t s : ChoosePostsGreedy(times, weights, Seconds{480}, 0.3, 16)) {
    greedy.insert(M().data().stations[s].id);
  }
  EXPECT_EQ(greedy, std::set<StationId>(M().data().posts.begin(), M().data().posts.end()));
}

TEST_F(BostonModel, CoverageModelTableEqualsDijkstra) {
  CoverageBuildStats stats;
  auto cov = BuildCoverageModel(M(), &stats);
  ASSERT_TRUE(cov.ok()) << cov.status();
  EXPECT_EQ(cov->SiteCount(), 33u + 8u);
  EXPECT_EQ(cov->PointCount(), M().data().demand.size());
  EXPECT_EQ(stats.trees, 41u);
  EXPECT_EQ(PostSitesOf(M(), *cov).size(), 16u);
  int waiting_sites = 0;
  for (const dispatch::CoverageSite& s : cov->Sites()) {
    waiting_sites += s.kind == dispatch::SiteKind::kStation ? 1 : 0;
  }
  EXPECT_EQ(waiting_sites, 16);  // the posts; the other 17 candidate sites are kPost
  routing::DijkstraRouter dijkstra(M().graph());
  std::vector<routing::Place> demand;
  for (const DemandPoint& p : M().data().demand) {
    demand.push_back(*M().snapper().Locate(p.road, M().data().snap_max));
  }
  int reached = 0;
  for (std::size_t j : {std::size_t{0}, std::size_t{7}, std::size_t{20}, std::size_t{35}}) {
    const routing::Place from =
        *M().snapper().Locate(cov->Sites()[j].location, M().data().snap_max);
    const std::vector<Milliseconds> want = dijkstra.OneToMany(from, demand);
    for (std::size_t i = 0; i < demand.size(); ++i) {
      ASSERT_TRUE(cov->Time(j, i).has_value()) << cov->Sites()[j].name << " to " << i;
      EXPECT_EQ(*cov->Time(j, i), want[i]) << cov->Sites()[j].name << " to " << i;
      reached += *cov->Time(j, i) <= Seconds{480} ? 1 : 0;
    }
  }
  EXPECT_GT(reached, 0);
  // A unit on the road: the same trees from its snapped position.
  ChCoverageTravel travel(M(), *cov);
  std::vector<std::optional<Milliseconds>> got;
  const LatLon copley{42.3503, -71.0770};
  ASSERT_TRUE(travel.ToDemand(copley, got).ok());
  const std::vector<Milliseconds> want =
      dijkstra.OneToMany(*M().snapper().Locate(copley, M().data().snap_max), demand);
  for (std::size_t i = 0; i < demand.size(); ++i) EXPECT_EQ(got[i], want[i]) << i;
}

TEST_F(BostonModel, TravelTimesEqualDijkstraFromEveryPostToEveryHospital) {
  RoadTravelTimes travel(M());
  routing::DijkstraRouter dijkstra(M().graph());
  std::vector<LatLon> posts;
  for (StationId p : M().data().posts) posts.push_back(M().FindStation(p)->location);
  for (const cad::Hospital& h : M().data().hospitals) {
    std::vector<std::optional<Milliseconds>> etas;
    ASSERT_TRUE(travel.ToOne(posts, h.location, etas).ok());
    for (std::size_t i = 0; i < posts.size(); ++i) {
      ASSERT_TRUE(etas[i].has_value()) << h.code;
      EXPECT_EQ(*etas[i], dijkstra.OneToOne(*travel.Locate(posts[i]), *travel.Locate(h.location)));
      EXPECT_LT(*etas[i], Minutes{30}) << "within the city";
    }
  }
}

TEST_F(BostonModel, GeocoderFindsWellKnownCornersAndHospitals) {
  const Geocoder g = Geocoder::Build(M().graph(), LandmarksOf(M()));
  EXPECT_GT(g.num_streets(), 1000u);
  // Tremont Street & Boylston Street: the corner of Boston Common (42.3521, -71.0645).
  auto m = g.Search("tremont st & boylston st", 5);
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].kind, GeocodeKind::kIntersection);
  EXPECT_LT(std::abs(m[0].location.lat - 42.3521), 0.002) << m[0].label;
  EXPECT_LT(std::abs(m[0].location.lon + 71.0645), 0.002) << m[0].label;
  m = g.Search("mgh", 5);
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].kind, GeocodeKind::kLandmark);
  EXPECT_NE(m[0].label.find("Massachusetts General"), std::string::npos) << m[0].label;
  m = g.Search("mass ave", 10);
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].kind, GeocodeKind::kStreet);
  EXPECT_NE(m[0].label.find("Massachusetts Avenue"), std::string::npos) << m[0].label;
}

TEST_F(BostonModel, GeocoderPlacesHouseNumbersAlongTheStreetFileRanges) {
  const Geocoder g = Geocoder::Build(M().graph(), LandmarksOf(M()), M().data().addresses,
                                     [](const LatLon& p) { return M().AreaName(p); });
  // The street file has numbers on 13,723 named segments, 25,714 sides in all.
  EXPECT_EQ(M().data().addresses.size(), 13723u);
  EXPECT_EQ(g.num_address_ranges(), 25714u);
  // 55 Fruit Street: Massachusetts General Hospital's main entrance (42.3632, -71.0686).
  auto m = g.Search("55 fruit st", 5);
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].kind, GeocodeKind::kAddress);
  EXPECT_LT(geo::HaversineDistance(m[0].location, {42.3632, -71.0686}).value(), 250)
      << m[0].label << " " << FormatLatLon(m[0].location);
  EXPECT_EQ(m[0].detail, "odd side, 1-65");
  // 100 Cambridge Street is in three neighbourhoods: one match each, the area in the label.
  m = g.Search("100 Cambridge Street", 10);
  ASSERT_EQ(m.size(), 3u);
  std::set<std::string> labels;
  bool downtown = false;
  for (const GeocodeMatch& x : m) {
    labels.insert(x.label);
    EXPECT_EQ(x.kind, GeocodeKind::kAddress);
    // The office building at 100 Cambridge Street, Government Center (42.3607, -71.0617).
    downtown |= geo::HaversineDistance(x.location, {42.3607, -71.0617}).value() < 150;
  }
  EXPECT_EQ(labels.size(), 3u);
  EXPECT_TRUE(downtown);
  // A number the street does not have is not guessed.
  m = g.Search("9999 fruit street", 5);
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].kind, GeocodeKind::kStreet);
  EXPECT_NE(m[0].detail.find("no number 9999"), std::string::npos) << m[0].detail;
}

TEST_F(BostonModel, SavesAndLoadsUnchanged) {
  testing::TempDir dir;
  const auto path = dir.path() / "boston.model";
  ASSERT_TRUE(SaveCityModel(M(), path).ok());
  auto loaded = LoadCityModel(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->data().units, M().data().units);
  EXPECT_EQ(loaded->data().demand, M().data().demand);
  EXPECT_EQ(loaded->data().hospitals, M().data().hospitals);
  EXPECT_EQ(loaded->data().addresses, M().data().addresses);
  EXPECT_EQ(loaded->graph().num_arcs(), M().graph().num_arcs());
}

}  // namespace
}  // namespace beacon::model
