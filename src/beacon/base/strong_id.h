// StrongId<Tag, Rep>: an integer id that cannot be mixed with another kind of id.
//
//   struct UnitIdTag {};
//   using UnitId = StrongId<UnitIdTag, std::uint32_t>;
//   UnitId u{7};  u.value() == 7;  UnitId{} is invalid;
//   IncidentId i = u;   // does not compile: sending unit 7 to incident 7 is a patient-safety bug
//
// Ordered, hashable (std::hash) and printable with fmt ("7", or "-" when invalid).
// Thread-safety: a plain value.
#pragma once

#include <fmt/format.h>

#include <compare>
#include <cstddef>
#include <functional>
#include <limits>
#include <ostream>

namespace beacon {

template <typename Tag, typename Rep>
class StrongId {
 public:
  using rep_type = Rep;
  static constexpr Rep kInvalidValue = std::numeric_limits<Rep>::max();

  // Default: the invalid id.
  constexpr StrongId() = default;
  constexpr explicit StrongId(Rep value) : value_(value) {}

  [[nodiscard]] constexpr Rep value() const { return value_; }
  [[nodiscard]] constexpr bool valid() const { return value_ != kInvalidValue; }
  static constexpr StrongId Invalid() { return StrongId(); }

  friend constexpr auto operator<=>(const StrongId&, const StrongId&) = default;

 private:
  Rep value_ = kInvalidValue;
};

template <typename Tag, typename Rep>
std::ostream& operator<<(std::ostream& os, StrongId<Tag, Rep> id) {
  if (!id.valid()) return os << '-';
  return os << id.value();
}

}  // namespace beacon

template <typename Tag, typename Rep>
struct std::hash<beacon::StrongId<Tag, Rep>> {
  std::size_t operator()(beacon::StrongId<Tag, Rep> id) const noexcept {
    return std::hash<Rep>{}(id.value());
  }
};

template <typename Tag, typename Rep>
struct fmt::formatter<beacon::StrongId<Tag, Rep>> : fmt::formatter<Rep> {
  template <typename FormatContext>
  auto format(beacon::StrongId<Tag, Rep> id, FormatContext& ctx) const {
    if (!id.valid()) return fmt::format_to(ctx.out(), "-");
    return fmt::formatter<Rep>::format(id.value(), ctx);
  }
};
