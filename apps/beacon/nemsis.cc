// `beacon nemsis validate [--data-dir DIR] [--no-schematron] FILE...`: checks NEMSIS v3.5.1
// EMSDataSet documents against the official XSDs (compiled once for the batch), then the
// XSD-valid ones against the national schematron rules (one Saxon run for the batch), and prints
// one line per finding: FILE:LINE: SEVERITY RULE PATH: MESSAGE. Exits 0 when no document has an
// error, 1 when one has (a file that cannot be read counts as an error and the others are still
// checked). Libraries: beacon/nemsis/xsd.h, beacon/nemsis/schematron.h.
#include <fmt/format.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "beacon/nemsis/schematron.h"
#include "beacon/nemsis/xsd.h"

#include "command.h"
#include "data_dir.h"

namespace beacon::cli {
namespace {

struct ValidateOptions {
  std::string data_dir;
  bool no_schematron = false;
  std::vector<std::string> files;
};

void Print(CommandContext& ctx, const std::string& file, const nemsis::Finding& f) {
  ctx.out << fmt::format("{}:{}: {} {} {}: {}\n", file, f.line, nemsis::SeverityName(f.severity),
                         f.rule, f.path.empty() ? "/" : f.path, f.message);
}

Status RunValidate(const ValidateOptions& o, CommandContext& ctx) {
  BEACON_ASSIGN_OR_RETURN(std::filesystem::path data, ResolveDataDir(o.data_dir));
  BEACON_ASSIGN_OR_RETURN(nemsis::XsdValidator validator,
                          nemsis::XsdValidator::Load(data / "nemsis" / "xsd"));
  int bad = 0;
  std::size_t findings = 0;
  std::vector<std::filesystem::path> schema_valid;
  for (const std::string& file : o.files) {
    auto report = validator.ValidateFile(file);
    if (!report.ok()) {
      ++bad;
      ctx.out << fmt::format("{}:0: error read: {}\n", file, report.status().message());
      continue;
    }
    for (const nemsis::Finding& f : report->findings) Print(ctx, file, f);
    findings += report->findings.size();
    if (!report->ok()) {
      ++bad;
    } else {
      schema_valid.push_back(file);
    }
  }
  if (!o.no_schematron && !schema_valid.empty()) {
    // The rules assume a schema-valid document: only those go on, all in one Saxon run.
    char pattern[] = "/tmp/beacon-nemsis-XXXXXX";
    if (mkdtemp(pattern) == nullptr) return UnavailableError("cannot make a temporary directory");
    const std::filesystem::path work = pattern;
    auto run = [&]() -> Status {
      BEACON_ASSIGN_OR_RETURN(nemsis::SchematronValidator rules,
                              nemsis::SchematronValidator::Compile(
                                  data / "nemsis" / "schematron" / "EMSDataSet.sch", work));
      BEACON_ASSIGN_OR_RETURN(std::vector<nemsis::SchematronReport> reports,
                              rules.Validate(schema_valid));
      for (const nemsis::SchematronReport& r : reports) {
        for (const nemsis::Finding& f : r.findings) Print(ctx, r.file.string(), f);
        findings += r.findings.size();
        if (nemsis::WorstRole(r) == "ERROR") ++bad;
      }
      return OkStatus();
    };
    const Status s = run();
    std::error_code ec;
    std::filesystem::remove_all(work, ec);
    BEACON_RETURN_IF_ERROR(s.WithContext("schematron (--no-schematron skips it)"));
  }
  ctx.out << fmt::format(
      "{} document(s), {} with errors, {} finding(s) ({}, NEMSIS v{})\n", o.files.size(), bad,
      findings, o.no_schematron ? "XSD" : "XSD and national schematron", nemsis::kSchemaVersion);
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
      "validate",
      "Check EMSDataSet documents against the official NEMSIS v3.5.1 XSDs and schematron");
  v->add_option(
      "--data-dir", opts->data_dir,
      "Shared data directory with nemsis/xsd (default: $BEACON_DATA_DIR or ../shared/data)");
  v->add_flag("--no-schematron", opts->no_schematron,
              "Check the XSDs only (the schematron needs Java and Saxon-HE)");
  v->add_option("files", opts->files, "EMSDataSet XML files")->required();
  registry.SetAction(cmd, [opts](CommandContext& ctx) { return RunValidate(*opts, ctx); });
}

}  // namespace beacon::cli
