#include "beacon/routing/components.h"

#include <gtest/gtest.h>

namespace beacon::routing {
namespace {

TEST(StronglyConnected, SplitsAOneWayTailFromACycle) {
  // 0 <-> 1 -> 2 -> 3 -> 2, and 4 alone.
  const std::vector<std::uint32_t> tails = {0, 1, 1, 2, 3};
  const std::vector<std::uint32_t> heads = {1, 0, 2, 3, 2};
  const Components c = StronglyConnected(5, tails, heads);
  EXPECT_EQ(c.count, 3u);
  EXPECT_EQ(c.of_node[0], c.of_node[1]);
  EXPECT_EQ(c.of_node[2], c.of_node[3]);
  EXPECT_NE(c.of_node[0], c.of_node[2]);
  EXPECT_NE(c.of_node[4], c.of_node[0]);
  EXPECT_EQ(c.size[c.largest], 2u);
}

TEST(StronglyConnected, DeepChainDoesNotOverflowTheStack) {
  const std::uint32_t n = 200'000;
  std::vector<std::uint32_t> tails, heads;
  for (std::uint32_t v = 0; v + 1 < n; ++v) {
    tails.push_back(v);
    heads.push_back(v + 1);
  }
  tails.push_back(n - 1);
  heads.push_back(0);
  const Components c = StronglyConnected(n, tails, heads);
  EXPECT_EQ(c.count, 1u);
  EXPECT_EQ(c.size[0], n);
}

}  // namespace
}  // namespace beacon::routing
