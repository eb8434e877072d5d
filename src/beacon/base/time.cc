#include "beacon/base/time.h"

#include <date/date.h>
#include <fmt/format.h>

#include <charconv>

namespace beacon {
namespace {

// Reads exactly `width` digits at `pos`.
bool ReadDigits(std::string_view s, std::size_t pos, std::size_t width, int& out) {
  if (pos + width > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

Status Bad(std::string_view text, std::string_view why) {
  return InvalidArgumentError(fmt::format(
      "time '{}' is not ISO 8601 (YYYY-MM-DDTHH:MM:SS[.fff]Z or +HH:MM): {}", text, why));
}

}  // namespace

std::string FormatUtc(Instant t) { return date::format("%FT%TZ", t); }

Result<Instant> ParseInstant(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!ReadDigits(text, 0, 4, y) || text.size() < 19 || text[4] != '-' ||
      !ReadDigits(text, 5, 2, mo) || text[7] != '-' || !ReadDigits(text, 8, 2, d)) {
    return Bad(text, "bad date part");
  }
  if ((text[10] != 'T' && text[10] != ' ') || !ReadDigits(text, 11, 2, h) || text[13] != ':' ||
      !ReadDigits(text, 14, 2, mi) || text[16] != ':' || !ReadDigits(text, 17, 2, sec)) {
    return Bad(text, "bad time part");
  }
  std::size_t pos = 19;
  int ms = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) ms = ms * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return Bad(text, "no digits after '.'");
    for (int i = digits; i < 3; ++i) ms *= 10;
  }
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return Bad(text, "no such calendar date");
  if (h > 23 || mi > 59 || sec > 59) return Bad(text, "hour, minute or second out of range");
  if (pos >= text.size()) return Bad(text, "missing zone: add Z or an offset such as -05:00");
  Minutes offset{0};
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    int oh = 0, om = 0;
    if (!ReadDigits(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !ReadDigits(text, pos + 4, 2, om) || oh > 23 || om > 59) {
      return Bad(text, "bad UTC offset");
    }
    offset = Minutes(oh * 60 + om);
    if (text[pos] == '-') offset = -offset;
    pos += 6;
  } else {
    return Bad(text, "unexpected text after the time");
  }
  if (pos != text.size()) return Bad(text, "unexpected text after the zone");
  const auto local = date::sys_days(ymd) + Hours(h) + Minutes(mi) + Seconds(sec) + Milliseconds(ms);
  return Instant(std::chrono::duration_cast<Milliseconds>(local.time_since_epoch()) - offset);
}

}  // namespace beacon
