#include "beacon/model/geocoder.h"

#include <gtest/gtest.h>

#include "beacon/routing/graph_builder.h"

namespace beacon::model {
namespace {

// Two crossing streets and a third that meets one of them:
//   Tremont Street runs west-east through (0,0)-(0,1)-(0,2); Boylston St runs north-south
//   through (1,1)-(0,1)-(-1,1); Washington Ave starts at (0,2) going north.
routing::Graph Streets() {
  routing::GraphBuilder b(routing::WeightUnit::kMilliseconds);
  auto node = [&](double r, double c) {
    return b.AddNode({42.35 + r * 0.001, -71.06 + c * 0.001});
  };
  const NodeId w = node(0, 0), mid = node(0, 1), e = node(0, 2), n = node(1, 1), s = node(-1, 1),
               ne = node(1, 2);
  auto street = [&](NodeId a, NodeId z, const char* name) {
    routing::ArcInput in;
    in.tail = a;
    in.head = z;
    in.weight = 10000;
    in.length_cm = 10000;
    in.name = name;
    const ArcId x = b.AddArc(in);
    std::swap(in.tail, in.head);
    b.SetTwins(x, b.AddArc(in));
  };
  street(w, mid, "Tremont Street");
  street(mid, e, "Tremont Street");
  street(n, mid, "Boylston St");
  street(mid, s, "Boylston St");
  street(e, ne, "Washington Ave");
  return *std::move(b).Build();
}

TEST(Geocoder, NormalizesCasePunctuationAndAbbreviations) {
  EXPECT_EQ(Geocoder::Normalize("  Tremont St. "), "tremont street");
  EXPECT_EQ(Geocoder::Normalize("MASS AVE"), "massachusetts avenue");
  EXPECT_EQ(Geocoder::Normalize("Children's Hosp"), "childrens hospital");
  EXPECT_EQ(Geocoder::Normalize("...,"), "");
}

TEST(Geocoder, FindsStreetsIntersectionsAndLandmarksWithSuggestions) {
  const routing::Graph g = Streets();
  const Geocoder geo = Geocoder::Build(
      g, {{"Massachusetts General Hospital", "MGH", "hospital", {42.3632, -71.0686}},
          {"Engine 7", "", "station", {42.35, -71.05}}});
  EXPECT_EQ(geo.num_streets(), 3u);
  auto m = geo.Search("tremont st & boylston", 5);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].kind, GeocodeKind::kIntersection);
  EXPECT_EQ(m[0].label, "Tremont Street & Boylston St");
  EXPECT_NEAR(m[0].location.lat, 42.350, 1e-9);  // node (0, 1), where they cross
  EXPECT_NEAR(m[0].location.lon, -71.059, 1e-9);
  EXPECT_EQ(geo.Search("boylston and tremont", 5).size(), 1u);
  EXPECT_EQ(geo.Search("Tremont / Boylston Street", 5).size(), 1u);
  // Streets that do not meet give no intersection.
  EXPECT_TRUE(geo.Search("boylston & washington", 5).empty());
  // Suggestions while typing: word prefixes.
  m = geo.Search("tre", 5);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].kind, GeocodeKind::kStreet);
  EXPECT_EQ(m[0].label, "Tremont Street");
  m = geo.Search("wash av", 5);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].label, "Washington Ave");
  // Landmarks by name or code, before streets.
  m = geo.Search("mgh", 5);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].kind, GeocodeKind::kLandmark);
  EXPECT_EQ(m[0].detail, "hospital");
  EXPECT_EQ(geo.Search("mass gen", 5)[0].label, "Massachusetts General Hospital");
  EXPECT_TRUE(geo.Search("", 5).empty());
  EXPECT_TRUE(geo.Search("zzz", 5).empty());
  EXPECT_TRUE(geo.Search(std::string(10000, '&'), 5).empty());
  EXPECT_EQ(geo.Search("t", 0).size(), 0u);
}

// Tremont Street has numbers on two segments: 2-22 (even, left) and 1-19 (odd, right) along
// (0,0)-(0,1), and 22-40 / 21-39 along (0,1)-(0,2) (22 is on both, at their shared corner). A
// second Tremont Street lies 5 km away, in another area; Elm Street has numbers falling along its
// line.
std::vector<routing::AddressRange> Ranges() {
  const auto at = [](double r, double c) { return LatLon{42.35 + r * 0.001, -71.06 + c * 0.001}; };
  return {
      {1, "Tremont Street", {2, 22}, {1, 19}, {at(0, 0), at(0, 1)}},
      {2, "Tremont Street", {22, 40}, {21, 39}, {at(0, 1), at(0, 2)}},
      {3, "Tremont Street", {2, 20}, {1, 19}, {at(50, 0), at(50, 1)}},
      {4, "Elm Street", {100, 0}, {0, 0}, {at(1, 1), at(1, 2)}},
      {5, "Oak Street", {0, 0}, {0, 0}, {at(2, 1), at(2, 2)}},  // no numbers: ignored
  };
}

std::string AreaOf(const LatLon& p) { return p.lat > 42.36 ? "North" : "South"; }

TEST(Geocoder, PlacesHouseNumbersAlongTheSegmentThatHoldsThem) {
  const routing::Graph g = Streets();
  const std::vector<routing::AddressRange> ranges = Ranges();
  const Geocoder geo = Geocoder::Build(g, {}, ranges, AreaOf);
  EXPECT_EQ(geo.num_address_ranges(), 7u);
  // 11 is odd: the right side of segment 1, 10/18 of the way from 1 to 19 along (0,0)-(0,1).
  auto m = geo.Search("11 Tremont St", 10);
  ASSERT_EQ(m.size(), 2u);  // one per area
  EXPECT_EQ(m[0].kind, GeocodeKind::kAddress);
  EXPECT_EQ(m[0].label, "11 Tremont Street, South");
  EXPECT_EQ(m[0].detail, "odd side, 1-19");
  EXPECT_NEAR(m[0].location.lat, 42.35, 1e-7);
  EXPECT_NEAR(m[0].location.lon, -71.06 + 0.001 * 10.0 / 18.0, 1e-6);
  EXPECT_EQ(m[1].label, "11 Tremont Street, North");
  EXPECT_NEAR(m[1].location.lat, 42.40, 1e-7);
  // 30 is even: segment 2's left side, 8/18 of the way.
  m = geo.Search("30 trem", 10);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].label, "30 Tremont Street, South");
  EXPECT_NEAR(m[0].location.lon, -71.059 + 0.001 * 8.0 / 18.0, 1e-6);
  // 22 ends segment 1 and starts segment 2: one place, not two (with or without areas).
  EXPECT_EQ(geo.Search("22 Tremont Street", 10).size(), 1u);
  EXPECT_EQ(Geocoder::Build(g, {}, ranges).Search("22 Tremont Street", 10).size(), 1u);
  // Numbers falling along the line: 26 of 100..0 is 0.74 of the way.
  m = geo.Search("26 elm", 5);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_NEAR(m[0].location.lon, -71.059 + 0.001 * 0.74, 1e-6);
  EXPECT_EQ(m[0].detail, "even side, 0-100");
  // Letters and ranges as typed: the first number places it.
  m = geo.Search("12a Tremont", 1);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].label, "12A Tremont Street, South");
  m = geo.Search("12-14 Tremont", 1);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].label, "12-14 Tremont Street, South");
}

TEST(Geocoder, NeverGuessesANumberTheStreetDoesNotHave) {
  const routing::Graph g = Streets();
  const std::vector<routing::AddressRange> ranges = Ranges();
  const Geocoder geo = Geocoder::Build(g, {}, ranges, AreaOf);
  // Odd numbers on Elm Street's side of evens only; 41 past Tremont's last range.
  auto m = geo.Search("27 Elm Street", 5);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].kind, GeocodeKind::kStreet);
  EXPECT_EQ(m[0].label, "Elm Street");
  EXPECT_EQ(m[0].detail, "no number 27 on this street; it has 0-100");
  m = geo.Search("41 tremont", 5);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].detail, "no number 41 on this street; it has 1-40");
  // A street with no numbers at all: the usual street search on the name.
  m = geo.Search("12 boylston", 5);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].kind, GeocodeKind::kStreet);
  EXPECT_EQ(m[0].label, "Boylston St");
  // "1st", "12th": street names, not house numbers; a bare number is no address.
  EXPECT_TRUE(geo.Search("1st street", 5).empty());
  EXPECT_TRUE(geo.Search("12", 5).empty());
  EXPECT_TRUE(geo.Search("99999999 tremont", 5).empty());
  // Without an area namer, two far-apart places stay apart and unlabelled.
  const Geocoder plain = Geocoder::Build(g, {}, ranges);
  m = plain.Search("11 tremont", 5);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].label, "11 Tremont Street");
}

}  // namespace
}  // namespace beacon::model
