// Clinical QA measures from patient care records, for the medical director: cardiac arrest
// (time from patient contact to first defibrillation, ROSC), stroke (scene time, pre-arrival
// stroke alert), STEMI (12-lead ECG within 10 minutes of patient contact) and scene and response
// times by dispatch priority. Every measure lists the records it could not time and why.
//
//   std::vector<PatientCareReport> reports = ...;   // e.g. ImportXml(...)->set.headers[0].reports
//   nlohmann::json report = QaReport(reports);
//   report["cardiac_arrest"]["seconds_to_first_defibrillation"]["median"];   // 95.0, or null
//   QaMeasures m = ComputeQa(reports);                // the same numbers, typed
//
// The JSON (QaToJson), with D = {"n": int, "median": number|null, "p90": number|null} and
// X = {"count": int, "records": [{"record": eRecord.01, "reason": string}, ... at most 50]}:
//
//   {"records": N,
//    "percentiles": "nearest-rank",
//    "cardiac_arrest": {"count", "defibrillated", "seconds_to_first_defibrillation": D,
//                       "rosc", "rosc_share": number|null, "excluded": X},
//    "stroke": {"count", "scene_seconds": D, "prearrival_alert", "prearrival_alert_timed",
//               "prearrival_alert_share": number|null, "excluded": X},
//    "stemi": {"count", "with_12_lead", "evaluable", "within_10_min",
//              "share_within_10_min": number|null, "minutes_to_12_lead": D, "excluded": X},
//    "scene_time_by_priority": {
//        "groups": {"critical" | "emergent" | "lower_acuity" | "non_acute" | "unknown":
//                   {"code", "meaning", "count", "scene_seconds": D, "response_seconds": D}},
//        "excluded": X}}
//
// Shares are fractions (0..1) and null when their denominator is 0. Percentiles are nearest-rank:
// the value at 1-based rank ceil(p/100 * n) of the sorted values (so the median of an even
// count is the lower middle value). Times are read only through Element::instant(), so each
// keeps its own UTC offset; a missing, nil or unreadable time excludes the record from the timed
// part of a measure with a reason, and never aborts the report. The codes each measure uses are
// listed, with their NEMSIS v3.5.1 data dictionary meanings, in qa.cc.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

#include "beacon/nemsis/record.h"

namespace beacon::nemsis {

// The nearest-rank `percent` percentile (1..100) of `values`; nullopt when `values` is empty.
std::optional<double> NearestRankPercentile(std::vector<double> values, int percent);

// A sample summarised: its size, median and 90th percentile (nearest-rank).
struct Distribution {
  int n = 0;
  std::optional<double> median;
  std::optional<double> p90;
};

// Records left out of the timed part of a measure: how many, and the first kMaxListed of them.
struct Exclusions {
  static constexpr int kMaxListed = 50;
  struct Entry {
    std::string record;  // eRecord.01 Patient Care Report Number
    std::string reason;  // e.g. "no patient contact time (eTimes.07 nil, eTimes.06 nil)"
  };
  int count = 0;
  std::vector<Entry> records;
};

struct CardiacArrestQa {
  int count = 0;          // eArrest.01 says "Yes" (prior to or after EMS arrival)
  int defibrillated = 0;  // by this unit, through eProcedures or eDevice
  Distribution seconds_to_first_defibrillation;  // from patient contact (eTimes.07, else .06)
  int rosc = 0;                                  // any "Yes" in eArrest.12
  std::optional<double> rosc_share;              // rosc / count
  Exclusions excluded;  // defibrillated, but the interval could not be measured
};

struct StrokeQa {
  int count = 0;                   // primary impression (eSituation.11) of stroke or TIA
  Distribution scene_seconds;      // eTimes.09 - eTimes.06
  int prearrival_alert = 0;        // an eDisposition.24 "Yes-Stroke"
  int prearrival_alert_timed = 0;  // ... with a readable eDisposition.25
  std::optional<double> prearrival_alert_share;  // prearrival_alert / count
  Exclusions excluded;                           // scene time not measurable
};

struct StemiQa {
  int count = 0;          // STEMI primary impression or a STEMI rhythm in eVitals.03
  int with_12_lead = 0;   // a 12-lead (or 15/18-lead) ECG by this unit
  int evaluable = 0;      // a patient contact time, and a timed 12-lead or none at all
  int within_10_min = 0;  // first 12-lead at most 10 minutes after patient contact
  std::optional<double> share_within_10_min;  // within_10_min / evaluable
  Distribution minutes_to_12_lead;            // patient contact to first 12-lead
  Exclusions excluded;                        // not evaluable, and why
};

struct PriorityGroupQa {
  std::string key;      // "critical", "emergent", "lower_acuity", "non_acute", "unknown"
  std::string code;     // the eDispatch.05 code, "" for "unknown"
  std::string meaning;  // the code's data dictionary meaning
  int count = 0;
  Distribution scene_seconds;     // eTimes.09 - eTimes.06
  Distribution response_seconds;  // eTimes.06 - eTimes.03
};

struct SceneTimeByPriorityQa {
  std::vector<PriorityGroupQa> groups;  // always the five, in the order of `key` above
  Exclusions excluded;                  // one entry per record missing either interval
};

struct QaMeasures {
  int records = 0;
  CardiacArrestQa cardiac_arrest;
  StrokeQa stroke;
  StemiQa stemi;
  SceneTimeByPriorityQa scene_time_by_priority;
};

QaMeasures ComputeQa(const std::vector<PatientCareReport>& reports);
nlohmann::json QaToJson(const QaMeasures& measures);
// QaToJson(ComputeQa(reports)).
nlohmann::json QaReport(const std::vector<PatientCareReport>& reports);

}  // namespace beacon::nemsis
