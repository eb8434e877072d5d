#include "data_dir.h"

#include <fmt/format.h>

#include <cstdlib>

namespace beacon::cli {

Result<std::filesystem::path> ResolveDataDir(const std::string& flag_value) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!flag_value.empty()) {
    if (!fs::is_directory(flag_value, ec)) {
      return NotFoundError(fmt::format("--data-dir: '{}' is not a directory", flag_value));
    }
    return fs::path(flag_value);
  }
  if (const char* env = std::getenv("BEACON_DATA_DIR"); env != nullptr && *env != '\0') {
    if (!fs::is_directory(env, ec)) {
      return NotFoundError(fmt::format("BEACON_DATA_DIR: '{}' is not a directory", env));
    }
    return fs::path(env);
  }
  const fs::path candidates[] = {fs::path("..") / "shared" / "data",
                                 fs::path(BEACON_SOURCE_DIR) / ".." / "shared" / "data"};
  for (const fs::path& p : candidates) {
    if (fs::is_directory(p, ec)) return p.lexically_normal();
  }
  return NotFoundError(
      "shared data not found: set BEACON_DATA_DIR or pass --data-dir (looked for ../shared/data "
      "from the current directory and beside the source tree)");
}

}  // namespace beacon::cli
