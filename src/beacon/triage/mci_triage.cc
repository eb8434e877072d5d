#include "beacon/triage/mci_triage.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace beacon::triage {
namespace {

// Physiological ranges outside which a finding is a typing error, not an observation.
constexpr int kMaxRespiratoryRate = 150;  // breaths/min
constexpr Milliseconds kMaxCapillaryRefill{60'000};

// START thresholds (Benson et al. 1996): respirations over 30/min, capillary refill over 2 s.
constexpr int kStartMaxRate = 30;
constexpr Milliseconds kStartMaxRefill{2'000};
// JumpSTART thresholds (Romig 2002): respirations under 15/min or over 45/min.
constexpr int kJumpStartMinRate = 15;
constexpr int kJumpStartMaxRate = 45;

Status Missing(std::string_view finding, std::string_view why) {
  return InvalidArgumentError(fmt::format("{}: missing: {}", finding, why));
}

TriageResult Decide(MciAlgorithm algorithm, MciCategory category, TriageStep step,
                    std::string reason) {
  TriageResult r;
  r.algorithm = algorithm;
  r.category = category;
  r.step = step;
  r.reason = std::move(reason);
  return r;
}

Status Validate(const Findings& f) {
  if (f.respiratory_rate &&
      (*f.respiratory_rate < 1 || *f.respiratory_rate > kMaxRespiratoryRate)) {
    return InvalidArgumentError(fmt::format(
        "respiratory_rate: {} is outside 1..{} breaths/min (a patient who does not breathe has "
        "breathing: false)",
        *f.respiratory_rate, kMaxRespiratoryRate));
  }
  if (f.capillary_refill &&
      (f.capillary_refill->count() < 0 || *f.capillary_refill > kMaxCapillaryRefill)) {
    return InvalidArgumentError(fmt::format("capillary_refill_s: {:g} is outside 0..{} s",
                                            ToSecondsF(*f.capillary_refill),
                                            ToSecondsF(kMaxCapillaryRefill)));
  }
  return OkStatus();
}

// A radial pulse is a peripheral pulse: one found means a peripheral pulse is present, and no
// peripheral pulse at all means no radial pulse either. Nothing else is inferred.
std::optional<bool> PeripheralPulse(const Findings& f) {
  if (f.peripheral_pulse) return f.peripheral_pulse;
  if (f.radial_pulse == true) return true;
  return std::nullopt;
}
std::optional<bool> RadialPulse(const Findings& f) {
  if (f.radial_pulse) return f.radial_pulse;
  if (f.peripheral_pulse == false) return false;
  return std::nullopt;
}

std::string Seconds1(Milliseconds d) { return fmt::format("{:g} s", ToSecondsF(d)); }

Result<TriageResult> Start(const Findings& f) {
  constexpr MciAlgorithm kA = MciAlgorithm::kStart;
  if (!f.walks) return Missing("walks", "START begins by asking who can walk");
  if (*f.walks) {
    return Decide(kA, MciCategory::kMinor, TriageStep::kWalks, "walks: walking wounded");
  }
  if (!f.breathing)
    return Missing("breathing", "the patient does not walk: is the patient breathing?");
  if (!*f.breathing) {
    if (!f.breathing_after_airway) {
      return Missing("breathing_after_airway",
                     "the patient is not breathing: open the airway and look again");
    }
    if (!*f.breathing_after_airway) {
      return Decide(kA, MciCategory::kDead, TriageStep::kBreathing,
                    "not breathing with the airway opened");
    }
    return Decide(kA, MciCategory::kImmediate, TriageStep::kBreathing,
                  "breathing only once the airway was opened");
  }
  if (!f.respiratory_rate) {
    return Missing("respiratory_rate", "the patient breathes: count the respirations");
  }
  const int rate = *f.respiratory_rate;
  if (rate > kStartMaxRate) {
    return Decide(kA, MciCategory::kImmediate, TriageStep::kRespiratoryRate,
                  fmt::format("respiratory rate {}/min, over {}", rate, kStartMaxRate));
  }
  // Perfusion: the radial pulse, or capillary refill (the original START check; later versions
  // prefer the radial pulse because refill is unreliable in the cold and the dark). Either one
  // abnormal makes the patient Immediate; one normal check is enough to go on.
  const std::optional<bool> radial = RadialPulse(f);
  if (radial == false) {
    return Decide(kA, MciCategory::kImmediate, TriageStep::kPerfusion,
                  "no radial pulse: control bleeding");
  }
  if (f.capillary_refill && *f.capillary_refill > kStartMaxRefill) {
    return Decide(kA, MciCategory::kImmediate, TriageStep::kPerfusion,
                  fmt::format("capillary refill {}, over {}: control bleeding",
                              Seconds1(*f.capillary_refill), Seconds1(kStartMaxRefill)));
  }
  if (!radial && !f.capillary_refill) {
    return Missing("radial_pulse", fmt::format("respiratory rate {}/min is not over {}: check "
                                               "perfusion (radial pulse, or capillary_refill_s)",
                                               rate, kStartMaxRate));
  }
  const std::string perfusion = radial ? std::string("radial pulse present")
                                       : "capillary refill " + Seconds1(*f.capillary_refill);
  if (!f.follows_commands) {
    return Missing("follows_commands",
                   "breathing and perfusion pass: can the patient follow "
                   "simple commands?");
  }
  if (!*f.follows_commands) {
    return Decide(kA, MciCategory::kImmediate, TriageStep::kMentalStatus,
                  "cannot follow simple commands");
  }
  return Decide(kA, MciCategory::kDelayed, TriageStep::kMentalStatus,
                fmt::format("cannot walk; respiratory rate {}/min; {}; follows simple commands",
                            rate, perfusion));
}

std::string_view AvpuWords(Avpu a) {
  switch (a) {
    case Avpu::kAlert:
      return "alert (AVPU A)";
    case Avpu::kVoice:
      return "responds to voice (AVPU V)";
    case Avpu::kPain:
      return "responds to pain appropriately (AVPU P)";
    case Avpu::kUnresponsive:
      return "unresponsive (AVPU U)";
  }
  return "";
}

Result<TriageResult> JumpStart(const Findings& f) {
  constexpr MciAlgorithm kA = MciAlgorithm::kJumpStart;
  if (!f.walks) return Missing("walks", "JumpSTART begins by asking who can walk");
  if (*f.walks) {
    return Decide(kA, MciCategory::kMinor, TriageStep::kWalks,
                  "walks: walking wounded (secondary triage in the Minor area)");
  }
  if (!f.breathing) return Missing("breathing", "the child does not walk: is the child breathing?");
  if (!*f.breathing) {
    if (!f.breathing_after_airway) {
      return Missing("breathing_after_airway",
                     "the child is not breathing: position the airway and look again");
    }
    if (*f.breathing_after_airway) {
      return Decide(kA, MciCategory::kImmediate, TriageStep::kBreathing,
                    "breathing only once the airway was positioned");
    }
    const std::optional<bool> pulse = PeripheralPulse(f);
    if (!pulse) {
      return Missing("peripheral_pulse",
                     "apnoeic with the airway positioned: is there a palpable peripheral pulse?");
    }
    if (!*pulse) {
      return Decide(kA, MciCategory::kDead, TriageStep::kPeripheralPulseApnea,
                    "not breathing with the airway positioned, no palpable peripheral pulse");
    }
    if (!f.breathing_after_rescue_breaths) {
      return Missing("breathing_after_rescue_breaths",
                     "apnoeic with a pulse: give five rescue breaths and look again");
    }
    if (*f.breathing_after_rescue_breaths) {
      return Decide(kA, MciCategory::kImmediate, TriageStep::kRescueBreaths,
                    "breathing after five rescue breaths");
    }
    return Decide(kA, MciCategory::kDead, TriageStep::kRescueBreaths,
                  "not breathing after five rescue breaths");
  }
  if (!f.respiratory_rate) {
    return Missing("respiratory_rate", "the child breathes: count the respirations");
  }
  const int rate = *f.respiratory_rate;
  if (rate < kJumpStartMinRate) {
    return Decide(kA, MciCategory::kImmediate, TriageStep::kRespiratoryRate,
                  fmt::format("respiratory rate {}/min, under {}", rate, kJumpStartMinRate));
  }
  if (rate > kJumpStartMaxRate) {
    return Decide(kA, MciCategory::kImmediate, TriageStep::kRespiratoryRate,
                  fmt::format("respiratory rate {}/min, over {}", rate, kJumpStartMaxRate));
  }
  if (f.respirations_irregular == true) {
    return Decide(kA, MciCategory::kImmediate, TriageStep::kRespiratoryRate,
                  fmt::format("irregular respirations ({}/min)", rate));
  }
  const std::optional<bool> pulse = PeripheralPulse(f);
  if (!pulse) {
    return Missing("peripheral_pulse", fmt::format("respiratory rate {}/min is within {}-{}: is "
                                                   "there a palpable peripheral pulse?",
                                                   rate, kJumpStartMinRate, kJumpStartMaxRate));
  }
  if (!*pulse) {
    return Decide(kA, MciCategory::kImmediate, TriageStep::kPerfusion,
                  "no palpable peripheral pulse");
  }
  if (!f.avpu) return Missing("avpu", "breathing and pulse pass: AVPU (A, V, P or U)?");
  if (*f.avpu == Avpu::kUnresponsive) {
    return Decide(kA, MciCategory::kImmediate, TriageStep::kMentalStatus, "unresponsive (AVPU U)");
  }
  if (*f.avpu == Avpu::kPain) {
    if (!f.pain_response) {
      return Missing("pain_response",
                     "AVPU P: is the response to pain appropriate (localises, withdraws) or "
                     "inappropriate (posturing, does not localise)?");
    }
    if (*f.pain_response == PainResponse::kInappropriate) {
      return Decide(kA, MciCategory::kImmediate, TriageStep::kMentalStatus,
                    "responds to pain inappropriately (posturing or not localising)");
    }
  }
  // JumpSTART's note for children who cannot walk yet (infants) or because of a developmental
  // disability: meeting the Delayed criteria with no significant external injury, they are
  // Minor.
  if (f.not_yet_walking == true) {
    if (!f.significant_external_injury) {
      return Missing("significant_external_injury",
                     "a child not yet walking who meets the Delayed criteria: is there a "
                     "significant external injury?");
    }
    if (!*f.significant_external_injury) {
      return Decide(kA, MciCategory::kMinor, TriageStep::kNotYetWalking,
                    fmt::format("not yet walking; respiratory rate {}/min; peripheral pulse; {}; "
                                "no significant external injury",
                                rate, AvpuWords(*f.avpu)));
    }
  }
  return Decide(kA, MciCategory::kDelayed, TriageStep::kMentalStatus,
                fmt::format("cannot walk; respiratory rate {}/min; peripheral pulse; {}", rate,
                            AvpuWords(*f.avpu)));
}

std::string InterventionsWords(const Findings& f) {
  if (f.lifesaving_interventions.empty()) return "";
  std::string out = " (after ";
  for (std::size_t i = 0; i < f.lifesaving_interventions.size(); ++i) {
    if (i > 0) out += ", ";
    out += LifesavingInterventionName(f.lifesaving_interventions[i]);
  }
  return out + ")";
}

Result<TriageResult> Salt(const Findings& f) {
  constexpr MciAlgorithm kA = MciAlgorithm::kSalt;
  std::optional<int> sort;
  if (Result<int> s = SaltGlobalSort(f); s.ok()) sort = *s;
  const std::string lsi = InterventionsWords(f);
  auto decide = [&](MciCategory c, TriageStep step, std::string reason) {
    TriageResult r = Decide(kA, c, step, std::move(reason) + lsi);
    r.salt_sort_priority = sort;
    return r;
  };
  if (!f.breathing)
    return Missing("breathing", "SALT assesses breathing first: is the patient breathing?");
  std::string breath_note;
  if (!*f.breathing) {
    if (!f.breathing_after_airway) {
      return Missing("breathing_after_airway",
                     "not breathing: open the airway (a lifesaving intervention) and look again");
    }
    if (!*f.breathing_after_airway) {
      // Children: consider two rescue breaths; when given and the child breathes, go on.
      if (f.breathing_after_rescue_breaths != true) {
        return decide(MciCategory::kDead, TriageStep::kBreathing,
                      f.breathing_after_rescue_breaths == false
                          ? "not breathing with the airway opened and after two rescue breaths"
                          : "not breathing with the airway opened");
      }
      breath_note = "breathing after two rescue breaths; ";
    } else {
      breath_note = "breathing once the airway was opened; ";
    }
  }
  // The four checks: obeys commands or moves purposefully, peripheral pulse, no respiratory
  // distress, major hemorrhage controlled. Any one failing is enough; all must pass for
  // Minimal/Delayed.
  std::optional<bool> obeys;
  if (f.follows_commands == true || f.purposeful_movement == true) {
    obeys = true;
  } else if (f.follows_commands == false && f.purposeful_movement == false) {
    obeys = false;
  }
  const std::optional<bool> pulse = PeripheralPulse(f);
  const std::optional<bool> no_distress =
      f.respiratory_distress ? std::optional<bool>(!*f.respiratory_distress) : std::nullopt;
  struct Check {
    std::optional<bool> pass;
    const char* finding;
    const char* failed;
  };
  const std::array<Check, 4> checks = {{
      {obeys, f.follows_commands == false ? "purposeful_movement" : "follows_commands",
       "does not obey commands or move purposefully"},
      {pulse, "peripheral_pulse", "no peripheral pulse"},
      {no_distress, "respiratory_distress", "in respiratory distress"},
      {f.hemorrhage_controlled, "hemorrhage_controlled", "major hemorrhage not controlled"},
  }};
  std::string failed;
  for (const Check& c : checks) {
    if (c.pass == false) failed += (failed.empty() ? "" : "; ") + std::string(c.failed);
  }
  if (!failed.empty()) {
    if (!f.likely_to_survive) {
      return Missing(
          "likely_to_survive",
          fmt::format("{}: is the patient likely to survive given current resources?", failed));
    }
    if (*f.likely_to_survive) {
      return decide(MciCategory::kImmediate, TriageStep::kLikelyToSurvive,
                    breath_note + failed + "; likely to survive with the resources at hand");
    }
    return decide(MciCategory::kExpectant, TriageStep::kLikelyToSurvive,
                  breath_note + failed + "; not likely to survive with the resources at hand");
  }
  for (const Check& c : checks) {
    if (!c.pass) {
      return Missing(c.finding,
                     "SALT checks commands or purposeful movement, peripheral pulse, "
                     "respiratory distress and bleeding before a category");
    }
  }
  if (!f.minor_injuries_only) {
    return Missing("minor_injuries_only",
                   "all four checks pass: are the injuries minor only (Minimal) or not (Delayed)?");
  }
  const std::string passed = breath_note +
                             "obeys commands or moves purposefully; peripheral pulse; no "
                             "respiratory distress; bleeding controlled";
  if (*f.minor_injuries_only) {
    return decide(MciCategory::kMinor, TriageStep::kMinorInjuries,
                  passed + "; minor injuries only");
  }
  return decide(MciCategory::kDelayed, TriageStep::kMinorInjuries,
                passed + "; more than minor injuries");
}

template <typename T>
void Take(std::optional<T>& to, const std::optional<T>& from) {
  if (from) to = from;
}

}  // namespace

Result<int> SaltGlobalSort(const Findings& f) {
  if (!f.walks) return Missing("walks", "SALT's global sort asks who can walk");
  if (*f.walks) return 3;
  if (!f.waves)
    return Missing("waves", "SALT's global sort asks who can wave or move purposefully");
  return *f.waves ? 2 : 1;
}

Result<TriageResult> TriageMci(MciAlgorithm algorithm, const Findings& findings) {
  BEACON_RETURN_IF_ERROR(Validate(findings));
  switch (algorithm) {
    case MciAlgorithm::kStart:
      return Start(findings);
    case MciAlgorithm::kJumpStart:
      return JumpStart(findings);
    case MciAlgorithm::kSalt:
      return Salt(findings);
  }
  return InvalidArgumentError("unknown MCI triage algorithm");
}

Findings MergeFindings(const Findings& base, const Findings& update) {
  Findings m = base;
  Take(m.walks, update.walks);
  Take(m.waves, update.waves);
  Take(m.breathing, update.breathing);
  Take(m.breathing_after_airway, update.breathing_after_airway);
  Take(m.breathing_after_rescue_breaths, update.breathing_after_rescue_breaths);
  Take(m.respiratory_rate, update.respiratory_rate);
  Take(m.respirations_irregular, update.respirations_irregular);
  Take(m.radial_pulse, update.radial_pulse);
  Take(m.peripheral_pulse, update.peripheral_pulse);
  Take(m.capillary_refill, update.capillary_refill);
  Take(m.follows_commands, update.follows_commands);
  Take(m.purposeful_movement, update.purposeful_movement);
  Take(m.avpu, update.avpu);
  Take(m.pain_response, update.pain_response);
  Take(m.respiratory_distress, update.respiratory_distress);
  Take(m.hemorrhage_controlled, update.hemorrhage_controlled);
  Take(m.minor_injuries_only, update.minor_injuries_only);
  Take(m.likely_to_survive, update.likely_to_survive);
  Take(m.not_yet_walking, update.not_yet_walking);
  Take(m.significant_external_injury, update.significant_external_injury);
  m.lifesaving_interventions.insert(m.lifesaving_interventions.end(),
                                    update.lifesaving_interventions.begin(),
                                    update.lifesaving_interventions.end());
  return m;
}

bool DependsOnResources(const TriageResult& result) {
  return result.algorithm == MciAlgorithm::kSalt && result.step == TriageStep::kLikelyToSurvive;
}

Result<Reassessment> Retriage(MciAlgorithm algorithm, const Findings& old_findings,
                              const FindingsUpdate& update) {
  Reassessment r;
  r.findings = MergeFindings(old_findings, update.findings);
  Result<TriageResult> before = TriageMci(algorithm, old_findings);
  BEACON_ASSIGN_OR_RETURN(r.after, TriageMci(algorithm, r.findings));
  if (update.resources_changed && DependsOnResources(r.after) &&
      !update.findings.likely_to_survive) {
    return Missing("likely_to_survive",
                   "resources changed since the patient was judged: is the patient likely to "
                   "survive given the resources at hand now?");
  }
  const std::string after_name(MciCategoryName(r.after.category));
  if (!before.ok()) {
    r.changed = true;
    r.summary = fmt::format("{} (first complete triage): {}", after_name, r.after.reason);
    return r;
  }
  r.before = *before;
  r.changed = r.before.category != r.after.category;
  r.summary = r.changed ? fmt::format("{} -> {}: {}", MciCategoryName(r.before.category),
                                      after_name, r.after.reason)
                        : fmt::format("still {}: {}", after_name, r.after.reason);
  return r;
}

std::string_view MciAlgorithmName(MciAlgorithm algorithm) {
  switch (algorithm) {
    case MciAlgorithm::kStart:
      return "start";
    case MciAlgorithm::kJumpStart:
      return "jumpstart";
    case MciAlgorithm::kSalt:
      return "salt";
  }
  return "?";
}

Result<MciAlgorithm> ParseMciAlgorithm(std::string_view name) {
  for (MciAlgorithm a : {MciAlgorithm::kStart, MciAlgorithm::kJumpStart, MciAlgorithm::kSalt}) {
    if (name == MciAlgorithmName(a)) return a;
  }
  return InvalidArgumentError(
      fmt::format("unknown MCI triage algorithm '{}' (start, jumpstart or salt)", name));
}

std::string_view MciCategoryName(MciCategory category) {
  switch (category) {
    case MciCategory::kImmediate:
      return "Immediate";
    case MciCategory::kDelayed:
      return "Delayed";
    case MciCategory::kMinor:
      return "Minor";
    case MciCategory::kExpectant:
      return "Expectant";
    case MciCategory::kDead:
      return "Dead";
  }
  return "?";
}

Result<MciCategory> ParseMciCategory(std::string_view name) {
  auto same = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) ==
                    std::tolower(static_cast<unsigned char>(y));
           });
  };
  for (int i = 0; i < kMciCategories; ++i) {
    const auto c = static_cast<MciCategory>(i);
    if (same(name, MciCategoryName(c)) || same(name, MciCategoryColor(c))) return c;
  }
  return InvalidArgumentError(
      fmt::format("unknown MCI triage category '{}' (immediate/red, delayed/yellow, minor/green, "
                  "expectant/gray, dead/black)",
                  name));
}

std::string_view MciCategoryColor(MciCategory category) {
  switch (category) {
    case MciCategory::kImmediate:
      return "Red";
    case MciCategory::kDelayed:
      return "Yellow";
    case MciCategory::kMinor:
      return "Green";
    case MciCategory::kExpectant:
      return "Gray";
    case MciCategory::kDead:
      return "Black";
  }
  return "?";
}

// NEMSIS v3.5.1 eScene.08 "Triage Classification for MCI Patient".
std::string_view EScene08Code(MciCategory category) {
  switch (category) {
    case MciCategory::kImmediate:
      return "2708001";
    case MciCategory::kDelayed:
      return "2708003";
    case MciCategory::kMinor:
      return "2708005";
    case MciCategory::kExpectant:
      return "2708007";
    case MciCategory::kDead:
      return "2708009";
  }
  return "";
}

std::string_view EScene08Label(MciCategory category) {
  switch (category) {
    case MciCategory::kImmediate:
      return "Red - Immediate";
    case MciCategory::kDelayed:
      return "Yellow - Delayed";
    case MciCategory::kMinor:
      return "Green - Minimal (Minor)";
    case MciCategory::kExpectant:
      return "Gray - Expectant";
    case MciCategory::kDead:
      return "Black - Deceased";
  }
  return "";
}

std::string_view TriageStepName(TriageStep step) {
  switch (step) {
    case TriageStep::kWalks:
      return "walks";
    case TriageStep::kNotYetWalking:
      return "not_yet_walking";
    case TriageStep::kBreathing:
      return "breathing";
    case TriageStep::kRescueBreaths:
      return "rescue_breaths";
    case TriageStep::kPeripheralPulseApnea:
      return "pulse_while_apnoeic";
    case TriageStep::kRespiratoryRate:
      return "respiratory_rate";
    case TriageStep::kPerfusion:
      return "perfusion";
    case TriageStep::kMentalStatus:
      return "mental_status";
    case TriageStep::kLikelyToSurvive:
      return "likely_to_survive";
    case TriageStep::kMinorInjuries:
      return "minor_injuries";
  }
  return "?";
}

namespace {
constexpr std::array<std::pair<LifesavingIntervention, std::string_view>, 5> kInterventions = {{
    {LifesavingIntervention::kHemorrhageControl, "hemorrhage_control"},
    {LifesavingIntervention::kOpenAirway, "open_airway"},
    {LifesavingIntervention::kRescueBreaths, "rescue_breaths"},
    {LifesavingIntervention::kChestDecompression, "chest_decompression"},
    {LifesavingIntervention::kAutoInjector, "auto_injector"},
}};
}  // namespace

std::string_view LifesavingInterventionName(LifesavingIntervention intervention) {
  for (const auto& [i, name] : kInterventions) {
    if (i == intervention) return name;
  }
  return "?";
}

Result<LifesavingIntervention> ParseLifesavingIntervention(std::string_view name) {
  for (const auto& [i, n] : kInterventions) {
    if (n == name) return i;
  }
  return InvalidArgumentError(fmt::format(
      "unknown lifesaving intervention '{}' (hemorrhage_control, open_airway, rescue_breaths, "
      "chest_decompression or auto_injector)",
      name));
}

}  // namespace beacon::triage
