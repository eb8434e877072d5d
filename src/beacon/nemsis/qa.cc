#include "beacon/nemsis/qa.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>
#include <utility>

#include "beacon/base/time.h"

namespace beacon::nemsis {
namespace {

// Codes, with their meanings from the NEMSIS v3.5.1 data dictionary
// (EMSDataSet_ElementEnumerations.txt) unless said otherwise.

// eArrest.01 Cardiac Arrest.
constexpr std::array<std::string_view, 2> kCardiacArrestYes = {
    "3001003",  // Yes, Prior to Any EMS Arrival (includes Transport EMS & Medical First Responders)
    "3001005",  // Yes, After Any EMS Arrival (includes Transport EMS & Medical First Responders)
};

// eArrest.12 Any Return of Spontaneous Circulation: every "Yes" ("3012001" is "No").
constexpr std::array<std::string_view, 3> kRoscYes = {
    "3012003",  // Yes, At Arrival at the ED
    "3012005",  // Yes, Prior to Arrival at the ED
    "3012007",  // Yes, Sustained for 20 consecutive minutes
};

// eProcedures.02 Procedure Performed Prior to this Unit's EMS Care, and eVitals.02 Obtained
// Prior to this Unit's EMS Care: "9923003" Yes ("9923001" No). A missing or nil value counts as
// this unit's care.
constexpr std::string_view kPriorToThisUnitYes = "9923003";

// eProcedures.03 Procedure (SNOMED CT): the defibrillation procedures accepted.
//   426220008  External ventricular defibrillation (procedure)
// Neither the NEMSIS samples nor the national schematron name a defibrillation code (their
// eProcedures.03 values carry no descriptions and "defib" appears only in eArrest rules), so the
// code is taken from SNOMED CT itself. Cardioversion codes are not defibrillation and are not
// accepted. A procedure with a Pertinent Negative (e.g. 8801023 Unable to Complete, 8801019
// Refused, 8801001 Contraindication Noted) was not performed and does not count.
constexpr std::array<std::string_view, 1> kDefibrillationProcedures = {"426220008"};

// eDevice.03 Medical Device Event Type: "4103009" Defibrillation. ("4103041" Shock Advised and
// "4103019" No Shock Advised are analyses, not shocks.)
constexpr std::string_view kDeviceDefibrillation = "4103009";

// eDisposition.24 Destination Team Pre-Arrival Alert or Activation: "4224015" Yes-Stroke.
constexpr std::string_view kStrokeAlert = "4224015";

// eVitals.04 ECG Type: the 12-lead acquisitions (15 and 18 lead ECGs include the 12 leads).
constexpr std::array<std::string_view, 4> kTwelveLeadEcg = {
    "3304007",  // 12 Lead-Left Sided (Normal)
    "3304009",  // 12 Lead-Right Sided
    "3304011",  // 15 Lead
    "3304013",  // 18 Lead
};

// eVitals.03 Cardiac Rhythm / Electrocardiography (ECG): the STEMI interpretations.
constexpr std::array<std::string_view, 5> kStemiRhythms = {
    "9901051",  // STEMI Anterior Ischemia
    "9901053",  // STEMI Inferior Ischemia
    "9901055",  // STEMI Lateral Ischemia
    "9901057",  // STEMI Posterior Ischemia
    "9901058",  // STEMI Septal Ischemia
};

// eSituation.11 Provider's Primary Impression (ICD-10-CM), compared without the dot. Stroke or
// TIA, the acute cerebrovascular events a stroke alert is for:
//   I60  Nontraumatic subarachnoid hemorrhage
//   I61  Nontraumatic intracerebral hemorrhage
//   I63  Cerebral infarction
//   G45  Transient cerebral ischemic attacks and related syndromes, except
//        G45.4 Transient global amnesia (not an ischemic event)
//   G46  Vascular syndromes of brain in cerebrovascular diseases
// Not included: I62 (other nontraumatic intracranial hemorrhage: mostly subdural and extradural
// bleeds, a neurosurgical rather than a stroke-team pathway) and I67.8x (chronic or unspecific
// cerebrovascular disease, e.g. I67.82 cerebral ischemia).
constexpr std::array<std::string_view, 5> kStrokeImpressions = {"I60", "I61", "I63", "G45", "G46"};
constexpr std::array<std::string_view, 1> kStrokeImpressionsExcluded = {"G454"};

// eSituation.11 ICD-10-CM STEMI impressions. I21.x and I22.x also hold non-STEMI infarctions,
// which are left out: I21.4 NSTEMI, I21.9 acute MI unspecified, I21.A1 MI type 2, I21.A9 other
// MI type, I22.2 subsequent NSTEMI.
//   I21.0x STEMI of anterior wall, I21.1x STEMI of inferior wall, I21.2x STEMI of other sites,
//   I21.3 STEMI of unspecified site, I22.0 subsequent STEMI of anterior wall, I22.1 subsequent
//   STEMI of inferior wall, I22.8 subsequent STEMI of other sites, I22.9 subsequent STEMI of
//   unspecified site.
constexpr std::array<std::string_view, 8> kStemiImpressions = {"I210", "I211", "I212", "I213",
                                                               "I220", "I221", "I228", "I229"};

// eDispatch.05 Dispatch Priority (Patient Acuity), as report keys.
struct Priority {
  std::string_view key;
  std::string_view code;
  std::string_view meaning;
};
constexpr std::array<Priority, 5> kPriorities = {{
    {"critical", "2305001", "Critical"},
    {"emergent", "2305003", "Emergent"},
    {"lower_acuity", "2305005", "Lower Acuity"},
    {"non_acute", "2305007", "Non-Acute [e.g., Scheduled Transfer  or Standby]"},
    {"unknown", "", "no eDispatch.05, nil, or an unknown code"},
}};

constexpr Milliseconds kTwelveLeadTarget = Minutes{10};
constexpr std::string_view kSceneTime = "scene time";
constexpr std::string_view kLeftBeforeArriving =
    "left scene before arriving (eTimes.09 < eTimes.06)";

template <std::size_t N>
bool OneOf(const std::array<std::string_view, N>& codes, std::string_view value) {
  return std::find(codes.begin(), codes.end(), value) != codes.end();
}

template <std::size_t N>
bool OneOf(const std::array<std::string_view, N>& codes, const Single& e) {
  const auto v = ValueOf(e);
  return v.has_value() && OneOf(codes, *v);
}

template <std::size_t N>
bool AnyOf(const std::array<std::string_view, N>& codes, const Repeated& e) {
  return std::any_of(codes.begin(), codes.end(),
                     [&](std::string_view c) { return Contains(e, c); });
}

// "I63.9" -> "I639"; "i21.09" -> "I2109".
std::string IcdKey(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '.' || c == ' ') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

template <std::size_t N>
bool HasPrefix(const std::array<std::string_view, N>& prefixes, std::string_view key) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](std::string_view p) { return key.starts_with(p); });
}

bool IsStrokeImpression(const Single& e) {
  const auto v = ValueOf(e);
  if (!v) return false;
  const std::string key = IcdKey(*v);
  return HasPrefix(kStrokeImpressions, key) && !HasPrefix(kStrokeImpressionsExcluded, key);
}

bool IsStemiImpression(const Single& e) {
  const auto v = ValueOf(e);
  return v.has_value() && HasPrefix(kStemiImpressions, IcdKey(*v));
}

// A date-time element read, or why it could not be ("eTimes.06 nil").
struct TimeRead {
  std::optional<Instant> at;
  std::string why;
};

TimeRead ReadTime(const Single& e, std::string_view element) {
  if (!e.has_value()) return {std::nullopt, fmt::format("{} missing", element)};
  if (e->nil) return {std::nullopt, fmt::format("{} nil", element)};
  Result<Instant> t = e->instant();
  if (!t.ok()) return {std::nullopt, fmt::format("{} unreadable", element)};
  return {*t, ""};
}

// Patient contact: eTimes.07 Arrived at Patient, else eTimes.06 Unit Arrived on Scene.
TimeRead PatientContact(const PatientCareReport& r) {
  TimeRead at_patient = ReadTime(r.times.arrived_at_patient_time, "eTimes.07");
  if (at_patient.at) return at_patient;
  TimeRead on_scene = ReadTime(r.times.unit_arrived_on_scene_time, "eTimes.06");
  if (on_scene.at) return on_scene;
  return {std::nullopt,
          fmt::format("no patient contact time ({}, {})", at_patient.why, on_scene.why)};
}

// The earliest of several timed events, remembering whether any was seen and why a time was
// unreadable.
struct FirstEvent {
  bool seen = false;
  std::optional<Instant> at;
  std::string why;

  void Add(const TimeRead& t) {
    seen = true;
    if (t.at) {
      if (!at || *t.at < *at) at = t.at;
    } else if (why.empty()) {
      why = t.why;
    }
  }
};

double ToSeconds(Milliseconds d) { return ToSecondsF(d); }

Distribution Summarize(const std::vector<double>& values) {
  Distribution d;
  d.n = static_cast<int>(values.size());
  d.median = NearestRankPercentile(values, 50);
  d.p90 = NearestRankPercentile(values, 90);
  return d;
}

std::optional<double> Share(int part, int whole) {
  if (whole <= 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

void Exclude(Exclusions& x, std::string record, std::string reason) {
  ++x.count;
  if (x.records.size() < static_cast<std::size_t>(Exclusions::kMaxListed)) {
    x.records.push_back({std::move(record), std::move(reason)});
  }
}

std::string RecordId(const PatientCareReport& r, std::size_t index) {
  if (const auto v = ValueOf(r.record.patient_care_report_number); v && !v->empty()) {
    return std::string(*v);
  }
  return fmt::format("(report {} without eRecord.01)", index + 1);
}

// An interval `from` -> `to`, or why it cannot be measured: "no scene time (eTimes.09 nil)", or
// `backwards` when `to` is before `from`.
struct Interval {
  std::optional<Milliseconds> length;
  std::string why;
};

Interval Measure(const TimeRead& from, const TimeRead& to, std::string_view what,
                 std::string_view backwards) {
  if (!from.at || !to.at) {
    std::string missing;
    for (const TimeRead* t : {&from, &to}) {
      if (t->at) continue;
      if (!missing.empty()) missing += ", ";
      missing += t->why;
    }
    return {std::nullopt, fmt::format("no {} ({})", what, missing)};
  }
  if (*to.at < *from.at) return {std::nullopt, std::string(backwards)};
  return {*to.at - *from.at, ""};
}

void ArrestMeasure(const PatientCareReport& r, const std::string& id, CardiacArrestQa& qa,
                   std::vector<double>& seconds) {
  if (!OneOf(kCardiacArrestYes, r.arrest.cardiac_arrest)) return;
  ++qa.count;
  if (AnyOf(kRoscYes, r.arrest.any_return_of_spontaneous_circulation)) ++qa.rosc;

  FirstEvent defib;
  for (const ProceduresProcedure& p : r.procedures.procedure_group) {
    if (!p.procedure || p.procedure->negative) continue;
    if (!OneOf(kDefibrillationProcedures, p.procedure)) continue;
    if (ValueOf(p.procedure_performed_prior_to_this_unit_s_ems_care) == kPriorToThisUnitYes) {
      continue;
    }
    defib.Add(ReadTime(p.time_procedure_performed, "eProcedures.01"));
  }
  if (r.device) {
    for (const DeviceDevice& d : r.device->device_group) {
      if (!Contains(d.medical_device_event_type, kDeviceDefibrillation)) continue;
      defib.Add(ReadTime(d.time_of_event_per_medical_device, "eDevice.02"));
    }
  }
  if (!defib.seen) return;
  ++qa.defibrillated;

  const TimeRead contact = PatientContact(r);
  if (!contact.at) {
    Exclude(qa.excluded, id, contact.why);
  } else if (!defib.at) {
    Exclude(qa.excluded, id, fmt::format("no readable defibrillation time ({})", defib.why));
  } else if (*defib.at < *contact.at) {
    Exclude(qa.excluded, id, "first defibrillation before patient contact");
  } else {
    seconds.push_back(ToSeconds(*defib.at - *contact.at));
  }
}

void StrokeMeasure(const PatientCareReport& r, const std::string& id, StrokeQa& qa,
                   std::vector<double>& seconds) {
  if (!IsStrokeImpression(r.situation.provider_s_primary_impression)) return;
  ++qa.count;
  bool alert = false;
  bool timed = false;
  for (const DispositionHospitalTeamActivation& a : r.disposition.hospital_team_activation_group) {
    if (ValueOf(a.destination_team_pre_arrival_alert_or_activation) != kStrokeAlert) continue;
    alert = true;
    if (ReadTime(a.time_of_destination_prearrival_alert_or_activation, "eDisposition.25").at) {
      timed = true;
    }
  }
  qa.prearrival_alert += alert ? 1 : 0;
  qa.prearrival_alert_timed += timed ? 1 : 0;

  const Interval scene =
      Measure(ReadTime(r.times.unit_arrived_on_scene_time, "eTimes.06"),
              ReadTime(r.times.unit_left_scene_time, "eTimes.09"), kSceneTime, kLeftBeforeArriving);
  if (scene.length) {
    seconds.push_back(ToSeconds(*scene.length));
  } else {
    Exclude(qa.excluded, id, scene.why);
  }
}

void StemiMeasure(const PatientCareReport& r, const std::string& id, StemiQa& qa,
                  std::vector<double>& minutes) {
  bool stemi = IsStemiImpression(r.situation.provider_s_primary_impression);
  FirstEvent twelve_lead;
  for (const VitalsVital& v : r.vitals.vital_group) {
    const Repeated& rhythm = v.cardiac_rhythm_group.cardiac_rhythm_or_electrocardiography_ecg;
    stemi = stemi || AnyOf(kStemiRhythms, rhythm);
    if (!OneOf(kTwelveLeadEcg, v.cardiac_rhythm_group.ecg_type)) continue;
    if (ValueOf(v.obtained_prior_to_this_unit_s_ems_care) == kPriorToThisUnitYes) continue;
    // eVitals.03 nil with a Pertinent Negative (Unable to Complete, Refused): no ECG was taken.
    const bool refused =
        !rhythm.empty() && std::all_of(rhythm.begin(), rhythm.end(),
                                       [](const Element& e) { return e.negative.has_value(); });
    if (refused) continue;
    twelve_lead.Add(ReadTime(v.time_vital_signs_taken, "eVitals.01"));
  }
  if (!stemi) return;
  ++qa.count;
  qa.with_12_lead += twelve_lead.seen ? 1 : 0;

  const TimeRead contact = PatientContact(r);
  if (!contact.at) {
    Exclude(qa.excluded, id, contact.why);
    return;
  }
  if (!twelve_lead.seen) {
    ++qa.evaluable;  // no 12-lead: evaluable, and not within 10 minutes
    return;
  }
  if (!twelve_lead.at) {
    Exclude(qa.excluded, id, fmt::format("no readable 12-lead time ({})", twelve_lead.why));
    return;
  }
  if (*twelve_lead.at < *contact.at) {
    Exclude(qa.excluded, id, "first 12-lead before patient contact");
    return;
  }
  ++qa.evaluable;
  const Milliseconds d = *twelve_lead.at - *contact.at;
  qa.within_10_min += d <= kTwelveLeadTarget ? 1 : 0;
  minutes.push_back(ToSeconds(d) / 60.0);
}

std::size_t PriorityIndex(const Single& e) {
  const auto v = ValueOf(e);
  for (std::size_t i = 0; i + 1 < kPriorities.size(); ++i) {
    if (v == kPriorities[i].code) return i;
  }
  return kPriorities.size() - 1;
}

struct PrioritySamples {
  std::vector<double> scene;
  std::vector<double> response;
};

void PriorityMeasure(const PatientCareReport& r, const std::string& id, SceneTimeByPriorityQa& qa,
                     std::vector<PrioritySamples>& samples) {
  const std::size_t g = PriorityIndex(r.dispatch.dispatch_priority_patient_acuity);
  ++qa.groups[g].count;
  const TimeRead notified = ReadTime(r.times.unit_notified_by_dispatch_time, "eTimes.03");
  const TimeRead on_scene = ReadTime(r.times.unit_arrived_on_scene_time, "eTimes.06");
  const TimeRead left = ReadTime(r.times.unit_left_scene_time, "eTimes.09");
  const Interval scene = Measure(on_scene, left, kSceneTime, kLeftBeforeArriving);
  const Interval response = Measure(notified, on_scene, "response time",
                                    "arrived before notified (eTimes.06 < eTimes.03)");
  std::string why;
  if (scene.length) {
    samples[g].scene.push_back(ToSeconds(*scene.length));
  } else {
    why = scene.why;
  }
  if (response.length) {
    samples[g].response.push_back(ToSeconds(*response.length));
  } else {
    why += (why.empty() ? "" : "; ") + response.why;
  }
  if (!why.empty()) Exclude(qa.excluded, id, std::move(why));
}

nlohmann::json OrNull(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json ToJson(const Distribution& d) {
  return {{"n", d.n}, {"median", OrNull(d.median)}, {"p90", OrNull(d.p90)}};
}

nlohmann::json ToJson(const Exclusions& x) {
  nlohmann::json records = nlohmann::json::array();
  for (const Exclusions::Entry& e : x.records) {
    records.push_back({{"record", e.record}, {"reason", e.reason}});
  }
  return {{"count", x.count}, {"records", std::move(records)}};
}

}  // namespace

std::optional<double> NearestRankPercentile(std::vector<double> values, int percent) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  const std::size_t p = static_cast<std::size_t>(std::clamp(percent, 1, 100));
  // ceil(p * n / 100) in integers (0.9 * 10 in floating point is 9.000000000000002).
  const std::size_t rank = std::max<std::size_t>(1, (p * n + 99) / 100);
  return values[rank - 1];
}

QaMeasures ComputeQa(const std::vector<PatientCareReport>& reports) {
  QaMeasures m;
  m.records = static_cast<int>(reports.size());
  for (const Priority& p : kPriorities) {
    PriorityGroupQa g;
    g.key = p.key;
    g.code = p.code;
    g.meaning = p.meaning;
    m.scene_time_by_priority.groups.push_back(std::move(g));
  }
  std::vector<double> defib_seconds;
  std::vector<double> stroke_scene_seconds;
  std::vector<double> stemi_minutes;
  std::vector<PrioritySamples> priority_samples(kPriorities.size());
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const PatientCareReport& r = reports[i];
    const std::string id = RecordId(r, i);
    ArrestMeasure(r, id, m.cardiac_arrest, defib_seconds);
    StrokeMeasure(r, id, m.stroke, stroke_scene_seconds);
    StemiMeasure(r, id, m.stemi, stemi_minutes);
    PriorityMeasure(r, id, m.scene_time_by_priority, priority_samples);
  }
  m.cardiac_arrest.seconds_to_first_defibrillation = Summarize(defib_seconds);
  m.cardiac_arrest.rosc_share = Share(m.cardiac_arrest.rosc, m.cardiac_arrest.count);
  m.stroke.scene_seconds = Summarize(stroke_scene_seconds);
  m.stroke.prearrival_alert_share = Share(m.stroke.prearrival_alert, m.stroke.count);
  m.stemi.minutes_to_12_lead = Summarize(stemi_minutes);
  m.stemi.share_within_10_min = Share(m.stemi.within_10_min, m.stemi.evaluable);
  for (std::size_t g = 0; g < kPriorities.size(); ++g) {
    m.scene_time_by_priority.groups[g].scene_seconds = Summarize(priority_samples[g].scene);
    m.scene_time_by_priority.groups[g].response_seconds = Summarize(priority_samples[g].response);
  }
  return m;
}

nlohmann::json QaToJson(const QaMeasures& m) {
  const CardiacArrestQa& a = m.cardiac_arrest;
  const StrokeQa& s = m.stroke;
  const StemiQa& t = m.stemi;
  nlohmann::json groups = nlohmann::json::object();
  for (const PriorityGroupQa& g : m.scene_time_by_priority.groups) {
    groups[g.key] = {{"code", g.code},
                     {"meaning", g.meaning},
                     {"count", g.count},
                     {"scene_seconds", ToJson(g.scene_seconds)},
                     {"response_seconds", ToJson(g.response_seconds)}};
  }
  return {
      {"records", m.records},
      {"percentiles", "nearest-rank"},
      {"cardiac_arrest",
       {{"count", a.count},
        {"defibrillated", a.defibrillated},
        {"seconds_to_first_defibrillation", ToJson(a.seconds_to_first_defibrillation)},
        {"rosc", a.rosc},
        {"rosc_share", OrNull(a.rosc_share)},
        {"excluded", ToJson(a.excluded)}}},
      {"stroke",
       {{"count", s.count},
        {"scene_seconds", ToJson(s.scene_seconds)},
        {"prearrival_alert", s.prearrival_alert},
        {"prearrival_alert_timed", s.prearrival_alert_timed},
        {"prearrival_alert_share", OrNull(s.prearrival_alert_share)},
        {"excluded", ToJson(s.excluded)}}},
      {"stemi",
       {{"count", t.count},
        {"with_12_lead", t.with_12_lead},
        {"evaluable", t.evaluable},
        {"within_10_min", t.within_10_min},
        {"share_within_10_min", OrNull(t.share_within_10_min)},
        {"minutes_to_12_lead", ToJson(t.minutes_to_12_lead)},
        {"excluded", ToJson(t.excluded)}}},
      {"scene_time_by_priority",
       {{"groups", std::move(groups)}, {"excluded", ToJson(m.scene_time_by_priority.excluded)}}},
  };
}

nlohmann::json QaReport(const std::vector<PatientCareReport>& reports) {
  return QaToJson(ComputeQa(reports));
}

}  // namespace beacon::nemsis
