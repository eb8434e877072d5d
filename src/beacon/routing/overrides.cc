#include "beacon/routing/overrides.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace beacon::routing {
namespace {

// One CSV record: fields separated by commas, "quoted" fields may hold commas and "" quotes.
Result<std::vector<std::string>> SplitCsv(std::string_view line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  if (quoted) return InvalidArgumentError("unterminated quoted field");
  return out;
}

bool ParseU64(std::string_view s, std::uint64_t* v) {
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

bool ParseF64(std::string_view s, double* v) {
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size() && std::isfinite(*v);
}

}  // namespace

Result<Overrides> ParseOverrides(std::string_view text, std::string_view origin) {
  Overrides out;
  out.origin = std::string(origin);
  std::istringstream in{std::string(text)};
  std::string line;
  int lineno = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line == "\r" || line[0] == '#') continue;
    auto err = [&](std::string_view field, std::string_view what) {
      return InvalidArgumentError(fmt::format("{}:{}: {}: {}", origin, lineno, field, what));
    };
    auto fields = SplitCsv(line);
    if (!fields.ok()) return err("line", fields.status().message());
    const auto& f = *fields;
    if (!header) {
      if (line.rfind("segment,lat,lon,action,value,reason", 0) != 0) {
        return err("header", "expected 'segment,lat,lon,action,value,reason'");
      }
      header = true;
      continue;
    }
    if (f.size() != 6) return err("line", fmt::format("{} fields, expected 6", f.size()));
    Override o;
    o.line = lineno;
    o.reason = f[5];
    if (o.reason.empty()) return err("reason", "every override needs a reason");
    const std::string& action = f[3];
    if (action == "cut") {
      o.action = OverrideAction::kCut;
      if (!f[0].empty()) return err("segment", "must be empty for a cut (list them in value)");
      if (!ParseF64(f[1], &o.point.lat) || !ParseF64(f[2], &o.point.lon)) {
        return err("lat,lon", "a cut needs the point's latitude and longitude");
      }
      if (Status s = ValidateLatLon(o.point); !s.ok()) return err("lat,lon", s.message());
      std::string_view rest = f[4];
      while (!rest.empty()) {
        const std::size_t semi = rest.find(';');
        std::uint64_t id = 0;
        if (!ParseU64(rest.substr(0, semi), &id)) {
          return err("value", fmt::format("'{}' is not a list of segment ids like 12;34", f[4]));
        }
        o.cut_segments.push_back(id);
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      }
      if (o.cut_segments.empty()) return err("value", "a cut lists the segments to separate");
      out.items.push_back(std::move(o));
      continue;
    }
    if (!ParseU64(f[0], &o.segment))
      return err("segment", fmt::format("'{}' is not a segment id", f[0]));
    if (!f[1].empty() || !f[2].empty()) return err("lat,lon", "only a cut has a point");
    if (action == "drop") {
      o.action = OverrideAction::kDrop;
    } else if (action == "oneway") {
      o.action = OverrideAction::kOneway;
      if (f[4] != "forward" && f[4] != "backward" && f[4] != "no") {
        return err("value", fmt::format("'{}' is not forward, backward or no", f[4]));
      }
      o.oneway = f[4];
    } else if (action == "speed") {
      o.action = OverrideAction::kSpeed;
      if (!ParseF64(f[4], &o.speed) || o.speed < 1 || o.speed > 200) {
        return err("value", fmt::format("'{}' is not a speed in [1, 200]", f[4]));
      }
    } else if (action == "class") {
      o.action = OverrideAction::kClass;
      const auto c = ParseRoadClass(f[4]);
      if (!c || *c == RoadClass::kBenchmark)
        return err("value", fmt::format("unknown road class '{}'", f[4]));
      o.road_class = *c;
    } else {
      return err("action", fmt::format("'{}' is not drop, oneway, speed, class or cut", action));
    }
    out.items.push_back(std::move(o));
  }
  if (!header) {
    return InvalidArgumentError(fmt::format(
        "{}: empty; expected the header 'segment,lat,lon,action,value,reason'", origin));
  }
  return out;
}

Result<Overrides> LoadOverrides(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return NotFoundError(fmt::format("cannot open overrides file '{}'", path.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseOverrides(ss.str(), path.string());
}

}  // namespace beacon::routing
