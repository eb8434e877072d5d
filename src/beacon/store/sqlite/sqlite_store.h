// SqliteStore: the embedded default Store, one SQLite file in WAL mode with synchronous=FULL, so
// a committed transaction survives a crash or power loss of the machine. The schema is created
// and migrated on open (schema_migrations records what ran). The event and audit tables refuse
// UPDATE and DELETE (triggers): they are append-only.
//
//   BEACON_ASSIGN_OR_RETURN(std::unique_ptr<SqliteStore> store, SqliteStore::Open("cad.db"));
//
// Thread-safety: one connection; calls are serialised by an internal mutex. Backup uses its
// own connection and a read transaction, so it may run while another thread commits.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>

#include "beacon/store/store.h"

struct sqlite3;

namespace beacon::store {

class SqliteStore final : public Store {
 public:
  // Opens (creating it if needed) and migrates the store at `path`.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::filesystem::path& path);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  [[nodiscard]] std::string_view kind() const override { return "sqlite"; }
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

  // Writes `batch` as a copy of another store's contents (PostgresStore::Backup): like Commit,
  // except that patient records are written at the versions they carry, without the version
  // checks (none of their numbers may be stored yet).
  Status CommitCopy(const WriteBatch& batch);

  // The schema version this build writes (the number of migrations).
  static int SchemaVersion();

 private:
  SqliteStore(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  Status CommitBatches(std::span<const WriteBatch* const> batches, bool copy);
  Status CommitLocked(std::span<const WriteBatch* const> batches, bool copy);
  Result<std::uint64_t> LastSeqLocked();

  std::mutex mu_;
  sqlite3* db_;
  std::filesystem::path path_;
};

}  // namespace beacon::store
