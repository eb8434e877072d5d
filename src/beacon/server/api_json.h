// The API's JSON: views of the CAD state a console shows, and a strict reader for request
// bodies whose every error names the field (docs/api/openapi.yaml).
//
//   BEACON_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(req.body));
//   BEACON_ASSIGN_OR_RETURN(double lat, body.Number("lat", -90, 90));
//   BEACON_RETURN_IF_ERROR(body.NoOthers());
//
// Thread-safety: plain functions and values.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "beacon/base/result.h"
#include "beacon/cad/state.h"
#include "beacon/center/dispatch_center.h"

namespace beacon::server {

// A field error: the Status and the field it is about.
struct FieldError {
  Status status;
  std::string field;
};

class JsonBody {
 public:
  // The body must be a JSON object (an empty body is an empty object).
  // Deeper nesting is refused before parsing (a stack-depth attack on whatever walks the value).
  static Result<JsonBody> Parse(std::string_view text);
  static constexpr std::size_t kMaxDepth = 32;

  Result<double> Number(const char* key, double lo, double hi);
  Result<std::optional<double>> MaybeNumber(const char* key, double lo, double hi);
  Result<std::int64_t> Integer(const char* key, std::int64_t lo, std::int64_t hi);
  Result<std::optional<std::int64_t>> MaybeInteger(const char* key, std::int64_t lo,
                                                   std::int64_t hi);
  Result<std::string> String(const char* key, std::size_t max_size = 1000);
  Result<std::optional<std::string>> MaybeString(const char* key, std::size_t max_size = 1000);
  Result<bool> MaybeBool(const char* key, bool fallback);
  // An object of string (or number/boolean, stringified) values: triage answers.
  Result<std::map<std::string, std::string>> StringMap(const char* key);
  // The array at `key` (for batches); each element read with its own JsonBody.
  Result<std::vector<JsonBody>> Objects(const char* key, std::size_t max_items);
  // The JSON object at `key` as it is (for documents with their own reader, e.g. a record).
  Result<nlohmann::json> Object(const char* key);
  // The same, optional (absent or null: nullopt).
  Result<std::optional<nlohmann::json>> MaybeObject(const char* key);
  // An optional array of strings (absent or null: empty).
  Result<std::vector<std::string>> MaybeStrings(const char* key, std::size_t max_items,
                                                std::size_t max_size);
  Status NoOthers() const;
  // An error about `key` (remembered as the error field).
  Status Invalid(const char* key, std::string_view message);

  // The field of the last error (for the error response).
  [[nodiscard]] const std::string& error_field() const { return error_field_; }

 private:
  explicit JsonBody(nlohmann::json j) : j_(std::move(j)) {}
  Status Fail(const char* key, std::string message) { return Invalid(key, message); }
  const nlohmann::json* Find(const char* key);

  nlohmann::json j_;
  std::set<std::string, std::less<>> seen_;
  std::string error_field_;
};

nlohmann::json UnitJson(const cad::CadState& state, const cad::Unit& u);
nlohmann::json HospitalJson(const cad::Hospital& h);
nlohmann::json IncidentJson(const cad::CadState& state, const cad::Incident& i);
nlohmann::json RecommendationJson(const cad::CadState& state,
                                  const center::RecommendationRecord& r);
nlohmann::json TriageJson(const center::TriageOutcome& t, const triage::Protocol& protocol);
nlohmann::json DestinationsJson(const dispatch::DestinationPlan& plan);
nlohmann::json AlertJson(const dispatch::Alert& a);
nlohmann::json WaitingJson(const dispatch::WaitingCall& w);

}  // namespace beacon::server
