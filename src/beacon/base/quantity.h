// Quantity<Tag, Rep>: a number with a unit that cannot be mixed with another unit.
//
//   Meters d{120.0};  d + Meters{5.0} == Meters{125.0};  d * 2.0;  d / Meters{60.0} == 2.0;
//   Meters m = 5.0;           // does not compile: a bare number has no unit
//   Meters m = Kilometers{1}; // does not compile: different units
//
// Durations are std::chrono types (see time.h): they already convert only where lossless.
// Thread-safety: plain values.
#pragma once

#include <fmt/format.h>

#include <compare>
#include <ostream>

namespace beacon {

template <typename Tag, typename Rep = double>
class Quantity {
 public:
  using rep_type = Rep;
  constexpr Quantity() = default;
  constexpr explicit Quantity(Rep value) : value_(value) {}
  [[nodiscard]] constexpr Rep value() const { return value_; }

  friend constexpr auto operator<=>(const Quantity&, const Quantity&) = default;

  constexpr Quantity operator-() const { return Quantity(-value_); }
  constexpr Quantity& operator+=(Quantity o) {
    value_ += o.value_;
    return *this;
  }
  constexpr Quantity& operator-=(Quantity o) {
    value_ -= o.value_;
    return *this;
  }
  friend constexpr Quantity operator+(Quantity a, Quantity b) {
    return Quantity(a.value_ + b.value_);
  }
  friend constexpr Quantity operator-(Quantity a, Quantity b) {
    return Quantity(a.value_ - b.value_);
  }
  friend constexpr Quantity operator*(Quantity a, Rep k) { return Quantity(a.value_ * k); }
  friend constexpr Quantity operator*(Rep k, Quantity a) { return Quantity(a.value_ * k); }
  friend constexpr Quantity operator/(Quantity a, Rep k) { return Quantity(a.value_ / k); }
  friend constexpr Rep operator/(Quantity a, Quantity b) { return a.value_ / b.value_; }

 private:
  Rep value_{};
};

template <typename Tag, typename Rep>
std::ostream& operator<<(std::ostream& os, Quantity<Tag, Rep> q) {
  return os << q.value();
}

struct MetersTag {};
// A length or distance along the ground.
using Meters = Quantity<MetersTag, double>;

struct MetersPerSecondTag {};
// A speed.
using MetersPerSecond = Quantity<MetersPerSecondTag, double>;

constexpr MetersPerSecond KilometersPerHour(double kmh) { return MetersPerSecond(kmh / 3.6); }
constexpr MetersPerSecond MilesPerHour(double mph) { return MetersPerSecond(mph * 0.44704); }

}  // namespace beacon

template <typename Tag, typename Rep>
struct fmt::formatter<beacon::Quantity<Tag, Rep>> : fmt::formatter<Rep> {
  template <typename FormatContext>
  auto format(beacon::Quantity<Tag, Rep> q, FormatContext& ctx) const {
    return fmt::formatter<Rep>::format(q.value(), ctx);
  }
};
