// A patient care record started from the CAD: everything the CAD already knows about one unit's
// response to one incident is written into the NEMSIS record, so a crew never types a time or an
// address twice. eTimes come from the assignment's and the incident's stamps (with the agency's
// UTC offset in force at each instant), eDispatch from the call-taker's triage, eResponse from
// the unit, eScene from the incident's location, and eDisposition from where the unit took the
// patient. What the CAD cannot know (the patient, vitals, treatment) is left for the crew; the
// export marks it Not Recorded until they document it.
//
//   RecordContext ctx{.agency = {"MA-1234", "B001", "25"}, .agency_name = "Boston EMS",
//                     .zone = &zone, .software_version = "0.1"};
//   BEACON_ASSIGN_OR_RETURN(nemsis::PatientCareReport r,
//                           RecordFromCad(state, assignment, ctx, NewRecordUuid(rng)));
//
// Codes are from the NEMSIS v3.5.1 data dictionary (EMSDataSet_ElementEnumerations.txt).
// Thread-safety: pure functions over a state the caller does not change meanwhile.
#pragma once

#include <string>

#include "beacon/base/local_time.h"
#include "beacon/base/result.h"
#include "beacon/base/rng.h"
#include "beacon/cad/state.h"
#include "beacon/nemsis/record.h"

namespace beacon::records {

struct RecordContext {
  nemsis::Agency agency;
  std::string agency_name;                 // eResponse.02
  const TimeZone* zone = nullptr;          // the agency's local time (offsets in eTimes)
  std::string software_version = "0.1.0";  // eRecord.04
  std::string state_code = "25";           // ANSI state code of the scenes (Massachusetts)
  std::string county_code = "25025";       // ANSI county code of the scenes (Suffolk County)
  std::string cad_name = "Beacon";         // eDispatch.04
};

// What the caller knows beyond the state: the destination's reason when the dispatch rules chose
// that hospital (eDisposition.20; the crew documents any other reason: patient's choice,
// diversion ...).
struct RecordExtras {
  std::string destination_reason_code;
};

// A random (version 4) UUID for a new record: NEMSIS requires one on each PatientCareReport.
std::string NewRecordUuid(Rng& rng);

// The incident number in records (eResponse.03, at least 3 characters): "I0000123".
std::string IncidentNumber(IncidentId id);

// The record number Beacon gives a unit's response: "I0000123-A7" (incident, unit call sign).
std::string RecordNumber(const cad::CadState& state, const cad::Assignment& a);

// The record for `a` as the CAD sees it now. Errors name the incident and unit when the
// assignment's incident or unit is unknown, or the unit was never notified.
Result<nemsis::PatientCareReport> RecordFromCad(const cad::CadState& state,
                                                const cad::Assignment& a,
                                                const RecordContext& context,
                                                const std::string& uuid,
                                                const RecordExtras& extras = {});

}  // namespace beacon::records
