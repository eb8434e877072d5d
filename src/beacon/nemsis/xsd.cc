#include "beacon/nemsis/xsd.h"

#include <fmt/format.h>
#include <libxml/xmlschemas.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>

#include "beacon/nemsis/xml_doc.h"

namespace beacon::nemsis {
using internal::Collector;
using internal::DocPtr;
using internal::InitLibxml;

std::string_view SeverityName(Severity s) { return s == Severity::kError ? "error" : "warning"; }

bool XsdReport::ok() const {
  return std::none_of(findings.begin(), findings.end(),
                      [](const Finding& f) { return f.severity == Severity::kError; });
}

struct XsdValidator::Schema {
  xmlSchemaPtr schema = nullptr;
  ~Schema() {
    if (schema != nullptr) xmlSchemaFree(schema);
  }
};

XsdValidator::XsdValidator(XsdValidator&&) noexcept = default;
XsdValidator& XsdValidator::operator=(XsdValidator&&) noexcept = default;
XsdValidator::~XsdValidator() = default;

Result<XsdValidator> XsdValidator::Load(const std::filesystem::path& dir, std::string_view root) {
  InitLibxml();
  const std::filesystem::path file = dir / std::string(root);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    return NotFoundError(
        fmt::format("NEMSIS schema '{}' not found (the official XSDs are in "
                    "../shared/data/nemsis/xsd)",
                    file.string()));
  }
  std::vector<Finding> problems;
  Collector collector{&problems, "xsd"};
  xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt(file.string().c_str());
  if (parser == nullptr) return InternalError("libxml2 could not make a schema parser");
  xmlSchemaSetParserStructuredErrors(parser, &Collector::Handle, &collector);
  xmlSchemaPtr schema = xmlSchemaParse(parser);
  xmlSchemaFreeParserCtxt(parser);
  if (schema == nullptr) {
    return InvalidArgumentError(
        fmt::format("NEMSIS schema '{}' does not compile: {}", file.string(),
                    problems.empty() ? std::string("unknown error") : problems.front().message));
  }
  XsdValidator v;
  auto s = std::make_shared<Schema>();
  s->schema = schema;
  v.schema_ = std::move(s);
  return v;
}

Result<XsdReport> XsdValidator::ValidateFile(const std::filesystem::path& file) const {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return NotFoundError(fmt::format("cannot read '{}': {}", file.string(), ec.message()));
  if (size > max_bytes_) {
    return InvalidArgumentError(fmt::format("'{}' is {} bytes, more than the limit of {} bytes",
                                            file.string(), size, max_bytes_));
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("cannot open '{}'", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return ValidateText(text.str(), file.string());
}

Result<XsdReport> XsdValidator::ValidateText(std::string_view xml, std::string_view origin) const {
  if (xml.size() > max_bytes_) {
    return InvalidArgumentError(fmt::format("'{}' is {} bytes, more than the limit of {} bytes",
                                            origin, xml.size(), max_bytes_));
  }
  if (xml.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return InvalidArgumentError(fmt::format("'{}' is too large", origin));
  }
  XsdReport report;
  DocPtr doc = internal::ParseUntrusted(xml, origin, &report.findings);
  if (doc == nullptr) return report;
  Collector schema_errors{&report.findings, "xsd"};
  xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(schema_->schema);
  if (vctxt == nullptr) return InternalError("libxml2 could not make a validation context");
  xmlSchemaSetValidStructuredErrors(vctxt, &Collector::Handle, &schema_errors);
  const int rc = xmlSchemaValidateDoc(vctxt, doc.get());
  xmlSchemaFreeValidCtxt(vctxt);
  if (rc < 0) {
    report.findings.push_back(
        {"xsd", Severity::kError, 0, "", "the document could not be validated (libxml2 gave up)"});
    return report;
  }
  if (rc > 0 && report.ok()) {
    report.findings.push_back({"xsd", Severity::kError, 0, "", "not valid against the schema"});
  }
  return report;
}

}  // namespace beacon::nemsis
