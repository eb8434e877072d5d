#include "beacon/config/yaml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace beacon::config {

Status YamlReader::Error(const YAML::Node& node, std::string_view field,
                         std::string_view what) const {
  const YAML::Mark m = node.Mark();
  const int line = m.is_null() ? 0 : m.line + 1;
  if (field.empty()) return InvalidArgumentError(fmt::format("{}:{}: {}", origin_, line, what));
  return InvalidArgumentError(fmt::format("{}:{}: {}: {}", origin_, line, field, what));
}

std::string YamlReader::Field(std::string_view where, std::string_view key) {
  if (where.empty()) return std::string(key);
  return fmt::format("{}.{}", where, key);
}

Status YamlReader::OnlyKeys(const YAML::Node& map, std::string_view where,
                            std::initializer_list<std::string_view> allowed) const {
  if (!map.IsMap()) return Error(map, where, "must be a mapping");
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) return Error(kv.first, where, "keys must be plain words");
    const std::string key = kv.first.as<std::string>();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string known;
      for (std::string_view a : allowed) known += (known.empty() ? "" : ", ") + std::string(a);
      return Error(kv.first, Field(where, key), fmt::format("unknown key (known: {})", known));
    }
  }
  return OkStatus();
}

Result<std::string> YamlReader::String(const YAML::Node& n, std::string_view field) const {
  if (!n.IsScalar()) return Error(n, field, "must be a string");
  return n.as<std::string>();
}

Result<double> YamlReader::Number(const YAML::Node& n, std::string_view field, double lo,
                                  double hi) const {
  if (!n.IsScalar()) return Error(n, field, "must be a number");
  double v = 0;
  try {
    v = n.as<double>();
  } catch (const YAML::Exception&) {
    return Error(n, field, fmt::format("'{}' is not a number", n.Scalar()));
  }
  if (!std::isfinite(v) || v < lo || v > hi) {
    return Error(n, field, fmt::format("{} is outside [{}, {}]", n.Scalar(), lo, hi));
  }
  return v;
}

Result<std::int64_t> YamlReader::Integer(const YAML::Node& n, std::string_view field,
                                         std::int64_t lo, std::int64_t hi) const {
  if (!n.IsScalar()) return Error(n, field, "must be a whole number");
  std::int64_t v = 0;
  try {
    v = n.as<std::int64_t>();
  } catch (const YAML::Exception&) {
    return Error(n, field, fmt::format("'{}' is not a whole number", n.Scalar()));
  }
  if (v < lo || v > hi) {
    return Error(n, field, fmt::format("{} is outside [{}, {}]", v, lo, hi));
  }
  return v;
}

Result<bool> YamlReader::Bool(const YAML::Node& n, std::string_view field) const {
  if (!n.IsScalar()) return Error(n, field, "must be true or false");
  const std::string& s = n.Scalar();
  if (s == "true" || s == "yes") return true;
  if (s == "false" || s == "no") return false;
  return Error(n, field, fmt::format("'{}' is not true or false", s));
}

Result<std::vector<std::string>> YamlReader::Strings(const YAML::Node& n,
                                                     std::string_view field) const {
  if (!n.IsSequence()) return Error(n, field, "must be a list of strings");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n.size(); ++i) {
    BEACON_ASSIGN_OR_RETURN(std::string s, String(n[i], fmt::format("{}[{}]", field, i)));
    out.push_back(std::move(s));
  }
  return out;
}

Result<Milliseconds> YamlReader::Clock(const YAML::Node& n, std::string_view field) const {
  if (!n.IsScalar()) return Error(n, field, "must be a time HH:MM or HH:MM:SS");
  const std::string& s = n.Scalar();
  int h = 0;
  int m = 0;
  int sec = 0;
  char extra = 0;
  const int got = std::sscanf(s.c_str(), "%d:%d:%d%c", &h, &m, &sec, &extra);
  if ((got != 2 && got != 3) || h < 0 || m < 0 || m > 59 || sec < 0 || sec > 59 || h > 10000) {
    return Error(n, field, fmt::format("'{}' is not a time HH:MM or HH:MM:SS", s));
  }
  return Milliseconds{(static_cast<std::int64_t>(h) * 3600 + m * 60 + sec) * 1000};
}

Result<Milliseconds> YamlReader::Duration(const YAML::Node& n, std::string_view field) const {
  if (!n.IsScalar()) return Error(n, field, "must be a duration (seconds, or '8 min', '90 s')");
  std::istringstream in(n.Scalar());
  double v = 0;
  std::string unit;
  in >> v;
  if (!in) return Error(n, field, fmt::format("'{}' is not a duration", n.Scalar()));
  in >> unit;
  std::string rest;
  in >> rest;
  double factor = 0;
  if (unit.empty() || unit == "s" || unit == "sec") {
    factor = 1;
  } else if (unit == "min") {
    factor = 60;
  } else if (unit == "h") {
    factor = 3600;
  }
  if (factor == 0 || !rest.empty() || !std::isfinite(v) || v < 0 || v * factor > 1e8) {
    return Error(
        n, field,
        fmt::format("'{}' is not a duration (a number of seconds, or with s/min/h)", n.Scalar()));
  }
  return Milliseconds{static_cast<std::int64_t>(std::llround(v * factor * 1000))};
}

Result<std::size_t> YamlReader::Choice(const YAML::Node& n, std::string_view field,
                                       std::initializer_list<std::string_view> allowed) const {
  BEACON_ASSIGN_OR_RETURN(std::string s, String(n, field));
  std::size_t i = 0;
  std::string known;
  for (std::string_view a : allowed) {
    if (a == s) return i;
    known += (known.empty() ? "" : ", ") + std::string(a);
    ++i;
  }
  return Error(n, field, fmt::format("'{}' is not one of: {}", s, known));
}

Result<YAML::Node> YamlReader::Required(const YAML::Node& map, std::string_view key,
                                        std::string_view where) const {
  if (!map.IsMap()) return Error(map, where, "must be a mapping");
  YAML::Node n = map[std::string(key)];
  if (!n) return Error(map, Field(where, key), "is required");
  return n;
}

Result<std::string> YamlReader::RequiredString(const YAML::Node& map, std::string_view key,
                                               std::string_view where) const {
  BEACON_ASSIGN_OR_RETURN(YAML::Node n, Required(map, key, where));
  return String(n, Field(where, key));
}

Result<YamlDocument> YamlDocument::Parse(std::string_view text, std::string origin) {
  try {
    YAML::Node root = YAML::Load(std::string(text));
    return YamlDocument(std::move(root), std::move(origin));
  } catch (const YAML::Exception& e) {
    const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    return InvalidArgumentError(fmt::format("{}:{}: not valid YAML: {}", origin, line, e.msg));
  }
}

Result<YamlDocument> YamlDocument::Load(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return NotFoundError(fmt::format("'{}' cannot be opened", path.string()));
  std::ostringstream text;
  text << f.rdbuf();
  if (f.bad()) return DataLossError(fmt::format("'{}' cannot be read", path.string()));
  return Parse(text.str(), path.string());
}

}  // namespace beacon::config
