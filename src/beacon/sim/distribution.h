// Distribution: a random duration for the simulator's service model (call processing, turnout,
// on-scene time, hospital offload), written in a simulation scenario as one of
//
//   on_scene: 14 min                                   # fixed (a bare duration)
//   on_scene: {dist: exponential, mean: 14 min}
//   on_scene: {dist: lognormal, mean: 14 min, sd: 7 min}
//   on_scene: {dist: gamma, mean: 14 min, sd: 7 min}
//   on_scene: {dist: empirical, values: [8 min, 12 min, 15 min, 30 min]}   # each equally likely
//
//   BEACON_ASSIGN_OR_RETURN(Distribution d, ReadDistribution(reader, node, "service.on_scene"));
//   Milliseconds t = d.Sample(rng);   d.Mean();
//
// Lognormal and gamma take the mean and standard deviation planners read from their data and
// convert them to the usual parameters. Samples are rounded to whole milliseconds.
// Thread-safety: an immutable value; Sample uses the caller's Rng.
#pragma once

#include <string>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/base/rng.h"
#include "beacon/base/time.h"
#include "beacon/config/yaml_reader.h"

namespace beacon::sim {

class Distribution {
 public:
  enum class Kind { kFixed, kExponential, kLogNormal, kGamma, kEmpirical };

  static Distribution Fixed(Milliseconds value);
  static Distribution Exponential(Milliseconds mean);
  // Mean and standard deviation of the durations themselves (> 0 each).
  static Distribution LogNormal(Milliseconds mean, Milliseconds sd);
  static Distribution Gamma(Milliseconds mean, Milliseconds sd);
  // Each value equally likely (non-empty).
  static Distribution Empirical(std::vector<Milliseconds> values);

  [[nodiscard]] Milliseconds Sample(Rng& rng) const;
  [[nodiscard]] Milliseconds Mean() const;
  [[nodiscard]] Kind kind() const { return kind_; }
  // "lognormal(mean 14 min, sd 7 min)", for reports.
  [[nodiscard]] std::string Describe() const;

 private:
  Kind kind_ = Kind::kFixed;
  double mean_s_ = 0;
  double sd_s_ = 0;
  double a_ = 0;  // lognormal mu, gamma shape
  double b_ = 0;  // lognormal sigma, gamma scale (s)
  std::vector<Milliseconds> values_;
};

// Reads one of the forms above; errors name the file, line and field.
Result<Distribution> ReadDistribution(const config::YamlReader& r, const YAML::Node& n,
                                      const std::string& field);

}  // namespace beacon::sim
