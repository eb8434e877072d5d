#include "beacon/routing/ch/cached_places.h"

#include <algorithm>

#include "beacon/base/check.h"
#include "beacon/routing/ch/contraction_hierarchy_query.h"

namespace beacon::routing::ch {

CachedPlaces::CachedPlaces(const ContractionHierarchy& index, Role role)
    : index_(&index), role_(role), buckets_(index.num_nodes()) {}

void CachedPlaces::Clear(std::uint32_t slot) {
  if (slot >= spaces_.size()) return;
  for (const std::uint32_t rank : spaces_[slot]) {
    std::vector<Entry>& bucket = buckets_[rank];
    auto it = std::find_if(bucket.begin(), bucket.end(),
                           [slot](const Entry& e) { return e.slot == slot; });
    BEACON_CHECK(it != bucket.end(), "bucket {} lacks slot {}", rank, slot);
    *it = bucket.back();
    bucket.pop_back();
  }
  num_entries_ -= spaces_[slot].size();
  spaces_[slot].clear();
}

void CachedPlaces::Set(ContractionHierarchyQuery& query, std::uint32_t slot,
                       std::span<const Seed> seeds) {
  BEACON_CHECK(&query.index() == index_, "the query object belongs to another index");
  if (slot >= spaces_.size()) spaces_.resize(std::size_t{slot} + 1);
  Clear(slot);
  query.UpwardSpace(seeds, role_ == Role::kSources, reached_);
  std::vector<std::uint32_t>& space = spaces_[slot];
  space.reserve(reached_.size());
  for (const Reached& r : reached_) {
    buckets_[r.rank].push_back({r.dist, slot});
    space.push_back(r.rank);
  }
  num_entries_ += space.size();
}

}  // namespace beacon::routing::ch
