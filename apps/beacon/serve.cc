// `beacon serve --model FILE --db URL [--listen 127.0.0.1:8080] [--web DIR] [--threads N]
// [--demo [--scenario FILE] [--speed X]]`: the live CAD server (docs/api/). Rebuilds the state
// from the store, then serves the API and the feed until Ctrl-C. With --demo a simulated shift
// plays into it through the API (server/demo.h) and, when the store has no admin yet, a one-time
// admin password is created and printed. `beacon user add` and `beacon store backup` work on
// the same store.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <optional>
#include <thread>

#include "beacon/model/city_model.h"
#include "beacon/server/api.h"
#include "beacon/server/auth.h"
#include "beacon/server/demo.h"
#include "beacon/server/net.h"
#include "beacon/sim/scenario.h"
#include "beacon/store/group_commit.h"
#include "beacon/store/open/open_store.h"

#include "command.h"

namespace beacon::cli {
namespace {

struct ServeFlags {
  std::string model;
  std::string db;
  std::string listen = "127.0.0.1:8080";
  std::string web;
  std::string tls_cert;
  std::string tls_key;
  int threads = 2;
  int idle_minutes = 15;
  bool demo = false;
  std::string scenario = "data/scenarios/boston.yaml";
  double speed = 1;
};

// Users the demo needs: its four actors (a random password nobody sees) and, when the store has
// no admin, an admin and a supervisor (for the console) whose one-time passwords are printed.
Result<std::string> DemoUsers(store::Store& st, const Clock& clock, std::ostream& out) {
  const std::string password = server::RandomHex(16);
  BEACON_ASSIGN_OR_RETURN(std::string hash, server::HashPassword(password));
  store::WriteBatch b;
  b.users.push_back({server::DemoShift::kCallTaker, "call_taker", hash, false, clock.Now()});
  b.users.push_back({server::DemoShift::kDispatcher, "dispatcher", hash, false, clock.Now()});
  b.users.push_back({server::DemoShift::kCrew, "crew", hash, false, clock.Now()});
  b.users.push_back({server::DemoShift::kSupervisor, "supervisor", hash, false, clock.Now()});
  BEACON_ASSIGN_OR_RETURN(auto users, st.Users());
  const bool has_admin = std::any_of(users.begin(), users.end(), [](const store::UserRecord& u) {
    return u.role == "admin" && !u.disabled;
  });
  if (!has_admin) {
    const std::string admin_password = server::RandomHex(12);
    BEACON_ASSIGN_OR_RETURN(std::string admin_hash, server::HashPassword(admin_password));
    b.users.push_back({"admin", "admin", admin_hash, false, clock.Now()});
    out << "beacon serve: created user admin with one-time password " << admin_password << "\n";
    // Someone to work the console as: a supervisor dispatches, takes calls and sets Code Black.
    const std::string sup_password = server::RandomHex(12);
    BEACON_ASSIGN_OR_RETURN(std::string sup_hash, server::HashPassword(sup_password));
    b.users.push_back({"supervisor", "supervisor", sup_hash, false, clock.Now()});
    out << "beacon serve: created user supervisor with one-time password " << sup_password
        << " (the console's login)\n";
  }
  b.audit.push_back({0, clock.Now(), "cli:serve --demo", "user_added", "demo users", ""});
  BEACON_RETURN_IF_ERROR(st.Commit(b));
  return password;
}

// The host part of HOST:PORT as a URL shows it ([::1] stays bracketed).
std::string ListenHost(const std::string& listen) {
  const std::string host = listen.substr(0, listen.rfind(':'));
  return host == "0.0.0.0" ? "127.0.0.1" : host == "::" || host == "[::]" ? "[::1]" : host;
}

Status Serve(const ServeFlags& f, CommandContext& ctx) {
  server::ServerOptions o;
  o.listen = f.listen;
  o.threads = f.threads;
  if (!f.web.empty()) o.web_root = f.web;
  o.tls_cert = f.tls_cert;
  o.tls_key = f.tls_key;
  BEACON_RETURN_IF_ERROR(o.Validate());  // before anything slow: a bad address fails at once
  auto m = model::LoadCityModel(f.model);
  if (!m.ok()) return m.status().WithContext("--model");
  std::optional<sim::SimScenario> scenario;
  if (f.demo) {
    BEACON_ASSIGN_OR_RETURN(scenario, sim::LoadSimScenario(f.scenario, *m));
  }
  // Sped-up demo: the whole server runs on the faster clock (timers, alerts, the shift).
  std::optional<ScaledClock> scaled;
  if (f.speed != 1) scaled.emplace(ctx.clock, ctx.clock.Now(), f.speed);
  const Clock& clock = scaled ? static_cast<const Clock&>(*scaled) : ctx.clock;
  BEACON_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> st, store::OpenStore(f.db));
  std::string demo_password;
  if (f.demo) {
    BEACON_ASSIGN_OR_RETURN(demo_password, DemoUsers(*st, clock, ctx.out));
  }
  server::Api::Options ao;
  ao.idle_limit = Minutes{f.idle_minutes};
  const Instant t0 = ctx.clock.Now();
  BEACON_ASSIGN_OR_RETURN(std::unique_ptr<server::Api> api,
                          server::Api::Create(*m, *st, clock, ao));
  BEACON_ASSIGN_OR_RETURN(auto users, st->Users());
  store::GroupCommitter committer(*st);
  BEACON_ASSIGN_OR_RETURN(std::unique_ptr<server::Server> srv,
                          server::Server::Start(*api, committer, *st, o));
  ctx.out << fmt::format(
                 "beacon serve: {} store, state after event {} restored in {:.2f} s (snapshot at "
                 "{}, {} events replayed), {} users; listening on {}://{}:{}/ (Ctrl-C stops)\n",
                 st->kind(), api->last_seq(), ToSecondsF(ctx.clock.Now() - t0),
                 api->restored_snapshot_seq(), api->restored_tail(), users.size(),
                 o.tls() ? "https" : "http", ListenHost(o.listen), srv->port())
          << std::flush;
  if (users.empty()) {
    ctx.out << "beacon serve: the store has no users yet; add one with `beacon user add --db "
            << f.db << " --name NAME --role admin`\n"
            << std::flush;
  }
  std::atomic<bool> stop{false};
  std::thread demo_thread;
  std::unique_ptr<server::DemoShift> demo;
  if (f.demo) {
    server::DemoShift::Options d;
    d.password = demo_password;
    demo = std::make_unique<server::DemoShift>(
        *m, *scenario, clock, scaled ? &*scaled : nullptr,
        [&srv](server::HttpRequest r) { return srv->Call(std::move(r)); }, d);
    ctx.out << fmt::format("beacon serve: demo shift from {} at {}x real time\n", f.scenario,
                           f.speed)
            << std::flush;
    demo_thread = std::thread([&] { demo->Run(stop); });
  }
  const Status why = srv->Run();
  stop = true;
  if (demo_thread.joinable()) demo_thread.join();
  if (demo) {
    const auto& s = demo->stats();
    ctx.out << fmt::format(
        "beacon serve: demo played {} calls, {} dispatches, {} status changes, {} positions\n",
        s.calls.load(), s.dispatched.load(), s.status_changes.load(), s.positions.load());
  }
  ctx.out << "beacon serve: stopped\n";
  return why;
}

struct UserFlags {
  std::string db;
  std::string name;
  std::string role;
  std::optional<std::string> unit;  // --unit: the call sign of the unit a crew user staffs
  bool password_stdin = false;
};

// A unit's call sign as a crew user names it: 1 to 16 letters, digits and '-' ("A7", "M3-b").
// Whether the city model has such a unit is the server's check, at login.
Status CheckUnitCallSign(const std::string& unit) {
  const bool ok =
      !unit.empty() && unit.size() <= 16 && std::all_of(unit.begin(), unit.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-';
      });
  if (ok) return OkStatus();
  return InvalidArgumentError(
      fmt::format("--unit '{}': a unit call sign has 1 to 16 letters, digits and '-'", unit));
}

// The whole user is given each time: a crew user added again without --unit staffs no unit.
Status AddUser(const UserFlags& f, CommandContext& ctx) {
  BEACON_RETURN_IF_ERROR(server::CheckUserName(f.name).WithContext("--name"));
  BEACON_ASSIGN_OR_RETURN(server::Role role, server::ParseRole(f.role).WithContextFrom(
                                                 [] { return std::string("--role"); }));
  if (f.unit) {
    if (role != server::Role::kCrew) {
      return InvalidArgumentError("--unit: only a crew user staffs a unit");
    }
    BEACON_RETURN_IF_ERROR(CheckUnitCallSign(*f.unit));
  }
  const std::string unit = f.unit.value_or("");
  BEACON_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> st, store::OpenStore(f.db));
  BEACON_ASSIGN_OR_RETURN(auto existing, st->FindUser(f.name));
  std::string password;
  bool generated = false;
  if (f.password_stdin) {
    std::getline(std::cin, password);
    BEACON_RETURN_IF_ERROR(server::CheckPasswordPolicy(password).WithContext("password"));
  } else {
    password = server::RandomHex(12);  // 96 bits, shown once
    generated = true;
  }
  BEACON_ASSIGN_OR_RETURN(std::string hash, server::HashPassword(password));
  store::WriteBatch b;
  b.users.push_back({f.name, std::string(server::RoleName(role)), hash, false,
                     existing.has_value() ? existing->created : ctx.clock.Now(), unit});
  const std::string what = unit.empty() ? std::string(server::RoleName(role))
                                        : fmt::format("{}, unit {}", server::RoleName(role), unit);
  b.audit.push_back({0, ctx.clock.Now(), "cli:user add", existing ? "user_changed" : "user_added",
                     "user " + f.name, what});
  BEACON_RETURN_IF_ERROR(st->Commit(b));
  ctx.out << fmt::format("user {} ({}) {}", f.name, what, existing ? "updated" : "added");
  if (generated) ctx.out << fmt::format("; one-time password: {}", password);
  ctx.out << "\n";
  return OkStatus();
}

Status ListUsers(const std::string& db, CommandContext& ctx) {
  BEACON_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> st, store::OpenStore(db));
  BEACON_ASSIGN_OR_RETURN(auto users, st->Users());
  // Name, role, unit ("-" for none), then "disabled" for a disabled user; tab-separated.
  for (const store::UserRecord& u : users) {
    ctx.out << fmt::format("{}\t{}\t{}{}\n", u.name, u.role, u.unit.empty() ? "-" : u.unit,
                           u.disabled ? "\tdisabled" : "");
  }
  return OkStatus();
}

}  // namespace

void RegisterServe(CommandRegistry& registry) {
  auto* cmd = registry.Add("serve", "Run the live CAD server: API, live feed, durable store");
  auto f = std::make_shared<ServeFlags>();
  cmd->add_option("--model", f->model, "City model file (beacon model build)")->required();
  cmd->add_option("--db", f->db, "Store: sqlite:FILE, FILE or postgresql://...")->required();
  cmd->add_option("--listen", f->listen,
                  "HOST:PORT to listen on (anything but loopback needs --tls-cert and --tls-key)")
      ->capture_default_str();
  cmd->add_option("--tls-cert", f->tls_cert, "PEM certificate chain: serve HTTPS and WSS only");
  cmd->add_option("--tls-key", f->tls_key, "PEM private key of --tls-cert");
  cmd->add_option("--web", f->web, "Directory of the built console to serve");
  cmd->add_option("--threads", f->threads, "Network threads")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_option("--idle-minutes", f->idle_minutes, "Sessions end after this long idle")
      ->check(CLI::Range(1, 24 * 60))
      ->capture_default_str();
  cmd->add_flag("--demo", f->demo, "Play a simulated shift into the server through its API");
  cmd->add_option("--scenario", f->scenario, "Simulation scenario the demo's calls come from")
      ->capture_default_str();
  cmd->add_option("--speed", f->speed, "Demo clock speed (1 = real time)")
      ->check(CLI::Range(1.0, 600.0))
      ->capture_default_str();
  registry.SetAction(cmd, [f](CommandContext& ctx) { return Serve(*f, ctx); });
}

void RegisterUser(CommandRegistry& registry) {
  auto* cmd = registry.Add("user", "Manage the server's users");
  cmd->require_subcommand(1);
  auto* add = cmd->add_subcommand("add", "Add a user (or change its role and password)");
  auto f = std::make_shared<UserFlags>();
  add->add_option("--db", f->db, "Store: sqlite:FILE, FILE or postgresql://...")->required();
  add->add_option("--name", f->name, "User name")->required();
  add->add_option("--role", f->role,
                  "call_taker, dispatcher, supervisor, crew, medical_director, analyst or admin")
      ->required();
  add->add_option("--unit", f->unit, "Crew only: the call sign of the unit the user staffs (A7)");
  add->add_flag("--password-stdin", f->password_stdin,
                "Read the password from stdin (else a one-time password is generated and shown)");
  auto* list = cmd->add_subcommand("list", "List users: name, role, unit (crew), disabled");
  auto db = std::make_shared<std::string>();
  list->add_option("--db", *db, "Store URL")->required();
  registry.SetAction(cmd, [f, db, add](CommandContext& ctx) {
    return add->parsed() ? AddUser(*f, ctx) : ListUsers(*db, ctx);
  });
}

void RegisterStore(CommandRegistry& registry) {
  auto* cmd = registry.Add("store", "Work on a store");
  cmd->require_subcommand(1);
  auto* backup = cmd->add_subcommand("backup", "Write a consistent copy of the store as SQLite");
  auto db = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  backup->add_option("--db", *db, "Store: sqlite:FILE, FILE or postgresql://...")->required();
  backup->add_option("--out", *out, "The new SQLite file (must not exist)")->required();
  registry.SetAction(cmd, [db, out](CommandContext& ctx) -> Status {
    BEACON_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> st, store::OpenStore(*db));
    BEACON_RETURN_IF_ERROR(st->Backup(*out));
    BEACON_ASSIGN_OR_RETURN(std::uint64_t last, st->LastSeq());
    ctx.out << fmt::format("backup of {} store ({} events at the start) written to {}\n",
                           st->kind(), last, *out);
    return OkStatus();
  });
}

}  // namespace beacon::cli
