// OpenStore: the Store a `--db URL` names.
//   "sqlite:PATH" or a plain PATH        SQLite file (created if missing)
//   "postgresql://..." / "postgres://..." PostgreSQL (libpq URI; optional `schema=NAME`)
//   "memory:"                            in memory (tests; nothing survives the process)
//
//   BEACON_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore("sqlite:build/cad.db"));
//
// Errors name the URL's kind and what is wrong; a password in the URL is never echoed.
// Thread-safety: a free function.
#pragma once

#include <memory>
#include <string>

#include "beacon/base/result.h"
#include "beacon/store/store.h"

namespace beacon::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace beacon::store
