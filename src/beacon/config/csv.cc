#include "beacon/config/csv.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace beacon::config {

Result<std::vector<std::string>> SplitCsvLine(std::string_view line) {
  std::vector<std::string> out;
  std::string field;
  bool quoted = false;
  bool was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"') {
      if (!field.empty() || was_quoted) {
        return InvalidArgumentError(fmt::format(
            "a quote in the middle of field {} (quote the whole field)", out.size() + 1));
      }
      quoted = true;
      was_quoted = true;
    } else if (c == ',') {
      out.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else {
      if (was_quoted) {
        return InvalidArgumentError(
            fmt::format("text after the closing quote of field {}", out.size() + 1));
      }
      field += c;
    }
  }
  if (quoted) return InvalidArgumentError("unterminated quoted field");
  out.push_back(std::move(field));
  return out;
}

Result<CsvTable> CsvTable::Parse(std::string_view text, std::string origin) {
  CsvTable t;
  t.origin_ = std::move(origin);
  int line_no = 0;
  std::size_t pos = 0;
  bool have_header = false;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1 && line.size() >= 3 && line.substr(0, 3) == "\xEF\xBB\xBF") {
      line.remove_prefix(3);  // UTF-8 byte order mark
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      if (end == text.size()) break;
      continue;
    }
    auto fields = SplitCsvLine(line);
    if (!fields.ok()) {
      return InvalidArgumentError(
          fmt::format("{}:{}: {}", t.origin_, line_no, fields.status().message()));
    }
    if (!have_header) {
      t.header_ = std::move(*fields);
      have_header = true;
    } else {
      if (fields->size() != t.header_.size()) {
        return InvalidArgumentError(fmt::format("{}:{}: {} field(s); the header has {}", t.origin_,
                                                line_no, fields->size(), t.header_.size()));
      }
      t.rows_.push_back({line_no, std::move(*fields)});
    }
    if (end == text.size()) break;
  }
  if (!have_header)
    return InvalidArgumentError(fmt::format("{}: empty file (no header)", t.origin_));
  return t;
}

Result<CsvTable> CsvTable::Load(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return NotFoundError(fmt::format("'{}' cannot be opened", path.string()));
  std::ostringstream text;
  text << f.rdbuf();
  if (f.bad()) return DataLossError(fmt::format("'{}' cannot be read", path.string()));
  return Parse(text.str(), path.string());
}

Result<std::size_t> CsvTable::Column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  std::string known;
  for (const std::string& h : header_) known += (known.empty() ? "" : ", ") + h;
  return NotFoundError(
      fmt::format("{}: no column '{}' (the header has: {})", origin_, name, known));
}

Status CsvTable::Error(const CsvRow& row, std::size_t column, std::string_view what) const {
  const std::string name = column < header_.size() ? header_[column] : "?";
  return InvalidArgumentError(fmt::format("{}:{}: column '{}': {}", origin_, row.line, name, what));
}

Result<double> CsvTable::Double(const CsvRow& row, std::size_t column) const {
  const std::string& s = row.fields.at(column);
  if (s.empty()) return Error(row, column, "is empty");
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || errno == ERANGE || !std::isfinite(v)) {
    return Error(row, column, fmt::format("'{}' is not a number", s));
  }
  return v;
}

}  // namespace beacon::config
