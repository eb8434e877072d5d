// SaveCityModel / LoadCityModel: the model file container (docs/formats/city-model.md).
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "beacon/base/crc32.h"
#include "beacon/model/city_model.h"
#include "beacon/model/model_json.h"

namespace beacon::model {
namespace {

constexpr char kMagic[8] = {'B', 'E', 'A', 'C', 'O', 'N', 'M', 'D'};
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kNameBytes = 16;
constexpr std::size_t kEntryBytes = kNameBytes + 8 + 8 + 4 + 4;  // name, offset, size, crc, 0
constexpr std::size_t kHeaderBytes = 8 + 4 + 4;
constexpr std::size_t kAlign = 64;
constexpr std::array<const char*, 3> kSections = {"model.json", "graph", "graph.ch"};

template <typename T>
void Put(std::vector<std::byte>& out, std::size_t at, T v) {
  std::memcpy(out.data() + at, &v, sizeof(T));
}

template <typename T>
T Get(std::span<const std::byte> in, std::size_t at) {
  T v;
  std::memcpy(&v, in.data() + at, sizeof(T));
  return v;
}

std::size_t AlignUp(std::size_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

// The whole file, mapped read-only; sections view into it.
class MappedFile {
 public:
  static Result<std::shared_ptr<MappedFile>> Open(const std::filesystem::path& path) {
    const std::string name = path.string();
    const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return NotFoundError(
          fmt::format("model file '{}' cannot be opened: {}", name, std::strerror(errno)));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      return InvalidArgumentError(fmt::format("model file '{}' is not a regular file", name));
    }
    auto file = std::shared_ptr<MappedFile>(new MappedFile());
    file->size_ = static_cast<std::size_t>(st.st_size);
    if (file->size_ > 0) {
      void* addr = ::mmap(nullptr, file->size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (addr == MAP_FAILED) {
        ::close(fd);
        return UnavailableError(
            fmt::format("model file '{}': mmap failed: {}", name, std::strerror(errno)));
      }
      file->data_ = static_cast<const std::byte*>(addr);
    }
    ::close(fd);
    return file;
  }
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<std::byte*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  [[nodiscard]] std::span<const std::byte> bytes() const { return {data_, size_}; }

 private:
  MappedFile() = default;
  const std::byte* data_ = nullptr;
  std::size_t size_ = 0;
};

class SectionBytes final : public routing::GraphBytes {
 public:
  SectionBytes(std::shared_ptr<const MappedFile> file, std::span<const std::byte> view)
      : file_(std::move(file)), view_(view) {}
  [[nodiscard]] std::span<const std::byte> bytes() const override { return view_; }

 private:
  std::shared_ptr<const MappedFile> file_;
  std::span<const std::byte> view_;
};

}  // namespace

Status SaveCityModel(const CityModel& model, const std::filesystem::path& path) {
  const std::string json = ModelDataToJson(model.data());
  const std::vector<std::byte> ch = model.ch().ToBytes();
  const std::array<std::span<const std::byte>, 3> payloads = {
      std::span<const std::byte>(reinterpret_cast<const std::byte*>(json.data()), json.size()),
      model.graph().bytes(), std::span<const std::byte>(ch)};
  std::size_t offset = AlignUp(kHeaderBytes + kSections.size() * kEntryBytes);
  std::vector<std::byte> header(offset, std::byte{0});
  std::memcpy(header.data(), kMagic, sizeof(kMagic));
  Put(header, 8, kVersion);
  Put(header, 12, static_cast<std::uint32_t>(kSections.size()));
  std::array<std::size_t, 3> offsets{};
  for (std::size_t i = 0; i < kSections.size(); ++i) {
    const std::size_t at = kHeaderBytes + i * kEntryBytes;
    std::memcpy(header.data() + at, kSections[i], std::strlen(kSections[i]));
    offsets[i] = offset;
    Put<std::uint64_t>(header, at + kNameBytes, offset);
    Put<std::uint64_t>(header, at + kNameBytes + 8, payloads[i].size());
    Put(header, at + kNameBytes + 16, Crc32(payloads[i]));
    offset = AlignUp(offset + payloads[i].size());
  }
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return UnavailableError(fmt::format("cannot write '{}'", tmp.string()));
    f.write(reinterpret_cast<const char*>(header.data()),
            static_cast<std::streamsize>(header.size()));
    std::size_t pos = header.size();
    static constexpr std::array<char, kAlign> kZeros{};
    for (std::size_t i = 0; i < payloads.size(); ++i) {
      f.write(kZeros.data(), static_cast<std::streamsize>(offsets[i] - pos));
      f.write(reinterpret_cast<const char*>(payloads[i].data()),
              static_cast<std::streamsize>(payloads[i].size()));
      pos = offsets[i] + payloads[i].size();
    }
    f.flush();
    if (!f) return UnavailableError(fmt::format("cannot write '{}'", tmp.string()));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    return UnavailableError(fmt::format("cannot rename to '{}': {}", path.string(), ec.message()));
  }
  return OkStatus();
}

Result<CityModel> LoadCityModel(const std::filesystem::path& path) {
  const std::string name = path.string();
  BEACON_ASSIGN_OR_RETURN(std::shared_ptr<MappedFile> file, MappedFile::Open(path));
  const std::span<const std::byte> bytes = file->bytes();
  if (bytes.size() < kHeaderBytes || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    return DataLossError(
        fmt::format("'{}' is not a Beacon city model (build one with 'beacon model build')", name));
  }
  const auto version = Get<std::uint32_t>(bytes, 8);
  if (version != kVersion) {
    return DataLossError(fmt::format(
        "model file '{}': format version {} is not supported (expected {}); rebuild it with "
        "'beacon model build'",
        name, version, kVersion));
  }
  const auto count = Get<std::uint32_t>(bytes, 12);
  if (count != kSections.size() || bytes.size() < kHeaderBytes + count * kEntryBytes) {
    return DataLossError(fmt::format("model file '{}': bad section table", name));
  }
  std::array<std::span<const std::byte>, 3> sections;
  for (std::size_t i = 0; i < kSections.size(); ++i) {
    const std::size_t at = kHeaderBytes + i * kEntryBytes;
    char raw[kNameBytes + 1] = {};
    std::memcpy(raw, bytes.data() + at, kNameBytes);
    if (std::string_view(raw) != kSections[i]) {
      return DataLossError(fmt::format("model file '{}': section {} is '{}', expected '{}'", name,
                                       i, raw, kSections[i]));
    }
    const auto offset = Get<std::uint64_t>(bytes, at + kNameBytes);
    const auto size = Get<std::uint64_t>(bytes, at + kNameBytes + 8);
    const auto crc = Get<std::uint32_t>(bytes, at + kNameBytes + 16);
    if (offset % kAlign != 0 || offset > bytes.size() || size > bytes.size() - offset) {
      return DataLossError(fmt::format(
          "model file '{}' is truncated: section '{}' needs bytes {}-{}, the file has {}", name,
          kSections[i], offset, offset + size, bytes.size()));
    }
    sections[i] = bytes.subspan(offset, size);
    if (Crc32(sections[i]) != crc) {
      return DataLossError(fmt::format("model file '{}': section '{}' is corrupt (CRC mismatch)",
                                       name, kSections[i]));
    }
  }
  const std::string_view json(reinterpret_cast<const char*>(sections[0].data()),
                              sections[0].size());
  BEACON_ASSIGN_OR_RETURN(CityModel::Data data,
                          ModelDataFromJson(json, fmt::format("model file '{}'", name)));
  auto graph_bytes = std::make_shared<const SectionBytes>(file, sections[1]);
  BEACON_ASSIGN_OR_RETURN(
      routing::Graph graph,
      routing::Graph::FromBytes(graph_bytes, fmt::format("model file '{}'", name)));
  auto shared_graph = std::make_shared<const routing::Graph>(std::move(graph));
  BEACON_ASSIGN_OR_RETURN(routing::ChIndex ch, routing::ChIndex::FromBytes(
                                                   sections[2], *shared_graph,
                                                   fmt::format("model file '{}' hierarchy", name)));
  auto result = CityModel::Create(std::move(data), std::move(shared_graph),
                                  std::make_shared<const routing::ChIndex>(std::move(ch)));
  if (!result.ok())
    return result.status().WithContextFrom([&] { return fmt::format("model file '{}'", name); });
  return result;
}

}  // namespace beacon::model
