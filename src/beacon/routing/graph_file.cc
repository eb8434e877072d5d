// Graph::Load (mmap) and Graph::Save.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "beacon/routing/graph.h"

namespace beacon::routing {
namespace {

class MmapBytes final : public GraphBytes {
 public:
  MmapBytes(void* addr, std::size_t size) : addr_(addr), size_(size) {}
  ~MmapBytes() override {
    if (addr_ != nullptr) ::munmap(addr_, size_);
  }
  MmapBytes(const MmapBytes&) = delete;
  MmapBytes& operator=(const MmapBytes&) = delete;
  [[nodiscard]] std::span<const std::byte> bytes() const override {
    return {static_cast<const std::byte*>(addr_), size_};
  }

 private:
  void* addr_;
  std::size_t size_;
};

// An empty file cannot be mapped; it is still a (truncated) graph file to report on.
class EmptyBytes final : public GraphBytes {
 public:
  [[nodiscard]] std::span<const std::byte> bytes() const override { return {}; }
};

}  // namespace

Result<Graph> Graph::Load(const std::filesystem::path& path) {
  const std::string name = path.string();
  const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return NotFoundError(
        fmt::format("graph file '{}': cannot open: {}", name, std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return InvalidArgumentError(fmt::format("graph file '{}': not a regular file", name));
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  std::shared_ptr<const GraphBytes> bytes;
  if (size == 0) {
    bytes = std::make_shared<EmptyBytes>();
  } else {
    void* addr = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (addr == MAP_FAILED) {
      ::close(fd);
      return InternalError(
          fmt::format("graph file '{}': mmap failed: {}", name, std::strerror(errno)));
    }
    bytes = std::make_shared<MmapBytes>(addr, size);
  }
  ::close(fd);
  return FromBytes(std::move(bytes), name);
}

Status Graph::Save(const std::filesystem::path& path) const {
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return NotFoundError(fmt::format("cannot write graph file '{}'", tmp.string()));
    const auto b = bytes();
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    out.close();
    if (!out) return InternalError(fmt::format("writing graph file '{}' failed", tmp.string()));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    return InternalError(
        fmt::format("cannot rename '{}' to '{}': {}", tmp.string(), path.string(), ec.message()));
  }
  return OkStatus();
}

}  // namespace beacon::routing
