#include "beacon/base/status.h"

#include <gtest/gtest.h>

#include <sstream>

namespace beacon {
namespace {

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(Status, ErrorCarriesCodeAndMessage) {
  Status s = NotFoundError("graph file 'x.graph' not found");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "graph file 'x.graph' not found");
  EXPECT_EQ(s.ToString(), "NOT_FOUND: graph file 'x.graph' not found");
}

TEST(Status, EveryHelperMapsToItsCode) {
  EXPECT_EQ(CancelledError("").code(), StatusCode::kCancelled);
  EXPECT_EQ(InvalidArgumentError("").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(DeadlineExceededError("").code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(AlreadyExistsError("").code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(PermissionDeniedError("").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(ResourceExhaustedError("").code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(FailedPreconditionError("").code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(AbortedError("").code(), StatusCode::kAborted);
  EXPECT_EQ(OutOfRangeError("").code(), StatusCode::kOutOfRange);
  EXPECT_EQ(UnimplementedError("").code(), StatusCode::kUnimplemented);
  EXPECT_EQ(InternalError("").code(), StatusCode::kInternal);
  EXPECT_EQ(UnavailableError("").code(), StatusCode::kUnavailable);
  EXPECT_EQ(DataLossError("").code(), StatusCode::kDataLoss);
  EXPECT_EQ(UnauthenticatedError("").code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(StatusCodeName(StatusCode::kFailedPrecondition), "FAILED_PRECONDITION");
}

TEST(Status, OkCodeWithMessageIsStillOk) {
  Status s(StatusCode::kOk, "ignored");
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.message(), "");
}

TEST(Status, WithContextPrefixesMessageAndKeepsCode) {
  Status s = DataLossError("checksum mismatch").WithContext("graph 'boston.graph'");
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_EQ(s.message(), "graph 'boston.graph': checksum mismatch");
  EXPECT_TRUE(OkStatus().WithContext("anything").ok());
}

TEST(Status, CopiesCompareEqualAndPrint) {
  Status a = AbortedError("stale version 3");
  Status b = a;
  b = b.WithContext("unit 7");  // changing a copy leaves the original alone
  EXPECT_EQ(a.message(), "stale version 3");
  EXPECT_EQ(b.message(), "unit 7: stale version 3");
  const Status& c = a;
  EXPECT_EQ(a, c);
  EXPECT_FALSE(a == AbortedError("stale version 4"));
  EXPECT_FALSE(a == InternalError("stale version 3"));
  std::ostringstream os;
  os << a;
  EXPECT_EQ(os.str(), "ABORTED: stale version 3");
}

Status FailsWhen(bool fail) { return fail ? InvalidArgumentError("bad") : OkStatus(); }

Status Chain(bool fail, int& reached) {
  BEACON_RETURN_IF_ERROR(FailsWhen(fail));
  reached = 1;
  return OkStatus();
}

TEST(Status, ReturnIfErrorReturnsEarlyOnlyOnError) {
  int reached = 0;
  EXPECT_EQ(Chain(true, reached).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(reached, 0);
  EXPECT_TRUE(Chain(false, reached).ok());
  EXPECT_EQ(reached, 1);
}

}  // namespace
}  // namespace beacon
