// The on-disk layout of a graph file (docs/formats/graph.md is the reference). Internal to
// routing: Graph reads it, GraphBuilder writes it.
//
//   [FileHeader 64 B][SectionEntry x section_count][section payloads, each 8-byte aligned]
//
// Little-endian. crc32 (zlib) covers every byte after the header.
// Thread-safety: constants and plain structs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace beacon::routing::format {

inline constexpr char kMagic[8] = {'B', 'C', 'N', 'G', 'R', 'A', 'P', 'H'};
inline constexpr std::uint32_t kVersion = 1;

inline constexpr std::uint32_t kFlagHasCoordinates = 1u << 0;
inline constexpr std::uint32_t kFlagWeightsAsGiven = 1u << 1;  // DIMACS

struct FileHeader {
  char magic[8];
  std::uint32_t version;
  std::uint32_t header_bytes;  // sizeof(FileHeader) = 64
  std::uint64_t file_bytes;    // the whole file
  std::uint32_t section_count;
  std::uint32_t flags;
  std::uint32_t crc32;  // zlib crc32 of bytes [header_bytes, file_bytes)
  std::uint32_t num_nodes;
  std::uint32_t num_arcs;
  std::uint8_t reserved[20];
};
static_assert(sizeof(FileHeader) == 64);

struct SectionEntry {
  std::uint32_t id;
  std::uint32_t elem_bytes;
  std::uint64_t offset;  // from the start of the file, multiple of 8
  std::uint64_t count;   // elements
};
static_assert(sizeof(SectionEntry) == 24);

enum SectionId : std::uint32_t {
  kFirstOut = 1,       // u32[n+1]
  kHead = 2,           // u32[m]
  kTail = 3,           // u32[m]
  kWeight = 4,         // u32[m]
  kLengthCm = 5,       // u32[m]
  kFirstIn = 6,        // u32[n+1]
  kInArc = 7,          // u32[m]
  kNodeLat = 8,        // i32[n], degrees * 1e7
  kNodeLon = 9,        // i32[n]
  kShapeFirst = 10,    // u32[m+1]
  kShapeLat = 11,      // i32[s]
  kShapeLon = 12,      // i32[s]
  kArcName = 13,       // u32[m]
  kNameFirst = 14,     // u32[names+1]
  kNameChars = 15,     // u8[...]
  kArcClass = 16,      // u8[m]
  kTwin = 17,          // u32[m], 0xFFFFFFFF = none
  kSourceId = 18,      // u64[m]
  kHourPermille = 19,  // u32[24]
  kMetadata = 20,      // u8[...], JSON text
};
inline constexpr std::uint32_t kNumSections = 20;

}  // namespace beacon::routing::format
