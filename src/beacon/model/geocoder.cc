#include "beacon/model/geocoder.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

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

}  // namespace

std::string_view GeocodeKindName(GeocodeKind k) {
  switch (k) {
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

Geocoder Geocoder::Build(const routing::Graph& graph, std::vector<Landmark> landmarks) {
  Geocoder g;
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

std::vector<std::uint32_t> Geocoder::MatchStreets(const std::string& query) const {
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
    const std::vector<std::uint32_t> first = MatchStreets(joined.substr(0, cut));
    const std::vector<std::uint32_t> second = MatchStreets(joined.substr(cut + cut_len));
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
  for (std::uint32_t s : MatchStreets(query)) {
    if (out.size() >= limit) break;
    out.push_back({GeocodeKind::kStreet, streets_[s].name, streets_[s].location,
                   std::to_string(streets_[s].segments) + " segments"});
  }
  return out;
}

}  // namespace beacon::model
