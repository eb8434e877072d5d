#include "beacon/base/crc32.h"

#include <gtest/gtest.h>

#include <string_view>

namespace beacon {
namespace {

std::span<const std::byte> Bytes(std::string_view s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

TEST(Crc32, StandardCheckValue) {
  // The CRC-32 "check" value for the ASCII digits 1-9 (Williams, "A painless guide to CRC
  // error detection algorithms", 1993).
  EXPECT_EQ(Crc32(Bytes("123456789")), 0xCBF43926u);
  EXPECT_EQ(Crc32(Bytes("")), 0u);
  EXPECT_NE(Crc32(Bytes("123456789")), Crc32(Bytes("123456788")));
}

}  // namespace
}  // namespace beacon
