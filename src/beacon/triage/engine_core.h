// The engine's core over parsed answers, shared by Evaluate (engine.h) and the load-time
// reachability check (reachability.h). Internal to the triage module.
//
//   std::vector<std::optional<double>> values(c.questions.size());
//   values[c.QuestionIndex("breathing")] = 0;  // "no"
//   internal::CoreResult r = internal::EvaluateValues(c, c.determinants, values, {});
//
// A parsed answer is a double: the number itself, the option's index for a choice, 1 for yes and
// 0 for no. Requires an acyclic `ask_if` graph (the loader rejects cycles).
// Thread-safety: pure functions; call from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/triage/protocol.h"

namespace beacon::triage::internal {

enum class Truth { kFalse, kTrue, kUnknown };

using Values = std::vector<std::optional<double>>;

struct CoreOptions {
  // Treat every question as asked, whatever its `ask_if` (used by the never-fires check to tell
  // a contradictory condition from one that the ask_if conditions rule out).
  bool ignore_ask_if = false;
};

struct CoreResult {
  std::optional<std::size_t> decided;      // index into the determinant span
  std::optional<std::size_t> provisional;  // first determinant not known to be false
  std::vector<std::size_t> remaining;      // question indices, in complaint order
  std::vector<bool> askable;               // parallel to remaining
  std::vector<std::size_t> ignored;        // answered questions whose ask_if is false
};

CoreResult EvaluateValues(const Complaint& complaint, std::span<const Determinant> determinants,
                          const Values& values, CoreOptions options);

// Parses one answer for `question`; the error names the question and what it accepts.
Result<double> ParseAnswer(const Question& question, const std::string& raw);

// The whole of `s` as a finite decimal number ("12", "-0.5", "1e3"), else nullopt.
std::optional<double> ParseFiniteNumber(const std::string& s);

}  // namespace beacon::triage::internal
