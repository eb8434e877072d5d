// Private to the nemsis module: safe parsing of untrusted XML with libxml2, shared by the XSD
// validator and the importer, and the element path used in findings.
//
//   std::vector<Finding> findings;
//   DocPtr doc = ParseUntrusted(text, "report.xml", &findings);  // null: findings say why
//
// Thread-safety: ParseUntrusted may run on several threads at once (libxml2's error handler is
// per thread).
#pragma once

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "beacon/nemsis/xsd.h"

namespace beacon::nemsis::internal {

// libxml2's global set-up, once per process (call before any other libxml2 use).
void InitLibxml();

struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

// The element's path by local names, with a position where siblings share the name:
// /EMSDataSet/Header/PatientCareReport[2]/eVitals/eVitals.VitalGroup[3]/eVitals.06.
std::string PathOf(const xmlNode* node);

// Collects libxml2's structured errors as findings (at most 1,000, so a runaway document cannot
// exhaust memory).
struct Collector {
  std::vector<Finding>* out;
  std::string rule;
  // libxml2 2.9 passes a non-const xmlError (2.12 made it const).
  static void Handle(void* user, xmlError* e);
};

// Parses `xml` with no network, no DTD loading and no entity expansion; a DOCTYPE is refused, and
// so is a root element outside the NEMSIS namespace. Returns null with findings (rule "xml") when
// the document cannot be used; the caller checks the size limit first.
DocPtr ParseUntrusted(std::string_view xml, std::string_view origin,
                      std::vector<Finding>* findings);

// The element children of `node`, and an element's text content.
std::vector<const xmlNode*> ElementChildren(const xmlNode* node);
std::string_view Name(const xmlNode* node);
std::string TextOf(const xmlNode* node);

}  // namespace beacon::nemsis::internal
