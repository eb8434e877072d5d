#include "beacon/store/store.h"

#include <fmt/format.h>

#include <iterator>

#include "beacon/store/store_checks.h"

namespace beacon::store {

bool WriteBatch::empty() const {
  return events.empty() && positions.empty() && audit.empty() && users.empty() &&
         idempotency.empty() && records.empty() && !snapshot;
}

void WriteBatch::Merge(WriteBatch&& other) {
  auto move_all = [](auto& to, auto& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  };
  move_all(events, other.events);
  move_all(positions, other.positions);
  move_all(audit, other.audit);
  move_all(users, other.users);
  move_all(idempotency, other.idempotency);
  move_all(records, other.records);
  if (other.snapshot) snapshot = std::move(other.snapshot);
}

Status CheckBatch(std::uint64_t& last_seq, const WriteBatch& batch) {
  for (const UserRecord& u : batch.users) {
    if (u.name.empty()) return InvalidArgumentError("a user needs a name");
  }
  for (const IdempotencyRecord& r : batch.idempotency) {
    if (r.key.empty()) return InvalidArgumentError("an idempotency record needs a key");
  }
  for (const PatientRecordRow& r : batch.records) {
    if (r.number.empty()) return InvalidArgumentError("a patient record needs a number");
    if (r.version == 0) {
      return InvalidArgumentError(
          fmt::format("patient record '{}' has version 0; versions start at 1", r.number));
    }
    if (!r.incident.valid() || !r.unit.valid()) {
      return InvalidArgumentError(
          fmt::format("patient record '{}' needs the incident and the unit it documents (given "
                      "incident {}, unit {})",
                      r.number, r.incident, r.unit));
    }
  }
  std::uint64_t expect = last_seq + 1;
  for (const cad::Event& e : batch.events) {
    if (e.seq != expect) {
      return FailedPreconditionError(fmt::format(
          "event {} does not continue the log (the next sequence number is {})", e.seq, expect));
    }
    ++expect;
  }
  if (batch.snapshot && batch.snapshot->seq > expect - 1) {
    return InvalidArgumentError(fmt::format("snapshot after event {}, but the log ends at {}",
                                            batch.snapshot->seq, expect - 1));
  }
  last_seq = expect - 1;
  return OkStatus();
}

Status CheckPatientRecord(const PatientRecordRow* current, const PatientRecordRow& next) {
  if (next.version == 1) {
    if (current == nullptr) return OkStatus();
    return AlreadyExistsError(
        fmt::format("patient record '{}' already exists (stored version {}); version 1 creates a "
                    "record, a replacement carries the stored version + 1",
                    next.number, current->version));
  }
  if (current == nullptr) {
    return NotFoundError(fmt::format(
        "patient record '{}' is not stored; version {} replaces version {}, which does not exist",
        next.number, next.version, next.version - 1));
  }
  if (current->version + 1 != next.version) {
    return AbortedError(fmt::format(
        "patient record '{}' is at version {}, version {} given (a replacement must be version "
        "{}): it was changed since it was read",
        next.number, current->version, next.version, current->version + 1));
  }
  if (next.incident != current->incident) {
    return FailedPreconditionError(fmt::format(
        "patient record '{}' documents incident {}; a replacement may not change it to {}",
        next.number, current->incident, next.incident));
  }
  if (next.unit != current->unit) {
    return FailedPreconditionError(
        fmt::format("patient record '{}' documents unit {}; a replacement may not change it to {}",
                    next.number, current->unit, next.unit));
  }
  if (next.created != current->created) {
    return FailedPreconditionError(
        fmt::format("patient record '{}' was created at {}; a replacement may not change it to {}",
                    next.number, FormatUtc(current->created), FormatUtc(next.created)));
  }
  return OkStatus();
}

}  // namespace beacon::store
