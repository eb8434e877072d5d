// `beacon nemsis ...`: NEMSIS v3.5.1 patient care records on the command line.
//
// `validate [--data-dir DIR] [--no-schematron] FILE...` checks EMSDataSet documents against the
// official XSDs (compiled once for the batch), then the XSD-valid ones against the national
// schematron rules (one Saxon run for the batch), and prints one line per finding:
// FILE:LINE: SEVERITY RULE PATH: MESSAGE. Exits 0 when no document has an error, 1 when one has
// (a file that cannot be read counts as an error and the others are still checked).
//
// `import [--out RECORDS.jsonl] FILE...` checks each document against the XSDs, reads its
// reports into Beacon's records, says what it does not model, and writes the records as JSON
// lines ({"agency": {...}, "record": {...}}, docs/formats/nemsis-records.md).
//
// `export --out FILE.xml (--records RECORDS.jsonl | --model M --scenario S [--seed N])` writes
// records as one EMSDataSet document, checked against the XSDs before it is written: records
// from JSON lines, or the records a simulated shift's CAD flow starts (one per unit response).
//
// `qa FILE...` prints the QA measures (nemsis/qa.h) of the records in EMSDataSet documents or
// JSON lines as JSON.
//
// Libraries: beacon/nemsis (xsd.h, schematron.h, xml.h, json.h, qa.h), beacon/records.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "beacon/center/dispatch_center.h"
#include "beacon/model/city_model.h"
#include "beacon/nemsis/json.h"
#include "beacon/nemsis/qa.h"
#include "beacon/nemsis/schematron.h"
#include "beacon/nemsis/xml.h"
#include "beacon/nemsis/xsd.h"
#include "beacon/records/from_cad.h"
#include "beacon/sim/engine.h"
#include "beacon/sim/scenario.h"

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

struct ImportOptions {
  std::string data_dir;
  std::string out;
  std::vector<std::string> files;
};

struct ExportOptions {
  std::string data_dir;
  std::string out;
  std::string records;
  std::string model;
  std::string scenario;
  std::uint64_t seed = 1;
  std::string agency_state_id = "MA-BEACON";
  std::string agency_number = "B001";
  std::string agency_state = "25";
  std::string agency_name;
};

struct QaOptions {
  std::vector<std::string> files;
};

Result<std::string> ReadText(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("cannot open '{}'", file));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

nlohmann::json AgencyJson(const nemsis::Agency& a) {
  return {{"dAgency.01", a.state_id}, {"dAgency.02", a.number}, {"dAgency.04", a.state}};
}

Status RunImport(const ImportOptions& o, CommandContext& ctx) {
  BEACON_ASSIGN_OR_RETURN(std::filesystem::path data, ResolveDataDir(o.data_dir));
  BEACON_ASSIGN_OR_RETURN(nemsis::XsdValidator validator,
                          nemsis::XsdValidator::Load(data / "nemsis" / "xsd"));
  std::ofstream out;
  if (!o.out.empty()) {
    out.open(o.out, std::ios::binary | std::ios::trunc);
    if (!out) return UnavailableError(fmt::format("--out: cannot write '{}'", o.out));
  }
  int bad = 0;
  int reports = 0;
  for (const std::string& file : o.files) {
    auto text = ReadText(file);
    if (!text.ok()) {
      ++bad;
      ctx.out << fmt::format("{}: error: {}\n", file, text.status().message());
      continue;
    }
    auto valid = validator.ValidateText(*text, file);
    if (!valid.ok() || !valid->ok()) {
      ++bad;
      if (!valid.ok()) {
        ctx.out << fmt::format("{}: error: {}\n", file, valid.status().message());
      } else {
        for (const nemsis::Finding& f : valid->findings) Print(ctx, file, f);
      }
      continue;
    }
    auto in = nemsis::ImportXml(*text, file);
    if (!in.ok()) {
      ++bad;
      ctx.out << fmt::format("{}: error: {}\n", file, in.status().message());
      continue;
    }
    int n = 0;
    int elements = 0;
    for (const nemsis::Header& h : in->set.headers) {
      for (const nemsis::PatientCareReport& r : h.reports) {
        ++n;
        elements += nemsis::CountElements(r);
        if (out.is_open()) {
          out << nlohmann::json{{"agency", AgencyJson(h.agency)}, {"record", nemsis::ToJson(r)}}
                     .dump()
              << "\n";
        }
      }
    }
    reports += n;
    // What a re-export would not carry, by element name (the first path of each).
    std::map<std::string, std::pair<int, std::string>> unmodelled;
    for (const nemsis::Finding& f : in->unmodelled) {
      const std::string name = f.path.substr(f.path.rfind('/') + 1);
      auto& [count, first] = unmodelled[name.substr(0, name.find('['))];
      if (count++ == 0) first = f.path;
    }
    ctx.out << fmt::format("{}: {} report(s), {} element(s) imported, {} not modelled\n", file, n,
                           elements, in->unmodelled_total);
    for (const auto& [name, what] : unmodelled) {
      ctx.out << fmt::format("{}: not modelled: {} x{} (first at {})\n", file, name, what.first,
                             what.second);
    }
  }
  if (out.is_open()) {
    out.flush();
    if (!out) return UnavailableError(fmt::format("--out: writing '{}' failed", o.out));
  }
  ctx.out << fmt::format("{} file(s), {} report(s) imported, {} file(s) refused\n", o.files.size(),
                         reports, bad);
  if (bad > 0) {
    return InvalidArgumentError(
        fmt::format("{} of {} file(s) could not be imported", bad, o.files.size()));
  }
  return OkStatus();
}

// Records from JSON lines as `import --out` writes them; errors name the file and line.
Status ReadRecordLines(const std::string& file, nemsis::EmsDataSet* set) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("cannot open '{}'", file));
  std::map<std::string, std::size_t> header_of;  // agency number -> header index
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto where = [&](std::string_view what) {
      return InvalidArgumentError(fmt::format("{}:{}: {}", file, n, what));
    };
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return where("not JSON");
    if (!j.is_object() || !j.contains("record") || !j.contains("agency")) {
      return where("expected {\"agency\": {...}, \"record\": {...}}");
    }
    const nlohmann::json& a = j["agency"];
    nemsis::Agency agency;
    for (auto [key, field] :
         {std::pair{"dAgency.01", &agency.state_id}, std::pair{"dAgency.02", &agency.number},
          std::pair{"dAgency.04", &agency.state}}) {
      if (!a.is_object() || !a.contains(key) || !a[key].is_string()) {
        return where(fmt::format("agency.{} must be a string", key));
      }
      *field = a[key].get<std::string>();
    }
    auto record = nemsis::FromJson(j["record"]);
    if (!record.ok()) return where(fmt::format("record: {}", record.status().message()));
    const std::string key = agency.state_id + "\n" + agency.number + "\n" + agency.state;
    auto [it, added] = header_of.emplace(key, set->headers.size());
    if (added) set->headers.push_back({.agency = agency, .reports = {}});
    set->headers[it->second].reports.push_back(std::move(record).value());
  }
  return OkStatus();
}

// One record per unit response in one simulated replication, written as each incident closes.
Status ShiftRecords(const ExportOptions& o, nemsis::EmsDataSet* set) {
  auto loaded = model::LoadCityModel(o.model);
  if (!loaded.ok()) return loaded.status().WithContext("--model");
  BEACON_ASSIGN_OR_RETURN(sim::SimScenario scenario, sim::LoadSimScenario(o.scenario, *loaded));
  BEACON_ASSIGN_OR_RETURN(model::CityModel m, sim::ScenarioModel(*loaded, scenario));
  records::RecordContext rc;
  rc.agency = {o.agency_state_id, o.agency_number, o.agency_state};
  rc.agency_name = o.agency_name;
  rc.zone = &m.time_zone();
  Rng uuids(o.seed ^ 0x5eed'0f'4ec0'4d5ULL);
  set->headers.push_back({.agency = rc.agency, .reports = {}});
  std::vector<nemsis::PatientCareReport>& out = set->headers.back().reports;
  Status failed = OkStatus();
  sim::ReplicationOptions options;
  options.seed = o.seed;
  options.on_incident_closed = [&](const center::DispatchCenter& c, IncidentId id) {
    for (const cad::Assignment& a : c.state().assignments()) {
      if (a.incident != id || !failed.ok()) continue;
      // The destination's reason when it is the one the rules rank first for the call.
      records::RecordExtras extras;
      extras.destination_reason_code = c.DestinationReason(a);
      auto r = records::RecordFromCad(c.state(), a, rc, records::NewRecordUuid(uuids), extras);
      if (r.ok()) {
        out.push_back(std::move(r).value());
      } else {
        failed = r.status();
      }
    }
  };
  BEACON_RETURN_IF_ERROR(sim::RunReplication(m, scenario, options).status());
  return failed;
}

Status RunExport(const ExportOptions& o, CommandContext& ctx) {
  const bool from_shift = !o.model.empty() || !o.scenario.empty();
  if (from_shift == !o.records.empty()) {
    return InvalidArgumentError("give either --records FILE or --model and --scenario");
  }
  if (from_shift && (o.model.empty() || o.scenario.empty())) {
    return InvalidArgumentError("a simulated shift needs both --model and --scenario");
  }
  BEACON_ASSIGN_OR_RETURN(std::filesystem::path data, ResolveDataDir(o.data_dir));
  BEACON_ASSIGN_OR_RETURN(nemsis::XsdValidator validator,
                          nemsis::XsdValidator::Load(data / "nemsis" / "xsd"));
  nemsis::EmsDataSet set;
  if (from_shift) {
    BEACON_RETURN_IF_ERROR(ShiftRecords(o, &set));
  } else {
    BEACON_RETURN_IF_ERROR(ReadRecordLines(o.records, &set).WithContext("--records"));
  }
  std::size_t reports = 0;
  for (const nemsis::Header& h : set.headers) reports += h.reports.size();
  if (reports == 0) return InvalidArgumentError("there is no record to export");
  BEACON_ASSIGN_OR_RETURN(std::string xml, nemsis::ExportXml(set));
  BEACON_ASSIGN_OR_RETURN(nemsis::XsdReport valid, validator.ValidateText(xml, o.out));
  if (!valid.ok()) {
    for (const nemsis::Finding& f : valid.findings) Print(ctx, o.out, f);
    return InvalidArgumentError(
        fmt::format("the exported document is not XSD-valid; '{}' was not written", o.out));
  }
  std::ofstream out(o.out, std::ios::binary | std::ios::trunc);
  out << xml;
  out.flush();
  if (!out) return UnavailableError(fmt::format("--out: cannot write '{}'", o.out));
  ctx.out << fmt::format("wrote {} record(s) to {} (XSD-valid NEMSIS v{})\n", reports, o.out,
                         nemsis::kSchemaVersion);
  return OkStatus();
}

Status RunQa(const QaOptions& o, CommandContext& ctx) {
  std::vector<nemsis::PatientCareReport> all;
  for (const std::string& file : o.files) {
    nemsis::EmsDataSet set;
    if (file.ends_with(".jsonl")) {
      BEACON_RETURN_IF_ERROR(ReadRecordLines(file, &set));
    } else {
      BEACON_ASSIGN_OR_RETURN(std::string text, ReadText(file));
      BEACON_ASSIGN_OR_RETURN(nemsis::Import in, nemsis::ImportXml(text, file));
      set = std::move(in.set);
    }
    for (nemsis::Header& h : set.headers) {
      for (nemsis::PatientCareReport& r : h.reports) all.push_back(std::move(r));
    }
  }
  ctx.out << nemsis::QaReport(all).dump(2) << "\n";
  return OkStatus();
}

}  // namespace

void RegisterNemsis(CommandRegistry& registry) {
  CLI::App* cmd =
      registry.Add("nemsis", "NEMSIS v3.5.1 patient care records: validate, import, export, QA");
  cmd->require_subcommand(1);
  const std::string data_help =
      "Shared data directory with nemsis/xsd (default: $BEACON_DATA_DIR or ../shared/data)";
  auto opts = std::make_shared<ValidateOptions>();
  CLI::App* v = cmd->add_subcommand(
      "validate",
      "Check EMSDataSet documents against the official NEMSIS v3.5.1 XSDs and schematron");
  v->add_option("--data-dir", opts->data_dir, data_help);
  v->add_flag("--no-schematron", opts->no_schematron,
              "Check the XSDs only (the schematron needs Java and Saxon-HE)");
  v->add_option("files", opts->files, "EMSDataSet XML files")->required();

  auto imp = std::make_shared<ImportOptions>();
  CLI::App* i = cmd->add_subcommand(
      "import", "Read EMSDataSet documents into records; report what Beacon does not model");
  i->add_option("--data-dir", imp->data_dir, data_help);
  i->add_option("--out", imp->out, "Write the records as JSON lines to this file");
  i->add_option("files", imp->files, "EMSDataSet XML files")->required();

  auto exp = std::make_shared<ExportOptions>();
  CLI::App* e = cmd->add_subcommand(
      "export",
      "Write records as one XSD-valid EMSDataSet document (from JSON lines, or from "
      "a simulated shift's CAD flow)");
  e->add_option("--data-dir", exp->data_dir, data_help);
  e->add_option("--out", exp->out, "EMSDataSet XML file to write")->required();
  e->add_option("--records", exp->records, "Records as JSON lines (as 'nemsis import' writes)");
  e->add_option("--model", exp->model, "City model file, for a simulated shift");
  e->add_option("--scenario", exp->scenario, "Simulation scenario YAML, for a simulated shift");
  e->add_option("--seed", exp->seed, "Random seed of the simulated shift (default 1)");
  e->add_option("--agency-state-id", exp->agency_state_id, "dAgency.01 (default MA-BEACON)");
  e->add_option("--agency-number", exp->agency_number, "dAgency.02 and eResponse.01 (B001)");
  e->add_option("--agency-state", exp->agency_state, "dAgency.04 ANSI state code (25)");
  e->add_option("--agency-name", exp->agency_name, "eResponse.02");

  auto qa = std::make_shared<QaOptions>();
  CLI::App* q = cmd->add_subcommand(
      "qa", "QA measures (cardiac arrest, stroke, STEMI, scene times) of records, as JSON");
  q->add_option("files", qa->files, "EMSDataSet XML files or .jsonl record files")->required();

  registry.SetAction(cmd, [=](CommandContext& ctx) {
    if (v->parsed()) return RunValidate(*opts, ctx);
    if (i->parsed()) return RunImport(*imp, ctx);
    if (e->parsed()) return RunExport(*exp, ctx);
    if (q->parsed()) return RunQa(*qa, ctx);
    return InvalidArgumentError("expected 'nemsis validate', 'import', 'export' or 'qa'");
  });
}

}  // namespace beacon::cli
