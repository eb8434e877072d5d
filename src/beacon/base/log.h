// Logging: named loggers over spdlog whose timestamps come from a Clock, so the simulator's log
// shows simulated time and tests see fixed times.
//
//   SystemClock clock;
//   Logging logging = Logging::ToStderr(clock, LogLevel::kInfo);   // once, in main()
//   Logger log = logging.Get("dispatch");                          // passed down by value
//   log.Info("assigned unit={} incident={}", unit_id, incident_id);
//   // 2026-11-25T16:57:54.123Z INFO  [dispatch] assigned unit=7 incident=1001
//
// Messages are "what happened" followed by key=value ids. A default-constructed Logger discards
// everything (for code under test that does not care).
// Thread-safety: Logger calls may come from any thread (spdlog's _mt sinks); Logging must
// outlive its Loggers and its Clock must outlive both.
#pragma once

#include <fmt/format.h>

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "beacon/base/result.h"

namespace spdlog {
class logger;
namespace sinks {
class sink;
}  // namespace sinks
}  // namespace spdlog

namespace beacon {

class Clock;

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError, kOff };

// "trace", "debug", "info", "warn", "error", "off" (as --log-level takes them).
Result<LogLevel> ParseLogLevel(std::string_view text);

class Logger {
 public:
  Logger() = default;  // discards everything

  [[nodiscard]] bool Enabled(LogLevel level) const;

  template <typename... Args>
  void Debug(fmt::format_string<Args...> f, Args&&... args) const {
    Emit(LogLevel::kDebug, f, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void Info(fmt::format_string<Args...> f, Args&&... args) const {
    Emit(LogLevel::kInfo, f, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void Warn(fmt::format_string<Args...> f, Args&&... args) const {
    Emit(LogLevel::kWarn, f, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void Error(fmt::format_string<Args...> f, Args&&... args) const {
    Emit(LogLevel::kError, f, std::forward<Args>(args)...);
  }

 private:
  friend class Logging;
  Logger(std::shared_ptr<spdlog::logger> impl, const Clock* clock)
      : impl_(std::move(impl)), clock_(clock) {}

  template <typename... Args>
  void Emit(LogLevel level, fmt::format_string<Args...> f, Args&&... args) const {
    if (Enabled(level)) Write(level, fmt::format(f, std::forward<Args>(args)...));
  }
  void Write(LogLevel level, std::string_view message) const;

  std::shared_ptr<spdlog::logger> impl_;
  const Clock* clock_ = nullptr;
};

class Logging {
 public:
  // Lines to stderr (the CLI and server).
  static Logging ToStderr(const Clock& clock, LogLevel level);
  // Lines to a stream (tests). The stream must outlive the Logging.
  static Logging ToStream(const Clock& clock, std::ostream& out, LogLevel level);

  // A logger with this name sharing this Logging's sink, clock and level.
  [[nodiscard]] Logger Get(std::string_view name) const;
  void Flush() const;

 private:
  Logging(const Clock& clock, std::shared_ptr<spdlog::sinks::sink> sink, LogLevel level)
      : clock_(&clock), sink_(std::move(sink)), level_(level) {}

  const Clock* clock_;
  std::shared_ptr<spdlog::sinks::sink> sink_;
  LogLevel level_;
};

}  // namespace beacon
