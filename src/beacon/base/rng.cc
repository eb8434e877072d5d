#include "beacon/base/rng.h"

#include <cmath>
#include <numbers>

#include "beacon/base/check.h"

namespace beacon {
namespace {

// SplitMix64 (Steele, Lea, Flood 2014): mixes (seed, stream) into a well-spread seed.
std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// 128-bit product for Lemire's method (a GCC/Clang extension on 64-bit targets).
__extension__ using U128 = unsigned __int128;

}  // namespace

Rng::Rng(std::uint64_t seed) : seed_(seed), engine_(seed) {}

Rng Rng::Fork(std::uint64_t stream) const {
  return Rng(SplitMix64(seed_ ^ SplitMix64(stream + 0x632BE59BD9B4E019ULL)));
}

double Rng::Uniform01() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

double Rng::Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform01(); }

std::uint64_t Rng::UniformInt(std::uint64_t n) {
  BEACON_CHECK(n > 0, "UniformInt needs n > 0");
  U128 m = static_cast<U128>(engine_()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<U128>(engine_()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

std::int64_t Rng::UniformInt(std::int64_t lo, std::int64_t hi) {
  BEACON_CHECK(lo <= hi, "UniformInt needs lo <= hi, got [{}, {}]", lo, hi);
  const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  if (span == ~std::uint64_t{0}) return static_cast<std::int64_t>(engine_());
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + UniformInt(span + 1));
}

bool Rng::Bernoulli(double p) { return Uniform01() < p; }

double Rng::Exponential(double rate) {
  BEACON_CHECK(rate > 0, "Exponential needs rate > 0, got {}", rate);
  return -std::log1p(-Uniform01()) / rate;  // 1 - U is in (0, 1]: never log(0)
}

double Rng::Normal(double mean, double stddev) {
  const double u1 = 1.0 - Uniform01();  // (0, 1]
  const double u2 = Uniform01();
  return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Rng::LogNormal(double mu, double sigma) { return std::exp(Normal(mu, sigma)); }

double Rng::Gamma(double shape, double scale) {
  BEACON_CHECK(shape > 0 && scale > 0, "Gamma needs shape, scale > 0, got {}, {}", shape, scale);
  if (shape < 1.0) {
    const double u = 1.0 - Uniform01();
    return Gamma(shape + 1.0, scale) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  while (true) {
    double x = 0;
    double v = 0;
    do {
      x = Normal(0.0, 1.0);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = 1.0 - Uniform01();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v * scale;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v * scale;
  }
}

std::size_t Rng::Discrete(std::span<const double> weights) {
  double total = 0;
  for (double w : weights) {
    BEACON_CHECK(w >= 0 && std::isfinite(w), "Discrete weight {} is not a finite w >= 0", w);
    total += w;
  }
  BEACON_CHECK(total > 0, "Discrete needs a positive total weight");
  double r = Uniform01() * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (r < weights[i]) return i;
    r -= weights[i];
  }
  // Rounding left r just above the last non-zero weight: return that one.
  for (std::size_t i = weights.size(); i-- > 0;) {
    if (weights[i] > 0) return i;
  }
  return 0;
}

}  // namespace beacon
