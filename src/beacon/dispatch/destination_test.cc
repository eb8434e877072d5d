#include "beacon/dispatch/destination.h"

#include <gtest/gtest.h>

#include "beacon/cad/test_roster.h"
#include "beacon/cad/test_travel_times.h"

namespace beacon::dispatch {
namespace {

using cad::Hospital;
using cad::HospitalCapabilities;
using cad::StrokeCapability;

Hospital MakeHospital(std::uint32_t id, const char* name, double lat, HospitalCapabilities caps,
                      bool ed = true) {
  Hospital h;
  h.id = HospitalId{id};
  h.name = name;
  h.location = {lat, -71.05};
  h.capabilities = caps;
  h.emergency_department = ed;
  return h;
}

class DestinationTest : public ::testing::Test {
 protected:
  DestinationTest() {
    cad::Roster r = cad::testing::SmallRoster();
    HospitalCapabilities trauma;
    trauma.trauma_adult_level = 1;
    trauma.stroke = StrokeCapability::kPrimary;
    trauma.pci = true;
    HospitalCapabilities kids;
    kids.trauma_peds_level = 1;
    kids.pediatric = true;
    HospitalCapabilities thrombectomy;
    thrombectomy.stroke = StrokeCapability::kThrombectomy;
    thrombectomy.pci = true;
    HospitalCapabilities burn;
    burn.burn = true;
    HospitalCapabilities closed_trauma;
    closed_trauma.trauma_adult_level = 1;
    r.hospitals = {MakeHospital(1, "Neighbourhood ED", 42.31, {}),
                   MakeHospital(2, "Adult Trauma", 42.32, trauma),
                   MakeHospital(3, "Children's", 42.33, kids),
                   MakeHospital(4, "Thrombectomy Centre", 42.34, thrombectomy),
                   MakeHospital(5, "Burn Centre", 42.35, burn),
                   MakeHospital(6, "Rehab (no ED)", 42.36, trauma, /*ed=*/false),
                   MakeHospital(7, "Closed Trauma", 42.37, closed_trauma)};
    const Seconds etas[] = {Seconds{300}, Seconds{600}, Seconds{700}, Seconds{1500},
                            Seconds{900}, Seconds{100}, Seconds{200}};
    for (std::size_t i = 0; i < r.hospitals.size(); ++i)
      travel_.Set(r.hospitals[i].location, etas[i]);
    state_.emplace(*cad::CadState::Create(r));
    cad::testing::EventBuilder b(*ParseInstant("2026-07-01T12:00:00Z"));
    EXPECT_TRUE(state_
                    ->Apply(b.Next(
                        cad::HospitalStatusChanged{HospitalId{7}, cad::HospitalStatus::kCodeBlack}))
                    .ok());
  }

  DestinationPlan Rank(const PatientNeeds& n, const DestinationOptions& o = {}) {
    auto plan = RankDestinations(*state_, {42.30, -71.06}, n, travel_, o);
    EXPECT_TRUE(plan.ok()) << plan.status();
    return plan.ok() ? *plan : DestinationPlan{};
  }

  std::optional<cad::CadState> state_;
  cad::testing::TableTravelTimes travel_;
};

TEST_F(DestinationTest, CardiacArrestGoesToClosestOpenEd) {
  PatientNeeds n;
  n.cardiac_arrest = true;
  n.trauma = true;  // arrest overrides the trauma rule
  DestinationPlan p = Rank(n);
  ASSERT_FALSE(p.ranked.empty());
  EXPECT_EQ(p.ranked[0].hospital, HospitalId{1});
  EXPECT_EQ(p.ranked[0].disposition_reason_code, "4220001");
  EXPECT_EQ(p.ranked[0].reason, "closest open ED for cardiac arrest: 5 min 00 s by road");
  EXPECT_EQ(p.need, "cardiac arrest");
}

TEST_F(DestinationTest, CodeBlackAndNonEdHospitalsAreNeverOffered) {
  PatientNeeds n;
  n.trauma = true;
  n.age_years = 40;
  DestinationPlan p = Rank(n);
  for (const DestinationChoice& c : p.ranked) {
    EXPECT_NE(c.hospital, HospitalId{7}) << "Code Black";
    EXPECT_NE(c.hospital, HospitalId{6}) << "no ED";
  }
  ASSERT_EQ(p.excluded.size(), 2u);
  EXPECT_EQ(p.excluded[0].reason, "no emergency department");
  EXPECT_EQ(p.excluded[1].reason, "Code Black: emergency department closed");
  // The closed level I centre is 200 s away; the open one at 600 s comes first.
  EXPECT_EQ(p.ranked[0].hospital, HospitalId{2});
  EXPECT_EQ(p.ranked[0].disposition_reason_code, "4220021");
  EXPECT_EQ(p.ranked[0].reason,
            "a level I/II adult trauma centre for trauma, adult (40 y): 10 min 00 s by road");
  EXPECT_EQ(p.ranked[1].reason, "lacks a level I/II adult trauma centre (5 min 00 s by road)");
}

TEST_F(DestinationTest, InjuredChildGoesToPediatricTraumaCentre) {
  PatientNeeds n;
  n.trauma = true;
  n.age_years = 8;
  EXPECT_EQ(Rank(n).ranked[0].hospital, HospitalId{3});
}

TEST_F(DestinationTest, ChildrensHospitalTakesOnlyChildren) {
  cad::Roster r = cad::testing::SmallRoster();
  HospitalCapabilities kids_only;
  kids_only.pediatric = true;
  kids_only.trauma_peds_level = 1;
  kids_only.adults = false;
  r.hospitals = {MakeHospital(1, "Children's only", 42.31, kids_only),
                 MakeHospital(2, "General", 42.32, {})};
  travel_.Set(r.hospitals[0].location, Seconds{100});
  travel_.Set(r.hospitals[1].location, Seconds{500});
  const cad::CadState s = *cad::CadState::Create(r);
  PatientNeeds adult;
  adult.age_years = 30;
  DestinationPlan p = *RankDestinations(s, {42.30, -71.06}, adult, travel_);
  ASSERT_EQ(p.ranked.size(), 1u);
  EXPECT_EQ(p.ranked[0].hospital, HospitalId{2});
  ASSERT_EQ(p.excluded.size(), 1u);
  EXPECT_EQ(p.excluded[0].reason, "children's hospital; the patient is an adult");
  // Unknown age: not sent to a children's hospital either.
  p = *RankDestinations(s, {42.30, -71.06}, PatientNeeds{}, travel_);
  EXPECT_EQ(p.excluded[0].reason, "children's hospital; the patient's age is not known");
  PatientNeeds child;
  child.age_years = 6;
  p = *RankDestinations(s, {42.30, -71.06}, child, travel_);
  EXPECT_EQ(p.ranked[0].hospital, HospitalId{1});
  EXPECT_TRUE(p.excluded.empty());
}

TEST_F(DestinationTest, SevereStrokeGoesToThrombectomyWithinTheExtraTravelLimit) {
  PatientNeeds n;
  n.stroke_fast_ed = 7;
  // Closest stroke centre: Adult Trauma at 600 s; thrombectomy at 1500 s is 15 min more.
  DestinationPlan p = Rank(n);
  EXPECT_EQ(p.need, "severe stroke (FAST-ED 7)");
  EXPECT_EQ(p.ranked[0].hospital, HospitalId{4});
  EXPECT_EQ(p.ranked[0].reason,
            "thrombectomy-capable centre for severe stroke (FAST-ED 7): 25 min 00 s by road, "
            "15 min 00 s more than the closest stroke centre");
  EXPECT_EQ(p.ranked[1].hospital, HospitalId{2});
  // With a 10-minute limit the closest stroke centre comes first.
  DestinationOptions strict;
  strict.thrombectomy_extra_travel = Minutes{10};
  EXPECT_EQ(Rank(n, strict).ranked[0].hospital, HospitalId{2});
  // A mild stroke goes to the closest stroke centre.
  n.stroke_fast_ed = 3;
  EXPECT_EQ(Rank(n).ranked[0].hospital, HospitalId{2});
}

TEST_F(DestinationTest, StemiGoesToClosestPci) {
  PatientNeeds n;
  n.stemi = true;
  DestinationPlan p = Rank(n);
  EXPECT_EQ(p.ranked[0].hospital, HospitalId{2});
  EXPECT_EQ(p.ranked[1].hospital, HospitalId{4});
}

TEST_F(DestinationTest, BurnGoesToBurnCentre) {
  PatientNeeds n;
  n.burn = true;
  EXPECT_EQ(Rank(n).ranked[0].hospital, HospitalId{5});
}

TEST_F(DestinationTest, NoCapableHospitalFallsBackToClosestEdAndSaysSo) {
  PatientNeeds n;
  n.obstetric = true;
  DestinationPlan p = Rank(n);
  ASSERT_EQ(p.ranked.size(), 5u);
  EXPECT_EQ(p.ranked[0].hospital, HospitalId{1});
  EXPECT_EQ(p.ranked[0].reason,
            "no open hospital has obstetric care; closest open ED: 5 min 00 s by road");
  EXPECT_EQ(p.ranked[0].disposition_reason_code, "4220001");
}

TEST_F(DestinationTest, HospitalWithoutRouteIsExcluded) {
  travel_ = cad::testing::TableTravelTimes();
  DestinationPlan p = Rank(PatientNeeds{});
  EXPECT_TRUE(p.ranked.empty());
  EXPECT_EQ(p.excluded.size(), 7u);
  EXPECT_EQ(p.excluded.back().reason, "no road route");
}

TEST_F(DestinationTest, ExplainingOnlyTheFirstChoiceKeepsTheOrder) {
  DestinationOptions brief;
  brief.explain = Explain::kChosen;
  DestinationOptions silent;
  silent.explain = Explain::kNone;
  for (int k = 0; k < 4; ++k) {
    PatientNeeds n;
    n.age_years = 40;
    n.trauma = k == 0;
    n.stroke_fast_ed = k == 1 ? std::optional<int>(7) : std::nullopt;
    n.obstetric = k == 2;
    const DestinationPlan full = Rank(n);
    const DestinationPlan first = Rank(n, brief);
    ASSERT_EQ(first.ranked.size(), full.ranked.size()) << k;
    for (std::size_t i = 0; i < full.ranked.size(); ++i) {
      EXPECT_EQ(first.ranked[i].hospital, full.ranked[i].hospital) << k << " " << i;
      EXPECT_EQ(first.ranked[i].eta, full.ranked[i].eta) << k << " " << i;
      EXPECT_EQ(first.ranked[i].meets_need, full.ranked[i].meets_need) << k << " " << i;
    }
    ASSERT_FALSE(first.ranked.empty());
    EXPECT_EQ(first.ranked[0].name, full.ranked[0].name);
    EXPECT_EQ(first.ranked[0].reason, full.ranked[0].reason);
    EXPECT_EQ(first.ranked[0].disposition_reason_code, full.ranked[0].disposition_reason_code);
    EXPECT_EQ(first.need, full.need);
    EXPECT_TRUE(first.ranked.back().reason.empty());
    EXPECT_TRUE(first.excluded.empty());
    EXPECT_FALSE(full.excluded.empty());
    const DestinationPlan none = Rank(n, silent);
    ASSERT_EQ(none.ranked.size(), full.ranked.size());
    EXPECT_EQ(none.ranked[0].hospital, full.ranked[0].hospital);
    EXPECT_EQ(none.ranked[0].eta, full.ranked[0].eta);
    EXPECT_TRUE(none.ranked[0].reason.empty());
    EXPECT_TRUE(none.excluded.empty());
  }
}

TEST_F(DestinationTest, BadNeedsAreRejected) {
  PatientNeeds n;
  n.stroke_fast_ed = 12;
  auto r = RankDestinations(*state_, {42.30, -71.06}, n, travel_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("FAST-ED score 12"), std::string_view::npos);
  EXPECT_FALSE(RankDestinations(*state_, {142.30, -71.06}, PatientNeeds{}, travel_).ok());
}

}  // namespace
}  // namespace beacon::dispatch
