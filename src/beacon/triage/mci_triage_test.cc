// Every branch of START, JumpSTART and SALT, with the published thresholds at their boundaries
// (START: rate 30 and 31, refill 2 s and 2.001 s; JumpSTART: rates 14, 15, 45, 46). Expected
// categories come from the published algorithms (see mci_triage.h), not from the code.
#include "beacon/triage/mci_triage.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "beacon/triage/mci_findings_json.h"

namespace beacon::triage {
namespace {

using C = MciCategory;
using S = TriageStep;

// A non-walking adult breathing normally, with a radial pulse, who follows commands: START
// Delayed. Tests change one finding at a time.
Findings StartDelayed() {
  Findings f;
  f.walks = false;
  f.breathing = true;
  f.respiratory_rate = 20;
  f.radial_pulse = true;
  f.capillary_refill = Milliseconds{1500};
  f.follows_commands = true;
  return f;
}

// A non-walking child breathing 30/min with a pulse, alert: JumpSTART Delayed.
Findings JumpStartDelayed() {
  Findings f;
  f.walks = false;
  f.breathing = true;
  f.respiratory_rate = 30;
  f.peripheral_pulse = true;
  f.avpu = Avpu::kAlert;
  return f;
}

// A patient passing SALT's four checks with more than minor injuries: SALT Delayed.
Findings SaltDelayed() {
  Findings f;
  f.walks = false;
  f.waves = true;
  f.breathing = true;
  f.follows_commands = true;
  f.peripheral_pulse = true;
  f.respiratory_distress = false;
  f.hemorrhage_controlled = true;
  f.minor_injuries_only = false;
  return f;
}

TriageResult Tri(MciAlgorithm a, const Findings& f) {
  Result<TriageResult> r = TriageMci(a, f);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : TriageResult{};
}

void ExpectMissing(MciAlgorithm a, const Findings& f, const std::string& finding) {
  Result<TriageResult> r = TriageMci(a, f);
  ASSERT_FALSE(r.ok()) << "expected '" << finding << "' to be missing, got "
                       << MciCategoryName(r->category);
  EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(r.error().message()).rfind(finding + ": missing: ", 0), 0u)
      << r.error().message();
}

// ---- START ----

TEST(Start, WalkingWoundedAreMinor) {
  Findings f;
  f.walks = true;  // nothing else is needed
  const TriageResult r = Tri(MciAlgorithm::kStart, f);
  EXPECT_EQ(r.category, C::kMinor);
  EXPECT_EQ(r.step, S::kWalks);
  EXPECT_EQ(r.reason, "walks: walking wounded");
}

TEST(Start, NotBreathingWithAirwayOpenedIsDead) {
  Findings f;
  f.walks = false;
  f.breathing = false;
  f.breathing_after_airway = false;
  const TriageResult r = Tri(MciAlgorithm::kStart, f);
  EXPECT_EQ(r.category, C::kDead);
  EXPECT_EQ(r.step, S::kBreathing);
  EXPECT_EQ(r.reason, "not breathing with the airway opened");
}

TEST(Start, BreathingOnlyAfterAirwayIsImmediate) {
  Findings f;
  f.walks = false;
  f.breathing = false;
  f.breathing_after_airway = true;  // no rate needed
  const TriageResult r = Tri(MciAlgorithm::kStart, f);
  EXPECT_EQ(r.category, C::kImmediate);
  EXPECT_EQ(r.step, S::kBreathing);
}

TEST(Start, RespiratoryRateBoundaryIsOver30) {
  Findings f = StartDelayed();
  f.respiratory_rate = 30;  // "30 or under" goes on to perfusion
  EXPECT_EQ(Tri(MciAlgorithm::kStart, f).category, C::kDelayed);
  f.respiratory_rate = 31;
  const TriageResult r = Tri(MciAlgorithm::kStart, f);
  EXPECT_EQ(r.category, C::kImmediate);
  EXPECT_EQ(r.step, S::kRespiratoryRate);
  EXPECT_EQ(r.reason, "respiratory rate 31/min, over 30");
}

TEST(Start, NoRadialPulseIsImmediate) {
  Findings f = StartDelayed();
  f.radial_pulse = false;
  f.capillary_refill = Milliseconds{1000};  // a normal refill does not outweigh it
  const TriageResult r = Tri(MciAlgorithm::kStart, f);
  EXPECT_EQ(r.category, C::kImmediate);
  EXPECT_EQ(r.step, S::kPerfusion);
  EXPECT_EQ(r.reason, "no radial pulse: control bleeding");
}

TEST(Start, NoPeripheralPulseMeansNoRadialPulse) {
  Findings f = StartDelayed();
  f.radial_pulse.reset();
  f.capillary_refill.reset();
  f.peripheral_pulse = false;
  EXPECT_EQ(Tri(MciAlgorithm::kStart, f).step, S::kPerfusion);
}

TEST(Start, CapillaryRefillBoundaryIsOver2Seconds) {
  Findings f = StartDelayed();
  f.radial_pulse.reset();
  f.capillary_refill = Milliseconds{2000};  // exactly 2 s passes
  TriageResult r = Tri(MciAlgorithm::kStart, f);
  EXPECT_EQ(r.category, C::kDelayed);
  EXPECT_EQ(r.reason,
            "cannot walk; respiratory rate 20/min; capillary refill 2 s; follows simple "
            "commands");
  f.capillary_refill = Milliseconds{2001};
  r = Tri(MciAlgorithm::kStart, f);
  EXPECT_EQ(r.category, C::kImmediate);
  EXPECT_EQ(r.step, S::kPerfusion);
  EXPECT_EQ(r.reason, "capillary refill 2.001 s, over 2 s: control bleeding");
  // A radial pulse does not outweigh a slow refill either.
  f.radial_pulse = true;
  EXPECT_EQ(Tri(MciAlgorithm::kStart, f).category, C::kImmediate);
}

TEST(Start, EitherPerfusionCheckIsEnough) {
  Findings f = StartDelayed();
  f.capillary_refill.reset();
  EXPECT_EQ(Tri(MciAlgorithm::kStart, f).category, C::kDelayed);
  f = StartDelayed();
  f.radial_pulse.reset();
  EXPECT_EQ(Tri(MciAlgorithm::kStart, f).category, C::kDelayed);
}

TEST(Start, CannotFollowCommandsIsImmediate) {
  Findings f = StartDelayed();
  f.follows_commands = false;
  const TriageResult r = Tri(MciAlgorithm::kStart, f);
  EXPECT_EQ(r.category, C::kImmediate);
  EXPECT_EQ(r.step, S::kMentalStatus);
  EXPECT_EQ(r.reason, "cannot follow simple commands");
}

TEST(Start, FollowsCommandsIsDelayed) {
  const TriageResult r = Tri(MciAlgorithm::kStart, StartDelayed());
  EXPECT_EQ(r.category, C::kDelayed);
  EXPECT_EQ(r.step, S::kMentalStatus);
  EXPECT_EQ(r.reason,
            "cannot walk; respiratory rate 20/min; radial pulse present; follows simple commands");
}

TEST(Start, MissingFindingsAreNamedNotGuessed) {
  ExpectMissing(MciAlgorithm::kStart, Findings{}, "walks");
  Findings f;
  f.walks = false;
  ExpectMissing(MciAlgorithm::kStart, f, "breathing");
  f.breathing = false;
  ExpectMissing(MciAlgorithm::kStart, f, "breathing_after_airway");
  f.breathing = true;
  ExpectMissing(MciAlgorithm::kStart, f, "respiratory_rate");
  f.respiratory_rate = 30;
  ExpectMissing(MciAlgorithm::kStart, f, "radial_pulse");
  f.capillary_refill = Milliseconds{2000};
  ExpectMissing(MciAlgorithm::kStart, f, "follows_commands");
}

TEST(Start, OutOfRangeFindingsAreErrors) {
  Findings f = StartDelayed();
  f.respiratory_rate = 0;
  Result<TriageResult> r = TriageMci(MciAlgorithm::kStart, f);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(std::string(r.error().message()).rfind("respiratory_rate: 0 is outside 1..150", 0), 0u);
  f = StartDelayed();
  f.capillary_refill = Milliseconds{-1};
  r = TriageMci(MciAlgorithm::kStart, f);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(std::string(r.error().message()).rfind("capillary_refill_s: -0.001 is outside", 0), 0u);
}

// ---- JumpSTART ----

TEST(JumpStart, WalkingChildrenAreMinor) {
  Findings f;
  f.walks = true;
  const TriageResult r = Tri(MciAlgorithm::kJumpStart, f);
  EXPECT_EQ(r.category, C::kMinor);
  EXPECT_EQ(r.step, S::kWalks);
}

TEST(JumpStart, BreathingAfterAirwayPositionedIsImmediate) {
  Findings f;
  f.walks = false;
  f.breathing = false;
  f.breathing_after_airway = true;
  const TriageResult r = Tri(MciAlgorithm::kJumpStart, f);
  EXPECT_EQ(r.category, C::kImmediate);
  EXPECT_EQ(r.step, S::kBreathing);
}

TEST(JumpStart, ApnoeicWithoutPulseIsDead) {
  Findings f;
  f.walks = false;
  f.breathing = false;
  f.breathing_after_airway = false;
  f.peripheral_pulse = false;
  const TriageResult r = Tri(MciAlgorithm::kJumpStart, f);
  EXPECT_EQ(r.category, C::kDead);
  EXPECT_EQ(r.step, S::kPeripheralPulseApnea);
}

TEST(JumpStart, ApnoeicWithPulseGetsRescueBreaths) {
  Findings f;
  f.walks = false;
  f.breathing = false;
  f.breathing_after_airway = false;
  f.peripheral_pulse = true;
  ExpectMissing(MciAlgorithm::kJumpStart, f, "breathing_after_rescue_breaths");
  f.breathing_after_rescue_breaths = true;
  TriageResult r = Tri(MciAlgorithm::kJumpStart, f);
  EXPECT_EQ(r.category, C::kImmediate);
  EXPECT_EQ(r.step, S::kRescueBreaths);
  EXPECT_EQ(r.reason, "breathing after five rescue breaths");
  f.breathing_after_rescue_breaths = false;
  r = Tri(MciAlgorithm::kJumpStart, f);
  EXPECT_EQ(r.category, C::kDead);
  EXPECT_EQ(r.step, S::kRescueBreaths);
}

TEST(JumpStart, RespiratoryRateBoundariesAre15And45) {
  Findings f = JumpStartDelayed();
  for (int rate : {15, 45}) {
    f.respiratory_rate = rate;
    EXPECT_EQ(Tri(MciAlgorithm::kJumpStart, f).category, C::kDelayed) << rate;
  }
  f.respiratory_rate = 14;
  TriageResult r = Tri(MciAlgorithm::kJumpStart, f);
  EXPECT_EQ(r.category, C::kImmediate);
  EXPECT_EQ(r.step, S::kRespiratoryRate);
  EXPECT_EQ(r.reason, "respiratory rate 14/min, under 15");
  f.respiratory_rate = 46;
  r = Tri(MciAlgorithm::kJumpStart, f);
  EXPECT_EQ(r.category, C::kImmediate);
  EXPECT_EQ(r.reason, "respiratory rate 46/min, over 45");
}

TEST(JumpStart, IrregularRespirationsAreImmediate) {
  Findings f = JumpStartDelayed();
  f.respirations_irregular = true;
  const TriageResult r = Tri(MciAlgorithm::kJumpStart, f);
  EXPECT_EQ(r.category, C::kImmediate);
  EXPECT_EQ(r.step, S::kRespiratoryRate);
}

TEST(JumpStart, NoPeripheralPulseIsImmediate) {
  Findings f = JumpStartDelayed();
  f.peripheral_pulse = false;
  const TriageResult r = Tri(MciAlgorithm::kJumpStart, f);
  EXPECT_EQ(r.category, C::kImmediate);
  EXPECT_EQ(r.step, S::kPerfusion);
}

TEST(JumpStart, RadialPulseCountsAsPeripheralPulse) {
  Findings f = JumpStartDelayed();
  f.peripheral_pulse.reset();
  f.radial_pulse = true;
  EXPECT_EQ(Tri(MciAlgorithm::kJumpStart, f).category, C::kDelayed);
  f.radial_pulse = false;  // a missing radial pulse says nothing about a brachial one
  ExpectMissing(MciAlgorithm::kJumpStart, f, "peripheral_pulse");
}

TEST(JumpStart, AvpuDecidesBetweenDelayedAndImmediate) {
  Findings f = JumpStartDelayed();
  for (Avpu a : {Avpu::kAlert, Avpu::kVoice}) {
    f.avpu = a;
    EXPECT_EQ(Tri(MciAlgorithm::kJumpStart, f).category, C::kDelayed);
  }
  f.avpu = Avpu::kPain;
  ExpectMissing(MciAlgorithm::kJumpStart, f, "pain_response");
  f.pain_response = PainResponse::kAppropriate;
  TriageResult r = Tri(MciAlgorithm::kJumpStart, f);
  EXPECT_EQ(r.category, C::kDelayed);
  EXPECT_EQ(r.reason,
            "cannot walk; respiratory rate 30/min; peripheral pulse; responds to pain "
            "appropriately (AVPU P)");
  f.pain_response = PainResponse::kInappropriate;
  r = Tri(MciAlgorithm::kJumpStart, f);
  EXPECT_EQ(r.category, C::kImmediate);
  EXPECT_EQ(r.step, S::kMentalStatus);
  f.avpu = Avpu::kUnresponsive;
  f.pain_response.reset();
  r = Tri(MciAlgorithm::kJumpStart, f);
  EXPECT_EQ(r.category, C::kImmediate);
  EXPECT_EQ(r.reason, "unresponsive (AVPU U)");
}

TEST(JumpStart, ChildNotYetWalkingWithoutMajorInjuryIsMinor) {
  Findings f = JumpStartDelayed();
  f.not_yet_walking = true;
  ExpectMissing(MciAlgorithm::kJumpStart, f, "significant_external_injury");
  f.significant_external_injury = false;
  TriageResult r = Tri(MciAlgorithm::kJumpStart, f);
  EXPECT_EQ(r.category, C::kMinor);
  EXPECT_EQ(r.step, S::kNotYetWalking);
  f.significant_external_injury = true;
  EXPECT_EQ(Tri(MciAlgorithm::kJumpStart, f).category, C::kDelayed);
  // The note applies only to children meeting the Delayed criteria.
  f.significant_external_injury = false;
  f.respiratory_rate = 50;
  EXPECT_EQ(Tri(MciAlgorithm::kJumpStart, f).category, C::kImmediate);
}

TEST(JumpStart, MissingFindingsAreNamed) {
  ExpectMissing(MciAlgorithm::kJumpStart, Findings{}, "walks");
  Findings f;
  f.walks = false;
  ExpectMissing(MciAlgorithm::kJumpStart, f, "breathing");
  f.breathing = false;
  ExpectMissing(MciAlgorithm::kJumpStart, f, "breathing_after_airway");
  f.breathing_after_airway = false;
  ExpectMissing(MciAlgorithm::kJumpStart, f, "peripheral_pulse");
  f.breathing = true;
  ExpectMissing(MciAlgorithm::kJumpStart, f, "respiratory_rate");
  f.respiratory_rate = 20;
  ExpectMissing(MciAlgorithm::kJumpStart, f, "peripheral_pulse");
  f.peripheral_pulse = true;
  ExpectMissing(MciAlgorithm::kJumpStart, f, "avpu");
}

// ---- SALT ----

TEST(Salt, GlobalSortOrdersAssessment) {
  Findings f;
  ExpectMissing(MciAlgorithm::kSalt, f, "breathing");
  EXPECT_FALSE(SaltGlobalSort(f).ok());
  f.walks = true;
  EXPECT_EQ(*SaltGlobalSort(f), 3);
  f.walks = false;
  EXPECT_FALSE(SaltGlobalSort(f).ok());
  f.waves = true;
  EXPECT_EQ(*SaltGlobalSort(f), 2);
  f.waves = false;
  EXPECT_EQ(*SaltGlobalSort(f), 1);
}

TEST(Salt, WalkingIsNotACategory) {
  // SALT assesses walkers too (last): walking alone does not make a patient Minimal.
  Findings f;
  f.walks = true;
  ExpectMissing(MciAlgorithm::kSalt, f, "breathing");
  f = SaltDelayed();
  f.walks = true;
  const TriageResult r = Tri(MciAlgorithm::kSalt, f);
  EXPECT_EQ(r.category, C::kDelayed);
  EXPECT_EQ(r.salt_sort_priority, 3);
}

TEST(Salt, NotBreathingAfterAirwayIsDead) {
  Findings f;
  f.breathing = false;
  ExpectMissing(MciAlgorithm::kSalt, f, "breathing_after_airway");
  f.breathing_after_airway = false;
  TriageResult r = Tri(MciAlgorithm::kSalt, f);
  EXPECT_EQ(r.category, C::kDead);
  EXPECT_EQ(r.step, S::kBreathing);
  EXPECT_EQ(r.reason, "not breathing with the airway opened");
  EXPECT_EQ(EScene08Code(r.category), "2708009");
  f.breathing_after_rescue_breaths = false;
  EXPECT_EQ(Tri(MciAlgorithm::kSalt, f).category, C::kDead);
}

TEST(Salt, BreathingAfterAirwayGoesOnToTheChecks) {
  Findings f = SaltDelayed();
  f.breathing = false;
  f.breathing_after_airway = true;
  f.follows_commands = false;
  f.purposeful_movement = false;
  f.likely_to_survive = true;
  f.lifesaving_interventions = {LifesavingIntervention::kOpenAirway};
  TriageResult r = Tri(MciAlgorithm::kSalt, f);
  EXPECT_EQ(r.category, C::kImmediate);
  EXPECT_EQ(r.reason,
            "breathing once the airway was opened; does not obey commands or move "
            "purposefully; likely to survive with the resources at hand (after "
            "open_airway)");
  // A child breathing after two rescue breaths is assessed too.
  f.breathing_after_airway = false;
  f.breathing_after_rescue_breaths = true;
  r = Tri(MciAlgorithm::kSalt, f);
  EXPECT_EQ(r.category, C::kImmediate);
}

TEST(Salt, AllChecksPassMinorInjuriesOnlyIsMinimal) {
  Findings f = SaltDelayed();
  f.minor_injuries_only = true;
  const TriageResult r = Tri(MciAlgorithm::kSalt, f);
  EXPECT_EQ(r.category, C::kMinor);
  EXPECT_EQ(r.step, S::kMinorInjuries);
  EXPECT_EQ(r.salt_sort_priority, 2);
  EXPECT_EQ(EScene08Code(r.category), "2708005");
}

TEST(Salt, AllChecksPassMoreThanMinorIsDelayed) {
  const TriageResult r = Tri(MciAlgorithm::kSalt, SaltDelayed());
  EXPECT_EQ(r.category, C::kDelayed);
  EXPECT_EQ(r.step, S::kMinorInjuries);
}

TEST(Salt, PurposefulMovementStandsForObeyingCommands) {
  Findings f = SaltDelayed();
  f.follows_commands = false;
  ExpectMissing(MciAlgorithm::kSalt, f, "purposeful_movement");
  f.purposeful_movement = true;
  EXPECT_EQ(Tri(MciAlgorithm::kSalt, f).category, C::kDelayed);
}

TEST(Salt, EachFailedCheckLeadsToLikelyToSurvive) {
  const auto fail = [](int which) {
    Findings f = SaltDelayed();
    switch (which) {
      case 0:
        f.follows_commands = false;
        f.purposeful_movement = false;
        break;
      case 1:
        f.peripheral_pulse = false;
        break;
      case 2:
        f.respiratory_distress = true;
        break;
      default:
        f.hemorrhage_controlled = false;
    }
    return f;
  };
  for (int which = 0; which < 4; ++which) {
    Findings f = fail(which);
    ExpectMissing(MciAlgorithm::kSalt, f, "likely_to_survive");
    f.likely_to_survive = true;
    TriageResult r = Tri(MciAlgorithm::kSalt, f);
    EXPECT_EQ(r.category, C::kImmediate) << which;
    EXPECT_EQ(r.step, S::kLikelyToSurvive);
    EXPECT_TRUE(DependsOnResources(r));
    f.likely_to_survive = false;
    r = Tri(MciAlgorithm::kSalt, f);
    EXPECT_EQ(r.category, C::kExpectant) << which;
    EXPECT_EQ(EScene08Code(r.category), "2708007");
  }
}

TEST(Salt, OneFailedCheckIsEnoughWhateverTheOthers) {
  Findings f;
  f.breathing = true;
  f.respiratory_distress = true;  // the other three checks unknown
  f.likely_to_survive = false;
  const TriageResult r = Tri(MciAlgorithm::kSalt, f);
  EXPECT_EQ(r.category, C::kExpectant);
  EXPECT_EQ(r.reason, "in respiratory distress; not likely to survive with the resources at hand");
  EXPECT_FALSE(r.salt_sort_priority.has_value());
}

TEST(Salt, UnknownCheckWithNoFailureIsMissing) {
  Findings f = SaltDelayed();
  f.hemorrhage_controlled.reset();
  ExpectMissing(MciAlgorithm::kSalt, f, "hemorrhage_controlled");
  f = SaltDelayed();
  f.respiratory_distress.reset();
  ExpectMissing(MciAlgorithm::kSalt, f, "respiratory_distress");
  f = SaltDelayed();
  f.peripheral_pulse.reset();
  ExpectMissing(MciAlgorithm::kSalt, f, "peripheral_pulse");
  f = SaltDelayed();
  f.minor_injuries_only.reset();
  ExpectMissing(MciAlgorithm::kSalt, f, "minor_injuries_only");
}

// ---- Re-triage ----

TEST(Retriage, NewFindingsChangeTheCategory) {
  FindingsUpdate u;
  u.findings.respiratory_rate = 34;
  Result<Reassessment> r = Retriage(MciAlgorithm::kStart, StartDelayed(), u);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->changed);
  EXPECT_EQ(r->before.category, C::kDelayed);
  EXPECT_EQ(r->after.category, C::kImmediate);
  EXPECT_EQ(r->summary, "Delayed -> Immediate: respiratory rate 34/min, over 30");
  EXPECT_EQ(r->findings.respiratory_rate, 34);
  EXPECT_EQ(r->findings.radial_pulse, true);  // kept
}

TEST(Retriage, SameCategorySaysStill) {
  FindingsUpdate u;
  u.findings.respiratory_rate = 22;
  Result<Reassessment> r = Retriage(MciAlgorithm::kStart, StartDelayed(), u);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->changed);
  EXPECT_EQ(r->summary.rfind("still Delayed: ", 0), 0u) << r->summary;
}

TEST(Retriage, CompletesAnIncompleteTriage) {
  Findings old;
  old.walks = false;
  old.breathing = true;
  FindingsUpdate u;
  u.findings.respiratory_rate = 40;
  Result<Reassessment> r = Retriage(MciAlgorithm::kStart, old, u);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->changed);
  EXPECT_EQ(r->summary, "Immediate (first complete triage): respiratory rate 40/min, over 30");
}

TEST(Retriage, ResourcesChangeCallsForANewSurvivalJudgement) {
  Findings old = SaltDelayed();
  old.peripheral_pulse = false;
  old.likely_to_survive = false;  // Expectant with the resources of the first hour
  ASSERT_EQ(Tri(MciAlgorithm::kSalt, old).category, C::kExpectant);
  FindingsUpdate u;
  u.resources_changed = true;
  Result<Reassessment> r = Retriage(MciAlgorithm::kSalt, old, u);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(
      std::string(r.error().message()).rfind("likely_to_survive: missing: resources changed", 0),
      0u)
      << r.error().message();
  u.findings.likely_to_survive = true;  // more units and an open trauma bay
  r = Retriage(MciAlgorithm::kSalt, old, u);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->summary,
            "Expectant -> Immediate: no peripheral pulse; likely to survive with the resources "
            "at hand");
}

TEST(Retriage, ResourcesDoNotAffectOtherCategories) {
  FindingsUpdate u;
  u.resources_changed = true;
  Result<Reassessment> r = Retriage(MciAlgorithm::kSalt, SaltDelayed(), u);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->changed);
  EXPECT_FALSE(DependsOnResources(r->after));
  r = Retriage(MciAlgorithm::kStart, StartDelayed(), u);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->changed);
}

TEST(Retriage, InterventionsAccumulate) {
  Findings old = SaltDelayed();
  old.lifesaving_interventions = {LifesavingIntervention::kHemorrhageControl};
  FindingsUpdate u;
  u.findings.lifesaving_interventions = {LifesavingIntervention::kChestDecompression};
  Result<Reassessment> r = Retriage(MciAlgorithm::kSalt, old, u);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->findings.lifesaving_interventions.size(), 2u);
  EXPECT_NE(r->after.reason.find("(after hemorrhage_control, chest_decompression)"),
            std::string::npos)
      << r->after.reason;
}

// ---- Names and codes ----

TEST(MciNames, RoundTrip) {
  for (MciAlgorithm a : {MciAlgorithm::kStart, MciAlgorithm::kJumpStart, MciAlgorithm::kSalt}) {
    EXPECT_EQ(*ParseMciAlgorithm(MciAlgorithmName(a)), a);
  }
  EXPECT_FALSE(ParseMciAlgorithm("triage-sieve").ok());
  for (LifesavingIntervention i :
       {LifesavingIntervention::kHemorrhageControl, LifesavingIntervention::kOpenAirway,
        LifesavingIntervention::kRescueBreaths, LifesavingIntervention::kChestDecompression,
        LifesavingIntervention::kAutoInjector}) {
    EXPECT_EQ(*ParseLifesavingIntervention(LifesavingInterventionName(i)), i);
  }
  EXPECT_FALSE(ParseLifesavingIntervention("tourniquet").ok());
}

// The codes and labels against the official NEMSIS v3.5.1 dictionary (label `data`).
TEST(MciNames, EScene08MatchesTheNemsisDictionary) {
  const char* env = std::getenv("BEACON_DATA_DIR");
  const std::string dir = env != nullptr ? env : std::string(BEACON_SOURCE_DIR) + "/../shared/data";
  std::ifstream in(dir + "/nemsis/dictionary/EMSDataSet_ElementEnumerations.txt");
  if (!in) GTEST_SKIP() << "no NEMSIS dictionary under " << dir;
  std::map<std::string, std::string> official;
  std::string line;
  while (std::getline(in, line)) {
    // 'EMSDataSet'|'eScene.08'|'Triage Classification for MCI Patient'|'2708001'|'Red - ...'|
    if (line.find("'eScene.08'") == std::string::npos) continue;
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t bar; (bar = line.find('|', start)) != std::string::npos; start = bar + 1) {
      std::string cell = line.substr(start, bar - start);
      if (cell.size() >= 2) cell = cell.substr(1, cell.size() - 2);
      cells.push_back(cell);
    }
    ASSERT_GE(cells.size(), 5u) << line;
    official[cells[3]] = cells[4];
  }
  ASSERT_EQ(official.size(), 5u);
  for (C c : {C::kImmediate, C::kDelayed, C::kMinor, C::kExpectant, C::kDead}) {
    const std::string code(EScene08Code(c));
    ASSERT_TRUE(official.count(code)) << code;
    EXPECT_EQ(official[code], EScene08Label(c));
    EXPECT_NE(official[code].find(MciCategoryColor(c)), std::string::npos);
  }
}

}  // namespace
}  // namespace beacon::triage

namespace beacon::triage {
namespace {

// The JSON form of findings reads back to equal findings (the demo and the API send it).
TEST(FindingsJson, RoundTripsEveryField) {
  Findings f;
  f.walks = false;
  f.waves = true;
  f.breathing = true;
  f.respiratory_rate = 34;
  f.radial_pulse = false;
  f.capillary_refill = Milliseconds{2500};
  f.follows_commands = true;
  f.avpu = Avpu::kPain;
  f.pain_response = PainResponse::kInappropriate;
  f.likely_to_survive = true;
  f.lifesaving_interventions = {LifesavingIntervention::kHemorrhageControl,
                                LifesavingIntervention::kOpenAirway};
  const nlohmann::ordered_json j = FindingsToJson(f);
  EXPECT_EQ(j["avpu"], "P");
  EXPECT_EQ(j["capillary_refill_s"], 2.5);
  auto back = FindingsFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, f);
  EXPECT_TRUE(FindingsToJson(Findings{}).empty());
  EXPECT_FALSE(FindingsFromJson(nlohmann::ordered_json::array()).ok());
}

}  // namespace
}  // namespace beacon::triage
