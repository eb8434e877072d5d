#include "beacon/nemsis/xml_doc.h"

#include <fmt/format.h>
#include <libxml/parser.h>

#include <limits>
#include <mutex>

namespace beacon::nemsis::internal {
namespace {

// Parsing options: no network, no entity substitution or DTD loading (no XXE), no "huge" mode
// (libxml2's own depth and text-size limits stay on), no blank-node noise.
constexpr int kParseOptions = XML_PARSE_NONET | XML_PARSE_NOBLANKS;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

// libxml2's global state is set up once (xmlInitParser is documented as the call to make before
// using the library from several threads).
void InitLibxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

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

void Collector::Handle(void* user, xmlError* e) {
  if (e == nullptr) return;
  auto* self = static_cast<Collector*>(user);
  Finding f;
  f.rule = self->rule;
  f.severity = e->level == XML_ERR_WARNING ? Severity::kWarning : Severity::kError;
  f.line = e->line;
  if (e->node != nullptr) f.path = PathOf(static_cast<const xmlNode*>(e->node));
  f.message = Trim(e->message != nullptr ? e->message : "unknown error");
  if (self->out->size() < 1000) self->out->push_back(std::move(f));
}

DocPtr ParseUntrusted(std::string_view xml, std::string_view origin,
                      std::vector<Finding>* findings) {
  InitLibxml();
  if (xml.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    findings->push_back({"xml", Severity::kError, 0, "", "the document is too large"});
    return nullptr;
  }
  Collector parse_errors{findings, "xml"};
  xmlParserCtxtPtr pctxt = xmlNewParserCtxt();
  if (pctxt == nullptr) {
    findings->push_back({"xml", Severity::kError, 0, "", "libxml2 could not make a parser"});
    return nullptr;
  }
  xmlSetStructuredErrorFunc(&parse_errors, &Collector::Handle);
  DocPtr doc(xmlCtxtReadMemory(pctxt, xml.data(), static_cast<int>(xml.size()),
                               std::string(origin).c_str(), nullptr, kParseOptions));
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  xmlFreeParserCtxt(pctxt);
  if (doc == nullptr) {
    if (findings->empty()) {
      findings->push_back({"xml", Severity::kError, 0, "", "not well-formed XML"});
    }
    return nullptr;
  }
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) {
    // NEMSIS documents have no DOCTYPE; one is how entity tricks get in. Nothing is expanded.
    findings->push_back({"xml", Severity::kError, 0, "",
                         "a DOCTYPE (and its entities) is not allowed in a NEMSIS document"});
    return nullptr;
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) {
    findings->push_back({"xml", Severity::kError, 0, "", "the document has no element"});
    return nullptr;
  }
  const char* ns = root->ns != nullptr ? reinterpret_cast<const char*>(root->ns->href) : "";
  if (std::string_view(ns) != kNemsisNamespace) {
    findings->push_back({"xml", Severity::kError, root->line,
                         fmt::format("/{}", reinterpret_cast<const char*>(root->name)),
                         fmt::format("the root element is in namespace '{}', not NEMSIS's '{}'", ns,
                                     kNemsisNamespace)});
    return nullptr;
  }
  return doc;
}

std::vector<const xmlNode*> ElementChildren(const xmlNode* node) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) out.push_back(c);
  }
  return out;
}

std::string_view Name(const xmlNode* node) { return reinterpret_cast<const char*>(node->name); }

std::string TextOf(const xmlNode* node) {
  xmlChar* s = xmlNodeGetContent(node);
  std::string out = s != nullptr ? reinterpret_cast<const char*>(s) : "";
  xmlFree(s);
  return out;
}

}  // namespace beacon::nemsis::internal
