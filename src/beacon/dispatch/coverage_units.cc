#include "beacon/dispatch/coverage_units.h"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

namespace beacon::dispatch {
namespace {

std::optional<cad::CareLevel> TransportLevel(cad::UnitType t) {
  switch (t) {
    case cad::UnitType::kAls:
      return cad::CareLevel::kAls;
    case cad::UnitType::kBls:
      return cad::CareLevel::kBls;
    case cad::UnitType::kSupervisor:
    case cad::UnitType::kNonTransport:
      return std::nullopt;
  }
  return std::nullopt;
}

// The site nearest `p` within `radius`, if any.
std::optional<std::size_t> SiteNear(const CoverageModel& model, const LatLon& p, Meters radius) {
  std::optional<std::size_t> best;
  Meters best_d = radius;
  for (std::size_t j = 0; j < model.SiteCount(); ++j) {
    const Meters d = ApproxDistance(p, model.Sites()[j].location);
    if (d <= best_d) {
      best = j;
      best_d = d;
    }
  }
  return best;
}

}  // namespace

Meters ApproxDistance(const LatLon& a, const LatLon& b) {
  constexpr double kEarthRadius = 6371008.8;  // mean radius, metres (IUGG)
  constexpr double kRad = std::numbers::pi / 180.0;
  const double x = (b.lon - a.lon) * kRad * std::cos(0.5 * (a.lat + b.lat) * kRad);
  const double y = (b.lat - a.lat) * kRad;
  return Meters(kEarthRadius * std::sqrt(x * x + y * y));
}

Result<std::vector<IdleUnit>> CollectIdleUnits(const cad::CadState& state,
                                               const ReachFinder& finder, Instant now,
                                               const IdleUnitOptions& options) {
  const CoverageModel& model = finder.Model();
  if (options.priority < 1 || options.priority > kCoveragePriorities) {
    return InvalidArgumentError(fmt::format("coverage priority {} is outside 1..{}",
                                            options.priority, kCoveragePriorities));
  }
  for (const auto& [unit, site] : options.heading) {
    if (site >= model.SiteCount()) {
      return InvalidArgumentError(fmt::format("unit {} is heading to site {}, but the model has {}",
                                              unit, site, model.SiteCount()));
    }
  }
  std::vector<IdleUnit> idle;
  for (const cad::Unit& u : state.units()) {
    const std::optional<cad::CareLevel> level = TransportLevel(u.type);
    if (!level || (options.level && *options.level != *level)) continue;
    if (u.availability != cad::Availability::kAvailable) continue;
    if (state.ActiveAssignment(u.id) != nullptr) continue;
    IdleUnit iu;
    iu.unit = u.id;
    iu.name = u.name;
    iu.home_site = model.SiteOfStation(u.home_station);
    std::optional<CoveragePosition> pos;
    for (const auto& [unit, site] : options.heading) {
      if (unit == u.id) pos = CoveragePosition::At(site);
    }
    const std::optional<cad::PositionFix> fix = state.Position(u.id);
    if (!pos && fix && now - fix->time <= options.stale_fix_age) {
      const std::optional<std::size_t> near =
          SiteNear(model, fix->position, options.at_site_radius);
      pos = near ? CoveragePosition::At(*near) : CoveragePosition::OnRoad(fix->position);
    }
    if (!pos) {
      if (iu.home_site) {
        pos = CoveragePosition::At(*iu.home_site);
        iu.note = fix ? "fix is stale; counted at its home station"
                      : "no position fix; counted at its home station";
      } else if (const cad::Station* home = state.FindStation(u.home_station)) {
        pos = CoveragePosition::OnRoad(home->location);
        iu.note = "no fresh fix; counted at its home station";
      } else {
        iu.note = "no fresh fix and no home station: counted as covering nothing";
      }
    }
    if (pos) {
      Result<Reach> reach = finder.Find(*pos, options.priority);
      if (!reach.ok() && !pos->site && iu.home_site) {
        iu.note = fmt::format("{}; counted at its home station", reach.error().message());
        pos = CoveragePosition::At(*iu.home_site);
        reach = finder.Find(*pos, options.priority);
      }
      if (reach.ok()) {
        iu.position = *pos;
        iu.reach = *reach;
      } else {
        iu.position = *pos;
        iu.note = fmt::format("{}: counted as covering nothing", reach.error().message());
      }
    }
    idle.push_back(std::move(iu));
  }
  return idle;
}

CoverageState StateOf(const CoverageModel& model, std::span<const IdleUnit> idle, int priority,
                      std::optional<double> busy_fraction) {
  CoverageState s(model, priority, busy_fraction);
  for (const IdleUnit& u : idle) s.Add(u.reach);
  return s;
}

}  // namespace beacon::dispatch
