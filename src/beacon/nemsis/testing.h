// Test helpers shared by the nemsis module's tests: the official data's location, one compiled
// XSD validator, file reading and a printable list of findings.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
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

// Damage of a fuzz round, by kind: 0 flips 8 random bytes, 1 cuts the document short, 2 inserts
// a copy of `splice` bytes from elsewhere, 3 swaps the first letters after two "<e" (well-formed,
// misplaced content). The draws come from `rng` in that order, so a seed gives the same rounds.
inline std::string Damaged(std::string doc, int kind, std::size_t splice, std::mt19937_64& rng) {
  std::uniform_int_distribution<std::size_t> pos(0, doc.size() - 1);
  switch (kind) {
    case 0:
      for (int k = 0; k < 8; ++k) doc[pos(rng)] = static_cast<char>(rng() & 0xff);
      break;
    case 1:
      doc.resize(pos(rng));
      break;
    case 2: {
      const std::size_t a = pos(rng);
      doc.insert(pos(rng), doc.substr(a, splice));
      break;
    }
    default: {
      const std::size_t a = doc.find("<e", pos(rng));
      const std::size_t b = doc.find("<e", pos(rng));
      if (a != std::string::npos && b != std::string::npos) std::swap(doc[a + 2], doc[b + 2]);
      break;
    }
  }
  return doc;
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
