#include "beacon/cad/types.h"

#include "beacon/cad/etimes.h"

namespace beacon::cad {

std::string_view UnitTypeName(UnitType t) {
  switch (t) {
    case UnitType::kAls:
      return "ALS";
    case UnitType::kBls:
      return "BLS";
    case UnitType::kSupervisor:
      return "SUPERVISOR";
    case UnitType::kNonTransport:
      return "NON_TRANSPORT";
  }
  return "?";
}

std::string_view AvailabilityName(Availability a) {
  switch (a) {
    case Availability::kOutOfService:
      return "OUT_OF_SERVICE";
    case Availability::kAvailable:
      return "AVAILABLE";
    case Availability::kBusy:
      return "BUSY";
  }
  return "?";
}

std::string_view AssignmentStateName(AssignmentState s) {
  switch (s) {
    case AssignmentState::kAssigned:
      return "ASSIGNED";
    case AssignmentState::kEnRoute:
      return "EN_ROUTE";
    case AssignmentState::kOnScene:
      return "ON_SCENE";
    case AssignmentState::kPatientContact:
      return "PATIENT_CONTACT";
    case AssignmentState::kTransporting:
      return "TRANSPORTING";
    case AssignmentState::kAtDestination:
      return "AT_DESTINATION";
    case AssignmentState::kTransferred:
      return "TRANSFERRED";
    case AssignmentState::kCleared:
      return "CLEARED";
    case AssignmentState::kCancelled:
      return "CANCELLED";
  }
  return "?";
}

std::string_view HospitalStatusName(HospitalStatus s) {
  return s == HospitalStatus::kOpen ? "OPEN" : "CODE_BLACK";
}

std::string_view CareLevelName(CareLevel l) { return l == CareLevel::kAls ? "ALS" : "BLS"; }

std::string_view ETimeElementName(ETime t) {
  switch (t) {
    case ETime::kPsapCall:
      return "eTimes.01";
    case ETime::kDispatchNotified:
      return "eTimes.02";
    case ETime::kUnitNotified:
      return "eTimes.03";
    case ETime::kEnRoute:
      return "eTimes.05";
    case ETime::kArrivedOnScene:
      return "eTimes.06";
    case ETime::kArrivedAtPatient:
      return "eTimes.07";
    case ETime::kLeftScene:
      return "eTimes.09";
    case ETime::kArrivedAtDestination:
      return "eTimes.11";
    case ETime::kTransferOfCare:
      return "eTimes.12";
    case ETime::kBackInService:
      return "eTimes.13";
    case ETime::kCancelled:
      return "eTimes.14";
  }
  return "?";
}

ETime ETimeForAssignmentState(AssignmentState state) {
  switch (state) {
    case AssignmentState::kAssigned:
      return ETime::kUnitNotified;
    case AssignmentState::kEnRoute:
      return ETime::kEnRoute;
    case AssignmentState::kOnScene:
      return ETime::kArrivedOnScene;
    case AssignmentState::kPatientContact:
      return ETime::kArrivedAtPatient;
    case AssignmentState::kTransporting:
      return ETime::kLeftScene;
    case AssignmentState::kAtDestination:
      return ETime::kArrivedAtDestination;
    case AssignmentState::kTransferred:
      return ETime::kTransferOfCare;
    case AssignmentState::kCleared:
      return ETime::kBackInService;
    case AssignmentState::kCancelled:
      return ETime::kCancelled;
  }
  return ETime::kUnitNotified;
}

}  // namespace beacon::cad
