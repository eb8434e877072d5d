// Checks every Store implementation makes before it writes a batch, so that all of them refuse
// the same things with the same words.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>

#include "beacon/base/status.h"
#include "beacon/store/store.h"

namespace beacon::store {

// The events continue the log after `last_seq`; a snapshot is not past the batch's last event;
// users, idempotency and patient records have their keys (a patient record also its incident,
// unit and a version >= 1). On success `last_seq` is the batch's last.
Status CheckBatch(std::uint64_t& last_seq, const WriteBatch& batch);

// Whether patient record `next` may be written over `current`: the row stored under its number
// or the one an earlier row of the same commit wrote (null if none). See WriteBatch::records.
Status CheckPatientRecord(const PatientRecordRow* current, const PatientRecordRow& next);

}  // namespace beacon::store
