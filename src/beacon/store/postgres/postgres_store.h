// PostgresStore: the Store on a PostgreSQL server through libpq, for agencies that run their
// databases centrally. A commit returns when PostgreSQL reports the transaction committed (with
// the server's default synchronous_commit=on: flushed to its WAL). The schema lives in one
// PostgreSQL schema ("beacon" unless the URL says `schema=NAME`), created and migrated on open
// under an advisory lock; events and audit refuse UPDATE and DELETE (triggers).
//
//   BEACON_ASSIGN_OR_RETURN(auto store,
//       PostgresStore::Open("postgresql://beacon@127.0.0.1:5432/beacon?schema=beacon"));
//
// Thread-safety: one connection; calls are serialised by an internal mutex. Backup uses its own
// connection in one REPEATABLE READ transaction (a consistent snapshot) and writes an SQLite
// store file.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "beacon/store/store.h"

struct pg_conn;

namespace beacon::store {

class PostgresStore final : public Store {
 public:
  // `url`: a libpq connection URI, optionally with `schema=NAME` among its query parameters.
  static Result<std::unique_ptr<PostgresStore>> Open(const std::string& url);
  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  [[nodiscard]] std::string_view kind() const override { return "postgresql"; }
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
  PostgresStore(pg_conn* conn, std::string conninfo, std::string schema)
      : conn_(conn), conninfo_(std::move(conninfo)), schema_(std::move(schema)) {}
  Status CommitLocked(std::span<const WriteBatch* const> batches);

  std::mutex mu_;
  pg_conn* conn_;
  std::string conninfo_;  // without schema=
  std::string schema_;
};

}  // namespace beacon::store
