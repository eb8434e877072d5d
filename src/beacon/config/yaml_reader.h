// YamlReader: reads Beacon's YAML configuration files (city descriptions, hospitals, fleets,
// response plans, scenarios) with errors that name the file, the line and the field, and with
// unknown keys rejected, so a typo in a file a planner wrote never passes silently.
//
//   BEACON_ASSIGN_OR_RETURN(YamlDocument doc, YamlDocument::Load("data/cities/boston.yaml"));
//   const YamlReader& r = doc.reader();
//   BEACON_RETURN_IF_ERROR(r.OnlyKeys(doc.root(), "", {"name", "timezone"}));
//   BEACON_ASSIGN_OR_RETURN(std::string name, r.RequiredString(doc.root(), "name"));
//   // errors read "boston.yaml:3: timezone: must be a string"
//
// Thread-safety: a YamlDocument is used by one thread (yaml-cpp nodes are not thread-safe).
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/base/time.h"

namespace beacon::config {

class YamlReader {
 public:
  explicit YamlReader(std::string origin) : origin_(std::move(origin)) {}

  [[nodiscard]] const std::string& origin() const { return origin_; }

  // "origin:LINE: field: what" (LINE of `node`, 1-based).
  [[nodiscard]] Status Error(const YAML::Node& node, std::string_view field,
                             std::string_view what) const;

  // Fails on a key not in `allowed`, or when `map` is not a mapping. `where` prefixes field names.
  [[nodiscard]] Status OnlyKeys(const YAML::Node& map, std::string_view where,
                                std::initializer_list<std::string_view> allowed) const;

  // Scalars. `field` names the value in errors ("units[3].type").
  [[nodiscard]] Result<std::string> String(const YAML::Node& n, std::string_view field) const;
  [[nodiscard]] Result<double> Number(const YAML::Node& n, std::string_view field, double lo,
                                      double hi) const;
  [[nodiscard]] Result<std::int64_t> Integer(const YAML::Node& n, std::string_view field,
                                             std::int64_t lo, std::int64_t hi) const;
  [[nodiscard]] Result<bool> Bool(const YAML::Node& n, std::string_view field) const;
  [[nodiscard]] Result<std::vector<std::string>> Strings(const YAML::Node& n,
                                                         std::string_view field) const;
  // "HH:MM" or "HH:MM:SS" (a time of day or an offset from a start; hours may exceed 23).
  [[nodiscard]] Result<Milliseconds> Clock(const YAML::Node& n, std::string_view field) const;
  // A duration: a number of seconds, or "90 s", "8 min", "1.5 h".
  [[nodiscard]] Result<Milliseconds> Duration(const YAML::Node& n, std::string_view field) const;
  // One of `allowed`, returned as its index.
  [[nodiscard]] Result<std::size_t> Choice(const YAML::Node& n, std::string_view field,
                                           std::initializer_list<std::string_view> allowed) const;

  // Required members of a mapping: "is required" when absent.
  [[nodiscard]] Result<YAML::Node> Required(const YAML::Node& map, std::string_view key,
                                            std::string_view where = "") const;
  [[nodiscard]] Result<std::string> RequiredString(const YAML::Node& map, std::string_view key,
                                                   std::string_view where = "") const;

  // "where.key" (or "key" when `where` is empty).
  static std::string Field(std::string_view where, std::string_view key);

 private:
  std::string origin_;
};

// A parsed YAML file and its reader. Syntax errors name the file and line.
class YamlDocument {
 public:
  static Result<YamlDocument> Load(const std::filesystem::path& path);
  // Parses `text`; `origin` names it in errors (a file name, or "<scenario>").
  static Result<YamlDocument> Parse(std::string_view text, std::string origin);

  [[nodiscard]] const YAML::Node& root() const { return root_; }
  [[nodiscard]] const YamlReader& reader() const { return reader_; }

 private:
  YamlDocument(YAML::Node root, std::string origin)
      : root_(std::move(root)), reader_(std::move(origin)) {}
  YAML::Node root_;
  YamlReader reader_;
};

}  // namespace beacon::config
