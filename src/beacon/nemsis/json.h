// A patient care report as JSON, for the API and the command line: sections and groups are
// objects keyed by their NEMSIS names, repeating elements and groups are arrays, and an element
// is its value as a string, or an object when it carries more than a value:
//
//   {"attributes": {"UUID": "…"},
//    "eTimes": {"eTimes.03": "2026-12-03T08:15:02-05:00",
//               "eTimes.07": {"nil": true, "nv": "7701003"}},
//    "eMedications": {"eMedications.MedicationGroup": [
//        {"eMedications.03": {"value": "7806", "attributes": {"CodeType": "9924003"}}}]}}
//
// Reading is strict: a key that is not an element or group of its section, a value of the wrong
// JSON type, a Not Value or Pertinent Negative code that does not exist, all give an error
// naming the path (eVitals/eVitals.VitalGroup[2]/eVitals.06). Writing then reading gives the same
// report. Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "beacon/base/result.h"
#include "beacon/nemsis/record.h"

namespace beacon::nemsis {

nlohmann::json ToJson(const PatientCareReport& r);
Result<PatientCareReport> FromJson(const nlohmann::json& j);

}  // namespace beacon::nemsis
