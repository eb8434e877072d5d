#include "beacon/dispatch/response_plan.h"

#include <algorithm>

namespace beacon::dispatch {
namespace {

bool AnyOf(const std::vector<std::string>& list, const std::string& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

bool DeterminantMatches(const std::vector<std::string>& patterns, const std::string& code) {
  if (patterns.empty()) return true;
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) {
    if (!p.empty() && p.back() == '*') {
      return code.compare(0, p.size() - 1, p, 0, p.size() - 1) == 0;
    }
    return p == code;
  });
}

bool InWindow(const ResponseRule& r, int minute) {
  if (!r.from_minute || !r.to_minute) return true;
  const int from = *r.from_minute;
  const int to = *r.to_minute;
  if (from <= to) return minute >= from && minute < to;
  return minute >= from || minute < to;  // wraps past midnight
}

}  // namespace

bool Matches(const ResponseRule& rule, const CallFacts& facts) {
  return AnyOf(rule.complaints, facts.complaint) &&
         DeterminantMatches(rule.determinants, facts.determinant) &&
         (rule.priorities.empty() || std::find(rule.priorities.begin(), rule.priorities.end(),
                                               facts.priority) != rule.priorities.end()) &&
         AnyOf(rule.areas, facts.area) && InWindow(rule, facts.minute_of_day);
}

PlannedResponse PlanResponse(const ResponsePlans& plans, const CallFacts& facts) {
  PlannedResponse out;
  // The determinant's level is what the first unit must bring; any further units are
  // BLS-or-better (an arrest with two units: one ALS and the closest other).
  out.need.priority = facts.priority;
  out.need.slots = {UnitSlot{facts.level, 1}};
  if (facts.units > 1) out.need.slots.push_back(UnitSlot{cad::CareLevel::kBls, facts.units - 1});
  out.lights_and_sirens = facts.lights_and_sirens;
  out.rule = "determinant";
  for (const ResponseRule& rule : plans.rules) {
    if (!Matches(rule, facts)) continue;
    if (!rule.send.empty()) out.need.slots = rule.send;
    if (rule.lights_and_sirens) out.lights_and_sirens = *rule.lights_and_sirens;
    out.need.capabilities = rule.capabilities;
    out.rule = rule.name;
    break;
  }
  return out;
}

}  // namespace beacon::dispatch
