// Post planning: where N units should wait to maximise MEXCLP expected coverage, exactly by
// integer programming (GLPK) and by greedy + swap, and how far apart the two are.
//
//   BEACON_ASSIGN_OR_RETURN(PostPlanInstance in,
//                           PostPlanInstance::FromModel(model, model.PostSites(), 27, 1));
//   in.max_units_per_site = std::vector<int>(in.SiteCount(), 2);   // optional
//   BEACON_ASSIGN_OR_RETURN(PostPlanComparison c, ComparePostPlans(in));
//   c.exact.units_at_site;  c.exact.expected_share;  c.gap;   // gap of greedy + swap
//
// The exact method is Daskin's MEXCLP integer program (Daskin 1983, Transportation Science
// 17(1)): maximise sum_i sum_{k=1..N} d_i (1 - q) q^(k-1) y_ik subject to
// sum_j a_ij x_j >= sum_k y_ik for every point i, sum_j x_j = N, x_j integer in [0, cap_j],
// 0 <= y_ik <= 1, where a_ij = 1 when site j reaches point i within T. The y_ik need not be
// declared integer: their objective coefficients fall with k, so for integer x an optimal y
// is y_ik = 1 for k <= n_i. Points reached by the same set of sites are merged (weights
// summed), which leaves the optimum unchanged. The heuristic adds units greedily by marginal
// gain, then moves single units between sites while that improves the objective (1-opt
// interchange, Teitz and Bart 1968). docs/design/coverage.md has the measured figures.
// Thread-safety: pure functions of their arguments. GLPK keeps its state per thread
// (Debian builds it with thread-local storage), so calls from different threads are safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/base/time.h"
#include "beacon/dispatch/coverage.h"

namespace beacon::dispatch {

struct PostPlanInstance {
  std::vector<std::string> site_names;  // one per site (for reports); may be empty
  std::vector<double> weights;          // d_i per demand point, finite, >= 0
  // times[j][i]: road time from candidate site j to demand point i; nullopt when unreachable.
  std::vector<std::vector<std::optional<Milliseconds>>> times;
  int units = 1;               // N >= 1
  Seconds target{480};         // T
  double busy_fraction = 0.3;  // q in [0, 1)
  // Optional upper bound on units at each site (one per site, each >= 0); empty: no bound.
  std::vector<int> max_units_per_site;

  // Sizes agree, weights and times are valid, N fits under the bounds. Errors name the field.
  Status Validate() const;
  [[nodiscard]] std::size_t SiteCount() const { return times.size(); }
  [[nodiscard]] std::size_t PointCount() const { return weights.size(); }

  // The model's candidate sites (e.g. model.PostSites()), its weights, the priority's target
  // and the model's busy fraction.
  static Result<PostPlanInstance> FromModel(const CoverageModel& model,
                                            std::span<const std::size_t> candidate_sites, int units,
                                            int priority);
};

struct PostPlan {
  std::string method;              // "integer program (GLPK)" or "greedy + swap"
  std::vector<int> units_at_site;  // x_j, summing to N
  double expected = 0.0;           // MEXCLP objective sum_i d_i (1 - q^n_i)
  double expected_share = 0.0;     // expected / sum_i d_i
  double covered_weight = 0.0;     // sum of d_i with n_i >= 1
  double covered_share = 0.0;
  bool proven_optimal = false;  // the exact method finished within its limits
  // Exact method: the best bound on the optimum GLPK proved (= expected when optimal).
  std::optional<double> upper_bound;
  int swaps = 0;  // greedy + swap: improving moves made after the greedy phase
};

struct ExactPostPlanOptions {
  // GLPK's branch-and-bound time limit; past it the best plan found is returned with
  // proven_optimal = false. The limit is GLPK's own wall-clock, so such a result may vary.
  Milliseconds time_limit{Minutes{5}};
  double relative_gap = 0.0;  // stop when within this relative gap of the bound (0 = optimal)
  bool warm_start = true;     // give GLPK the greedy + swap plan as its first incumbent
};

Result<PostPlan> PlanPostsGreedySwap(const PostPlanInstance& instance);
Result<PostPlan> PlanPostsExact(const PostPlanInstance& instance,
                                const ExactPostPlanOptions& options = {});

struct PostPlanComparison {
  PostPlan exact;
  PostPlan heuristic;
  // (exact - heuristic) / exact, >= 0 up to solver tolerance; 0 when both find the optimum.
  double gap = 0.0;
};
Result<PostPlanComparison> ComparePostPlans(const PostPlanInstance& instance,
                                            const ExactPostPlanOptions& options = {});

// The objective figures of a given allocation (x_j per site), recomputed from the table.
Result<PostPlan> EvaluatePostPlan(const PostPlanInstance& instance, std::span<const int> x,
                                  std::string method);

}  // namespace beacon::dispatch
