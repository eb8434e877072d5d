// NEMSIS v3.5.1 EMSDataSet XML to and from Beacon's records (record.h).
//
//   BEACON_ASSIGN_OR_RETURN(std::string xml, ExportXml(set));
//   BEACON_ASSIGN_OR_RETURN(Import in, ImportXml(text, "state-return.xml"));
//   for (const Finding& f : in.unmodelled) warn(f.path, f.message);  // nothing dropped silently
//
// Export writes the schema's order and fills every required element Beacon has no value for
// with NV "Not Recorded" (7701003) where NEMSIS allows it; a required element that may not be
// nil and has no value is an error naming the report and the element. Import parses with the
// same protections as validation (no DTD, no entities, no network, size limit) and reads the
// modelled elements; every element it does not model is a finding, so a caller can tell what a
// re-export would not carry.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/nemsis/record.h"
#include "beacon/nemsis/xsd.h"

namespace beacon::nemsis {

Result<std::string> ExportXml(const EmsDataSet& set);

struct Import {
  EmsDataSet set;
  std::vector<Finding> unmodelled;  // rule "unmodelled", severity warning, one per element
  int unmodelled_total = 0;         // all of them, when `unmodelled` was capped at 1,000
};

// Errors (InvalidArgument) name what is wrong: not XML, a DOCTYPE, another namespace or root, a
// NEMSIS v2 or v3.4 document, a Not Value or Pertinent Negative code that does not exist, an
// element repeated where NEMSIS allows one, a document over `max_bytes`.
Result<Import> ImportXml(std::string_view xml, std::string_view origin,
                         std::size_t max_bytes = XsdValidator::kDefaultMaxBytes);

}  // namespace beacon::nemsis
