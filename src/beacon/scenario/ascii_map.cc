#include "beacon/scenario/ascii_map.h"

#include <fmt/format.h>

#include "beacon/geo/distance.h"

namespace beacon::scenario {
namespace {

bool IsNode(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

LatLon AsciiMap::Position(const LatLon& origin, double grid_m, int row, int col) {
  const geo::LocalProjection proj(origin);
  return proj.FromXY({col * grid_m, -row * grid_m});
}

Result<AsciiMap> AsciiMap::Parse(std::string_view layout) {
  std::vector<std::string> rows;
  std::size_t pos = 0;
  while (pos <= layout.size()) {
    std::size_t end = layout.find('\n', pos);
    if (end == std::string_view::npos) end = layout.size();
    rows.emplace_back(layout.substr(pos, end - pos));
    pos = end + 1;
  }
  while (!rows.empty() && rows.back().find_first_not_of(' ') == std::string::npos) rows.pop_back();
  AsciiMap map;
  auto at = [&](int r, int c) -> char {
    if (r < 0 || r >= static_cast<int>(rows.size())) return ' ';
    const std::string& row = rows[static_cast<std::size_t>(r)];
    if (c < 0 || c >= static_cast<int>(row.size())) return ' ';
    return row[static_cast<std::size_t>(c)];
  };
  auto where = [](int r, int c) { return fmt::format("map row {}, column {}", r + 1, c + 1); };
  for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
    const int width = static_cast<int>(rows[static_cast<std::size_t>(r)].size());
    for (int c = 0; c < width; ++c) {
      const char ch = at(r, c);
      if (IsNode(ch)) {
        if (!map.nodes.emplace(ch, std::pair(r, c)).second) {
          return InvalidArgumentError(fmt::format("{}: node '{}' appears twice", where(r, c), ch));
        }
      } else if (ch != ' ' && ch != '-' && ch != '|') {
        return InvalidArgumentError(
            fmt::format("{}: '{}' is not a node (a-z, 0-9), '-', '|' or a space", where(r, c), ch));
      }
    }
  }
  for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
    const int width = static_cast<int>(rows[static_cast<std::size_t>(r)].size());
    for (int c = 0; c < width; ++c) {
      const char ch = at(r, c);
      if (ch == '-' && !IsNode(at(r, c - 1)) && at(r, c - 1) != '-') {
        return InvalidArgumentError(
            fmt::format("{}: a '-' street does not start at a node", where(r, c)));
      }
      if (ch == '|' && !IsNode(at(r - 1, c)) && at(r - 1, c) != '|') {
        return InvalidArgumentError(
            fmt::format("{}: a '|' street does not start at a node", where(r, c)));
      }
      if (!IsNode(ch)) continue;
      if (at(r, c + 1) == '-') {
        int k = c + 1;
        while (at(r, k) == '-') ++k;
        if (!IsNode(at(r, k))) {
          return InvalidArgumentError(
              fmt::format("{}: the street from '{}' ends without a node", where(r, k), ch));
        }
        map.streets.push_back({ch, at(r, k), k - c});
      }
      if (at(r + 1, c) == '|') {
        int k = r + 1;
        while (at(k, c) == '|') ++k;
        if (!IsNode(at(k, c))) {
          return InvalidArgumentError(
              fmt::format("{}: the street from '{}' ends without a node", where(k, c), ch));
        }
        map.streets.push_back({ch, at(k, c), k - r});
      }
    }
  }
  if (map.nodes.empty()) return InvalidArgumentError("the map has no nodes");
  return map;
}

}  // namespace beacon::scenario
