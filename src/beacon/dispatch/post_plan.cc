#include "beacon/dispatch/post_plan.h"

#include <fmt/format.h>
#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <numeric>

#include "beacon/base/check.h"

namespace beacon::dispatch {
namespace {

// y_ik columns whose coefficient (1 - q) q^(k-1) falls below this share of the total weight are
// left out: together they change the optimum by less than N times it (about 1e-9 of demand).
constexpr double kNegligibleStep = 1e-11;

// The bound on units at site j (N when there is none).
int CapOf(const PostPlanInstance& in, std::size_t j) {
  return in.max_units_per_site.empty() ? in.units : std::min(in.units, in.max_units_per_site[j]);
}

std::vector<Reach> SiteReaches(const PostPlanInstance& in) {
  std::vector<Reach> reaches;
  reaches.reserve(in.SiteCount());
  for (const auto& row : in.times) reaches.push_back(ReachWithin(row, in.target));
  return reaches;
}

struct GlpProbDeleter {
  void operator()(glp_prob* p) const { glp_delete_prob(p); }
};

// What the branch-and-bound callback needs: the warm start and the best bound seen.
struct CallbackData {
  const std::vector<double>* warm = nullptr;  // 1-based column values, or null
  bool warm_given = false;
  std::optional<double> bound;
};

void Callback(glp_tree* tree, void* info) {
  auto* data = static_cast<CallbackData*>(info);
  if (glp_ios_reason(tree) == GLP_IHEUR && data->warm != nullptr && !data->warm_given) {
    data->warm_given = true;
    glp_ios_heur_sol(tree, data->warm->data());
  }
  if (const int node = glp_ios_best_node(tree); node != 0) {
    data->bound = glp_ios_node_bound(tree, node);
  }
}

}  // namespace

Status PostPlanInstance::Validate() const {
  if (units < 1) return InvalidArgumentError(fmt::format("units: {} must be at least 1", units));
  if (times.empty()) return InvalidArgumentError("no candidate sites");
  if (weights.empty()) return InvalidArgumentError("no demand points");
  if (target <= Seconds{0}) {
    return InvalidArgumentError(fmt::format("target time {} s must be positive", target.count()));
  }
  if (!std::isfinite(busy_fraction) || busy_fraction < 0.0 || busy_fraction >= 1.0) {
    return InvalidArgumentError(
        fmt::format("busy fraction q = {} is outside [0, 1)", busy_fraction));
  }
  if (!site_names.empty() && site_names.size() != times.size()) {
    return InvalidArgumentError(
        fmt::format("{} site names for {} sites", site_names.size(), times.size()));
  }
  double total = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!std::isfinite(weights[i]) || weights[i] < 0.0) {
      return InvalidArgumentError(fmt::format(
          "weight of demand point {} is {}; it must be finite and non-negative", i, weights[i]));
    }
    total += weights[i];
  }
  if (!(total > 0.0)) return InvalidArgumentError("demand weights sum to 0");
  for (std::size_t j = 0; j < times.size(); ++j) {
    if (times[j].size() != weights.size()) {
      return InvalidArgumentError(fmt::format("site {}: {} travel times for {} demand points", j,
                                              times[j].size(), weights.size()));
    }
    for (std::size_t i = 0; i < times[j].size(); ++i) {
      if (times[j][i] && *times[j][i] < Milliseconds{0}) {
        return InvalidArgumentError(
            fmt::format("site {}: travel time to demand point {} is negative", j, i));
      }
    }
  }
  if (!max_units_per_site.empty()) {
    if (max_units_per_site.size() != times.size()) {
      return InvalidArgumentError(fmt::format("max units per site: {} values for {} sites",
                                              max_units_per_site.size(), times.size()));
    }
    long long room = 0;
    for (std::size_t j = 0; j < max_units_per_site.size(); ++j) {
      if (max_units_per_site[j] < 0) {
        return InvalidArgumentError(
            fmt::format("max units at site {} is {}; it must be >= 0", j, max_units_per_site[j]));
      }
      room += max_units_per_site[j];
    }
    if (room < units) {
      return InvalidArgumentError(
          fmt::format("{} units do not fit: the sites hold at most {}", units, room));
    }
  }
  return OkStatus();
}

Result<PostPlanInstance> PostPlanInstance::FromModel(const CoverageModel& model,
                                                     std::span<const std::size_t> candidate_sites,
                                                     int units, int priority) {
  if (priority < 1 || priority > kCoveragePriorities) {
    return InvalidArgumentError(fmt::format("priority {} is outside 1..3", priority));
  }
  PostPlanInstance in;
  in.units = units;
  in.target = model.Config().TargetFor(priority);
  in.busy_fraction = model.Config().busy_fraction;
  in.weights.assign(model.Weights().begin(), model.Weights().end());
  for (std::size_t j : candidate_sites) {
    if (j >= model.SiteCount()) {
      return InvalidArgumentError(
          fmt::format("candidate site {} does not exist (the model has {})", j, model.SiteCount()));
    }
    in.site_names.push_back(model.Sites()[j].name);
    std::vector<std::optional<Milliseconds>> row(model.PointCount());
    for (std::size_t i = 0; i < row.size(); ++i) row[i] = model.Time(j, i);
    in.times.push_back(std::move(row));
  }
  BEACON_RETURN_IF_ERROR(in.Validate());
  return in;
}

Result<PostPlan> EvaluatePostPlan(const PostPlanInstance& in, std::span<const int> x,
                                  std::string method) {
  BEACON_RETURN_IF_ERROR(in.Validate());
  if (x.size() != in.SiteCount()) {
    return InvalidArgumentError(
        fmt::format("plan has {} sites, the instance {}", x.size(), in.SiteCount()));
  }
  const std::vector<Reach> reaches = SiteReaches(in);
  std::vector<Reach> units;
  int sum = 0;
  for (std::size_t j = 0; j < x.size(); ++j) {
    if (x[j] < 0 || x[j] > CapOf(in, j)) {
      return InvalidArgumentError(
          fmt::format("plan puts {} units at site {} (at most {})", x[j], j, CapOf(in, j)));
    }
    sum += x[j];
    for (int k = 0; k < x[j]; ++k) units.push_back(reaches[j]);
  }
  if (sum != in.units) {
    return InvalidArgumentError(fmt::format("plan places {} units, not {}", sum, in.units));
  }
  PostPlan plan;
  plan.method = std::move(method);
  plan.units_at_site.assign(x.begin(), x.end());
  const double total = std::accumulate(in.weights.begin(), in.weights.end(), 0.0);
  plan.expected = ExpectedCoverage(in.weights, in.busy_fraction, units);
  plan.expected_share = plan.expected / total;
  std::vector<bool> covered(in.PointCount(), false);
  for (const Reach& r : units) {
    for (std::uint32_t i : r.Points()) covered[i] = true;
  }
  for (std::size_t i = 0; i < covered.size(); ++i) {
    if (covered[i]) plan.covered_weight += in.weights[i];
  }
  plan.covered_share = plan.covered_weight / total;
  return plan;
}

Result<PostPlan> PlanPostsGreedySwap(const PostPlanInstance& in) {
  BEACON_RETURN_IF_ERROR(in.Validate());
  const std::vector<Reach> reaches = SiteReaches(in);
  const std::size_t sites = in.SiteCount();
  CoverageState s(in.weights, in.busy_fraction);
  std::vector<int> x(sites, 0);
  // Greedy: each unit where it adds most (ties: the lowest site index).
  for (int u = 0; u < in.units; ++u) {
    std::optional<std::size_t> best;
    double best_gain = -1.0;
    for (std::size_t j = 0; j < sites; ++j) {
      if (x[j] >= CapOf(in, j)) continue;
      const double g = s.GainOfAdding(reaches[j]);
      if (g > best_gain) {
        best_gain = g;
        best = j;
      }
    }
    BEACON_CHECK(best.has_value(), "validated instance has room for every unit");
    s.Add(reaches[*best]);
    ++x[*best];
  }
  // Swap: move one unit from j to the best other site while that gains more than rounding.
  const double eps = 1e-12 * s.TotalWeight();
  int swaps = 0;
  for (bool improved = true; improved;) {
    improved = false;
    for (std::size_t j = 0; j < sites; ++j) {
      if (x[j] == 0) continue;
      s.Remove(reaches[j]);
      const double stay = s.GainOfAdding(reaches[j]);
      std::optional<std::size_t> to;
      double best_gain = stay + eps;
      for (std::size_t k = 0; k < sites; ++k) {
        if (k == j || x[k] >= CapOf(in, k)) continue;
        const double g = s.GainOfAdding(reaches[k]);
        if (g > best_gain) {
          best_gain = g;
          to = k;
        }
      }
      if (to) {
        s.Add(reaches[*to]);
        --x[j];
        ++x[*to];
        ++swaps;
        improved = true;
      } else {
        s.Add(reaches[j]);
      }
    }
  }
  BEACON_ASSIGN_OR_RETURN(PostPlan plan, EvaluatePostPlan(in, x, "greedy + swap"));
  plan.swaps = swaps;
  return plan;
}

Result<PostPlan> PlanPostsExact(const PostPlanInstance& in, const ExactPostPlanOptions& options) {
  BEACON_RETURN_IF_ERROR(in.Validate());
  if (options.time_limit <= Milliseconds{0} ||
      options.time_limit > Milliseconds{std::numeric_limits<int>::max()}) {
    return InvalidArgumentError("exact post plan: time limit must be positive and under 24 days");
  }
  if (!(options.relative_gap >= 0.0 && options.relative_gap < 1.0)) {
    return InvalidArgumentError(
        fmt::format("exact post plan: relative gap {} is outside [0, 1)", options.relative_gap));
  }
  const std::vector<Reach> reaches = SiteReaches(in);
  const std::size_t sites = in.SiteCount();
  const double total = std::accumulate(in.weights.begin(), in.weights.end(), 0.0);
  const double q = in.busy_fraction;

  // Merge points reached by the same set of (usable) sites.
  std::vector<std::vector<int>> cover(in.PointCount());
  for (std::size_t j = 0; j < sites; ++j) {
    if (CapOf(in, j) == 0) continue;
    for (std::uint32_t i : reaches[j].Points()) cover[i].push_back(static_cast<int>(j));
  }
  std::map<std::vector<int>, double> groups;
  for (std::size_t i = 0; i < cover.size(); ++i) {
    if (!cover[i].empty() && in.weights[i] > 0.0) groups[cover[i]] += in.weights[i] / total;
  }

  std::unique_ptr<glp_prob, GlpProbDeleter> prob(glp_create_prob());
  glp_prob* p = prob.get();
  glp_set_obj_dir(p, GLP_MAX);
  // Columns 1..S: x_j.
  glp_add_cols(p, static_cast<int>(sites));
  for (std::size_t j = 0; j < sites; ++j) {
    const int col = static_cast<int>(j) + 1;
    glp_set_col_kind(p, col, GLP_IV);
    const int cap = CapOf(in, j);
    if (cap == 0) {
      glp_set_col_bnds(p, col, GLP_FX, 0.0, 0.0);
    } else {
      glp_set_col_bnds(p, col, GLP_DB, 0.0, cap);
    }
  }
  // Row 1: sum_j x_j = N. Rows 2..: one per group, sum_{j in C} x_j - sum_k y_k >= 0.
  std::vector<int> ia{0};
  std::vector<int> ja{0};
  std::vector<double> ar{0.0};
  glp_add_rows(p, 1 + static_cast<int>(groups.size()));
  glp_set_row_bnds(p, 1, GLP_FX, in.units, in.units);
  for (std::size_t j = 0; j < sites; ++j) {
    ia.push_back(1);
    ja.push_back(static_cast<int>(j) + 1);
    ar.push_back(1.0);
  }
  struct GroupCols {
    const std::vector<int>* sites;
    int first_y;  // column of y_1
    int count;    // number of y columns
  };
  std::vector<GroupCols> group_cols;
  int row = 1;
  for (const auto& [cover_sites, weight] : groups) {
    ++row;
    glp_set_row_bnds(p, row, GLP_LO, 0.0, 0.0);
    for (int j : cover_sites) {
      ia.push_back(row);
      ja.push_back(j + 1);
      ar.push_back(1.0);
    }
    int reach_units = 0;
    for (int j : cover_sites) reach_units += CapOf(in, static_cast<std::size_t>(j));
    const int k_max = std::min(in.units, reach_units);
    GroupCols gc{&cover_sites, glp_get_num_cols(p) + 1, 0};
    double coef = weight * (1.0 - q);
    for (int k = 1; k <= k_max && coef >= kNegligibleStep; ++k, coef *= q) {
      const int col = glp_add_cols(p, 1);
      glp_set_col_kind(p, col, GLP_CV);
      glp_set_col_bnds(p, col, GLP_DB, 0.0, 1.0);
      glp_set_obj_coef(p, col, coef);
      ia.push_back(row);
      ja.push_back(col);
      ar.push_back(-1.0);
      ++gc.count;
    }
    group_cols.push_back(gc);
  }
  glp_load_matrix(p, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());

  // The LP relaxation first (the branch-and-bound below starts from it without the MIP
  // presolver, so that the warm start's columns are the problem's own).
  glp_smcp lp;
  glp_init_smcp(&lp);
  lp.msg_lev = GLP_MSG_OFF;
  lp.presolve = GLP_ON;
  if (const int rc = glp_simplex(p, &lp); rc != 0 || glp_get_status(p) != GLP_OPT) {
    return InternalError(fmt::format("exact post plan: LP relaxation failed (GLPK code {})", rc));
  }

  std::vector<double> warm;
  CallbackData data;
  if (options.warm_start) {
    BEACON_ASSIGN_OR_RETURN(PostPlan start, PlanPostsGreedySwap(in));
    warm.assign(static_cast<std::size_t>(glp_get_num_cols(p)) + 1, 0.0);
    for (std::size_t j = 0; j < sites; ++j) warm[j + 1] = start.units_at_site[j];
    for (const GroupCols& gc : group_cols) {
      int n = 0;
      for (int j : *gc.sites) n += start.units_at_site[static_cast<std::size_t>(j)];
      for (int k = 0; k < std::min(n, gc.count); ++k) {
        warm[static_cast<std::size_t>(gc.first_y) + static_cast<std::size_t>(k)] = 1.0;
      }
    }
    data.warm = &warm;
  }
  glp_iocp mip;
  glp_init_iocp(&mip);
  mip.msg_lev = GLP_MSG_OFF;
  mip.presolve = GLP_OFF;
  mip.tm_lim = static_cast<int>(options.time_limit.count());
  mip.mip_gap = options.relative_gap;
  mip.cb_func = Callback;
  mip.cb_info = &data;
  const int rc = glp_intopt(p, &mip);
  const int status = glp_mip_status(p);
  if (status != GLP_OPT && status != GLP_FEAS) {
    if (rc == GLP_ETMLIM) {
      return DeadlineExceededError(fmt::format("exact post plan: no integer solution within {} ms",
                                               options.time_limit.count()));
    }
    return InternalError(
        fmt::format("exact post plan: GLPK failed (code {}, status {})", rc, status));
  }
  std::vector<int> x(sites);
  for (std::size_t j = 0; j < sites; ++j) {
    x[j] = static_cast<int>(std::lround(glp_mip_col_val(p, static_cast<int>(j) + 1)));
  }
  BEACON_ASSIGN_OR_RETURN(PostPlan plan, EvaluatePostPlan(in, x, "integer program (GLPK)"));
  plan.proven_optimal = rc == 0 && status == GLP_OPT;
  if (plan.proven_optimal) {
    plan.upper_bound = plan.expected;
  } else if (data.bound) {
    plan.upper_bound = std::max(plan.expected, *data.bound * total);
  }
  return plan;
}

Result<PostPlanComparison> ComparePostPlans(const PostPlanInstance& in,
                                            const ExactPostPlanOptions& options) {
  PostPlanComparison c;
  BEACON_ASSIGN_OR_RETURN(c.heuristic, PlanPostsGreedySwap(in));
  BEACON_ASSIGN_OR_RETURN(c.exact, PlanPostsExact(in, options));
  c.gap =
      c.exact.expected > 0.0 ? (c.exact.expected - c.heuristic.expected) / c.exact.expected : 0.0;
  return c;
}

}  // namespace beacon::dispatch
