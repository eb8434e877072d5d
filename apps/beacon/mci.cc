// `beacon mci triage --algorithm start|jumpstart|salt [--input FILE]`: triages MCI patients from
// findings given as JSON lines (docs/formats/mci-findings.md; stdin by default) and writes one
// JSON line per patient with the category, its NEMSIS eScene.08 code and the reason. A bad line
// gets an error line (and a message on stderr naming the line and the field) and the others go
// on; the command exits 1 at the end if any line was bad. Engine: beacon/triage/mci_triage.h.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "beacon/triage/mci_triage.h"

#include "command.h"

namespace beacon::cli {
namespace {

using Json = nlohmann::ordered_json;
namespace triage = beacon::triage;

struct MciTriageOptions {
  std::string algorithm;
  std::string input;  // empty or "-": stdin
};

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

Result<triage::Avpu> ParseAvpu(const Json& v) {
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s == "A") return triage::Avpu::kAlert;
    if (s == "V") return triage::Avpu::kVoice;
    if (s == "P") return triage::Avpu::kPain;
    if (s == "U") return triage::Avpu::kUnresponsive;
  }
  return FieldError("avpu", fmt::format("expected \"A\", \"V\", \"P\" or \"U\", got {}", v.dump()));
}

Result<triage::PainResponse> ParsePainResponse(const Json& v) {
  if (v == "appropriate") return triage::PainResponse::kAppropriate;
  if (v == "inappropriate") return triage::PainResponse::kInappropriate;
  return FieldError("pain_response",
                    fmt::format("expected \"appropriate\" or \"inappropriate\", got {}", v.dump()));
}

// One key of a findings line; null means "not observed".
Status ParseField(const std::string& key, const Json& v, triage::Findings& f) {
  if (v.is_null()) return OkStatus();
  struct BoolField {
    const char* name;
    std::optional<bool> triage::Findings::*member;
  };
  static constexpr BoolField kBools[] = {
      {"walks", &triage::Findings::walks},
      {"waves", &triage::Findings::waves},
      {"breathing", &triage::Findings::breathing},
      {"breathing_after_airway", &triage::Findings::breathing_after_airway},
      {"breathing_after_rescue_breaths", &triage::Findings::breathing_after_rescue_breaths},
      {"respirations_irregular", &triage::Findings::respirations_irregular},
      {"radial_pulse", &triage::Findings::radial_pulse},
      {"peripheral_pulse", &triage::Findings::peripheral_pulse},
      {"follows_commands", &triage::Findings::follows_commands},
      {"purposeful_movement", &triage::Findings::purposeful_movement},
      {"respiratory_distress", &triage::Findings::respiratory_distress},
      {"hemorrhage_controlled", &triage::Findings::hemorrhage_controlled},
      {"minor_injuries_only", &triage::Findings::minor_injuries_only},
      {"likely_to_survive", &triage::Findings::likely_to_survive},
      {"not_yet_walking", &triage::Findings::not_yet_walking},
      {"significant_external_injury", &triage::Findings::significant_external_injury},
  };
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
      Result<triage::LifesavingIntervention> i =
          triage::ParseLifesavingIntervention(item.get<std::string>());
      if (!i.ok()) return FieldError(key, i.error().message());
      f.lifesaving_interventions.push_back(*i);
    }
    return OkStatus();
  }
  return FieldError(key, "unknown field (see docs/formats/mci-findings.md)");
}

Result<triage::Findings> ParseFindings(const Json& line) {
  triage::Findings f;
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

Json ResultJson(const triage::TriageResult& r) {
  Json j;
  j["algorithm"] = triage::MciAlgorithmName(r.algorithm);
  j["category"] = triage::MciCategoryName(r.category);
  j["color"] = triage::MciCategoryColor(r.category);
  j["escene_08"] = triage::EScene08Code(r.category);
  j["escene_08_label"] = triage::EScene08Label(r.category);
  j["step"] = triage::TriageStepName(r.step);
  j["reason"] = r.reason;
  if (r.salt_sort_priority) j["salt_sort_priority"] = *r.salt_sort_priority;
  return j;
}

// The field an error names: the text before the first ": " when it is a plain key.
Json ErrorField(std::string_view message) {
  const auto colon = message.find(": ");
  if (colon == std::string_view::npos) return nullptr;
  const std::string_view key = message.substr(0, colon);
  for (char c : key) {
    if (!(std::islower(static_cast<unsigned char>(c)) || c == '_' ||
          std::isdigit(static_cast<unsigned char>(c)))) {
      return nullptr;
    }
  }
  return std::string(key);
}

Status RunMciTriage(const MciTriageOptions& opts, CommandContext& ctx) {
  BEACON_ASSIGN_OR_RETURN(const triage::MciAlgorithm algorithm,
                          triage::ParseMciAlgorithm(opts.algorithm));
  const bool from_stdin = opts.input.empty() || opts.input == "-";
  std::ifstream file;
  if (!from_stdin) {
    file.open(opts.input);
    if (!file) return NotFoundError(fmt::format("--input: cannot read '{}'", opts.input));
  }
  std::istream& in = from_stdin ? std::cin : file;
  const std::string source = from_stdin ? "<stdin>" : opts.input;

  std::size_t line_no = 0, patients = 0, bad = 0;
  std::string text;
  while (std::getline(in, text)) {
    ++line_no;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank line
    ++patients;
    Json out;
    out["line"] = line_no;
    Status status;
    Json parsed;
    try {
      parsed = Json::parse(text);
    } catch (const Json::parse_error& e) {
      status = InvalidArgumentError(fmt::format("not valid JSON ({})", e.what()));
    }
    if (status.ok() && !parsed.is_object()) {
      status = InvalidArgumentError("expected a JSON object of findings");
    }
    if (status.ok()) {
      if (parsed.contains("id")) out["id"] = parsed["id"];
      Result<triage::Findings> findings = ParseFindings(parsed);
      if (!findings.ok()) {
        status = findings.error();
      } else if (Result<triage::TriageResult> r = triage::TriageMci(algorithm, *findings); r.ok()) {
        out.update(ResultJson(*r));
      } else {
        status = r.error();
      }
    }
    if (!status.ok()) {
      ++bad;
      out["error"] = status.message();
      out["field"] = ErrorField(status.message());
      ctx.err << "beacon mci triage: " << source << ":" << line_no << ": " << status.message()
              << "\n";
    }
    ctx.out << out.dump() << "\n";
  }
  if (in.bad()) return DataLossError(fmt::format("{}: read error after line {}", source, line_no));
  if (bad > 0) {
    return InvalidArgumentError(
        fmt::format("{}: {} of {} patient line(s) could not be triaged", source, bad, patients));
  }
  return OkStatus();
}

}  // namespace

void RegisterMci(CommandRegistry& registry) {
  CLI::App* cmd = registry.Add("mci", "Mass-casualty incident tools (triage)");
  cmd->require_subcommand(1);
  auto opts = std::make_shared<MciTriageOptions>();
  CLI::App* t = cmd->add_subcommand(
      "triage", "Triage patients from findings (JSON lines) with START, JumpSTART or SALT");
  t->add_option("--algorithm", opts->algorithm, "start (adults), jumpstart (children) or salt")
      ->required()
      ->check(CLI::IsMember({"start", "jumpstart", "salt"}));
  t->add_option("--input", opts->input,
                "Findings as JSON lines (docs/formats/mci-findings.md); default: stdin");
  registry.SetAction(cmd, [opts](CommandContext& ctx) { return RunMciTriage(*opts, ctx); });
}

}  // namespace beacon::cli
