// Geocoder: from what a call-taker types to a place on the city's streets. Finds streets by name,
// intersections ("Tremont St & Boylston St", "tremont and boylston", "tremont / boylston") and
// landmarks (hospitals, stations and posts by name or short code), with suggestions as the text
// is typed (a word-prefix match on every word). Street names are matched after normalising case,
// punctuation and the usual abbreviations (St, Ave, Rd, Blvd, Sq, ...).
//
//   Geocoder g = Geocoder::Build(model.graph(), LandmarksOf(model));
//   std::vector<GeocodeMatch> m = g.Search("mass ave & columbus", 10);
//   m[0].kind == GeocodeKind::kIntersection;  m[0].location;  m[0].label;
//
// House numbers are not resolved yet: the model keeps no address ranges (the street file has
// them; docs/design/server.md). Thread-safety: immutable once built; Search from any thread.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "beacon/base/latlon.h"
#include "beacon/routing/graph.h"

namespace beacon::model {

class CityModel;

enum class GeocodeKind : std::uint8_t { kLandmark, kIntersection, kStreet };
std::string_view GeocodeKindName(GeocodeKind k);  // "landmark", "intersection", "street"

struct Landmark {
  std::string name;
  std::string code;  // e.g. "MGH"; may be empty
  std::string kind;  // "hospital", "station", "post"
  LatLon location;
};

struct GeocodeMatch {
  GeocodeKind kind = GeocodeKind::kStreet;
  std::string label;  // "Tremont Street & Boylston Street", "Massachusetts General Hospital"
  LatLon location;
  std::string detail;  // "hospital", "12 segments", ...
};

// The city's hospitals, stations and posts as landmarks.
std::vector<Landmark> LandmarksOf(const CityModel& model);

class Geocoder {
 public:
  static Geocoder Build(const routing::Graph& graph, std::vector<Landmark> landmarks);

  // Best matches first: landmarks, then intersections, then streets; at most `limit`.
  [[nodiscard]] std::vector<GeocodeMatch> Search(std::string_view text, std::size_t limit) const;

  // "tremont st." -> "tremont street" (what matching compares).
  static std::string Normalize(std::string_view text);

  [[nodiscard]] std::size_t num_streets() const { return streets_.size(); }

 private:
  struct Street {
    std::string name;                // as the street file spells it
    std::string normalized;          // Normalize(name)
    std::vector<std::string> words;  // its words, split once
    LatLon location;                 // a point on the street (the middle of its middle segment)
    std::size_t segments = 0;
  };
  struct Corner {
    std::uint32_t a;  // street indexes, a < b
    std::uint32_t b;
    LatLon location;
  };
  // Streets whose every query word starts one of their words, best first (exact, shorter).
  [[nodiscard]] std::vector<std::uint32_t> MatchStreets(const std::string& query) const;

  std::vector<Street> streets_;
  std::vector<Landmark> landmarks_;
  std::vector<std::vector<std::string>> landmark_words_;  // normalized name and code, as words
  std::unordered_map<std::uint64_t, Corner> corners_;     // (a << 32 | b) -> one corner
};

}  // namespace beacon::model
