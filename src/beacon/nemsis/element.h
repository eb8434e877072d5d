// One NEMSIS element occurrence as a patient care record holds it: its value in the standard's
// lexical form (a code such as "2301083", a number, text, or a date-time with its UTC offset),
// or no value with the reason NEMSIS requires: a Not Value (NV) or a Pertinent Negative (PN).
//
//   Element::Of("2301083");                           // a code
//   Element::Missing(NotValue::kNotApplicable);       // xsi:nil="true" NV="7701001"
//   Element::Negative(PertinentNegative::kRefused);   // xsi:nil="true" PN="8801019"
//   Element::At(t, zone);                             // "2026-12-03T08:15:02-05:00"
//
// Source: NEMSIS v3.5.1 commonTypes_v3.xsd (NV and PN code lists) and the NEMSIS "V3 Not
// Values and Pertinent Negatives" guidance: a required element without a value must say why.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "beacon/base/local_time.h"
#include "beacon/base/result.h"
#include "beacon/base/time.h"

namespace beacon::nemsis {

// Why a required element has no value.
enum class NotValue : std::uint8_t {
  kNotApplicable,  // 7701001: the element does not apply to this call
  kNotRecorded,    // 7701003: it applies, but was not documented
  kNotReporting,   // 7701005: the software does not collect it
};
std::string_view NotValueCode(NotValue nv);  // "7701001"
std::optional<NotValue> NotValueFromCode(std::string_view code);

// A documented absence: "looked for, and it was not there" (8801xxx codes).
enum class PertinentNegative : std::uint8_t {
  kContraindicationNoted,   // 8801001
  kDeniedByOrder,           // 8801003
  kExamFindingNotPresent,   // 8801005
  kMedicationAllergy,       // 8801007
  kMedicationAlreadyTaken,  // 8801009
  kNoKnownDrugAllergy,      // 8801013
  kNoneReported,            // 8801015
  kNotPerformedByEms,       // 8801017
  kRefused,                 // 8801019
  kUnresponsive,            // 8801021
  kUnableToComplete,        // 8801023
  kNotImmunized,            // 8801025
  kOrderCriteriaNotMet,     // 8801027
  kApproximate,             // 8801029
  kSymptomNotPresent,       // 8801031
};
std::string_view PertinentNegativeCode(PertinentNegative pn);  // "8801019"
std::optional<PertinentNegative> PertinentNegativeFromCode(std::string_view code);

struct Attribute {
  std::string name;
  std::string value;
  friend bool operator==(const Attribute&, const Attribute&) = default;
};
// Attributes other than NV, PN and xsi:nil, in document order (CodeType, CorrelationID,
// StreetAddress2, PhoneNumberType, ETCO2Type, ...).
using Attributes = std::vector<Attribute>;

struct Element {
  std::string value;                          // empty when nil
  bool nil = false;                           // xsi:nil="true"
  std::optional<NotValue> not_value;          // NV
  std::optional<PertinentNegative> negative;  // PN (with or without a value)
  Attributes attributes;

  static Element Of(std::string value);
  static Element Missing(NotValue nv);
  static Element Negative(PertinentNegative pn);
  // A NEMSIS dateTime in `zone`, whole seconds, with the offset in force at `t`.
  static Element At(Instant t, const TimeZone& zone);

  // The value's instant for a date-time element; an error names a nil or unreadable value.
  [[nodiscard]] Result<Instant> instant() const;
  [[nodiscard]] bool has_value() const { return !nil; }
  friend bool operator==(const Element&, const Element&) = default;
};

using Single = std::optional<Element>;  // an element that occurs at most once
using Repeated = std::vector<Element>;  // an element that may repeat

// The value of a Single when it holds one, else nullopt.
std::optional<std::string_view> ValueOf(const Single& e);
// Whether a Repeated element holds `value` among its values.
bool Contains(const Repeated& e, std::string_view value);

// Occurrence rules from the schema, for the Visit functions in record_model.h.
enum Occurrence : std::uint8_t {
  kOptional = 0,
  kRequired = 1,            // minOccurs 1
  kNillable = 2,            // xsi:nil allowed
  kNotValues = 4,           // NV allowed
  kPertinentNegatives = 8,  // PN allowed
};

}  // namespace beacon::nemsis
