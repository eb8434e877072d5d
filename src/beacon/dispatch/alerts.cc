#include "beacon/dispatch/alerts.h"

#include <fmt/format.h>

#include <algorithm>

#include "beacon/dispatch/recommend.h"

namespace beacon::dispatch {
namespace {

std::optional<AlertLevel> LevelFor(Milliseconds elapsed, Milliseconds limit, double red_factor) {
  if (elapsed < limit) return std::nullopt;
  const auto red =
      Milliseconds{static_cast<std::int64_t>(static_cast<double>(limit.count()) * red_factor)};
  return elapsed >= red ? AlertLevel::kRed : AlertLevel::kAmber;
}

std::string UnitName(const cad::Unit& u) {
  return u.name.empty() ? fmt::format("unit {}", u.id) : u.name;
}

}  // namespace

std::string_view AlertKindName(AlertKind k) {
  switch (k) {
    case AlertKind::kCallNotDispatched:
      return "CALL_NOT_DISPATCHED";
    case AlertKind::kOverdueOnScene:
      return "OVERDUE_ON_SCENE";
    case AlertKind::kOverdueAtHospital:
      return "OVERDUE_AT_HOSPITAL";
    case AlertKind::kStaleFix:
      return "STALE_FIX";
    case AlertKind::kNoUnitOfLevel:
      return "NO_UNIT_OF_LEVEL";
  }
  return "?";
}

std::string_view AlertLevelName(AlertLevel l) { return l == AlertLevel::kRed ? "RED" : "AMBER"; }

std::vector<Alert> EvaluateAlerts(const cad::CadState& state, Instant now,
                                  const AlertLimits& limits) {
  std::vector<Alert> out;
  // Calls waiting for a unit.
  for (const auto& [id, inc] : state.incidents()) {
    if (inc.closed || !inc.assignments.empty()) continue;
    const int p = inc.priority >= 1 && inc.priority <= 3 ? inc.priority : 1;
    const Milliseconds limit = limits.dispatch[static_cast<std::size_t>(p - 1)];
    const Milliseconds elapsed = now - inc.created;
    if (auto level = LevelFor(elapsed, limit, limits.red_factor)) {
      out.push_back({AlertKind::kCallNotDispatched, *level, id, std::nullopt, elapsed, limit,
                     fmt::format("incident {} (priority {}) not dispatched for {} (limit {})", id,
                                 inc.priority > 0 ? std::to_string(inc.priority) : "not set",
                                 FormatEta(elapsed), FormatEta(limit))});
    }
  }
  // Units overdue in a state, and stale fixes.
  bool available_level[2] = {false, false};
  for (const cad::Unit& u : state.units()) {
    if (u.availability == cad::Availability::kAvailable) {
      if (u.type == cad::UnitType::kAls) available_level[1] = true;
      if (u.type == cad::UnitType::kBls) available_level[0] = true;
    }
    if (const cad::Assignment* a = state.ActiveAssignment(u.id)) {
      const Milliseconds elapsed = now - a->since;
      const bool on_scene = a->state == cad::AssignmentState::kOnScene ||
                            a->state == cad::AssignmentState::kPatientContact;
      const bool at_hospital = a->state == cad::AssignmentState::kAtDestination;
      if (on_scene || at_hospital) {
        const Milliseconds limit = on_scene ? limits.on_scene : limits.at_hospital;
        if (auto level = LevelFor(elapsed, limit, limits.red_factor)) {
          std::string where = "on scene";
          if (at_hospital && a->destination) {
            const cad::Hospital* h = state.FindHospital(*a->destination);
            where = h ? "at " + h->name : "at hospital";
          }
          out.push_back({on_scene ? AlertKind::kOverdueOnScene : AlertKind::kOverdueAtHospital,
                         *level, a->incident, u.id, elapsed, limit,
                         fmt::format("{} {} for {} (limit {}), incident {}", UnitName(u), where,
                                     FormatEta(elapsed), FormatEta(limit), a->incident)});
        }
      }
    }
    if (u.availability != cad::Availability::kOutOfService) {
      if (auto fix = state.Position(u.id)) {
        const Milliseconds age = now - fix->time;
        if (auto level = LevelFor(age, limits.fix_stale, limits.red_factor)) {
          out.push_back({AlertKind::kStaleFix, *level, u.active_incident, u.id, age,
                         limits.fix_stale,
                         fmt::format("{} position fix is {} old", UnitName(u), FormatEta(age))});
        }
      }
    }
  }
  for (int level = 1; level >= 0; --level) {
    if (!available_level[level]) {
      out.push_back({AlertKind::kNoUnitOfLevel, AlertLevel::kRed, std::nullopt, std::nullopt,
                     Milliseconds{0}, Milliseconds{0},
                     fmt::format("no {} unit available", level == 1 ? "ALS" : "BLS")});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Alert& a, const Alert& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.elapsed != b.elapsed) return a.elapsed > b.elapsed;
    if (a.incident != b.incident) return a.incident < b.incident;
    return a.unit < b.unit;
  });
  return out;
}

}  // namespace beacon::dispatch
