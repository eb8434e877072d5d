#include "beacon/nemsis/element.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>

namespace beacon::nemsis {
namespace {

constexpr std::array<std::string_view, 3> kNotValueCodes = {"7701001", "7701003", "7701005"};
constexpr std::array<std::string_view, 15> kNegativeCodes = {
    "8801001", "8801003", "8801005", "8801007", "8801009", "8801013", "8801015", "8801017",
    "8801019", "8801021", "8801023", "8801025", "8801027", "8801029", "8801031"};

template <class E, std::size_t N>
std::optional<E> Find(const std::array<std::string_view, N>& codes, std::string_view code) {
  const auto* it = std::find(codes.begin(), codes.end(), code);
  if (it == codes.end()) return std::nullopt;
  return static_cast<E>(it - codes.begin());
}

}  // namespace

std::string_view NotValueCode(NotValue nv) {
  return kNotValueCodes.at(static_cast<std::size_t>(nv));
}
std::optional<NotValue> NotValueFromCode(std::string_view code) {
  return Find<NotValue>(kNotValueCodes, code);
}
std::string_view PertinentNegativeCode(PertinentNegative pn) {
  return kNegativeCodes.at(static_cast<std::size_t>(pn));
}
std::optional<PertinentNegative> PertinentNegativeFromCode(std::string_view code) {
  return Find<PertinentNegative>(kNegativeCodes, code);
}

Element Element::Of(std::string value) {
  Element e;
  e.value = std::move(value);
  return e;
}

Element Element::Missing(NotValue nv) {
  Element e;
  e.nil = true;
  e.not_value = nv;
  return e;
}

Element Element::Negative(PertinentNegative pn) {
  Element e;
  e.nil = true;
  e.negative = pn;
  return e;
}

Element Element::At(Instant t, const TimeZone& zone) { return Of(zone.FormatIso8601(t)); }

Result<Instant> Element::instant() const {
  if (nil) return InvalidArgumentError("the element has no value (it is nil)");
  return ParseInstant(value);
}

std::optional<std::string_view> ValueOf(const Single& e) {
  if (!e.has_value() || e->nil) return std::nullopt;
  return std::string_view(e->value);
}

bool Contains(const Repeated& e, std::string_view value) {
  return std::any_of(e.begin(), e.end(),
                     [&](const Element& x) { return !x.nil && x.value == value; });
}

}  // namespace beacon::nemsis
