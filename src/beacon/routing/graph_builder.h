// GraphBuilder: collects nodes and arcs from an importer (DIMACS, GeoJSON, OSM) and produces
// the immutable Graph (serialised in the graph file format, ready to Save).
//
//   GraphBuilder b(WeightUnit::kMilliseconds);
//   NodeId x = b.AddNode({42.36, -71.06}), y = b.AddNode({42.37, -71.06});
//   ArcId a = b.AddArc({.tail = x, .head = y, .weight = 8000, .length_cm = 111195});
//   ArcId r = b.AddArc({.tail = y, .head = x, .weight = 8000, .length_cm = 111195});
//   b.SetTwins(a, r);                       // one two-way street
//   ComponentReport rep = b.KeepLargestScc();   // map inputs only
//   BEACON_ASSIGN_OR_RETURN(Graph g, std::move(b).Build());
//
// Build sorts arcs by tail (stable), so arc ids change; node ids do not (except through
// KeepLargestScc, which renumbers the kept nodes in their old order).
// Thread-safety: a builder is used by one thread.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/base/latlon.h"
#include "beacon/base/result.h"
#include "beacon/geo/bbox.h"
#include "beacon/routing/graph.h"
#include "beacon/routing/road_class.h"

namespace beacon::routing {

struct ArcInput {
  NodeId tail;
  NodeId head;
  std::uint32_t weight = 0;     // ms (or the DIMACS weight)
  std::uint32_t length_cm = 0;  // along the shape
  RoadClass road_class = RoadClass::kUnknown;
  std::uint64_t source_id = 0;
  std::string_view name;
  std::span<const LatLon> shape;  // interior points only, tail to head
};

// What KeepLargestScc dropped: the numbers for the build report.
struct ComponentReport {
  struct Dropped {
    std::uint32_t nodes = 0;
    LatLon where;  // the position of one of its nodes
    geo::BoundingBox bounds;
  };
  std::uint32_t nodes_before = 0;
  std::uint32_t arcs_before = 0;
  std::uint32_t components = 0;  // strongly connected components before filtering
  std::uint32_t kept_nodes = 0;
  std::uint32_t kept_arcs = 0;
  std::vector<Dropped> largest_dropped;  // up to 20, largest first
};

class GraphBuilder {
 public:
  explicit GraphBuilder(WeightUnit unit) : unit_(unit) {}

  NodeId AddNode(const LatLon& p);
  // Nodes without positions (DIMACS without a .co file).
  void AddNodesWithoutPositions(std::uint32_t count);
  void SetPosition(NodeId v, const LatLon& p);
  [[nodiscard]] LatLon Position(NodeId v) const;
  void SetHasCoordinates(bool has) { has_coordinates_ = has; }
  ArcId AddArc(const ArcInput& arc);
  void SetTwins(ArcId a, ArcId b);
  void SetHourFactors(const std::array<double, 24>& factors);
  void SetMetadata(std::string json) { metadata_ = std::move(json); }

  [[nodiscard]] std::uint32_t num_nodes() const { return static_cast<std::uint32_t>(lat_.size()); }
  [[nodiscard]] std::uint32_t num_arcs() const { return static_cast<std::uint32_t>(tail_.size()); }

  // Keeps only the largest strongly connected component (map inputs: a node outside it can
  // be reached but not left, or the reverse, so routing to or from it would fail).
  ComponentReport KeepLargestScc();

  Result<Graph> Build() &&;

 private:
  WeightUnit unit_;
  bool has_coordinates_ = true;
  std::vector<std::int32_t> lat_, lon_;
  std::vector<std::uint32_t> tail_, head_, weight_, length_cm_, name_, twin_;
  std::vector<std::uint8_t> class_;
  std::vector<std::uint64_t> source_;
  std::vector<std::uint32_t> shape_first_{0};
  std::vector<std::int32_t> shape_lat_, shape_lon_;
  std::vector<std::string> names_{""};
  std::unordered_map<std::string, std::uint32_t> name_ids_{{"", 0}};
  std::vector<std::uint32_t> hour_permille_;
  std::string metadata_;
};

}  // namespace beacon::routing
