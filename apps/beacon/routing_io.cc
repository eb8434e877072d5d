#include "routing_io.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "beacon/routing/dijkstra_router.h"

namespace beacon::cli {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

Result<std::vector<PointLine>> ReadPointsFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFoundError(fmt::format("cannot open points file '{}'", path));
  std::vector<PointLine> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    const std::string_view t = Trim(line);
    if (t.empty() || t.front() == '#') continue;
    auto p = ParseLatLon(t);
    if (!p.ok()) return p.status().WithContext(fmt::format("{}:{}", path, n));
    out.push_back(PointLine{*p, n});
  }
  if (out.empty())
    return InvalidArgumentError(fmt::format("{}: no points (expected LAT,LON lines)", path));
  return out;
}

Result<std::vector<std::pair<std::uint32_t, std::uint32_t>>> ReadPairsFile(
    const std::string& path, std::uint32_t num_nodes) {
  std::ifstream in(path);
  if (!in) return NotFoundError(fmt::format("cannot open pairs file '{}'", path));
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    const std::string_view t = Trim(line);
    if (t.empty() || t.front() == '#') continue;
    std::uint32_t ids[2] = {0, 0};
    const char* p = t.data();
    const char* end = t.data() + t.size();
    bool ok = true;
    for (int k = 0; k < 2 && ok; ++k) {
      while (p < end && (*p == ' ' || *p == '\t')) ++p;
      const auto r = std::from_chars(p, end, ids[k]);
      ok = r.ec == std::errc() && r.ptr != p;
      p = r.ptr;
    }
    while (p < end && (*p == ' ' || *p == '\t')) ++p;
    if (!ok || p != end) {
      return InvalidArgumentError(
          fmt::format("{}:{}: '{}' is not 'SOURCE TARGET' (two node ids)", path, n, t));
    }
    for (std::uint32_t id : ids) {
      if (id < 1 || id > num_nodes) {
        return OutOfRangeError(
            fmt::format("{}:{}: node {} is outside 1..{}", path, n, id, num_nodes));
      }
    }
    out.emplace_back(ids[0], ids[1]);
  }
  return out;
}

Result<std::vector<routing::Place>> SnapAll(const routing::Snapper& snapper,
                                            const std::vector<PointLine>& points, Meters max,
                                            const std::string& file) {
  std::vector<routing::Place> out;
  std::string errors;
  int failed = 0;
  for (const PointLine& p : points) {
    auto place = snapper.Locate(p.point, max);
    if (!place.ok()) {
      if (failed++ < 20)
        errors += fmt::format("\n  {}:{}: {}", file, p.line, place.status().message());
      continue;
    }
    out.push_back(std::move(place).value());
  }
  if (failed > 0) {
    return OutOfRangeError(fmt::format("{} of {} points in '{}' could not be snapped:{}", failed,
                                       points.size(), file, errors));
  }
  return out;
}

std::string FormatTime(Milliseconds t, double factor) {
  if (t == routing::kUnreachable) return "unreachable";
  if (factor == 1.0) return std::to_string(t.count());
  return std::to_string(std::llround(static_cast<double>(t.count()) * factor));
}

Result<OpenedRouter> OpenRouter(const routing::Graph& graph, const std::string& graph_path,
                                const std::string& engine) {
  OpenedRouter out;
  const auto companion = routing::ChIndex::CompanionPath(graph_path);
  std::error_code ec;
  const bool exists = std::filesystem::exists(companion, ec);
  if (engine == "ch" || (engine == "auto" && exists)) {
    auto index = routing::ChIndex::Load(companion, graph);
    if (!index.ok()) return index.status().WithContext("--engine ch");
    out.index.emplace(std::move(index).value());
    out.router = std::make_unique<routing::ChRouter>(graph, *out.index);
    out.engine = "ch";
  } else {
    out.router = std::make_unique<routing::DijkstraRouter>(graph);
    out.engine = "dijkstra";
  }
  return out;
}

}  // namespace beacon::cli
