// The pending-call queue: open incidents that have no unit on the way, most urgent first
// (priority, then longest wait). Derived from the CAD state rather than stored, so it is always
// consistent with the event log and survives a replay unchanged. The server and the simulator
// recommend again for the head of the queue whenever a unit becomes available.
//
//   for (const WaitingCall& w : WaitingCalls(state, clock.Now())) ... w.incident, w.waiting
//
// Thread-safety: a pure function of its arguments.
#pragma once

#include <vector>

#include "beacon/cad/state.h"

namespace beacon::dispatch {

struct WaitingCall {
  IncidentId incident;
  int priority = 0;  // 0 = not yet triaged (queued as priority 1)
  Milliseconds waiting{0};
  bool ever_assigned = false;  // had a unit that was cancelled or diverted away
};

std::vector<WaitingCall> WaitingCalls(const cad::CadState& state, Instant now);

}  // namespace beacon::dispatch
