#include "beacon/triage/mci_findings_json.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <string>

namespace beacon::triage {
namespace {

using Json = nlohmann::ordered_json;

Status FieldError(std::string_view field, std::string_view what) {
  return InvalidArgumentError(fmt::format("{}: {}", field, what));
}

Result<bool> GetBool(const std::string& key, const Json& v) {
  if (!v.is_boolean()) return FieldError(key, "expected true or false");
  return v.get<bool>();
}

Status SetBool(const std::string& key, const Json& v, std::optional<bool>& out) {
  BEACON_ASSIGN_OR_RETURN(out, GetBool(key, v));
  return OkStatus();
}

Result<Avpu> ParseAvpu(const Json& v) {
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s == "A") return Avpu::kAlert;
    if (s == "V") return Avpu::kVoice;
    if (s == "P") return Avpu::kPain;
    if (s == "U") return Avpu::kUnresponsive;
  }
  return FieldError("avpu", fmt::format("expected \"A\", \"V\", \"P\" or \"U\", got {}", v.dump()));
}

Result<PainResponse> ParsePainResponse(const Json& v) {
  if (v == "appropriate") return PainResponse::kAppropriate;
  if (v == "inappropriate") return PainResponse::kInappropriate;
  return FieldError("pain_response",
                    fmt::format("expected \"appropriate\" or \"inappropriate\", got {}", v.dump()));
}

// The yes/no findings by their JSON names.
struct BoolField {
  const char* name;
  std::optional<bool> Findings::*member;
};
constexpr BoolField kBools[] = {
    {"walks", &Findings::walks},
    {"waves", &Findings::waves},
    {"breathing", &Findings::breathing},
    {"breathing_after_airway", &Findings::breathing_after_airway},
    {"breathing_after_rescue_breaths", &Findings::breathing_after_rescue_breaths},
    {"respirations_irregular", &Findings::respirations_irregular},
    {"radial_pulse", &Findings::radial_pulse},
    {"peripheral_pulse", &Findings::peripheral_pulse},
    {"follows_commands", &Findings::follows_commands},
    {"purposeful_movement", &Findings::purposeful_movement},
    {"respiratory_distress", &Findings::respiratory_distress},
    {"hemorrhage_controlled", &Findings::hemorrhage_controlled},
    {"minor_injuries_only", &Findings::minor_injuries_only},
    {"likely_to_survive", &Findings::likely_to_survive},
    {"not_yet_walking", &Findings::not_yet_walking},
    {"significant_external_injury", &Findings::significant_external_injury},
};

// One key of a findings line; null means "not observed".
Status ParseField(const std::string& key, const Json& v, Findings& f) {
  if (v.is_null()) return OkStatus();
  for (const BoolField& b : kBools) {
    if (key == b.name) return SetBool(key, v, f.*b.member);
  }
  if (key == "respiratory_rate") {
    if (!v.is_number_integer()) return FieldError(key, "expected a whole number of breaths/min");
    const auto rate = v.get<std::int64_t>();
    if (rate < 0 || rate > 1000) return FieldError(key, fmt::format("{} is not a rate", rate));
    f.respiratory_rate = static_cast<int>(rate);
    return OkStatus();
  }
  if (key == "capillary_refill_s") {
    if (!v.is_number()) return FieldError(key, "expected a number of seconds");
    const double s = v.get<double>();
    if (!std::isfinite(s) || std::abs(s) > 1e6) {
      return FieldError(key, fmt::format("{} is not a duration", v.dump()));
    }
    f.capillary_refill = Milliseconds{std::llround(s * 1000.0)};
    return OkStatus();
  }
  if (key == "avpu") {
    BEACON_ASSIGN_OR_RETURN(f.avpu, ParseAvpu(v));
    return OkStatus();
  }
  if (key == "pain_response") {
    BEACON_ASSIGN_OR_RETURN(f.pain_response, ParsePainResponse(v));
    return OkStatus();
  }
  if (key == "lifesaving_interventions") {
    if (!v.is_array()) return FieldError(key, "expected an array of names");
    for (const Json& item : v) {
      if (!item.is_string()) return FieldError(key, fmt::format("{} is not a name", item.dump()));
      Result<LifesavingIntervention> i = ParseLifesavingIntervention(item.get<std::string>());
      if (!i.ok()) return FieldError(key, i.error().message());
      f.lifesaving_interventions.push_back(*i);
    }
    return OkStatus();
  }
  return FieldError(key, "unknown field (see docs/formats/mci-findings.md)");
}

}  // namespace

Result<Findings> FindingsFromJson(const Json& line) {
  if (!line.is_object()) return InvalidArgumentError("expected a JSON object of findings");
  Findings f;
  for (const auto& [key, value] : line.items()) {
    if (key == "id") {
      if (!value.is_string() && !value.is_number_integer()) {
        return FieldError("id", "expected a string (the triage tag number)");
      }
      continue;
    }
    BEACON_RETURN_IF_ERROR(ParseField(key, value, f));
  }
  return f;
}

Json FindingsToJson(const Findings& f) {
  Json j = Json::object();
  for (const BoolField& b : kBools) {
    if (f.*b.member) j[b.name] = *(f.*b.member);
  }
  if (f.respiratory_rate) j["respiratory_rate"] = *f.respiratory_rate;
  if (f.capillary_refill) j["capillary_refill_s"] = ToSecondsF(*f.capillary_refill);
  if (f.avpu) j["avpu"] = std::string(1, "AVPU"[static_cast<int>(*f.avpu)]);
  if (f.pain_response) {
    j["pain_response"] =
        *f.pain_response == PainResponse::kAppropriate ? "appropriate" : "inappropriate";
  }
  if (!f.lifesaving_interventions.empty()) {
    Json list = Json::array();
    for (LifesavingIntervention i : f.lifesaving_interventions) {
      list.push_back(LifesavingInterventionName(i));
    }
    j["lifesaving_interventions"] = std::move(list);
  }
  return j;
}

Json TriageResultToJson(const TriageResult& r) {
  Json j;
  j["algorithm"] = MciAlgorithmName(r.algorithm);
  j["category"] = MciCategoryName(r.category);
  j["color"] = MciCategoryColor(r.category);
  j["escene_08"] = EScene08Code(r.category);
  j["escene_08_label"] = EScene08Label(r.category);
  j["step"] = TriageStepName(r.step);
  j["reason"] = r.reason;
  if (r.salt_sort_priority) j["salt_sort_priority"] = *r.salt_sort_priority;
  return j;
}

}  // namespace beacon::triage
