// Loads a triage protocol from rule files and runs every load-time check (format reference:
// docs/formats/protocol.md).
//
//   BEACON_ASSIGN_OR_RETURN(Protocol p, LoadProtocolDir("data/protocols", &codes));
//   for (const Finding& f : CheckProtocolDir("my_rules", &codes)) std::cerr << f.ToString();
//
// A protocol directory holds one YAML or JSON file per complaint (*.yaml, *.yml, *.json) and an
// optional shared file (shared.yaml / shared.yml / shared.json) with questions complaints can
// `use` and the pre-arrival instruction sets. Other files are ignored.
// Checks: YAML syntax, unknown and duplicate keys, missing fields, bad values, undefined
// questions and instructions, duplicate ids and codes, ask_if cycles, NEMSIS codes not in
// `codes`, comparisons that do not fit the question's type, a complaint without a default
// determinant, and determinants that no combination of answers reaches. Each finding names the
// file, line, complaint and item.
// Thread-safety: pure functions of their arguments (and the files they read).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/triage/nemsis_codes.h"
#include "beacon/triage/protocol.h"

namespace beacon::triage {

struct Finding {
  std::string file;
  int line = 0;           // 1-based; 0 when the problem is the whole file or directory
  std::string complaint;  // empty for the shared file
  std::string message;

  // "file:line: complaint 'id': message".
  [[nodiscard]] std::string ToString() const;
};

// One rule file's name (its extension picks nothing: YAML is a superset of JSON) and text.
struct RuleText {
  std::string name;
  std::string text;
};

// The rule files of `dir` in name order (as LoadProtocolDir reads them), so a rule set can be
// stored elsewhere (a city model) and loaded later with LoadProtocolTexts. Problems reading the
// directory or a file are one INVALID_ARGUMENT listing them.
Result<std::vector<RuleText>> ReadProtocolDir(const std::filesystem::path& dir);

// Every problem in the rule set, in file order; empty when it is clean. With `codes` null the
// NEMSIS codes are not checked.
std::vector<Finding> CheckProtocolTexts(const std::vector<RuleText>& files,
                                        const DispatchCodes* codes);
std::vector<Finding> CheckProtocolDir(const std::filesystem::path& dir, const DispatchCodes* codes);

// The protocol, or INVALID_ARGUMENT whose message lists every finding, one a line.
Result<Protocol> LoadProtocolTexts(const std::vector<RuleText>& files, const DispatchCodes* codes);
Result<Protocol> LoadProtocolDir(const std::filesystem::path& dir, const DispatchCodes* codes);

}  // namespace beacon::triage
