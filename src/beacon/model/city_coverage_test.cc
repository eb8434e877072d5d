#include "beacon/model/city_coverage.h"

#include <gtest/gtest.h>

#include <thread>

#include "beacon/model/test_model.h"
#include "beacon/routing/dijkstra_router.h"

namespace beacon::model {
namespace {

using testing::GridPoint;

// The small grid city with a demand point at every node and one mid-street.
CityModel GridWithDemand() {
  const CityModel base = testing::SmallCity();
  CityModel::Data d = base.data();
  d.demand.clear();
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) {
      DemandPoint p;
      p.id = fmt::format("n{}{}", r, c);
      p.centroid = p.road = GridPoint(r, c);
      p.weight = 100.0 * (r * 3 + c + 1);
      p.area = c <= 1 ? 0 : -1;
      d.demand.push_back(p);
    }
  }
  DemandPoint mid;
  mid.id = "mid";
  mid.centroid = mid.road = {GridPoint(1, 1).lat, (GridPoint(1, 1).lon + GridPoint(1, 2).lon) / 2};
  mid.weight = 50;
  d.demand.push_back(mid);
  return *CityModel::Create(std::move(d), base.shared_graph(), base.shared_ch());
}

std::optional<Milliseconds> Known(Milliseconds t) {
  if (t == routing::kUnreachable) return std::nullopt;
  return t;
}

TEST(CityCoverage, SitesAreStationsThenHospitals) {
  const CityModel m = GridWithDemand();
  auto cov = BuildCoverageModel(m);
  ASSERT_TRUE(cov.ok()) << cov.status();
  ASSERT_EQ(cov->SiteCount(), 4u);
  EXPECT_EQ(cov->Sites()[0].name, "Station 1");
  EXPECT_EQ(cov->Sites()[0].kind, dispatch::SiteKind::kStation);  // a post of the model
  EXPECT_EQ(cov->Sites()[0].station, StationId{1});
  EXPECT_EQ(cov->Sites()[2].kind, dispatch::SiteKind::kHospital);
  EXPECT_EQ(cov->Sites()[2].hospital, HospitalId{1});
  EXPECT_EQ(cov->PointCount(), 10u);
  EXPECT_EQ(cov->Demand()[0].area, "West");
  EXPECT_EQ(cov->Demand()[2].area, "");
  EXPECT_EQ(cov->Config().target[0], Seconds{480});
  EXPECT_DOUBLE_EQ(cov->Config().busy_fraction, m.data().coverage.busy_fraction);
  // data().posts lists station 2 first.
  EXPECT_EQ(PostSitesOf(m, *cov), (std::vector<std::size_t>{1, 0}));
}

TEST(CityCoverage, StationNotAPostIsAPostSite) {
  const CityModel base = GridWithDemand();
  CityModel::Data d = base.data();
  d.posts = {StationId{1}};
  d.units[1].unit.home_station = StationId{1};
  const CityModel m = *CityModel::Create(std::move(d), base.shared_graph(), base.shared_ch());
  auto cov = BuildCoverageModel(m);
  ASSERT_TRUE(cov.ok()) << cov.status();
  EXPECT_EQ(cov->Sites()[1].kind, dispatch::SiteKind::kPost);
  EXPECT_EQ(cov->PostSites(), (std::vector<std::size_t>{0, 1}));
}

TEST(CityCoverage, TableEqualsDijkstra) {
  const CityModel m = GridWithDemand();
  CoverageBuildStats stats;
  auto cov = BuildCoverageModel(m, &stats);
  ASSERT_TRUE(cov.ok()) << cov.status();
  EXPECT_EQ(stats.trees, 4u);
  routing::DijkstraRouter dijkstra(m.graph());
  std::vector<routing::Place> demand;
  for (const dispatch::DemandPoint& p : cov->Demand()) {
    demand.push_back(*m.snapper().Locate(p.location, m.data().snap_max));
  }
  for (std::size_t j = 0; j < cov->SiteCount(); ++j) {
    const routing::Place from = *m.snapper().Locate(cov->Sites()[j].location, m.data().snap_max);
    const std::vector<Milliseconds> want = dijkstra.OneToMany(from, demand);
    for (std::size_t i = 0; i < demand.size(); ++i) {
      EXPECT_EQ(cov->Time(j, i), Known(want[i])) << cov->Sites()[j].name << " to " << i;
    }
  }
  // Station 1 at (0,0): node (2,2) is 4 streets of 10 s away.
  EXPECT_EQ(cov->Time(0, 8), Milliseconds{40'000});
}

TEST(CityCoverage, TravelFromTheRoadEqualsDijkstra) {
  const CityModel m = GridWithDemand();
  auto cov = BuildCoverageModel(m);
  ASSERT_TRUE(cov.ok()) << cov.status();
  ChCoverageTravel travel(m, *cov);
  routing::DijkstraRouter dijkstra(m.graph());
  std::vector<routing::Place> demand;
  for (const dispatch::DemandPoint& p : cov->Demand()) {
    demand.push_back(*m.snapper().Locate(p.location, m.data().snap_max));
  }
  const std::vector<LatLon> from = {
      GridPoint(0, 0),
      {GridPoint(0, 0).lat, GridPoint(0, 1).lon * 0.3 + GridPoint(0, 0).lon * 0.7},
      {(GridPoint(1, 2).lat + GridPoint(2, 2).lat) / 2, GridPoint(1, 2).lon},
      // On the same street as the mid-street demand point, before it.
      {GridPoint(1, 1).lat, GridPoint(1, 1).lon * 0.8 + GridPoint(1, 2).lon * 0.2}};
  for (const LatLon& p : from) {
    std::vector<std::optional<Milliseconds>> got;
    ASSERT_TRUE(travel.ToDemand(p, got).ok());
    const std::vector<Milliseconds> want =
        dijkstra.OneToMany(*m.snapper().Locate(p, m.data().snap_max), demand);
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got[i], Known(want[i])) << i;
  }
  // A reach finder over it agrees with the table at a site's own position.
  dispatch::ReachFinder finder(*cov, travel);
  auto at_station = finder.Find(dispatch::CoveragePosition::OnRoad(GridPoint(0, 0)), 1);
  ASSERT_TRUE(at_station.ok());
  EXPECT_EQ(std::vector<std::uint32_t>(at_station->Points().begin(), at_station->Points().end()),
            std::vector<std::uint32_t>(cov->SiteReach(0, 1).Points().begin(),
                                       cov->SiteReach(0, 1).Points().end()));
}

TEST(CityCoverage, TravelFarFromTheRoadIsAnError) {
  const CityModel m = GridWithDemand();
  auto cov = BuildCoverageModel(m);
  ASSERT_TRUE(cov.ok());
  ChCoverageTravel travel(m, *cov);
  std::vector<std::optional<Milliseconds>> out;
  EXPECT_FALSE(travel.ToDemand({42.50, -71.06}, out).ok());
}

TEST(CityCoverage, TravelIsSafeFromManyThreads) {
  const CityModel m = GridWithDemand();
  auto cov = BuildCoverageModel(m);
  ASSERT_TRUE(cov.ok());
  ChCoverageTravel travel(m, *cov);
  std::vector<std::optional<Milliseconds>> want;
  ASSERT_TRUE(travel.ToDemand(GridPoint(1, 1), want).ok());
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (std::size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 50; ++k) {
        std::vector<std::optional<Milliseconds>> got;
        if (!travel.ToDemand(GridPoint(1, 1), got).ok() || got != want) ++mismatches[t];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

TEST(CityCoverage, DemandOffTheRoadIsAnErrorNamingIt) {
  const CityModel base = GridWithDemand();
  CityModel::Data d = base.data();
  d.demand[3].road = {42.50, -71.06};
  const CityModel m = *CityModel::Create(std::move(d), base.shared_graph(), base.shared_ch());
  auto cov = BuildCoverageModel(m);
  ASSERT_FALSE(cov.ok());
  EXPECT_NE(cov.status().message().find("demand point n10"), std::string_view::npos)
      << cov.status();
}

}  // namespace
}  // namespace beacon::model
