#include "beacon/store/event_codec.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace beacon::store {
namespace {

cad::Event Make(std::uint64_t seq, cad::EventPayload payload) {
  cad::Event e;
  e.seq = seq;
  e.time = *ParseInstant("2026-07-01T12:00:01.250Z");
  e.actor = "dispatcher:kim";
  e.reason = "closest ALS: 4 min 10 s by road";
  e.payload = std::move(payload);
  return e;
}

std::vector<cad::Event> EveryKind() {
  cad::TriageCompleted t;
  t.incident = IncidentId{3};
  t.complaint = "cardiac_arrest";
  t.determinant = "09-E-01";
  t.priority = 1;
  t.level = cad::CareLevel::kAls;
  t.units = 2;
  t.lights_and_sirens = true;
  t.dispatch_reason_code = "2301023";
  t.dispatch_priority_code = "2305001";
  return {
      Make(1, cad::CallReceived{cad::CallId{1},
                                {42.3355, -71.0727},
                                "1 Boston Medical Ctr Pl",
                                *ParseInstant("2026-07-01T11:59:50Z")}),
      Make(2, cad::CallReceived{cad::CallId{2}, {42.36, -71.06}, "", std::nullopt}),
      Make(3, cad::IncidentCreated{IncidentId{3}, cad::CallId{1}}),
      Make(4,
           cad::IncidentUpdated{IncidentId{3}, LatLon{42.34, -71.07}, "corrected", cad::CallId{2}}),
      Make(5, cad::IncidentUpdated{IncidentId{3}, std::nullopt, std::nullopt, std::nullopt}),
      Make(6, cad::IncidentMerged{IncidentId{4}, IncidentId{3}}),
      Make(7, t),
      Make(8, cad::PriorityChanged{IncidentId{3}, 2}),
      Make(9, cad::UnitRecommended{IncidentId{3}, {UnitId{7}, UnitId{12}}}),
      Make(10, cad::UnitRecommended{IncidentId{3}, {}}),
      Make(11, cad::UnitAssigned{UnitId{7}, IncidentId{3}}),
      Make(12, cad::AssignmentProgressed{UnitId{7}, IncidentId{3},
                                         cad::AssignmentState::kTransporting, HospitalId{2}}),
      Make(13, cad::AssignmentProgressed{UnitId{7}, IncidentId{3}, cad::AssignmentState::kOnScene,
                                         std::nullopt}),
      Make(14, cad::UnitAvailabilityChanged{UnitId{7}, cad::Availability::kOutOfService}),
      Make(15, cad::HospitalStatusChanged{HospitalId{2}, cad::HospitalStatus::kCodeBlack}),
      Make(16, cad::IncidentClosed{IncidentId{3}}),
      Make(17, cad::MoveUpRecommended{UnitId{7}, StationId{5}, true}),
      Make(18, cad::MciDeclared{cad::MciId{1}, IncidentId{3}, "Boylston St finish line", 3}),
      Make(19, cad::MciLevelChanged{cad::MciId{1}, 4}),
      Make(20, cad::MciSiteSet{cad::MciId{1},
                               "CCP Copley",
                               cad::MciSiteKind::kCasualtyCollection,
                               {42.3499, -71.0777}}),
      Make(21, cad::MciSurgeDeclared{cad::MciId{1}, HospitalId{2}, {6, 10, 15, 2}}),
      Make(22, cad::PatientTagged{cad::MciId{1},
                                  "T-001",
                                  triage::MciCategory::kImmediate,
                                  triage::MciAlgorithm::kSalt,
                                  "CCP Copley",
                                  {true, false, true}}),
      Make(23,
           cad::PatientTagged{
               cad::MciId{1}, "T-002", triage::MciCategory::kMinor, std::nullopt, "", {}}),
      Make(24, cad::PatientRetriaged{cad::MciId{1}, "T-002", triage::MciCategory::kExpectant,
                                     triage::MciAlgorithm::kJumpStart}),
      Make(25, cad::PatientMoved{cad::MciId{1}, "T-001", "Treatment"}),
      Make(26, cad::PatientTreated{cad::MciId{1}, "T-001", "tourniquet left thigh"}),
      Make(27, cad::PatientTransportAssigned{cad::MciId{1}, "T-001", UnitId{7}, HospitalId{2}}),
      Make(28, cad::PatientTransported{cad::MciId{1}, "T-001", UnitId{7}, HospitalId{2}}),
      Make(29, cad::PatientArrived{cad::MciId{1}, "T-001", HospitalId{2}}),
      Make(30, cad::PatientReleased{cad::MciId{1}, "T-002"}),
      Make(31, cad::MciClosed{cad::MciId{1}}),
  };
}

TEST(EventCodec, EveryKindRoundTripsExactly) {
  const std::vector<cad::Event> events = EveryKind();
  EXPECT_EQ(events.size() - 5, std::variant_size_v<cad::EventPayload>)
      << "a new event kind needs a case here";
  for (const cad::Event& e : events) {
    const std::string text = EncodeEvent(e);
    auto back = DecodeEvent(text);
    ASSERT_TRUE(back.ok()) << text << ": " << back.status();
    EXPECT_EQ(*back, e) << text;
  }
}

TEST(EventCodec, WritesReadableFields) {
  const nlohmann::json j = EventToJson(EveryKind()[11]);
  EXPECT_EQ(j["kind"], "AssignmentProgressed");
  EXPECT_EQ(j["state"], "TRANSPORTING");
  EXPECT_EQ(j["destination"], 2);
  EXPECT_EQ(j["time"], "2026-07-01T12:00:01.250Z");
  EXPECT_EQ(j["seq"], 12);
}

std::string Error(std::string_view text) {
  auto r = DecodeEvent(text);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? std::string() : std::string(r.status().message());
}

TEST(EventCodec, BadInputNamesTheField) {
  const std::string good = EncodeEvent(EveryKind()[10]);  // UnitAssigned
  EXPECT_NE(Error("").find("not valid JSON"), std::string::npos);
  EXPECT_NE(Error("{\"seq\":1").find("not valid JSON"), std::string::npos);
  EXPECT_NE(Error("[1,2]").find("must be a JSON object"), std::string::npos);
  auto with = [&](const char* key, nlohmann::json value) {
    nlohmann::json j = nlohmann::json::parse(good);
    j[key] = std::move(value);
    return Error(j.dump());
  };
  auto without = [&](const char* key) {
    nlohmann::json j = nlohmann::json::parse(good);
    j.erase(key);
    return Error(j.dump());
  };
  EXPECT_NE(without("unit").find("field 'unit' is missing"), std::string::npos);
  EXPECT_NE(without("seq").find("field 'seq' is missing"), std::string::npos);
  EXPECT_NE(with("unit", "7").find("field 'unit' must be a positive integer id, not string"),
            std::string::npos);
  EXPECT_NE(with("unit", -7).find("field 'unit': ids are positive"), std::string::npos);
  EXPECT_NE(with("unit", 0).find("field 'unit': ids are positive"), std::string::npos);
  EXPECT_NE(with("kind", "UnitTeleported").find("unknown event kind 'UnitTeleported'"),
            std::string::npos);
  EXPECT_NE(with("colour", "red").find("unknown field 'colour'"), std::string::npos);
  EXPECT_NE(with("time", "yesterday").find("field 'time'"), std::string::npos);
  EXPECT_NE(with("actor", 5).find("field 'actor' must be a string, not number"), std::string::npos);
  // The error names the event when its seq is readable.
  EXPECT_NE(with("unit", "7").find("event 11"), std::string::npos);

  nlohmann::json p = EventToJson(EveryKind()[11]);
  p["state"] = "FLYING";
  EXPECT_NE(Error(p.dump()).find("field 'state': 'FLYING' is not an assignment state"),
            std::string::npos);
  p = EventToJson(EveryKind()[11]);
  p["destination"] = 5'000'000'000ULL;
  EXPECT_NE(Error(p.dump()).find("field 'destination': id 5000000000 is too large"),
            std::string::npos);
  p = EventToJson(EveryKind()[0]);
  p["location"] = nlohmann::json::array({142.0, -71.0});
  EXPECT_NE(Error(p.dump()).find("field 'location'"), std::string::npos);
  p["location"] = "42,-71";
  EXPECT_NE(Error(p.dump()).find("field 'location' must be [lat, lon]"), std::string::npos);
  p = EventToJson(EveryKind()[6]);
  p["priority"] = 7;
  EXPECT_NE(Error(p.dump()).find("field 'priority': 7 is outside 1..3"), std::string::npos);
  p = EventToJson(EveryKind()[8]);
  p["units"] = nlohmann::json::array({1, "two"});
  EXPECT_NE(Error(p.dump()).find("field 'units' must be an array of positive ids"),
            std::string::npos);
}

TEST(EventCodec, BadMciEventsNameTheField) {
  const std::vector<cad::Event> all = EveryKind();
  nlohmann::json p = EventToJson(all[21]);  // PatientTagged
  p["category"] = "Purple";
  EXPECT_NE(Error(p.dump()).find("field 'category': unknown MCI triage category 'Purple'"),
            std::string::npos);
  p = EventToJson(all[21]);
  p["algorithm"] = "triage-o-matic";
  EXPECT_NE(Error(p.dump()).find("field 'algorithm'"), std::string::npos);
  p = EventToJson(all[21]);
  p.erase("tag");
  EXPECT_NE(Error(p.dump()).find("field 'tag' is missing"), std::string::npos);
  p = EventToJson(all[21]);
  p["trauma"] = "yes";
  EXPECT_NE(Error(p.dump()).find("field 'trauma' must be true or false"), std::string::npos);
  p = EventToJson(all[20]);  // MciSurgeDeclared
  p["capacity"] = nlohmann::json::array({1, 2, 3});
  EXPECT_NE(Error(p.dump()).find("field 'capacity' must list 4 counts"), std::string::npos);
  p["capacity"] = nlohmann::json::array({1, 2, -3, 4});
  EXPECT_NE(Error(p.dump()).find("field 'capacity' must hold counts"), std::string::npos);
  p = EventToJson(all[17]);  // MciDeclared
  p["level"] = 9;
  EXPECT_NE(Error(p.dump()).find("field 'level': 9 is outside 1..5"), std::string::npos);
  p = EventToJson(all[19]);  // MciSiteSet
  p["site_kind"] = "helipad";
  EXPECT_NE(Error(p.dump()).find("field 'site_kind': 'helipad' is not a site kind"),
            std::string::npos);
  p = EventToJson(all[30]);  // MciClosed
  p["mci"] = 0;
  EXPECT_NE(Error(p.dump()).find("field 'mci': ids are positive"), std::string::npos);
  p = EventToJson(all[30]);
  p["kind"] = "MciExploded";
  EXPECT_NE(Error(p.dump()).find("unknown event kind 'MciExploded'"), std::string::npos);
}

TEST(EventCodec, ParsesEnumNames) {
  EXPECT_EQ(*ParseAssignmentState("AT_DESTINATION"), cad::AssignmentState::kAtDestination);
  EXPECT_EQ(*ParseAvailability("OUT_OF_SERVICE"), cad::Availability::kOutOfService);
  EXPECT_EQ(*ParseHospitalStatus("CODE_BLACK"), cad::HospitalStatus::kCodeBlack);
  EXPECT_EQ(*ParseCareLevel("ALS"), cad::CareLevel::kAls);
  const auto bad = ParseAvailability("available");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("one of OUT_OF_SERVICE, AVAILABLE, BUSY"),
            std::string_view::npos);
}

}  // namespace
}  // namespace beacon::store
