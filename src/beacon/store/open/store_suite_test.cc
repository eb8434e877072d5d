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
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const Instant t0 = EventAt(1).time;
  WriteBatch b;
  b.users = {{"kim", "dispatcher", "$argon2id$x", false, t0},
             {"ana", "crew", "$argon2id$y", false, t0}};
  ASSERT_TRUE(store->Commit(b).ok());
  WriteBatch change;
  change.users = {{"kim", "supervisor", "$argon2id$z", true, t0}};
  ASSERT_TRUE(store->Commit(change).ok());
  auto kim = store->FindUser("kim");
  ASSERT_TRUE(kim.ok() && kim->has_value());
  EXPECT_EQ((*kim)->role, "supervisor");
  EXPECT_TRUE((*kim)->disabled);
  EXPECT_FALSE(store->FindUser("nobody")->has_value());
  EXPECT_EQ(store->Users()->size(), 2u);
  WriteBatch nameless;
  nameless.users = {{"", "crew", "h", false, t0}};
  EXPECT_EQ(store->Commit(nameless).code(), StatusCode::kInvalidArgument);
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
  b.users = {{"kim", "dispatcher", "$argon2id$x", false, EventAt(1).time}};
  b.positions = {{UnitId{7}, {42.33, -71.07}, EventAt(1).time}};
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
  EXPECT_TRUE((*copy)->FindUser("kim")->has_value());
  EXPECT_EQ((*copy)->LatestPositions()->size(), 1u);
  std::vector<AuditRecord> audit;
  ASSERT_TRUE((*copy)->ReadAudit(0, 10, audit).ok());
  EXPECT_EQ(audit.size(), 1u);
  // An existing file is never overwritten.
  EXPECT_EQ(store->Backup(out).code(), StatusCode::kAlreadyExists);
}

INSTANTIATE_TEST_SUITE_P(AllStores, StoreSuite, ::testing::ValuesIn(Kinds()),
                         [](const ::testing::TestParamInfo<Kind>& i) { return i.param.name; });

}  // namespace
}  // namespace beacon::store
