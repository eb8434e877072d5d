#include "beacon/store/store.h"

#include <fmt/format.h>

#include <iterator>

#include "beacon/store/store_checks.h"

namespace beacon::store {

bool WriteBatch::empty() const {
  return events.empty() && positions.empty() && audit.empty() && users.empty() &&
         idempotency.empty() && !snapshot;
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
  if (other.snapshot) snapshot = std::move(other.snapshot);
}

Status CheckBatch(std::uint64_t& last_seq, const WriteBatch& batch) {
  for (const UserRecord& u : batch.users) {
    if (u.name.empty()) return InvalidArgumentError("a user needs a name");
  }
  for (const IdempotencyRecord& r : batch.idempotency) {
    if (r.key.empty()) return InvalidArgumentError("an idempotency record needs a key");
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

}  // namespace beacon::store
