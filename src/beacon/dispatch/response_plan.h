// Response plans (run cards): which units an incident gets, by what it is (complaint,
// determinant, priority), where it is (area) and when (local time of day). The first rule that
// matches wins; with no match the triage determinant decides: its level for the first unit and
// BLS-or-better for any further units it asks for.
//
//   ResponsePlans plans = model.response_plans;   // read from the city's response_plans.yaml
//   CallFacts facts{.complaint = "cardiac_arrest", .determinant = "09-E-01", .priority = 1,
//                   .level = CareLevel::kAls, .units = 1, .area = "Roxbury", .minute_of_day = 75};
//   PlannedResponse r = PlanResponse(plans, facts);
//   r.need.slots;  r.lights_and_sirens;  r.rule == "cardiac arrest: ALS + BLS"
//
// Thread-safety: pure functions and plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "beacon/cad/types.h"
#include "beacon/dispatch/recommend.h"

namespace beacon::dispatch {

struct ResponseRule {
  std::string name;
  // Match: every condition given must hold (an empty list matches anything).
  std::vector<std::string> complaints;    // protocol complaint ids
  std::vector<std::string> determinants;  // codes; "09-E-*" matches by prefix
  std::vector<int> priorities;
  std::vector<std::string> areas;  // area (neighbourhood) names
  // Local time-of-day window [from, to) in minutes after midnight; may wrap past midnight
  // (from 1320 to 420 is 22:00-07:00). Unset matches all day.
  std::optional<int> from_minute;
  std::optional<int> to_minute;
  // Response.
  std::vector<UnitSlot> send;             // empty: the determinant's own level and count
  std::optional<bool> lights_and_sirens;  // unset: the determinant's
  std::vector<std::string> capabilities;
  friend bool operator==(const ResponseRule&, const ResponseRule&) = default;
};

struct ResponsePlans {
  std::vector<ResponseRule> rules;
  friend bool operator==(const ResponsePlans&, const ResponsePlans&) = default;
};

// What is known about the call when the plan is looked up.
struct CallFacts {
  std::string complaint;
  std::string determinant;
  int priority = 3;
  cad::CareLevel level = cad::CareLevel::kBls;  // from the determinant
  int units = 1;                                // from the determinant
  bool lights_and_sirens = false;               // from the determinant
  std::string area;                             // empty when outside every area
  int minute_of_day = 0;                        // local time
};

struct PlannedResponse {
  Requirement need;
  bool lights_and_sirens = false;
  std::string rule;  // the matching rule's name, or "determinant" when none matched
};

[[nodiscard]] bool Matches(const ResponseRule& rule, const CallFacts& facts);
[[nodiscard]] PlannedResponse PlanResponse(const ResponsePlans& plans, const CallFacts& facts);

}  // namespace beacon::dispatch
