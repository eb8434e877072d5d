#include "beacon/base/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace beacon {
namespace {

Result<int> ParsePositive(int v) {
  if (v <= 0) return InvalidArgumentError("must be positive");
  return v;
}

TEST(Result, HoldsValue) {
  Result<int> r = ParsePositive(5);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.has_value());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(*r, 5);
  EXPECT_EQ(r.value(), 5);
  EXPECT_TRUE(r.status().ok());
}

TEST(Result, HoldsError) {
  Result<int> r = ParsePositive(-1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "must be positive");
  EXPECT_EQ(r.value_or(7), 7);
}

TEST(Result, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(3);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 3);
}

TEST(Result, ArrowAccessesMembers) {
  Result<std::string> r = std::string("abc");
  EXPECT_EQ(r->size(), 3u);
}

TEST(ResultDeathTest, ValueOfErrorAborts) {
  Result<int> r = ParsePositive(0);
  EXPECT_DEATH({ (void)r.value(); }, "Result::value\\(\\) on an error.*must be positive");
}

TEST(ResultDeathTest, ConstructingFromOkStatusAborts) {
  EXPECT_DEATH(
      {
        Result<int> r = OkStatus();
        (void)r;
      },
      "OK Status");
}

Result<int> Doubled(int v) {
  BEACON_ASSIGN_OR_RETURN(int x, ParsePositive(v));
  return 2 * x;
}

Status SumInto(const std::vector<int>& in, int& sum) {
  for (int v : in) {
    BEACON_ASSIGN_OR_RETURN(const int x, ParsePositive(v));  // two uses in one scope
    BEACON_ASSIGN_OR_RETURN(auto y, Doubled(x));
    sum += y;
  }
  return OkStatus();
}

Status UsesReturnIfErrorOnResult(int v) {
  BEACON_RETURN_IF_ERROR(ParsePositive(v));
  return OkStatus();
}

TEST(Result, AssignOrReturnPropagatesErrorAndAssignsValue) {
  EXPECT_EQ(*Doubled(4), 8);
  EXPECT_EQ(Doubled(-4).error().message(), "must be positive");
  int sum = 0;
  EXPECT_TRUE(SumInto({1, 2, 3}, sum).ok());
  EXPECT_EQ(sum, 12);
  sum = 0;
  EXPECT_EQ(SumInto({1, -2, 3}, sum).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(sum, 2) << "stopped at the bad element";
  EXPECT_TRUE(UsesReturnIfErrorOnResult(1).ok());
  EXPECT_FALSE(UsesReturnIfErrorOnResult(0).ok());
}

TEST(Result, AssignOrReturnIntoExistingVariable) {
  auto f = [](int v) -> Result<int> {
    int out = 0;
    BEACON_ASSIGN_OR_RETURN(out, ParsePositive(v));
    return out + 1;
  };
  EXPECT_EQ(*f(1), 2);
  EXPECT_FALSE(f(0).ok());
}

}  // namespace
}  // namespace beacon
