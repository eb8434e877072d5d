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
// Thread-safety: a ChIndex is immutable and shared by threads; a ChRouter holds per-query
// scratch memory: one per thread.
#pragma once

#include <filesystem>
#include <memory>

#include "beacon/base/result.h"
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
};

}  // namespace beacon::routing
