#include "beacon/model/test_model.h"

#include <gtest/gtest.h>

#include <cmath>

#include "beacon/geo/distance.h"
#include "beacon/routing/graph_builder.h"

namespace beacon::model::testing {

LatLon GridPoint(int row, int col) {
  return {kGridLat0 + row * kGridDLat, kGridLon0 + col * kGridDLon};
}

namespace {

// An n x n grid of two-way streets taking 10 s each, and its hierarchy.
std::pair<std::shared_ptr<const routing::Graph>, std::shared_ptr<const routing::ChIndex>> Grid(
    int n) {
  routing::GraphBuilder b(routing::WeightUnit::kMilliseconds);
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) b.AddNode(GridPoint(r, c));
  }
  auto street = [&](int from, int to) {
    routing::ArcInput in;
    in.tail = NodeId{static_cast<std::uint32_t>(from)};
    in.head = NodeId{static_cast<std::uint32_t>(to)};
    in.weight = 10'000;
    in.length_cm = static_cast<std::uint32_t>(std::lround(
        geo::HaversineDistance(b.Position(in.tail), b.Position(in.head)).value() * 100));
    const ArcId a = b.AddArc(in);
    std::swap(in.tail, in.head);
    b.SetTwins(a, b.AddArc(in));
  };
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) {
      if (c < n - 1) street(r * n + c, r * n + c + 1);
      if (r < n - 1) street(r * n + c, (r + 1) * n + c);
    }
  }
  auto graph = std::make_shared<const routing::Graph>(*std::move(b).Build());
  auto ch = std::make_shared<const routing::ChIndex>(*routing::ChIndex::Build(*graph));
  return {graph, ch};
}

}  // namespace

CityModel SmallCity() {
  auto [graph, ch] = Grid(3);

  CityModel::Data d;
  d.name = "Gridville";
  d.stations = {{StationId{1}, "Station 1", GridPoint(0, 0)},
                {StationId{2}, "Station 2", GridPoint(2, 2)}};
  d.posts = {StationId{2}, StationId{1}};
  cad::Hospital h;
  h.id = HospitalId{1};
  h.code = "GEN";
  h.name = "General";
  h.location = GridPoint(1, 2);
  h.capabilities.trauma_adult_level = 1;
  d.hospitals.push_back(h);
  h.id = HospitalId{2};
  h.code = "KIDS";
  h.name = "Children's";
  h.location = GridPoint(2, 0);
  h.capabilities = {};
  h.capabilities.pediatric = true;
  h.capabilities.adults = false;
  d.hospitals.push_back(h);
  d.hospital_sources = {"test", "test"};
  d.shifts = {{"24h", Hours{7}, Hours{24}}, {"night", Hours{19}, Hours{12}}};
  ModelUnit m1;
  m1.unit.id = UnitId{1};
  m1.unit.name = "M1";
  m1.unit.type = cad::UnitType::kAls;
  m1.unit.home_station = StationId{1};
  m1.shift = "24h";
  ModelUnit a1;
  a1.unit.id = UnitId{2};
  a1.unit.name = "A1";
  a1.unit.type = cad::UnitType::kBls;
  a1.unit.home_station = StationId{2};
  a1.unit.capabilities = {"bariatric"};
  a1.shift = "night";
  d.units = {m1, a1};
  geo::Ring west = {GridPoint(-1, -1), GridPoint(-1, 1), GridPoint(3, 1), GridPoint(3, -1)};
  d.areas.push_back({"West", geo::MultiPolygon({geo::Polygon{{west}}})});
  DemandPoint p;
  p.id = "t1";
  p.centroid = GridPoint(1, 0);
  p.road = GridPoint(1, 0);
  p.weight = 1200;
  p.area = 0;
  d.demand.push_back(p);
  d.protocol = {{"sick.yaml",
                 "id: sick_person\nname: Sick person\nnemsis_reason: \"2301061\"\nsource: test\n"
                 "questions:\n  - id: conscious\n    text: Is the patient awake?\n"
                 "    type: yes_no\n"
                 "determinants:\n  - code: SICK-1\n    description: not awake\n    priority: 1\n"
                 "    level: ALS\n    units: 1\n    lights_and_sirens: true\n"
                 "    nemsis_priority: \"2305001\"\n    when: conscious == no\n"
                 "  - code: SICK-3\n    description: awake\n    priority: 3\n    level: BLS\n"
                 "    units: 1\n    lights_and_sirens: false\n    nemsis_priority: \"2305005\"\n"}};
  dispatch::ResponseRule rule;
  rule.name = "night P3";
  rule.priorities = {3};
  rule.from_minute = 23 * 60;
  rule.to_minute = 7 * 60;
  rule.lights_and_sirens = false;
  rule.send = {{cad::CareLevel::kBls, 1}};
  d.response_plans.rules.push_back(rule);
  d.build_report = R"({"note":"test"})";
  auto m = CityModel::Create(std::move(d), std::move(graph), std::move(ch));
  EXPECT_TRUE(m.ok()) << m.status();
  return std::move(m).value();
}

}  // namespace beacon::model::testing

namespace beacon::model::testing {

CityModel CoverageCity() {
  const CityModel small = SmallCity();
  CityModel::Data d = small.data();
  auto [graph, ch] = Grid(5);
  d.name = "Gridville-5";
  d.stations = {
      {StationId{1}, "North West", GridPoint(0, 0)}, {StationId{2}, "North East", GridPoint(0, 4)},
      {StationId{3}, "Centre", GridPoint(2, 2)},     {StationId{4}, "South West", GridPoint(4, 0)},
      {StationId{5}, "South East", GridPoint(4, 4)}, {StationId{6}, "East", GridPoint(2, 4)}};
  d.posts = {StationId{3}, StationId{1}, StationId{2}, StationId{4}, StationId{5}, StationId{6}};
  d.units[0].unit.home_station = StationId{3};
  d.units[1].unit.home_station = StationId{1};
  const geo::Ring west = {GridPoint(-1, -1), GridPoint(-1, 1), GridPoint(5, 1), GridPoint(5, -1)};
  const geo::Ring east = {GridPoint(-1, 3), GridPoint(-1, 5), GridPoint(5, 5), GridPoint(5, 3)};
  d.areas = {{"West", geo::MultiPolygon({geo::Polygon{{west}}})},
             {"East", geo::MultiPolygon({geo::Polygon{{east}}})}};
  d.demand.clear();
  for (int r = 0; r < 5; ++r) {
    for (int c = 0; c < 5; ++c) {
      DemandPoint p;
      p.id = "n" + std::to_string(r) + std::to_string(c);
      p.centroid = p.road = GridPoint(r, c);
      p.weight = 100.0 + 10.0 * ((r * 7 + c * 3) % 5);
      p.area = c <= 1 ? 0 : (c >= 3 ? 1 : -1);
      d.demand.push_back(p);
    }
  }
  d.coverage.target = {Seconds{20}, Seconds{30}, Seconds{40}};
  d.coverage.busy_fraction = 0.3;
  auto m = CityModel::Create(std::move(d), std::move(graph), std::move(ch));
  EXPECT_TRUE(m.ok()) << m.status();
  return std::move(m).value();
}

}  // namespace beacon::model::testing
