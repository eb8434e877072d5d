#include "beacon/nemsis/qa.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "beacon/nemsis/testing.h"
#include "beacon/nemsis/xml.h"

namespace beacon::nemsis {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::Optional;

using testing::Nemsis;
using testing::Read;

// Codes from the NEMSIS v3.5.1 data dictionary, spelled out so the tests read as the standard.
constexpr const char* kArrestNo = "3001001";          // eArrest.01 No
constexpr const char* kArrestBeforeEms = "3001003";   // eArrest.01 Yes, Prior to Any EMS Arrival
constexpr const char* kArrestAfterEms = "3001005";    // eArrest.01 Yes, After Any EMS Arrival
constexpr const char* kRoscNo = "3012001";            // eArrest.12 No
constexpr const char* kRoscAtEd = "3012003";          // eArrest.12 Yes, At Arrival at the ED
constexpr const char* kRoscBeforeEd = "3012005";      // eArrest.12 Yes, Prior to Arrival at the ED
constexpr const char* kNo = "9923001";                // eProcedures.02 / eVitals.02 No
constexpr const char* kYes = "9923003";               // eProcedures.02 / eVitals.02 Yes
constexpr const char* kDefibProcedure = "426220008";  // SNOMED External ventricular defibrillation
constexpr const char* kDeviceDefib = "4103009";       // eDevice.03 Defibrillation
constexpr const char* kDeviceShockAdvised = "4103041";  // eDevice.03 Shock Advised
constexpr const char* kStrokeAlert = "4224015";         // eDisposition.24 Yes-Stroke
constexpr const char* kStemiAlert = "4224013";          // eDisposition.24 Yes-STEMI
constexpr const char* kTwelveLeadLeft = "3304007";      // eVitals.04 12 Lead-Left Sided (Normal)
constexpr const char* kTwelveLeadRight = "3304009";     // eVitals.04 12 Lead-Right Sided
constexpr const char* kFourLead = "3304003";            // eVitals.04 4 Lead
constexpr const char* kStemiInferior = "9901053";       // eVitals.03 STEMI Inferior Ischemia
constexpr const char* kCritical = "2305001";            // eDispatch.05 Critical
constexpr const char* kEmergent = "2305003";            // eDispatch.05 Emergent

PatientCareReport Report(std::string id) {
  PatientCareReport r;
  r.record.patient_care_report_number = Element::Of(std::move(id));
  return r;
}

Element At(std::string time) { return Element::Of(std::move(time)); }
Element Nil() { return Element::Missing(NotValue::kNotRecorded); }

ProceduresProcedure Procedure(std::string code, std::string time, const char* prior = kNo) {
  ProceduresProcedure p;
  p.procedure = Element::Of(std::move(code));
  p.time_procedure_performed = At(std::move(time));
  p.procedure_performed_prior_to_this_unit_s_ems_care = Element::Of(prior);
  return p;
}

DeviceDevice DeviceEvent(std::string time, std::vector<std::string> types) {
  DeviceDevice d;
  d.time_of_event_per_medical_device = At(std::move(time));
  for (std::string& t : types) d.medical_device_event_type.push_back(Element::Of(std::move(t)));
  return d;
}

VitalsVital Ecg(std::string time, const char* type, std::vector<std::string> rhythms = {}) {
  VitalsVital v;
  v.time_vital_signs_taken = At(std::move(time));
  v.obtained_prior_to_this_unit_s_ems_care = Element::Of(kNo);
  v.cardiac_rhythm_group.ecg_type = Element::Of(type);
  for (std::string& r : rhythms) {
    v.cardiac_rhythm_group.cardiac_rhythm_or_electrocardiography_ecg.push_back(
        Element::Of(std::move(r)));
  }
  return v;
}

DispositionHospitalTeamActivation Alert(const char* code, Element time) {
  DispositionHospitalTeamActivation a;
  a.destination_team_pre_arrival_alert_or_activation = Element::Of(code);
  a.time_of_destination_prearrival_alert_or_activation = std::move(time);
  return a;
}

auto Excluded(const std::string& record, const std::string& reason) {
  return AllOf(Field(&Exclusions::Entry::record, record),
               Field(&Exclusions::Entry::reason, reason));
}

TEST(NearestRankPercentile, IsTheValueAtRankCeilingOfPTimesN) {
  EXPECT_EQ(NearestRankPercentile({}, 50), std::nullopt);
  EXPECT_THAT(NearestRankPercentile({7}, 90), Optional(7.0));
  const std::vector<double> ten = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  EXPECT_THAT(NearestRankPercentile(ten, 50), Optional(5.0));  // rank 5
  EXPECT_THAT(NearestRankPercentile(ten, 90), Optional(9.0));  // rank 9, not 10
  EXPECT_THAT(NearestRankPercentile(ten, 100), Optional(10.0));
  EXPECT_THAT(NearestRankPercentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 90),
              Optional(10.0));                                          // ceil(9.9) = 10
  EXPECT_THAT(NearestRankPercentile({300, 100}, 50), Optional(100.0));  // the lower middle
}

// Three arrests: one shocked 95 s after contact (procedure), one shocked through the monitor
// (eDevice) 120 s after contact (on-scene time, as eTimes.07 is nil), one never shocked.
TEST(QaCardiacArrest, TimeToFirstDefibrillationFromProceduresAndDeviceEvents) {
  std::vector<PatientCareReport> reports;

  PatientCareReport a = Report("ARREST-1");
  a.arrest.cardiac_arrest = Element::Of(kArrestBeforeEms);
  a.arrest.any_return_of_spontaneous_circulation = {Element::Of(kRoscBeforeEd)};
  a.times.unit_arrived_on_scene_time = At("2026-03-01T09:58:00-05:00");
  a.times.arrived_at_patient_time = At("2026-03-01T10:00:00-05:00");
  a.procedures.procedure_group = {
      // A bystander's shock before this unit's care, and one this crew could not deliver.
      Procedure(kDefibProcedure, "2026-03-01T09:55:00-05:00", kYes),
      Procedure(kDefibProcedure, "2026-03-01T10:00:30-05:00"),
      Procedure("89666000", "2026-03-01T10:00:10-05:00"),  // not a defibrillation code
      Procedure(kDefibProcedure, "2026-03-01T10:02:00-05:00"),
      Procedure(kDefibProcedure, "2026-03-01T10:01:35-05:00"),
  };
  a.procedures.procedure_group[1].procedure->negative = PertinentNegative::kUnableToComplete;
  reports.push_back(a);

  PatientCareReport b = Report("ARREST-2");
  b.arrest.cardiac_arrest = Element::Of(kArrestAfterEms);
  b.arrest.any_return_of_spontaneous_circulation = {Element::Of(kRoscNo)};
  b.times.unit_arrived_on_scene_time = At("2026-03-01T15:00:00Z");
  b.times.arrived_at_patient_time = Nil();
  b.device = Device{};
  b.device->device_group = {
      DeviceEvent("2026-03-01T15:01:00Z", {kDeviceShockAdvised}),
      DeviceEvent("2026-03-01T11:02:00-04:00", {"4103011", kDeviceDefib}),  // 15:02:00Z
      DeviceEvent("2026-03-01T15:03:00Z", {kDeviceDefib}),
  };
  reports.push_back(b);

  PatientCareReport c = Report("ARREST-3");
  c.arrest.cardiac_arrest = Element::Of(kArrestBeforeEms);
  c.arrest.any_return_of_spontaneous_circulation = {Element::Of(kRoscAtEd)};
  c.times.arrived_at_patient_time = At("2026-03-01T20:00:00Z");
  c.procedures.procedure_group = {Procedure("89666000", "2026-03-01T20:00:30Z")};
  reports.push_back(c);

  PatientCareReport not_arrest = Report("NOT-ARREST");  // a shock here is not an arrest measure
  not_arrest.arrest.cardiac_arrest = Element::Of(kArrestNo);
  not_arrest.times.arrived_at_patient_time = At("2026-03-01T21:00:00Z");
  not_arrest.procedures.procedure_group = {Procedure(kDefibProcedure, "2026-03-01T21:00:05Z")};
  reports.push_back(not_arrest);

  const CardiacArrestQa qa = ComputeQa(reports).cardiac_arrest;
  EXPECT_EQ(qa.count, 3);
  EXPECT_EQ(qa.defibrillated, 2);
  EXPECT_EQ(qa.seconds_to_first_defibrillation.n, 2);
  EXPECT_THAT(qa.seconds_to_first_defibrillation.median, Optional(95.0));
  EXPECT_THAT(qa.seconds_to_first_defibrillation.p90, Optional(120.0));
  EXPECT_EQ(qa.rosc, 2);
  EXPECT_THAT(qa.rosc_share, Optional(2.0 / 3.0));
  EXPECT_EQ(qa.excluded.count, 0);

  const nlohmann::json j = QaReport(reports)["cardiac_arrest"];
  EXPECT_EQ(j["count"], 3);
  EXPECT_EQ(j["defibrillated"], 2);
  EXPECT_EQ(j["seconds_to_first_defibrillation"],
            (nlohmann::json{{"n", 2}, {"median", 95.0}, {"p90", 120.0}}));
  EXPECT_EQ(j["rosc"], 2);
  EXPECT_DOUBLE_EQ(j["rosc_share"].get<double>(), 2.0 / 3.0);
  EXPECT_EQ(j["excluded"], (nlohmann::json{{"count", 0}, {"records", nlohmann::json::array()}}));
}

TEST(QaCardiacArrest, NilOrUnreadableTimesExcludeTheRecordWithAReason) {
  PatientCareReport no_contact = Report("ARREST-NIL");
  no_contact.arrest.cardiac_arrest = Element::Of(kArrestAfterEms);
  no_contact.times.arrived_at_patient_time = Nil();
  no_contact.times.unit_arrived_on_scene_time = Nil();
  no_contact.procedures.procedure_group = {Procedure(kDefibProcedure, "2026-03-01T10:01:35Z")};

  PatientCareReport no_shock_time = Report("ARREST-BADTIME");
  no_shock_time.arrest.cardiac_arrest = Element::Of(kArrestAfterEms);
  no_shock_time.times.arrived_at_patient_time = At("2026-03-01T10:00:00Z");
  no_shock_time.procedures.procedure_group = {Procedure(kDefibProcedure, "10:01 yesterday")};

  PatientCareReport early = Report("ARREST-EARLY");
  early.arrest.cardiac_arrest = Element::Of(kArrestAfterEms);
  early.times.arrived_at_patient_time = At("2026-03-01T10:00:00-05:00");
  early.procedures.procedure_group = {Procedure(kDefibProcedure, "2026-03-01T14:59:00Z")};

  const CardiacArrestQa qa = ComputeQa({no_contact, no_shock_time, early}).cardiac_arrest;
  EXPECT_EQ(qa.count, 3);
  EXPECT_EQ(qa.defibrillated, 3);
  EXPECT_EQ(qa.seconds_to_first_defibrillation.n, 0);
  EXPECT_EQ(qa.seconds_to_first_defibrillation.median, std::nullopt);
  EXPECT_EQ(qa.excluded.count, 3);
  EXPECT_THAT(
      qa.excluded.records,
      ElementsAre(
          Excluded("ARREST-NIL", "no patient contact time (eTimes.07 nil, eTimes.06 nil)"),
          Excluded("ARREST-BADTIME", "no readable defibrillation time (eProcedures.01 unreadable)"),
          Excluded("ARREST-EARLY", "first defibrillation before patient contact")));
}

TEST(QaStroke, SceneTimeAndPrearrivalStrokeAlertShare) {
  PatientCareReport alerted = Report("STROKE-1");
  alerted.situation.provider_s_primary_impression = Element::Of("I63.9");
  alerted.times.unit_arrived_on_scene_time = At("2026-05-04T08:00:00-04:00");
  alerted.times.unit_left_scene_time = At("2026-05-04T08:14:00-04:00");  // 840 s
  alerted.disposition.hospital_team_activation_group = {
      Alert(kStrokeAlert, At("2026-05-04T08:10:00-04:00"))};

  PatientCareReport not_alerted = Report("STROKE-2");
  not_alerted.situation.provider_s_primary_impression = Element::Of("G45.9");
  not_alerted.times.unit_arrived_on_scene_time = At("2026-05-04T12:00:00Z");
  not_alerted.times.unit_left_scene_time = At("2026-05-04T08:20:00-04:00");  // 12:20Z: 1200 s
  not_alerted.disposition.hospital_team_activation_group = {Alert(kStemiAlert, Nil())};

  PatientCareReport alert_without_time = Report("STROKE-3");
  alert_without_time.situation.provider_s_primary_impression = Element::Of("I61.0");
  alert_without_time.times.unit_arrived_on_scene_time = At("2026-05-04T13:00:00Z");
  alert_without_time.times.unit_left_scene_time = Nil();
  alert_without_time.disposition.hospital_team_activation_group = {Alert(kStrokeAlert, Nil())};

  // Not stroke or TIA: transient global amnesia, a subdural bleed, a migraine.
  std::vector<PatientCareReport> reports = {alerted, not_alerted, alert_without_time};
  for (const char* code : {"G45.4", "I62.00", "G43.909"}) {
    PatientCareReport other = Report(code);
    other.situation.provider_s_primary_impression = Element::Of(code);
    other.disposition.hospital_team_activation_group = {Alert(kStrokeAlert, Nil())};
    reports.push_back(other);
  }

  const StrokeQa qa = ComputeQa(reports).stroke;
  EXPECT_EQ(qa.count, 3);
  EXPECT_EQ(qa.scene_seconds.n, 2);
  EXPECT_THAT(qa.scene_seconds.median, Optional(840.0));
  EXPECT_THAT(qa.scene_seconds.p90, Optional(1200.0));
  EXPECT_EQ(qa.prearrival_alert, 2);
  EXPECT_EQ(qa.prearrival_alert_timed, 1);
  EXPECT_THAT(qa.prearrival_alert_share, Optional(2.0 / 3.0));
  EXPECT_EQ(qa.excluded.count, 1);
  EXPECT_THAT(qa.excluded.records,
              ElementsAre(Excluded("STROKE-3", "no scene time (eTimes.09 nil)")));
}

TEST(QaStemi, TwelveLeadWithinTenMinutesOfPatientContact) {
  PatientCareReport at_8 = Report("STEMI-8");
  at_8.situation.provider_s_primary_impression = Element::Of("I21.09");
  at_8.times.arrived_at_patient_time = At("2026-07-10T10:00:00-04:00");
  at_8.vitals.vital_group = {
      Ecg("2026-07-10T10:15:00-04:00", kTwelveLeadLeft),
      Ecg("2026-07-10T10:01:00-04:00", kFourLead),   // not a 12-lead
      Ecg("2026-07-10T14:08:00Z", kTwelveLeadLeft),  // 10:08-04:00: 8 min
  };
  // A 12-lead the first responders took before this unit's care does not count.
  at_8.vitals.vital_group.push_back(Ecg("2026-07-10T09:58:00-04:00", kTwelveLeadLeft));
  at_8.vitals.vital_group.back().obtained_prior_to_this_unit_s_ems_care = Element::Of(kYes);

  // Chest pain impression, STEMI on the 12-lead, 12 minutes after contact.
  PatientCareReport at_12 = Report("STEMI-12");
  at_12.situation.provider_s_primary_impression = Element::Of("R07.9");
  at_12.times.arrived_at_patient_time = At("2026-07-10T16:00:00Z");
  at_12.vitals.vital_group = {Ecg("2026-07-10T11:12:00-05:00", kTwelveLeadRight, {kStemiInferior})};

  // STEMI, no 12-lead at all: evaluable, and not within 10 minutes.
  PatientCareReport none = Report("STEMI-NONE");
  none.situation.provider_s_primary_impression = Element::Of("I22.1");
  none.times.arrived_at_patient_time = At("2026-07-10T18:00:00Z");

  // STEMI with nil contact times: excluded.
  PatientCareReport nil = Report("STEMI-NIL");
  nil.situation.provider_s_primary_impression = Element::Of("I21.3");
  nil.times.arrived_at_patient_time = Nil();
  nil.vitals.vital_group = {Ecg("2026-07-10T19:05:00Z", kTwelveLeadLeft)};

  // Not STEMI: NSTEMI (I21.4), type 2 MI (I21.A1), subsequent NSTEMI (I22.2).
  std::vector<PatientCareReport> reports = {at_8, at_12, none, nil};
  for (const char* code : {"I21.4", "I21.A1", "I22.2"}) {
    PatientCareReport other = Report(code);
    other.situation.provider_s_primary_impression = Element::Of(code);
    other.times.arrived_at_patient_time = At("2026-07-10T20:00:00Z");
    other.vitals.vital_group = {Ecg("2026-07-10T20:03:00Z", kTwelveLeadLeft)};
    reports.push_back(other);
  }

  const StemiQa qa = ComputeQa(reports).stemi;
  EXPECT_EQ(qa.count, 4);
  EXPECT_EQ(qa.with_12_lead, 3);
  EXPECT_EQ(qa.evaluable, 3);
  EXPECT_EQ(qa.within_10_min, 1);
  EXPECT_THAT(qa.share_within_10_min, Optional(1.0 / 3.0));
  EXPECT_EQ(qa.minutes_to_12_lead.n, 2);
  EXPECT_THAT(qa.minutes_to_12_lead.median, Optional(8.0));
  EXPECT_THAT(qa.minutes_to_12_lead.p90, Optional(12.0));
  EXPECT_THAT(qa.excluded.records,
              ElementsAre(Excluded("STEMI-NIL",
                                   "no patient contact time (eTimes.07 nil, eTimes.06 missing)")));
}

TEST(QaStemi, TenMinutesExactlyIsWithinAndARefusedEcgIsNone) {
  PatientCareReport ten = Report("TEN");
  ten.situation.provider_s_primary_impression = Element::Of("I21.19");
  ten.times.arrived_at_patient_time = At("2026-07-10T10:00:00Z");
  ten.vitals.vital_group = {Ecg("2026-07-10T10:10:00Z", kTwelveLeadLeft)};

  PatientCareReport refused = Report("REFUSED");
  refused.situation.provider_s_primary_impression = Element::Of("I21.19");
  refused.times.arrived_at_patient_time = At("2026-07-10T10:00:00Z");
  refused.vitals.vital_group = {Ecg("2026-07-10T10:02:00Z", kTwelveLeadLeft)};
  refused.vitals.vital_group[0].cardiac_rhythm_group.cardiac_rhythm_or_electrocardiography_ecg = {
      Element::Negative(PertinentNegative::kRefused)};

  const StemiQa qa = ComputeQa({ten, refused}).stemi;
  EXPECT_EQ(qa.count, 2);
  EXPECT_EQ(qa.with_12_lead, 1);
  EXPECT_EQ(qa.evaluable, 2);
  EXPECT_EQ(qa.within_10_min, 1);
  EXPECT_THAT(qa.minutes_to_12_lead.median, Optional(10.0));
}

// The same instant written as -05:00, -04:00 and Z is the same instant; on the autumn DST day
// 01:30-04:00 and 01:30-05:00 are an hour apart although the wall clock reads the same.
TEST(QaSceneTime, TimesWithDifferentUtcOffsetsAreComparedAsInstants) {
  PatientCareReport a = Report("P-1");
  a.dispatch.dispatch_priority_patient_acuity = Element::Of(kCritical);
  a.times.unit_notified_by_dispatch_time = At("2026-03-08T11:52:00Z");
  a.times.unit_arrived_on_scene_time = At("2026-03-08T06:59:00-05:00");  // 11:59Z: 420 s
  a.times.unit_left_scene_time = At("2026-03-08T08:11:00-04:00");        // 12:11Z: 720 s

  PatientCareReport b = Report("P-2");
  b.dispatch.dispatch_priority_patient_acuity = Element::Of(kCritical);
  b.times.unit_notified_by_dispatch_time = At("2026-11-01T01:30:00-04:00");  // 05:30Z
  b.times.unit_arrived_on_scene_time = At("2026-11-01T01:38:00-04:00");      // 05:38Z: 480 s
  b.times.unit_left_scene_time = At("2026-11-01T01:30:00-05:00");            // 06:30Z: 3120 s

  PatientCareReport same = Report("P-3");
  same.dispatch.dispatch_priority_patient_acuity = Element::Of(kEmergent);
  same.times.unit_notified_by_dispatch_time = At("2026-11-01T05:30:00Z");
  same.times.unit_arrived_on_scene_time = At("2026-11-01T01:30:00-04:00");  // the same instant
  same.times.unit_left_scene_time = At("2026-11-01T00:30:00-05:00");        // and again

  const SceneTimeByPriorityQa qa = ComputeQa({a, b, same}).scene_time_by_priority;
  ASSERT_EQ(qa.groups.size(), 5U);
  const PriorityGroupQa& critical = qa.groups[0];
  EXPECT_EQ(critical.key, "critical");
  EXPECT_EQ(critical.count, 2);
  EXPECT_THAT(critical.scene_seconds.median, Optional(720.0));
  EXPECT_THAT(critical.scene_seconds.p90, Optional(3120.0));
  EXPECT_THAT(critical.response_seconds.median, Optional(420.0));
  EXPECT_THAT(critical.response_seconds.p90, Optional(480.0));
  const PriorityGroupQa& emergent = qa.groups[1];
  EXPECT_EQ(emergent.key, "emergent");
  EXPECT_EQ(emergent.count, 1);
  EXPECT_THAT(emergent.scene_seconds.median, Optional(0.0));
  EXPECT_THAT(emergent.response_seconds.median, Optional(0.0));
  EXPECT_EQ(qa.excluded.count, 0);
}

TEST(QaSceneTime, GroupsByDispatchPriorityWithUnknownAndExclusions) {
  std::vector<PatientCareReport> reports;
  auto add = [&](std::string id, std::optional<Element> priority, Element notified, Element on,
                 Element left) {
    PatientCareReport r = Report(std::move(id));
    r.dispatch.dispatch_priority_patient_acuity = std::move(priority);
    r.times.unit_notified_by_dispatch_time = std::move(notified);
    r.times.unit_arrived_on_scene_time = std::move(on);
    r.times.unit_left_scene_time = std::move(left);
    reports.push_back(std::move(r));
  };
  add("E-1", Element::Of(kEmergent), At("2026-01-05T10:00:00Z"), At("2026-01-05T10:05:00Z"),
      At("2026-01-05T10:15:00Z"));
  add("E-2", Element::Of(kEmergent), At("2026-01-05T10:00:00Z"), At("2026-01-05T10:07:00Z"),
      At("2026-01-05T10:27:00Z"));
  add("E-3", Element::Of(kEmergent), At("2026-01-05T10:00:00Z"), At("2026-01-05T10:09:00Z"),
      At("2026-01-05T10:19:00Z"));
  add("L-1", Element::Of("2305005"), At("2026-01-05T11:00:00Z"), At("2026-01-05T11:20:00Z"),
      At("2026-01-05T11:40:00Z"));
  add("U-1", std::nullopt, At("2026-01-05T12:00:00Z"), At("2026-01-05T12:04:00Z"),
      Element::Missing(NotValue::kNotApplicable));
  add("U-2", Nil(), At("2026-01-05T12:00:00Z"), At("garbage"), At("2026-01-05T12:30:00Z"));
  add("U-3", Element::Of("2305999"), At("2026-01-05T12:00:00Z"), At("2026-01-05T12:06:00Z"),
      At("2026-01-05T12:05:00Z"));

  const nlohmann::json j = QaReport(reports)["scene_time_by_priority"];
  const nlohmann::json& g = j["groups"];
  EXPECT_EQ(g.size(), 5U);
  EXPECT_EQ(g["critical"]["count"], 0);
  EXPECT_EQ(g["critical"]["code"], "2305001");
  EXPECT_EQ(g["critical"]["meaning"], "Critical");
  EXPECT_TRUE(g["critical"]["scene_seconds"]["median"].is_null());
  EXPECT_EQ(g["emergent"]["count"], 3);
  EXPECT_EQ(g["emergent"]["scene_seconds"],
            (nlohmann::json{{"n", 3}, {"median", 600.0}, {"p90", 1200.0}}));
  EXPECT_EQ(g["emergent"]["response_seconds"],
            (nlohmann::json{{"n", 3}, {"median", 420.0}, {"p90", 540.0}}));
  EXPECT_EQ(g["lower_acuity"]["count"], 1);
  EXPECT_EQ(g["lower_acuity"]["scene_seconds"]["median"], 1200.0);
  EXPECT_EQ(g["lower_acuity"]["response_seconds"]["median"], 1200.0);
  EXPECT_EQ(g["non_acute"]["count"], 0);
  EXPECT_EQ(g["unknown"]["count"], 3);
  EXPECT_EQ(g["unknown"]["code"], "");
  EXPECT_EQ(g["unknown"]["scene_seconds"]["n"], 0);
  EXPECT_EQ(g["unknown"]["response_seconds"],
            (nlohmann::json{{"n", 2}, {"median", 240.0}, {"p90", 360.0}}));
  EXPECT_EQ(j["excluded"]["count"], 3);
  EXPECT_EQ(
      j["excluded"]["records"],
      (nlohmann::json{
          {{"record", "U-1"}, {"reason", "no scene time (eTimes.09 nil)"}},
          {{"record", "U-2"},
           {"reason",
            "no scene time (eTimes.06 unreadable); no response time (eTimes.06 unreadable)"}},
          {{"record", "U-3"}, {"reason", "left scene before arriving (eTimes.09 < eTimes.06)"}},
      }));
}

TEST(QaSceneTime, ExcludedRecordsAreListedUpToFiftyAndAllCounted) {
  std::vector<PatientCareReport> reports;
  for (int i = 0; i < 60; ++i) {
    PatientCareReport r = Report("R-" + std::to_string(i));
    r.times.unit_notified_by_dispatch_time = At("2026-01-05T12:00:00Z");
    r.times.unit_arrived_on_scene_time = Nil();
    reports.push_back(std::move(r));
  }
  reports.push_back(PatientCareReport{});  // no eRecord.01 and no times at all
  const Exclusions x = ComputeQa(reports).scene_time_by_priority.excluded;
  EXPECT_EQ(x.count, 61);
  ASSERT_EQ(x.records.size(), 50U);
  EXPECT_THAT(x.records[0], Excluded("R-0",
                                     "no scene time (eTimes.06 nil, eTimes.09 missing); no "
                                     "response time (eTimes.06 nil)"));
  EXPECT_EQ(x.records[49].record, "R-49");

  const Exclusions one = ComputeQa({PatientCareReport{}}).scene_time_by_priority.excluded;
  ASSERT_EQ(one.records.size(), 1U);
  EXPECT_EQ(one.records[0].record, "(report 1 without eRecord.01)");
}

TEST(QaReport, EmptyInputGivesZeroCountsAndNullStatistics) {
  const nlohmann::json j = QaReport({});
  EXPECT_EQ(j["records"], 0);
  EXPECT_EQ(j["percentiles"], "nearest-rank");
  const nlohmann::json null_distribution = {{"n", 0}, {"median", nullptr}, {"p90", nullptr}};
  const nlohmann::json nothing_excluded = {{"count", 0}, {"records", nlohmann::json::array()}};
  EXPECT_EQ(j["cardiac_arrest"],
            (nlohmann::json{{"count", 0},
                            {"defibrillated", 0},
                            {"seconds_to_first_defibrillation", null_distribution},
                            {"rosc", 0},
                            {"rosc_share", nullptr},
                            {"excluded", nothing_excluded}}));
  EXPECT_EQ(j["stroke"], (nlohmann::json{{"count", 0},
                                         {"scene_seconds", null_distribution},
                                         {"prearrival_alert", 0},
                                         {"prearrival_alert_timed", 0},
                                         {"prearrival_alert_share", nullptr},
                                         {"excluded", nothing_excluded}}));
  EXPECT_EQ(j["stemi"], (nlohmann::json{{"count", 0},
                                        {"with_12_lead", 0},
                                        {"evaluable", 0},
                                        {"within_10_min", 0},
                                        {"share_within_10_min", nullptr},
                                        {"minutes_to_12_lead", null_distribution},
                                        {"excluded", nothing_excluded}}));
  const nlohmann::json& groups = j["scene_time_by_priority"]["groups"];
  ASSERT_EQ(groups.size(), 5U);
  for (const char* key : {"critical", "emergent", "lower_acuity", "non_acute", "unknown"}) {
    SCOPED_TRACE(key);
    ASSERT_TRUE(groups.contains(key));
    EXPECT_EQ(groups[key]["count"], 0);
    EXPECT_EQ(groups[key]["scene_seconds"], null_distribution);
    EXPECT_EQ(groups[key]["response_seconds"], null_distribution);
  }
  EXPECT_EQ(j["scene_time_by_priority"]["excluded"], nothing_excluded);
}

// The official samples hold random values (nil times, odd codes): the report must still come
// out whole, counting every record once.
TEST(QaReport, TheFortyOfficialSamplesProduceAReport) {
  std::vector<PatientCareReport> reports;
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(Nemsis() / "samples")) {
    if (e.path().extension() != ".xml") continue;
    auto in = ImportXml(Read(e.path()), e.path().string());
    ASSERT_TRUE(in.ok()) << in.status();
    for (Header& h : in->set.headers) {
      for (PatientCareReport& r : h.reports) reports.push_back(std::move(r));
    }
    ++files;
  }
  ASSERT_EQ(files, 40);
  ASSERT_EQ(reports.size(), 40U);

  const QaMeasures m = ComputeQa(reports);
  EXPECT_EQ(m.records, 40);
  int grouped = 0;
  for (const PriorityGroupQa& g : m.scene_time_by_priority.groups) grouped += g.count;
  EXPECT_EQ(grouped, 40);
  EXPECT_LE(m.cardiac_arrest.defibrillated, m.cardiac_arrest.count);
  EXPECT_LE(m.stemi.within_10_min, m.stemi.evaluable);

  const nlohmann::json j = QaReport(reports);
  EXPECT_EQ(j["records"], 40);
  for (const char* measure : {"cardiac_arrest", "stroke", "stemi", "scene_time_by_priority"}) {
    SCOPED_TRACE(measure);
    ASSERT_TRUE(j.contains(measure));
    EXPECT_TRUE(j[measure]["excluded"]["count"].is_number_integer());
    EXPECT_LE(j[measure]["excluded"]["records"].size(), 50U);
  }
  EXPECT_EQ(j["scene_time_by_priority"]["groups"].size(), 5U);
  EXPECT_FALSE(j.dump().empty());
}

}  // namespace
}  // namespace beacon::nemsis
