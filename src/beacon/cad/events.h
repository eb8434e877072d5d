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

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/base/latlon.h"
#include "beacon/base/strong_id.h"
#include "beacon/base/time.h"
#include "beacon/cad/mci_types.h"
#include "beacon/cad/types.h"
#include "beacon/triage/mci_triage.h"

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

// --- Mass-casualty incidents (cad/mci.h): every patient's trail is these events. ---

// An incident is declared an MCI (it stays the incident units are assigned to).
struct MciDeclared {
  MciId mci;
  IncidentId incident;
  std::string name;  // e.g. "Boylston St finish line"
  int level = kLowestMciLevel;
  friend bool operator==(const MciDeclared&, const MciDeclared&) = default;
};

// Escalated or scaled down.
struct MciLevelChanged {
  MciId mci;
  int level = kLowestMciLevel;
  friend bool operator==(const MciLevelChanged&, const MciLevelChanged&) = default;
};

// A staging area, casualty collection point or treatment area is set up (or moved).
struct MciSiteSet {
  MciId mci;
  std::string site;  // its name, unique in the MCI
  MciSiteKind kind = MciSiteKind::kCasualtyCollection;
  LatLon location;
  friend bool operator==(const MciSiteSet&, const MciSiteSet&) = default;
};

// A hospital declares how many more patients of each transport category it can take for this
// MCI (red, yellow, green, gray).
struct MciSurgeDeclared {
  MciId mci;
  HospitalId hospital;
  std::array<int, 4> capacity{};
  friend bool operator==(const MciSurgeDeclared&, const MciSurgeDeclared&) = default;
};

// A patient gets a triage tag: its number, category (and the algorithm that gave it, unset when
// the category was given directly), where it is and what it needs.
struct PatientTagged {
  MciId mci;
  std::string tag;
  triage::MciCategory category = triage::MciCategory::kMinor;
  std::optional<triage::MciAlgorithm> algorithm;
  std::string site;  // empty: at the incident's location
  MciNeeds needs;
  friend bool operator==(const PatientTagged&, const PatientTagged&) = default;
};

// Re-triage: a new category (findings or resources changed).
struct PatientRetriaged {
  MciId mci;
  std::string tag;
  triage::MciCategory category = triage::MciCategory::kMinor;
  std::optional<triage::MciAlgorithm> algorithm;
  friend bool operator==(const PatientRetriaged&, const PatientRetriaged&) = default;
};

// Moved to another site of the MCI.
struct PatientMoved {
  MciId mci;
  std::string tag;
  std::string site;
  friend bool operator==(const PatientMoved&, const PatientMoved&) = default;
};

// A treatment given at the scene (free text, e.g. "tourniquet left thigh").
struct PatientTreated {
  MciId mci;
  std::string tag;
  std::string treatment;
  friend bool operator==(const PatientTreated&, const PatientTreated&) = default;
};

// Planned onto an ambulance and a hospital (a distribution plan accepted, or a dispatcher's
// choice); a later assignment replaces it until the patient is loaded.
struct PatientTransportAssigned {
  MciId mci;
  std::string tag;
  UnitId unit;
  HospitalId hospital;
  friend bool operator==(const PatientTransportAssigned&,
                         const PatientTransportAssigned&) = default;
};

// Left the scene in `unit` for `hospital`; the unit is on the MCI's incident.
struct PatientTransported {
  MciId mci;
  std::string tag;
  UnitId unit;
  HospitalId hospital;
  friend bool operator==(const PatientTransported&, const PatientTransported&) = default;
};

// Reached a hospital (normally the one it left for; a diversion names the other).
struct PatientArrived {
  MciId mci;
  std::string tag;
  HospitalId hospital;
  friend bool operator==(const PatientArrived&, const PatientArrived&) = default;
};

// Treated and released at the scene, or left by other means than an ambulance.
struct PatientReleased {
  MciId mci;
  std::string tag;
  friend bool operator==(const PatientReleased&, const PatientReleased&) = default;
};

// The MCI is over; only when every living patient has arrived or been released.
struct MciClosed {
  MciId mci;
  friend bool operator==(const MciClosed&, const MciClosed&) = default;
};

using EventPayload =
    std::variant<CallReceived, IncidentCreated, IncidentUpdated, IncidentMerged, TriageCompleted,
                 PriorityChanged, UnitRecommended, UnitAssigned, AssignmentProgressed,
                 UnitAvailabilityChanged, HospitalStatusChanged, IncidentClosed, MoveUpRecommended,
                 MciDeclared, MciLevelChanged, MciSiteSet, MciSurgeDeclared, PatientTagged,
                 PatientRetriaged, PatientMoved, PatientTreated, PatientTransportAssigned,
                 PatientTransported, PatientArrived, PatientReleased, MciClosed>;

// The index of the first MCI event kind in EventPayload (the kinds before it are the CAD core's).
inline constexpr std::size_t kFirstMciEventKind = 13;

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
