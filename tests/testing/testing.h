// Helpers every test binary may use: a temporary directory removed at the end of the test, small
// file helpers, and where the shared public data lives.
//
//   beacon::testing::TempDir dir;
//   WriteFile(dir.path() / "x.yaml", "name: test\n");
//   std::filesystem::path streets = SharedDataDir() / "boston" / "streets.geojson";
//
// Thread-safety: test helpers, one thread.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace beacon::testing {

class TempDir {
 public:
  TempDir();  // a fresh, empty directory under the system's temporary directory
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void WriteFile(const std::filesystem::path& path, std::string_view text);
std::string ReadFileBytes(const std::filesystem::path& path);

// $BEACON_DATA_DIR when set, else ../shared/data beside the source tree (where CI puts it).
std::filesystem::path SharedDataDir();
// The source tree's root (for data/ and tests/ files).
std::filesystem::path SourceDir();

}  // namespace beacon::testing
