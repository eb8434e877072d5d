#include "beacon/store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>

#include "beacon/store/store_test_util.h"

namespace beacon::store {
namespace {

using testing::EventAt;
using testing::EventsBatch;

std::filesystem::path TempDir() {
  static const std::filesystem::path dir = [] {
    std::filesystem::path d = std::filesystem::temp_directory_path() /
                              ("beacon_sqlite_test_" + std::to_string(::getpid()));
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

// Runs SQL on its own connection to the file, as another program could.
std::string ExecElsewhere(const std::filesystem::path& path, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  std::string msg = rc == SQLITE_OK ? "ok" : (err != nullptr ? err : "error");
  sqlite3_free(err);
  sqlite3_close(db);
  return msg;
}

TEST(SqliteStore, RefusesAFileThatIsNotAStore) {
  const std::filesystem::path junk = TempDir() / "junk.db";
  {
    std::FILE* f = std::fopen(junk.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("this is not an SQLite database, it is a note about lunch\n", f);
    std::fclose(f);
  }
  auto s = SqliteStore::Open(junk);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find(junk.string()), std::string_view::npos) << s.status();
  auto missing_dir = SqliteStore::Open(TempDir() / "no" / "such" / "dir.db");
  ASSERT_FALSE(missing_dir.ok());
  EXPECT_EQ(missing_dir.status().code(), StatusCode::kUnavailable);
}

TEST(SqliteStore, TheEventAndAuditTablesAreAppendOnly) {
  const std::filesystem::path path = TempDir() / "append_only.db";
  {
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.ok());
    WriteBatch b = EventsBatch(1, 1);
    b.audit.push_back({0, EventAt(1).time, "a", "read", "t", ""});
    ASSERT_TRUE((*store)->Commit(b).ok());
  }
  EXPECT_NE(ExecElsewhere(path, "DELETE FROM events").find("append-only"), std::string::npos);
  EXPECT_NE(ExecElsewhere(path, "UPDATE audit SET actor = 'x'").find("append-only"),
            std::string::npos);
  EXPECT_NE(ExecElsewhere(path, "DELETE FROM audit").find("append-only"), std::string::npos);
}

TEST(SqliteStore, IsInWalModeWithFullSyncAndRefusesANewerSchema) {
  const std::filesystem::path path = TempDir() / "modes.db";
  {
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.ok());
  }
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, nullptr);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)), "wal");
  sqlite3_finalize(q);
  sqlite3_close(db);
  EXPECT_EQ(ExecElsewhere(path, "INSERT INTO schema_migrations VALUES (99, 0)"), "ok");
  auto newer = SqliteStore::Open(path);
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("schema version 99"), std::string_view::npos)
      << newer.status();
}

TEST(SqliteStore, AStoreOfSchemaVersion1GetsThePatientRecordTableAndUserUnitsAndKeepsItsData) {
  const std::filesystem::path path = TempDir() / "version1.db";
  {
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.ok());
    WriteBatch b = EventsBatch(1, 2);
    b.users = {{"ana", "crew", "$argon2id$y", false, EventAt(1).time}};
    ASSERT_TRUE((*store)->Commit(b).ok());
  }
  // Back to what a Beacon of schema version 1 left behind.
  EXPECT_EQ(ExecElsewhere(path,
                          "DROP TABLE patient_records; "
                          "ALTER TABLE users DROP COLUMN unit; "
                          "DELETE FROM schema_migrations WHERE version > 1"),
            "ok");
  auto store = SqliteStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(*(*store)->LastSeq(), 2u);
  EXPECT_EQ(SqliteStore::SchemaVersion(), 2);
  auto ana = (*store)->FindUser("ana");
  ASSERT_TRUE(ana.ok() && ana->has_value()) << ana.status();
  EXPECT_EQ((*ana)->role, "crew");
  EXPECT_EQ((*ana)->unit, "");
  WriteBatch b;
  b.records.push_back({"I0000001-A1", IncidentId{1}, UnitId{1}, 1, EventAt(1).time, EventAt(1).time,
                       "crew:a1", "{}"});
  b.users = {{"ana", "crew", "$argon2id$y", false, EventAt(1).time, "A7"}};
  ASSERT_TRUE((*store)->Commit(b).ok());
  EXPECT_EQ((*store)->PatientRecords()->size(), 1u);
  EXPECT_EQ((*(*store)->FindUser("ana"))->unit, "A7");
}

TEST(SqliteStore, ACorruptEventRowIsReportedNotSkipped) {
  const std::filesystem::path path = TempDir() / "corrupt.db";
  auto store = SqliteStore::Open(path);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Commit(EventsBatch(1, 1)).ok());
  EXPECT_EQ(
      ExecElsewhere(path, "INSERT INTO events VALUES (2, 0, 'PriorityChanged', '{\"seq\":2,')"),
      "ok");
  std::vector<cad::Event> out;
  const Status s = (*store)->ReadEvents(0, 10, out);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("event row 2"), std::string_view::npos) << s;
}

}  // namespace
}  // namespace beacon::store
