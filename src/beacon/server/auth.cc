#include "beacon/server/auth.h"

#include <fmt/format.h>
#include <sodium.h>

#include <array>

namespace beacon::server {
namespace {

constexpr std::array<std::string_view, kRoleCount> kRoleNames = {
    "call_taker", "dispatcher", "supervisor", "crew", "medical_director", "analyst", "admin"};

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

std::string Hex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

}  // namespace

std::string_view RoleName(Role role) { return kRoleNames[static_cast<std::size_t>(role)]; }

Result<Role> ParseRole(std::string_view name) {
  for (std::size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  }
  return InvalidArgumentError(fmt::format("'{}' is not a role (one of {})", name,
                                          fmt::join(kRoleNames.begin(), kRoleNames.end(), ", ")));
}

Status CheckPasswordPolicy(std::string_view password) {
  if (password.size() < 12) {
    return InvalidArgumentError("a password needs at least 12 characters");
  }
  if (password.size() > 256)
    return InvalidArgumentError("a password may have at most 256 characters");
  return OkStatus();
}

Result<std::string> HashPassword(std::string_view password) {
  if (!SodiumReady()) return InternalError("libsodium failed to initialise");
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhaustedError("password hashing ran out of memory");
  }
  return std::string(out.data());
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!SodiumReady() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string h(hash);  // NUL-terminated
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

Status CheckUserName(std::string_view name) {
  if (name.empty() || name.size() > 64) {
    return InvalidArgumentError("a user name needs 1 to 64 characters");
  }
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!(alnum || (i > 0 && (c == '.' || c == '_' || c == '-')))) {
      return InvalidArgumentError(fmt::format(
          "user name '{}': use lowercase letters, digits, '.', '_' and '-', starting with a "
          "letter or digit",
          name));
    }
  }
  return OkStatus();
}

std::string RandomHex(std::size_t bytes) {
  (void)SodiumReady();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return Hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string DigestHex(std::string_view data) {
  (void)SodiumReady();
  std::array<unsigned char, 32> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
  return Hex(out.data(), out.size());
}

std::string Sessions::Open(std::string user, Role role, std::optional<UnitId> unit) {
  std::string token = RandomHex(32);
  const Instant now = clock_.Now();
  std::lock_guard lock(mu_);
  by_digest_[DigestHex(token)] = Session{std::move(user), role, now, now, unit};
  return token;
}

Result<Session> Sessions::Check(std::string_view token) {
  const std::string key = DigestHex(token);
  const Instant now = clock_.Now();
  std::lock_guard lock(mu_);
  auto it = by_digest_.find(key);
  if (it == by_digest_.end()) return UnauthenticatedError("unknown or ended session; log in");
  if (now - it->second.last_used > idle_limit_) {
    by_digest_.erase(it);
    return UnauthenticatedError("the session expired after inactivity; log in again");
  }
  it->second.last_used = now;
  return it->second;
}

void Sessions::Close(std::string_view token) {
  const std::string key = DigestHex(token);
  std::lock_guard lock(mu_);
  by_digest_.erase(key);
}

void Sessions::CloseUser(std::string_view user) {
  std::lock_guard lock(mu_);
  for (auto it = by_digest_.begin(); it != by_digest_.end();) {
    it = it->second.user == user ? by_digest_.erase(it) : std::next(it);
  }
}

std::size_t Sessions::size() const {
  std::lock_guard lock(mu_);
  return by_digest_.size();
}

}  // namespace beacon::server
