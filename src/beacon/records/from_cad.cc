#include "beacon/records/from_cad.h"

#include <fmt/format.h>

#include <optional>

namespace beacon::records {
namespace {

using nemsis::Element;
using nemsis::NotValue;

Element Code(const char* code) { return Element::Of(code); }

// eResponse.07 Unit Transport and Equipment Capability.
const char* TransportCapability(cad::UnitType t) {
  switch (t) {
    case cad::UnitType::kAls:
      return "2207015";  // Ground Transport (ALS Equipped)
    case cad::UnitType::kBls:
      return "2207017";  // Ground Transport (BLS Equipped)
    case cad::UnitType::kSupervisor:
      return "2207021";  // Non-Transport-Medical Treatment (ALS Equipped)
    case cad::UnitType::kNonTransport:
      return "2207023";  // Non-Transport-Medical Treatment (BLS Equipped)
  }
  return "2207017";
}

std::optional<Instant> Stamp(const cad::ETimeStamps& s, cad::ETime t) {
  return s[static_cast<std::size_t>(t)];
}

}  // namespace

std::string NewRecordUuid(Rng& rng) {
  const std::uint64_t hi = rng.NextU64();
  const std::uint64_t lo = rng.NextU64();
  // RFC 4122 section 4.4: version 4 in the time_hi nibble, variant 10xx in clock_seq_hi.
  return fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff,
                     hi & 0xfff, 0x8000 | ((lo >> 48) & 0x3fff), lo & 0xffffffffffff);
}

std::string IncidentNumber(IncidentId id) { return fmt::format("I{:07}", id.value()); }

std::string RecordNumber(const cad::CadState& state, const cad::Assignment& a) {
  const cad::Unit* unit = state.FindUnit(a.unit);
  return fmt::format("{}-{}", IncidentNumber(a.incident),
                     unit != nullptr ? unit->name : std::to_string(a.unit.value()));
}

Result<nemsis::PatientCareReport> RecordFromCad(const cad::CadState& state,
                                                const cad::Assignment& a, const RecordContext& ctx,
                                                const std::string& uuid,
                                                const RecordExtras& extras) {
  const cad::Incident* incident = state.FindIncident(a.incident);
  const cad::Unit* unit = state.FindUnit(a.unit);
  if (incident == nullptr || unit == nullptr) {
    return NotFoundError(
        fmt::format("no incident {} with unit {} in the CAD", a.incident.value(), a.unit.value()));
  }
  if (ctx.zone == nullptr) return InvalidArgumentError("the record context has no time zone");
  const auto at = [&](std::optional<Instant> t) -> nemsis::Single {
    if (!t) return std::nullopt;
    return Element::At(*t, *ctx.zone);
  };
  const auto stamp = [&](cad::ETime t) { return at(Stamp(a.etimes, t)); };
  if (!Stamp(a.etimes, cad::ETime::kUnitNotified)) {
    return FailedPreconditionError(
        fmt::format("unit {} was never notified of incident {}", unit->name, incident->id.value()));
  }

  nemsis::PatientCareReport r;
  r.attributes.push_back({"UUID", uuid});
  const std::string number = RecordNumber(state, a);
  r.record.patient_care_report_number = Element::Of(number);
  r.record.software_application_group.software_creator = Element::Of("Beacon");
  r.record.software_application_group.software_name = Element::Of("Beacon");
  r.record.software_application_group.software_version = Element::Of(ctx.software_version);

  // eResponse: the unit and how it went.
  const std::optional<cad::TriageCompleted>& triage = incident->triage;
  const bool emergent = triage.has_value() ? triage->lights_and_sirens : incident->priority == 1;
  auto& resp = r.response;
  resp.agency_group.ems_agency_number = Element::Of(ctx.agency.number);
  if (!ctx.agency_name.empty()) resp.agency_group.ems_agency_name = Element::Of(ctx.agency_name);
  resp.incident_number = Element::Of(IncidentNumber(incident->id));
  resp.ems_response_number = Element::Of(number);
  resp.service_group.type_of_service_requested = Code("2205001");  // 911 response, own area
  resp.unit_transport_and_equipment_capability = Code(TransportCapability(unit->type));
  // No delay is recorded by the CAD; a crew may add one (eResponse.08 .. .12 "None/No Delay").
  resp.type_of_dispatch_delay.push_back(Code("2208013"));
  resp.type_of_response_delay.push_back(Code("2209011"));
  resp.type_of_scene_delay.push_back(Code("2210017"));
  resp.type_of_transport_delay.push_back(Code("2211011"));
  resp.type_of_turn_around_delay.push_back(Code("2212015"));
  resp.ems_vehicle_unit_number = Element::Of(unit->name);
  resp.ems_unit_call_sign = Element::Of(unit->name);
  resp.response_mode_to_scene = Code(emergent ? "2223001" : "2223005");
  resp.additional_response_mode_descriptors.push_back(Code(emergent ? "2224015" : "2224019"));

  // eDispatch: the call-taker's triage.
  auto& disp = r.dispatch;
  if (triage.has_value() && !triage->dispatch_reason_code.empty()) {
    disp.dispatch_reason = Element::Of(triage->dispatch_reason_code);
    disp.emd_performed = Code("2302003");  // Yes, with pre-arrival instructions
    disp.emd_determinant_code = Element::Of(triage->determinant);
    if (!triage->dispatch_priority_code.empty()) {
      disp.dispatch_priority_patient_acuity = Element::Of(triage->dispatch_priority_code);
    }
  } else {
    disp.dispatch_reason = Code("2301079");  // Unknown Problem/Person Down: not triaged
    disp.emd_performed = Code("2302001");    // No
  }
  disp.dispatch_center_name_or_id = Element::Of(ctx.cad_name);
  disp.unit_dispatched_cad_record_id = Element::Of(number);

  // eTimes: the CAD's stamps. The incident holds the call's (.01, .02), the assignment its own.
  auto& times = r.times;
  times.psap_call_time = at(incident->etimes[static_cast<std::size_t>(cad::ETime::kPsapCall)]);
  if (!times.psap_call_time) {
    times.psap_call_time =
        at(incident->etimes[static_cast<std::size_t>(cad::ETime::kDispatchNotified)]);
  }
  times.dispatch_notified_time =
      at(incident->etimes[static_cast<std::size_t>(cad::ETime::kDispatchNotified)]);
  times.unit_notified_by_dispatch_time = stamp(cad::ETime::kUnitNotified);
  times.unit_en_route_time = stamp(cad::ETime::kEnRoute);
  times.unit_arrived_on_scene_time = stamp(cad::ETime::kArrivedOnScene);
  times.arrived_at_patient_time = stamp(cad::ETime::kArrivedAtPatient);
  times.unit_left_scene_time = stamp(cad::ETime::kLeftScene);
  times.patient_arrived_at_destination_time = stamp(cad::ETime::kArrivedAtDestination);
  times.destination_patient_transfer_of_care_time = stamp(cad::ETime::kTransferOfCare);
  times.unit_canceled_time = stamp(cad::ETime::kCancelled);
  times.unit_back_in_service_time = stamp(cad::ETime::kBackInService);
  if (!times.unit_back_in_service_time && times.unit_canceled_time) {
    times.unit_back_in_service_time = times.unit_canceled_time;
  }
  const bool on_scene = times.unit_arrived_on_scene_time.has_value();
  const bool transported = times.unit_left_scene_time.has_value() && a.destination.has_value();
  // A unit that took a patient made contact even when the crew did not press "at patient".
  const bool contact = times.arrived_at_patient_time.has_value() || transported;
  // Elements that cannot apply to this response are Not Applicable, not Not Recorded.
  const auto not_applicable = [](nemsis::Single& e) {
    if (!e) e = Element::Missing(NotValue::kNotApplicable);
  };
  if (!on_scene) {
    not_applicable(times.unit_en_route_time);
    not_applicable(times.unit_arrived_on_scene_time);
  }
  if (!contact) not_applicable(times.arrived_at_patient_time);
  // Left for the crew when the CAD did not see it (export writes Not Recorded).
  if (!transported) {
    not_applicable(times.unit_left_scene_time);
    not_applicable(times.patient_arrived_at_destination_time);
    not_applicable(times.destination_patient_transfer_of_care_time);
  }

  // eScene: where.
  auto& scene = r.scene;
  bool first_on_scene = on_scene;
  if (on_scene) {
    const Instant mine = *Stamp(a.etimes, cad::ETime::kArrivedOnScene);
    for (std::size_t i : incident->assignments) {
      const auto other = Stamp(state.assignments()[i].etimes, cad::ETime::kArrivedOnScene);
      if (other && *other < mine) first_on_scene = false;
    }
  }
  scene.first_ems_unit_on_scene = Code(first_on_scene ? "9923003" : "9923001");
  scene.number_of_patients_at_scene = Code(contact ? "2707005" : "2707003");  // Single / None
  scene.mass_casualty_incident = Code("9923001");
  scene.incident_location_type = Element::Missing(NotValue::kNotRecorded);
  scene.scene_gps_location =
      Element::Of(fmt::format("{:.6f},{:.6f}", incident->location.lat, incident->location.lon));
  if (!incident->address.empty()) scene.incident_street_address = Element::Of(incident->address);
  scene.incident_state = Element::Of(ctx.state_code);
  scene.incident_county = Element::Of(ctx.county_code);

  // eDisposition: what the unit did and where it took the patient.
  auto& dispo = r.disposition;
  auto& outcome = dispo.incident_disposition_group;
  if (contact) {
    outcome.unit_disposition = Code("4227001");  // Patient Contact Made
    outcome.patient_evaluation_or_care = Code("4228001");
    outcome.crew_disposition = Code("4229001");  // Initiated and Continued Primary Care
    outcome.transport_disposition = Code(transported ? "4230001" : "4230013");
  } else {
    // Stood down: before arriving (Cancelled Prior to Arrival at Scene) or after (Cancelled on
    // Scene); otherwise no contact yet (No Patient Contact; the record follows the CAD).
    const bool cancelled = times.unit_canceled_time.has_value();
    outcome.unit_disposition = Code(cancelled ? (on_scene ? "4227003" : "4227005") : "4227007");
    outcome.patient_evaluation_or_care = Element::Missing(NotValue::kNotApplicable);
    outcome.crew_disposition = Code("4229011");       // Back in Service, No Care Required
    outcome.transport_disposition = Code("4230013");  // No Transport
  }
  const cad::Hospital* hospital = transported ? state.FindHospital(*a.destination) : nullptr;
  if (hospital != nullptr) {
    dispo.destination_group.destination_or_transferred_to_name = Element::Of(hospital->name);
    dispo.destination_group.destination_or_transferred_to_code = Element::Of(hospital->code);
    dispo.destination_group.destination_state = Element::Of(ctx.state_code);
    dispo.destination_group.destination_county = Element::Of(ctx.county_code);
    dispo.destination_group.destination_gps_location =
        Element::Of(fmt::format("{:.6f},{:.6f}", hospital->location.lat, hospital->location.lon));
    dispo.ems_transport_method = Code("4216005");  // Ground-Ambulance
    // How the patient was transported (lights and sirens or not) is the crew's to document.
    dispo.transport_mode_from_scene = Element::Missing(NotValue::kNotRecorded);
    dispo.type_of_destination = Code(hospital->emergency_department ? "4221003" : "4221005");
    const cad::HospitalCapabilities& c = hospital->capabilities;
    auto& designation = dispo.hospital_capability;
    static constexpr const char* kTrauma[] = {"9908021", "9908023", "9908025", "9908027"};
    if (c.trauma_adult_level >= 1 && c.trauma_adult_level <= 4) {
      designation.push_back(Code(kTrauma[c.trauma_adult_level - 1]));
    }
    if (c.pci) designation.push_back(Code("9908031"));  // Cardiac-STEMI/PCI Capable
    if (c.burn) designation.push_back(Code("9908003"));
    if (c.pediatric) designation.push_back(Code("9908011"));
    if (c.behavioral) designation.push_back(Code("9908001"));
    if (designation.empty()) designation.push_back(Code("9908007"));  // Hospital (General)
    if (!extras.destination_reason_code.empty()) {
      dispo.reason_for_choosing_destination.push_back(Element::Of(extras.destination_reason_code));
    }
  } else {
    dispo.destination_group.destination_state = Element::Missing(NotValue::kNotApplicable);
    dispo.destination_group.destination_county = Element::Missing(NotValue::kNotApplicable);
    dispo.destination_group.destination_zip_code = Element::Missing(NotValue::kNotApplicable);
    dispo.ems_transport_method = Element::Missing(NotValue::kNotApplicable);
    dispo.transport_mode_from_scene = Element::Missing(NotValue::kNotApplicable);
    dispo.type_of_destination = Element::Missing(NotValue::kNotApplicable);
    dispo.hospital_capability.push_back(Element::Missing(NotValue::kNotApplicable));
    dispo.reason_for_choosing_destination.push_back(Element::Missing(NotValue::kNotApplicable));
  }
  return r;
}

}  // namespace beacon::records
