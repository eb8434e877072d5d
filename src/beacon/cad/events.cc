#include "beacon/cad/events.h"

#include <fmt/format.h>

#include "beacon/base/overloaded.h"

namespace beacon::cad {

std::string_view EventKindName(const EventPayload& payload) {
  static constexpr std::string_view kNames[] = {"CallReceived",          "IncidentCreated",
                                                "IncidentUpdated",       "IncidentMerged",
                                                "TriageCompleted",       "PriorityChanged",
                                                "UnitRecommended",       "UnitAssigned",
                                                "AssignmentProgressed",  "UnitAvailabilityChanged",
                                                "HospitalStatusChanged", "IncidentClosed",
                                                "MoveUpRecommended",     "MciDeclared",
                                                "MciLevelChanged",       "MciSiteSet",
                                                "MciSurgeDeclared",      "PatientTagged",
                                                "PatientRetriaged",      "PatientMoved",
                                                "PatientTreated",        "PatientTransportAssigned",
                                                "PatientTransported",    "PatientArrived",
                                                "PatientReleased",       "MciClosed"};
  static_assert(std::size(kNames) == std::variant_size_v<EventPayload>);
  return kNames[payload.index()];
}

std::string DescribeEvent(const Event& event) {
  const std::string ids = std::visit(
      Overloaded{
          [](const CallReceived& e) { return fmt::format("call={}", e.call); },
          [](const IncidentCreated& e) {
            return fmt::format("incident={} call={}", e.incident, e.call);
          },
          [](const IncidentUpdated& e) { return fmt::format("incident={}", e.incident); },
          [](const IncidentMerged& e) { return fmt::format("from={} into={}", e.from, e.into); },
          [](const TriageCompleted& e) {
            return fmt::format("incident={} determinant={} priority={}", e.incident, e.determinant,
                               e.priority);
          },
          [](const PriorityChanged& e) {
            return fmt::format("incident={} priority={}", e.incident, e.priority);
          },
          [](const UnitRecommended& e) {
            return fmt::format("incident={} units={}", e.incident, e.units.size());
          },
          [](const UnitAssigned& e) {
            return fmt::format("unit={} incident={}", e.unit, e.incident);
          },
          [](const AssignmentProgressed& e) {
            return fmt::format("unit={} incident={} to={}", e.unit, e.incident,
                               AssignmentStateName(e.state));
          },
          [](const UnitAvailabilityChanged& e) {
            return fmt::format("unit={} to={}", e.unit, AvailabilityName(e.availability));
          },
          [](const HospitalStatusChanged& e) {
            return fmt::format("hospital={} to={}", e.hospital, HospitalStatusName(e.status));
          },
          [](const IncidentClosed& e) { return fmt::format("incident={}", e.incident); },
          [](const MoveUpRecommended& e) {
            return fmt::format("unit={} post={}{}", e.unit, e.post, e.applied ? " applied" : "");
          },
          [](const MciDeclared& e) {
            return fmt::format("mci={} incident={} level={}", e.mci, e.incident, e.level);
          },
          [](const MciLevelChanged& e) { return fmt::format("mci={} level={}", e.mci, e.level); },
          [](const MciSiteSet& e) {
            return fmt::format("mci={} site={} kind={}", e.mci, e.site, MciSiteKindName(e.kind));
          },
          [](const MciSurgeDeclared& e) {
            return fmt::format("mci={} hospital={}", e.mci, e.hospital);
          },
          [](const PatientTagged& e) {
            return fmt::format("mci={} tag={} category={}", e.mci, e.tag,
                               triage::MciCategoryName(e.category));
          },
          [](const PatientRetriaged& e) {
            return fmt::format("mci={} tag={} category={}", e.mci, e.tag,
                               triage::MciCategoryName(e.category));
          },
          [](const PatientMoved& e) {
            return fmt::format("mci={} tag={} site={}", e.mci, e.tag, e.site);
          },
          [](const PatientTreated& e) { return fmt::format("mci={} tag={}", e.mci, e.tag); },
          [](const PatientTransportAssigned& e) {
            return fmt::format("mci={} tag={} unit={} hospital={}", e.mci, e.tag, e.unit,
                               e.hospital);
          },
          [](const PatientTransported& e) {
            return fmt::format("mci={} tag={} unit={} hospital={}", e.mci, e.tag, e.unit,
                               e.hospital);
          },
          [](const PatientArrived& e) {
            return fmt::format("mci={} tag={} hospital={}", e.mci, e.tag, e.hospital);
          },
          [](const PatientReleased& e) { return fmt::format("mci={} tag={}", e.mci, e.tag); },
          [](const MciClosed& e) { return fmt::format("mci={}", e.mci); },
      },
      event.payload);
  return fmt::format("#{} {} {}", event.seq, EventKindName(event.payload), ids);
}

}  // namespace beacon::cad
