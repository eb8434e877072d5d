// MinHeap: the priority queue of the hierarchy's Dijkstra searches (build and queries). A binary
// heap of (key, node) with lazy deletion: decrease-key pushes a new entry and the caller skips
// entries whose key is larger than the node's current distance when they are popped.
//
//   MinHeap heap;  heap.Push(0, source);
//   while (!heap.empty()) { auto [key, node] = heap.Pop(); if (key > dist[node]) continue; ... }
//
// Thread-safety: not thread-safe; each search owns its heap.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace beacon::routing::ch {

class MinHeap {
 public:
  using Entry = std::pair<std::uint64_t, std::uint32_t>;

  [[nodiscard]] bool empty() const { return entries_.empty(); }
  void clear() { entries_.clear(); }
  [[nodiscard]] std::uint64_t MinKey() const { return entries_.front().first; }
  void Push(std::uint64_t key, std::uint32_t node) {
    entries_.emplace_back(key, node);
    std::push_heap(entries_.begin(), entries_.end(), std::greater<>());
  }
  Entry Pop() {
    std::pop_heap(entries_.begin(), entries_.end(), std::greater<>());
    Entry top = entries_.back();
    entries_.pop_back();
    return top;
  }

 private:
  std::vector<Entry> entries_;
};

}  // namespace beacon::routing::ch
