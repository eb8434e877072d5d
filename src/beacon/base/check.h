// BEACON_CHECK: assert an invariant that only a programmer error can break.
//
//   BEACON_CHECK(node < num_nodes_);
//   BEACON_CHECK(rate > 0, "rate {} must be positive", rate);
//
// On failure it prints the file, line, condition and optional message to stderr and aborts,
// in every build type. Never use it for anything a user, a file or a request can cause: those
// are Status values. Thread-safety: safe from any thread.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace beacon::internal {
[[noreturn]] void CheckFailed(const char* file, int line, const char* condition,
                              std::string_view message);
}  // namespace beacon::internal

#define BEACON_CHECK(condition, ...)                                              \
  do {                                                                            \
    if (!(condition)) [[unlikely]] {                                              \
      ::beacon::internal::CheckFailed(__FILE__, __LINE__, #condition,             \
                                      ::fmt::format("" __VA_OPT__(__VA_ARGS__))); \
    }                                                                             \
  } while (false)
