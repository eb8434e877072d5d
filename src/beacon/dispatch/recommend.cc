#include "beacon/dispatch/recommend.h"

#include <fmt/format.h>

#include <algorithm>

namespace beacon::dispatch {
namespace {

using cad::Assignment;
using cad::AssignmentState;
using cad::Availability;
using cad::CareLevel;
using cad::Unit;
using cad::UnitType;

std::optional<CareLevel> LevelOf(UnitType t) {
  switch (t) {
    case UnitType::kAls:
      return CareLevel::kAls;
    case UnitType::kBls:
      return CareLevel::kBls;
    case UnitType::kSupervisor:
    case UnitType::kNonTransport:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string Ago(Milliseconds age) { return FormatEta(age); }

}  // namespace

Requirement Requirement::Single(int priority, CareLevel level, int units,
                                std::vector<std::string> capabilities) {
  Requirement r;
  r.priority = priority;
  r.slots = {UnitSlot{level, units}};
  r.capabilities = std::move(capabilities);
  return r;
}

int Requirement::TotalUnits() const {
  int n = 0;
  for (const UnitSlot& s : slots) n += s.count;
  return n;
}

bool Requirement::OnlyAls() const {
  return !slots.empty() && std::all_of(slots.begin(), slots.end(), [](const UnitSlot& s) {
    return s.level == CareLevel::kAls;
  });
}

std::string FormatEta(Milliseconds eta) {
  const auto total = std::chrono::duration_cast<Seconds>(eta + Milliseconds{500}).count();
  if (total < 60) return fmt::format("{} s", total);
  return fmt::format("{} min {:02} s", total / 60, total % 60);
}

void ClosestUnitPolicy::Rank(const cad::CadState& /*state*/,
                             std::vector<Candidate>& candidates) const {
  // Unit ids are unique, so the order is total and a plain sort is deterministic. The small
  // keys are sorted, not the candidates (which carry strings).
  struct Key {
    Milliseconds eta;
    UnitId unit;
    std::size_t index;
  };
  std::vector<Key> keys;
  keys.reserve(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    keys.push_back({candidates[i].eta, candidates[i].unit, i});
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    if (a.eta != b.eta) return a.eta < b.eta;
    return a.unit < b.unit;
  });
  // Apply the permutation in place, one cycle at a time (no second vector of candidates).
  for (std::size_t i = 0; i < keys.size(); ++i) {
    std::size_t from = keys[i].index;
    while (from < i) from = keys[from].index;  // followed to where that element now is
    if (from != i) std::swap(candidates[i], candidates[from]);
  }
}

Result<Recommendation> Recommend(const cad::CadState& state, IncidentId incident_id,
                                 const Requirement& need, const cad::TravelTimes& travel,
                                 Instant now, const RecommendOptions& options,
                                 const RecommendPolicy& policy) {
  const cad::Incident* incident = state.FindIncident(incident_id);
  if (incident == nullptr)
    return NotFoundError(fmt::format("incident {} does not exist", incident_id));
  if (incident->closed)
    return FailedPreconditionError(fmt::format("incident {} is closed", incident_id));
  for (const UnitSlot& slot : need.slots) {
    if (slot.count < 1) {
      return InvalidArgumentError(
          fmt::format("a recommendation needs at least 1 unit per slot, not {}", slot.count));
    }
  }
  if (need.slots.empty()) {
    return InvalidArgumentError("a recommendation needs at least one unit slot");
  }

  Recommendation rec;
  rec.incident = incident_id;
  const bool all = options.explain == Explain::kAll;
  // Eligible units go straight into rec.ranked (those without a road route are dropped below).
  std::vector<Candidate>& eligible = rec.ranked;
  std::vector<LatLon> origins;
  eligible.reserve(state.units().size());
  origins.reserve(state.units().size());
  for (const Unit& u : state.units()) {
    // The reason is formatted only when it is kept (RecommendOptions::explain).
    auto skip = [&](auto&& reason) {
      if (all) rec.skipped.push_back({u.id, u.name, std::string(reason())});
    };
    const std::optional<CareLevel> level = LevelOf(u.type);
    if (!level) {
      skip([&] { return fmt::format("{} unit does not transport", cad::UnitTypeName(u.type)); });
      continue;
    }
    if (u.availability == Availability::kOutOfService) {
      skip([&] { return "out of service"; });
      continue;
    }
    Candidate c;
    c.unit = u.id;
    c.name = u.name;
    c.level = *level;
    if (const Assignment* a = state.ActiveAssignment(u.id)) {
      if (a->incident == incident_id) {
        skip([&] {
          return fmt::format("already {} on this incident", cad::AssignmentStateName(a->state));
        });
        continue;
      }
      const cad::Incident* other = state.FindIncident(a->incident);
      const int other_priority =
          other != nullptr && other->priority > 0 ? other->priority : cad::kLowestPriority;
      const bool early =
          a->state == AssignmentState::kAssigned || a->state == AssignmentState::kEnRoute;
      if (!options.allow_diversion || !early || other_priority <= need.priority) {
        skip([&] {
          return fmt::format("busy on incident {} ({}, priority {})", a->incident,
                             cad::AssignmentStateName(a->state), other_priority);
        });
        continue;
      }
      c.diverted_from = a->incident;
    }
    if (need.OnlyAls() && c.level == CareLevel::kBls) {
      skip([&] { return "BLS unit; the call needs ALS"; });
      continue;
    }
    bool missing = false;
    for (const std::string& cap : need.capabilities) {
      if (std::find(u.capabilities.begin(), u.capabilities.end(), cap) == u.capabilities.end()) {
        skip([&] { return fmt::format("lacks capability '{}'", cap); });
        missing = true;
        break;
      }
    }
    if (missing) continue;
    const std::optional<cad::PositionFix> fix = state.Position(u.id);
    const bool fresh = fix && now - fix->time <= options.stale_fix_age;
    if (fresh) {
      origins.push_back(fix->position);
    } else {
      const cad::Station* home = state.FindStation(u.home_station);
      if (home == nullptr) {
        skip([&] {
          return fix ? fmt::format("position fix is {} old and the unit has no home station",
                                   Ago(now - fix->time))
                     : std::string("no position fix and no home station");
        });
        continue;
      }
      origins.push_back(home->location);
      c.from_station = true;
      if (options.explain != Explain::kNone) {
        c.reason = fix ? fmt::format("fix is {} old; ETA from station {}", Ago(now - fix->time),
                                     home->name)
                       : fmt::format("no position fix; ETA from station {}", home->name);
      }
    }
    eligible.push_back(std::move(c));
  }

  std::vector<std::optional<Milliseconds>> etas;
  BEACON_RETURN_IF_ERROR(travel.ToOne(origins, incident->location, etas).WithContextFrom([&] {
    return fmt::format("incident {}", incident_id);
  }));
  if (etas.size() != eligible.size()) {
    return InternalError(
        fmt::format("travel times returned {} answers for {} units", etas.size(), eligible.size()));
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < eligible.size(); ++i) {
    Candidate& c = eligible[i];
    if (!etas[i]) {
      if (all) rec.skipped.push_back({c.unit, c.name, "no road route to the incident"});
      continue;
    }
    c.eta = *etas[i];
    if (kept != i) eligible[kept] = std::move(c);
    ++kept;
  }
  eligible.resize(kept);
  policy.Rank(state, rec.ranked);

  // Every candidate's reason names its ETA and where it was measured from (only the chosen
  // ones' with Explain::kChosen, none with kNone).
  auto explain = [&](std::size_t i) {
    if (options.explain == Explain::kNone) return;
    Candidate& c = rec.ranked[i];
    std::string why = fmt::format("#{} by {}: {} by road", i + 1, policy.name(), FormatEta(c.eta));
    if (!c.reason.empty()) why += fmt::format(" ({})", c.reason);
    if (c.diverted_from) {
      why += fmt::format("; diverted from lower-priority incident {}", *c.diverted_from);
    }
    c.reason = std::move(why);
  };
  if (all) {
    for (std::size_t i = 0; i < rec.ranked.size(); ++i) explain(i);
  }

  // Fill the slots, most demanding first (ALS slots before BLS ones), each with the best-ranked
  // qualifying unit not chosen yet; chosen units are listed in dispatch (rank) order.
  std::vector<UnitSlot> slots = need.slots;
  std::stable_sort(slots.begin(), slots.end(), [](const UnitSlot& a, const UnitSlot& b) {
    return a.level == CareLevel::kAls && b.level != CareLevel::kAls;
  });
  std::vector<bool> taken(rec.ranked.size(), false);
  for (const UnitSlot& slot : slots) {
    int left = slot.count;
    for (std::size_t i = 0; i < rec.ranked.size() && left > 0; ++i) {
      if (taken[i]) continue;
      if (slot.level == CareLevel::kAls && rec.ranked[i].level != CareLevel::kAls) continue;
      taken[i] = true;
      --left;
    }
    if (left > 0) rec.short_of_units = true;
  }
  for (std::size_t i = 0; i < rec.ranked.size(); ++i) {
    if (!taken[i]) continue;
    if (!all) explain(i);
    rec.chosen.push_back(rec.ranked[i]);
  }
  const bool plan_has_als =
      std::any_of(need.slots.begin(), need.slots.end(),
                  [](const UnitSlot& s) { return s.level == CareLevel::kAls; });
  if (options.add_als_to_priority1_bls && need.priority == 1 && !plan_has_als &&
      !rec.chosen.empty() && rec.chosen.front().level == CareLevel::kBls) {
    const bool has_als = std::any_of(rec.chosen.begin(), rec.chosen.end(),
                                     [](const Candidate& c) { return c.level == CareLevel::kAls; });
    if (!has_als) {
      for (std::size_t i = 0; i < rec.ranked.size(); ++i) {
        if (!taken[i] && rec.ranked[i].level == CareLevel::kAls) {
          if (!all) explain(i);
          Candidate als = rec.ranked[i];
          if (options.explain != Explain::kNone) {
            als.reason += "; added: priority 1 and the closest unit is BLS";
          }
          rec.chosen.push_back(std::move(als));
          break;
        }
      }
    }
  }
  return rec;
}

}  // namespace beacon::dispatch
