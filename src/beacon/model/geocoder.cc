#include "beacon/model/geocoder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <sstream>

#include "beacon/geo/distance.h"
#include "beacon/geo/polyline.h"
#include "beacon/model/city_model.h"

namespace beacon::model {
namespace {

const std::map<std::string, std::string, std::less<>>& Abbreviations() {
  static const auto* m = new std::map<std::string, std::string, std::less<>>{
      {"st", "street"},         {"ave", "avenue"},    {"av", "avenue"},   {"rd", "road"},
      {"blvd", "boulevard"},    {"sq", "square"},     {"pl", "place"},    {"ct", "court"},
      {"dr", "drive"},          {"pkwy", "parkway"},  {"hwy", "highway"}, {"ter", "terrace"},
      {"ln", "lane"},           {"hosp", "hospital"}, {"ctr", "center"},  {"mt", "mount"},
      {"n", "north"},           {"s", "south"},       {"e", "east"},      {"w", "west"},
      {"mass", "massachusetts"}};
  return *m;
}

std::vector<std::string> Words(std::string_view normalized) {
  std::vector<std::string> out;
  std::istringstream in{std::string(normalized)};
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

// Every query word is a prefix of some word of `key` (in any order).
bool WordPrefixMatch(const std::vector<std::string>& query, const std::vector<std::string>& key) {
  for (const std::string& q : query) {
    const bool found = std::any_of(key.begin(), key.end(), [&q](const std::string& k) {
      return k.compare(0, q.size(), q) == 0;
    });
    if (!found) return false;
  }
  return !query.empty();
}

// A leading house number: "120", "120A", "120-122" (the first number counts), followed by the
// street. "1st Street" is a street, not a number.
struct HouseNumber {
  std::uint32_t number = 0;
  std::string shown;   // as typed, letters upper-cased: "120A"
  std::string street;  // the rest of the text
};
std::optional<HouseNumber> SplitHouseNumber(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  const std::size_t start = i;
  std::uint64_t number = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    number = number * 10 + static_cast<std::uint64_t>(text[i] - '0');
    if (number > 999'999) return std::nullopt;
    ++i;
  }
  if (i == start || number == 0) return std::nullopt;
  const auto is = [&](std::size_t k, int (*pred)(int)) {
    return k < text.size() && pred(static_cast<unsigned char>(text[k])) != 0;
  };
  if (is(i, std::isalpha) && !is(i + 1, std::isalpha)) {
    ++i;  // 120A
  } else if (i < text.size() && text[i] == '-' && is(i + 1, std::isdigit)) {
    ++i;  // 120-122
    while (is(i, std::isdigit)) ++i;
  }
  if (!is(i, std::isspace)) return std::nullopt;  // "1st", "12th", "120abc", or no street
  HouseNumber out;
  out.number = static_cast<std::uint32_t>(number);
  for (char c : text.substr(start, i - start))
    out.shown += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  out.street = std::string(text.substr(i));
  return out;
}

// Whether a side's [from, to] holds `n`: inside the range, and of its parity when both ends
// share one (the usual odd/even sides).
bool Holds(std::uint32_t from, std::uint32_t to, std::uint32_t n) {
  if (from == 0 && to == 0) return false;
  if (n < std::min(from, to) || n > std::max(from, to)) return false;
  return from % 2 != to % 2 || n % 2 == from % 2;
}

}  // namespace

std::string_view GeocodeKindName(GeocodeKind k) {
  switch (k) {
    case GeocodeKind::kAddress:
      return "address";
    case GeocodeKind::kLandmark:
      return "landmark";
    case GeocodeKind::kIntersection:
      return "intersection";
    case GeocodeKind::kStreet:
      return "street";
  }
  return "?";
}

std::string Geocoder::Normalize(std::string_view text) {
  std::string clean;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      clean += static_cast<char>(std::tolower(u));
    } else if (c == '\'') {
      continue;  // "children's" -> "childrens"
    } else {
      clean += ' ';
    }
  }
  std::string out;
  for (const std::string& w : Words(clean)) {
    auto it = Abbreviations().find(w);
    if (!out.empty()) out += ' ';
    out += it != Abbreviations().end() ? it->second : w;
  }
  return out;
}

std::vector<Landmark> LandmarksOf(const CityModel& model) {
  std::vector<Landmark> out;
  const cad::Roster roster = model.Roster();
  for (const cad::Hospital& h : roster.hospitals)
    out.push_back({h.name, h.code, "hospital", h.location});
  for (const cad::Station& s : roster.stations) out.push_back({s.name, "", "station", s.location});
  return out;
}

Geocoder Geocoder::Build(const routing::Graph& graph, std::vector<Landmark> landmarks,
                         std::span<const routing::AddressRange> addresses,
                         const AreaNamer& area_of) {
  Geocoder g;
  g.area_of_ = area_of;
  std::map<std::string, std::uint32_t, std::less<>> address_index;
  for (const routing::AddressRange& a : addresses) {
    constexpr std::array<std::uint32_t, 2> kNone{};
    if (a.line.size() < 2 || a.street.empty() || (a.left == kNone && a.right == kNone)) continue;
    auto [it, inserted] =
        address_index.try_emplace(a.street, static_cast<std::uint32_t>(g.address_streets_.size()));
    if (inserted) {
      const std::string normalized = Normalize(a.street);
      g.address_streets_.push_back({a.street, normalized, Words(normalized), {}, 0});
      g.ranges_of_.emplace_back();
    }
    const auto line = static_cast<std::uint32_t>(g.lines_.size());
    g.lines_.push_back(a.line);
    Street& street = g.address_streets_[it->second];
    ++street.segments;
    for (const bool left : {true, false}) {
      const std::array<std::uint32_t, 2>& r = left ? a.left : a.right;
      if (r[0] == 0 && r[1] == 0) continue;
      g.ranges_of_[it->second].push_back({r[0], r[1], left, line});
      ++g.num_ranges_;
    }
  }
  // A point on each numbered street: the middle of its middle numbered segment.
  for (std::size_t s = 0; s < g.address_streets_.size(); ++s) {
    const std::vector<Range>& ranges = g.ranges_of_[s];
    const std::vector<LatLon>& middle = g.lines_[ranges[ranges.size() / 2].line];
    g.address_streets_[s].location = middle[middle.size() / 2];
  }
  std::map<std::string, std::uint32_t, std::less<>> index;  // street name -> street
  std::vector<std::vector<ArcId>> arcs_of;
  std::vector<std::vector<std::uint32_t>> streets_at(graph.num_nodes());
  for (std::uint32_t a = 0; a < graph.num_arcs(); ++a) {
    const ArcId arc{a};
    const std::string_view name = graph.Name(arc);
    if (name.empty()) continue;
    auto [it, inserted] =
        index.try_emplace(std::string(name), static_cast<std::uint32_t>(g.streets_.size()));
    if (inserted) {
      const std::string normalized = Normalize(name);
      g.streets_.push_back({std::string(name), normalized, Words(normalized), {}, 0});
      arcs_of.emplace_back();
    }
    const std::uint32_t s = it->second;
    arcs_of[s].push_back(arc);
    for (NodeId v : {graph.Tail(arc), graph.Head(arc)}) {
      auto& at = streets_at[v.value()];
      if (std::find(at.begin(), at.end(), s) == at.end()) at.push_back(s);
    }
  }
  for (std::size_t s = 0; s < g.streets_.size(); ++s) {
    const std::vector<ArcId>& arcs = arcs_of[s];
    const std::vector<LatLon> geom = graph.ArcGeometry(arcs[arcs.size() / 2]);
    g.streets_[s].location = geom[geom.size() / 2];
    g.streets_[s].segments = arcs.size();
  }
  for (std::uint32_t v = 0; v < graph.num_nodes(); ++v) {
    const auto& at = streets_at[v];
    for (std::size_t i = 0; i < at.size(); ++i) {
      for (std::size_t j = i + 1; j < at.size(); ++j) {
        const std::uint32_t a = std::min(at[i], at[j]);
        const std::uint32_t b = std::max(at[i], at[j]);
        g.corners_.try_emplace((std::uint64_t{a} << 32) | b,
                               Corner{a, b, graph.Position(NodeId{v})});
      }
    }
  }
  g.landmarks_ = std::move(landmarks);
  for (const Landmark& l : g.landmarks_) {
    g.landmark_words_.push_back(Words(Normalize(l.name + " " + l.code)));
  }
  return g;
}

std::vector<std::uint32_t> Geocoder::MatchStreets(const std::vector<Street>& streets_,
                                                  const std::string& query) {
  const std::vector<std::string> q = Words(query);
  std::vector<std::uint32_t> out;
  for (std::uint32_t s = 0; s < streets_.size(); ++s) {
    if (WordPrefixMatch(q, streets_[s].words)) out.push_back(s);
  }
  std::stable_sort(out.begin(), out.end(), [&](std::uint32_t a, std::uint32_t b) {
    const bool ea = streets_[a].normalized == query;
    const bool eb = streets_[b].normalized == query;
    if (ea != eb) return ea;
    if (streets_[a].normalized.size() != streets_[b].normalized.size()) {
      return streets_[a].normalized.size() < streets_[b].normalized.size();
    }
    return streets_[a].normalized < streets_[b].normalized;
  });
  return out;
}

std::vector<GeocodeMatch> Geocoder::Search(std::string_view text, std::size_t limit) const {
  std::vector<GeocodeMatch> out;
  const std::string query = Normalize(text);
  if (query.empty() || limit == 0) return out;
  if (const auto house = SplitHouseNumber(text.substr(0, 200))) {
    const std::string street = Normalize(house->street);
    if (!street.empty()) {
      out = SearchAddress(house->number, house->shown, street, limit);
      // No street with house numbers by that name (or a model without them): the usual search
      // on the street part.
      return out.empty() ? Search(house->street, limit) : out;
    }
  }
  // An intersection: "a & b", "a and b", "a / b", "a at b".
  std::string raw(text.substr(0, 200));
  for (const char* sep : {"&", "/", "@"}) {
    for (std::size_t p = raw.find(sep); p != std::string::npos; p = raw.find(sep))
      raw.replace(p, 1, " and ");
  }
  const std::string joined = Normalize(raw);
  std::size_t cut = std::string::npos;
  std::size_t cut_len = 0;
  for (const char* sep : {" and ", " at "}) {
    if (const std::size_t p = joined.find(sep); p != std::string::npos) {
      cut = p;
      cut_len = std::string_view(sep).size();
      break;
    }
  }
  if (cut != std::string::npos) {
    const std::vector<std::uint32_t> first = MatchStreets(streets_, joined.substr(0, cut));
    const std::vector<std::uint32_t> second = MatchStreets(streets_, joined.substr(cut + cut_len));
    for (std::uint32_t a : first) {
      for (std::uint32_t b : second) {
        if (a == b) continue;
        auto it = corners_.find((std::uint64_t{std::min(a, b)} << 32) | std::max(a, b));
        if (it == corners_.end()) continue;
        out.push_back({GeocodeKind::kIntersection, streets_[a].name + " & " + streets_[b].name,
                       it->second.location, ""});
        if (out.size() >= limit) return out;
      }
    }
    return out;
  }
  const std::vector<std::string> q = Words(query);
  for (std::size_t i = 0; i < landmarks_.size() && out.size() < limit; ++i) {
    if (WordPrefixMatch(q, landmark_words_[i])) {
      const Landmark& l = landmarks_[i];
      out.push_back({GeocodeKind::kLandmark, l.name, l.location, l.kind});
    }
  }
  for (std::uint32_t s : MatchStreets(streets_, query)) {
    if (out.size() >= limit) break;
    out.push_back({GeocodeKind::kStreet, streets_[s].name, streets_[s].location,
                   std::to_string(streets_[s].segments) + " segments"});
  }
  return out;
}

std::vector<GeocodeMatch> Geocoder::SearchAddress(std::uint32_t number,
                                                  std::string_view shown_number,
                                                  const std::string& street,
                                                  std::size_t limit) const {
  // Two places on one street count as the same address when they are this close or in the
  // same area (adjacent segments share their end numbers).
  constexpr double kSamePlaceM = 300;
  std::vector<GeocodeMatch> out;
  const std::vector<std::uint32_t> streets = MatchStreets(address_streets_, street);
  for (std::uint32_t s : streets) {
    const std::size_t first_of_street = out.size();
    for (const Range& r : ranges_of_[s]) {
      if (!Holds(r.from, r.to, number)) continue;
      const std::vector<LatLon>& line = lines_[r.line];
      const double t = r.from == r.to ? 0.5
                                      : (static_cast<double>(number) - r.from) /
                                            (static_cast<double>(r.to) - r.from);
      const Meters along = geo::PolylineLength(line) * t;
      const LatLon at = geo::SubPolyline(line, along, along).front();
      const std::string area = area_of_ ? area_of_(at) : std::string();
      const bool seen =
          std::any_of(out.begin() + static_cast<std::ptrdiff_t>(first_of_street), out.end(),
                      [&](const GeocodeMatch& m) {
                        return geo::HaversineDistance(m.location, at).value() < kSamePlaceM ||
                               (!area.empty() && m.label.ends_with(", " + area));
                      });
      if (seen) continue;
      const Street& st = address_streets_[s];
      out.push_back({GeocodeKind::kAddress,
                     fmt::format("{} {}{}", shown_number, st.name, area.empty() ? "" : ", " + area),
                     at,
                     fmt::format("{} side, {}-{}", number % 2 == 0 ? "even" : "odd",
                                 std::min(r.from, r.to), std::max(r.from, r.to))});
      if (out.size() >= limit) return out;
    }
  }
  if (!out.empty()) return out;
  // No range holds the number: offer the streets with the numbers they do have, never a guess.
  for (std::uint32_t s : streets) {
    std::uint32_t lo = UINT32_MAX, hi = 0;
    for (const Range& r : ranges_of_[s]) {
      lo = std::min({lo, r.from, r.to});
      hi = std::max({hi, r.from, r.to});
    }
    const Street& st = address_streets_[s];
    out.push_back({GeocodeKind::kStreet, st.name, st.location,
                   fmt::format("no number {} on this street; it has {}-{}", shown_number, lo, hi)});
    if (out.size() >= limit) break;
  }
  return out;
}

}  // namespace beacon::model
