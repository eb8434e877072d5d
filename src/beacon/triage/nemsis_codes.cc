#include "beacon/triage/nemsis_codes.h"

#include <fmt/format.h>

#include <fstream>
#include <vector>

namespace beacon::triage {
namespace {

// Splits "'a'|'b'|" into {"a", "b"}, dropping the quotes around each field.
std::vector<std::string> SplitRow(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (start < line.size()) {
    std::size_t bar = line.find('|', start);
    if (bar == std::string::npos) bar = line.size();
    std::string f = line.substr(start, bar - start);
    if (f.size() >= 2 && f.front() == '\'' && f.back() == '\'') f = f.substr(1, f.size() - 2);
    fields.push_back(std::move(f));
    start = bar + 1;
  }
  return fields;
}

}  // namespace

Result<DispatchCodes> LoadDispatchCodes(const std::filesystem::path& enumerations_file) {
  std::ifstream in(enumerations_file);
  if (!in) {
    return NotFoundError(
        fmt::format("NEMSIS dictionary '{}' cannot be read", enumerations_file.string()));
  }
  DispatchCodes codes;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find("eDispatch.0") == std::string::npos) continue;
    const std::vector<std::string> f = SplitRow(line);
    if (f.size() < 5 || f[3].empty()) {
      return DataLossError(fmt::format("{}:{}: expected 5 '|'-separated fields with a code",
                                       enumerations_file.string(), line_no));
    }
    if (f[1] == "eDispatch.01") codes.reasons[f[3]] = f[4];
    if (f[1] == "eDispatch.05") codes.priorities[f[3]] = f[4];
  }
  if (codes.reasons.empty() || codes.priorities.empty()) {
    return DataLossError(
        fmt::format("NEMSIS dictionary '{}' has no eDispatch.01 or no "
                    "eDispatch.05 codes",
                    enumerations_file.string()));
  }
  return codes;
}

}  // namespace beacon::triage
