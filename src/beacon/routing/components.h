// Strongly connected components of a directed graph given as arc lists (iterative Tarjan, so
// a 24-million-node DIMACS graph does not overflow the stack).
//
//   Components c = StronglyConnected(3, tails, heads);   // arcs 0->1, 1->0, 1->2
//   c.count == 2;  c.of_node[0] == c.of_node[1];  c.size[c.largest] == 2
//
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace beacon::routing {

struct Components {
  std::uint32_t count = 0;
  std::vector<std::uint32_t> of_node;  // component of each node
  std::vector<std::uint32_t> size;     // nodes in each component
  std::uint32_t largest = 0;           // the component with most nodes (lowest id on ties)
};

Components StronglyConnected(std::uint32_t num_nodes, std::span<const std::uint32_t> tails,
                             std::span<const std::uint32_t> heads);

}  // namespace beacon::routing
