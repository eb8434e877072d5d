#include "beacon/store/open/open_store.h"

#include <fmt/format.h>

#include "beacon/store/memory_store.h"
#include "beacon/store/postgres/postgres_store.h"
#include "beacon/store/sqlite/sqlite_store.h"

namespace beacon::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  if (url.empty()) return InvalidArgumentError("--db: empty store URL");
  if (url == "memory:") return std::unique_ptr<Store>(std::make_unique<MemoryStore>());
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    BEACON_ASSIGN_OR_RETURN(std::unique_ptr<PostgresStore> s, PostgresStore::Open(url));
    return std::unique_ptr<Store>(std::move(s));
  }
  std::string path = url;
  if (url.rfind("sqlite:", 0) == 0) {
    path = url.substr(7);
  } else if (const std::size_t colon = url.find("://"); colon != std::string::npos) {
    return InvalidArgumentError(fmt::format(
        "--db: unknown store kind '{}' (use sqlite:PATH, a file path or postgresql://...)",
        url.substr(0, colon)));
  }
  if (path.empty()) return InvalidArgumentError("--db: sqlite: needs a file path");
  BEACON_ASSIGN_OR_RETURN(std::unique_ptr<SqliteStore> s, SqliteStore::Open(path));
  return std::unique_ptr<Store>(std::move(s));
}

}  // namespace beacon::store
