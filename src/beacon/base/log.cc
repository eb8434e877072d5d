#include "beacon/base/log.h"

#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "beacon/base/clock.h"

namespace beacon {
namespace {

spdlog::level::level_enum ToSpd(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return spdlog::level::trace;
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
    case LogLevel::kOff:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

// Upper-case level names ("INFO", "WARN"), easier to scan in a long log than spdlog's own.
class LevelFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm& /*tm*/,
              spdlog::memory_buf_t& dest) override {
    std::string_view name = "INFO ";
    switch (msg.level) {
      case spdlog::level::trace:
        name = "TRACE";
        break;
      case spdlog::level::debug:
        name = "DEBUG";
        break;
      case spdlog::level::warn:
        name = "WARN ";
        break;
      case spdlog::level::err:
        name = "ERROR";
        break;
      case spdlog::level::critical:
        name = "CRIT ";
        break;
      default:
        break;
    }
    dest.append(name.data(), name.data() + name.size());
  }
  [[nodiscard]] std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<LevelFlag>();
  }
};

void UsePattern(spdlog::sinks::sink& sink) {
  // The timestamp is the Clock's (passed with each message), printed as UTC ISO 8601.
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  formatter->add_flag<LevelFlag>('*').set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %* [%n] %v");
  sink.set_formatter(std::move(formatter));
}

}  // namespace

Result<LogLevel> ParseLogLevel(std::string_view text) {
  if (text == "trace") return LogLevel::kTrace;
  if (text == "debug") return LogLevel::kDebug;
  if (text == "info") return LogLevel::kInfo;
  if (text == "warn") return LogLevel::kWarn;
  if (text == "error") return LogLevel::kError;
  if (text == "off") return LogLevel::kOff;
  return InvalidArgumentError(
      fmt::format("log level '{}' is not one of trace, debug, info, warn, error, off", text));
}

bool Logger::Enabled(LogLevel level) const {
  return impl_ != nullptr && impl_->should_log(ToSpd(level));
}

void Logger::Write(LogLevel level, std::string_view message) const {
  const auto when =
      std::chrono::time_point_cast<std::chrono::system_clock::duration>(clock_->Now());
  impl_->log(when, spdlog::source_loc{}, ToSpd(level),
             spdlog::string_view_t(message.data(), message.size()));
}

Logging Logging::ToStderr(const Clock& clock, LogLevel level) {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  UsePattern(*sink);
  return Logging(clock, std::move(sink), level);
}

Logging Logging::ToStream(const Clock& clock, std::ostream& out, LogLevel level) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out, /*force_flush=*/true);
  UsePattern(*sink);
  return Logging(clock, std::move(sink), level);
}

Logger Logging::Get(std::string_view name) const {
  auto impl = std::make_shared<spdlog::logger>(std::string(name), sink_);
  impl->set_level(ToSpd(level_));
  return Logger(std::move(impl), clock_);
}

void Logging::Flush() const { sink_->flush(); }

}  // namespace beacon
