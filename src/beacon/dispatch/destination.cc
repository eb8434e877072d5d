#include "beacon/dispatch/destination.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <string_view>
#include <utility>

#include "beacon/dispatch/recommend.h"

namespace beacon::dispatch {
namespace {

using cad::Hospital;
using cad::HospitalCapabilities;
using cad::StrokeCapability;

struct Rule {
  std::string need;        // what the patient needs, in words
  std::string capability;  // what a hospital must have, in words ("" = any ED)
  std::function<bool(const HospitalCapabilities&)> has;  // null = any ED
};

bool TopTrauma(int level) { return level == 1 || level == 2; }

Rule ChooseRule(const PatientNeeds& n, const DestinationOptions& o) {
  const bool child = n.age_years && *n.age_years < o.pediatric_below_age;
  const std::string age = n.age_years ? fmt::format(" ({} y)", *n.age_years) : std::string();
  if (n.cardiac_arrest) return {"cardiac arrest", "", nullptr};
  if (n.unmanageable_airway) return {"unmanageable airway", "", nullptr};
  if (n.trauma) {
    if (child) {
      return {"trauma, child" + age, "a level I/II pediatric trauma centre",
              [](const HospitalCapabilities& c) { return TopTrauma(c.trauma_peds_level); }};
    }
    return {"trauma, adult" + age, "a level I/II adult trauma centre",
            [](const HospitalCapabilities& c) { return TopTrauma(c.trauma_adult_level); }};
  }
  if (n.stroke_fast_ed) {
    return {fmt::format("{}stroke (FAST-ED {})",
                        *n.stroke_fast_ed >= o.severe_stroke_fast_ed ? "severe " : "",
                        *n.stroke_fast_ed),
            "a stroke centre",
            [](const HospitalCapabilities& c) { return c.stroke != StrokeCapability::kNone; }};
  }
  if (n.stemi)
    return {"STEMI", "a PCI centre", [](const HospitalCapabilities& c) { return c.pci; }};
  if (n.burn)
    return {"burn", "a burn centre", [](const HospitalCapabilities& c) { return c.burn; }};
  if (n.obstetric) {
    return {"obstetric", "obstetric care",
            [](const HospitalCapabilities& c) { return c.obstetric; }};
  }
  if (n.behavioral) {
    return {"behavioural health", "behavioural health care",
            [](const HospitalCapabilities& c) { return c.behavioral; }};
  }
  if (child) {
    return {"child" + age, "a pediatric ED",
            [](const HospitalCapabilities& c) { return c.pediatric; }};
  }
  return {"emergency care", "", nullptr};
}

}  // namespace

Result<DestinationPlan> RankDestinations(const cad::CadState& state, const LatLon& from,
                                         const PatientNeeds& needs, const cad::TravelTimes& travel,
                                         const DestinationOptions& options) {
  BEACON_RETURN_IF_ERROR(ValidateLatLon(from).WithContext("destination origin"));
  if (needs.stroke_fast_ed && (*needs.stroke_fast_ed < 0 || *needs.stroke_fast_ed > 9)) {
    return InvalidArgumentError(
        fmt::format("FAST-ED score {} is outside 0-9", *needs.stroke_fast_ed));
  }
  if (needs.age_years && (*needs.age_years < 0 || *needs.age_years > 130)) {
    return InvalidArgumentError(fmt::format("age {} is outside 0-130", *needs.age_years));
  }
  const Rule rule = ChooseRule(needs, options);
  DestinationPlan plan;
  plan.need = rule.need;

  auto exclude = [&](const Hospital& h, std::string_view why) {
    if (options.explain == Explain::kAll) plan.excluded.push_back({h.id, h.name, std::string(why)});
  };
  std::vector<const Hospital*> open;
  std::vector<LatLon> points;
  for (const Hospital& h : state.hospitals()) {
    if (!h.emergency_department) {
      exclude(h, "no emergency department");
    } else if (!h.capabilities.adults &&
               !(needs.age_years && *needs.age_years < options.pediatric_below_age)) {
      exclude(h, needs.age_years ? "children's hospital; the patient is an adult"
                                 : "children's hospital; the patient's age is not known");
    } else if (h.status == cad::HospitalStatus::kCodeBlack) {
      exclude(h, "Code Black: emergency department closed");
    } else {
      open.push_back(&h);
      points.push_back(h.location);
    }
  }
  std::vector<std::optional<Milliseconds>> etas;
  BEACON_RETURN_IF_ERROR(travel.FromOne(from, points, etas).WithContext("destination"));
  if (etas.size() != open.size()) {
    return InternalError(
        fmt::format("travel times returned {} answers for {} hospitals", etas.size(), open.size()));
  }
  for (std::size_t i = 0; i < open.size(); ++i) {
    const Hospital& h = *open[i];
    if (!etas[i]) {
      exclude(h, "no road route");
      continue;
    }
    DestinationChoice c;
    c.hospital = h.id;
    c.eta = *etas[i];
    c.meets_need = !rule.has || rule.has(h.capabilities);
    plan.ranked.push_back(std::move(c));
  }
  // Severe stroke: a thrombectomy centre first when the extra travel over the closest stroke
  // centre is within the limit.
  std::optional<Milliseconds> closest_stroke;
  const bool severe_stroke = needs.stroke_fast_ed &&
                             *needs.stroke_fast_ed >= options.severe_stroke_fast_ed &&
                             !needs.cardiac_arrest && !needs.unmanageable_airway && !needs.trauma;
  if (severe_stroke) {
    for (const DestinationChoice& c : plan.ranked) {
      if (c.meets_need && (!closest_stroke || c.eta < *closest_stroke)) closest_stroke = c.eta;
    }
  }
  // Tier 0: the thrombectomy centre within the limit; 1: meets the need; 2: any other ED. The
  // order is tier, then road time, then hospital id (a total order: the same input always
  // gives the same list). With no hospital meeting the need all are tier 2: closest ED first.
  auto tier = [&](const DestinationChoice& c) {
    if (!c.meets_need) return 2;
    if (closest_stroke && c.eta - *closest_stroke <= options.thrombectomy_extra_travel &&
        state.FindHospital(c.hospital)->capabilities.stroke == StrokeCapability::kThrombectomy) {
      return 0;
    }
    return 1;
  };
  struct Key {
    int tier;
    Milliseconds eta;
    HospitalId hospital;
    std::size_t index;
  };
  std::vector<Key> keys;
  keys.reserve(plan.ranked.size());
  for (std::size_t i = 0; i < plan.ranked.size(); ++i) {
    const DestinationChoice& c = plan.ranked[i];
    keys.push_back({tier(c), c.eta, c.hospital, i});
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    if (a.tier != b.tier) return a.tier < b.tier;
    if (a.eta != b.eta) return a.eta < b.eta;
    return a.hospital < b.hospital;
  });
  std::vector<DestinationChoice> sorted;
  sorted.reserve(keys.size());
  for (const Key& k : keys) sorted.push_back(std::move(plan.ranked[k.index]));
  plan.ranked = std::move(sorted);

  const bool any_meets = std::any_of(plan.ranked.begin(), plan.ranked.end(),
                                     [](const DestinationChoice& c) { return c.meets_need; });
  auto explain = [&](DestinationChoice& c) {
    c.name = state.FindHospital(c.hospital)->name;
    const std::string eta = FormatEta(c.eta);
    if (!rule.has) {
      c.reason = fmt::format("closest open ED for {}: {} by road", rule.need, eta);
      c.disposition_reason_code = kClosestFacility;
    } else if (c.meets_need) {
      if (tier(c) == 0) {
        c.reason = fmt::format(
            "thrombectomy-capable centre for {}: {} by road, {} more than the "
            "closest stroke centre",
            rule.need, eta, FormatEta(c.eta - *closest_stroke));
      } else {
        c.reason = fmt::format("{} for {}: {} by road", rule.capability, rule.need, eta);
      }
      c.disposition_reason_code = kRegionalSpecialtyCenter;
    } else if (!any_meets) {
      c.reason =
          fmt::format("no open hospital has {}; closest open ED: {} by road", rule.capability, eta);
      c.disposition_reason_code = kClosestFacility;
    } else {
      c.reason = fmt::format("lacks {} ({} by road)", rule.capability, eta);
      c.disposition_reason_code = kClosestFacility;
    }
  };
  if (options.explain == Explain::kAll) {
    for (DestinationChoice& c : plan.ranked) explain(c);
  } else if (options.explain == Explain::kChosen && !plan.ranked.empty()) {
    explain(plan.ranked.front());
  }
  return plan;
}

}  // namespace beacon::dispatch
