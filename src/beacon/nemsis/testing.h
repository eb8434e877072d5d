// Test helpers shared by the nemsis module's tests: the official data's location, one compiled
// XSD validator, file reading and a printable list of findings.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "beacon/nemsis/xsd.h"

#include "testing/testing.h"

namespace beacon::nemsis::testing {

inline std::filesystem::path Nemsis() { return beacon::testing::SharedDataDir() / "nemsis"; }

inline const XsdValidator& Validator() {
  static const XsdValidator* v = [] {
    auto loaded = XsdValidator::Load(Nemsis() / "xsd");
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new XsdValidator(std::move(loaded).value());
  }();
  return *v;
}

inline std::string Read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string Describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += f.rule + " line " + std::to_string(f.line) + " " + f.path + ": " + f.message + "\n";
  }
  return out;
}
inline std::string Describe(const XsdReport& r) { return Describe(r.findings); }

}  // namespace beacon::nemsis::testing
