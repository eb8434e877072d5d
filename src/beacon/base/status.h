// Status: the outcome of an operation that can fail for an expected reason.
//
//   beacon::Status s = beacon::InvalidArgumentError("--model: file 'x.model' not found");
//   if (!s.ok()) std::cerr << s.ToString();   // "INVALID_ARGUMENT: --model: file ..."
//
// Expected failures (bad input, missing files, conflicts) are values; programmer errors are
// BEACON_CHECK. The server maps StatusCode to HTTP in one table (server/), never elsewhere.
// Thread-safety: a Status is an immutable value; copies may be used from any thread.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace beacon {

// Codes follow the widely used canonical set (as in absl::StatusCode) so that their meaning is
// familiar; Beacon uses only those it needs.
enum class StatusCode {
  kOk = 0,
  kCancelled,
  kInvalidArgument,  // the caller's input is malformed or out of range
  kDeadlineExceeded,
  kNotFound,  // a named thing (file, id) does not exist
  kAlreadyExists,
  kPermissionDenied,    // authenticated, but the role may not do this
  kResourceExhausted,   // too large, too many
  kFailedPrecondition,  // the state forbids it (e.g. an illegal status transition)
  kAborted,             // a concurrent change won (stale version)
  kOutOfRange,
  kUnimplemented,
  kInternal,
  kUnavailable,
  kDataLoss,  // stored data is corrupt or truncated
  kUnauthenticated,
};

// The canonical upper-case name, e.g. "INVALID_ARGUMENT".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  // An OK status. Cheap: holds no allocation.
  Status() = default;
  Status(StatusCode code, std::string_view message);

  [[nodiscard]] bool ok() const { return rep_ == nullptr; }
  [[nodiscard]] StatusCode code() const { return rep_ ? rep_->code : StatusCode::kOk; }
  // The message without the code; empty for OK.
  [[nodiscard]] std::string_view message() const;
  // "OK" or "CODE: message".
  [[nodiscard]] std::string ToString() const;

  // A copy whose message is "context: message"; OK stays OK. Use it to name the file, line or
  // field where an error happened as it travels up.
  [[nodiscard]] Status WithContext(std::string_view context) const;
  // The same with the context made only on error (hot paths: no formatting when OK).
  //   ValidateLatLon(p).WithContextFrom([&] { return fmt::format("unit {}", unit); })
  template <typename MakeContext>
  [[nodiscard]] Status WithContextFrom(MakeContext&& make) const {
    if (ok()) return *this;
    return WithContext(make());
  }

  friend bool operator==(const Status& a, const Status& b);

 private:
  struct Rep {
    StatusCode code;
    std::string message;
  };
  std::shared_ptr<const Rep> rep_;  // null when OK; shared so copies are cheap
};

std::ostream& operator<<(std::ostream& os, const Status& status);

inline Status OkStatus() { return Status(); }
Status CancelledError(std::string_view message);
Status InvalidArgumentError(std::string_view message);
Status DeadlineExceededError(std::string_view message);
Status NotFoundError(std::string_view message);
Status AlreadyExistsError(std::string_view message);
Status PermissionDeniedError(std::string_view message);
Status ResourceExhaustedError(std::string_view message);
Status FailedPreconditionError(std::string_view message);
Status AbortedError(std::string_view message);
Status OutOfRangeError(std::string_view message);
Status UnimplementedError(std::string_view message);
Status InternalError(std::string_view message);
Status UnavailableError(std::string_view message);
Status DataLossError(std::string_view message);
Status UnauthenticatedError(std::string_view message);

}  // namespace beacon

// Evaluates `expr` (a Status or Result<T>); if it is an error, returns it from the enclosing
// function (whose return type is Status or Result<U>).
#define BEACON_RETURN_IF_ERROR(expr)                                                      \
  do {                                                                                    \
    if (auto beacon_status_ = ::beacon::internal::ToStatus(expr); !beacon_status_.ok()) { \
      return beacon_status_;                                                              \
    }                                                                                     \
  } while (false)

namespace beacon::internal {
inline const Status& ToStatus(const Status& s) { return s; }
}  // namespace beacon::internal
