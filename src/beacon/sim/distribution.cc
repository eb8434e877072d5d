#include "beacon/sim/distribution.h"

#include <fmt/format.h>

#include <cmath>

namespace beacon::sim {
namespace {

Milliseconds FromSeconds(double s) {
  return Milliseconds{static_cast<std::int64_t>(std::llround(std::max(0.0, s) * 1000.0))};
}

std::string Show(double seconds) {
  if (seconds >= 60 && std::fmod(seconds, 60.0) == 0) return fmt::format("{} min", seconds / 60);
  return fmt::format("{} s", seconds);
}

}  // namespace

Distribution Distribution::Fixed(Milliseconds value) {
  Distribution d;
  d.kind_ = Kind::kFixed;
  d.mean_s_ = ToSecondsF(value);
  return d;
}

Distribution Distribution::Exponential(Milliseconds mean) {
  Distribution d;
  d.kind_ = Kind::kExponential;
  d.mean_s_ = ToSecondsF(mean);
  d.sd_s_ = d.mean_s_;
  return d;
}

Distribution Distribution::LogNormal(Milliseconds mean, Milliseconds sd) {
  Distribution d;
  d.kind_ = Kind::kLogNormal;
  d.mean_s_ = ToSecondsF(mean);
  d.sd_s_ = ToSecondsF(sd);
  // If X = exp(N(mu, sigma^2)): E X = exp(mu + sigma^2/2), Var X = (exp(sigma^2) - 1) (E X)^2.
  const double cv2 = (d.sd_s_ / d.mean_s_) * (d.sd_s_ / d.mean_s_);
  d.b_ = std::sqrt(std::log1p(cv2));
  d.a_ = std::log(d.mean_s_) - d.b_ * d.b_ / 2;
  return d;
}

Distribution Distribution::Gamma(Milliseconds mean, Milliseconds sd) {
  Distribution d;
  d.kind_ = Kind::kGamma;
  d.mean_s_ = ToSecondsF(mean);
  d.sd_s_ = ToSecondsF(sd);
  d.a_ = (d.mean_s_ / d.sd_s_) * (d.mean_s_ / d.sd_s_);  // shape k = mean^2 / var
  d.b_ = d.sd_s_ * d.sd_s_ / d.mean_s_;                  // scale theta = var / mean
  return d;
}

Distribution Distribution::Empirical(std::vector<Milliseconds> values) {
  Distribution d;
  d.kind_ = Kind::kEmpirical;
  double sum = 0;
  for (Milliseconds v : values) sum += ToSecondsF(v);
  d.mean_s_ = values.empty() ? 0 : sum / static_cast<double>(values.size());
  d.values_ = std::move(values);
  return d;
}

Milliseconds Distribution::Sample(Rng& rng) const {
  switch (kind_) {
    case Kind::kFixed:
      return FromSeconds(mean_s_);
    case Kind::kExponential:
      return mean_s_ > 0 ? FromSeconds(rng.Exponential(1.0 / mean_s_)) : Milliseconds{0};
    case Kind::kLogNormal:
      return FromSeconds(rng.LogNormal(a_, b_));
    case Kind::kGamma:
      return FromSeconds(rng.Gamma(a_, b_));
    case Kind::kEmpirical:
      return values_[rng.UniformInt(values_.size())];
  }
  return Milliseconds{0};
}

Milliseconds Distribution::Mean() const { return FromSeconds(mean_s_); }

std::string Distribution::Describe() const {
  switch (kind_) {
    case Kind::kFixed:
      return fmt::format("fixed {}", Show(mean_s_));
    case Kind::kExponential:
      return fmt::format("exponential(mean {})", Show(mean_s_));
    case Kind::kLogNormal:
      return fmt::format("lognormal(mean {}, sd {})", Show(mean_s_), Show(sd_s_));
    case Kind::kGamma:
      return fmt::format("gamma(mean {}, sd {})", Show(mean_s_), Show(sd_s_));
    case Kind::kEmpirical:
      return fmt::format("empirical({} values, mean {:.1f} s)", values_.size(), mean_s_);
  }
  return "";
}

Result<Distribution> ReadDistribution(const config::YamlReader& r, const YAML::Node& n,
                                      const std::string& field) {
  if (n.IsScalar()) {
    BEACON_ASSIGN_OR_RETURN(Milliseconds v, r.Duration(n, field));
    return Distribution::Fixed(v);
  }
  if (!n.IsMap()) {
    return r.Error(n, field, "must be a duration or {dist: exponential|lognormal|gamma|...}");
  }
  BEACON_RETURN_IF_ERROR(r.OnlyKeys(n, field, {"dist", "value", "mean", "sd", "values"}));
  BEACON_ASSIGN_OR_RETURN(YAML::Node kind, r.Required(n, "dist", field));
  BEACON_ASSIGN_OR_RETURN(
      std::size_t k,
      r.Choice(kind, field + ".dist", {"fixed", "exponential", "lognormal", "gamma", "empirical"}));
  auto positive = [&](std::string_view key) -> Result<Milliseconds> {
    BEACON_ASSIGN_OR_RETURN(YAML::Node v, r.Required(n, key, field));
    const std::string f = config::YamlReader::Field(field, key);
    BEACON_ASSIGN_OR_RETURN(Milliseconds d, r.Duration(v, f));
    if (d <= Milliseconds{0}) return r.Error(v, f, "must be more than 0");
    return d;
  };
  auto only = [&](std::initializer_list<std::string_view> keys) -> Status {
    for (const auto& kv : n) {
      const std::string key = kv.first.Scalar();
      if (key == "dist") continue;
      bool ok = false;
      for (std::string_view allowed : keys) ok |= key == allowed;
      if (!ok) {
        return r.Error(kv.first, config::YamlReader::Field(field, key),
                       fmt::format("does not apply to a {} distribution", kind.Scalar()));
      }
    }
    return OkStatus();
  };
  switch (k) {
    case 0: {
      BEACON_RETURN_IF_ERROR(only({"value"}));
      BEACON_ASSIGN_OR_RETURN(YAML::Node v, r.Required(n, "value", field));
      BEACON_ASSIGN_OR_RETURN(Milliseconds d, r.Duration(v, field + ".value"));
      return Distribution::Fixed(d);
    }
    case 1: {
      BEACON_RETURN_IF_ERROR(only({"mean"}));
      BEACON_ASSIGN_OR_RETURN(Milliseconds mean, positive("mean"));
      return Distribution::Exponential(mean);
    }
    case 2:
    case 3: {
      BEACON_RETURN_IF_ERROR(only({"mean", "sd"}));
      BEACON_ASSIGN_OR_RETURN(Milliseconds mean, positive("mean"));
      BEACON_ASSIGN_OR_RETURN(Milliseconds sd, positive("sd"));
      return k == 2 ? Distribution::LogNormal(mean, sd) : Distribution::Gamma(mean, sd);
    }
    default: {
      BEACON_RETURN_IF_ERROR(only({"values"}));
      BEACON_ASSIGN_OR_RETURN(YAML::Node values, r.Required(n, "values", field));
      if (!values.IsSequence() || values.size() == 0) {
        return r.Error(values, field + ".values", "must be a non-empty list of durations");
      }
      std::vector<Milliseconds> out;
      for (std::size_t i = 0; i < values.size(); ++i) {
        BEACON_ASSIGN_OR_RETURN(Milliseconds d,
                                r.Duration(values[i], fmt::format("{}.values[{}]", field, i)));
        out.push_back(d);
      }
      return Distribution::Empirical(std::move(out));
    }
  }
}

}  // namespace beacon::sim
