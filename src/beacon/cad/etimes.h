// NEMSIS v3.5.1 eTimes elements that CAD events stamp, so patient records and reports read every
// time from one place (the event log).
//
//   ETimeElementName(ETime::kUnitNotified) == "eTimes.03"
//
// Source: NEMSIS v3.5.1 data dictionary, section eTimes (../shared/docs/domain.md lists them).
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "beacon/cad/types.h"

namespace beacon::cad {

enum class ETime : std::uint8_t {
  kPsapCall,              // eTimes.01 PSAP call date/time
  kDispatchNotified,      // eTimes.02 dispatch notified
  kUnitNotified,          // eTimes.03 unit notified by dispatch (mandatory)
  kEnRoute,               // eTimes.05 unit en route
  kArrivedOnScene,        // eTimes.06 unit arrived on scene
  kArrivedAtPatient,      // eTimes.07 arrived at patient
  kLeftScene,             // eTimes.09 unit left scene
  kArrivedAtDestination,  // eTimes.11 patient arrived at destination
  kTransferOfCare,        // eTimes.12 destination patient transfer of care
  kBackInService,         // eTimes.13 unit back in service (mandatory)
  kCancelled,             // eTimes.14 unit cancelled
};

inline constexpr int kETimeCount = 11;

// "eTimes.01" ... "eTimes.14".
std::string_view ETimeElementName(ETime t);

// The element an assignment stamps when it enters `state`.
ETime ETimeForAssignmentState(AssignmentState state);

}  // namespace beacon::cad
