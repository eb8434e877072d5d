// Store: where the live CAD keeps everything it must never lose: the event log, unit positions
// (in batches), users, patient care records, the append-only audit log of access to patient
// data, the answers to requests carrying an Idempotency-Key, and state snapshots. One interface,
// three implementations: SQLite (the embedded default, sqlite/), PostgreSQL (postgres/) and memory
// (tests). The same test suite runs against all of them (store_suite_test.cc).
//
//   WriteBatch b;
//   b.events.push_back(event);                 // seq continues the log
//   b.audit.push_back({now, "dispatcher:kim", "read", "incident 12", ""});
//   BEACON_RETURN_IF_ERROR(store.Commit(b));   // one transaction; durable when it returns
//
// Commit is all or nothing: if the events do not continue the log (seq = last + 1, +2, ...), or
// anything else fails, nothing is written and the error names what. GroupCommitter
// (group_commit.h) merges the batches of concurrent requests into one Commit.
// Thread-safety: an implementation is used by one thread at a time (the committer thread for
// writes; reads at start-up or from that same thread). Backup may run from another thread on
// the stores that say so.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/base/latlon.h"
#include "beacon/base/result.h"
#include "beacon/base/time.h"
#include "beacon/cad/events.h"

namespace beacon::store {

struct PositionRecord {
  UnitId unit;
  LatLon position;
  Instant time;
  friend bool operator==(const PositionRecord&, const PositionRecord&) = default;
};

// One read or change of patient data, or a security-relevant action (login, user change).
struct AuditRecord {
  std::uint64_t id = 0;  // assigned by the store: 1, 2, 3 ...
  Instant time;
  std::string actor;   // "dispatcher:kim"
  std::string action;  // "read", "create", "update", "login", "login_failed", ...
  std::string target;  // "incident 12", "GET /api/v1/incidents/12"
  std::string detail;
  friend bool operator==(const AuditRecord&, const AuditRecord&) = default;
};

struct UserRecord {
  std::string name;
  std::string role;           // "dispatcher", "crew", ... (server/roles.h)
  std::string password_hash;  // libsodium crypto_pwhash_str (argon2id)
  bool disabled = false;
  Instant created;
  // Last, with a default: `{name, role, hash, disabled, created}` still initialises a user.
  std::string unit{};  // a crew user's unit call sign ("A7"); empty for other roles
  friend bool operator==(const UserRecord&, const UserRecord&) = default;
};

// The answer first given to a request with an Idempotency-Key, replayed on a retry.
struct IdempotencyRecord {
  std::string key;           // "<user>:<Idempotency-Key header>"
  std::string request_hash;  // a retry with a different body is refused
  int http_status = 0;
  std::string body;
  Instant time;
  friend bool operator==(const IdempotencyRecord&, const IdempotencyRecord&) = default;
};

// A patient care record as the server keeps it: its NEMSIS record number (eRecord.01), the unit
// response it documents, the record itself as JSON (opaque here; the server encodes it), and
// its version for optimistic concurrency.
struct PatientRecordRow {
  std::string number;  // eRecord.01, unique, e.g. "I0000123-A7"
  IncidentId incident;
  UnitId unit;
  std::uint64_t version = 1;  // 1 when created; each replacement stores version + 1
  Instant created;
  Instant updated;
  std::string updated_by;  // the actor, e.g. "crew:a7"
  std::string body;        // JSON
  friend bool operator==(const PatientRecordRow&, const PatientRecordRow&) = default;
};

// The CAD state after event `seq`, encoded by the server (opaque here).
struct Snapshot {
  std::uint64_t seq = 0;
  std::string state;
  friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

struct WriteBatch {
  std::vector<cad::Event> events;  // seq continues the log
  std::vector<PositionRecord> positions;
  std::vector<AuditRecord> audit;  // ids are assigned on commit
  std::vector<UserRecord> users;   // inserted or replaced by name
  std::vector<IdempotencyRecord> idempotency;
  // Inserted (version 1) or replaced (version = stored + 1); several rows for one number apply in
  // order. Refused: version 1 for a stored number (AlreadyExists); a replacement of a number not
  // stored (NotFound) or not of the stored version + 1 (Aborted: a concurrent change won); a
  // replacement changing the incident, unit or created time (FailedPrecondition).
  std::vector<PatientRecordRow> records;
  std::optional<Snapshot> snapshot;

  [[nodiscard]] bool empty() const;
  // Moves `other`'s records after this batch's (a later snapshot replaces an earlier one).
  void Merge(WriteBatch&& other);
};

class Store {
 public:
  virtual ~Store() = default;

  // "sqlite", "postgresql" or "memory".
  [[nodiscard]] virtual std::string_view kind() const = 0;

  // Writes the batches, in order, in one transaction; returns once it is durable. Nothing is
  // written if any of them is refused.
  virtual Status CommitAll(std::span<const WriteBatch* const> batches) = 0;
  Status Commit(const WriteBatch& batch) {
    const WriteBatch* one = &batch;
    return CommitAll(std::span<const WriteBatch* const>(&one, 1));
  }

  // The sequence number of the last event (0 for an empty log).
  virtual Result<std::uint64_t> LastSeq() = 0;
  // Events with seq > `after`, in order, at most `limit` of them, appended to `out`.
  virtual Status ReadEvents(std::uint64_t after, std::size_t limit,
                            std::vector<cad::Event>& out) = 0;
  virtual Result<std::optional<Snapshot>> LatestSnapshot() = 0;
  // The latest stored position of every unit that has one, by unit id.
  virtual Result<std::vector<PositionRecord>> LatestPositions() = 0;
  // Positions of one unit with time in [from, to], oldest first.
  virtual Result<std::vector<PositionRecord>> PositionHistory(UnitId unit, Instant from,
                                                              Instant to) = 0;

  virtual Result<std::optional<UserRecord>> FindUser(std::string_view name) = 0;
  virtual Result<std::vector<UserRecord>> Users() = 0;

  virtual Result<std::optional<IdempotencyRecord>> FindIdempotency(std::string_view key) = 0;

  // Every patient record, ordered by number (the server loads them at start).
  virtual Result<std::vector<PatientRecordRow>> PatientRecords() = 0;
  virtual Result<std::optional<PatientRecordRow>> FindPatientRecord(std::string_view number) = 0;

  // Audit records with id > `after`, oldest first, at most `limit`.
  virtual Status ReadAudit(std::uint64_t after, std::size_t limit,
                           std::vector<AuditRecord>& out) = 0;

  // A consistent copy of the whole store as a new SQLite file at `out` (which must not exist),
  // taken while writes go on.
  virtual Status Backup(const std::filesystem::path& out) = 0;
};

}  // namespace beacon::store
