#include "beacon/base/local_time.h"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <exception>

namespace beacon {

Result<TimeZone> TimeZone::Load(std::string_view name) {
  try {
    return TimeZone(date::locate_zone(name));
  } catch (const std::exception& e) {
    return NotFoundError(
        fmt::format("time zone '{}' not found in the tz database: {}", name, e.what()));
  }
}

std::string_view TimeZone::name() const { return zone_->name(); }

LocalTime TimeZone::ToLocal(Instant t) const {
  const date::sys_info info = zone_->get_info(t);
  const auto local = t + info.offset;  // wall-clock reading, as a sys-like time
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<Milliseconds> hms{local - day};
  LocalTime out;
  out.civil.year = static_cast<int>(ymd.year());
  out.civil.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  out.civil.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  out.civil.hour = static_cast<int>(hms.hours().count());
  out.civil.minute = static_cast<int>(hms.minutes().count());
  out.civil.second = static_cast<int>(hms.seconds().count());
  out.civil.millisecond = static_cast<int>(hms.subseconds().count());
  out.utc_offset = info.offset;
  out.abbreviation = info.abbrev;
  out.weekday = static_cast<int>(date::weekday{day}.iso_encoding()) - 1;
  return out;
}

Result<Instant> TimeZone::FromLocal(const CivilTime& c, Disambiguation how) const {
  const date::year_month_day ymd{date::year{c.year}, date::month{static_cast<unsigned>(c.month)},
                                 date::day{static_cast<unsigned>(c.day)}};
  if (!ymd.ok() || c.hour < 0 || c.hour > 23 || c.minute < 0 || c.minute > 59 || c.second < 0 ||
      c.second > 59 || c.millisecond < 0 || c.millisecond > 999) {
    return InvalidArgumentError(
        fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} is not a valid "
                    "local date and time",
                    c.year, c.month, c.day, c.hour, c.minute, c.second));
  }
  const date::local_time<Milliseconds> local = date::local_days(ymd) + Hours(c.hour) +
                                               Minutes(c.minute) + Seconds(c.second) +
                                               Milliseconds(c.millisecond);
  const date::local_info info = zone_->get_info(local);
  if (info.result != date::local_info::unique && how == Disambiguation::kReject) {
    return InvalidArgumentError(
        fmt::format("local time {:04}-{:02}-{:02} {:02}:{:02}:{:02} in {} is {}", c.year, c.month,
                    c.day, c.hour, c.minute, c.second, zone_->name(),
                    info.result == date::local_info::nonexistent
                        ? "skipped by the change to daylight saving time"
                        : "ambiguous: it occurs twice when daylight saving time ends"));
  }
  const auto choice = how == Disambiguation::kLater ? date::choose::latest : date::choose::earliest;
  return std::chrono::time_point_cast<Milliseconds>(zone_->to_sys(local, choice));
}

std::string TimeZone::FormatIso8601(Instant t) const {
  const LocalTime l = ToLocal(t);
  const auto off_min = std::chrono::duration_cast<Minutes>(l.utc_offset).count();
  const auto abs_min = off_min < 0 ? -off_min : off_min;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", l.civil.year,
                     l.civil.month, l.civil.day, l.civil.hour, l.civil.minute, l.civil.second,
                     off_min < 0 ? '-' : '+', abs_min / 60, abs_min % 60);
}

int TimeZone::HourOfWeek(Instant t) const {
  const LocalTime l = ToLocal(t);
  return l.weekday * 24 + l.civil.hour;
}

}  // namespace beacon
