#include "beacon/routing/geojson_import.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "beacon/geo/distance.h"
#include "beacon/routing/dijkstra_router.h"
#include "beacon/routing/snapper.h"
#include "beacon/routing/test_graphs.h"

namespace beacon::routing {
namespace {

using testing::TempDir;
using testing::WriteFile;

// 36 km/h = 10 m/s everywhere, so a street's time is its length in m times 100 ms; posted
// speeds below 18 km/h (5 m/s) are raised.
constexpr const char* kProfile = R"(
name: test
speed_unit: kmh
class_speeds: {residential: 36, unknown: 36, primary: 72}
lights_and_sirens_factor: 1.0
min_speed: 18
census_classes:
  drop: [A71]
  classes: {A4: residential}
)";

Profile TestProfile() {
  auto p = ParseProfile(kProfile, "test.yaml");
  EXPECT_TRUE(p.ok()) << p.status();
  return *p;
}

struct Pt {
  double lat, lon;
};

std::string F(
    int id, std::vector<Pt> pts,
    const std::string& props = R"("highway": "residential", "name": "S", "oneway": "no")") {
  std::string c;
  for (const Pt& p : pts) c += fmt::format("{}[{}, {}]", c.empty() ? "" : ", ", p.lon, p.lat);
  return fmt::format(
      R"({{"type": "Feature", "properties": {{"segment": {}{}{}}}, "geometry": {{"type": "LineString", "coordinates": [{}]}}}})",
      id, props.empty() ? "" : ", ", props, c);
}

std::string Collection(const std::vector<std::string>& features) {
  std::string s = R"({"type": "FeatureCollection", "features": [)";
  for (std::size_t i = 0; i < features.size(); ++i) s += (i ? ", " : "") + features[i];
  return s + "]}";
}

// Travel time at 10 m/s along a polyline, as the importer must compute it.
std::int64_t Ms(std::vector<Pt> pts, double mps = 10.0) {
  double m = 0;
  for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
    m += geo::HaversineDistance({pts[i].lat, pts[i].lon}, {pts[i + 1].lat, pts[i + 1].lon}).value();
  }
  return std::llround(m / mps * 1000);
}

struct Imported {
  Result<Graph> graph = InternalError("unset");
  ImportReport report;
};

Imported Import(const TempDir& dir, const std::string& geojson,
                const std::string* overrides_csv = nullptr) {
  WriteFile(dir.path() / "s.geojson", geojson);
  Imported out;
  std::optional<Overrides> o;
  if (overrides_csv != nullptr) {
    auto parsed = ParseOverrides(*overrides_csv, "o.csv");
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    o = *parsed;
  }
  out.graph =
      ImportGeoJson(dir.path() / "s.geojson", TestProfile(), o ? &*o : nullptr, &out.report);
  return out;
}

Milliseconds Between(const Graph& g, Pt a, Pt b) {
  auto snapper = Snapper::Create(g);
  EXPECT_TRUE(snapper.ok());
  auto pa = snapper->Locate({a.lat, a.lon}, Meters(1));
  auto pb = snapper->Locate({b.lat, b.lon}, Meters(1));
  EXPECT_TRUE(pa.ok() && pb.ok()) << pa.status() << pb.status();
  DijkstraRouter r(g);
  return r.OneToOne(*pa, *pb);
}

TEST(GeoJsonImport, SplitsAtATJunctionTheDataDidNotSplit) {
  const Pt w{42.360, -71.062}, mid{42.360, -71.061}, e{42.360, -71.060}, n{42.361, -71.061};
  TempDir dir;
  const auto r = Import(dir, Collection({F(1, {w, mid, e}), F(2, {n, mid})}));
  ASSERT_TRUE(r.graph.ok()) << r.graph.status();
  EXPECT_EQ(r.report.Get("t_junction_splits"), 1u);
  EXPECT_EQ(r.graph->num_nodes(), 4u);
  EXPECT_EQ(r.graph->num_arcs(), 6u);
  EXPECT_EQ(Between(*r.graph, n, e).count(), Ms({n, mid}) + Ms({mid, e}));
}

// A street (segments 1, 2) crossing under a bridge (3, 4) at P; the four corners are linked by
// segments 5-8 so everything is one component.
std::vector<std::string> Crossing(const std::string& bridge_props_in,
                                  const std::string& bridge_props_out) {
  const Pt a{42.360, -71.061}, p{42.360, -71.060}, b{42.360, -71.059}, c{42.361, -71.060},
      d{42.359, -71.060};
  const std::string street =
      R"("highway": "residential", "name": "Street", "oneway": "no", "zlev": [0, 0])";
  return {F(1, {a, p}, street),
          F(2, {p, b}, street),
          F(3, {c, p}, bridge_props_in),
          F(4, {p, d}, bridge_props_out),
          F(5, {a, c}),
          F(6, {c, b}),
          F(7, {b, d}),
          F(8, {d, a})};
}

TEST(GeoJsonImport, GradeLevelsKeepABridgeOffTheStreetBelow) {
  TempDir dir;
  const auto r = Import(
      dir, Collection(Crossing(
               R"("highway": "primary", "name": "Bridge", "oneway": "no", "zlev": [0, 1])",
               R"("highway": "primary", "name": "Bridge", "oneway": "no", "zlev": [1, 0])")));
  ASSERT_TRUE(r.graph.ok()) << r.graph.status();
  EXPECT_EQ(r.report.Get("grade_separated_points"), 1u);
  EXPECT_EQ(r.graph->num_nodes(), 6u);  // a, b, c, d and P twice (street level, bridge level)
  // From the street's west end to the bridge's north end: not through P, but a -> c directly.
  const Pt a{42.360, -71.061}, c{42.361, -71.060}, p{42.360, -71.060};
  EXPECT_EQ(Between(*r.graph, a, c).count(), Ms({a, c}));
  // From the bridge's north end, the street is reached round the corner a, not down at P.
  // (Mid-street times are rounded shares of the arc: within 1 ms of the exact part.)
  const Pt street_mid{42.360, -71.0605};
  EXPECT_LE(
      std::llabs(Between(*r.graph, c, street_mid).count() - (Ms({c, a}) + Ms({a, street_mid}))), 1);
  (void)p;
}

TEST(GeoJsonImport, CutOverrideSeparatesAnUnattributedExpresswayFromTheStreetItCrosses) {
  const std::string unattributed;  // no class, name or one-way: the data's known gap
  TempDir dir;
  const std::string csv =
      "segment,lat,lon,action,value,reason\n"
      ",42.36,-71.06,cut,3;4,expressway passes under Street\n";
  const auto joined = Import(dir, Collection(Crossing(unattributed, unattributed)));
  const auto cut = Import(dir, Collection(Crossing(unattributed, unattributed)), &csv);
  ASSERT_TRUE(joined.graph.ok() && cut.graph.ok()) << joined.graph.status() << cut.graph.status();
  EXPECT_EQ(joined.report.Get("unattributed_default_applied"), 2u);
  EXPECT_EQ(joined.graph->num_nodes(), 5u);  // the data joins all four at P
  EXPECT_EQ(cut.graph->num_nodes(), 6u);
  EXPECT_EQ(cut.report.Get("override_cut_points"), 1u);
  const Pt c{42.361, -71.060}, p{42.360, -71.060}, b{42.360, -71.059};
  const Pt street_east{42.360, -71.0595};
  EXPECT_LE(std::llabs(Between(*joined.graph, c, street_east).count() -
                       (Ms({c, p}) + Ms({p, street_east}))),
            1);
  EXPECT_LE(
      std::llabs(Between(*cut.graph, c, street_east).count() - (Ms({c, b}) + Ms({b, street_east}))),
      1);
  EXPECT_GT(Between(*cut.graph, c, street_east).count(),
            Between(*joined.graph, c, street_east).count() + 1000);
}

TEST(GeoJsonImport, OneWaysClassesSpeedsAndDrops) {
  const Pt a{42.360, -71.060}, b{42.361, -71.060}, c{42.361, -71.059}, far1{42.40, -71.0},
      far2{42.401, -71.0};
  TempDir dir;
  const auto r = Import(
      dir, Collection({
               F(1, {a, b}, R"("highway": "residential", "name": "Up", "oneway": "forward")"),
               F(2, {c, b}, R"("highway": "residential", "name": "Across", "oneway": "backward")"),
               F(3, {c, a}, R"("cfcc": "A41", "oneway": "forward", "speed_mph": 3)"),
               F(4, {a, c}, R"("cfcc": "A71", "name": "Footbridge", "oneway": "no")"),
               F(5, {a, c}, R"("highway": "footway", "name": "Path")"),
               F(6, {far1, far2}),
           }));
  ASSERT_TRUE(r.graph.ok()) << r.graph.status();
  const Graph& g = *r.graph;
  EXPECT_EQ(r.report.Get("dropped_not_drivable_census_class"), 1u);
  EXPECT_EQ(r.report.Get("dropped_not_drivable_class"), 1u);
  EXPECT_EQ(r.report.Get("min_speed_raised_segments"), 1u);
  EXPECT_EQ(r.report.components.nodes_before, 5u);
  EXPECT_EQ(r.report.components.kept_nodes, 3u);  // the far segment is its own component
  EXPECT_EQ(g.num_arcs(), 3u);                    // a one-way triangle a -> b -> c -> a
  DijkstraRouter router(g);
  auto snapper = Snapper::Create(g);
  ASSERT_TRUE(snapper.ok());
  auto at = [&](Pt p) { return *snapper->Locate({p.lat, p.lon}, Meters(1)); };
  EXPECT_EQ(router.OneToOne(at(a), at(b)).count(), Ms({a, b}));
  // b -> c along "Across" (digitised c -> b, one-way backward), then c -> a at the 5 m/s floor.
  EXPECT_EQ(router.OneToOne(at(b), at(a)).count(), Ms({b, c}) + Ms({c, a}, 5.0));
}

TEST(GeoJsonImport, BadInputIsAClearError) {
  const Pt a{42.360, -71.060}, b{42.361, -71.060};
  struct Case {
    std::string name;
    std::string text;
    std::string want;
  } cases[] = {
      {"not_json", "{\"type\": ", "s.geojson: not valid JSON"},
      {"not_collection", R"({"type": "Feature"})", "expected a GeoJSON FeatureCollection"},
      {"point",
       Collection(
           {R"({"type": "Feature", "properties": {"segment": 1}, "geometry": {"type": "Point", "coordinates": [-71, 42]}})"}),
       "feature 0 (id 1): geometry type 'Point' is not LineString"},
      {"no_geometry",
       Collection({R"({"type": "Feature", "properties": {"segment": 1}, "geometry": null})"}),
       "feature 0 (id 1): has no geometry"},
      {"missing_id",
       Collection(
           {F(1, {a, b}),
            R"({"type": "Feature", "properties": {"name": "x"}, "geometry": {"type": "LineString", "coordinates": [[-71, 42], [-71, 42.1]]}})"}),
       "feature 1: missing property 'segment'"},
      {"no_properties",
       Collection(
           {R"({"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[-71, 42], [-71, 42.1]]}})"}),
       "feature 0: has no properties"},
      {"string_id",
       Collection(
           {R"({"type": "Feature", "properties": {"segment": "7"}, "geometry": {"type": "LineString", "coordinates": [[-71, 42], [-71, 42.1]]}})"}),
       "property 'segment' must be a non-negative integer"},
      {"one_point",
       Collection(
           {R"({"type": "Feature", "properties": {"segment": 1}, "geometry": {"type": "LineString", "coordinates": [[-71, 42]]}})"}),
       "at least 2 [lon, lat] positions"},
      {"lat_out_of_range", Collection({F(1, {a, {95.0, -71.0}})}),
       "feature 0 (id 1): latitude 95 is outside [-90, 90]"},
      {"bad_oneway", Collection({F(1, {a, b}, R"("oneway": "sometimes")")}),
       "'oneway' value 'sometimes' is not a known one-way value"},
      {"speed_string", Collection({F(1, {a, b}, R"("speed_mph": "fast")")}),
       "property 'speed_mph' must be a number"},
      {"duplicate_id", Collection({F(1, {a, b}), F(1, {b, a})}),
       "feature 1 (id 1): duplicate segment id"},
      {"bad_zlev", Collection({F(1, {a, b}, R"("zlev": 1)")}),
       "property 'zlev' must be [start, end]"},
      {"addr_not_a_pair", Collection({F(1, {a, b}, R"("name": "S", "addr_left": 12)")}),
       "feature 0 (id 1): property 'addr_left' must be [from, to] house numbers"},
      {"addr_negative", Collection({F(1, {a, b}, R"("name": "S", "addr_right": [-1, 9])")}),
       "property 'addr_right' must be [from, to] house numbers (non-negative integers) or null, "
       "not [-1,9]"},
      {"addr_half_null", Collection({F(1, {a, b}, R"("name": "S", "addr_left": [null, 9])")}),
       "property 'addr_left' must be [from, to]"},
  };
  TempDir dir;
  for (const Case& c : cases) {
    const auto r = Import(dir, c.text);
    ASSERT_FALSE(r.graph.ok()) << c.name;
    EXPECT_NE(std::string(r.graph.status().message()).find(c.want), std::string::npos)
        << c.name << ": " << r.graph.status();
  }
  auto missing = ImportGeoJson(dir.path() / "absent.geojson", TestProfile(), nullptr, nullptr);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST(GeoJsonImport, KeepsHouseNumberRangesWithTheirOwnGeometry) {
  const Pt a{42.360, -71.060}, b{42.361, -71.060}, c{42.362, -71.060};
  TempDir dir;
  WriteFile(dir.path() / "s.geojson",
            Collection({
                F(1, {a, b},
                  R"("highway": "residential", "name": "Elm Street", "addr_left": [2, 20],
                     "addr_right": [1, 19])"),
                F(2, {b, c}, R"("highway": "footway", "name": "Elm Street",
                                 "addr_left": [22, 30], "addr_right": [null, null])"),
                F(3, {a, c}, R"("highway": "residential", "addr_left": [2, 4])"),  // no name
                F(4, {c, a}, R"("highway": "residential", "name": "Oak Street",
                                 "addr_left": null)"),
            }));
  std::vector<AddressRange> ranges;
  ImportReport report;
  auto g = ImportGeoJson(dir.path() / "s.geojson", TestProfile(), nullptr, &report, &ranges);
  ASSERT_TRUE(g.ok()) << g.status();
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].segment, 1u);
  EXPECT_EQ(ranges[0].street, "Elm Street");
  EXPECT_EQ(ranges[0].left, (std::array<std::uint32_t, 2>{2, 20}));
  EXPECT_EQ(ranges[0].right, (std::array<std::uint32_t, 2>{1, 19}));
  ASSERT_EQ(ranges[0].line.size(), 2u);
  EXPECT_DOUBLE_EQ(ranges[0].line[1].lat, 42.361);
  // A footway is no road, but its houses still have addresses; an empty side is {0, 0}.
  EXPECT_EQ(ranges[1].segment, 2u);
  EXPECT_EQ(ranges[1].right, (std::array<std::uint32_t, 2>{0, 0}));
  EXPECT_NE(std::find(report.counts.begin(), report.counts.end(),
                      std::pair<std::string, std::uint64_t>("address_ranges", 2)),
            report.counts.end());
  // A profile that names no range properties keeps none.
  Profile none = TestProfile();
  none.geojson.addr_left.clear();
  none.geojson.addr_right.clear();
  ranges.clear();
  ASSERT_TRUE(ImportGeoJson(dir.path() / "s.geojson", none, nullptr, nullptr, &ranges).ok());
  EXPECT_TRUE(ranges.empty());
}

TEST(GeoJsonImport, OverridesThatDoNotMatchTheDataAreErrors) {
  const Pt a{42.360, -71.060}, b{42.361, -71.060};
  TempDir dir;
  const std::string unknown = "segment,lat,lon,action,value,reason\n99,,,drop,,gone\n";
  auto r = Import(dir, Collection({F(1, {a, b})}), &unknown);
  ASSERT_FALSE(r.graph.ok());
  EXPECT_NE(
      std::string(r.graph.status().message()).find("o.csv:2: segment 99 is not a drivable segment"),
      std::string::npos)
      << r.graph.status();
  const std::string far_cut = "segment,lat,lon,action,value,reason\n,42.5,-71.5,cut,1,nowhere\n";
  r = Import(dir, Collection({F(1, {a, b})}), &far_cut);
  ASSERT_FALSE(r.graph.ok());
  EXPECT_NE(std::string(r.graph.status().message())
                .find("o.csv:2: cut: no end of segment(s) 1 lies within 2 m"),
            std::string::npos)
      << r.graph.status();
}

}  // namespace
}  // namespace beacon::routing
