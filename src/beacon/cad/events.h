// CAD events: every change to the live state is one of these, appended to an ordered log with a
// sequence number, the time, the actor and a reason. Current state is a fold over the log
// (state.h); replaying the log rebuilds it exactly.
//
//   Event e{.time = clock.Now(), .actor = "dispatcher:kim", .reason = "closest ALS",
//           .payload = UnitAssigned{UnitId{7}, IncidentId{12}}};
//   DescribeEvent(e) == "UnitAssigned unit=7 incident=12"
//
// Unit positions are not events: they are the latest fix per unit, kept beside the log.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/base/latlon.h"
#include "beacon/base/strong_id.h"
#include "beacon/base/time.h"
#include "beacon/cad/types.h"

namespace beacon::cad {

struct CallIdTag {};
// One 911 call as it reached the EMS dispatch centre (several calls may report one incident).
using CallId = StrongId<CallIdTag, std::uint64_t>;

// A call reached EMS dispatch. Stamps eTimes.01 (PSAP call, when given) and eTimes.02.
struct CallReceived {
  CallId call;
  LatLon location;
  std::string address;
  std::optional<Instant> psap_time;  // when the 911 centre answered; defaults to the event time
  friend bool operator==(const CallReceived&, const CallReceived&) = default;
};

// A new incident for a received call.
struct IncidentCreated {
  IncidentId incident;
  CallId call;
  friend bool operator==(const IncidentCreated&, const IncidentCreated&) = default;
};

// Location or address corrected, or another call linked to the incident.
struct IncidentUpdated {
  IncidentId incident;
  std::optional<LatLon> location;
  std::optional<std::string> address;
  std::optional<CallId> linked_call;
  friend bool operator==(const IncidentUpdated&, const IncidentUpdated&) = default;
};

// `from` duplicates `into`: its calls and active assignments move to `into`; `from` closes.
struct IncidentMerged {
  IncidentId from;
  IncidentId into;
  friend bool operator==(const IncidentMerged&, const IncidentMerged&) = default;
};

// The call-taker finished the protocol: determinant, priority and what to send.
struct TriageCompleted {
  IncidentId incident;
  std::string complaint;    // protocol chief-complaint id
  std::string determinant;  // determinant code
  int priority = kLowestPriority;
  CareLevel level = CareLevel::kBls;
  int units = 1;
  bool lights_and_sirens = false;
  std::string dispatch_reason_code;    // NEMSIS eDispatch.01
  std::string dispatch_priority_code;  // NEMSIS eDispatch.05
  friend bool operator==(const TriageCompleted&, const TriageCompleted&) = default;
};

struct PriorityChanged {
  IncidentId incident;
  int priority = kLowestPriority;
  friend bool operator==(const PriorityChanged&, const PriorityChanged&) = default;
};

// Beacon recommended these units (ranked); recorded so the choice can be audited.
struct UnitRecommended {
  IncidentId incident;
  std::vector<UnitId> units;
  friend bool operator==(const UnitRecommended&, const UnitRecommended&) = default;
};

// A unit is sent to an incident. If the unit is still ASSIGNED or EN_ROUTE to another incident
// (a diversion), that assignment is cancelled by this same event.
struct UnitAssigned {
  UnitId unit;
  IncidentId incident;
  friend bool operator==(const UnitAssigned&, const UnitAssigned&) = default;
};

// The unit's assignment moved to `state` (EN_ROUTE ... CLEARED, or CANCELLED). TRANSPORTING names
// the destination hospital.
struct AssignmentProgressed {
  UnitId unit;
  IncidentId incident;
  AssignmentState state = AssignmentState::kEnRoute;
  std::optional<HospitalId> destination;
  friend bool operator==(const AssignmentProgressed&, const AssignmentProgressed&) = default;
};

// Availability changes outside an assignment: on/off shift, out of service.
struct UnitAvailabilityChanged {
  UnitId unit;
  Availability availability = Availability::kAvailable;  // kAvailable or kOutOfService
  friend bool operator==(const UnitAvailabilityChanged&, const UnitAvailabilityChanged&) = default;
};

struct HospitalStatusChanged {
  HospitalId hospital;
  HospitalStatus status = HospitalStatus::kOpen;
  friend bool operator==(const HospitalStatusChanged&, const HospitalStatusChanged&) = default;
};

// No more work on the incident; only allowed when no assignment is active.
struct IncidentClosed {
  IncidentId incident;
  friend bool operator==(const IncidentClosed&, const IncidentClosed&) = default;
};

// Move-up (coverage): `unit` should go and wait at `post` (a station or standby post); the
// event's reason gives the expected coverage it gains. `applied`: Beacon ordered the move itself
// (automatic move-up, as in the simulator) rather than suggesting it to the dispatcher. Recorded
// for audit; the CAD state does not change (the unit's position comes from its fixes).
struct MoveUpRecommended {
  UnitId unit;
  StationId post;
  bool applied = false;
  friend bool operator==(const MoveUpRecommended&, const MoveUpRecommended&) = default;
};

using EventPayload =
    std::variant<CallReceived, IncidentCreated, IncidentUpdated, IncidentMerged, TriageCompleted,
                 PriorityChanged, UnitRecommended, UnitAssigned, AssignmentProgressed,
                 UnitAvailabilityChanged, HospitalStatusChanged, IncidentClosed, MoveUpRecommended>;

struct Event {
  std::uint64_t seq = 0;  // 1, 2, 3 ... assigned when appended to the log
  Instant time;
  std::string actor;   // "system", or the user, e.g. "dispatcher:kim"
  std::string reason;  // why, in the words a dispatcher uses
  EventPayload payload;
  friend bool operator==(const Event&, const Event&) = default;
};

// "UnitAssigned", "AssignmentProgressed", ...
std::string_view EventKindName(const EventPayload& payload);
// One line naming the kind and its ids, for errors and logs.
std::string DescribeEvent(const Event& event);

}  // namespace beacon::cad
