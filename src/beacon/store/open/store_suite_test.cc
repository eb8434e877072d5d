// The Store suite: every implementation must pass the same tests. PostgreSQL joins when
// BEACON_TEST_POSTGRES names a server (make test starts one: tests/postgres/with_postgres.sh).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>

#include "beacon/store/memory_store.h"
#include "beacon/store/open/open_store.h"
#include "beacon/store/sqlite/sqlite_store.h"
#include "beacon/store/store_test_util.h"

namespace beacon::store {
namespace {

using testing::EventAt;
using testing::EventsBatch;

struct Kind {
  std::string name;
  // A fresh, empty store; `reopen` opens the same one again (for durability checks).
  std::function<std::unique_ptr<Store>(const std::string& tag)> open;
};

std::filesystem::path TempDir() {
  static const std::filesystem::path dir = [] {
    std::filesystem::path d = std::filesystem::temp_directory_path() /
                              ("beacon_store_test_" + std::to_string(::getpid()));
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

std::vector<Kind> Kinds() {
  std::vector<Kind> kinds;
  kinds.push_back({"memory", [](const std::string&) -> std::unique_ptr<Store> {
                     return std::make_unique<MemoryStore>();
                   }});
  kinds.push_back({"sqlite", [](const std::string& tag) -> std::unique_ptr<Store> {
                     auto s = SqliteStore::Open(TempDir() / (tag + ".db"));
                     EXPECT_TRUE(s.ok()) << s.status();
                     return s.ok() ? std::move(s).value() : nullptr;
                   }});
  if (const char* pg = std::getenv("BEACON_TEST_POSTGRES"); pg != nullptr && *pg != '\0') {
    kinds.push_back(
        {"postgresql", [url = std::string(pg)](const std::string& tag) -> std::unique_ptr<Store> {
           // One schema per test store: the same server serves every test.
           auto s = OpenStore(url + (url.find('?') == std::string::npos ? "?" : "&") + "schema=t_" +
                              tag);
           EXPECT_TRUE(s.ok()) << s.status();
           return s.ok() ? std::move(s).value() : nullptr;
         }});
  }
  return kinds;
}

// A patient record of incident 12, unit 7, created at event 1's time; version `v` was written
// `v - 1` minutes later with `body`.
PatientRecordRow Record(const std::string& number, std::uint64_t v, const std::string& body = "") {
  const Instant created = EventAt(1).time;
  return PatientRecordRow{
      number,
      IncidentId{12},
      UnitId{7},
      v,
      created,
      created + Minutes{static_cast<std::int64_t>(v) - 1},
      "crew:a7",
      body.empty() ? fmt::format("{{\"eRecord.01\":\"{}\",\"v\":{}}}", number, v) : body};
}

std::vector<std::string> Numbers(const std::vector<PatientRecordRow>& rows) {
  std::vector<std::string> out;
  for (const PatientRecordRow& r : rows) out.push_back(r.number);
  return out;
}

bool Contains(const Status& s, std::string_view text) {
  return s.message().find(text) != std::string_view::npos;
}

class StoreSuite : public ::testing::TestWithParam<Kind> {
 protected:
  // A store unique to this test (and reopened by the same tag).
  std::unique_ptr<Store> Open(const std::string& suffix = "") {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string name = std::string(info->name()) + suffix;
    std::string tag =
        fmt::format("{}_{:08x}", name.substr(0, 30), std::hash<std::string>()(name) & 0xffffffffu);
    for (char& c : tag) {
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    auto store = GetParam().open(tag);
    if (store == nullptr) ADD_FAILURE() << "could not open the " << GetParam().name << " store";
    return store;
  }
};

TEST_P(StoreSuite, EventsAreReadBackInOrderAfterReopening) {
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(*store->LastSeq(), 0u);
    ASSERT_TRUE(store->Commit(EventsBatch(1, 3)).ok());
    ASSERT_TRUE(store->Commit(EventsBatch(4, 2)).ok());
    EXPECT_EQ(*store->LastSeq(), 5u);
    std::vector<cad::Event> out;
    ASSERT_TRUE(store->ReadEvents(2, 2, out).ok());
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0], EventAt(3));
    EXPECT_EQ(out[1], EventAt(4));
  }
  if (GetParam().name == "memory") return;  // nothing outlives the object
  auto again = Open();
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(*again->LastSeq(), 5u);
  std::vector<cad::Event> all;
  ASSERT_TRUE(again->ReadEvents(0, 100, all).ok());
  ASSERT_EQ(all.size(), 5u);
  for (std::uint64_t s = 1; s <= 5; ++s) EXPECT_EQ(all[s - 1], EventAt(s));
}

TEST_P(StoreSuite, AGapOrARepeatInTheLogIsRefusedAndNothingOfTheBatchIsWritten) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Commit(EventsBatch(1, 2)).ok());
  WriteBatch gap = EventsBatch(4, 1);
  gap.audit.push_back({0, EventAt(4).time, "dispatcher:kim", "read", "incident 4", ""});
  const Status s = store->Commit(gap);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("event 4 does not continue the log (the next sequence number is 3)"),
            std::string_view::npos)
      << s;
  EXPECT_EQ(store->Commit(EventsBatch(2, 1)).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(*store->LastSeq(), 2u);
  std::vector<AuditRecord> audit;
  ASSERT_TRUE(store->ReadAudit(0, 10, audit).ok());
  EXPECT_TRUE(audit.empty()) << "a refused batch wrote its audit record";
}

TEST_P(StoreSuite, SeveralBatchesCommitTogetherOrNotAtAll) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const WriteBatch a = EventsBatch(1, 2);
  const WriteBatch b = EventsBatch(3, 2);
  const WriteBatch bad = EventsBatch(7, 1);
  std::vector<const WriteBatch*> both = {&a, &b};
  ASSERT_TRUE(store->CommitAll(both).ok());
  EXPECT_EQ(*store->LastSeq(), 4u);
  const WriteBatch c = EventsBatch(5, 1);
  std::vector<const WriteBatch*> with_bad = {&c, &bad};
  EXPECT_FALSE(store->CommitAll(with_bad).ok());
  EXPECT_EQ(*store->LastSeq(), 4u) << "the good batch of a refused group was written";
}

TEST_P(StoreSuite, PositionsKeepHistoryAndTheLatestPerUnit) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const Instant t0 = EventAt(1).time;
  WriteBatch b;
  b.positions = {{UnitId{7}, {42.33, -71.07}, t0},
                 {UnitId{7}, {42.34, -71.06}, t0 + Seconds{5}},
                 {UnitId{3}, {42.35, -71.05}, t0 + Seconds{1}}};
  ASSERT_TRUE(store->Commit(b).ok());
  WriteBatch late;  // an older fix arriving late does not replace the latest
  late.positions = {{UnitId{7}, {42.30, -71.00}, t0 + Seconds{2}}};
  ASSERT_TRUE(store->Commit(late).ok());
  auto latest = store->LatestPositions();
  ASSERT_TRUE(latest.ok()) << latest.status();
  ASSERT_EQ(latest->size(), 2u);
  EXPECT_EQ((*latest)[0].unit, UnitId{3});
  EXPECT_EQ((*latest)[1], (PositionRecord{UnitId{7}, {42.34, -71.06}, t0 + Seconds{5}}));
  auto history = store->PositionHistory(UnitId{7}, t0, t0 + Seconds{10});
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[1].position, (LatLon{42.30, -71.00}));
  EXPECT_EQ(store->PositionHistory(UnitId{7}, t0 + Seconds{3}, t0 + Seconds{10})->size(), 1u);
}

TEST_P(StoreSuite, UsersAreInsertedAndReplacedByName) {
  const Instant t0 = EventAt(1).time;
  const UserRecord ana{"ana", "crew", "$argon2id$y", false, t0, "A7"};
  const UserRecord kim{"kim", "supervisor", "$argon2id$z", true, t0, ""};
  const UserRecord lou{"lou", "crew", "$argon2id$w", false, t0 + Seconds{1}, "M3-b"};
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    WriteBatch b;
    b.users = {{"kim", "dispatcher", "$argon2id$x", false, t0},
               ana,
               {"lou", "crew", "$argon2id$w", false, t0 + Seconds{1}, "M1"}};
    ASSERT_TRUE(store->Commit(b).ok());
    auto found = store->FindUser("ana");
    ASSERT_TRUE(found.ok() && found->has_value()) << found.status();
    EXPECT_EQ(**found, ana);
    EXPECT_EQ((*found)->unit, "A7");
    // A replacement changes the role, password, disabled flag and unit.
    WriteBatch change;
    change.users = {kim, lou};
    ASSERT_TRUE(store->Commit(change).ok());
    auto k = store->FindUser("kim");
    ASSERT_TRUE(k.ok() && k->has_value());
    EXPECT_EQ((*k)->role, "supervisor");
    EXPECT_TRUE((*k)->disabled);
    EXPECT_EQ((*k)->unit, "");
    EXPECT_FALSE(store->FindUser("nobody")->has_value());
    auto all = store->Users();
    ASSERT_TRUE(all.ok()) << all.status();
    EXPECT_EQ(*all, (std::vector<UserRecord>{ana, kim, lou}));
    WriteBatch nameless;
    nameless.users = {{"", "crew", "h", false, t0}};
    EXPECT_EQ(store->Commit(nameless).code(), StatusCode::kInvalidArgument);
  }
  if (GetParam().name == "memory") return;  // nothing outlives the object
  auto again = Open();
  ASSERT_NE(again, nullptr);
  auto all = again->Users();
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(*all, (std::vector<UserRecord>{ana, kim, lou}));
  EXPECT_EQ(*again->FindUser("lou"), lou);
}

TEST_P(StoreSuite, AuditRecordsGetIncreasingIds) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const Instant t0 = EventAt(1).time;
  for (int i = 0; i < 3; ++i) {
    WriteBatch b;
    b.audit.push_back({0, t0 + Seconds{i}, "md:lee", "read", "record " + std::to_string(i),
                       "GET /api/v1/records/" + std::to_string(i)});
    ASSERT_TRUE(store->Commit(b).ok());
  }
  std::vector<AuditRecord> out;
  ASSERT_TRUE(store->ReadAudit(1, 10, out).ok());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, 2u);
  EXPECT_EQ(out[1].id, 3u);
  EXPECT_EQ(out[1].target, "record 2");
  EXPECT_EQ(out[1].time, t0 + Seconds{2});
}

TEST_P(StoreSuite, AnIdempotencyKeyIsStoredOnce) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  WriteBatch b = EventsBatch(1, 1);
  b.idempotency.push_back({"kim:abc", "h1", 201, "{\"id\":1}", EventAt(1).time});
  ASSERT_TRUE(store->Commit(b).ok());
  auto found = store->FindIdempotency("kim:abc");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->http_status, 201);
  EXPECT_EQ((*found)->body, "{\"id\":1}");
  EXPECT_FALSE(store->FindIdempotency("kim:other")->has_value());
  WriteBatch again = EventsBatch(2, 1);
  again.idempotency.push_back({"kim:abc", "h1", 201, "{}", EventAt(2).time});
  EXPECT_EQ(store->Commit(again).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(*store->LastSeq(), 1u) << "the events of a refused batch were written";
}

TEST_P(StoreSuite, APatientRecordIsCreatedAndReplacedByItsNextVersion) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->PatientRecords()->empty());
  EXPECT_FALSE(store->FindPatientRecord("I0000012-A7")->has_value());
  WriteBatch create = EventsBatch(1, 1);
  create.records.push_back(Record("I0000012-A7", 1, R"({"eVitals":[{"pulse":88}]})"));
  ASSERT_TRUE(store->Commit(create).ok());
  auto found = store->FindPatientRecord("I0000012-A7");
  ASSERT_TRUE(found.ok() && found->has_value()) << found.status();
  EXPECT_EQ(**found, Record("I0000012-A7", 1, R"({"eVitals":[{"pulse":88}]})"));

  WriteBatch replace;
  replace.records.push_back(Record("I0000012-A7", 2, R"({"eVitals":[{"pulse":92}]})"));
  const Status s = store->Commit(replace);
  ASSERT_TRUE(s.ok()) << s;
  auto all = store->PatientRecords();
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0], Record("I0000012-A7", 2, R"({"eVitals":[{"pulse":92}]})"));
  EXPECT_EQ((*all)[0].updated, EventAt(1).time + Minutes{1});
  EXPECT_EQ((*all)[0].created, EventAt(1).time);
}

TEST_P(StoreSuite, AStalePatientRecordVersionIsRefusedAndNothingOfTheBatchIsWritten) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  WriteBatch first;
  first.records = {Record("I0000012-A7", 1), Record("I0000012-A7", 2)};
  ASSERT_TRUE(store->Commit(first).ok());

  // Another writer read version 1 and replaces it: the stored version is 2 by now.
  WriteBatch stale = EventsBatch(1, 2);
  stale.audit.push_back({0, EventAt(1).time, "crew:a7", "update", "record I0000012-A7", ""});
  stale.records = {Record("I0000099-M3", 1), Record("I0000012-A7", 2, "{\"stale\":true}")};
  const Status s = store->Commit(stale);
  EXPECT_EQ(s.code(), StatusCode::kAborted) << s;
  EXPECT_TRUE(Contains(s, "patient record 'I0000012-A7' is at version 2, version 2 given")) << s;
  EXPECT_EQ(*store->LastSeq(), 0u) << "the events of a refused batch were written";
  std::vector<AuditRecord> audit;
  ASSERT_TRUE(store->ReadAudit(0, 10, audit).ok());
  EXPECT_TRUE(audit.empty()) << "a refused batch wrote its audit record";
  EXPECT_FALSE(store->FindPatientRecord("I0000099-M3")->has_value())
      << "a refused batch created a record";
  EXPECT_EQ(**store->FindPatientRecord("I0000012-A7"), Record("I0000012-A7", 2));

  // A version that skips one is as stale as a repeated one.
  WriteBatch skip;
  skip.records = {Record("I0000012-A7", 4)};
  const Status skipped = store->Commit(skip);
  EXPECT_EQ(skipped.code(), StatusCode::kAborted) << skipped;
  EXPECT_TRUE(
      Contains(skipped, "is at version 2, version 4 given (a replacement must be version 3)"))
      << skipped;
  EXPECT_EQ((*store->FindPatientRecord("I0000012-A7"))->version, 2u);
}

TEST_P(StoreSuite, AReplacementOfAMissingRecordOrOfItsIdentityIsRefused) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  WriteBatch missing;
  missing.records = {Record("I0000404-A1", 2)};
  const Status s = store->Commit(missing);
  EXPECT_EQ(s.code(), StatusCode::kNotFound) << s;
  EXPECT_TRUE(Contains(s, "patient record 'I0000404-A1' is not stored")) << s;

  WriteBatch create;
  create.records = {Record("I0000012-A7", 1)};
  ASSERT_TRUE(store->Commit(create).ok());
  PatientRecordRow moved = Record("I0000012-A7", 2);
  moved.incident = IncidentId{13};
  WriteBatch move;
  move.records = {moved};
  const Status m = store->Commit(move);
  EXPECT_EQ(m.code(), StatusCode::kFailedPrecondition) << m;
  EXPECT_TRUE(Contains(m, "documents incident 12; a replacement may not change it to 13")) << m;
  PatientRecordRow other_unit = Record("I0000012-A7", 2);
  other_unit.unit = UnitId{8};
  move.records = {other_unit};
  EXPECT_EQ(store->Commit(move).code(), StatusCode::kFailedPrecondition);
  PatientRecordRow recreated = Record("I0000012-A7", 2);
  recreated.created += Seconds{1};
  move.records = {recreated};
  EXPECT_EQ(store->Commit(move).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(**store->FindPatientRecord("I0000012-A7"), Record("I0000012-A7", 1));

  WriteBatch bad;
  bad.records = {Record("", 1)};
  EXPECT_EQ(store->Commit(bad).code(), StatusCode::kInvalidArgument);
  bad.records = {Record("I0000012-B1", 0)};
  EXPECT_EQ(store->Commit(bad).code(), StatusCode::kInvalidArgument);
  bad.records = {Record("I0000012-B1", 1)};
  bad.records[0].unit = UnitId{};
  EXPECT_EQ(store->Commit(bad).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store->PatientRecords()->size(), 1u);
}

TEST_P(StoreSuite, ACreateOfAStoredPatientRecordNumberIsRefused) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  WriteBatch create;
  create.records = {Record("I0000012-A7", 1)};
  ASSERT_TRUE(store->Commit(create).ok());
  WriteBatch again = EventsBatch(1, 1);
  again.records = {Record("I0000012-A7", 1, "{\"second\":true}")};
  const Status s = store->Commit(again);
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << s;
  EXPECT_TRUE(Contains(s, "patient record 'I0000012-A7' already exists")) << s;
  EXPECT_EQ(*store->LastSeq(), 0u);
  EXPECT_EQ(**store->FindPatientRecord("I0000012-A7"), Record("I0000012-A7", 1));
  // Two creates of one new number in one batch: the second finds the first.
  WriteBatch twice;
  twice.records = {Record("I0000013-A1", 1), Record("I0000013-A1", 1)};
  EXPECT_EQ(store->Commit(twice).code(), StatusCode::kAlreadyExists);
  EXPECT_FALSE(store->FindPatientRecord("I0000013-A1")->has_value());
}

TEST_P(StoreSuite, RowsForOnePatientRecordInOneCommitApplyInOrder) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  WriteBatch a;
  a.records = {Record("I0000012-A7", 1)};
  WriteBatch b;
  b.records = {Record("I0000012-A7", 2), Record("I0000012-A7", 3)};
  a.Merge(std::move(b));
  ASSERT_EQ(a.records.size(), 3u);
  ASSERT_TRUE(store->Commit(a).ok());
  EXPECT_EQ(**store->FindPatientRecord("I0000012-A7"), Record("I0000012-A7", 3));

  // Across the batches of one CommitAll (as the group committer sends them).
  WriteBatch c;
  c.records = {Record("I0000012-A7", 4)};
  WriteBatch d;
  d.records = {Record("I0000012-A7", 5)};
  std::vector<const WriteBatch*> both = {&c, &d};
  ASSERT_TRUE(store->CommitAll(both).ok());
  EXPECT_EQ((*store->FindPatientRecord("I0000012-A7"))->version, 5u);

  // Out of order, the later version finds the stored one stale, and nothing is written.
  WriteBatch reversed;
  reversed.records = {Record("I0000012-A7", 7), Record("I0000012-A7", 6)};
  EXPECT_EQ(store->Commit(reversed).code(), StatusCode::kAborted);
  EXPECT_EQ(**store->FindPatientRecord("I0000012-A7"), Record("I0000012-A7", 5));
  ASSERT_EQ(store->PatientRecords()->size(), 1u);
}

TEST_P(StoreSuite, PatientRecordsAreReadInOrderOfNumberAfterReopening) {
  // Byte order: upper case before lower case (a locale's collation would put "a1" before "A7").
  const std::vector<std::string> expected = {"I0000009-M3", "I0000123-A7", "I0000123-a1",
                                             "I0000124-A1"};
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    WriteBatch b;
    b.records = {Record("I0000124-A1", 1), Record("I0000123-a1", 1), Record("I0000009-M3", 1),
                 Record("I0000123-A7", 1)};
    ASSERT_TRUE(store->Commit(b).ok());
    WriteBatch c;
    c.records = {Record("I0000123-a1", 2)};
    ASSERT_TRUE(store->Commit(c).ok());
    auto all = store->PatientRecords();
    ASSERT_TRUE(all.ok()) << all.status();
    EXPECT_EQ(Numbers(*all), expected);
  }
  if (GetParam().name == "memory") return;  // nothing outlives the object
  auto again = Open();
  ASSERT_NE(again, nullptr);
  auto all = again->PatientRecords();
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(Numbers(*all), expected);
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[2], Record("I0000123-a1", 2));
  EXPECT_EQ((*all)[0], Record("I0000009-M3", 1));
  // The version chain goes on from what was stored.
  WriteBatch next;
  next.records = {Record("I0000123-a1", 3)};
  EXPECT_TRUE(again->Commit(next).ok());
  next.records = {Record("I0000123-A7", 3)};
  EXPECT_EQ(again->Commit(next).code(), StatusCode::kAborted);
}

TEST_P(StoreSuite, TheLatestSnapshotIsKept) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_FALSE(store->LatestSnapshot()->has_value());
  WriteBatch b = EventsBatch(1, 3);
  b.snapshot = Snapshot{2, "{\"state\":2}"};
  ASSERT_TRUE(store->Commit(b).ok());
  WriteBatch c = EventsBatch(4, 1);
  c.snapshot = Snapshot{4, "{\"state\":4}"};
  ASSERT_TRUE(store->Commit(c).ok());
  auto snap = store->LatestSnapshot();
  ASSERT_TRUE(snap.ok() && snap->has_value());
  EXPECT_EQ(**snap, (Snapshot{4, "{\"state\":4}"}));
  WriteBatch ahead;
  ahead.snapshot = Snapshot{9, "{}"};
  EXPECT_EQ(store->Commit(ahead).code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreSuite, BackupIsAStoreWithEverythingInIt) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  WriteBatch b = EventsBatch(1, 4);
  b.audit.push_back({0, EventAt(1).time, "admin:root", "user_add", "user kim", "dispatcher"});
  b.users = {{"kim", "dispatcher", "$argon2id$x", false, EventAt(1).time},
             {"ana", "crew", "$argon2id$y", false, EventAt(1).time, "A7"}};
  b.positions = {{UnitId{7}, {42.33, -71.07}, EventAt(1).time}};
  b.records = {Record("I0000012-A7", 1), Record("I0000012-A7", 2), Record("I0000003-M1", 1)};
  ASSERT_TRUE(store->Commit(b).ok());
  const std::filesystem::path out = TempDir() / (GetParam().name + "_backup.db");
  std::filesystem::remove(out);
  const Status s = store->Backup(out);
  if (GetParam().name == "memory") {
    EXPECT_EQ(s.code(), StatusCode::kUnimplemented);
    return;
  }
  ASSERT_TRUE(s.ok()) << s;
  auto copy = SqliteStore::Open(out);
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ(*(*copy)->LastSeq(), 4u);
  std::vector<cad::Event> events;
  ASSERT_TRUE((*copy)->ReadEvents(0, 10, events).ok());
  EXPECT_EQ(events.back(), EventAt(4));
  auto users = (*copy)->Users();
  ASSERT_TRUE(users.ok()) << users.status();
  ASSERT_EQ(users->size(), 2u);  // by name: ana, kim
  EXPECT_EQ((*users)[0], b.users[1]);
  EXPECT_EQ((*users)[0].unit, "A7");
  EXPECT_EQ((*users)[1], b.users[0]);
  EXPECT_EQ((*copy)->LatestPositions()->size(), 1u);
  std::vector<AuditRecord> audit;
  ASSERT_TRUE((*copy)->ReadAudit(0, 10, audit).ok());
  EXPECT_EQ(audit.size(), 1u);
  auto records = (*copy)->PatientRecords();
  ASSERT_TRUE(records.ok()) << records.status();
  EXPECT_EQ(*records,
            (std::vector<PatientRecordRow>{Record("I0000003-M1", 1), Record("I0000012-A7", 2)}));
  // The copy goes on from the versions it holds.
  WriteBatch next;
  next.records = {Record("I0000012-A7", 3)};
  EXPECT_TRUE((*copy)->Commit(next).ok());
  // An existing file is never overwritten.
  EXPECT_EQ(store->Backup(out).code(), StatusCode::kAlreadyExists);
}

INSTANTIATE_TEST_SUITE_P(AllStores, StoreSuite, ::testing::ValuesIn(Kinds()),
                         [](const ::testing::TestParamInfo<Kind>& i) { return i.param.name; });

}  // namespace
}  // namespace beacon::store
