// CRC-32 (the zlib / IEEE 802.3 polynomial) of a byte range: the checksum every Beacon file
// container (graph, hierarchy, city model) stores per section to catch corruption.
//
//   std::uint32_t c = Crc32(bytes);   // Crc32 of "123456789" is 0xCBF43926
//
// Thread-safety: a pure function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace beacon {

std::uint32_t Crc32(std::span<const std::byte> bytes);

}  // namespace beacon
