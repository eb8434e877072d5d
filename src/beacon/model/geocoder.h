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
// House numbers ("120 Tremont St", "120A tremont", "120-122 Tremont") are placed by linear
// interpolation along the street segment whose range on one side holds the number (and its
// parity, when the range's ends share one), the way street-file geocoders have done since the
// US Census DIME/TIGER files. A number no range holds is never guessed: the street is offered
// with the numbers it has. Streets of the same name in several areas give one match per area.
// Thread-safety: immutable once built; Search from any thread.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "beacon/base/latlon.h"
#include "beacon/routing/geojson_import.h"
#include "beacon/routing/graph.h"

namespace beacon::model {

class CityModel;

enum class GeocodeKind : std::uint8_t { kAddress, kLandmark, kIntersection, kStreet };
// "address", "landmark", "intersection", "street"
std::string_view GeocodeKindName(GeocodeKind k);

struct Landmark {
  std::string name;
  std::string code;  // e.g. "MGH"; may be empty
  std::string kind;  // "hospital", "station", "post"
  LatLon location;
};

struct GeocodeMatch {
  GeocodeKind kind = GeocodeKind::kStreet;
  // "120 Tremont Street, Downtown", "Tremont Street & Boylston Street", "Massachusetts General
  // Hospital"
  std::string label;
  LatLon location;
  std::string detail;  // "even side, 100-130", "hospital", "12 segments", ...
};

// The city's hospitals, stations and posts as landmarks.
std::vector<Landmark> LandmarksOf(const CityModel& model);

class Geocoder {
 public:
  // `area_of` names the area (neighbourhood) a place lies in, to tell apart streets of the same
  // name; it may be empty.
  using AreaNamer = std::function<std::string(const LatLon&)>;
  static Geocoder Build(const routing::Graph& graph, std::vector<Landmark> landmarks,
                        std::span<const routing::AddressRange> addresses = {},
                        const AreaNamer& area_of = {});

  // Best matches first, at most `limit`: for "NUMBER STREET", the addresses (then the matching
  // streets without that number); else landmarks, then streets; for "A & B", intersections.
  [[nodiscard]] std::vector<GeocodeMatch> Search(std::string_view text, std::size_t limit) const;

  // "tremont st." -> "tremont street" (what matching compares).
  static std::string Normalize(std::string_view text);

  [[nodiscard]] std::size_t num_streets() const { return streets_.size(); }
  [[nodiscard]] std::size_t num_address_ranges() const { return num_ranges_; }

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
  // One side of a segment's house numbers, placed along its line.
  struct Range {
    std::uint32_t from = 0;
    std::uint32_t to = 0;
    bool left = true;
    std::uint32_t line = 0;  // index into lines_
  };
  // Streets whose every query word starts one of their words, best first (exact, shorter).
  [[nodiscard]] static std::vector<std::uint32_t> MatchStreets(const std::vector<Street>& streets,
                                                               const std::string& query);
  [[nodiscard]] std::vector<GeocodeMatch> SearchAddress(std::uint32_t number,
                                                        std::string_view shown_number,
                                                        const std::string& street,
                                                        std::size_t limit) const;

  std::vector<Street> streets_;
  std::vector<Landmark> landmarks_;
  std::vector<std::vector<std::string>> landmark_words_;  // normalized name and code, as words
  std::unordered_map<std::uint64_t, Corner> corners_;     // (a << 32 | b) -> one corner
  std::vector<Street> address_streets_;                   // streets with house numbers
  std::vector<std::vector<Range>> ranges_of_;             // parallel to address_streets_
  std::vector<std::vector<LatLon>> lines_;
  std::size_t num_ranges_ = 0;
  AreaNamer area_of_;
};

}  // namespace beacon::model
