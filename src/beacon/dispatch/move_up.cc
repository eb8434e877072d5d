#include "beacon/dispatch/move_up.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace beacon::dispatch {
namespace {

// The area with the most demand weight that `post` would cover again (points nobody covers),
// or empty when it covers no uncovered point.
std::string AreaCoveredAgain(const CoverageModel& model, const CoverageState& s,
                             const Reach& post) {
  std::vector<double> gained(model.Areas().size(), 0.0);
  bool any = false;
  for (std::uint32_t i : post.Points()) {
    if (s.Counts()[i] == 0 && model.Weights()[i] > 0.0) {
      gained[model.AreaOf(i)] += model.Weights()[i];
      any = true;
    }
  }
  if (!any) return {};
  std::size_t best = 0;
  for (std::size_t a = 1; a < gained.size(); ++a) {
    if (gained[a] > gained[best]) best = a;
  }
  return model.Areas()[best] == kUnnamedArea ? std::string() : model.Areas()[best];
}

MoveUp MakeMove(const CoverageModel& model, const CoverageState& s, UnitId unit,
                std::string unit_name, std::optional<std::size_t> from_site, std::size_t post,
                double before, double gain, int priority, std::string_view why) {
  MoveUp m;
  m.unit = unit;
  m.unit_name = std::move(unit_name);
  m.from_site = from_site;
  m.post = post;
  m.post_name = model.Sites()[post].name;
  m.gain = gain;
  m.expected_before = before;
  m.expected_after = before + gain;
  const double total = model.TotalWeight();
  const std::string area = AreaCoveredAgain(model, s, model.SiteReach(post, priority));
  m.reason = fmt::format("{} to {}: {}+{} expected coverage ({} -> {}){}", m.unit_name, m.post_name,
                         area.empty() ? "" : fmt::format("covers {} again, ", area),
                         FormatShare(gain, total), FormatShare(before, total),
                         FormatShare(m.expected_after, total), why);
  return m;
}

}  // namespace

Result<MoveUpDecision> SuggestMoveUp(const CoverageModel& model, std::span<const IdleUnit> idle,
                                     const MoveUpRequest& request) {
  const int priority = request.priority;
  if (priority < 1 || priority > kCoveragePriorities) {
    return InvalidArgumentError(fmt::format("move-up priority {} is outside 1..3", priority));
  }
  const double q = request.busy_fraction.value_or(model.Config().busy_fraction);
  if (!std::isfinite(q) || q < 0.0 || q >= 1.0) {
    return InvalidArgumentError(fmt::format("move-up busy fraction q = {} is outside [0, 1)", q));
  }
  if (!std::isfinite(request.min_gain_share) || request.min_gain_share < 0.0) {
    return InvalidArgumentError("move-up minimum gain must be finite and non-negative");
  }
  if (request.max_units_per_post < 0) {
    return InvalidArgumentError("move-up max units per post must be >= 0");
  }
  std::vector<std::size_t> posts = request.posts.empty() ? model.PostSites() : request.posts;
  for (std::size_t b : posts) {
    if (b >= model.SiteCount()) {
      return InvalidArgumentError(fmt::format(
          "move-up post {} does not exist (the model has {} sites)", b, model.SiteCount()));
    }
    if (model.Sites()[b].kind == SiteKind::kHospital) {
      return InvalidArgumentError(
          fmt::format("move-up post {} ('{}') is a hospital", b, model.Sites()[b].name));
    }
  }

  // n_i over the idle units other than the freed one, and how many count from each site.
  CoverageState s(model, priority, q);
  std::vector<int> at_site(model.SiteCount(), 0);
  const IdleUnit* freed_entry = nullptr;
  for (const IdleUnit& u : idle) {
    if (request.freed && u.unit == *request.freed) {
      freed_entry = &u;
      continue;
    }
    s.Add(u.reach);
    if (u.position.site) ++at_site[*u.position.site];
  }
  auto has_room = [&](std::size_t b) {
    return request.max_units_per_post == 0 || at_site[b] < request.max_units_per_post;
  };
  const double eps = 1e-12 * model.TotalWeight();

  MoveUpDecision decision;
  if (request.freed) {
    const std::optional<std::size_t> home = freed_entry ? freed_entry->home_site : std::nullopt;
    std::optional<std::size_t> best;
    double best_gain = 0.0;
    for (std::size_t b : posts) {
      if (!has_room(b)) continue;
      const double g = s.GainOfAdding(model.SiteReach(b, priority));
      if (!best || g > best_gain + eps) {
        best = b;
        best_gain = g;
      }
    }
    if (!best) {
      return FailedPreconditionError(fmt::format("no post has room for unit {}", *request.freed));
    }
    // Ties go to the unit's home station.
    std::string_view why = "; best post by DMEXCLP";
    if (home && *home != *best && has_room(*home) &&
        std::find(posts.begin(), posts.end(), *home) != posts.end() &&
        s.GainOfAdding(model.SiteReach(*home, priority)) >= best_gain - eps) {
      best = *home;
      why = "; its home station, as good as any post";
    } else if (home && *home == *best) {
      why = "; its home station is the best post";
    }
    const std::string name = freed_entry                  ? freed_entry->name
                             : request.freed_name.empty() ? fmt::format("unit {}", *request.freed)
                                                          : request.freed_name;
    decision.freed = MakeMove(model, s, *request.freed, name,
                              freed_entry ? freed_entry->position.site : std::nullopt, *best,
                              s.Expected(), best_gain, priority, why);
    s.Add(model.SiteReach(*best, priority));
    ++at_site[*best];
  }

  if (request.consider_other_units) {
    const IdleUnit* best_unit = nullptr;
    std::size_t best_post = 0;
    double best_delta = 0.0;
    for (const IdleUnit& u : idle) {
      if (&u == freed_entry) continue;
      s.Remove(u.reach);
      const double stay = s.GainOfAdding(u.reach);
      if (u.position.site) --at_site[*u.position.site];
      for (std::size_t b : posts) {
        if (u.position.site == b || !has_room(b)) continue;
        const double g = s.GainOfAdding(model.SiteReach(b, priority));
        if (g - stay > best_delta + eps) {
          best_delta = g - stay;
          best_unit = &u;
          best_post = b;
        }
      }
      if (u.position.site) ++at_site[*u.position.site];
      s.Add(u.reach);
    }
    if (best_unit != nullptr && best_delta >= request.min_gain_share * model.TotalWeight()) {
      decision.relocation =
          MakeMove(model, s, best_unit->unit, best_unit->name, best_unit->position.site, best_post,
                   s.Expected(), best_delta, priority, "; the idle unit whose move gains most");
    }
  }
  return decision;
}

Result<MoveUpDecision> SuggestMoveUp(const cad::CadState& state, const ReachFinder& finder,
                                     Instant now, const MoveUpRequest& request,
                                     IdleUnitOptions idle) {
  idle.priority = request.priority;
  BEACON_ASSIGN_OR_RETURN(std::vector<IdleUnit> units, CollectIdleUnits(state, finder, now, idle));
  return SuggestMoveUp(finder.Model(), units, request);
}

}  // namespace beacon::dispatch
