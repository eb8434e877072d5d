// The small vocabularies of the CAD core: unit types, the two per-unit state machines' states,
// priorities, hospital status, and their display names.
//
//   Availability a = Availability::kAvailable;   AvailabilityName(a) == "AVAILABLE"
//   AssignmentStateName(AssignmentState::kEnRoute) == "EN_ROUTE"
//
// The two machines are kept apart, as in ../shared/docs/domain.md: availability says whether a
// unit can be sent; assignment progress says where a unit is in one incident.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string_view>

namespace beacon::cad {

enum class UnitType : std::uint8_t {
  kAls,           // paramedics (advanced life support), transports
  kBls,           // EMTs (basic life support), transports
  kSupervisor,    // field supervisor, does not transport
  kNonTransport,  // e.g. a community assistance team
};

// Unit availability: can the unit be sent?
enum class Availability : std::uint8_t {
  kOutOfService,  // off shift, maintenance, restocking
  kAvailable,     // in quarters or on the road, can be dispatched
  kBusy,          // committed to an assignment
};

// Progress of one unit on one incident.
enum class AssignmentState : std::uint8_t {
  kAssigned,  // the crew has been notified
  kEnRoute,
  kOnScene,
  kPatientContact,
  kTransporting,   // left the scene with a patient
  kAtDestination,  // arrived at the hospital
  kTransferred,    // transfer of care done
  kCleared,        // back in service (terminal)
  kCancelled,      // stood down before arriving on scene (terminal)
};

enum class HospitalStatus : std::uint8_t {
  kOpen,
  kCodeBlack,  // ED closed by an internal emergency (the only closure Massachusetts allows)
};

// Care level a call needs or a unit provides.
enum class CareLevel : std::uint8_t { kBls, kAls };

std::string_view UnitTypeName(UnitType t);
std::string_view AvailabilityName(Availability a);
std::string_view AssignmentStateName(AssignmentState s);
std::string_view HospitalStatusName(HospitalStatus s);
std::string_view CareLevelName(CareLevel l);

// True for kCleared and kCancelled: the assignment no longer holds the unit.
constexpr bool IsTerminal(AssignmentState s) {
  return s == AssignmentState::kCleared || s == AssignmentState::kCancelled;
}

// Priorities 1 (most urgent) to 3, as Boston EMS uses them.
inline constexpr int kHighestPriority = 1;
inline constexpr int kLowestPriority = 3;

}  // namespace beacon::cad
