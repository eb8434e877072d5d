// Durations and the UTC instant. Instants are UTC milliseconds since the Unix epoch; local
// time (with DST) exists only at the edges, through local_time.h.
//
//   Instant t = InstantFromUnixMillis(1'764'000'000'000);
//   t += Seconds{90};                         // Seconds convert to Milliseconds losslessly
//   Seconds s = Milliseconds{1500};           // does not compile: it would lose 500 ms
//   FormatUtc(t) == "2025-11-24T16:01:30.000Z";  ParseInstant("2026-03-08T02:30:00-05:00")
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "beacon/base/result.h"

namespace beacon {

using Milliseconds = std::chrono::duration<std::int64_t, std::milli>;
using Seconds = std::chrono::duration<std::int64_t>;
using Minutes = std::chrono::duration<std::int64_t, std::ratio<60>>;
using Hours = std::chrono::duration<std::int64_t, std::ratio<3600>>;

// A point in time: UTC, millisecond resolution (system_clock's epoch is the Unix epoch).
using Instant = std::chrono::time_point<std::chrono::system_clock, Milliseconds>;

constexpr Instant InstantFromUnixMillis(std::int64_t ms) { return Instant(Milliseconds(ms)); }
constexpr std::int64_t UnixMillis(Instant t) { return t.time_since_epoch().count(); }

// ISO 8601 in UTC with milliseconds: "2026-11-25T16:57:54.123Z".
std::string FormatUtc(Instant t);

// Parses ISO 8601 "YYYY-MM-DDTHH:MM:SS[.fff]" followed by "Z" or an offset "+HH:MM"/"-HH:MM".
// A time without zone is rejected (it would be ambiguous). Errors say which part is wrong.
Result<Instant> ParseInstant(std::string_view text);

// Seconds as a double, for display and statistics only.
constexpr double ToSecondsF(Milliseconds d) { return static_cast<double>(d.count()) / 1000.0; }

}  // namespace beacon
