// MCI mode in the CAD state: every patient kept by tag through tagging, re-triage, moves,
// treatment, transport and arrival; illegal steps refused with the patient named and nothing
// changed; a 300-patient MCI rebuilt exactly by replaying its events.
#include "beacon/cad/mci.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "beacon/cad/state.h"
#include "beacon/cad/test_roster.h"

namespace beacon::cad {
namespace {

using triage::MciCategory;

struct Fixture {
  CadState state = *CadState::Create(testing::SmallRoster(6));
  testing::EventBuilder b{*ParseInstant("2026-04-20T18:49:00Z")};
  const MciId mci{1};
  const IncidentId inc{1};

  Status Do(EventPayload p) {
    Status s = state.Apply(b.Next(std::move(p)));
    if (!s.ok()) b.Unuse();
    return s;
  }
  void Must(EventPayload p) {
    const std::string what = std::string(EventKindName(p));
    Status s = Do(std::move(p));
    ASSERT_TRUE(s.ok()) << what << ": " << s;
  }
  void Declare() {
    Must(CallReceived{CallId{1}, {42.35, -71.078}, "Boylston St", std::nullopt});
    Must(IncidentCreated{inc, CallId{1}});
    Must(MciDeclared{mci, inc, "finish line", 2});
    Must(MciSiteSet{mci, "CCP", MciSiteKind::kCasualtyCollection, {42.35, -71.078}});
    Must(MciSiteSet{mci, "Treatment", MciSiteKind::kTreatment, {42.3502, -71.077}});
  }
  const Mci& M() const { return *state.FindMci(mci); }
};

TEST(Mci, PatientsAreTrackedByTagFromTagToArrival) {
  Fixture f;
  f.Declare();
  f.Must(MciSurgeDeclared{f.mci, HospitalId{1}, {2, 4, 6, 1}});
  f.Must(PatientTagged{f.mci,
                       "T-1",
                       MciCategory::kDelayed,
                       triage::MciAlgorithm::kStart,
                       "CCP",
                       {false, false, true}});
  f.Must(PatientTagged{f.mci, "T-2", MciCategory::kMinor, std::nullopt, "", {}});
  f.Must(PatientTagged{f.mci, "T-3", MciCategory::kDead, triage::MciAlgorithm::kStart, "CCP", {}});
  f.Must(PatientRetriaged{f.mci, "T-1", MciCategory::kImmediate, triage::MciAlgorithm::kStart});
  f.Must(PatientMoved{f.mci, "T-1", "Treatment"});
  f.Must(PatientTreated{f.mci, "T-1", "tourniquet left thigh"});
  MciCounts c = CountPatients(f.M());
  EXPECT_EQ(c.total, 3);
  EXPECT_EQ(c.by_category[Index(MciCategory::kImmediate)], 1);
  EXPECT_EQ(c.by_category[Index(MciCategory::kMinor)], 1);
  EXPECT_EQ(c.by_category[Index(MciCategory::kDead)], 1);
  EXPECT_EQ(c.waiting[Index(MciCategory::kImmediate)], 1);

  // The ambulance must be on the MCI's incident, on scene, to load a patient.
  f.Must(UnitAssigned{UnitId{1}, f.inc});
  EXPECT_EQ(f.M().units.count(UnitId{1}), 1u) << "a unit sent to the incident works the MCI";
  f.Must(PatientTransportAssigned{f.mci, "T-1", UnitId{1}, HospitalId{1}});
  EXPECT_EQ(f.M().FindPatient("T-1")->state, MciPatientState::kAssigned);
  Status early = f.Do(PatientTransported{f.mci, "T-1", UnitId{1}, HospitalId{1}});
  EXPECT_EQ(early.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(early.message().find("is ASSIGNED on incident 1"), std::string_view::npos) << early;
  f.Must(AssignmentProgressed{UnitId{1}, f.inc, AssignmentState::kEnRoute, std::nullopt});
  f.Must(AssignmentProgressed{UnitId{1}, f.inc, AssignmentState::kOnScene, std::nullopt});
  f.Must(PatientTransported{f.mci, "T-1", UnitId{1}, HospitalId{1}});
  f.Must(AssignmentProgressed{UnitId{1}, f.inc, AssignmentState::kTransporting, HospitalId{1}});
  c = CountPatients(f.M());
  EXPECT_EQ(c.inbound[HospitalId{1}][Index(MciCategory::kImmediate)], 1);

  // Closing needs every living patient arrived or released; the dead may stay.
  Status closing = f.Do(MciClosed{f.mci});
  EXPECT_EQ(closing.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(closing.message().find("patient T-1 (Immediate, transporting)"), std::string_view::npos)
      << closing;
  f.Must(PatientArrived{f.mci, "T-1", HospitalId{1}});
  f.Must(PatientReleased{f.mci, "T-2"});
  c = CountPatients(f.M());
  EXPECT_EQ(c.arrived[HospitalId{1}][Index(MciCategory::kImmediate)], 1);
  EXPECT_EQ(c.by_state[Index(MciPatientState::kReleased)], 1);
  // The incident cannot close under an open MCI.
  f.Must(AssignmentProgressed{UnitId{1}, f.inc, AssignmentState::kAtDestination, std::nullopt});
  f.Must(AssignmentProgressed{UnitId{1}, f.inc, AssignmentState::kTransferred, std::nullopt});
  f.Must(AssignmentProgressed{UnitId{1}, f.inc, AssignmentState::kCleared, std::nullopt});
  EXPECT_EQ(f.Do(IncidentClosed{f.inc}).code(), StatusCode::kFailedPrecondition);
  f.Must(MciClosed{f.mci});
  f.Must(IncidentClosed{f.inc});
}

TEST(Mci, IllegalStepsAreRefusedNamingThePatientAndChangeNothing) {
  Fixture f;
  f.Declare();
  f.Must(PatientTagged{f.mci, "T-1", MciCategory::kDelayed, std::nullopt, "CCP", {}});
  f.Must(PatientTagged{f.mci, "T-9", MciCategory::kDead, std::nullopt, "CCP", {}});
  const CadState before = f.state;
  auto refused = [&](EventPayload p, StatusCode code, std::string_view words) {
    const std::string what(EventKindName(p));
    Status s = f.Do(std::move(p));
    EXPECT_EQ(s.code(), code) << what << ": " << s;
    EXPECT_NE(s.message().find(words), std::string_view::npos) << what << ": " << s;
    EXPECT_TRUE(f.state == before) << what;
  };
  refused(PatientTagged{f.mci, "T-1", MciCategory::kMinor, std::nullopt, "", {}},
          StatusCode::kAlreadyExists, "patient T-1 (Delayed, on_scene) is already tagged");
  refused(PatientTagged{f.mci, "T 2", MciCategory::kMinor, std::nullopt, "", {}},
          StatusCode::kInvalidArgument, "only letters, digits");
  refused(PatientTagged{f.mci, "", MciCategory::kMinor, std::nullopt, "", {}},
          StatusCode::kInvalidArgument, "1 to 32 characters");
  refused(PatientTagged{f.mci, "T-2", MciCategory::kMinor, std::nullopt, "Helipad", {}},
          StatusCode::kNotFound, "no site 'Helipad'");
  refused(PatientTagged{MciId{7}, "T-2", MciCategory::kMinor, std::nullopt, "", {}},
          StatusCode::kNotFound, "MCI 7 was not declared");
  refused(PatientRetriaged{f.mci, "T-5", MciCategory::kMinor, std::nullopt}, StatusCode::kNotFound,
          "no patient tagged 'T-5'");
  refused(PatientArrived{f.mci, "T-1", HospitalId{1}}, StatusCode::kFailedPrecondition,
          "it is not being transported");
  refused(PatientTransportAssigned{f.mci, "T-9", UnitId{1}, HospitalId{1}},
          StatusCode::kFailedPrecondition, "the dead are not transported");
  refused(PatientTransportAssigned{f.mci, "T-1", UnitId{1}, HospitalId{9}}, StatusCode::kNotFound,
          "hospital 9");
  refused(PatientTransported{f.mci, "T-1", UnitId{1}, HospitalId{1}},
          StatusCode::kFailedPrecondition, "is not on MCI 1's incident 1");
  refused(PatientMoved{f.mci, "T-1", ""}, StatusCode::kInvalidArgument, "a move names a site");
  refused(PatientTreated{f.mci, "T-1", std::string(300, 'x')}, StatusCode::kInvalidArgument,
          "more than 200");
  refused(MciLevelChanged{f.mci, 2}, StatusCode::kFailedPrecondition, "already level 2");
  refused(MciLevelChanged{f.mci, 6}, StatusCode::kInvalidArgument, "level 6 is not 1..5");
  refused(MciSurgeDeclared{f.mci, HospitalId{1}, {1, -1, 0, 0}}, StatusCode::kInvalidArgument,
          "surge capacity -1");
  refused(MciSiteSet{f.mci, "CCP", MciSiteKind::kStaging, {142.0, -71.0}}, StatusCode::kOutOfRange,
          "site 'CCP'");
  refused(MciDeclared{MciId{2}, f.inc, "again", 1}, StatusCode::kAlreadyExists,
          "incident 1 is already MCI 1");
  refused(MciDeclared{f.mci, IncidentId{5}, "x", 1}, StatusCode::kAlreadyExists,
          "MCI 1 was already declared");
  refused(MciClosed{f.mci}, StatusCode::kFailedPrecondition, "patient T-1 (Delayed, on_scene)");
  refused(IncidentMerged{f.inc, IncidentId{5}}, StatusCode::kNotFound, "incident 5");
}

// Issue: an MCI with 300 patients keeps every patient through a replay of its events.
TEST(Mci, ThreeHundredPatientsSurviveAReplayOfTheirEvents) {
  CadState live = *CadState::Create(testing::SmallRoster(12));
  const std::vector<Event> log = testing::MciExercise(live, 300, 2013);
  // Every MCI event kind occurs.
  std::vector<int> kinds(std::variant_size_v<EventPayload>, 0);
  for (const Event& e : log) ++kinds[e.payload.index()];
  for (std::size_t k = kFirstMciEventKind; k < kinds.size(); ++k) {
    EXPECT_GT(kinds[k], 0) << "kind " << k;
  }
  const Mci& m = *live.FindMci(MciId{1});
  ASSERT_EQ(m.patients.size(), 300u);
  EXPECT_TRUE(m.closed);

  CadState replayed = *CadState::Create(testing::SmallRoster(12));
  ASSERT_TRUE(Replay(log, replayed).ok());
  EXPECT_TRUE(replayed == live);
  const Mci& r = *replayed.FindMci(MciId{1});
  ASSERT_EQ(r.patients.size(), 300u);
  int arrived = 0;
  int released = 0;
  int dead = 0;
  for (int i = 1; i <= 300; ++i) {
    const std::string tag = fmt::format("T-{:04d}", i);
    const MciPatient* p = r.FindPatient(tag);
    ASSERT_NE(p, nullptr) << tag << " is missing";
    // The trail starts with the tag and ends where the patient is now.
    const std::vector<const Event*> trail = PatientTrail(log, MciId{1}, tag);
    ASSERT_FALSE(trail.empty()) << tag;
    EXPECT_TRUE(std::holds_alternative<PatientTagged>(trail.front()->payload)) << tag;
    if (p->state == MciPatientState::kArrived) {
      ++arrived;
      const auto* last = std::get_if<PatientArrived>(&trail.back()->payload);
      ASSERT_NE(last, nullptr) << tag;
      EXPECT_EQ(last->hospital, *p->hospital);
      // It left in the unit that brought it.
      const PatientTransported* left = nullptr;
      for (const Event* e : trail) {
        if (const auto* t = std::get_if<PatientTransported>(&e->payload)) left = t;
      }
      ASSERT_NE(left, nullptr) << tag;
      EXPECT_EQ(left->unit, *p->unit);
    } else if (p->state == MciPatientState::kReleased) {
      ++released;
    } else {
      EXPECT_EQ(p->category, MciCategory::kDead) << tag << " " << MciPatientStateName(p->state);
      ++dead;
    }
  }
  EXPECT_EQ(arrived + released + dead, 300);
  EXPECT_GT(arrived, 100);
  MciCounts c = CountPatients(r);
  EXPECT_EQ(c.total, 300);

  // Half the log rebuilds a different state: the comparison is not vacuous.
  CadState partial = *CadState::Create(testing::SmallRoster(12));
  ASSERT_TRUE(Replay(std::span(log).first(log.size() / 2), partial).ok());
  EXPECT_FALSE(partial == live);
  EXPECT_LT(partial.FindMci(MciId{1})->patients.size(), 300u);
}

TEST(Mci, TagsAndNamesParse) {
  EXPECT_TRUE(ValidateTag("T-0001_b").ok());
  EXPECT_FALSE(ValidateTag(std::string(33, 'a')).ok());
  EXPECT_EQ(*ParseMciSiteKind("staging"), MciSiteKind::kStaging);
  EXPECT_EQ(*ParseMciPatientState("transporting"), MciPatientState::kTransporting);
  EXPECT_FALSE(ParseMciPatientState("lost").ok());
  EXPECT_EQ(*triage::ParseMciCategory("red"), MciCategory::kImmediate);
  EXPECT_EQ(*triage::ParseMciCategory("Expectant"), MciCategory::kExpectant);
  EXPECT_FALSE(triage::ParseMciCategory("purple").ok());
  EXPECT_EQ(SurgeIndex(MciCategory::kExpectant), 3u);
  EXPECT_FALSE(SurgeIndex(MciCategory::kDead).has_value());
}

}  // namespace
}  // namespace beacon::cad
