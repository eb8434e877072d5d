// Rng: Beacon's one source of randomness, seeded explicitly so every run can be repeated.
//
//   Rng rng(42);
//   double u = rng.Uniform01();  std::uint64_t k = rng.UniformInt(10);   // [0, 10)
//   double gap = rng.Exponential(/*rate=*/1.5);  double t = rng.LogNormal(mu, sigma);
//   Rng replication_3 = rng.Fork(3);   // an independent stream, same for the same seed
//
// The engine is std::mt19937_64 (its output is fixed by the C++ standard). The distributions are
// written here rather than taken from <random>, whose algorithms differ between standard
// libraries: a simulation with the same seed must give the same calls everywhere
// (docs/design/foundation.md).
// Thread-safety: not thread-safe; give each thread its own Rng (Fork).
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>

namespace beacon {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  [[nodiscard]] std::uint64_t seed() const { return seed_; }

  // A new generator whose stream depends only on (seed, stream): replications and threads use
  // Fork(i) so their numbers do not depend on scheduling.
  [[nodiscard]] Rng Fork(std::uint64_t stream) const;

  std::uint64_t NextU64() { return engine_(); }
  // Uniform on [0, 1), 53 random bits.
  double Uniform01();
  // Uniform on [lo, hi).
  double Uniform(double lo, double hi);
  // Uniform integer on [0, n), unbiased (Lemire 2019, "Fast random integer generation in an
  // interval"). n must be > 0.
  std::uint64_t UniformInt(std::uint64_t n);
  // Uniform integer on [lo, hi], inclusive.
  std::int64_t UniformInt(std::int64_t lo, std::int64_t hi);
  bool Bernoulli(double p);
  // Exponential with the given rate (mean 1/rate) by inversion. rate must be > 0.
  double Exponential(double rate);
  // Normal by the Box-Muller transform (two uniforms per draw; no cached state).
  double Normal(double mean, double stddev);
  // exp(Normal(mu, sigma)): mu and sigma are of the underlying normal.
  double LogNormal(double mu, double sigma);
  // Gamma(shape k, scale theta), mean k*theta, by Marsaglia and Tsang (2000), "A simple method
  // for generating gamma variables"; shape < 1 uses the boost U^(1/k).
  double Gamma(double shape, double scale);
  // An index drawn with probability proportional to weights[i] (>= 0, sum > 0). Linear time; use
  // an alias table for repeated draws from one large distribution.
  std::size_t Discrete(std::span<const double> weights);

 private:
  std::uint64_t seed_;
  std::mt19937_64 engine_;
};

}  // namespace beacon
