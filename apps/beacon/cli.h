// RunBeacon: the whole `beacon` command line as a function, so tests drive it in-process.
//
//   std::ostringstream out, err;
//   int code = beacon::cli::RunBeacon({"beacon", "--bogus"}, out, err);   // 2, err names --bogus
//
// Exit codes: 0 success (also --help, --version), 1 the command failed, 2 usage error.
// Thread-safety: one call at a time per process (it builds its own Clock and Logging).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace beacon::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

int RunBeacon(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace beacon::cli
