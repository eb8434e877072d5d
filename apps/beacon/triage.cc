// `beacon triage`: evaluates a complaint against a protocol directory and prints the determinant
// and the remaining questions as JSON, or checks a rule set (`--check DIR`). Formats:
// docs/formats/protocol.md; engine: docs/design/triage.md.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "beacon/triage/engine.h"
#include "beacon/triage/loader.h"
#include "beacon/triage/nemsis_codes.h"

#include "command.h"
#include "data_dir.h"

namespace beacon::cli {
namespace {

using Json = nlohmann::ordered_json;
namespace triage = beacon::triage;

struct TriageOptions {
  std::string protocol;
  std::string complaint;
  std::vector<std::string> answers;  // key=value
  std::string check;
  std::string data_dir;
};

// The NEMSIS dispatch codes from the shared data dictionary.
Result<triage::DispatchCodes> LoadCodes(const std::string& data_dir_flag) {
  BEACON_ASSIGN_OR_RETURN(std::filesystem::path dir, ResolveDataDir(data_dir_flag));
  return triage::LoadDispatchCodes(dir / "nemsis" / "dictionary" /
                                   "EMSDataSet_ElementEnumerations.txt");
}

Json CodeJson(const std::string& code, const std::map<std::string, std::string>* names) {
  Json j = {{"code", code}};
  if (names != nullptr) {
    const auto it = names->find(code);
    if (it != names->end()) j["description"] = it->second;
  }
  return j;
}

Json QuestionJson(const triage::Question& q, bool askable_now) {
  Json j = {{"id", q.id}, {"text", q.text}};
  switch (q.type) {
    case triage::QuestionType::kYesNo:
      j["type"] = "yes_no";
      break;
    case triage::QuestionType::kChoice:
      j["type"] = "choice";
      j["options"] = q.options;
      break;
    case triage::QuestionType::kNumber:
      j["type"] = "number";
      j["unit"] = q.unit;
      j["min"] = q.min;
      j["max"] = q.max;
      break;
  }
  j["askable_now"] = askable_now;
  return j;
}

Json DeterminantJson(const triage::Determinant& d, const triage::Protocol& protocol,
                     const triage::DispatchCodes* codes) {
  Json instructions = Json::array();
  for (const std::string& id : d.instructions) {
    const triage::Instruction* ins = protocol.FindInstruction(id);
    if (ins != nullptr) {
      instructions.push_back({{"id", ins->id}, {"title", ins->title}, {"steps", ins->steps}});
    }
  }
  return {{"code", d.code},
          {"description", d.description},
          {"priority", d.priority},
          {"level", d.level == triage::CareLevel::kAls ? "ALS" : "BLS"},
          {"units", d.units},
          {"lights_and_sirens", d.lights_and_sirens},
          {"nemsis_priority", CodeJson(d.nemsis_priority, codes ? &codes->priorities : nullptr)},
          {"pre_arrival_instructions", instructions}};
}

Result<triage::Answers> ParseAnswers(const std::vector<std::string>& raw) {
  triage::Answers answers;
  for (const std::string& a : raw) {
    const auto eq = a.find('=');
    // CLI11 has already checked the key=value shape (see RegisterTriage).
    const std::string key = a.substr(0, eq);
    if (!answers.emplace(key, a.substr(eq + 1)).second) {
      return InvalidArgumentError(fmt::format("--answer: question '{}' is answered twice", key));
    }
  }
  return answers;
}

Status RunCheck(const TriageOptions& opts, CommandContext& ctx) {
  auto codes = LoadCodes(opts.data_dir);
  if (!codes.ok()) {
    return codes.error().WithContext(
        "the NEMSIS dictionary is needed to check eDispatch codes (set BEACON_DATA_DIR or "
        "--data-dir)");
  }
  const std::vector<triage::Finding> findings = triage::CheckProtocolDir(opts.check, &*codes);
  for (const triage::Finding& f : findings) ctx.out << f.ToString() << "\n";
  if (!findings.empty()) {
    return InvalidArgumentError(
        fmt::format("{} problem(s) in the rule set '{}'", findings.size(), opts.check));
  }
  // Clean: load it to say what it holds.
  BEACON_ASSIGN_OR_RETURN(triage::Protocol p, triage::LoadProtocolDir(opts.check, &*codes));
  std::size_t determinants = 0;
  for (const triage::Complaint& c : p.Complaints()) determinants += c.determinants.size();
  ctx.out << fmt::format(
      "{}: {} complaint(s), {} determinant(s), {} instruction set(s): no problems\n", opts.check,
      p.Complaints().size(), determinants, p.Instructions().size());
  return OkStatus();
}

Status RunEvaluate(const TriageOptions& opts, CommandContext& ctx) {
  auto loaded_codes = LoadCodes(opts.data_dir);
  const triage::DispatchCodes* codes = nullptr;
  if (loaded_codes.ok()) {
    codes = &*loaded_codes;
  } else {
    ctx.err << "beacon triage: warning: NEMSIS codes not checked: "
            << loaded_codes.error().message() << "\n";
  }
  BEACON_ASSIGN_OR_RETURN(triage::Protocol protocol, triage::LoadProtocolDir(opts.protocol, codes));
  if (opts.complaint.empty()) {
    Json list = Json::array();
    for (const triage::Complaint& c : protocol.Complaints()) {
      list.push_back({{"id", c.id}, {"name", c.name}});
    }
    ctx.out << Json{{"complaints", list}}.dump(2) << "\n";
    return OkStatus();
  }
  const triage::Complaint* complaint = protocol.FindComplaint(opts.complaint);
  if (complaint == nullptr) {
    return NotFoundError(
        fmt::format("--complaint: no complaint '{}' in '{}' (run without "
                    "--complaint to list them)",
                    opts.complaint, opts.protocol));
  }
  BEACON_ASSIGN_OR_RETURN(triage::Answers answers, ParseAnswers(opts.answers));
  BEACON_ASSIGN_OR_RETURN(triage::Evaluation e, triage::Evaluate(*complaint, answers));
  Json out;
  out["complaint"] = {
      {"id", complaint->id},
      {"name", complaint->name},
      {"nemsis_reason", CodeJson(complaint->nemsis_reason, codes ? &codes->reasons : nullptr)}};
  out["status"] = e.determinant != nullptr ? "determined" : "questions_remaining";
  out["determinant"] =
      e.determinant != nullptr ? DeterminantJson(*e.determinant, protocol, codes) : Json(nullptr);
  out["provisional"] =
      e.provisional != nullptr ? DeterminantJson(*e.provisional, protocol, codes) : Json(nullptr);
  out["next_question"] = e.next != nullptr ? QuestionJson(*e.next, true) : Json(nullptr);
  Json remaining = Json::array();
  for (const triage::RemainingQuestion& r : e.remaining) {
    remaining.push_back(QuestionJson(*r.question, r.askable_now));
  }
  out["remaining_questions"] = remaining;
  out["ignored_answers"] = e.ignored_answers;
  ctx.out << out.dump(2) << "\n";
  return OkStatus();
}

}  // namespace

void RegisterTriage(CommandRegistry& registry) {
  CLI::App* cmd =
      registry.Add("triage", "Triage a call with a protocol (prints JSON), or check a rule set");
  auto opts = std::make_shared<TriageOptions>();
  CLI::Option* protocol =
      cmd->add_option("--protocol", opts->protocol, "Protocol directory (e.g. data/protocols)");
  CLI::Option* complaint = cmd->add_option(
      "--complaint", opts->complaint, "Complaint id; without it, list the protocol's complaints");
  CLI::Option* answer =
      cmd->add_option("--answer", opts->answers, "An answer, question=value (repeatable)")
          ->check(
              [](const std::string& v) {
                const auto eq = v.find('=');
                return eq == std::string::npos || eq == 0
                           ? std::string("expected question=value, got '") + v + "'"
                           : std::string();
              },
              "question=value");
  CLI::Option* check =
      cmd->add_option("--check", opts->check, "Check the rule set in this directory and exit");
  cmd->add_option("--data-dir", opts->data_dir,
                  "Shared data directory with the NEMSIS dictionary (default: $BEACON_DATA_DIR, "
                  "else ../shared/data)");
  complaint->needs(protocol);
  answer->needs(complaint);
  check->excludes(protocol);
  cmd->parse_complete_callback([opts] {
    if (opts->check.empty() && opts->protocol.empty()) {
      throw CLI::ValidationError("triage", "give --protocol DIR [--complaint NAME] or --check DIR");
    }
  });
  registry.SetAction(cmd, [opts](CommandContext& ctx) {
    return opts->check.empty() ? RunEvaluate(*opts, ctx) : RunCheck(*opts, ctx);
  });
}

}  // namespace beacon::cli
