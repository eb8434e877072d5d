// Marathon scale: 120 patients at two scenes near Copley Square (42.3500,-71.0780 and
// 42.3496,-71.0810), Boston's hospitals from ../shared/data/boston/hospitals.geojson, 40
// ambulances around the city. Travel times are a test fixture (straight line x 1.3 at 30 km/h
// plus a minute), not roads: the planner sees only the tables. Label `data`.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>

#include "beacon/dispatch/mci_distribution.h"

namespace beacon::dispatch {
namespace {

std::string DataDir() {
  const char* env = std::getenv("BEACON_DATA_DIR");
  return env != nullptr ? env : std::string(BEACON_SOURCE_DIR) + "/../shared/data";
}

Milliseconds Drive(const LatLon& a, const LatLon& b) {
  constexpr double kPi = 3.14159265358979323846, kEarth = 6'371'000.0;
  const double la1 = a.lat * kPi / 180, la2 = b.lat * kPi / 180;
  const double dla = la2 - la1, dlo = (b.lon - a.lon) * kPi / 180;
  const double h = std::sin(dla / 2) * std::sin(dla / 2) +
                   std::cos(la1) * std::cos(la2) * std::sin(dlo / 2) * std::sin(dlo / 2);
  const double meters = 2 * kEarth * std::asin(std::sqrt(h));
  return Milliseconds{std::llround((60.0 + meters * 1.3 / (30.0 / 3.6)) * 1000.0)};
}

struct Declared {
  const char* name;  // as in hospitals.geojson
  int adult_level, peds_level;
  bool pediatric, burn;
  std::array<int, kTransportCategories> capacity;
};

// Capabilities from ../shared/docs/domain.md (level I adult: BIDMC, Brigham, Tufts; adult and
// pediatric: BMC, MGH; pediatric: Children's); burn units at MGH and Brigham. Surge capacity is
// a fixture.
constexpr Declared kHospitals[] = {
    {"Mass General Hospital", 1, 1, true, true, {6, 8, 10, 1}},
    {"Boston Medical Center - Menino Campus", 1, 1, true, false, {6, 8, 10, 1}},
    {"Brigham and Women's Hospital", 1, 0, false, true, {6, 8, 10, 1}},
    {"Beth Isreal Deaconess medical Center - East Campus", 1, 0, false, false, {6, 8, 10, 1}},
    {"Tufts Medical Center", 1, 0, false, false, {6, 8, 10, 1}},
    {"Children's Hospital Boston", 0, 1, true, false, {4, 4, 6, 0}},
    {"St. Elizabeth's Hospital", 0, 0, false, false, {1, 5, 10, 0}},
    {"Faulkner Hospital", 0, 0, false, false, {1, 5, 10, 0}},
};

class MarathonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream f(DataDir() + "/boston/hospitals.geojson");
    if (!f) GTEST_SKIP() << "no hospitals.geojson under " << DataDir();
    const nlohmann::json geo = nlohmann::json::parse(f);
    std::vector<LatLon> at;
    for (const Declared& d : kHospitals) {
      bool found = false;
      for (const auto& feature : geo["features"]) {
        if (feature["properties"]["Name"] != d.name) continue;
        const auto& c = feature["geometry"]["coordinates"];
        MciHospital h;
        h.id = HospitalId{feature["properties"]["OBJECTID"].get<std::uint32_t>()};
        h.name = d.name;
        h.capabilities.trauma_adult_level = d.adult_level;
        h.capabilities.trauma_peds_level = d.peds_level;
        h.capabilities.pediatric = d.pediatric;
        h.capabilities.burn = d.burn;
        h.capacity = d.capacity;
        h.handover = Minutes{10};
        in_.hospitals.push_back(h);
        at.push_back({c[1].get<double>(), c[0].get<double>()});
        found = true;
      }
      ASSERT_TRUE(found) << d.name;
    }
    in_.scenes.resize(2);
    in_.scenes[0].name = "Boylston St, finish line";
    in_.scenes[0].location = {42.3500, -71.0780};
    in_.scenes[1].name = "Boylston St, Forum";
    in_.scenes[1].location = {42.3496, -71.0810};
    for (const MciScene& s : in_.scenes) {
      in_.travel.scene_to_hospital.emplace_back();
      for (const LatLon& h : at)
        in_.travel.scene_to_hospital.back().push_back(Drive(s.location, h));
    }
    for (const LatLon& h : at) {
      in_.travel.hospital_to_scene.emplace_back();
      for (const MciScene& s : in_.scenes) {
        in_.travel.hospital_to_scene.back().push_back(Drive(h, s.location));
      }
    }
    std::mt19937 rng(20130415);
    std::uniform_real_distribution<double> lat(42.28, 42.38), lon(-71.15, -71.03);
    std::uniform_int_distribution<int> free_min(0, 10);
    for (std::uint32_t a = 0; a < 40; ++a) {
      const LatLon where{lat(rng), lon(rng)};
      in_.ambulances.push_back({.id = UnitId{a + 1},
                                .name = "A" + std::to_string(a + 1),
                                .free_at = Minutes{free_min(rng)},
                                .capacity = 1});
      in_.travel.ambulance_to_scene.push_back(
          {Drive(where, in_.scenes[0].location), Drive(where, in_.scenes[1].location)});
    }
    // 30 red (all trauma: 4 children, 3 burns), 40 yellow (20 trauma, 4 children), 50 green
    // (5 children); 65 at the finish line, 55 at the second site.
    for (int i = 0; i < 120; ++i) {
      MciPatient p;
      p.id = "BM-" + std::to_string(i + 1);
      p.scene = (i * 7) % 120 < 65 ? 0 : 1;
      if (i < 30) {
        p.category = TransportCategory::kRed;
        p.trauma = true;
        p.pediatric = i < 4;
        p.burn = i >= 4 && i < 7;
      } else if (i < 70) {
        p.category = TransportCategory::kYellow;
        p.trauma = i < 50;
        p.pediatric = i >= 66;
      } else {
        p.category = TransportCategory::kGreen;
        p.pediatric = i >= 115;
      }
      in_.patients.push_back(p);
    }
  }
  MciInput in_;
};

TEST_F(MarathonTest, PlanBeatsOrEqualsClosestHospitalAndNeverOverflows) {
  Result<MciPlan> plan = PlanMciDistribution(in_);
  Result<MciPlan> closest = PlanClosestHospital(in_);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_TRUE(closest.ok()) << closest.status();
  const MciFigures& p = plan->figures;
  const MciFigures& c = closest->figures;
  EXPECT_EQ(p.overflow, 0);
  EXPECT_EQ(p.unplaced, 0);
  EXPECT_EQ(p.needs_unmet, 0);
  EXPECT_EQ(p.arrived[0], 30);
  EXPECT_EQ(p.arrived[1] + p.arrived[2], 90);
  ASSERT_TRUE(p.last_red_arrival && c.last_red_arrival);
  EXPECT_LE(*p.last_red_arrival, *c.last_red_arrival);
  EXPECT_GT(c.overflow, 0);  // every red to the closest trauma centre
  for (std::size_t j = 0; j < in_.hospitals.size(); ++j) {
    for (std::size_t k = 0; k < 3; ++k) EXPECT_LE(p.load[j][k], in_.hospitals[j].capacity[k]);
  }
  // Figures for docs/design/mci-distribution.md.
  std::cout << "plan: last red " << ToSecondsF(*p.last_red_arrival) / 60 << " min, mean red "
            << ToSecondsF(p.sum_arrival[0]) / 60 / p.arrived[0] << " min, overflow " << p.overflow
            << "; closest: last red " << ToSecondsF(*c.last_red_arrival) / 60 << " min, mean red "
            << ToSecondsF(c.sum_arrival[0]) / 60 / c.arrived[0] << " min, overflow " << c.overflow
            << "\n";
  for (std::size_t j = 0; j < in_.hospitals.size(); ++j) {
    std::cout << "  " << in_.hospitals[j].name << ": plan " << p.load[j][0] << "/" << p.load[j][1]
              << "/" << p.load[j][2] << ", closest " << c.load[j][0] << "/" << c.load[j][1] << "/"
              << c.load[j][2] << "\n";
  }
}

}  // namespace
}  // namespace beacon::dispatch
