#include "beacon/dispatch/waiting.h"

#include <algorithm>

namespace beacon::dispatch {

std::vector<WaitingCall> WaitingCalls(const cad::CadState& state, Instant now) {
  std::vector<WaitingCall> out;
  for (const auto& [id, inc] : state.incidents()) {
    if (inc.closed) continue;
    // An MCI's ambulances follow its distribution plan, not the one-call queue.
    if (const cad::Mci* m = state.MciOfIncident(id); m != nullptr && !m->closed) continue;
    bool active = false;
    bool arrived = false;
    for (std::size_t idx : inc.assignments) {
      const cad::Assignment& a = state.assignments()[idx];
      active |= !cad::IsTerminal(a.state);
      arrived |= a.etimes[static_cast<std::size_t>(cad::ETime::kArrivedOnScene)].has_value();
    }
    if (active || arrived) continue;  // a unit is coming, or the call has been served
    out.push_back({id, inc.priority, now - inc.created, !inc.assignments.empty()});
  }
  auto rank = [](int p) { return p >= 1 && p <= 3 ? p : 1; };
  std::sort(out.begin(), out.end(), [&](const WaitingCall& a, const WaitingCall& b) {
    if (rank(a.priority) != rank(b.priority)) return rank(a.priority) < rank(b.priority);
    if (a.waiting != b.waiting) return a.waiting > b.waiting;
    return a.incident < b.incident;
  });
  return out;
}

}  // namespace beacon::dispatch
