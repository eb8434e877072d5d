#include "beacon/routing/ch_router.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <fstream>

#include "beacon/base/check.h"
#include "beacon/base/crc32.h"

namespace beacon::routing {
namespace {

constexpr char kMagic[8] = {'B', 'E', 'A', 'C', 'O', 'N', 'C', 'H'};
constexpr std::uint32_t kVersion = 1;
// magic, version, nodes, arcs, graph crc, payload size (u64)
constexpr std::size_t kHeaderBytes = 8 + 4 * 4 + 8;

std::uint32_t GraphCrc(const Graph& g) { return Crc32(g.bytes()); }

template <typename T>
void Put(std::vector<std::byte>& out, T v) {
  const auto* p = reinterpret_cast<const std::byte*>(&v);
  out.insert(out.end(), p, p + sizeof(T));
}

template <typename T>
T Get(std::span<const std::byte> in, std::size_t at) {
  T v;
  std::memcpy(&v, in.data() + at, sizeof(T));
  return v;
}

// Converts into `out` (reused by the callers so that a query allocates nothing once warm).
void ToChSeeds(std::span<const Seed> seeds, std::vector<ch::Seed>& out) {
  out.clear();
  for (const Seed& s : seeds) {
    BEACON_CHECK(s.ms >= 0 && s.ms <= std::int64_t{UINT32_MAX}, "seed offset {} ms", s.ms);
    out.push_back({s.node, static_cast<std::uint32_t>(s.ms)});
  }
}

std::vector<ch::Seed> ToChSeeds(std::span<const Seed> seeds) {
  std::vector<ch::Seed> out;
  out.reserve(seeds.size());
  ToChSeeds(seeds, out);
  return out;
}

Milliseconds FromCh(std::uint64_t d) {
  return d == ch::kUnreachable ? kUnreachable : Milliseconds(static_cast<std::int64_t>(d));
}

Milliseconds Min(Milliseconds a, Milliseconds b) { return a < b ? a : b; }

// Seed lists for a set of places (each as a span into one backing store).
struct SeedSets {
  std::vector<std::vector<ch::Seed>> store;
  std::vector<std::span<const ch::Seed>> spans;
  SeedSets(std::span<const Place> places, bool leave) {
    store.reserve(places.size());
    for (const Place& p : places) store.push_back(ToChSeeds(leave ? p.leave : p.arrive));
    for (const auto& s : store) spans.emplace_back(s);
  }
};

}  // namespace

Result<ChIndex> ChIndex::Build(const Graph& graph, const ch::BuildOptions& options) {
  std::vector<ch::InputArc> arcs;
  arcs.reserve(graph.num_arcs());
  for (std::uint32_t a = 0; a < graph.num_arcs(); ++a) {
    const ArcId id{a};
    arcs.push_back({graph.Tail(id), graph.Head(id), graph.Weight(id), id});
  }
  BEACON_ASSIGN_OR_RETURN(ch::ContractionHierarchy h,
                          ch::ContractionHierarchy::Build(graph.num_nodes(), arcs, options));
  return ChIndex(std::make_shared<const ch::ContractionHierarchy>(std::move(h)), graph.num_nodes(),
                 graph.num_arcs(), GraphCrc(graph));
}

std::filesystem::path ChIndex::CompanionPath(const std::filesystem::path& graph_path) {
  std::filesystem::path p = graph_path;
  p += ".ch";
  return p;
}

std::vector<std::byte> ChIndex::ToBytes() const {
  const std::vector<std::byte> payload = hierarchy_->Serialize();
  std::vector<std::byte> out(reinterpret_cast<const std::byte*>(kMagic),
                             reinterpret_cast<const std::byte*>(kMagic) + sizeof(kMagic));
  Put(out, kVersion);
  Put(out, num_nodes_);
  Put(out, num_arcs_);
  Put(out, graph_crc_);
  const std::uint64_t payload_size = payload.size();
  Put(out, payload_size);
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Status ChIndex::Save(const std::filesystem::path& path) const {
  const std::vector<std::byte> out = ToBytes();
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size()));
    if (!f) return UnavailableError(fmt::format("cannot write '{}'", tmp.string()));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec)
    return UnavailableError(fmt::format("cannot rename to '{}': {}", path.string(), ec.message()));
  return OkStatus();
}

Result<ChIndex> ChIndex::Load(const std::filesystem::path& path, const Graph& graph) {
  const std::string name = path.string();
  std::ifstream f(path, std::ios::binary);
  if (!f) return NotFoundError(fmt::format("hierarchy file '{}' cannot be opened", name));
  f.seekg(0, std::ios::end);
  const auto size = static_cast<std::size_t>(f.tellg());
  f.seekg(0);
  std::vector<std::byte> bytes(size);
  f.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  if (!f) return DataLossError(fmt::format("hierarchy file '{}' cannot be read", name));
  return FromBytes(bytes, graph, fmt::format("hierarchy file '{}'", name));
}

Result<ChIndex> ChIndex::FromBytes(std::span<const std::byte> bytes, const Graph& graph,
                                   std::string_view name) {
  const std::size_t size = bytes.size();
  if (size < kHeaderBytes || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    return DataLossError(fmt::format("{}: not a Beacon hierarchy file", name));
  }
  const auto version = Get<std::uint32_t>(bytes, 8);
  if (version != kVersion) {
    return DataLossError(
        fmt::format("{}: format version {} is not supported "
                    "(expected {}); rebuild it with 'beacon graph build'",
                    name, version, kVersion));
  }
  const auto nodes = Get<std::uint32_t>(bytes, 12);
  const auto arcs = Get<std::uint32_t>(bytes, 16);
  const auto crc = Get<std::uint32_t>(bytes, 20);
  const auto payload = Get<std::uint64_t>(bytes, 24);
  if (payload != size - kHeaderBytes) {
    return DataLossError(fmt::format("{} is truncated: {} payload bytes, header says {}", name,
                                     size - kHeaderBytes, payload));
  }
  if (nodes != graph.num_nodes() || arcs != graph.num_arcs() || crc != GraphCrc(graph)) {
    return FailedPreconditionError(
        fmt::format("{} was built for another graph ({} nodes, {} arcs, CRC {:08x}; this "
                    "graph has {}, {}, {:08x}); rebuild it with 'beacon graph build'",
                    name, nodes, arcs, crc, graph.num_nodes(), graph.num_arcs(), GraphCrc(graph)));
  }
  auto h = ch::ContractionHierarchy::Deserialize(bytes.subspan(kHeaderBytes));
  if (!h.ok()) return h.status().WithContext(name);
  return ChIndex(std::make_shared<const ch::ContractionHierarchy>(std::move(h).value()), nodes,
                 arcs, crc);
}

ChRouter::ChRouter(const Graph& graph, const ChIndex& index)
    : graph_(graph), query_(index.hierarchy()) {}

Milliseconds ChRouter::OneToOne(const Place& from, const Place& to) {
  ToChSeeds(from.leave, from_seeds_);
  ToChSeeds(to.arrive, to_seeds_);
  return Min(SameArcTime(from, to), FromCh(query_.Distance(from_seeds_, to_seeds_)));
}

std::vector<Milliseconds> ChRouter::OneToMany(const Place& from, std::span<const Place> to) {
  const auto s = ToChSeeds(from.leave);
  const SeedSets targets(to, /*leave=*/false);
  const std::vector<std::uint64_t> d = query_.OneToMany(s, targets.spans);
  std::vector<Milliseconds> out(to.size());
  for (std::size_t i = 0; i < to.size(); ++i) out[i] = Min(SameArcTime(from, to[i]), FromCh(d[i]));
  return out;
}

std::vector<Milliseconds> ChRouter::ManyToOne(std::span<const Place> from, const Place& to) {
  const SeedSets sources(from, /*leave=*/true);
  const auto t = ToChSeeds(to.arrive);
  const std::vector<std::uint64_t> d = query_.ManyToOne(sources.spans, t);
  std::vector<Milliseconds> out(from.size());
  for (std::size_t i = 0; i < from.size(); ++i)
    out[i] = Min(SameArcTime(from[i], to), FromCh(d[i]));
  return out;
}

std::vector<Milliseconds> ChRouter::Matrix(std::span<const Place> from, std::span<const Place> to) {
  const SeedSets sources(from, /*leave=*/true);
  const SeedSets targets(to, /*leave=*/false);
  const std::vector<std::uint64_t> d = query_.Matrix(sources.spans, targets.spans);
  std::vector<Milliseconds> out(from.size() * to.size());
  for (std::size_t i = 0; i < from.size(); ++i) {
    for (std::size_t j = 0; j < to.size(); ++j) {
      out[i * to.size() + j] = Min(SameArcTime(from[i], to[j]), FromCh(d[i * to.size() + j]));
    }
  }
  return out;
}

std::optional<Route> ChRouter::Path(const Place& from, const Place& to) {
  std::pair<int, int> same{-1, -1};
  const Milliseconds direct = SameArcTime(from, to, &same);
  const auto s = ToChSeeds(from.leave);
  const auto t = ToChSeeds(to.arrive);
  ch::PathResult p = query_.Path(s, t);
  const Milliseconds via = FromCh(p.distance);
  if (direct == kUnreachable && via == kUnreachable) return std::nullopt;
  if (direct <= via) {
    return AssembleSameArcRoute(graph_, from.on[static_cast<std::size_t>(same.first)],
                                to.on[static_cast<std::size_t>(same.second)]);
  }
  BEACON_CHECK(!p.nodes.empty(), "a CH path with a distance has nodes");
  // The seeds the path used: at its first and last node, the cheapest of each.
  auto pick = [](const std::vector<Seed>& seeds, NodeId node) {
    const Seed* best = nullptr;
    for (const Seed& sd : seeds) {
      if (sd.node == node && (best == nullptr || sd.ms < best->ms)) best = &sd;
    }
    BEACON_CHECK(best != nullptr, "no seed at the path's end node {}", node);
    return *best;
  };
  const Seed start = pick(from.leave, p.nodes.front());
  const Seed end = pick(to.arrive, p.nodes.back());
  return AssembleRoute(graph_, from, start.position, p.arcs, to, end.position, via);
}

ChPlaceCache::ChPlaceCache(const Graph& graph, const ChIndex& index, Direction direction)
    : direction_(direction),
      query_(index.hierarchy()),
      cached_(index.hierarchy(), direction == Direction::kToOne
                                     ? ch::CachedPlaces::Role::kSources
                                     : ch::CachedPlaces::Role::kTargets) {
  BEACON_CHECK(graph.num_nodes() == index.hierarchy().num_nodes(),
               "the hierarchy has {} nodes, the graph {}", index.hierarchy().num_nodes(),
               graph.num_nodes());
}

void ChPlaceCache::Set(std::uint32_t slot, const Place& place) {
  if (slot >= places_.size()) places_.resize(std::size_t{slot} + 1);
  ToChSeeds(direction_ == Direction::kToOne ? place.leave : place.arrive, seeds_);
  cached_.Set(query_, slot, seeds_);
  places_[slot] = place;
}

void ChPlaceCache::Clear(std::uint32_t slot) {
  if (slot >= places_.size()) return;
  cached_.Clear(slot);
  places_[slot].reset();
}

std::vector<Milliseconds> ChPlaceCache::Times(const Place& other) {
  const bool to_one = direction_ == Direction::kToOne;
  ToChSeeds(to_one ? other.arrive : other.leave, seeds_);
  distances_.resize(cached_.num_slots());
  query_.Distances(cached_, seeds_, distances_);
  std::vector<Milliseconds> out(places_.size(), kUnreachable);
  for (std::size_t i = 0; i < places_.size(); ++i) {
    if (!places_[i]) continue;
    const Milliseconds direct =
        to_one ? SameArcTime(*places_[i], other) : SameArcTime(other, *places_[i]);
    out[i] = Min(direct, i < distances_.size() ? FromCh(distances_[i]) : kUnreachable);
  }
  return out;
}

}  // namespace beacon::routing
