#include "beacon/model/test_model.h"

#include <gtest/gtest.h>

#include <cmath>

#include "beacon/geo/distance.h"
#include "beacon/routing/graph_builder.h"

namespace beacon::model::testing {

LatLon GridPoint(int row, int col) {
  return {kGridLat0 + row * kGridDLat, kGridLon0 + col * kGridDLon};
}

CityModel SmallCity() {
  routing::GraphBuilder b(routing::WeightUnit::kMilliseconds);
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) b.AddNode(GridPoint(r, c));
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
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) {
      if (c < 2) street(r * 3 + c, r * 3 + c + 1);
      if (r < 2) street(r * 3 + c, (r + 1) * 3 + c);
    }
  }
  auto graph = std::make_shared<const routing::Graph>(*std::move(b).Build());
  auto ch = std::make_shared<const routing::ChIndex>(*routing::ChIndex::Build(*graph));

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
