#include "beacon/store/postgres/postgres_store.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <array>
#include <charconv>
#include <map>
#include <optional>
#include <vector>

#include "beacon/store/event_codec.h"
#include "beacon/store/sqlite/sqlite_store.h"
#include "beacon/store/store_checks.h"

namespace beacon::store {
namespace {

// Each entry is one migration (the same tables as the SQLite store); never edit a released one.
constexpr std::array<const char*, 2> kMigrations = {
    R"sql(
CREATE TABLE events (
  seq BIGINT PRIMARY KEY,
  time_ms BIGINT NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE positions (
  id BIGSERIAL PRIMARY KEY,
  unit BIGINT NOT NULL,
  time_ms BIGINT NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL
);
CREATE INDEX positions_by_unit_time ON positions (unit, time_ms);
CREATE TABLE latest_positions (
  unit BIGINT PRIMARY KEY,
  time_ms BIGINT NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL
);
CREATE TABLE audit (
  id BIGINT PRIMARY KEY,
  time_ms BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TABLE users (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled BOOLEAN NOT NULL,
  created_ms BIGINT NOT NULL
);
CREATE TABLE idempotency (
  key TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  http_status INTEGER NOT NULL,
  body TEXT NOT NULL,
  time_ms BIGINT NOT NULL
);
CREATE TABLE snapshots (
  seq BIGINT PRIMARY KEY,
  state TEXT NOT NULL
);
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the % table is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
)sql",
    // 2: patient care records, one row per record number at its latest version ("C" collation:
    // ordered by bytes, as SQLite and the memory store order them); the unit a crew user staffs.
    R"sql(
CREATE TABLE patient_records (
  number TEXT COLLATE "C" PRIMARY KEY,
  incident BIGINT NOT NULL,
  unit BIGINT NOT NULL,
  version BIGINT NOT NULL CHECK (version >= 1),
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  body TEXT NOT NULL
);
ALTER TABLE users ADD COLUMN unit TEXT NOT NULL DEFAULT '';
)sql",
};

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

std::string Trimmed(const char* s) {
  std::string out = s != nullptr ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

Status PgError(PGconn* conn, const PGresult* r, std::string_view what) {
  const char* state = r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const std::string msg =
      fmt::format("PostgreSQL {}: {}", what,
                  Trimmed(r != nullptr ? PQresultErrorMessage(r) : PQerrorMessage(conn)));
  if (PQstatus(conn) != CONNECTION_OK) return UnavailableError(msg);
  if (state != nullptr && std::string_view(state) == "23505") return AlreadyExistsError(msg);
  if (state != nullptr && std::string_view(state).substr(0, 2) == "53") {
    return ResourceExhaustedError(msg);
  }
  return InternalError(msg);
}

// Runs `sql` with text parameters (nullopt = NULL).
Result<PgResult> Run(PGconn* conn, const std::string& sql,
                     const std::vector<std::optional<std::string>>& params = {}) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PgResult r(PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                          values.data(), nullptr, nullptr, 0));
  const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return PgError(conn, r.get(), "query");
  return r;
}

Status Simple(PGconn* conn, const char* sql) {
  PgResult r(PQexec(conn, sql));
  const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return PgError(conn, r.get(), sql);
  return OkStatus();
}

std::int64_t Int(const PGresult* r, int row, int col) {
  std::int64_t v = 0;
  const char* s = PQgetvalue(r, row, col);
  std::from_chars(s, s + PQgetlength(r, row, col), v);
  return v;
}
double Double(const PGresult* r, int row, int col) {
  return std::strtod(PQgetvalue(r, row, col), nullptr);
}
std::string Text(const PGresult* r, int row, int col) {
  return std::string(PQgetvalue(r, row, col), static_cast<std::size_t>(PQgetlength(r, row, col)));
}
std::string Num(std::int64_t v) { return std::to_string(v); }
std::string Num(double v) { return fmt::format("{:.17g}", v); }

// INSERT of many rows in statements of at most 1,000 rows.
class Rows {
 public:
  Rows(std::string head, int columns, std::string tail = "")
      : head_(std::move(head)), tail_(std::move(tail)), columns_(columns) {}
  void Add(std::vector<std::optional<std::string>> row) {
    for (auto& v : row) params_.push_back(std::move(v));
    ++rows_;
  }
  Status Flush(PGconn* conn) {
    constexpr int kChunk = 1000;
    for (int first = 0; first < rows_; first += kChunk) {
      const int n = std::min(kChunk, rows_ - first);
      std::string sql = head_ + " VALUES ";
      std::vector<std::optional<std::string>> params;
      for (int i = 0; i < n; ++i) {
        sql += i == 0 ? "(" : ",(";
        for (int c = 0; c < columns_; ++c) {
          sql += fmt::format("{}${}", c == 0 ? "" : ",", i * columns_ + c + 1);
          params.push_back(params_[static_cast<std::size_t>((first + i) * columns_ + c)]);
        }
        sql += ")";
      }
      sql += tail_;
      BEACON_RETURN_IF_ERROR(Run(conn, sql, params).status());
    }
    return OkStatus();
  }

 private:
  std::string head_;
  std::string tail_;
  int columns_;
  int rows_ = 0;
  std::vector<std::optional<std::string>> params_;
};

// Splits `schema=NAME` off the URL's query; the rest goes to libpq unchanged.
Result<std::pair<std::string, std::string>> SplitSchema(const std::string& url) {
  std::string schema = "beacon";
  const std::size_t q = url.find('?');
  if (q == std::string::npos) return std::make_pair(url, schema);
  std::string base = url.substr(0, q);
  std::string rest;
  std::size_t start = q + 1;
  while (start <= url.size()) {
    std::size_t end = url.find('&', start);
    if (end == std::string::npos) end = url.size();
    const std::string param = url.substr(start, end - start);
    if (param.rfind("schema=", 0) == 0) {
      schema = param.substr(7);
      if (schema.empty() || schema.size() > 63) {
        return InvalidArgumentError("--db: schema= needs a name of 1 to 63 characters");
      }
      for (char c : schema) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) {
          return InvalidArgumentError(
              fmt::format("--db: schema '{}' may hold only letters, digits and '_'", schema));
        }
      }
    } else if (!param.empty()) {
      rest += (rest.empty() ? "" : "&") + param;
    }
    start = end + 1;
  }
  for (char& c : schema) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::make_pair(rest.empty() ? base : base + "?" + rest, schema);
}

Result<PGconn*> Connect(const std::string& conninfo, const std::string& schema) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string msg = Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return UnavailableError(fmt::format("PostgreSQL: cannot connect: {}", msg));
  }
  if (Status s = Simple(conn, "SET client_min_messages = warning"); !s.ok()) {
    PQfinish(conn);
    return s;
  }
  auto r = Run(conn, "SELECT set_config('search_path', $1, false)", {schema});
  if (!r.ok()) {
    PQfinish(conn);
    return r.status();
  }
  return conn;
}

Status Migrate(PGconn* conn, const std::string& schema) {
  BEACON_RETURN_IF_ERROR(Simple(conn, "BEGIN"));
  auto body = [&]() -> Status {
    // One migrator at a time across every process using this server.
    BEACON_RETURN_IF_ERROR(Simple(conn, "SELECT pg_advisory_xact_lock(7130411)"));
    BEACON_RETURN_IF_ERROR(
        Run(conn, fmt::format("CREATE SCHEMA IF NOT EXISTS \"{}\"", schema)).status());
    BEACON_RETURN_IF_ERROR(Simple(conn,
                                  "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                  "version INTEGER PRIMARY KEY, applied_ms BIGINT NOT NULL)"));
    BEACON_ASSIGN_OR_RETURN(PgResult have_r,
                            Run(conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    const std::int64_t have = Int(have_r.get(), 0, 0);
    if (have > static_cast<std::int64_t>(kMigrations.size())) {
      return FailedPreconditionError(fmt::format(
          "the store has schema version {}; this Beacon knows up to {} (upgrade Beacon)", have,
          kMigrations.size()));
    }
    for (std::size_t v = static_cast<std::size_t>(have); v < kMigrations.size(); ++v) {
      BEACON_RETURN_IF_ERROR(Simple(conn, kMigrations[v]).WithContextFrom([&] {
        return fmt::format("schema migration {}", v + 1);
      }));
      BEACON_RETURN_IF_ERROR(Run(conn,
                                 "INSERT INTO schema_migrations VALUES "
                                 "($1, (extract(epoch from now()) * 1000)::bigint)",
                                 {Num(static_cast<std::int64_t>(v + 1))})
                                 .status());
    }
    return OkStatus();
  }();
  if (!body.ok()) {
    (void)Simple(conn, "ROLLBACK");
    return body;
  }
  return Simple(conn, "COMMIT");
}

constexpr const char* kRecordColumns =
    "number, incident, unit, version, created_ms, updated_ms, updated_by, body";
constexpr const char* kUserColumns = "name, role, password_hash, disabled, created_ms, unit";

PatientRecordRow Record(const PGresult* r, int i) {
  return PatientRecordRow{Text(r, i, 0),
                          IncidentId{static_cast<std::uint64_t>(Int(r, i, 1))},
                          UnitId{static_cast<std::uint32_t>(Int(r, i, 2))},
                          static_cast<std::uint64_t>(Int(r, i, 3)),
                          InstantFromUnixMillis(Int(r, i, 4)),
                          InstantFromUnixMillis(Int(r, i, 5)),
                          Text(r, i, 6),
                          Text(r, i, 7)};
}

Result<std::optional<PatientRecordRow>> FindRecord(PGconn* conn, std::string_view number) {
  BEACON_ASSIGN_OR_RETURN(
      PgResult r,
      Run(conn, fmt::format("SELECT {} FROM patient_records WHERE number = $1", kRecordColumns),
          {std::string(number)}));
  if (PQntuples(r.get()) == 0) return std::optional<PatientRecordRow>();
  return std::optional<PatientRecordRow>(Record(r.get(), 0));
}

}  // namespace

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& url) {
  BEACON_ASSIGN_OR_RETURN(auto split, SplitSchema(url));
  auto& [conninfo, schema] = split;
  // The schema must exist before search_path can name it for the migration.
  BEACON_ASSIGN_OR_RETURN(PGconn * conn, Connect(conninfo, schema));
  std::unique_ptr<PostgresStore> store(new PostgresStore(conn, conninfo, schema));
  BEACON_RETURN_IF_ERROR(Migrate(conn, schema).WithContextFrom([&] {
    return fmt::format("store (PostgreSQL schema '{}')", schema);
  }));
  return store;
}

PostgresStore::~PostgresStore() { PQfinish(conn_); }

Result<std::uint64_t> PostgresStore::LastSeq() {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(PgResult r, Run(conn_, "SELECT COALESCE(MAX(seq), 0) FROM events"));
  return static_cast<std::uint64_t>(Int(r.get(), 0, 0));
}

Status PostgresStore::CommitAll(std::span<const WriteBatch* const> batches) {
  std::lock_guard lock(mu_);
  bool empty = true;
  for (const WriteBatch* b : batches) empty = empty && b->empty();
  if (empty) return OkStatus();
  BEACON_RETURN_IF_ERROR(Simple(conn_, "BEGIN"));
  Status s = CommitLocked(batches);
  if (!s.ok()) {
    (void)Simple(conn_, "ROLLBACK");
    return s;
  }
  return Simple(conn_, "COMMIT");
}

Status PostgresStore::CommitLocked(std::span<const WriteBatch* const> batches) {
  // One writer at a time: the sequence and audit numbers are read and continued under the lock.
  BEACON_RETURN_IF_ERROR(Simple(conn_, "LOCK TABLE events, audit IN SHARE ROW EXCLUSIVE MODE"));
  BEACON_ASSIGN_OR_RETURN(PgResult last_r, Run(conn_,
                                               "SELECT (SELECT COALESCE(MAX(seq), 0) FROM events), "
                                               "(SELECT COALESCE(MAX(id), 0) FROM audit)"));
  std::uint64_t last = static_cast<std::uint64_t>(Int(last_r.get(), 0, 0));
  std::int64_t audit_id = Int(last_r.get(), 0, 1);
  for (const WriteBatch* b : batches) BEACON_RETURN_IF_ERROR(CheckBatch(last, *b));

  // Patient records in order, each over the stored row or what an earlier row of this commit
  // wrote; then one write per number: its last row, over the version read here.
  std::map<std::string, std::optional<PatientRecordRow>> stored;  // by number, as read
  std::map<std::string, const PatientRecordRow*> records;         // by number, the last row
  for (const WriteBatch* b : batches) {
    for (const PatientRecordRow& r : b->records) {
      const PatientRecordRow* current = nullptr;
      if (auto w = records.find(r.number); w != records.end()) {
        current = w->second;
      } else {
        BEACON_ASSIGN_OR_RETURN(std::optional<PatientRecordRow> row, FindRecord(conn_, r.number));
        auto it = stored.emplace(r.number, std::move(row)).first;
        if (it->second) current = &*it->second;
      }
      BEACON_RETURN_IF_ERROR(CheckPatientRecord(current, r));
      records[r.number] = &r;
    }
  }

  Rows events("INSERT INTO events (seq, time_ms, kind, body)", 4);
  Rows positions("INSERT INTO positions (unit, time_ms, lat, lon)", 4);
  Rows audit("INSERT INTO audit (id, time_ms, actor, action, target, detail)", 6);
  Rows idempotency("INSERT INTO idempotency (key, request_hash, http_status, body, time_ms)", 5);
  std::optional<Snapshot> snapshot;
  std::map<UnitId, PositionRecord> latest;
  std::map<std::string, UserRecord> users;
  for (const WriteBatch* b : batches) {
    for (const cad::Event& e : b->events) {
      events.Add({Num(static_cast<std::int64_t>(e.seq)), Num(UnixMillis(e.time)),
                  std::string(cad::EventKindName(e.payload)), EncodeEvent(e)});
    }
    for (const PositionRecord& p : b->positions) {
      positions.Add({Num(static_cast<std::int64_t>(p.unit.value())), Num(UnixMillis(p.time)),
                     Num(p.position.lat), Num(p.position.lon)});
      auto [it, inserted] = latest.try_emplace(p.unit, p);
      if (!inserted && p.time >= it->second.time) it->second = p;
    }
    for (const AuditRecord& a : b->audit) {
      audit.Add({Num(++audit_id), Num(UnixMillis(a.time)), a.actor, a.action, a.target, a.detail});
    }
    for (const UserRecord& u : b->users) users[u.name] = u;
    for (const IdempotencyRecord& r : b->idempotency) {
      idempotency.Add({r.key, r.request_hash, Num(static_cast<std::int64_t>(r.http_status)), r.body,
                       Num(UnixMillis(r.time))});
    }
    if (b->snapshot) snapshot = b->snapshot;
  }
  BEACON_RETURN_IF_ERROR(events.Flush(conn_));
  BEACON_RETURN_IF_ERROR(positions.Flush(conn_));
  BEACON_RETURN_IF_ERROR(audit.Flush(conn_));
  BEACON_RETURN_IF_ERROR(idempotency.Flush(conn_));
  for (const auto& [unit, p] : latest) {
    BEACON_RETURN_IF_ERROR(
        Run(conn_,
            "INSERT INTO latest_positions (unit, time_ms, lat, lon) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (unit) DO UPDATE SET time_ms = excluded.time_ms, lat = excluded.lat, "
            "lon = excluded.lon WHERE excluded.time_ms >= latest_positions.time_ms",
            {Num(static_cast<std::int64_t>(unit.value())), Num(UnixMillis(p.time)),
             Num(p.position.lat), Num(p.position.lon)})
            .status());
  }
  for (const auto& [name, u] : users) {
    BEACON_RETURN_IF_ERROR(
        Run(conn_,
            "INSERT INTO users (name, role, password_hash, disabled, created_ms, unit) VALUES "
            "($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO UPDATE SET role = excluded.role, "
            "password_hash = excluded.password_hash, disabled = excluded.disabled, "
            "unit = excluded.unit",
            {u.name, u.role, u.password_hash, std::string(u.disabled ? "true" : "false"),
             Num(UnixMillis(u.created)), u.unit})
            .status());
  }
  for (const auto& [number, r] : records) {
    const std::optional<PatientRecordRow>& before = stored.at(number);
    if (!before) {
      BEACON_RETURN_IF_ERROR(
          Run(conn_,
              fmt::format(
                  "INSERT INTO patient_records ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                  kRecordColumns),
              {r->number, Num(static_cast<std::int64_t>(r->incident.value())),
               Num(static_cast<std::int64_t>(r->unit.value())),
               Num(static_cast<std::int64_t>(r->version)), Num(UnixMillis(r->created)),
               Num(UnixMillis(r->updated)), r->updated_by, r->body})
              .status());
      continue;
    }
    BEACON_ASSIGN_OR_RETURN(
        PgResult u,
        Run(conn_,
            "UPDATE patient_records SET version = $1, updated_ms = $2, updated_by = $3, "
            "body = $4 WHERE number = $5 AND version = $6",
            {Num(static_cast<std::int64_t>(r->version)), Num(UnixMillis(r->updated)), r->updated_by,
             r->body, r->number, Num(static_cast<std::int64_t>(before->version))}));
    if (std::string_view(PQcmdTuples(u.get())) != "1") {  // a guard against a change under us
      return AbortedError(
          fmt::format("patient record '{}' is no longer at version {}", number, before->version));
    }
  }
  if (snapshot) {
    BEACON_RETURN_IF_ERROR(Run(conn_,
                               "INSERT INTO snapshots (seq, state) VALUES ($1, $2) "
                               "ON CONFLICT (seq) DO UPDATE SET state = excluded.state",
                               {Num(static_cast<std::int64_t>(snapshot->seq)), snapshot->state})
                               .status());
  }
  return OkStatus();
}

Status PostgresStore::ReadEvents(std::uint64_t after, std::size_t limit,
                                 std::vector<cad::Event>& out) {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(
      PgResult r,
      Run(conn_, "SELECT seq, body FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
          {Num(static_cast<std::int64_t>(after)), Num(static_cast<std::int64_t>(limit))}));
  for (int i = 0; i < PQntuples(r.get()); ++i) {
    const std::int64_t seq = Int(r.get(), i, 0);
    BEACON_ASSIGN_OR_RETURN(cad::Event e, DecodeEvent(Text(r.get(), i, 1)).WithContextFrom([&] {
      return fmt::format("store (PostgreSQL schema '{}'): event row {}", schema_, seq);
    }));
    if (e.seq != static_cast<std::uint64_t>(seq)) {
      return DataLossError(fmt::format(
          "store (PostgreSQL schema '{}'): event row {} holds event {}", schema_, seq, e.seq));
    }
    out.push_back(std::move(e));
  }
  return OkStatus();
}

Result<std::optional<Snapshot>> PostgresStore::LatestSnapshot() {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(PgResult r,
                          Run(conn_, "SELECT seq, state FROM snapshots ORDER BY seq DESC LIMIT 1"));
  if (PQntuples(r.get()) == 0) return std::optional<Snapshot>();
  return std::optional<Snapshot>(
      Snapshot{static_cast<std::uint64_t>(Int(r.get(), 0, 0)), Text(r.get(), 0, 1)});
}

namespace {
std::vector<PositionRecord> Positions(const PGresult* r) {
  std::vector<PositionRecord> out;
  for (int i = 0; i < PQntuples(r); ++i) {
    out.push_back({UnitId{static_cast<std::uint32_t>(Int(r, i, 0))},
                   LatLon{Double(r, i, 2), Double(r, i, 3)}, InstantFromUnixMillis(Int(r, i, 1))});
  }
  return out;
}
UserRecord User(const PGresult* r, int i) {
  return UserRecord{Text(r, i, 0),
                    Text(r, i, 1),
                    Text(r, i, 2),
                    Text(r, i, 3) == "t",
                    InstantFromUnixMillis(Int(r, i, 4)),
                    Text(r, i, 5)};
}
}  // namespace

Result<std::vector<PositionRecord>> PostgresStore::LatestPositions() {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(
      PgResult r, Run(conn_, "SELECT unit, time_ms, lat, lon FROM latest_positions ORDER BY unit"));
  return Positions(r.get());
}

Result<std::vector<PositionRecord>> PostgresStore::PositionHistory(UnitId unit, Instant from,
                                                                   Instant to) {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(PgResult r,
                          Run(conn_,
                              "SELECT unit, time_ms, lat, lon FROM positions WHERE unit = $1 AND "
                              "time_ms BETWEEN $2 AND $3 ORDER BY time_ms, id",
                              {Num(static_cast<std::int64_t>(unit.value())), Num(UnixMillis(from)),
                               Num(UnixMillis(to))}));
  return Positions(r.get());
}

Result<std::optional<UserRecord>> PostgresStore::FindUser(std::string_view name) {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(
      PgResult r, Run(conn_, fmt::format("SELECT {} FROM users WHERE name = $1", kUserColumns),
                      {std::string(name)}));
  if (PQntuples(r.get()) == 0) return std::optional<UserRecord>();
  return std::optional<UserRecord>(User(r.get(), 0));
}

Result<std::vector<UserRecord>> PostgresStore::Users() {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(
      PgResult r, Run(conn_, fmt::format("SELECT {} FROM users ORDER BY name", kUserColumns)));
  std::vector<UserRecord> out;
  for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(User(r.get(), i));
  return out;
}

Result<std::optional<IdempotencyRecord>> PostgresStore::FindIdempotency(std::string_view key) {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(PgResult r, Run(conn_,
                                          "SELECT key, request_hash, http_status, body, time_ms "
                                          "FROM idempotency WHERE key = $1",
                                          {std::string(key)}));
  if (PQntuples(r.get()) == 0) return std::optional<IdempotencyRecord>();
  return std::optional<IdempotencyRecord>(IdempotencyRecord{
      Text(r.get(), 0, 0), Text(r.get(), 0, 1), static_cast<int>(Int(r.get(), 0, 2)),
      Text(r.get(), 0, 3), InstantFromUnixMillis(Int(r.get(), 0, 4))});
}

Result<std::vector<PatientRecordRow>> PostgresStore::PatientRecords() {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(
      PgResult r,
      Run(conn_, fmt::format("SELECT {} FROM patient_records ORDER BY number", kRecordColumns)));
  std::vector<PatientRecordRow> out;
  out.reserve(static_cast<std::size_t>(PQntuples(r.get())));
  for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(Record(r.get(), i));
  return out;
}

Result<std::optional<PatientRecordRow>> PostgresStore::FindPatientRecord(std::string_view number) {
  std::lock_guard lock(mu_);
  return FindRecord(conn_, number);
}

Status PostgresStore::ReadAudit(std::uint64_t after, std::size_t limit,
                                std::vector<AuditRecord>& out) {
  std::lock_guard lock(mu_);
  BEACON_ASSIGN_OR_RETURN(
      PgResult r,
      Run(conn_,
          "SELECT id, time_ms, actor, action, target, detail FROM audit WHERE id > $1 "
          "ORDER BY id LIMIT $2",
          {Num(static_cast<std::int64_t>(after)), Num(static_cast<std::int64_t>(limit))}));
  for (int i = 0; i < PQntuples(r.get()); ++i) {
    out.push_back(AuditRecord{static_cast<std::uint64_t>(Int(r.get(), i, 0)),
                              InstantFromUnixMillis(Int(r.get(), i, 1)), Text(r.get(), i, 2),
                              Text(r.get(), i, 3), Text(r.get(), i, 4), Text(r.get(), i, 5)});
  }
  return OkStatus();
}

Status PostgresStore::Backup(const std::filesystem::path& out) {
  std::error_code ec;
  if (std::filesystem::exists(out, ec)) {
    return AlreadyExistsError(fmt::format("backup '{}' already exists", out.string()));
  }
  // Its own connection and one REPEATABLE READ transaction: every table read from the same
  // snapshot while the server goes on writing.
  BEACON_ASSIGN_OR_RETURN(PGconn * conn, Connect(conninfo_, schema_));
  std::unique_ptr<PGconn, void (*)(PGconn*)> guard(conn, PQfinish);
  BEACON_RETURN_IF_ERROR(Simple(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  WriteBatch all;
  BEACON_ASSIGN_OR_RETURN(PgResult ev, Run(conn, "SELECT body FROM events ORDER BY seq"));
  for (int i = 0; i < PQntuples(ev.get()); ++i) {
    BEACON_ASSIGN_OR_RETURN(cad::Event e, DecodeEvent(Text(ev.get(), i, 0)));
    all.events.push_back(std::move(e));
  }
  BEACON_ASSIGN_OR_RETURN(PgResult pos,
                          Run(conn, "SELECT unit, time_ms, lat, lon FROM positions ORDER BY id"));
  all.positions = Positions(pos.get());
  BEACON_ASSIGN_OR_RETURN(
      PgResult au,
      Run(conn, "SELECT id, time_ms, actor, action, target, detail FROM audit ORDER BY id"));
  for (int i = 0; i < PQntuples(au.get()); ++i) {
    all.audit.push_back(AuditRecord{0, InstantFromUnixMillis(Int(au.get(), i, 1)),
                                    Text(au.get(), i, 2), Text(au.get(), i, 3),
                                    Text(au.get(), i, 4), Text(au.get(), i, 5)});
  }
  BEACON_ASSIGN_OR_RETURN(PgResult us,
                          Run(conn, fmt::format("SELECT {} FROM users", kUserColumns)));
  for (int i = 0; i < PQntuples(us.get()); ++i) all.users.push_back(User(us.get(), i));
  BEACON_ASSIGN_OR_RETURN(
      PgResult id,
      Run(conn, "SELECT key, request_hash, http_status, body, time_ms FROM idempotency"));
  for (int i = 0; i < PQntuples(id.get()); ++i) {
    all.idempotency.push_back(IdempotencyRecord{
        Text(id.get(), i, 0), Text(id.get(), i, 1), static_cast<int>(Int(id.get(), i, 2)),
        Text(id.get(), i, 3), InstantFromUnixMillis(Int(id.get(), i, 4))});
  }
  BEACON_ASSIGN_OR_RETURN(
      PgResult pr,
      Run(conn, fmt::format("SELECT {} FROM patient_records ORDER BY number", kRecordColumns)));
  for (int i = 0; i < PQntuples(pr.get()); ++i) all.records.push_back(Record(pr.get(), i));
  BEACON_ASSIGN_OR_RETURN(PgResult sn,
                          Run(conn, "SELECT seq, state FROM snapshots ORDER BY seq DESC LIMIT 1"));
  if (PQntuples(sn.get()) > 0) {
    all.snapshot = Snapshot{static_cast<std::uint64_t>(Int(sn.get(), 0, 0)), Text(sn.get(), 0, 1)};
  }
  BEACON_RETURN_IF_ERROR(Simple(conn, "COMMIT"));
  BEACON_ASSIGN_OR_RETURN(std::unique_ptr<SqliteStore> copy, SqliteStore::Open(out));
  // CommitCopy: the records keep their versions (Commit would take only version 1 as new).
  return copy->CommitCopy(all).WithContextFrom(
      [&] { return fmt::format("backup to '{}'", out.string()); });
}

}  // namespace beacon::store
