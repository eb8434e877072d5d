#include "beacon/cad/events.h"

#include <fmt/format.h>

namespace beacon::cad {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

std::string_view EventKindName(const EventPayload& payload) {
  static constexpr std::string_view kNames[] = {
      "CallReceived",         "IncidentCreated",         "IncidentUpdated",       "IncidentMerged",
      "TriageCompleted",      "PriorityChanged",         "UnitRecommended",       "UnitAssigned",
      "AssignmentProgressed", "UnitAvailabilityChanged", "HospitalStatusChanged", "IncidentClosed",
      "MoveUpRecommended"};
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
      },
      event.payload);
  return fmt::format("#{} {} {}", event.seq, EventKindName(event.payload), ids);
}

}  // namespace beacon::cad
