// Helpers for the store tests: events that continue a log, and a store factory per kind.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "beacon/cad/events.h"
#include "beacon/store/store.h"

namespace beacon::store::testing {

inline cad::Event EventAt(std::uint64_t seq) {
  cad::Event e;
  e.seq = seq;
  e.time = InstantFromUnixMillis(1'782'907'200'000 + static_cast<std::int64_t>(seq) * 1000);
  e.actor = "dispatcher:kim";
  e.reason = "test " + std::to_string(seq);
  e.payload = cad::PriorityChanged{IncidentId{seq}, 1 + static_cast<int>(seq % 3)};
  return e;
}

inline WriteBatch EventsBatch(std::uint64_t first, std::uint64_t count) {
  WriteBatch b;
  for (std::uint64_t s = first; s < first + count; ++s) b.events.push_back(EventAt(s));
  return b;
}

}  // namespace beacon::store::testing
