// The list of `beacon` sub-commands. Each later capability adds its Register line here and its
// file to CMakeLists.txt; nothing else in the CLI changes.
#include "command.h"

namespace beacon::cli {

void RegisterDoctor(CommandRegistry& registry);
void RegisterTriage(CommandRegistry& registry);

void RegisterAllCommands(CommandRegistry& registry) {
  RegisterDoctor(registry);
  RegisterTriage(registry);
}

}  // namespace beacon::cli
