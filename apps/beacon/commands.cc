// The list of `beacon` sub-commands. Each later capability adds its Register line here and its
// file to CMakeLists.txt; nothing else in the CLI changes.
#include "command.h"

namespace beacon::cli {

void RegisterDoctor(CommandRegistry& registry);
void RegisterGraph(CommandRegistry& registry);
void RegisterRoute(CommandRegistry& registry);
void RegisterMatrix(CommandRegistry& registry);
void RegisterTriage(CommandRegistry& registry);
void RegisterModel(CommandRegistry& registry);
void RegisterScenario(CommandRegistry& registry);
void RegisterMci(CommandRegistry& registry);
void RegisterPlan(CommandRegistry& registry);
void RegisterSim(CommandRegistry& registry);
void RegisterServe(CommandRegistry& registry);
void RegisterUser(CommandRegistry& registry);
void RegisterStore(CommandRegistry& registry);
void RegisterNemsis(CommandRegistry& registry);

void RegisterAllCommands(CommandRegistry& registry) {
  RegisterDoctor(registry);
  RegisterGraph(registry);
  RegisterRoute(registry);
  RegisterMatrix(registry);
  RegisterTriage(registry);
  RegisterModel(registry);
  RegisterScenario(registry);
  RegisterMci(registry);
  RegisterPlan(registry);
  RegisterSim(registry);
  RegisterServe(registry);
  RegisterUser(registry);
  RegisterStore(registry);
  RegisterNemsis(registry);
}

}  // namespace beacon::cli
