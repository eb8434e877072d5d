// XSD validation of NEMSIS v3.5.1 documents with libxml2: the official schemas are compiled once
// (EMSDataSet_v3.xsd and the files it includes) and every document is checked against them.
// Parsing refuses what a patient-record file must never do: entity expansion, DTD loading,
// network access, and files beyond a size limit; each problem is a Finding with its line, the
// element's path and libxml2's message.
//
//   BEACON_ASSIGN_OR_RETURN(XsdValidator v, XsdValidator::Load(data_dir / "nemsis/xsd"));
//   BEACON_ASSIGN_OR_RETURN(XsdReport r, v.ValidateFile("record.xml"));
//   for (const Finding& f : r.findings) print(f.line, f.path, f.message);
//
// Thread-safety: Load once; ValidateFile/ValidateText may run on several threads at once (each
// call makes its own validation context over the shared, read-only compiled schema).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "beacon/base/result.h"

namespace beacon::nemsis {

inline constexpr std::string_view kNemsisNamespace = "http://www.nemsis.org";
inline constexpr std::string_view kSchemaVersion = "3.5.1";

enum class Severity : std::uint8_t { kError, kWarning };
std::string_view SeverityName(Severity s);  // "error", "warning"

// One problem in a document.
struct Finding {
  std::string rule;  // "xsd" for schema validity, "xml" for well-formedness, else a rule id
  Severity severity = Severity::kError;
  int line = 0;      // 1-based, 0 when unknown
  std::string path;  // /EMSDataSet/Header/PatientCareReport[1]/eTimes/eTimes.03
  std::string message;
};

struct XsdReport {
  std::vector<Finding> findings;
  [[nodiscard]] bool ok() const;  // no finding of severity error
};

class XsdValidator {
 public:
  // Compiles the schema `root` (default EMSDataSet_v3.xsd) in `dir`. Errors name the file.
  static Result<XsdValidator> Load(const std::filesystem::path& dir,
                                   std::string_view root = "EMSDataSet_v3.xsd");

  // A document that cannot be read is an error Status; a document that reads but is not
  // well-formed or not valid is a report with findings. Files larger than `max_bytes` are
  // refused with an error naming the size and the limit.
  [[nodiscard]] Result<XsdReport> ValidateFile(const std::filesystem::path& file) const;
  [[nodiscard]] Result<XsdReport> ValidateText(std::string_view xml, std::string_view origin) const;

  static constexpr std::size_t kDefaultMaxBytes = 64u << 20;  // 64 MiB
  void set_max_bytes(std::size_t n) { max_bytes_ = n; }

  XsdValidator(XsdValidator&&) noexcept;
  XsdValidator& operator=(XsdValidator&&) noexcept;
  ~XsdValidator();

 private:
  struct Schema;
  XsdValidator() = default;
  std::shared_ptr<const Schema> schema_;
  std::size_t max_bytes_ = kDefaultMaxBytes;
};

}  // namespace beacon::nemsis
