#include "beacon/routing/graph.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>

#include "beacon/base/crc32.h"
#include "beacon/routing/graph_format.h"

namespace beacon::routing {
namespace {

using format::FileHeader;
using format::SectionEntry;

struct SectionView {
  const std::byte* data = nullptr;
  std::uint64_t count = 0;
  bool present = false;
};

}  // namespace

std::int32_t ToFixed(double degrees) {
  return static_cast<std::int32_t>(std::lround(degrees * kCoordScale));
}

Result<Graph> Graph::FromBytes(std::shared_ptr<const GraphBytes> owner, std::string_view origin) {
  const std::span<const std::byte> bytes = owner->bytes();
  auto bad = [&](std::string_view what) {
    return DataLossError(fmt::format("graph file '{}': {}", origin, what));
  };
  if (bytes.size() < sizeof(FileHeader)) {
    return bad(
        fmt::format("truncated: {} bytes, a header alone is {}", bytes.size(), sizeof(FileHeader)));
  }
  FileHeader h;
  std::memcpy(&h, bytes.data(), sizeof h);
  if (std::memcmp(h.magic, format::kMagic, sizeof h.magic) != 0) {
    return bad("not a Beacon graph file (wrong magic bytes)");
  }
  if (h.version != format::kVersion) {
    return FailedPreconditionError(fmt::format(
        "graph file '{}': format version {} is not supported (this build reads version {}); "
        "rebuild it with 'beacon graph build'",
        origin, h.version, format::kVersion));
  }
  if (h.header_bytes != sizeof(FileHeader)) return bad("bad header size");
  if (h.file_bytes != bytes.size()) {
    return bad(fmt::format("truncated or padded: header says {} bytes, file has {}", h.file_bytes,
                           bytes.size()));
  }
  if (h.section_count > 4096 ||
      sizeof(FileHeader) + std::uint64_t{h.section_count} * sizeof(SectionEntry) > bytes.size()) {
    return bad("section table runs past the end of the file");
  }
  const std::uint32_t crc = Crc32(bytes.subspan(sizeof(FileHeader)));
  if (crc != h.crc32) {
    return bad(fmt::format(
        "checksum mismatch (stored {:08x}, computed {:08x}): the file is corrupt", h.crc32, crc));
  }
  SectionView sec[format::kNumSections + 1];
  for (std::uint32_t i = 0; i < h.section_count; ++i) {
    SectionEntry e;
    std::memcpy(&e, bytes.data() + sizeof(FileHeader) + i * sizeof(SectionEntry), sizeof e);
    if (e.id == 0 || e.id > format::kNumSections) continue;  // unknown sections are skipped
    if (e.offset % 8 != 0 || e.elem_bytes == 0 || e.elem_bytes > 8 ||
        e.count > (bytes.size() / e.elem_bytes) || e.offset > bytes.size() ||
        e.count * e.elem_bytes > bytes.size() - e.offset) {
      return bad(fmt::format("section {} lies outside the file", e.id));
    }
    sec[e.id] = SectionView{bytes.data() + e.offset, e.count, true};
  }
  const std::uint64_t n = h.num_nodes, m = h.num_arcs;
  struct Need {
    std::uint32_t id;
    std::uint64_t count;  // 0 = any
  };
  const Need needs[] = {
      {format::kFirstOut, n + 1},   {format::kHead, m},     {format::kTail, m},
      {format::kWeight, m},         {format::kLengthCm, m}, {format::kFirstIn, n + 1},
      {format::kInArc, m},          {format::kNodeLat, n},  {format::kNodeLon, n},
      {format::kShapeFirst, m + 1}, {format::kArcName, m},  {format::kNameFirst, 0},
      {format::kArcClass, m},       {format::kTwin, m},     {format::kSourceId, m}};
  for (const Need& need : needs) {
    if (!sec[need.id].present) return bad(fmt::format("section {} is missing", need.id));
    if (need.count != 0 && sec[need.id].count != need.count) {
      return bad(fmt::format("section {} has {} entries, expected {}", need.id, sec[need.id].count,
                             need.count));
    }
  }
  Graph g;
  g.num_nodes_ = h.num_nodes;
  g.num_arcs_ = h.num_arcs;
  g.has_coordinates_ = (h.flags & format::kFlagHasCoordinates) != 0;
  g.weight_unit_ = (h.flags & format::kFlagWeightsAsGiven) != 0 ? WeightUnit::kAsGiven
                                                                : WeightUnit::kMilliseconds;
  auto u32 = [&](std::uint32_t id) { return reinterpret_cast<const std::uint32_t*>(sec[id].data); };
  auto i32 = [&](std::uint32_t id) { return reinterpret_cast<const std::int32_t*>(sec[id].data); };
  g.first_out_ = u32(format::kFirstOut);
  g.head_ = u32(format::kHead);
  g.tail_ = u32(format::kTail);
  g.weight_ = u32(format::kWeight);
  g.length_cm_ = u32(format::kLengthCm);
  g.first_in_ = u32(format::kFirstIn);
  g.in_arc_ = u32(format::kInArc);
  g.node_lat_ = i32(format::kNodeLat);
  g.node_lon_ = i32(format::kNodeLon);
  g.shape_first_ = u32(format::kShapeFirst);
  g.arc_name_ = u32(format::kArcName);
  g.name_first_ = u32(format::kNameFirst);
  g.class_ = reinterpret_cast<const std::uint8_t*>(sec[format::kArcClass].data);
  g.twin_ = u32(format::kTwin);
  g.source_id_ = reinterpret_cast<const std::uint64_t*>(sec[format::kSourceId].data);

  // Structure: every index in range, so no query can read outside the buffer.
  if (g.first_out_[0] != 0 || g.first_out_[n] != m || g.first_in_[0] != 0 || g.first_in_[n] != m) {
    return bad("arc index does not start at 0 or end at the arc count");
  }
  for (std::uint64_t v = 0; v < n; ++v) {
    if (g.first_out_[v] > g.first_out_[v + 1] || g.first_in_[v] > g.first_in_[v + 1]) {
      return bad(fmt::format("arc index decreases at node {}", v + 1));
    }
    for (std::uint32_t a = g.first_out_[v]; a < g.first_out_[v + 1]; ++a) {
      if (g.tail_[a] != v) return bad(fmt::format("arc {} is filed under the wrong tail", a));
    }
    for (std::uint32_t i = g.first_in_[v]; i < g.first_in_[v + 1]; ++i) {
      if (g.in_arc_[i] >= m || g.head_[g.in_arc_[i]] != v) {
        return bad(fmt::format("backward index entry {} is inconsistent", i));
      }
    }
  }
  const std::uint64_t shapes = g.shape_first_[m];
  if (g.shape_first_[0] != 0 || !sec[format::kShapeLat].present ||
      !sec[format::kShapeLon].present || sec[format::kShapeLat].count != shapes ||
      sec[format::kShapeLon].count != shapes) {
    return bad("shape point index is inconsistent");
  }
  g.shape_lat_ = i32(format::kShapeLat);
  g.shape_lon_ = i32(format::kShapeLon);
  if (sec[format::kNameFirst].count == 0) return bad("name index is empty");
  g.num_names_ = static_cast<std::uint32_t>(sec[format::kNameFirst].count - 1);
  if (!sec[format::kNameChars].present || g.name_first_[0] != 0 ||
      g.name_first_[g.num_names_] != sec[format::kNameChars].count) {
    return bad("name table is inconsistent");
  }
  g.name_chars_ = reinterpret_cast<const char*>(sec[format::kNameChars].data);
  for (std::uint32_t i = 0; i < g.num_names_; ++i) {
    if (g.name_first_[i] > g.name_first_[i + 1]) return bad("name table is inconsistent");
  }
  for (std::uint64_t a = 0; a < m; ++a) {
    if (g.head_[a] >= n || g.tail_[a] >= n) return bad(fmt::format("arc {} has no such node", a));
    if (g.shape_first_[a] > g.shape_first_[a + 1]) return bad("shape point index decreases");
    if (g.arc_name_[a] >= g.num_names_) return bad(fmt::format("arc {} has no such name", a));
    if (g.class_[a] >= kNumRoadClasses) return bad(fmt::format("arc {} has a bad class", a));
    const std::uint32_t t = g.twin_[a];
    if (t != ArcId::kInvalidValue &&
        (t >= m || g.twin_[t] != a || g.head_[t] != g.tail_[a] || g.tail_[t] != g.head_[a])) {
      return bad(fmt::format("arc {} has an inconsistent twin", a));
    }
  }
  if (sec[format::kHourPermille].present) {
    if (sec[format::kHourPermille].count != 24) return bad("hour factors must be 24");
    g.hour_permille_ = u32(format::kHourPermille);
  }
  if (sec[format::kMetadata].present) {
    g.metadata_ = std::string_view(reinterpret_cast<const char*>(sec[format::kMetadata].data),
                                   sec[format::kMetadata].count);
  }
  if (g.has_coordinates_) {
    for (std::uint32_t v = 0; v < n; ++v) g.bounds_.Extend(g.Position(NodeId{v}));
  }
  g.bytes_ = std::move(owner);
  return g;
}

std::string_view Graph::Name(ArcId a) const {
  const std::uint32_t k = arc_name_[a.value()];
  return std::string_view(name_chars_ + name_first_[k], name_first_[k + 1] - name_first_[k]);
}

LatLon Graph::Position(NodeId v) const {
  return LatLon{FromFixed(node_lat_[v.value()]), FromFixed(node_lon_[v.value()])};
}

std::vector<LatLon> Graph::ArcGeometry(ArcId a) const {
  std::vector<LatLon> out;
  const std::uint32_t b = shape_first_[a.value()], e = shape_first_[a.value() + 1];
  out.reserve(e - b + 2);
  out.push_back(Position(Tail(a)));
  for (std::uint32_t i = b; i < e; ++i) {
    out.push_back(LatLon{FromFixed(shape_lat_[i]), FromFixed(shape_lon_[i])});
  }
  out.push_back(Position(Head(a)));
  return out;
}

double Graph::HourFactor(int hour) const {
  if (hour_permille_ == nullptr || hour < 0 || hour > 23) return 1.0;
  return static_cast<double>(hour_permille_[hour]) / 1000.0;
}

}  // namespace beacon::routing
