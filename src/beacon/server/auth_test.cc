#include "beacon/server/auth.h"

#include <gtest/gtest.h>

namespace beacon::server {
namespace {

TEST(Auth, PasswordsHashWithArgon2idAndVerify) {
  auto h = HashPassword("correct horse battery staple");
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u) << *h;
  EXPECT_TRUE(VerifyPassword(*h, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(*h, "correct horse battery stapler"));
  EXPECT_FALSE(VerifyPassword("", "anything at all"));
  EXPECT_FALSE(VerifyPassword("not a hash", "anything at all"));
  auto again = HashPassword("correct horse battery staple");
  EXPECT_NE(*again, *h) << "salted: the same password hashes differently";
}

TEST(Auth, PasswordPolicyAndUserNames) {
  EXPECT_FALSE(CheckPasswordPolicy("short").ok());
  EXPECT_TRUE(CheckPasswordPolicy("twelve chars").ok());
  EXPECT_FALSE(CheckPasswordPolicy(std::string(257, 'x')).ok());
  EXPECT_TRUE(CheckUserName("kim.lee-2").ok());
  EXPECT_FALSE(CheckUserName("").ok());
  EXPECT_FALSE(CheckUserName("Kim").ok());
  EXPECT_FALSE(CheckUserName(".kim").ok());
  EXPECT_FALSE(CheckUserName("kim lee").ok());
  EXPECT_FALSE(CheckUserName(std::string(65, 'a')).ok());
}

TEST(Auth, RolesRoundTripAndUnknownOnesAreNamed) {
  for (int i = 0; i < kRoleCount; ++i) {
    const Role r = static_cast<Role>(i);
    EXPECT_EQ(*ParseRole(RoleName(r)), r);
  }
  auto bad = ParseRole("janitor");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("call_taker, dispatcher"), std::string_view::npos);
}

TEST(Auth, SessionsExpireWhenIdleAndEndAtLogout) {
  ManualClock clock(*ParseInstant("2026-07-01T12:00:00Z"));
  Sessions s(clock, Minutes{15});
  const std::string token = s.Open("kim", Role::kDispatcher);
  EXPECT_EQ(token.size(), 64u);
  clock.Set(clock.Now() + Minutes{14});
  ASSERT_TRUE(s.Check(token).ok());  // used: the idle timer restarts
  clock.Set(clock.Now() + Minutes{14});
  auto ok = s.Check(token);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->user, "kim");
  EXPECT_EQ(ok->role, Role::kDispatcher);
  clock.Set(clock.Now() + Minutes{15} + Seconds{1});
  auto expired = s.Check(token);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(expired.status().message().find("expired"), std::string_view::npos);
  EXPECT_FALSE(s.Check(token).ok()) << "an expired session stays ended";
  const std::string t2 = s.Open("ana", Role::kCrew);
  s.Close(t2);
  EXPECT_FALSE(s.Check(t2).ok());
  EXPECT_FALSE(s.Check("").ok());
  EXPECT_FALSE(s.Check(std::string(64, '0')).ok());
}

}  // namespace
}  // namespace beacon::server
