// Which determinants some combination of answers reaches: the engine of the never-fires check.
//
//   Reach r = FindReachable(complaint, complaint.determinants, {}, 200000);
//   for (std::size_t j = 0; j < r.reached.size(); ++j) if (!r.reached[j]) Report(j);
//
// It walks the console's own decision tree: evaluate, branch on the next question the engine
// would ask, once per answer sample, until each branch is decided. A number question's samples
// are its range ends, every constant any condition compares it with, and the midpoints between
// them, so every branch a comparison can take is tried; the search is exact over real numbers
// (an integer-only gap such as `age > 1 and age < 2` is not detected). Internal to the module.
// Thread-safety: pure functions; call from any thread.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "beacon/triage/engine_core.h"
#include "beacon/triage/protocol.h"

namespace beacon::triage::internal {

struct Reach {
  std::vector<bool> reached;  // parallel to the determinant span
  bool complete = true;       // false when the node budget ran out (reached is then partial)
  std::size_t nodes = 0;      // evaluations done
};

// The answer samples of each question (see above), for the comparisons in `complaint`.
std::vector<std::vector<double>> AnswerSamples(const Complaint& complaint);

Reach FindReachable(const Complaint& complaint, std::span<const Determinant> determinants,
                    CoreOptions options, std::size_t node_budget);

}  // namespace beacon::triage::internal
