#include "beacon/store/memory_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "beacon/store/store_checks.h"

namespace beacon::store {

Status MemoryStore::CommitAll(std::span<const WriteBatch* const> batches) {
  std::lock_guard lock(mu_);
  std::uint64_t last = events_.size();
  for (const WriteBatch* b : batches) BEACON_RETURN_IF_ERROR(CheckBatch(last, *b));
  std::set<std::string, std::less<>> keys;
  for (const WriteBatch* b : batches) {
    for (const IdempotencyRecord& r : b->idempotency) {
      if (idempotency_.count(r.key) != 0 || !keys.insert(r.key).second) {
        return AlreadyExistsError(fmt::format("idempotency key '{}' is already stored", r.key));
      }
    }
  }
  // Each record over the stored row or the one an earlier row of this commit wrote.
  std::map<std::string_view, const PatientRecordRow*> written;
  for (const WriteBatch* b : batches) {
    for (const PatientRecordRow& r : b->records) {
      const PatientRecordRow* current = nullptr;
      if (auto w = written.find(r.number); w != written.end()) {
        current = w->second;
      } else if (auto s = records_.find(r.number); s != records_.end()) {
        current = &s->second;
      }
      BEACON_RETURN_IF_ERROR(CheckPatientRecord(current, r));
      written[r.number] = &r;
    }
  }
  for (const WriteBatch* b : batches) {
    const WriteBatch& batch = *b;
    events_.insert(events_.end(), batch.events.begin(), batch.events.end());
    positions_.insert(positions_.end(), batch.positions.begin(), batch.positions.end());
    for (AuditRecord a : batch.audit) {
      a.id = audit_.size() + 1;
      audit_.push_back(std::move(a));
    }
    for (const UserRecord& u : batch.users) users_[u.name] = u;
    for (const IdempotencyRecord& r : batch.idempotency) idempotency_[r.key] = r;
    for (const PatientRecordRow& r : batch.records) records_[r.number] = r;
    if (batch.snapshot) snapshot_ = batch.snapshot;
  }
  return OkStatus();
}

Result<std::uint64_t> MemoryStore::LastSeq() {
  std::lock_guard lock(mu_);
  return std::uint64_t{events_.size()};
}

Status MemoryStore::ReadEvents(std::uint64_t after, std::size_t limit,
                               std::vector<cad::Event>& out) {
  std::lock_guard lock(mu_);
  for (std::uint64_t i = after; i < events_.size() && limit > 0; ++i, --limit) {
    out.push_back(events_[i]);
  }
  return OkStatus();
}

Result<std::optional<Snapshot>> MemoryStore::LatestSnapshot() {
  std::lock_guard lock(mu_);
  return snapshot_;
}

Result<std::vector<PositionRecord>> MemoryStore::LatestPositions() {
  std::lock_guard lock(mu_);
  std::map<UnitId, PositionRecord> latest;
  for (const PositionRecord& p : positions_) {
    auto [it, inserted] = latest.try_emplace(p.unit, p);
    if (!inserted && p.time >= it->second.time) it->second = p;
  }
  std::vector<PositionRecord> out;
  for (auto& [unit, p] : latest) out.push_back(p);
  return out;
}

Result<std::vector<PositionRecord>> MemoryStore::PositionHistory(UnitId unit, Instant from,
                                                                 Instant to) {
  std::lock_guard lock(mu_);
  std::vector<PositionRecord> out;
  for (const PositionRecord& p : positions_) {
    if (p.unit == unit && p.time >= from && p.time <= to) out.push_back(p);
  }
  std::stable_sort(out.begin(), out.end(), [](const PositionRecord& a, const PositionRecord& b) {
    return a.time < b.time;
  });
  return out;
}

Result<std::optional<UserRecord>> MemoryStore::FindUser(std::string_view name) {
  std::lock_guard lock(mu_);
  auto it = users_.find(name);
  if (it == users_.end()) return std::optional<UserRecord>();
  return std::optional<UserRecord>(it->second);
}

Result<std::vector<UserRecord>> MemoryStore::Users() {
  std::lock_guard lock(mu_);
  std::vector<UserRecord> out;
  for (const auto& [name, u] : users_) out.push_back(u);
  return out;
}

Result<std::optional<IdempotencyRecord>> MemoryStore::FindIdempotency(std::string_view key) {
  std::lock_guard lock(mu_);
  auto it = idempotency_.find(key);
  if (it == idempotency_.end()) return std::optional<IdempotencyRecord>();
  return std::optional<IdempotencyRecord>(it->second);
}

Result<std::vector<PatientRecordRow>> MemoryStore::PatientRecords() {
  std::lock_guard lock(mu_);
  std::vector<PatientRecordRow> out;
  out.reserve(records_.size());
  for (const auto& [number, r] : records_) out.push_back(r);
  return out;
}

Result<std::optional<PatientRecordRow>> MemoryStore::FindPatientRecord(std::string_view number) {
  std::lock_guard lock(mu_);
  auto it = records_.find(number);
  if (it == records_.end()) return std::optional<PatientRecordRow>();
  return std::optional<PatientRecordRow>(it->second);
}

Status MemoryStore::ReadAudit(std::uint64_t after, std::size_t limit,
                              std::vector<AuditRecord>& out) {
  std::lock_guard lock(mu_);
  for (std::uint64_t i = after; i < audit_.size() && limit > 0; ++i, --limit) {
    out.push_back(audit_[i]);
  }
  return OkStatus();
}

Status MemoryStore::Backup(const std::filesystem::path& out) {
  return UnimplementedError("the memory store cannot be backed up to '" + out.string() +
                            "'; use SQLite or PostgreSQL");
}

}  // namespace beacon::store
