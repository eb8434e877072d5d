// Checks every Store implementation makes before it writes a batch, so that all of them refuse
// the same things with the same words.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>

#include "beacon/base/status.h"
#include "beacon/store/store.h"

namespace beacon::store {

// The events continue the log after `last_seq`; a snapshot is not past the batch's last event;
// users and idempotency records have their keys. On success `last_seq` is the batch's last.
Status CheckBatch(std::uint64_t& last_seq, const WriteBatch& batch);

}  // namespace beacon::store
