#include "beacon/base/status.h"

namespace beacon {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kCancelled:
      return "CANCELLED";
    case StatusCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case StatusCode::kDeadlineExceeded:
      return "DEADLINE_EXCEEDED";
    case StatusCode::kNotFound:
      return "NOT_FOUND";
    case StatusCode::kAlreadyExists:
      return "ALREADY_EXISTS";
    case StatusCode::kPermissionDenied:
      return "PERMISSION_DENIED";
    case StatusCode::kResourceExhausted:
      return "RESOURCE_EXHAUSTED";
    case StatusCode::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case StatusCode::kAborted:
      return "ABORTED";
    case StatusCode::kOutOfRange:
      return "OUT_OF_RANGE";
    case StatusCode::kUnimplemented:
      return "UNIMPLEMENTED";
    case StatusCode::kInternal:
      return "INTERNAL";
    case StatusCode::kUnavailable:
      return "UNAVAILABLE";
    case StatusCode::kDataLoss:
      return "DATA_LOSS";
    case StatusCode::kUnauthenticated:
      return "UNAUTHENTICATED";
  }
  return "UNKNOWN";
}

Status::Status(StatusCode code, std::string_view message) {
  if (code != StatusCode::kOk) {
    rep_ = std::make_shared<const Rep>(Rep{code, std::string(message)});
  }
}

std::string_view Status::message() const {
  return rep_ ? std::string_view(rep_->message) : std::string_view();
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(StatusCodeName(rep_->code));
  if (!rep_->message.empty()) {
    out += ": ";
    out += rep_->message;
  }
  return out;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  std::string msg(context);
  msg += ": ";
  msg += rep_->message;
  return Status(rep_->code, msg);
}

bool operator==(const Status& a, const Status& b) {
  return a.code() == b.code() && a.message() == b.message();
}

std::ostream& operator<<(std::ostream& os, const Status& status) { return os << status.ToString(); }

#define BEACON_DEFINE_ERROR(Name, Code) \
  Status Name(std::string_view message) { return Status(StatusCode::Code, message); }
BEACON_DEFINE_ERROR(CancelledError, kCancelled)
BEACON_DEFINE_ERROR(InvalidArgumentError, kInvalidArgument)
BEACON_DEFINE_ERROR(DeadlineExceededError, kDeadlineExceeded)
BEACON_DEFINE_ERROR(NotFoundError, kNotFound)
BEACON_DEFINE_ERROR(AlreadyExistsError, kAlreadyExists)
BEACON_DEFINE_ERROR(PermissionDeniedError, kPermissionDenied)
BEACON_DEFINE_ERROR(ResourceExhaustedError, kResourceExhausted)
BEACON_DEFINE_ERROR(FailedPreconditionError, kFailedPrecondition)
BEACON_DEFINE_ERROR(AbortedError, kAborted)
BEACON_DEFINE_ERROR(OutOfRangeError, kOutOfRange)
BEACON_DEFINE_ERROR(UnimplementedError, kUnimplemented)
BEACON_DEFINE_ERROR(InternalError, kInternal)
BEACON_DEFINE_ERROR(UnavailableError, kUnavailable)
BEACON_DEFINE_ERROR(DataLossError, kDataLoss)
BEACON_DEFINE_ERROR(UnauthenticatedError, kUnauthenticated)
#undef BEACON_DEFINE_ERROR

}  // namespace beacon
