// TimeZone: conversion between UTC instants and a city's local wall-clock time, with DST, through
// Howard Hinnant's date library on the system's IANA tz database (/usr/share/zoneinfo).
//
//   BEACON_ASSIGN_OR_RETURN(TimeZone tz, TimeZone::Load(TimeZone::kDefaultName));
//   tz.FormatIso8601(t) == "2026-03-08T03:00:00-04:00";   // the form NEMSIS wants
//   tz.ToLocal(t).civil.hour;  tz.HourOfWeek(t);          // for hour-of-week demand profiles
//   tz.FromLocal({2026, 3, 8, 2, 30, 0}, Disambiguation::kReject)  // error: skipped by DST
//
// Local time is only for the edges (display, export, demand profiles); Beacon computes in UTC.
// Thread-safety: a TimeZone is immutable and may be shared across threads.
#pragma once

#include <string>
#include <string_view>

#include "beacon/base/result.h"
#include "beacon/base/time.h"

namespace date {
class time_zone;
}  // namespace date

namespace beacon {

// A wall-clock reading without a zone.
struct CivilTime {
  int year = 1970;
  int month = 1;   // 1-12
  int day = 1;     // 1-31
  int hour = 0;    // 0-23
  int minute = 0;  // 0-59
  int second = 0;  // 0-59
  int millisecond = 0;
  friend bool operator==(const CivilTime&, const CivilTime&) = default;
};

struct LocalTime {
  CivilTime civil;
  Seconds utc_offset{0};     // e.g. -5 h in winter in Boston, -4 h in summer
  std::string abbreviation;  // "EST", "EDT"
  int weekday = 0;           // 0 = Monday ... 6 = Sunday
};

// What to do with a wall-clock time that happens twice (autumn) or never (spring).
enum class Disambiguation {
  kEarlier,  // the first occurrence; a skipped time maps to the moment of the jump
  kLater,    // the second occurrence; a skipped time maps to the moment of the jump
  kReject,   // an error naming the time and why
};

class TimeZone {
 public:
  static constexpr std::string_view kDefaultName = "America/New_York";

  // Looks the zone up in the tz database; NotFound names the zone.
  static Result<TimeZone> Load(std::string_view name);

  [[nodiscard]] std::string_view name() const;
  [[nodiscard]] LocalTime ToLocal(Instant t) const;
  [[nodiscard]] Result<Instant> FromLocal(const CivilTime& civil, Disambiguation how) const;

  // "YYYY-MM-DDTHH:MM:SS±HH:MM" in this zone (whole seconds, as NEMSIS dateTime values are).
  [[nodiscard]] std::string FormatIso8601(Instant t) const;
  // 0 = Monday 00:00-00:59 local ... 167 = Sunday 23:00-23:59 local.
  [[nodiscard]] int HourOfWeek(Instant t) const;

 private:
  explicit TimeZone(const date::time_zone* zone) : zone_(zone) {}
  const date::time_zone* zone_;  // owned by the date library's tz database, lives forever
};

}  // namespace beacon
