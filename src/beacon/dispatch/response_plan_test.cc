#include "beacon/dispatch/response_plan.h"

#include <gtest/gtest.h>

namespace beacon::dispatch {
namespace {

using cad::CareLevel;

CallFacts Facts(std::string complaint, std::string determinant, int priority, int minute = 600,
                std::string area = "Roxbury") {
  CallFacts f;
  f.complaint = std::move(complaint);
  f.determinant = std::move(determinant);
  f.priority = priority;
  f.level = priority == 1 ? CareLevel::kAls : CareLevel::kBls;
  f.units = 1;
  f.lights_and_sirens = priority <= 2;
  f.area = std::move(area);
  f.minute_of_day = minute;
  return f;
}

ResponsePlans Plans() {
  ResponsePlans p;
  ResponseRule arrest;
  arrest.name = "arrest";
  arrest.complaints = {"cardiac_arrest"};
  arrest.send = {UnitSlot{CareLevel::kAls, 1}, UnitSlot{CareLevel::kBls, 1}};
  ResponseRule night;
  night.name = "night P3 no lights";
  night.priorities = {3};
  night.from_minute = 22 * 60;
  night.to_minute = 7 * 60;
  night.lights_and_sirens = false;
  ResponseRule falls;
  falls.name = "falls in Back Bay";
  falls.determinants = {"17-B-*"};
  falls.areas = {"Back Bay"};
  falls.send = {UnitSlot{CareLevel::kBls, 2}};
  falls.capabilities = {"lift_assist"};
  p.rules = {arrest, night, falls};
  return p;
}

TEST(ResponsePlan, FirstMatchingRuleWins) {
  const PlannedResponse r = PlanResponse(Plans(), Facts("cardiac_arrest", "09-E-01", 1));
  EXPECT_EQ(r.rule, "arrest");
  ASSERT_EQ(r.need.slots.size(), 2u);
  EXPECT_EQ(r.need.slots[0], (UnitSlot{CareLevel::kAls, 1}));
  EXPECT_EQ(r.need.TotalUnits(), 2);
  EXPECT_TRUE(r.lights_and_sirens);  // from the determinant: the rule does not say
  EXPECT_EQ(r.need.priority, 1);
}

TEST(ResponsePlan, NoMatchUsesTheDeterminant) {
  const PlannedResponse r = PlanResponse(Plans(), Facts("chest_pain", "10-D-01", 1));
  EXPECT_EQ(r.rule, "determinant");
  EXPECT_EQ(r.need, Requirement::Single(1, CareLevel::kAls, 1));
}

TEST(ResponsePlan, DeterminantLevelIsForTheFirstUnitOnly) {
  CallFacts f = Facts("cardiac_arrest", "ARR-1A", 1);
  f.units = 3;
  const PlannedResponse r = PlanResponse(ResponsePlans{}, f);
  EXPECT_EQ(r.need.slots, (std::vector<UnitSlot>{{CareLevel::kAls, 1}, {CareLevel::kBls, 2}}));
  EXPECT_EQ(r.need.TotalUnits(), 3);
}

TEST(ResponsePlan, TimeWindowWrapsPastMidnight) {
  const ResponsePlans p = Plans();
  EXPECT_EQ(PlanResponse(p, Facts("back_pain", "05-A-01", 3, 23 * 60)).rule, "night P3 no lights");
  EXPECT_FALSE(PlanResponse(p, Facts("back_pain", "05-A-01", 3, 23 * 60)).lights_and_sirens);
  EXPECT_EQ(PlanResponse(p, Facts("back_pain", "05-A-01", 3, 6 * 60 + 59)).rule,
            "night P3 no lights");
  // The window is [22:00, 07:00): 07:00 itself and 21:59 are outside.
  EXPECT_EQ(PlanResponse(p, Facts("back_pain", "05-A-01", 3, 7 * 60)).rule, "determinant");
  EXPECT_EQ(PlanResponse(p, Facts("back_pain", "05-A-01", 3, 22 * 60 - 1)).rule, "determinant");
  EXPECT_EQ(PlanResponse(p, Facts("back_pain", "05-A-01", 3, 22 * 60)).rule, "night P3 no lights");
}

TEST(ResponsePlan, DeterminantPrefixAndArea) {
  const ResponsePlans p = Plans();
  PlannedResponse r = PlanResponse(p, Facts("falls", "17-B-02", 2, 600, "Back Bay"));
  EXPECT_EQ(r.rule, "falls in Back Bay");
  EXPECT_EQ(r.need.slots, (std::vector<UnitSlot>{{CareLevel::kBls, 2}}));
  EXPECT_EQ(r.need.capabilities, (std::vector<std::string>{"lift_assist"}));
  EXPECT_EQ(PlanResponse(p, Facts("falls", "17-B-02", 2, 600, "Roxbury")).rule, "determinant");
  EXPECT_EQ(PlanResponse(p, Facts("falls", "17-A-01", 2, 600, "Back Bay")).rule, "determinant");
  // "17-B-*" is a prefix pattern, not a substring one.
  EXPECT_EQ(PlanResponse(p, Facts("falls", "X17-B-02", 2, 600, "Back Bay")).rule, "determinant");
}

}  // namespace
}  // namespace beacon::dispatch
