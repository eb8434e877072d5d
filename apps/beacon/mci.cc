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

#include "beacon/triage/mci_findings_json.h"
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
      Result<triage::Findings> findings = triage::FindingsFromJson(parsed);
      if (!findings.ok()) {
        status = findings.error();
      } else if (Result<triage::TriageResult> r = triage::TriageMci(algorithm, *findings); r.ok()) {
        out.update(triage::TriageResultToJson(*r));
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
