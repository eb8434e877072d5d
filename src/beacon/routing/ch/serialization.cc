// ContractionHierarchy's byte image (docs/design/routing.md, "Stored form"). Little-endian:
//   "BEACONCH"  u32 version  u32 num_nodes  u32 num_up_arcs  u32 num_down_arcs
//   u32 rank_of_node[n]
//   u32 up_first[n+1]    (u32 other, u32 weight)[up]    (u32 first, second, mid)[up]
//   u32 down_first[n+1]  (u32 other, u32 weight)[down]  (u32 first, second, mid)[down]
//   u64 FNV-1a of every byte before it
// Deserialize checks sizes, the checksum and every structural invariant the queries rely on, so
// that no byte string can make a query read out of bounds or unpack a path forever.
#include <fmt/format.h>

#include <array>
#include <cstring>
#include <string_view>

#include "beacon/routing/ch/contraction_hierarchy.h"

namespace beacon::routing::ch {

namespace {

constexpr std::array<char, 8> kMagic = {'B', 'E', 'A', 'C', 'O', 'N', 'C', 'H'};
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kHeaderBytes = 8 + 4 * 4;

std::uint64_t Fnv1a(std::span<const std::byte> bytes) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const std::byte b : bytes) {
    hash ^= std::to_integer<std::uint64_t>(b);
    hash *= 1099511628211ULL;
  }
  return hash;
}

class Writer {
 public:
  void U32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xFFU));
  }
  void U64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) bytes_.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xFFU));
  }
  std::vector<std::byte>& bytes() { return bytes_; }

 private:
  std::vector<std::byte> bytes_;
};

// Reads from a span whose length has already been checked.
class Reader {
 public:
  explicit Reader(std::span<const std::byte> bytes) : bytes_(bytes) {}
  std::uint32_t U32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= std::to_integer<std::uint32_t>(bytes_[pos_++]) << (8 * i);
    return v;
  }
  std::uint64_t U64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= std::to_integer<std::uint64_t>(bytes_[pos_++]) << (8 * i);
    return v;
  }
  [[nodiscard]] std::size_t position() const { return pos_; }

 private:
  std::span<const std::byte> bytes_;
  std::size_t pos_ = 0;
};

void WriteSide(Writer& w, const std::vector<std::uint32_t>& first,
               const std::vector<ContractionHierarchy::Arc>& arcs,
               const std::vector<ContractionHierarchy::Unpack>& unpack) {
  for (const std::uint32_t f : first) w.U32(f);
  for (const auto& arc : arcs) {
    w.U32(arc.other);
    w.U32(arc.weight);
  }
  for (const auto& u : unpack) {
    w.U32(u.first);
    w.U32(u.second);
    w.U32(u.mid);
  }
}

void ReadSide(Reader& r, std::uint32_t n, std::uint32_t m, std::vector<std::uint32_t>& first,
              std::vector<ContractionHierarchy::Arc>& arcs,
              std::vector<ContractionHierarchy::Unpack>& unpack) {
  first.resize(std::size_t{n} + 1);
  for (std::uint32_t& f : first) f = r.U32();
  arcs.resize(m);
  for (auto& arc : arcs) {
    arc.other = r.U32();
    arc.weight = r.U32();
  }
  unpack.resize(m);
  for (auto& u : unpack) {
    u.first = r.U32();
    u.second = r.U32();
    u.mid = r.U32();
  }
}

Status CheckOffsets(std::string_view side, const std::vector<std::uint32_t>& first,
                    std::size_t num_arcs) {
  if (first.front() != 0 || first.back() != num_arcs) {
    return DataLossError(fmt::format("{} offsets do not span the {} arcs", side, num_arcs));
  }
  for (std::size_t r = 0; r + 1 < first.size(); ++r) {
    if (first[r] > first[r + 1]) {
      return DataLossError(fmt::format("{} offsets decrease at rank {}", side, r));
    }
  }
  return OkStatus();
}

}  // namespace

std::vector<std::byte> ContractionHierarchy::Serialize() const {
  Writer w;
  for (const char c : kMagic) w.bytes().push_back(static_cast<std::byte>(c));
  w.U32(kVersion);
  w.U32(num_nodes());
  w.U32(static_cast<std::uint32_t>(up_arcs_.size()));
  w.U32(static_cast<std::uint32_t>(down_arcs_.size()));
  for (const std::uint32_t r : rank_of_node_) w.U32(r);
  WriteSide(w, up_first_, up_arcs_, up_unpack_);
  WriteSide(w, down_first_, down_arcs_, down_unpack_);
  w.U64(Fnv1a(w.bytes()));
  return std::move(w.bytes());
}

Result<ContractionHierarchy> ContractionHierarchy::Deserialize(std::span<const std::byte> bytes) {
  if (bytes.size() < kHeaderBytes) {
    return DataLossError(fmt::format("contraction hierarchy: truncated header ({} of {} bytes)",
                                     bytes.size(), kHeaderBytes));
  }
  if (std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) != 0) {
    return DataLossError("contraction hierarchy: bad magic (not a Beacon CH image)");
  }
  Reader r(bytes.subspan(kMagic.size()));
  const std::uint32_t version = r.U32();
  if (version != kVersion) {
    return DataLossError(
        fmt::format("contraction hierarchy: version {} (this build reads {})", version, kVersion));
  }
  const std::uint32_t n = r.U32();
  const std::uint32_t up = r.U32();
  const std::uint32_t down = r.U32();
  if (n == kNoChild) return DataLossError("contraction hierarchy: node count out of range");
  // 64-bit arithmetic: counts are u32, so this cannot overflow.
  const std::uint64_t words =
      std::uint64_t{n} + 2 * (std::uint64_t{n} + 1) + 5 * (std::uint64_t{up} + std::uint64_t{down});
  const std::uint64_t expected = kHeaderBytes + 4 * words + 8;
  if (bytes.size() != expected) {
    return DataLossError(fmt::format("contraction hierarchy: {} bytes, expected {} ({})",
                                     bytes.size(), expected,
                                     bytes.size() < expected ? "truncated" : "trailing bytes"));
  }
  Reader tail(bytes.subspan(bytes.size() - 8));
  if (tail.U64() != Fnv1a(bytes.first(bytes.size() - 8))) {
    return DataLossError("contraction hierarchy: checksum mismatch (corrupt bytes)");
  }
  ContractionHierarchy ch;
  ch.rank_of_node_.resize(n);
  for (std::uint32_t& rank : ch.rank_of_node_) rank = r.U32();
  ReadSide(r, n, up, ch.up_first_, ch.up_arcs_, ch.up_unpack_);
  ReadSide(r, n, down, ch.down_first_, ch.down_arcs_, ch.down_unpack_);
  BEACON_RETURN_IF_ERROR(ch.Validate().WithContext("contraction hierarchy"));
  ch.node_of_rank_.resize(n);
  for (std::uint32_t v = 0; v < n; ++v) ch.node_of_rank_[ch.rank_of_node_[v]] = v;
  return ch;
}

Status ContractionHierarchy::Validate() const {
  const std::uint32_t n = num_nodes();
  std::vector<std::uint32_t> node_of_rank(n, kNoChild);
  for (std::uint32_t v = 0; v < n; ++v) {
    const std::uint32_t rank = rank_of_node_[v];
    if (rank >= n || node_of_rank[rank] != kNoChild) {
      return DataLossError(fmt::format("ranks are not a permutation (node {})", v));
    }
    node_of_rank[rank] = v;
  }
  BEACON_RETURN_IF_ERROR(CheckOffsets("up", up_first_, up_arcs_.size()));
  BEACON_RETURN_IF_ERROR(CheckOffsets("down", down_first_, down_arcs_.size()));
  // A shortcut tail -> mid -> head needs mid below both ends, a down child tail -> mid stored at
  // mid, an up child mid -> head stored at mid, and weights that add up. Each child's lower end
  // is mid, strictly below its parent's lower end, so unpacking always terminates.
  auto check_arc = [&](std::string_view side, std::uint32_t index, std::uint32_t tail,
                       std::uint32_t head, std::uint32_t weight, const Unpack& u) -> Status {
    if (u.second == kNoChild) {
      if (u.mid == kNoChild) return OkStatus();
    } else if (u.mid < std::min(tail, head) && u.first >= down_first_[u.mid] &&
               u.first < down_first_[u.mid + 1] && u.second >= up_first_[u.mid] &&
               u.second < up_first_[u.mid + 1] && down_arcs_[u.first].other == tail &&
               up_arcs_[u.second].other == head &&
               std::uint64_t{down_arcs_[u.first].weight} + up_arcs_[u.second].weight == weight) {
      return OkStatus();
    }
    return DataLossError(
        fmt::format("{} arc {} ({} -> {}) has a bad shortcut", side, index, tail, head));
  };
  for (std::uint32_t rank = 0; rank < n; ++rank) {
    for (std::uint32_t i = up_first_[rank]; i < up_first_[rank + 1]; ++i) {
      const Arc& arc = up_arcs_[i];
      if (arc.other <= rank || arc.other >= n) {
        return DataLossError(
            fmt::format("up arc {} at rank {} leads to rank {}", i, rank, arc.other));
      }
      BEACON_RETURN_IF_ERROR(check_arc("up", i, rank, arc.other, arc.weight, up_unpack_[i]));
    }
    for (std::uint32_t i = down_first_[rank]; i < down_first_[rank + 1]; ++i) {
      const Arc& arc = down_arcs_[i];
      if (arc.other <= rank || arc.other >= n) {
        return DataLossError(
            fmt::format("down arc {} at rank {} comes from rank {}", i, rank, arc.other));
      }
      BEACON_RETURN_IF_ERROR(check_arc("down", i, arc.other, rank, arc.weight, down_unpack_[i]));
    }
  }
  return OkStatus();
}

}  // namespace beacon::routing::ch
