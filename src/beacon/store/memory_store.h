// MemoryStore: the Store kept in memory, for tests and for runs that need no durability. It
// makes the same checks as the durable stores. Backup writes nothing and says so.
//
//   MemoryStore store;
//   BEACON_RETURN_IF_ERROR(store.Commit(batch));
//
// Thread-safety: every call takes an internal mutex.
#pragma once

#include <map>
#include <mutex>

#include "beacon/store/store.h"

namespace beacon::store {

class MemoryStore final : public Store {
 public:
  [[nodiscard]] std::string_view kind() const override { return "memory"; }
  Status CommitAll(std::span<const WriteBatch* const> batches) override;
  Result<std::uint64_t> LastSeq() override;
  Status ReadEvents(std::uint64_t after, std::size_t limit, std::vector<cad::Event>& out) override;
  Result<std::optional<Snapshot>> LatestSnapshot() override;
  Result<std::vector<PositionRecord>> LatestPositions() override;
  Result<std::vector<PositionRecord>> PositionHistory(UnitId unit, Instant from,
                                                      Instant to) override;
  Result<std::optional<UserRecord>> FindUser(std::string_view name) override;
  Result<std::vector<UserRecord>> Users() override;
  Result<std::optional<IdempotencyRecord>> FindIdempotency(std::string_view key) override;
  Result<std::vector<PatientRecordRow>> PatientRecords() override;
  Result<std::optional<PatientRecordRow>> FindPatientRecord(std::string_view number) override;
  Status ReadAudit(std::uint64_t after, std::size_t limit, std::vector<AuditRecord>& out) override;
  Status Backup(const std::filesystem::path& out) override;

 private:
  std::mutex mu_;
  std::vector<cad::Event> events_;
  std::vector<PositionRecord> positions_;
  std::vector<AuditRecord> audit_;
  std::map<std::string, UserRecord, std::less<>> users_;
  std::map<std::string, IdempotencyRecord, std::less<>> idempotency_;
  std::map<std::string, PatientRecordRow, std::less<>> records_;
  std::optional<Snapshot> snapshot_;
};

}  // namespace beacon::store
