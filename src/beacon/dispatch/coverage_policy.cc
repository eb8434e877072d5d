#include "beacon/dispatch/coverage_policy.h"

#include <fmt/format.h>

#include <algorithm>

namespace beacon::dispatch {
namespace {

void AppendReason(Candidate& c, std::string_view text) {
  if (!c.reason.empty()) c.reason += "; ";
  c.reason += text;
}

// The area holding most of the demand weight in `points`, or empty.
std::string HeaviestArea(const CoverageModel& model, std::span<const std::uint32_t> points) {
  std::vector<double> by_area(model.Areas().size(), 0.0);
  for (std::uint32_t i : points) by_area[model.AreaOf(i)] += model.Weights()[i];
  const auto it = std::max_element(by_area.begin(), by_area.end());
  if (it == by_area.end() || *it <= 0.0) return {};
  const std::string& name = model.Areas()[static_cast<std::size_t>(it - by_area.begin())];
  return name == kUnnamedArea ? std::string() : name;  // no name to tell a dispatcher
}

struct WindowMember {
  std::size_t slot = 0;  // its place in the ETA order
  Candidate candidate;
  double loss = 0.0;             // expected coverage its departure loses (weight units)
  std::string leaves_uncovered;  // area its departure leaves with no unit, if any
};

}  // namespace

CoverageAwarePolicy::CoverageAwarePolicy(const CoverageModel& model, const ReachFinder& finder,
                                         const Clock& clock, CoveragePolicyOptions options)
    : model_(model), finder_(finder), clock_(clock), options_(std::move(options)) {}

void CoverageAwarePolicy::Rank(const cad::CadState& state,
                               std::vector<Candidate>& candidates) const {
  ClosestUnitPolicy().Rank(state, candidates);
  if (candidates.empty()) return;
  Result<std::vector<IdleUnit>> idle =
      CollectIdleUnits(state, finder_, clock_.Now(), options_.idle);
  if (!idle.ok()) {
    for (Candidate& c : candidates) {
      AppendReason(c, fmt::format("coverage unknown ({}); ranked by ETA", idle.error().message()));
    }
    return;
  }
  const CoverageState s = StateOf(model_, *idle, options_.idle.priority);
  const double total = model_.TotalWeight();
  const Milliseconds limit = candidates.front().eta + std::max(options_.tolerance, Milliseconds{0});

  std::vector<WindowMember> window;
  for (std::size_t k = 0; k < candidates.size() && candidates[k].eta <= limit; ++k) {
    if (candidates[k].diverted_from) continue;  // not idle: no coverage to lose, not preferred
    WindowMember m;
    m.slot = k;
    m.candidate = candidates[k];
    const auto entry = std::find_if(idle->begin(), idle->end(), [&](const IdleUnit& u) {
      return u.unit == candidates[k].unit;
    });
    if (entry != idle->end()) {
      m.loss = s.LossOfRemoving(entry->reach);
      m.leaves_uncovered = HeaviestArea(model_, s.SolelyCovered(entry->reach));
    }
    window.push_back(std::move(m));
  }
  if (window.empty()) return;
  const WindowMember closest = window.front();
  std::stable_sort(window.begin(), window.end(), [](const WindowMember& a, const WindowMember& b) {
    if (a.loss != b.loss) return a.loss < b.loss;
    if (a.candidate.eta != b.candidate.eta) return a.candidate.eta < b.candidate.eta;
    return a.candidate.unit < b.candidate.unit;
  });
  // Refill the window's places in ETA order with its members in coverage order.
  std::vector<std::size_t> slots;
  slots.reserve(window.size());
  for (const WindowMember& m : window) slots.push_back(m.slot);
  std::sort(slots.begin(), slots.end());

  const std::string tolerance = FormatEta(options_.tolerance);
  for (std::size_t r = 0; r < window.size(); ++r) {
    WindowMember& m = window[r];
    Candidate& c = m.candidate;
    const std::string cost = fmt::format("-{} expected coverage", FormatShare(m.loss, total));
    if (r == 0 && c.unit != closest.candidate.unit) {
      const std::string slower = FormatEta(c.eta - closest.candidate.eta);
      const std::string instead =
          fmt::format("{} instead of -{}", cost, FormatShare(closest.loss, total));
      AppendReason(c, closest.leaves_uncovered.empty()
                          ? fmt::format("{} slower than {} but keeps more coverage: {}", slower,
                                        closest.candidate.name, instead)
                          : fmt::format("{} slower than {} but leaves {} covered: {}", slower,
                                        closest.candidate.name, closest.leaves_uncovered, instead));
    } else if (r == 0) {
      AppendReason(
          c, window.size() > 1
                 ? fmt::format("closest, and loses least coverage within {}: {}", tolerance, cost)
                 : fmt::format("departure costs {}", cost));
    } else if (c.unit == closest.candidate.unit && !m.leaves_uncovered.empty()) {
      AppendReason(c, fmt::format("closest, but sending it leaves {} uncovered: {}",
                                  m.leaves_uncovered, cost));
    } else {
      AppendReason(c, fmt::format("departure costs {}", cost));
    }
    candidates[slots[r]] = std::move(c);
  }
}

}  // namespace beacon::dispatch
