#include "cli.h"

#include <CLI/CLI.hpp>

#include <algorithm>

#include "beacon_version.h"
#include "command.h"

namespace beacon::cli {

int RunBeacon(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "Beacon: EMS operations platform (call triage, dispatch, live CAD, patient "
      "records, MCI, and a digital twin of the city).",
      "beacon"};
  app.set_version_flag("--version", std::string("beacon ") + kBeaconVersion);
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  app.footer("Run 'beacon COMMAND --help' for a command's options.");

  CommandRegistry registry(app);
  RegisterAllCommands(registry);

  std::vector<std::string> rest(args.size() > 1 ? args.begin() + 1 : args.end(), args.end());
  std::reverse(rest.begin(), rest.end());  // CLI11 parses a reversed vector
  try {
    app.parse(rest);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion& e) {
    out << e.what() << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    // CLI11's messages name the offending flag or value, e.g. "--model: File does not exist".
    err << "beacon: error: " << e.what() << "\n"
        << "Run 'beacon --help' for usage.\n";
    return kExitUsage;
  }

  std::string name;
  const CommandAction* action = registry.Parsed(&name);
  if (action == nullptr) {
    err << "beacon: error: no command given\n\n" << app.help();
    return kExitUsage;
  }

  SystemClock clock;
  const Logging logging =
      Logging::ToStderr(clock, ParseLogLevel(log_level).value_or(LogLevel::kInfo));
  CommandContext ctx{out, err, clock, logging};
  Status status;
  try {
    status = (*action)(ctx);
  } catch (const std::exception& e) {
    // No exception should reach here (modules return Status); if one does, fail cleanly.
    status = InternalError(e.what());
  }
  logging.Flush();
  if (!status.ok()) {
    err << "beacon " << name << ": error: " << status.message() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace beacon::cli
