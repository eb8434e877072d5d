// Clock: the one source of time. Everything that needs "now" takes a `const Clock&`.
//
//   SystemClock wall;                 // the live system
//   ManualClock sim(ParseInstant("2026-01-01T00:00:00Z").value());  // tests and the simulator
//   sim.Advance(Seconds{30});  sim.Now();
//
// No code outside clock.cc reads the system clock, so the simulator and tests control time.
// Thread-safety: Now() may be called from any thread on both clocks; ManualClock's Set and
// Advance are atomic with respect to Now().
#pragma once

#include <atomic>
#include <cstdint>

#include "beacon/base/time.h"

namespace beacon {

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Instant Now() const = 0;
};

// The real UTC time.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] Instant Now() const override;
};

// Another clock's time sped up: `factor` seconds pass for each second of `base` from the
// moment of construction, starting at `start` (the live demo replays a shift faster than real).
class ScaledClock final : public Clock {
 public:
  ScaledClock(const Clock& base, Instant start, double factor)
      : base_(base), base_start_(base.Now()), start_(start), factor_(factor) {}
  [[nodiscard]] Instant Now() const override;
  // How long to wait on `base` for `d` to pass on this clock.
  [[nodiscard]] Milliseconds RealFor(Milliseconds d) const;
  [[nodiscard]] double factor() const { return factor_; }

 private:
  const Clock& base_;
  Instant base_start_;
  Instant start_;
  double factor_;
};

// Time that moves only when told. It never goes backwards (a check enforces it): simulated
// and test time are monotonic, like the live system's.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : now_ms_(UnixMillis(start)) {}
  [[nodiscard]] Instant Now() const override;
  void Set(Instant t);
  void Advance(Milliseconds d);

 private:
  std::atomic<std::int64_t> now_ms_;
};

}  // namespace beacon
