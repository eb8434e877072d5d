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

}  // namespace
}  // namespace beacon::model
