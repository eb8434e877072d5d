// ChRouter: exact travel times through a contraction hierarchy, behind the same Router interface
// as DijkstraRouter (answers are identical; tests check 10,000 Boston pairs). ChIndex is the
// hierarchy built over a Graph's arcs, stored in a companion file next to the graph
// (`boston.graph` -> `boston.graph.ch`, docs/formats/graph.md).
//
//   BEACON_ASSIGN_OR_RETURN(ChIndex index, ChIndex::Build(graph));
//   BEACON_RETURN_IF_ERROR(index.Save(ChIndex::CompanionPath("boston.graph")));
//   ChRouter router(graph, index);                 // one per thread
//   Milliseconds t = router.OneToOne(from, to);
//
// ChPlaceCache keeps the upward searches of places that move rarely (a fleet) so that "every
// unit to this incident" costs one search plus bucket scans (docs/design/routing.md):
//
//   ChPlaceCache fleet(graph, index, ChPlaceCache::Direction::kToOne);
//   fleet.Set(3, unit_place);                       // unit in slot 3 moved: one upward search
//   std::vector<Milliseconds> eta = fleet.Times(incident);   // eta[slot]
//
// Thread-safety: a ChIndex is immutable and shared by threads; a ChRouter and a ChPlaceCache
// hold per-query scratch memory: one per thread.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/routing/ch/cached_places.h"
#include "beacon/routing/ch/contraction_hierarchy.h"
#include "beacon/routing/ch/contraction_hierarchy_query.h"
#include "beacon/routing/graph.h"
#include "beacon/routing/router.h"

namespace beacon::routing {

class ChIndex {
 public:
  static Result<ChIndex> Build(const Graph& graph, const ch::BuildOptions& options = {});
  // Reads a companion file and checks it belongs to `graph` (node and arc counts and the graph
  // file's CRC-32). Errors name the file and what does not match.
  static Result<ChIndex> Load(const std::filesystem::path& path, const Graph& graph);
  Status Save(const std::filesystem::path& path) const;
  // The companion file's bytes, and the reverse (for containers such as the city model file);
  // `origin` names the bytes in errors.
  [[nodiscard]] std::vector<std::byte> ToBytes() const;
  static Result<ChIndex> FromBytes(std::span<const std::byte> bytes, const Graph& graph,
                                   std::string_view origin);
  // "<graph path>.ch"
  static std::filesystem::path CompanionPath(const std::filesystem::path& graph_path);

  [[nodiscard]] const ch::ContractionHierarchy& hierarchy() const { return *hierarchy_; }

 private:
  ChIndex(std::shared_ptr<const ch::ContractionHierarchy> h, std::uint32_t nodes,
          std::uint32_t arcs, std::uint32_t crc)
      : hierarchy_(std::move(h)), num_nodes_(nodes), num_arcs_(arcs), graph_crc_(crc) {}

  std::shared_ptr<const ch::ContractionHierarchy> hierarchy_;
  std::uint32_t num_nodes_;
  std::uint32_t num_arcs_;
  std::uint32_t graph_crc_;
};

class ChRouter final : public Router {
 public:
  // Both must outlive the router.
  ChRouter(const Graph& graph, const ChIndex& index);

  Milliseconds OneToOne(const Place& from, const Place& to) override;
  std::vector<Milliseconds> OneToMany(const Place& from, std::span<const Place> to) override;
  std::vector<Milliseconds> ManyToOne(std::span<const Place> from, const Place& to) override;
  std::vector<Milliseconds> Matrix(std::span<const Place> from, std::span<const Place> to) override;
  std::optional<Route> Path(const Place& from, const Place& to) override;

 private:
  const Graph& graph_;
  ch::ContractionHierarchyQuery query_;
  std::vector<ch::Seed> from_seeds_;  // reused so that a one-to-one query allocates nothing
  std::vector<ch::Seed> to_seeds_;
};

class ChPlaceCache {
 public:
  // kToOne: the cached places are trip origins (units driving to an incident); kFromOne: trip
  // destinations (an incident's patient to hospitals, a station to its area).
  enum class Direction { kToOne, kFromOne };

  // Both must outlive the cache.
  ChPlaceCache(const Graph& graph, const ChIndex& index, Direction direction);

  // Puts `place` in `slot` (slots grow as needed), replacing what was there: one upward search
  // (a few microseconds on Boston; docs/design/routing.md).
  void Set(std::uint32_t slot, const Place& place);
  // Empties `slot`: its time becomes kUnreachable.
  void Clear(std::uint32_t slot);
  [[nodiscard]] std::uint32_t num_slots() const {
    return static_cast<std::uint32_t>(places_.size());
  }

  // result[slot] = time from the slot's place to `other` (kToOne) or from `other` to it
  // (kFromOne); kUnreachable for empty slots. Equals ChRouter::ManyToOne / OneToMany.
  std::vector<Milliseconds> Times(const Place& other);

 private:
  Direction direction_;
  ch::ContractionHierarchyQuery query_;
  ch::CachedPlaces cached_;
  std::vector<std::optional<Place>> places_;
  std::vector<ch::Seed> seeds_;
  std::vector<std::uint64_t> distances_;
};

}  // namespace beacon::routing
