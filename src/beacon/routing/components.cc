#include "beacon/routing/components.h"

#include <algorithm>
#include <limits>

namespace beacon::routing {

Components StronglyConnected(std::uint32_t num_nodes, std::span<const std::uint32_t> tails,
                             std::span<const std::uint32_t> heads) {
  constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  const std::size_t n = num_nodes;
  std::vector<std::uint32_t> first(n + 1, 0), adj(tails.size());
  for (std::uint32_t t : tails) ++first[t + 1];
  for (std::size_t v = 0; v < n; ++v) first[v + 1] += first[v];
  {
    std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
    for (std::size_t a = 0; a < tails.size(); ++a) adj[fill[tails[a]]++] = heads[a];
  }
  Components c;
  c.of_node.assign(n, kNone);
  std::vector<std::uint32_t> index(n, kNone), low(n, 0), next(n, 0);
  std::vector<std::uint32_t> stack, call;
  std::vector<bool> on_stack(n, false);
  std::uint32_t counter = 0;
  for (std::uint32_t root = 0; root < num_nodes; ++root) {
    if (index[root] != kNone) continue;
    call.push_back(root);
    index[root] = low[root] = counter++;
    next[root] = first[root];
    stack.push_back(root);
    on_stack[root] = true;
    while (!call.empty()) {
      const std::uint32_t v = call.back();
      if (next[v] < first[v + 1]) {
        const std::uint32_t w = adj[next[v]++];
        if (index[w] == kNone) {
          index[w] = low[w] = counter++;
          next[w] = first[w];
          stack.push_back(w);
          on_stack[w] = true;
          call.push_back(w);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      call.pop_back();
      if (!call.empty()) low[call.back()] = std::min(low[call.back()], low[v]);
      if (low[v] == index[v]) {
        std::uint32_t size = 0;
        std::uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          c.of_node[w] = c.count;
          ++size;
        } while (w != v);
        c.size.push_back(size);
        ++c.count;
      }
    }
  }
  for (std::uint32_t k = 0; k < c.count; ++k) {
    if (c.size[k] > c.size[c.largest]) c.largest = k;
  }
  return c;
}

}  // namespace beacon::routing
