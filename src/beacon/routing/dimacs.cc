#include "beacon/routing/dimacs.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "beacon/geo/distance.h"
#include "beacon/routing/graph_builder.h"

namespace beacon::routing {
namespace {

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

template <typename T>
bool ParseInt(std::string_view s, T* v) {
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return ec == std::errc() && ptr == s.data() + s.size();
}

class LineError {
 public:
  explicit LineError(std::string file) : file_(std::move(file)) {}
  Status operator()(std::uint64_t line, std::string_view what) const {
    return InvalidArgumentError(fmt::format("{}:{}: {}", file_, line, what));
  }

 private:
  std::string file_;
};

Status ReadCoordinates(const std::filesystem::path& co, std::uint32_t n, GraphBuilder& b) {
  std::ifstream in(co);
  if (!in) return NotFoundError(fmt::format("cannot open coordinate file '{}'", co.string()));
  const LineError err(co.string());
  std::string line;
  std::uint64_t lineno = 0;
  bool have_p = false;
  std::vector<bool> seen(n, false);
  std::uint32_t count = 0;
  while (std::getline(in, line)) {
    ++lineno;
    const auto f = Fields(line);
    if (f.empty() || f[0] == "c") continue;
    if (f[0] == "p") {
      std::uint32_t pn = 0;
      if (have_p || f.size() != 5 || f[1] != "aux" || f[2] != "sp" || f[3] != "co" ||
          !ParseInt(f[4], &pn)) {
        return err(lineno, "expected one problem line 'p aux sp co N'");
      }
      if (pn != n) {
        return err(lineno, fmt::format("{} coordinates for a graph of {} nodes", pn, n));
      }
      have_p = true;
      continue;
    }
    if (f[0] != "v") return err(lineno, fmt::format("unknown line type '{}'", f[0]));
    if (!have_p) return err(lineno, "a 'v' line before the problem line");
    std::uint32_t id = 0;
    std::int64_t x = 0, y = 0;
    if (f.size() != 4 || !ParseInt(f[1], &id) || !ParseInt(f[2], &x) || !ParseInt(f[3], &y)) {
      return err(lineno, "expected 'v ID X Y' with integers (X, Y in millionths of a degree)");
    }
    if (id < 1 || id > n) return err(lineno, fmt::format("node {} is outside 1..{}", id, n));
    const LatLon p{static_cast<double>(y) / 1e6, static_cast<double>(x) / 1e6};
    if (Status s = ValidateLatLon(p); !s.ok()) return err(lineno, s.message());
    if (seen[id - 1]) return err(lineno, fmt::format("node {} appears twice", id));
    seen[id - 1] = true;
    ++count;
    b.SetPosition(NodeId{id - 1}, p);
  }
  if (!have_p) return err(lineno, "no problem line 'p aux sp co N'");
  if (count != n) {
    return err(lineno, fmt::format("{} of {} nodes have coordinates", count, n));
  }
  return OkStatus();
}

}  // namespace

Result<Graph> ReadDimacs(const std::filesystem::path& gr,
                         const std::optional<std::filesystem::path>& co) {
  std::ifstream in(gr);
  if (!in) return NotFoundError(fmt::format("cannot open DIMACS file '{}'", gr.string()));
  const LineError err(gr.string());
  GraphBuilder b(WeightUnit::kAsGiven);
  struct RawArc {
    std::uint32_t u, v, w;
  };
  std::vector<RawArc> arcs;
  std::string line;
  std::uint64_t lineno = 0;
  bool have_p = false;
  std::uint32_t n = 0;
  std::uint64_t m = 0;
  while (std::getline(in, line)) {
    ++lineno;
    const auto f = Fields(line);
    if (f.empty() || f[0] == "c") continue;
    if (f[0] == "p") {
      if (have_p || f.size() != 4 || f[1] != "sp" || !ParseInt(f[2], &n) || !ParseInt(f[3], &m)) {
        return err(lineno, "expected one problem line 'p sp NODES ARCS'");
      }
      if (m > 0xFFFFFFF0u) return err(lineno, "too many arcs for this format (2^32)");
      have_p = true;
      arcs.reserve(m);
      continue;
    }
    if (f[0] != "a") return err(lineno, fmt::format("unknown line type '{}'", f[0]));
    if (!have_p) return err(lineno, "an arc line before the problem line 'p sp NODES ARCS'");
    std::uint32_t u = 0, v = 0;
    std::int64_t w = 0;
    if (f.size() != 4 || !ParseInt(f[1], &u) || !ParseInt(f[2], &v) || !ParseInt(f[3], &w)) {
      return err(lineno, "expected 'a TAIL HEAD WEIGHT' with three integers");
    }
    if (u < 1 || u > n) return err(lineno, fmt::format("arc tail {} is outside 1..{}", u, n));
    if (v < 1 || v > n) return err(lineno, fmt::format("arc head {} is outside 1..{}", v, n));
    if (w < 0 || w > 0xFFFFFFFFll) {
      return err(lineno, fmt::format("arc weight {} is outside 0..4294967295", w));
    }
    if (arcs.size() == m) {
      return err(lineno, fmt::format("more arc lines than the {} the problem line declares", m));
    }
    arcs.push_back(RawArc{u - 1, v - 1, static_cast<std::uint32_t>(w)});
  }
  if (in.bad()) return DataLossError(fmt::format("reading '{}' failed", gr.string()));
  if (!have_p) return err(lineno, "no problem line 'p sp NODES ARCS'");
  if (arcs.size() != m) {
    return err(lineno, fmt::format("{} arc lines, but the problem line declares {} (truncated?)",
                                   arcs.size(), m));
  }
  b.AddNodesWithoutPositions(n);
  if (co) {
    BEACON_RETURN_IF_ERROR(ReadCoordinates(*co, n, b));
    b.SetHasCoordinates(true);
  }
  for (std::size_t i = 0; i < arcs.size(); ++i) {
    std::uint32_t length_cm = 0;
    if (co) {
      const double m_len =
          geo::HaversineDistance(b.Position(NodeId{arcs[i].u}), b.Position(NodeId{arcs[i].v}))
              .value();
      length_cm = static_cast<std::uint32_t>(std::llround(m_len * 100.0));
    }
    b.AddArc(ArcInput{.tail = NodeId{arcs[i].u},
                      .head = NodeId{arcs[i].v},
                      .weight = arcs[i].w,
                      .length_cm = length_cm,
                      .road_class = RoadClass::kBenchmark,
                      .source_id = i + 1,
                      .name = {},
                      .shape = {}});
  }
  nlohmann::json meta = {{"format", "dimacs"}, {"input", gr.string()}, {"nodes", n}, {"arcs", m}};
  if (co) meta["coordinates"] = co->string();
  b.SetMetadata(meta.dump());
  return std::move(b).Build();
}

}  // namespace beacon::routing
