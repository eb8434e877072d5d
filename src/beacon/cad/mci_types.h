// The vocabulary of a mass-casualty incident (MCI) in the CAD: its id, its sites, a patient's
// transport state and needs. The triage categories themselves are the MCI triage algorithms'
// (triage::MciCategory, NEMSIS eScene.08).
//
//   MciSiteKindName(MciSiteKind::kCasualtyCollection) == "casualty_collection"
//   MciPatientStateName(MciPatientState::kTransporting) == "transporting"
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string_view>

#include "beacon/base/result.h"
#include "beacon/base/strong_id.h"

namespace beacon::cad {

struct MciIdTag {};
// A mass-casualty incident, declared on an existing incident.
using MciId = StrongId<MciIdTag, std::uint32_t>;

// MCI levels 1 (smallest) to 5, as the agency's MCI plan defines them by the number of patients.
inline constexpr int kLowestMciLevel = 1;
inline constexpr int kHighestMciLevel = 5;

// The places an MCI is run from (the incident command system's names).
enum class MciSiteKind : std::uint8_t {
  kCasualtyCollection,  // where patients are gathered and loaded (the scene's loading point)
  kTreatment,           // the treatment area, by category
  kStaging,             // where arriving ambulances wait until called forward
};
inline constexpr int kMciSiteKinds = 3;

// Where a patient is in the MCI.
enum class MciPatientState : std::uint8_t {
  kOnScene,       // tagged, at a collection point or the treatment area
  kAssigned,      // planned onto an ambulance and a hospital, not yet loaded
  kTransporting,  // left the scene in an ambulance
  kArrived,       // at the hospital (terminal)
  kReleased,      // treated and released at the scene, or left by other means (terminal)
};
inline constexpr int kMciPatientStates = 5;

// Needs that call for a capable hospital (the same as the distribution planner's).
struct MciNeeds {
  bool pediatric = false;
  bool burn = false;
  bool trauma = false;
  friend bool operator==(const MciNeeds&, const MciNeeds&) = default;
};

std::string_view MciSiteKindName(MciSiteKind kind);
std::string_view MciPatientStateName(MciPatientState state);
Result<MciSiteKind> ParseMciSiteKind(std::string_view name);
Result<MciPatientState> ParseMciPatientState(std::string_view name);

// A triage tag number: 1 to 32 characters, letters, digits, '-' and '_'.
Status ValidateTag(std::string_view tag);

}  // namespace beacon::cad
