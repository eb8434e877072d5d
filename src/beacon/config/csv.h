// CsvTable: a comma-separated file with a header row, as public data sets and agencies' exports
// come (firehouses, population by tract, call histories). RFC 4180 quoting: a "quoted" field may
// hold commas, line breaks are not supported inside quotes, and "" is a quote. Errors name the
// file, the line and the column.
//
//   BEACON_ASSIGN_OR_RETURN(CsvTable t, CsvTable::Load("firehouses.csv"));
//   BEACON_ASSIGN_OR_RETURN(std::size_t lat, t.Column("lat"));
//   for (const CsvRow& row : t.rows()) { double v; BEACON_RETURN_IF_ERROR(t.Double(row, lat, v)); }
//
// Thread-safety: an immutable value once loaded.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "beacon/base/result.h"

namespace beacon::config {

struct CsvRow {
  int line = 0;  // 1-based line in the file
  std::vector<std::string> fields;
};

// Splits one record. Errors: an unterminated quote, text after a closing quote.
Result<std::vector<std::string>> SplitCsvLine(std::string_view line);

class CsvTable {
 public:
  static Result<CsvTable> Load(const std::filesystem::path& path);
  // `origin` names the text in errors. Blank lines are skipped; every row must have as many
  // fields as the header.
  static Result<CsvTable> Parse(std::string_view text, std::string origin);

  [[nodiscard]] const std::vector<std::string>& header() const { return header_; }
  [[nodiscard]] const std::vector<CsvRow>& rows() const { return rows_; }
  [[nodiscard]] const std::string& origin() const { return origin_; }

  // The index of a header column; NotFound names the file and the known columns.
  [[nodiscard]] Result<std::size_t> Column(std::string_view name) const;
  // The field as a number; errors name "origin:line: column 'name': ...".
  [[nodiscard]] Result<double> Double(const CsvRow& row, std::size_t column) const;
  [[nodiscard]] Status Error(const CsvRow& row, std::size_t column, std::string_view what) const;

 private:
  std::string origin_;
  std::vector<std::string> header_;
  std::vector<CsvRow> rows_;
};

}  // namespace beacon::config
