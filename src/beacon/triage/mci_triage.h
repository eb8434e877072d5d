// MCI triage: START (adults), JumpSTART (children about 1-8) and SALT, as published, from the
// findings a medic observes at a mass-casualty incident to a category with its NEMSIS eScene.08
// code and the step that decided it, in the words a medic uses.
//
//   Findings f;  f.walks = false;  f.breathing = true;  f.respiratory_rate = 34;
//   BEACON_ASSIGN_OR_RETURN(TriageResult r, TriageMci(MciAlgorithm::kStart, f));
//   r.category == MciCategory::kImmediate;  EScene08Code(r.category) == "2708001";
//   r.reason == "respiratory rate 34/min, over 30";
//
// A finding the algorithm needs to decide and that was not given is an error naming the finding
// ("respiratory_rate: missing: ..."), never a guess. Findings the algorithm does not reach are
// not needed. Re-triage (`Retriage`) merges new findings into the old ones and says what changed;
// SALT's expectant category depends on the resources at hand, so after a change of resources a
// SALT patient whose category came from "likely to survive" must be judged again.
//
// Sources: START, Newport Beach Fire Department and Hoag Hospital (1983), as described by Benson,
// Koenig and Schultz, "Disaster triage: START, then SAVE", Prehosp Disaster Med 1996;11(2):117-24.
// JumpSTART, Romig, "Pediatric triage. A system to JumpSTART your triage of young patients at
// MCIs", JEMS 2002;27(7):52-58. SALT, Lerner et al., "Mass casualty triage: an evaluation of the
// data and development of a proposed national guideline", Disaster Med Public Health Prep
// 2008;2(Suppl 1):S25-34; the SALT guideline endorsed in 2011 and the Model Uniform Core Criteria
// for mass casualty triage, Disaster Med Public Health Prep 2011;5(2):125-8.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/base/time.h"

namespace beacon::triage {

enum class MciAlgorithm { kStart, kJumpStart, kSalt };

// The NEMSIS eScene.08 categories.
enum class MciCategory { kImmediate, kDelayed, kMinor, kExpectant, kDead };

// AVPU: Alert, responds to Voice, responds to Pain, Unresponsive.
enum class Avpu { kAlert, kVoice, kPain, kUnresponsive };

// JumpSTART: the response to pain of a child who responds only to pain. Inappropriate means
// posturing, or a response that does not localise the pain or withdraw from it.
enum class PainResponse { kAppropriate, kInappropriate };

// SALT's lifesaving interventions, done before a category is given.
enum class LifesavingIntervention {
  kHemorrhageControl,
  kOpenAirway,
  kRescueBreaths,  // children: two rescue breaths
  kChestDecompression,
  kAutoInjector,  // antidote auto-injector
};

// What the medic observed. Unset means "not observed".
struct Findings {
  std::optional<bool> walks;  // walks when told to (ambulatory)
  std::optional<bool> waves;  // SALT global sort: waves or moves purposefully when asked
  // Breathing on first look; if not, after the airway is opened or positioned; for a child who
  // still does not breathe, after rescue breaths (JumpSTART: five; SALT: two).
  std::optional<bool> breathing;
  std::optional<bool> breathing_after_airway;
  std::optional<bool> breathing_after_rescue_breaths;
  std::optional<int> respiratory_rate;         // breaths per minute
  std::optional<bool> respirations_irregular;  // JumpSTART: irregular breathing
  std::optional<bool> radial_pulse;
  std::optional<bool> peripheral_pulse;  // any palpable peripheral pulse (radial counts)
  std::optional<Milliseconds> capillary_refill;
  std::optional<bool> follows_commands;     // obeys simple commands
  std::optional<bool> purposeful_movement;  // SALT: makes purposeful movements
  std::optional<Avpu> avpu;
  std::optional<PainResponse> pain_response;  // JumpSTART, when AVPU is P
  std::optional<bool> respiratory_distress;   // SALT
  std::optional<bool> hemorrhage_controlled;  // SALT: no major bleeding, or it is controlled
  std::optional<bool> minor_injuries_only;    // SALT
  std::optional<bool> likely_to_survive;      // SALT: given the resources at hand now
  // JumpSTART: a child who cannot walk yet (infant) or because of a developmental disability.
  std::optional<bool> not_yet_walking;
  std::optional<bool> significant_external_injury;  // JumpSTART, for a child not yet walking
  std::vector<LifesavingIntervention> lifesaving_interventions;  // SALT, in the order done

  friend bool operator==(const Findings&, const Findings&) = default;
};

// The step of the algorithm that decided the category.
enum class TriageStep {
  kWalks,                 // walking wounded
  kNotYetWalking,         // JumpSTART: child not yet walking, Delayed criteria, no major injury
  kBreathing,             // breathing after airway positioning (Immediate) or not (Dead)
  kRescueBreaths,         // JumpSTART: apnoeic child, pulse, rescue breaths
  kPeripheralPulseApnea,  // JumpSTART: apnoeic child without a pulse
  kRespiratoryRate,
  kPerfusion,        // START: radial pulse / capillary refill; JumpSTART: peripheral pulse
  kMentalStatus,     // START: follows commands; JumpSTART: AVPU
  kLikelyToSurvive,  // SALT: any of the four checks failed
  kMinorInjuries,    // SALT: all four checks passed
};

struct TriageResult {
  MciAlgorithm algorithm = MciAlgorithm::kStart;
  MciCategory category = MciCategory::kMinor;
  TriageStep step = TriageStep::kWalks;
  std::string reason;  // e.g. "respiratory rate 34/min, over 30"
  // SALT global sort: 1 still or obvious life threat (assessed first), 2 waves or moves
  // purposefully, 3 walks (assessed last); unset when walks/waves were not observed.
  std::optional<int> salt_sort_priority;
  friend bool operator==(const TriageResult&, const TriageResult&) = default;
};

// Triages one patient. INVALID_ARGUMENT naming the finding when one the algorithm needs is
// missing ("respiratory_rate: missing: ...") or out of range.
Result<TriageResult> TriageMci(MciAlgorithm algorithm, const Findings& findings);

// SALT global sort (Step 1) alone: 3 walks, 2 waves or moves purposefully, 1 still or an
// obvious life threat. Needs `walks`, and `waves` for a patient who does not walk.
Result<int> SaltGlobalSort(const Findings& findings);

// What re-triage changes.
struct FindingsUpdate {
  Findings findings;  // set fields replace the old ones; interventions are added
  // The resources at hand changed since the last triage (more or fewer units, hospitals'
  // capacity): SALT's "likely to survive given current resources" must be judged again.
  bool resources_changed = false;
};

struct Reassessment {
  Findings findings;  // the merged findings
  TriageResult before;
  TriageResult after;
  bool changed = false;  // the category changed
  std::string summary;   // "Delayed -> Immediate: respiratory rate 34/min, over 30"
};

// Re-evaluates a patient triaged with `old_findings` after `update`. When resources changed and
// the old SALT category came from "likely to survive" (Immediate or Expectant), the update must
// carry a new `likely_to_survive` judgement, else INVALID_ARGUMENT naming it.
Result<Reassessment> Retriage(MciAlgorithm algorithm, const Findings& old_findings,
                              const FindingsUpdate& update);

// True when the category rests on SALT's judgement of survival with the resources at hand, so a
// change of resources calls for re-triage.
bool DependsOnResources(const TriageResult& result);

// Merges `update` into `base`: set fields replace, interventions are appended.
Findings MergeFindings(const Findings& base, const Findings& update);

// Names: "start", "jumpstart", "salt"; "immediate", ...; "Red", ...; NEMSIS eScene.08 code
// ("2708001") and its label in the NEMSIS v3.5.1 dictionary ("Red - Immediate").
std::string_view MciAlgorithmName(MciAlgorithm algorithm);
Result<MciAlgorithm> ParseMciAlgorithm(std::string_view name);
std::string_view MciCategoryName(MciCategory category);
// "Immediate" or "Red" (either case) and so on; INVALID_ARGUMENT naming the choices.
Result<MciCategory> ParseMciCategory(std::string_view name);
inline constexpr int kMciCategories = 5;
std::string_view MciCategoryColor(MciCategory category);
std::string_view EScene08Code(MciCategory category);
std::string_view EScene08Label(MciCategory category);
std::string_view TriageStepName(TriageStep step);
std::string_view LifesavingInterventionName(LifesavingIntervention intervention);
Result<LifesavingIntervention> ParseLifesavingIntervention(std::string_view name);

}  // namespace beacon::triage
