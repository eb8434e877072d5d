// Result<T>: a value of type T, or the Status that explains why there is none.
// Shaped like std::expected<T, Status> (C++23), which g++ 12 does not have.
//
//   Result<Graph> LoadGraph(const std::string& path);
//   BEACON_ASSIGN_OR_RETURN(Graph graph, LoadGraph(path));   // returns the error if any
//   Result<int> r = ParseInt("42");  if (r) use(*r); else log(r.error());
//
// Thread-safety: like T; a const Result may be read from many threads.
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

#include "beacon/base/check.h"
#include "beacon/base/status.h"

namespace beacon {

template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::remove_cv_t<T>, Status>, "use Status, not Result<Status>");
  static_assert(!std::is_reference_v<T>, "Result<T&> is not supported");

 public:
  using value_type = T;

  // Implicit from a value, as std::expected is.
  template <typename U = T, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                        !std::is_same_v<std::decay_t<U>, Result> &&
                                                        !std::is_same_v<std::decay_t<U>, Status>>>
  Result(U&& value) : data_(std::in_place_index<0>, std::forward<U>(value)) {}  // NOLINT

  // Implicit from an error. An OK status carries no value: that is a programmer error.
  Result(Status status) : data_(std::in_place_index<1>, std::move(status)) {  // NOLINT
    BEACON_CHECK(!std::get<1>(data_).ok(), "Result constructed from an OK Status");
  }

  [[nodiscard]] bool ok() const { return data_.index() == 0; }
  [[nodiscard]] bool has_value() const { return ok(); }
  explicit operator bool() const { return ok(); }

  // The error; only valid when !ok().
  [[nodiscard]] const Status& error() const& {
    BEACON_CHECK(!ok(), "Result::error() on a value");
    return std::get<1>(data_);
  }
  [[nodiscard]] Status error() && {
    BEACON_CHECK(!ok(), "Result::error() on a value");
    return std::move(std::get<1>(data_));
  }
  // OK when there is a value, else the error.
  [[nodiscard]] Status status() const { return ok() ? Status() : std::get<1>(data_); }

  // The value; checks that there is one.
  [[nodiscard]] T& value() & { return Checked(), std::get<0>(data_); }
  [[nodiscard]] const T& value() const& { return Checked(), std::get<0>(data_); }
  [[nodiscard]] T&& value() && { return Checked(), std::move(std::get<0>(data_)); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  template <typename U>
  [[nodiscard]] T value_or(U&& fallback) const& {
    return ok() ? std::get<0>(data_) : static_cast<T>(std::forward<U>(fallback));
  }

  // The same result with the error's message prefixed by make() (called only on error), as
  // Status::WithContextFrom.
  template <typename MakeContext>
  [[nodiscard]] Result WithContextFrom(MakeContext&& make) && {
    if (ok()) return std::move(*this);
    return std::get<1>(data_).WithContext(make());
  }

 private:
  void Checked() const {
    if (!ok()) {
      internal::CheckFailed(__FILE__, __LINE__, "Result::value() on an error",
                            std::get<1>(data_).ToString());
    }
  }

  std::variant<T, Status> data_;
};

namespace internal {
template <typename T>
Status ToStatus(const Result<T>& r) {
  return r.status();
}
}  // namespace internal

}  // namespace beacon

#define BEACON_CONCAT_INNER_(a, b) a##b
#define BEACON_CONCAT_(a, b) BEACON_CONCAT_INNER_(a, b)

// Evaluates `expr` (a Result<T>); on error returns the Status from the enclosing function,
// otherwise assigns the value to `lhs`, which may declare a variable: `auto graph`.
#define BEACON_ASSIGN_OR_RETURN(lhs, expr) \
  BEACON_ASSIGN_OR_RETURN_IMPL_(BEACON_CONCAT_(beacon_result_, __LINE__), lhs, expr)

// NOLINTBEGIN(bugprone-macro-parentheses): `lhs` may be a declaration such as `auto x`.
#define BEACON_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return std::move(tmp).error();       \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
