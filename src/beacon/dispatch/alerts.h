// Alerts: what a dispatcher or supervisor must look at now, computed from the CAD state and the
// Clock's time: a call not dispatched within its priority's limit, a unit overdue on scene or at
// hospital, a stale position fix, no available unit of a level.
//
//   for (const Alert& a : EvaluateAlerts(state, clock.Now(), AlertLimits{})) show(a.message);
//
// Each overdue timer is AMBER once past its limit and RED once past 1.5 times it, so a console
// can colour it. Defaults: NFPA 1225 asks for call processing (answer to dispatch) within 60 s
// for 90 % of calls, used for priority 1; the others are Beacon's defaults, configurable.
// Thread-safety: a pure function of its arguments.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "beacon/cad/state.h"

namespace beacon::dispatch {

enum class AlertKind {
  kCallNotDispatched,
  kOverdueOnScene,
  kOverdueAtHospital,
  kStaleFix,
  kNoUnitOfLevel,
};

enum class AlertLevel { kAmber, kRed };

std::string_view AlertKindName(AlertKind k);
std::string_view AlertLevelName(AlertLevel l);

struct AlertLimits {
  // Answer-to-dispatch limit by priority 1, 2, 3 (an untriaged call uses priority 1's).
  std::array<Milliseconds, 3> dispatch{Seconds{60}, Seconds{120}, Seconds{300}};
  Milliseconds on_scene{Minutes{30}};
  Milliseconds at_hospital{Minutes{30}};  // arrival to transfer of care (offload)
  Milliseconds fix_stale{Minutes{2}};
  double red_factor = 1.5;  // RED once elapsed >= limit * red_factor
};

struct Alert {
  AlertKind kind;
  AlertLevel level;
  std::optional<IncidentId> incident;
  std::optional<UnitId> unit;
  Milliseconds elapsed{0};  // how long the condition has lasted
  Milliseconds limit{0};
  std::string message;  // in the words a dispatcher uses
};

// Every alert that holds at `now`, most urgent kinds first, then by elapsed time.
std::vector<Alert> EvaluateAlerts(const cad::CadState& state, Instant now,
                                  const AlertLimits& limits = {});

}  // namespace beacon::dispatch
