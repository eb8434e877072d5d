// The national NEMSIS schematron rules (EMSDataSet.sch, ISO Schematron with the XSLT 2 query
// binding), run by Saxon-HE from Debian (libsaxonhe-java) on a Java runtime: the rules are
// compiled to XSLT once with the ISO Schematron skeleton (shipped in Debian's python3-lxml) under
// a small wrapper Beacon writes that accepts the XSLT 2 binding, then a whole batch of documents
// is validated by one Saxon process and its SVRL reports are read back with libxml2.
// docs/design/nemsis.md says why this and not a native rule engine.
//
//   BEACON_ASSIGN_OR_RETURN(auto v, SchematronValidator::Compile(sch, work_dir));
//   BEACON_ASSIGN_OR_RETURN(auto reports, v.Validate({"a.xml", "b.xml"}));
//   reports[0].findings;  WorstRole(reports[0]) == "PASS" / "WARNING" / "ERROR"
//
// Thread-safety: Compile once; Validate from one thread at a time per work directory.
#pragma once

#include <chrono>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/nemsis/xsd.h"

namespace beacon::nemsis {

struct SchematronSetup {
  std::filesystem::path java = "java";
  std::filesystem::path saxon_jar = "/usr/share/java/Saxon-HE.jar";
  // The ISO Schematron skeleton (iso_svrl_for_xslt1.xsl) from Debian's python3-lxml.
  std::filesystem::path skeleton =
      "/usr/lib/python3/dist-packages/lxml/isoschematron/resources/xsl/iso-schematron-xslt1/"
      "iso_svrl_for_xslt1.xsl";
  std::string max_heap = "512m";
  std::chrono::seconds timeout{600};  // for one Saxon run
};

struct SchematronReport {
  std::filesystem::path file;
  std::vector<Finding> findings;  // rule = the assert's id (nemSch_e001), path = its location
};

// "ERROR" when a finding is an error, else "WARNING" when there is one, else "PASS" (the words
// of the official test vectors' Tests.txt).
std::string_view WorstRole(const SchematronReport& r);

class SchematronValidator {
 public:
  // Compiles `sch` to XSLT in `work_dir` (created if missing). Errors name what is missing
  // (Java, Saxon, the skeleton) and the Debian package that provides it.
  static Result<SchematronValidator> Compile(const std::filesystem::path& sch,
                                             const std::filesystem::path& work_dir,
                                             SchematronSetup setup = {});

  // Validates every file with one Saxon process; one report per file, in order.
  [[nodiscard]] Result<std::vector<SchematronReport>> Validate(
      std::span<const std::filesystem::path> files) const;

 private:
  SchematronValidator() = default;
  SchematronSetup setup_;
  std::filesystem::path work_dir_;
  std::filesystem::path xslt_;
};

}  // namespace beacon::nemsis
