// Graph: the immutable road network every query runs on. A compact structure of arrays:
// forward CSR (arcs sorted by tail), a backward index (arcs by head), per-arc travel time in
// milliseconds, length in centimetres, road class, street name, twin (the opposite arc of a
// two-way street) and shape points; per-node positions. It is a view over one byte buffer in
// the graph file format (docs/formats/graph.md), either built in memory or mmap-ed from a file.
//
//   BEACON_ASSIGN_OR_RETURN(Graph g, Graph::Load("boston.graph"));
//   for (ArcId a : g.OutArcs(NodeId{0})) use(g.Head(a), g.Weight(a));
//   std::vector<LatLon> shape = g.ArcGeometry(ArcId{3});   // tail, shape points..., head
//
// Node ids are dense from 0 inside Beacon; files and the CLI show them 1-based (the DIMACS
// convention), so node k of a .gr file is NodeId{k - 1}.
// Thread-safety: immutable; share one Graph between threads (copies share the buffer).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/base/latlon.h"
#include "beacon/base/result.h"
#include "beacon/geo/bbox.h"
#include "beacon/routing/road_class.h"

namespace beacon::routing {

// The bytes a Graph views: an mmap-ed file or an in-memory buffer.
class GraphBytes {
 public:
  virtual ~GraphBytes() = default;
  [[nodiscard]] virtual std::span<const std::byte> bytes() const = 0;
};

// Weight semantics of the graph's arcs.
enum class WeightUnit : std::uint8_t {
  kMilliseconds = 0,  // map imports: travel time from length and the speed profile
  kAsGiven = 1,       // DIMACS: the file's integer weights, unchanged
};

class ArcRange {
 public:
  class Iterator {
   public:
    explicit Iterator(std::uint32_t a) : a_(a) {}
    ArcId operator*() const { return ArcId{a_}; }
    Iterator& operator++() {
      ++a_;
      return *this;
    }
    bool operator!=(const Iterator& o) const { return a_ != o.a_; }

   private:
    std::uint32_t a_;
  };
  ArcRange(std::uint32_t begin, std::uint32_t end) : begin_(begin), end_(end) {}
  [[nodiscard]] Iterator begin() const { return Iterator(begin_); }
  [[nodiscard]] Iterator end() const { return Iterator(end_); }
  [[nodiscard]] std::uint32_t size() const { return end_ - begin_; }

 private:
  std::uint32_t begin_, end_;
};

class Graph {
 public:
  // Validates the buffer (header, sections, checksum, structure); `origin` names it in errors.
  static Result<Graph> FromBytes(std::shared_ptr<const GraphBytes> bytes, std::string_view origin);
  // mmap-s the file and validates it as FromBytes does. Errors name the file.
  static Result<Graph> Load(const std::filesystem::path& path);
  // Writes the buffer to `path` (via a temporary file and a rename).
  Status Save(const std::filesystem::path& path) const;

  [[nodiscard]] std::uint32_t num_nodes() const { return num_nodes_; }
  [[nodiscard]] std::uint32_t num_arcs() const { return num_arcs_; }
  [[nodiscard]] WeightUnit weight_unit() const { return weight_unit_; }
  [[nodiscard]] bool has_coordinates() const { return has_coordinates_; }

  [[nodiscard]] ArcRange OutArcs(NodeId v) const {
    return ArcRange(first_out_[v.value()], first_out_[v.value() + 1]);
  }
  // Arcs whose head is v.
  [[nodiscard]] std::span<const std::uint32_t> InArcs(NodeId v) const {
    return {in_arc_ + first_in_[v.value()], in_arc_ + first_in_[v.value() + 1]};
  }
  [[nodiscard]] NodeId Head(ArcId a) const { return NodeId{head_[a.value()]}; }
  [[nodiscard]] NodeId Tail(ArcId a) const { return NodeId{tail_[a.value()]}; }
  // Travel time in milliseconds (or the DIMACS weight as given).
  [[nodiscard]] std::uint32_t Weight(ArcId a) const { return weight_[a.value()]; }
  [[nodiscard]] std::uint32_t LengthCm(ArcId a) const { return length_cm_[a.value()]; }
  [[nodiscard]] RoadClass Class(ArcId a) const { return static_cast<RoadClass>(class_[a.value()]); }
  // The opposite arc of a two-way street (same geometry reversed), or invalid.
  [[nodiscard]] ArcId Twin(ArcId a) const { return ArcId{twin_[a.value()]}; }
  // The id of the source feature (GeoJSON `segment`, OSM way id, DIMACS arc line number).
  [[nodiscard]] std::uint64_t SourceId(ArcId a) const { return source_id_[a.value()]; }
  [[nodiscard]] std::string_view Name(ArcId a) const;

  [[nodiscard]] LatLon Position(NodeId v) const;
  // Tail position, the shape points, head position.
  [[nodiscard]] std::vector<LatLon> ArcGeometry(ArcId a) const;
  [[nodiscard]] const geo::BoundingBox& bounds() const { return bounds_; }

  // Travel-time factor for an hour of the day (0-23), 1.0 unless the profile set one.
  [[nodiscard]] double HourFactor(int hour) const;
  // The build report (JSON text) stored in the file.
  [[nodiscard]] std::string_view metadata() const { return metadata_; }
  [[nodiscard]] std::span<const std::byte> bytes() const { return bytes_->bytes(); }

 private:
  Graph() = default;

  std::shared_ptr<const GraphBytes> bytes_;
  std::uint32_t num_nodes_ = 0;
  std::uint32_t num_arcs_ = 0;
  WeightUnit weight_unit_ = WeightUnit::kMilliseconds;
  bool has_coordinates_ = false;
  const std::uint32_t* first_out_ = nullptr;
  const std::uint32_t* head_ = nullptr;
  const std::uint32_t* tail_ = nullptr;
  const std::uint32_t* weight_ = nullptr;
  const std::uint32_t* length_cm_ = nullptr;
  const std::uint32_t* first_in_ = nullptr;
  const std::uint32_t* in_arc_ = nullptr;
  const std::int32_t* node_lat_ = nullptr;
  const std::int32_t* node_lon_ = nullptr;
  const std::uint32_t* shape_first_ = nullptr;
  const std::int32_t* shape_lat_ = nullptr;
  const std::int32_t* shape_lon_ = nullptr;
  const std::uint32_t* arc_name_ = nullptr;
  const std::uint32_t* name_first_ = nullptr;
  const char* name_chars_ = nullptr;
  std::uint32_t num_names_ = 0;
  const std::uint8_t* class_ = nullptr;
  const std::uint32_t* twin_ = nullptr;
  const std::uint64_t* source_id_ = nullptr;
  const std::uint32_t* hour_permille_ = nullptr;
  std::string_view metadata_;
  geo::BoundingBox bounds_;
};

// Fixed-point coordinates as stored: degrees * 1e7 (about 1 cm), as OSM stores them.
inline constexpr double kCoordScale = 1e7;
std::int32_t ToFixed(double degrees);
inline double FromFixed(std::int32_t v) { return static_cast<double>(v) / kCoordScale; }

}  // namespace beacon::routing
