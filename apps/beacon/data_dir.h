// Where Beacon finds the shared public data (street network, hospitals, NEMSIS schemas).
//
//   BEACON_ASSIGN_OR_RETURN(std::filesystem::path dir, ResolveDataDir(flag_value));
//
// Order: the --data-dir flag; else $BEACON_DATA_DIR; else ../shared/data from the current
// directory; else ../shared/data beside the source tree the binary was built from.
// Thread-safety: reads the environment; call from main's thread.
#pragma once

#include <filesystem>
#include <string>

#include "beacon/base/result.h"

namespace beacon::cli {

Result<std::filesystem::path> ResolveDataDir(const std::string& flag_value);

}  // namespace beacon::cli
