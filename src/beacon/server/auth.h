// Users, roles, passwords and sessions for the live server.
//
//   BEACON_ASSIGN_OR_RETURN(std::string hash, HashPassword("correct horse battery"));
//   VerifyPassword(hash, "correct horse battery") == true;
//   Sessions sessions(clock, Minutes{15});
//   std::string token = sessions.Open("kim", Role::kDispatcher);
//   BEACON_ASSIGN_OR_RETURN(Session s, sessions.Check(token));   // refreshes its idle timer
//
// Passwords are hashed with libsodium's crypto_pwhash_str (argon2id, the library's interactive
// limits); there is no default password anywhere. Session tokens are 256 random bits; a session
// ends after `idle_limit` without a request (the Clock decides), at logout, or when the server
// restarts. The table keeps only a hash of each token.
// Thread-safety: Sessions takes an internal mutex; the functions are thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "beacon/base/clock.h"
#include "beacon/base/ids.h"
#include "beacon/base/result.h"

namespace beacon::server {

enum class Role : std::uint8_t {
  kCallTaker,
  kDispatcher,
  kSupervisor,
  kCrew,
  kMedicalDirector,
  kAnalyst,
  kAdmin,
};
inline constexpr int kRoleCount = 7;

// "call_taker", "dispatcher", "supervisor", "crew", "medical_director", "analyst", "admin".
std::string_view RoleName(Role role);
Result<Role> ParseRole(std::string_view name);

// At least 12 characters, at most 256 (what is refused says why).
Status CheckPasswordPolicy(std::string_view password);
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view hash, std::string_view password);
// A name: 1 to 64 of [a-z0-9._-], starting with a letter or digit.
Status CheckUserName(std::string_view name);
// `bytes` random bytes as lowercase hex (tokens, one-time passwords).
std::string RandomHex(std::size_t bytes);
// A keyed-free BLAKE2b digest as hex (idempotency request fingerprints, token keys).
std::string DigestHex(std::string_view data);

struct Session {
  std::string user;
  Role role = Role::kCrew;
  Instant opened;
  Instant last_used;
  std::optional<UnitId> unit;  // the unit a crew member staffs this shift (named at login)
};

class Sessions {
 public:
  Sessions(const Clock& clock, Milliseconds idle_limit) : clock_(clock), idle_limit_(idle_limit) {}
  std::string Open(std::string user, Role role, std::optional<UnitId> unit = std::nullopt);
  // The session of `token`, its idle timer restarted; UNAUTHENTICATED when unknown or expired
  // (an expired session is removed).
  Result<Session> Check(std::string_view token);
  void Close(std::string_view token);
  // Ends every session of `user` (disabled or role changed).
  void CloseUser(std::string_view user);
  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] Milliseconds idle_limit() const { return idle_limit_; }

 private:
  const Clock& clock_;
  Milliseconds idle_limit_;
  mutable std::mutex mu_;
  std::map<std::string, Session, std::less<>> by_digest_;
};

}  // namespace beacon::server
