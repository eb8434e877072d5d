#include "beacon/base/clock.h"

#include "beacon/base/check.h"

namespace beacon {

Instant SystemClock::Now() const {
  // The only read of the wall clock in Beacon.
  return std::chrono::time_point_cast<Milliseconds>(std::chrono::system_clock::now());
}

Instant ManualClock::Now() const {
  return InstantFromUnixMillis(now_ms_.load(std::memory_order_acquire));
}

void ManualClock::Set(Instant t) {
  const std::int64_t target = UnixMillis(t);
  std::int64_t cur = now_ms_.load(std::memory_order_acquire);
  BEACON_CHECK(target >= cur, "ManualClock::Set would move time backwards from {} to {}",
               FormatUtc(InstantFromUnixMillis(cur)), FormatUtc(t));
  now_ms_.store(target, std::memory_order_release);
}

void ManualClock::Advance(Milliseconds d) {
  BEACON_CHECK(d.count() >= 0, "ManualClock::Advance by a negative duration {} ms", d.count());
  now_ms_.fetch_add(d.count(), std::memory_order_acq_rel);
}

Instant ScaledClock::Now() const {
  const double real_ms = static_cast<double>((base_.Now() - base_start_).count());
  return start_ + Milliseconds{static_cast<std::int64_t>(real_ms * factor_)};
}

Milliseconds ScaledClock::RealFor(Milliseconds d) const {
  return Milliseconds{static_cast<std::int64_t>(static_cast<double>(d.count()) / factor_)};
}

}  // namespace beacon
