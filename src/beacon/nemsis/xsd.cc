#include "beacon/nemsis/xsd.h"

#include <fmt/format.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <limits>
#include <mutex>
#include <sstream>

namespace beacon::nemsis {
namespace {

// libxml2's global state is set up once (xmlInitParser is documented as the call to make before
// using the library from several threads).
void InitLibxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

// Parsing options: no network, no entity substitution or DTD loading (no XXE), no "huge" mode
// (libxml2's own depth and text-size limits stay on), no blank-node noise.
constexpr int kParseOptions = XML_PARSE_NONET | XML_PARSE_NOBLANKS;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The element's path by local names, with a position where siblings share the name:
// /EMSDataSet/Header/PatientCareReport[2]/eVitals/eVitals.VitalGroup[3]/eVitals.06.
// (xmlGetNodePath writes '*' for every element in a default namespace, which all NEMSIS ones are.)
std::string PathOf(const xmlNode* node) {
  std::vector<std::string> parts;
  for (const xmlNode* n = node; n != nullptr && n->type == XML_ELEMENT_NODE; n = n->parent) {
    std::string part = reinterpret_cast<const char*>(n->name);
    int index = 1;
    int same = 0;
    if (n->parent != nullptr) {
      for (const xmlNode* c = n->parent->children; c != nullptr; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || xmlStrEqual(c->name, n->name) == 0) continue;
        ++same;
        if (c == n) index = same;
      }
    }
    if (same > 1) part += "[" + std::to_string(index) + "]";
    parts.push_back(std::move(part));
  }
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) out += "/" + *it;
  return out;
}

// Collects libxml2's structured errors as findings.
struct Collector {
  std::vector<Finding>* out;
  std::string rule;
  // libxml2 2.9 passes a non-const xmlError (2.12 made it const).
  static void Handle(void* user, xmlError* e) {
    if (e == nullptr) return;
    auto* self = static_cast<Collector*>(user);
    Finding f;
    f.rule = self->rule;
    f.severity = e->level == XML_ERR_WARNING ? Severity::kWarning : Severity::kError;
    f.line = e->line;
    if (e->node != nullptr) f.path = PathOf(static_cast<const xmlNode*>(e->node));
    f.message = Trim(e->message != nullptr ? e->message : "unknown error");
    // A runaway document could produce millions of findings: keep the first 1,000.
    if (self->out->size() < 1000) self->out->push_back(std::move(f));
  }
};

struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

}  // namespace

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
  Collector parse_errors{&report.findings, "xml"};
  xmlParserCtxtPtr pctxt = xmlNewParserCtxt();
  if (pctxt == nullptr) return InternalError("libxml2 could not make a parser");
  xmlSetStructuredErrorFunc(&parse_errors, &Collector::Handle);
  DocPtr doc(xmlCtxtReadMemory(pctxt, xml.data(), static_cast<int>(xml.size()),
                               std::string(origin).c_str(), nullptr, kParseOptions));
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  xmlFreeParserCtxt(pctxt);
  if (doc == nullptr) {
    if (report.findings.empty()) {
      report.findings.push_back({"xml", Severity::kError, 0, "", "not well-formed XML"});
    }
    return report;
  }
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) {
    // NEMSIS documents have no DOCTYPE; one is how entity tricks get in. Nothing is expanded.
    report.findings.push_back({"xml", Severity::kError, 0, "",
                               "a DOCTYPE (and its entities) is not allowed in a NEMSIS document"});
    return report;
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) {
    report.findings.push_back({"xml", Severity::kError, 0, "", "the document has no element"});
    return report;
  }
  const char* ns = root->ns != nullptr ? reinterpret_cast<const char*>(root->ns->href) : "";
  if (std::string_view(ns) != kNemsisNamespace) {
    report.findings.push_back(
        {"xml", Severity::kError, root->line,
         fmt::format("/{}", reinterpret_cast<const char*>(root->name)),
         fmt::format("the root element is in namespace '{}', not NEMSIS's '{}'", ns,
                     kNemsisNamespace)});
    return report;
  }
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
