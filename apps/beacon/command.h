// Command: how a `beacon` sub-command plugs into the CLI. Each sub-command lives in its own file
// (graph.cc, route.cc, ...) with one Register function listed in commands.cc.
//
//   void RegisterDoctor(CommandRegistry& registry) {
//     auto* cmd = registry.Add("doctor", "Check this machine and the data Beacon needs");
//     auto opts = std::make_shared<Options>();
//     cmd->add_option("--data-dir", opts->dir, "...");
//     registry.SetAction(cmd, [opts](CommandContext& ctx) { return RunDoctor(*opts, ctx); });
//   }
//
// An action returns a Status: OK exits 0, an error prints "beacon <cmd>: error: <message>" to
// stderr and exits 1. Usage errors (unknown flag, bad value) are caught by CLI11 and exit 2.
// Thread-safety: the CLI runs on one thread.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "beacon/base/clock.h"
#include "beacon/base/log.h"
#include "beacon/base/status.h"

namespace beacon::cli {

// What every action gets: where to print, the one Clock, and logging.
struct CommandContext {
  std::ostream& out;
  std::ostream& err;
  const Clock& clock;
  const Logging& logging;
};

using CommandAction = std::function<Status(CommandContext&)>;

class CommandRegistry {
 public:
  explicit CommandRegistry(CLI::App& app) : app_(app) {}

  // Adds a sub-command; the caller adds its options to the returned App.
  CLI::App* Add(const std::string& name, const std::string& description);
  void SetAction(CLI::App* command, CommandAction action);

  // The action of the sub-command that was parsed, if any.
  [[nodiscard]] const CommandAction* Parsed(std::string* name) const;

 private:
  struct Entry {
    CLI::App* command;
    CommandAction action;
  };
  CLI::App& app_;
  std::vector<Entry> entries_;
};

// Every sub-command's Register function (commands.cc calls them in order).
void RegisterAllCommands(CommandRegistry& registry);

}  // namespace beacon::cli
