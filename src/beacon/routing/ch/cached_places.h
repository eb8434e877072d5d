// CachedPlaces: a set of places that change rarely (a fleet's positions, fixed stations) whose
// upward searches are kept between queries, in buckets by node (Knopp, Sanders, Schultes, Schulz,
// Wagner 2007, "Computing many-to-many shortest paths using highway hierarchies", with the buckets
// kept across queries instead of rebuilt). "Every unit to this incident" then costs one upward
// search from the incident plus bucket scans; a unit that moved costs one upward search of its own.
//
//   ch::CachedPlaces fleet(index, ch::CachedPlaces::Role::kSources);
//   ch::ContractionHierarchyQuery query(index);
//   fleet.Set(query, 7, unit_seeds);               // slot 7's unit moved: one upward search
//   std::vector<std::uint64_t> eta(fleet.num_slots());
//   query.Distances(fleet, incident_seeds, eta);    // eta[slot] = unit -> incident
//
// Answers equal ManyToOne (kSources) or OneToMany (kTargets) over the same places.
// Thread-safety: not thread-safe to modify; any number of query objects may read it at once
// while nobody calls Set or Clear. The index must outlive it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "beacon/routing/ch/contraction_hierarchy.h"

namespace beacon::routing::ch {

class ContractionHierarchyQuery;

class CachedPlaces {
 public:
  // kSources: the places are where trips start (their forward searches are kept);
  // kTargets: where trips end (their backward searches are kept).
  enum class Role { kSources, kTargets };

  CachedPlaces(const ContractionHierarchy& index, Role role);

  // Puts `seeds` in `slot` (slots grow as needed), replacing what was there. Runs one upward
  // search on `query`'s scratch space.
  void Set(ContractionHierarchyQuery& query, std::uint32_t slot, std::span<const Seed> seeds);
  // Empties `slot`; its distance becomes kUnreachable.
  void Clear(std::uint32_t slot);

  [[nodiscard]] Role role() const { return role_; }
  [[nodiscard]] std::uint32_t num_slots() const {
    return static_cast<std::uint32_t>(spaces_.size());
  }
  // Bucket entries kept (the sum of the places' search-space sizes).
  [[nodiscard]] std::size_t num_entries() const { return num_entries_; }

 private:
  friend class ContractionHierarchyQuery;
  struct Entry {
    std::uint64_t dist;
    std::uint32_t slot;
  };
  struct Reached {
    std::uint32_t rank;
    std::uint64_t dist;
  };

  const ContractionHierarchy* index_;
  Role role_;
  std::vector<std::vector<Entry>> buckets_;         // by rank
  std::vector<std::vector<std::uint32_t>> spaces_;  // by slot: the ranks holding its entries
  std::vector<Reached> reached_;                    // scratch for Set
  std::size_t num_entries_ = 0;
};

}  // namespace beacon::routing::ch
