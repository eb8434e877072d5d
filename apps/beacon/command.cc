#include "command.h"

namespace beacon::cli {

CLI::App* CommandRegistry::Add(const std::string& name, const std::string& description) {
  CLI::App* cmd = app_.add_subcommand(name, description);
  entries_.push_back({cmd, nullptr});
  return cmd;
}

void CommandRegistry::SetAction(CLI::App* command, CommandAction action) {
  for (Entry& e : entries_) {
    if (e.command == command) {
      e.action = std::move(action);
      return;
    }
  }
}

const CommandAction* CommandRegistry::Parsed(std::string* name) const {
  for (const Entry& e : entries_) {
    if (e.command->parsed() && e.action) {
      *name = e.command->get_name();
      return &e.action;
    }
  }
  return nullptr;
}

}  // namespace beacon::cli
