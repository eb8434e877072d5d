#include "beacon/store/sqlite/sqlite_store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <array>
#include <string>

#include "beacon/store/event_codec.h"
#include "beacon/store/store_checks.h"

namespace beacon::store {
namespace {

// Each entry is one migration; SchemaVersion() is their number. Never edit a released entry:
// add a new one.
constexpr std::array<const char*, 2> kMigrations = {
    R"sql(
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TABLE positions (
  id INTEGER PRIMARY KEY,
  unit INTEGER NOT NULL,
  time_ms INTEGER NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL
);
CREATE INDEX positions_by_unit_time ON positions (unit, time_ms);
CREATE TABLE latest_positions (
  unit INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL
);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE users (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE TABLE idempotency (
  key TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  http_status INTEGER NOT NULL,
  body TEXT NOT NULL,
  time_ms INTEGER NOT NULL
);
CREATE TABLE snapshots (
  seq INTEGER PRIMARY KEY,
  state TEXT NOT NULL
);
)sql",
    // 2: patient care records, one row per record number at its latest version; the unit a crew
    // user staffs.
    R"sql(
CREATE TABLE patient_records (
  number TEXT PRIMARY KEY,
  incident INTEGER NOT NULL,
  unit INTEGER NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  body TEXT NOT NULL
);
ALTER TABLE users ADD COLUMN unit TEXT NOT NULL DEFAULT '';
)sql",
};

Status SqlError(sqlite3* db, std::string_view what) {
  const int code = sqlite3_extended_errcode(db);
  const std::string msg = fmt::format("SQLite {}: {}", what, sqlite3_errmsg(db));
  if (code == SQLITE_FULL) return ResourceExhaustedError(msg);
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return DataLossError(msg);
  if (code == SQLITE_CANTOPEN || code == SQLITE_READONLY || code == SQLITE_PERM)
    return UnavailableError(msg);
  return InternalError(msg);
}

Status Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err != nullptr ? err : "unknown error";
    sqlite3_free(err);
    return InternalError(fmt::format("SQLite: {}", msg));
  }
  return OkStatus();
}

// A prepared statement (finalised on destruction). Bind indexes start at 1.
class Stmt {
 public:
  static Result<Stmt> Prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &s, nullptr) !=
        SQLITE_OK) {
      return SqlError(db, "prepare");
    }
    return Stmt(db, s);
  }
  Stmt(Stmt&& o) noexcept : db_(o.db_), s_(o.s_) { o.s_ = nullptr; }
  Stmt& operator=(Stmt&&) = delete;
  Stmt(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(s_); }

  Stmt& Bind(int i, std::int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& Bind(int i, double v) {
    sqlite3_bind_double(s_, i, v);
    return *this;
  }
  Stmt& Bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // true: a row is ready; false: done.
  Result<bool> Step() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqlError(db_, "step");
  }
  Status Run() {
    BEACON_ASSIGN_OR_RETURN(bool row, Step());
    (void)row;
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
    return OkStatus();
  }
  std::int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  double Double(int col) const { return sqlite3_column_double(s_, col); }
  std::string Text(int col) const {
    const unsigned char* t = sqlite3_column_text(s_, col);
    return t == nullptr ? std::string()
                        : std::string(reinterpret_cast<const char*>(t),
                                      static_cast<std::size_t>(sqlite3_column_bytes(s_, col)));
  }

 private:
  Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
  sqlite3* db_;
  sqlite3_stmt* s_;
};

Status Migrate(sqlite3* db) {
  BEACON_RETURN_IF_ERROR(Exec(db,
                              "CREATE TABLE IF NOT EXISTS schema_migrations ("
                              "version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)"));
  BEACON_ASSIGN_OR_RETURN(Stmt q, Stmt::Prepare(db, "SELECT MAX(version) FROM schema_migrations"));
  BEACON_ASSIGN_OR_RETURN(bool row, q.Step());
  const std::int64_t have = row ? q.Int(0) : 0;
  if (have > static_cast<std::int64_t>(kMigrations.size())) {
    return FailedPreconditionError(
        fmt::format("the store has schema version {}; this Beacon knows up to {} (upgrade Beacon)",
                    have, kMigrations.size()));
  }
  for (std::size_t v = static_cast<std::size_t>(have); v < kMigrations.size(); ++v) {
    BEACON_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
    Status s = Exec(db, kMigrations[v]);
    if (s.ok()) {
      auto ins = Stmt::Prepare(db,
                               "INSERT INTO schema_migrations (version, applied_ms) "
                               "VALUES (?, CAST(strftime('%s','now') AS INTEGER) * 1000)");
      s = ins.ok() ? ins->Bind(1, static_cast<std::int64_t>(v + 1)).Run() : ins.status();
    }
    if (!s.ok()) {
      (void)Exec(db, "ROLLBACK");
      return s.WithContext(fmt::format("schema migration {}", v + 1));
    }
    BEACON_RETURN_IF_ERROR(Exec(db, "COMMIT"));
  }
  return OkStatus();
}

constexpr const char* kRecordColumns =
    "number, incident, unit, version, created_ms, updated_ms, updated_by, body";

PatientRecordRow ReadRecord(const Stmt& q) {
  return PatientRecordRow{q.Text(0),
                          IncidentId{static_cast<std::uint64_t>(q.Int(1))},
                          UnitId{static_cast<std::uint32_t>(q.Int(2))},
                          static_cast<std::uint64_t>(q.Int(3)),
                          InstantFromUnixMillis(q.Int(4)),
                          InstantFromUnixMillis(q.Int(5)),
                          q.Text(6),
                          q.Text(7)};
}

Result<std::optional<PatientRecordRow>> FindRecord(sqlite3* db, std::string_view number) {
  BEACON_ASSIGN_OR_RETURN(
      Stmt q, Stmt::Prepare(db, fmt::format("SELECT {} FROM patient_records WHERE number = ?",
                                            kRecordColumns)));
  q.Bind(1, number);
  BEACON_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::optional<PatientRecordRow>();
  return std::optional<PatientRecordRow>(ReadRecord(q));
}

Status Configure(sqlite3* db) {
  sqlite3_busy_timeout(db, 5000);
  BEACON_RETURN_IF_ERROR(Exec(db, "PRAGMA journal_mode=WAL"));
  BEACON_RETURN_IF_ERROR(Exec(db, "PRAGMA synchronous=FULL"));
  return Exec(db, "PRAGMA foreign_keys=ON");
}

}  // namespace

int SqliteStore::SchemaVersion() { return static_cast<int>(kMigrations.size()); }

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    const std::string msg = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return UnavailableError(fmt::format("store '{}': cannot open: {}", path.string(), msg));
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(db, path));
  auto context = [&] { return fmt::format("store '{}'", path.string()); };
  BEACON_RETURN_IF_ERROR(Configure(db).WithContextFrom(context));
  BEACON_RETURN_IF_ERROR(Migrate(db).WithContextFrom(context));
  return store;
}

SqliteStore::~SqliteStore() { sqlite3_close(db_); }

Result<std::uint64_t> SqliteStore::LastSeqLocked() {
  BEACON_ASSIGN_OR_RETURN(Stmt q, Stmt::Prepare(db_, "SELECT COALESCE(MAX(seq), 0) FROM events"));
  BEACON_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? static_cast<std::uint64_t>(q.Int(0)) : 0;
}

Result<std::uint64_t> SqliteStore::LastSeq() {
  std::lock_guard lock(mu_);
  return LastSeqLocked();
}

Status SqliteStore::CommitAll(std::span<const WriteBatch* const> batches) {
  return CommitBatches(batches, /*copy=*/false);
}

Status SqliteStore::CommitCopy(const WriteBatch& batch) {
  const WriteBatch* one = &batch;
  return CommitBatches(std::span<const WriteBatch* const>(&one, 1), /*copy=*/true);
}

Status SqliteStore::CommitBatches(std::span<const WriteBatch* const> batches, bool copy) {
  std::lock_guard lock(mu_);
  bool empty = true;
  for (const WriteBatch* b : batches) empty = empty && b->empty();
  if (empty) return OkStatus();
  BEACON_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
  Status s = CommitLocked(batches, copy);
  if (!s.ok()) {
    (void)Exec(db_, "ROLLBACK");
    return s;
  }
  if (Status c = Exec(db_, "COMMIT"); !c.ok()) {
    (void)Exec(db_, "ROLLBACK");
    return c;
  }
  return OkStatus();
}

Status SqliteStore::CommitLocked(std::span<const WriteBatch* const> batches, bool copy) {
  BEACON_ASSIGN_OR_RETURN(std::uint64_t last, LastSeqLocked());
  for (const WriteBatch* b : batches) BEACON_RETURN_IF_ERROR(CheckBatch(last, *b));
  BEACON_ASSIGN_OR_RETURN(Stmt event, Stmt::Prepare(db_,
                                                    "INSERT INTO events (seq, time_ms, kind, body) "
                                                    "VALUES (?, ?, ?, ?)"));
  BEACON_ASSIGN_OR_RETURN(Stmt position,
                          Stmt::Prepare(db_,
                                        "INSERT INTO positions (unit, time_ms, lat, lon) "
                                        "VALUES (?, ?, ?, ?)"));
  BEACON_ASSIGN_OR_RETURN(
      Stmt latest,
      Stmt::Prepare(db_,
                    "INSERT INTO latest_positions (unit, time_ms, lat, lon) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (unit) DO UPDATE SET time_ms = excluded.time_ms, "
                    "lat = excluded.lat, lon = excluded.lon "
                    "WHERE excluded.time_ms >= latest_positions.time_ms"));
  BEACON_ASSIGN_OR_RETURN(
      Stmt audit, Stmt::Prepare(db_,
                                "INSERT INTO audit (time_ms, actor, action, target, detail) "
                                "VALUES (?, ?, ?, ?, ?)"));
  BEACON_ASSIGN_OR_RETURN(
      Stmt user, Stmt::Prepare(db_,
                               "INSERT INTO users (name, role, password_hash, disabled, "
                               "created_ms, unit) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO "
                               "UPDATE SET role = excluded.role, password_hash = "
                               "excluded.password_hash, disabled = excluded.disabled, "
                               "unit = excluded.unit"));
  BEACON_ASSIGN_OR_RETURN(Stmt idempotent,
                          Stmt::Prepare(db_,
                                        "INSERT INTO idempotency (key, request_hash, http_status, "
                                        "body, time_ms) VALUES (?, ?, ?, ?, ?)"));
  BEACON_ASSIGN_OR_RETURN(
      Stmt record_insert,
      Stmt::Prepare(db_, fmt::format("INSERT INTO patient_records ({}) VALUES (?, ?, ?, ?, ?, ?, "
                                     "?, ?)",
                                     kRecordColumns)));
  BEACON_ASSIGN_OR_RETURN(
      Stmt record_replace,
      Stmt::Prepare(db_,
                    "UPDATE patient_records SET version = ?, updated_ms = ?, "
                    "updated_by = ?, body = ? WHERE number = ? AND version = ?"));
  BEACON_ASSIGN_OR_RETURN(
      Stmt snapshot,
      Stmt::Prepare(db_, "INSERT OR REPLACE INTO snapshots (seq, state) VALUES (?, ?)"));
  for (const WriteBatch* b : batches) {
    const WriteBatch& batch = *b;
    for (const cad::Event& e : batch.events) {
      BEACON_RETURN_IF_ERROR(event.Bind(1, static_cast<std::int64_t>(e.seq))
                                 .Bind(2, UnixMillis(e.time))
                                 .Bind(3, cad::EventKindName(e.payload))
                                 .Bind(4, std::string_view(EncodeEvent(e)))
                                 .Run());
    }
    for (const PositionRecord& p : batch.positions) {
      for (Stmt* s : {&position, &latest}) {
        BEACON_RETURN_IF_ERROR(s->Bind(1, static_cast<std::int64_t>(p.unit.value()))
                                   .Bind(2, UnixMillis(p.time))
                                   .Bind(3, p.position.lat)
                                   .Bind(4, p.position.lon)
                                   .Run());
      }
    }
    for (const AuditRecord& a : batch.audit) {
      BEACON_RETURN_IF_ERROR(audit.Bind(1, UnixMillis(a.time))
                                 .Bind(2, std::string_view(a.actor))
                                 .Bind(3, std::string_view(a.action))
                                 .Bind(4, std::string_view(a.target))
                                 .Bind(5, std::string_view(a.detail))
                                 .Run());
    }
    for (const UserRecord& u : batch.users) {
      BEACON_RETURN_IF_ERROR(user.Bind(1, std::string_view(u.name))
                                 .Bind(2, std::string_view(u.role))
                                 .Bind(3, std::string_view(u.password_hash))
                                 .Bind(4, static_cast<std::int64_t>(u.disabled ? 1 : 0))
                                 .Bind(5, UnixMillis(u.created))
                                 .Bind(6, std::string_view(u.unit))
                                 .Run());
    }
    for (const IdempotencyRecord& r : batch.idempotency) {
      const Status s = idempotent.Bind(1, std::string_view(r.key))
                           .Bind(2, std::string_view(r.request_hash))
                           .Bind(3, static_cast<std::int64_t>(r.http_status))
                           .Bind(4, std::string_view(r.body))
                           .Bind(5, UnixMillis(r.time))
                           .Run();
      if (!s.ok()) {
        if (sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_PRIMARYKEY) {
          return AlreadyExistsError(fmt::format("idempotency key '{}' is already stored", r.key));
        }
        return s;
      }
    }
    // In order, each over what the rows before it wrote (this transaction reads its own writes).
    for (const PatientRecordRow& r : batch.records) {
      if (!copy) {
        BEACON_ASSIGN_OR_RETURN(std::optional<PatientRecordRow> current, FindRecord(db_, r.number));
        BEACON_RETURN_IF_ERROR(CheckPatientRecord(current ? &*current : nullptr, r));
      }
      if (copy || r.version == 1) {
        const Status s = record_insert.Bind(1, std::string_view(r.number))
                             .Bind(2, static_cast<std::int64_t>(r.incident.value()))
                             .Bind(3, static_cast<std::int64_t>(r.unit.value()))
                             .Bind(4, static_cast<std::int64_t>(r.version))
                             .Bind(5, UnixMillis(r.created))
                             .Bind(6, UnixMillis(r.updated))
                             .Bind(7, std::string_view(r.updated_by))
                             .Bind(8, std::string_view(r.body))
                             .Run();
        if (!s.ok()) {
          if (sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_PRIMARYKEY) {
            return AlreadyExistsError(fmt::format("patient record '{}' already exists", r.number));
          }
          return s;
        }
        continue;
      }
      BEACON_RETURN_IF_ERROR(record_replace.Bind(1, static_cast<std::int64_t>(r.version))
                                 .Bind(2, UnixMillis(r.updated))
                                 .Bind(3, std::string_view(r.updated_by))
                                 .Bind(4, std::string_view(r.body))
                                 .Bind(5, std::string_view(r.number))
                                 .Bind(6, static_cast<std::int64_t>(r.version - 1))
                                 .Run());
      if (sqlite3_changes(db_) != 1) {  // checked above; a guard against a change under us
        return AbortedError(
            fmt::format("patient record '{}' is no longer at version {}", r.number, r.version - 1));
      }
    }
    if (batch.snapshot) {
      BEACON_RETURN_IF_ERROR(snapshot.Bind(1, static_cast<std::int64_t>(batch.snapshot->seq))
                                 .Bind(2, std::string_view(batch.snapshot->state))
                                 .Run());
    }
  }
  return OkStatus();
}

Status SqliteStore::ReadEvents(std::uint64_t after, std::size_t limit,
                               std::vector<cad::Event>& out) {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(
      Stmt q,
      Stmt::Prepare(db_, "SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?"));
  q.Bind(1, static_cast<std::int64_t>(after)).Bind(2, static_cast<std::int64_t>(limit));
  while (true) {
    BEACON_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    BEACON_ASSIGN_OR_RETURN(cad::Event e, DecodeEvent(q.Text(1)).WithContextFrom([&] {
      return fmt::format("store '{}': event row {}", path_.string(), q.Int(0));
    }));
    if (e.seq != static_cast<std::uint64_t>(q.Int(0))) {
      return DataLossError(
          fmt::format("store '{}': event row {} holds event {}", path_.string(), q.Int(0), e.seq));
    }
    out.push_back(std::move(e));
  }
  return OkStatus();
}

Result<std::optional<Snapshot>> SqliteStore::LatestSnapshot() {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(
      Stmt q, Stmt::Prepare(db_, "SELECT seq, state FROM snapshots ORDER BY seq DESC LIMIT 1"));
  BEACON_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::optional<Snapshot>();
  return std::optional<Snapshot>(Snapshot{static_cast<std::uint64_t>(q.Int(0)), q.Text(1)});
}

namespace {
Result<std::vector<PositionRecord>> ReadPositions(Stmt& q) {
  std::vector<PositionRecord> out;
  while (true) {
    BEACON_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back({UnitId{static_cast<std::uint32_t>(q.Int(0))}, LatLon{q.Double(2), q.Double(3)},
                   InstantFromUnixMillis(q.Int(1))});
  }
  return out;
}
}  // namespace

Result<std::vector<PositionRecord>> SqliteStore::LatestPositions() {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(
      Stmt q,
      Stmt::Prepare(db_, "SELECT unit, time_ms, lat, lon FROM latest_positions ORDER BY unit"));
  return ReadPositions(q);
}

Result<std::vector<PositionRecord>> SqliteStore::PositionHistory(UnitId unit, Instant from,
                                                                 Instant to) {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(
      Stmt q, Stmt::Prepare(db_,
                            "SELECT unit, time_ms, lat, lon FROM positions WHERE unit = ? AND "
                            "time_ms BETWEEN ? AND ? ORDER BY time_ms, id"));
  q.Bind(1, static_cast<std::int64_t>(unit.value()))
      .Bind(2, UnixMillis(from))
      .Bind(3, UnixMillis(to));
  return ReadPositions(q);
}

namespace {
constexpr const char* kUserColumns = "name, role, password_hash, disabled, created_ms, unit";

UserRecord ReadUser(const Stmt& q) {
  return UserRecord{q.Text(0), q.Text(1), q.Text(2), q.Int(3) != 0, InstantFromUnixMillis(q.Int(4)),
                    q.Text(5)};
}
}  // namespace

Result<std::optional<UserRecord>> SqliteStore::FindUser(std::string_view name) {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(
      Stmt q, Stmt::Prepare(db_, fmt::format("SELECT {} FROM users WHERE name = ?", kUserColumns)));
  q.Bind(1, name);
  BEACON_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::optional<UserRecord>();
  return std::optional<UserRecord>(ReadUser(q));
}

Result<std::vector<UserRecord>> SqliteStore::Users() {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(
      Stmt q, Stmt::Prepare(db_, fmt::format("SELECT {} FROM users ORDER BY name", kUserColumns)));
  std::vector<UserRecord> out;
  while (true) {
    BEACON_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(ReadUser(q));
  }
  return out;
}

Result<std::optional<IdempotencyRecord>> SqliteStore::FindIdempotency(std::string_view key) {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(Stmt q,
                          Stmt::Prepare(db_,
                                        "SELECT key, request_hash, http_status, body, time_ms FROM "
                                        "idempotency WHERE key = ?"));
  q.Bind(1, key);
  BEACON_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::optional<IdempotencyRecord>();
  return std::optional<IdempotencyRecord>(IdempotencyRecord{q.Text(0), q.Text(1),
                                                            static_cast<int>(q.Int(2)), q.Text(3),
                                                            InstantFromUnixMillis(q.Int(4))});
}

Result<std::vector<PatientRecordRow>> SqliteStore::PatientRecords() {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(
      Stmt q, Stmt::Prepare(db_, fmt::format("SELECT {} FROM patient_records ORDER BY number",
                                             kRecordColumns)));
  std::vector<PatientRecordRow> out;
  while (true) {
    BEACON_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(ReadRecord(q));
  }
  return out;
}

Result<std::optional<PatientRecordRow>> SqliteStore::FindPatientRecord(std::string_view number) {
  std::lock_guard lock(mu_);
  return FindRecord(db_, number);
}

Status SqliteStore::ReadAudit(std::uint64_t after, std::size_t limit,
                              std::vector<AuditRecord>& out) {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(
      Stmt q, Stmt::Prepare(db_,
                            "SELECT id, time_ms, actor, action, target, detail FROM audit "
                            "WHERE id > ? ORDER BY id LIMIT ?"));
  q.Bind(1, static_cast<std::int64_t>(after)).Bind(2, static_cast<std::int64_t>(limit));
  while (true) {
    BEACON_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(AuditRecord{static_cast<std::uint64_t>(q.Int(0)), InstantFromUnixMillis(q.Int(1)),
                              q.Text(2), q.Text(3), q.Text(4), q.Text(5)});
  }
  return OkStatus();
}

Status SqliteStore::Backup(const std::filesystem::path& out) {
  std::error_code ec;
  if (std::filesystem::exists(out, ec)) {
    return AlreadyExistsError(fmt::format("backup '{}' already exists", out.string()));
  }
  // A second connection: VACUUM INTO reads one consistent snapshot (a WAL read transaction)
  // while the main connection goes on committing.
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    const std::string msg = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return UnavailableError(
        fmt::format("store '{}': cannot open for backup: {}", path_.string(), msg));
  }
  sqlite3_busy_timeout(db, 5000);
  Status s;
  {
    auto q = Stmt::Prepare(db, "VACUUM INTO ?");
    s = q.ok() ? q->Bind(1, std::string_view(out.string())).Run() : q.status();
  }
  sqlite3_close(db);
  return s.WithContextFrom([&] { return fmt::format("backup to '{}'", out.string()); });
}

}  // namespace beacon::store
