#include "beacon/routing/graph_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "beacon/base/check.h"
#include "beacon/base/crc32.h"
#include "beacon/routing/components.h"
#include "beacon/routing/graph_format.h"

namespace beacon::routing {

namespace {

constexpr std::uint32_t kNoArc = ArcId::kInvalidValue;

class VectorBytes final : public GraphBytes {
 public:
  explicit VectorBytes(std::vector<std::uint64_t> words, std::size_t size)
      : words_(std::move(words)), size_(size) {}
  [[nodiscard]] std::span<const std::byte> bytes() const override {
    return {reinterpret_cast<const std::byte*>(words_.data()), size_};
  }

 private:
  std::vector<std::uint64_t> words_;  // 8-byte aligned storage
  std::size_t size_;
};

template <typename T>
std::vector<T> Permute(const std::vector<T>& v, const std::vector<std::uint32_t>& order) {
  std::vector<T> out(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) out[i] = v[order[i]];
  return out;
}

struct Section {
  std::uint32_t id;
  std::uint32_t elem_bytes;
  const void* data;
  std::uint64_t count;
};

template <typename T>
Section Make(std::uint32_t id, const std::vector<T>& v) {
  return Section{id, sizeof(T), v.data(), v.size()};
}

std::uint64_t Align8(std::uint64_t x) { return (x + 7) & ~std::uint64_t{7}; }

}  // namespace

NodeId GraphBuilder::AddNode(const LatLon& p) {
  lat_.push_back(ToFixed(p.lat));
  lon_.push_back(ToFixed(p.lon));
  return NodeId{static_cast<std::uint32_t>(lat_.size() - 1)};
}

void GraphBuilder::AddNodesWithoutPositions(std::uint32_t count) {
  has_coordinates_ = false;
  lat_.resize(lat_.size() + count, 0);
  lon_.resize(lon_.size() + count, 0);
}

void GraphBuilder::SetPosition(NodeId v, const LatLon& p) {
  lat_[v.value()] = ToFixed(p.lat);
  lon_[v.value()] = ToFixed(p.lon);
}

LatLon GraphBuilder::Position(NodeId v) const {
  return LatLon{FromFixed(lat_[v.value()]), FromFixed(lon_[v.value()])};
}

ArcId GraphBuilder::AddArc(const ArcInput& arc) {
  BEACON_CHECK(arc.tail.value() < num_nodes() && arc.head.value() < num_nodes());
  tail_.push_back(arc.tail.value());
  head_.push_back(arc.head.value());
  weight_.push_back(arc.weight);
  length_cm_.push_back(arc.length_cm);
  class_.push_back(static_cast<std::uint8_t>(arc.road_class));
  source_.push_back(arc.source_id);
  twin_.push_back(kNoArc);
  std::uint32_t name_id = 0;
  if (!arc.name.empty()) {
    auto [it, inserted] =
        name_ids_.try_emplace(std::string(arc.name), static_cast<std::uint32_t>(names_.size()));
    if (inserted) names_.emplace_back(arc.name);
    name_id = it->second;
  }
  name_.push_back(name_id);
  for (const LatLon& p : arc.shape) {
    shape_lat_.push_back(ToFixed(p.lat));
    shape_lon_.push_back(ToFixed(p.lon));
  }
  shape_first_.push_back(static_cast<std::uint32_t>(shape_lat_.size()));
  return ArcId{static_cast<std::uint32_t>(tail_.size() - 1)};
}

void GraphBuilder::SetTwins(ArcId a, ArcId b) {
  BEACON_CHECK(tail_[a.value()] == head_[b.value()] && head_[a.value()] == tail_[b.value()]);
  twin_[a.value()] = b.value();
  twin_[b.value()] = a.value();
}

void GraphBuilder::SetHourFactors(const std::array<double, 24>& factors) {
  hour_permille_.resize(24);
  for (std::size_t h = 0; h < 24; ++h) {
    hour_permille_[h] = static_cast<std::uint32_t>(std::lround(factors[h] * 1000.0));
  }
}

ComponentReport GraphBuilder::KeepLargestScc() {
  ComponentReport rep;
  rep.nodes_before = num_nodes();
  rep.arcs_before = num_arcs();
  const Components c = StronglyConnected(num_nodes(), tail_, head_);
  rep.components = c.count;
  // Dropped components, largest first.
  std::vector<ComponentReport::Dropped> dropped(c.count);
  for (std::uint32_t v = 0; v < num_nodes(); ++v) {
    auto& d = dropped[c.of_node[v]];
    const LatLon p{FromFixed(lat_[v]), FromFixed(lon_[v])};
    if (d.nodes++ == 0) d.where = p;
    d.bounds.Extend(p);
  }
  dropped.erase(dropped.begin() + c.largest);
  std::stable_sort(dropped.begin(), dropped.end(),
                   [](const auto& a, const auto& b) { return a.nodes > b.nodes; });
  if (dropped.size() > 20) dropped.resize(20);
  rep.largest_dropped = std::move(dropped);

  std::vector<std::uint32_t> new_id(num_nodes(), NodeId::kInvalidValue);
  std::uint32_t kept = 0;
  for (std::uint32_t v = 0; v < num_nodes(); ++v) {
    if (c.of_node[v] == c.largest) {
      new_id[v] = kept;
      lat_[kept] = lat_[v];
      lon_[kept] = lon_[v];
      ++kept;
    }
  }
  lat_.resize(kept);
  lon_.resize(kept);
  // Arcs with both ends kept (an arc between two kept nodes is inside the component).
  std::vector<std::uint32_t> arc_order, new_arc(num_arcs(), kNoArc);
  for (std::uint32_t a = 0; a < num_arcs(); ++a) {
    if (new_id[tail_[a]] != NodeId::kInvalidValue && new_id[head_[a]] != NodeId::kInvalidValue) {
      new_arc[a] = static_cast<std::uint32_t>(arc_order.size());
      arc_order.push_back(a);
    }
  }
  std::vector<std::uint32_t> shape_first{0};
  std::vector<std::int32_t> shape_lat, shape_lon;
  for (std::uint32_t a : arc_order) {
    for (std::uint32_t i = shape_first_[a]; i < shape_first_[a + 1]; ++i) {
      shape_lat.push_back(shape_lat_[i]);
      shape_lon.push_back(shape_lon_[i]);
    }
    shape_first.push_back(static_cast<std::uint32_t>(shape_lat.size()));
  }
  tail_ = Permute(tail_, arc_order);
  head_ = Permute(head_, arc_order);
  for (auto& t : tail_) t = new_id[t];
  for (auto& h : head_) h = new_id[h];
  weight_ = Permute(weight_, arc_order);
  length_cm_ = Permute(length_cm_, arc_order);
  name_ = Permute(name_, arc_order);
  class_ = Permute(class_, arc_order);
  source_ = Permute(source_, arc_order);
  twin_ = Permute(twin_, arc_order);
  for (auto& t : twin_) t = (t == kNoArc) ? kNoArc : new_arc[t];
  shape_first_ = std::move(shape_first);
  shape_lat_ = std::move(shape_lat);
  shape_lon_ = std::move(shape_lon);
  rep.kept_nodes = num_nodes();
  rep.kept_arcs = num_arcs();
  return rep;
}

Result<Graph> GraphBuilder::Build() && {
  const std::uint32_t n = num_nodes();
  const std::uint32_t m = num_arcs();
  // Arcs by tail, stable (so an importer's order within a node is kept).
  std::vector<std::uint32_t> order(m);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return tail_[a] < tail_[b]; });
  std::vector<std::uint32_t> new_arc(m);
  for (std::uint32_t i = 0; i < m; ++i) new_arc[order[i]] = i;
  const auto tail = Permute(tail_, order);
  const auto head = Permute(head_, order);
  const auto weight = Permute(weight_, order);
  const auto length = Permute(length_cm_, order);
  const auto name = Permute(name_, order);
  const auto cls = Permute(class_, order);
  const auto source = Permute(source_, order);
  auto twin = Permute(twin_, order);
  for (auto& t : twin) t = (t == kNoArc) ? kNoArc : new_arc[t];
  std::vector<std::uint32_t> shape_first{0};
  std::vector<std::int32_t> shape_lat, shape_lon;
  shape_lat.reserve(shape_lat_.size());
  shape_lon.reserve(shape_lon_.size());
  for (std::uint32_t a : order) {
    for (std::uint32_t i = shape_first_[a]; i < shape_first_[a + 1]; ++i) {
      shape_lat.push_back(shape_lat_[i]);
      shape_lon.push_back(shape_lon_[i]);
    }
    shape_first.push_back(static_cast<std::uint32_t>(shape_lat.size()));
  }
  std::vector<std::uint32_t> first_out(n + 1, 0), first_in(n + 1, 0), in_arc(m);
  for (std::uint32_t a = 0; a < m; ++a) {
    ++first_out[tail[a] + 1];
    ++first_in[head[a] + 1];
  }
  for (std::uint32_t v = 0; v < n; ++v) {
    first_out[v + 1] += first_out[v];
    first_in[v + 1] += first_in[v];
  }
  {
    std::vector<std::uint32_t> fill(first_in.begin(), first_in.end() - 1);
    for (std::uint32_t a = 0; a < m; ++a) in_arc[fill[head[a]]++] = a;
  }
  std::vector<std::uint32_t> name_first{0};
  std::vector<char> name_chars;
  for (const std::string& s : names_) {
    name_chars.insert(name_chars.end(), s.begin(), s.end());
    name_first.push_back(static_cast<std::uint32_t>(name_chars.size()));
  }
  const std::vector<char> metadata(metadata_.begin(), metadata_.end());

  std::vector<Section> sections = {Make(format::kFirstOut, first_out),
                                   Make(format::kHead, head),
                                   Make(format::kTail, tail),
                                   Make(format::kWeight, weight),
                                   Make(format::kLengthCm, length),
                                   Make(format::kFirstIn, first_in),
                                   Make(format::kInArc, in_arc),
                                   Make(format::kNodeLat, lat_),
                                   Make(format::kNodeLon, lon_),
                                   Make(format::kShapeFirst, shape_first),
                                   Make(format::kShapeLat, shape_lat),
                                   Make(format::kShapeLon, shape_lon),
                                   Make(format::kArcName, name),
                                   Make(format::kNameFirst, name_first),
                                   Make(format::kNameChars, name_chars),
                                   Make(format::kArcClass, cls),
                                   Make(format::kTwin, twin),
                                   Make(format::kSourceId, source),
                                   Make(format::kMetadata, metadata)};
  if (!hour_permille_.empty()) sections.push_back(Make(format::kHourPermille, hour_permille_));

  std::uint64_t offset =
      Align8(sizeof(format::FileHeader) + sections.size() * sizeof(format::SectionEntry));
  std::vector<format::SectionEntry> table;
  for (const Section& s : sections) {
    table.push_back(format::SectionEntry{s.id, s.elem_bytes, offset, s.count});
    offset = Align8(offset + s.count * s.elem_bytes);
  }
  const std::uint64_t total = offset;
  std::vector<std::uint64_t> words(total / 8, 0);
  auto* base = reinterpret_cast<std::byte*>(words.data());
  std::memcpy(base + sizeof(format::FileHeader), table.data(),
              table.size() * sizeof(format::SectionEntry));
  for (std::size_t i = 0; i < sections.size(); ++i) {
    if (sections[i].count > 0) {
      std::memcpy(base + table[i].offset, sections[i].data,
                  sections[i].count * sections[i].elem_bytes);
    }
  }
  format::FileHeader h{};
  std::memcpy(h.magic, format::kMagic, sizeof h.magic);
  h.version = format::kVersion;
  h.header_bytes = sizeof(format::FileHeader);
  h.file_bytes = total;
  h.section_count = static_cast<std::uint32_t>(sections.size());
  h.flags = (has_coordinates_ ? format::kFlagHasCoordinates : 0u) |
            (unit_ == WeightUnit::kAsGiven ? format::kFlagWeightsAsGiven : 0u);
  h.num_nodes = n;
  h.num_arcs = m;
  h.crc32 = beacon::Crc32(std::span<const std::byte>(base, total).subspan(sizeof h));
  std::memcpy(base, &h, sizeof h);
  return Graph::FromBytes(std::make_shared<VectorBytes>(std::move(words), total), "(in memory)");
}

}  // namespace beacon::routing
