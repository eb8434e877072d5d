// `beacon nemsis validate [--data-dir DIR] FILE...`: checks NEMSIS v3.5.1 EMSDataSet documents
// against the official XSDs (the schemas compiled once for the whole batch, one process) and
// prints one line per finding: FILE:LINE: SEVERITY RULE PATH: MESSAGE. Exits 0 when no document
// has an error, 1 when one has (a file that cannot be read counts as an error and the others
// are still checked). Library: beacon/nemsis/xsd.h.
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "beacon/nemsis/xsd.h"

#include "command.h"
#include "data_dir.h"

namespace beacon::cli {
namespace {

struct ValidateOptions {
  std::string data_dir;
  std::vector<std::string> files;
};

Status RunValidate(const ValidateOptions& o, CommandContext& ctx) {
  BEACON_ASSIGN_OR_RETURN(std::filesystem::path data, ResolveDataDir(o.data_dir));
  BEACON_ASSIGN_OR_RETURN(nemsis::XsdValidator validator,
                          nemsis::XsdValidator::Load(data / "nemsis" / "xsd"));
  int bad = 0;
  std::size_t findings = 0;
  for (const std::string& file : o.files) {
    auto report = validator.ValidateFile(file);
    if (!report.ok()) {
      ++bad;
      ctx.out << fmt::format("{}:0: error read: {}\n", file, report.status().message());
      continue;
    }
    for (const nemsis::Finding& f : report->findings) {
      ctx.out << fmt::format("{}:{}: {} {} {}: {}\n", file, f.line,
                             nemsis::SeverityName(f.severity), f.rule,
                             f.path.empty() ? "/" : f.path, f.message);
    }
    findings += report->findings.size();
    if (!report->ok()) ++bad;
  }
  ctx.out << fmt::format("{} document(s), {} with errors, {} finding(s) (XSD, NEMSIS v{})\n",
                         o.files.size(), bad, findings, nemsis::kSchemaVersion);
  if (bad > 0) {
    return InvalidArgumentError(fmt::format("{} of {} document(s) are not valid NEMSIS v{}", bad,
                                            o.files.size(), nemsis::kSchemaVersion));
  }
  return OkStatus();
}

}  // namespace

void RegisterNemsis(CommandRegistry& registry) {
  CLI::App* cmd = registry.Add("nemsis", "NEMSIS v3.5.1 patient care records (validation)");
  cmd->require_subcommand(1);
  auto opts = std::make_shared<ValidateOptions>();
  CLI::App* v = cmd->add_subcommand(
      "validate", "Check EMSDataSet documents against the official NEMSIS v3.5.1 XSDs");
  v->add_option(
      "--data-dir", opts->data_dir,
      "Shared data directory with nemsis/xsd (default: $BEACON_DATA_DIR or ../shared/data)");
  v->add_option("files", opts->files, "EMSDataSet XML files")->required();
  registry.SetAction(cmd, [opts](CommandContext& ctx) { return RunValidate(*opts, ctx); });
}

}  // namespace beacon::cli
