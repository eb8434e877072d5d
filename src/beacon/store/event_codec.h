// Event codec: a CAD event as one JSON object, the form the store keeps and the live feed and
// API send (docs/formats/event-log.md). Decoding is strict: an unknown kind, a missing or
// unknown field, a wrong type or an out-of-range value is an error naming the field.
//
//   std::string text = EncodeEvent(event);   // {"seq":12,"time":"2026-07-01T12:00:00.000Z",...}
//   BEACON_ASSIGN_OR_RETURN(cad::Event back, DecodeEvent(text));   // back == event
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

#include "beacon/base/result.h"
#include "beacon/cad/events.h"

namespace beacon::store {

nlohmann::json EventToJson(const cad::Event& event);
Result<cad::Event> EventFromJson(const nlohmann::json& json);

std::string EncodeEvent(const cad::Event& event);
Result<cad::Event> DecodeEvent(std::string_view text);

// Enum names as the wire uses them ("EN_ROUTE", "ALS", "CODE_BLACK", ...), and back.
Result<cad::AssignmentState> ParseAssignmentState(std::string_view name);
Result<cad::Availability> ParseAvailability(std::string_view name);
Result<cad::HospitalStatus> ParseHospitalStatus(std::string_view name);
Result<cad::CareLevel> ParseCareLevel(std::string_view name);

}  // namespace beacon::store
