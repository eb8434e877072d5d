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

std::string FormatEta(Milliseconds eta) {
  const auto total = std::chrono::duration_cast<Seconds>(eta + Milliseconds{500}).count();
  if (total < 60) return fmt::format("{} s", total);
  return fmt::format("{} min {:02} s", total / 60, total % 60);
}

void ClosestUnitPolicy::Rank(const cad::CadState& /*state*/,
                             std::vector<Candidate>& candidates) const {
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     if (a.eta != b.eta) return a.eta < b.eta;
                     return a.unit < b.unit;
                   });
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
  if (need.units < 1) {
    return InvalidArgumentError(
        fmt::format("a recommendation needs at least 1 unit, not {}", need.units));
  }

  Recommendation rec;
  rec.incident = incident_id;
  std::vector<Candidate> eligible;
  std::vector<LatLon> origins;
  for (const Unit& u : state.units()) {
    auto skip = [&](std::string reason) {
      rec.skipped.push_back({u.id, u.name, std::move(reason)});
    };
    const std::optional<CareLevel> level = LevelOf(u.type);
    if (!level) {
      skip(fmt::format("{} unit does not transport", cad::UnitTypeName(u.type)));
      continue;
    }
    if (u.availability == Availability::kOutOfService) {
      skip("out of service");
      continue;
    }
    Candidate c;
    c.unit = u.id;
    c.name = u.name;
    c.level = *level;
    if (const Assignment* a = state.ActiveAssignment(u.id)) {
      if (a->incident == incident_id) {
        skip(fmt::format("already {} on this incident", cad::AssignmentStateName(a->state)));
        continue;
      }
      const cad::Incident* other = state.FindIncident(a->incident);
      const int other_priority =
          other != nullptr && other->priority > 0 ? other->priority : cad::kLowestPriority;
      const bool early =
          a->state == AssignmentState::kAssigned || a->state == AssignmentState::kEnRoute;
      if (!options.allow_diversion || !early || other_priority <= need.priority) {
        skip(fmt::format("busy on incident {} ({}, priority {})", a->incident,
                         cad::AssignmentStateName(a->state), other_priority));
        continue;
      }
      c.diverted_from = a->incident;
    }
    if (need.level == CareLevel::kAls && c.level == CareLevel::kBls) {
      skip("BLS unit; the call needs ALS");
      continue;
    }
    bool missing = false;
    for (const std::string& cap : need.capabilities) {
      if (std::find(u.capabilities.begin(), u.capabilities.end(), cap) == u.capabilities.end()) {
        skip(fmt::format("lacks capability '{}'", cap));
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
        skip(fix ? fmt::format("position fix is {} old and the unit has no home station",
                               Ago(now - fix->time))
                 : std::string("no position fix and no home station"));
        continue;
      }
      origins.push_back(home->location);
      c.from_station = true;
      c.reason =
          fix ? fmt::format("fix is {} old; ETA from station {}", Ago(now - fix->time), home->name)
              : fmt::format("no position fix; ETA from station {}", home->name);
    }
    eligible.push_back(std::move(c));
  }

  std::vector<std::optional<Milliseconds>> etas;
  BEACON_RETURN_IF_ERROR(travel.ToOne(origins, incident->location, etas)
                             .WithContext(fmt::format("incident {}", incident_id)));
  if (etas.size() != eligible.size()) {
    return InternalError(
        fmt::format("travel times returned {} answers for {} units", etas.size(), eligible.size()));
  }
  for (std::size_t i = 0; i < eligible.size(); ++i) {
    Candidate& c = eligible[i];
    if (!etas[i]) {
      rec.skipped.push_back({c.unit, c.name, "no road route to the incident"});
      continue;
    }
    c.eta = *etas[i];
    rec.ranked.push_back(std::move(c));
  }
  policy.Rank(state, rec.ranked);

  // Every candidate's reason names its ETA and where it was measured from.
  for (std::size_t i = 0; i < rec.ranked.size(); ++i) {
    Candidate& c = rec.ranked[i];
    std::string why = fmt::format("#{} by {}: {} by road", i + 1, policy.name(), FormatEta(c.eta));
    if (!c.reason.empty()) why += fmt::format(" ({})", c.reason);
    if (c.diverted_from) {
      why += fmt::format("; diverted from lower-priority incident {}", *c.diverted_from);
    }
    c.reason = std::move(why);
  }

  const auto take = std::min<std::size_t>(static_cast<std::size_t>(need.units), rec.ranked.size());
  rec.chosen.assign(rec.ranked.begin(), rec.ranked.begin() + static_cast<std::ptrdiff_t>(take));
  rec.short_of_units = take < static_cast<std::size_t>(need.units);
  if (options.add_als_to_priority1_bls && need.priority == 1 && !rec.chosen.empty() &&
      rec.chosen.front().level == CareLevel::kBls) {
    const bool has_als = std::any_of(rec.chosen.begin(), rec.chosen.end(),
                                     [](const Candidate& c) { return c.level == CareLevel::kAls; });
    if (!has_als) {
      for (const Candidate& c : rec.ranked) {
        if (c.level == CareLevel::kAls) {
          Candidate als = c;
          als.reason += "; added: priority 1 and the closest unit is BLS";
          rec.chosen.push_back(std::move(als));
          break;
        }
      }
    }
  }
  return rec;
}

}  // namespace beacon::dispatch
