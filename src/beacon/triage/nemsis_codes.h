// The NEMSIS v3.5.1 dispatch code lists a rule set is checked against: eDispatch.01 (dispatch
// reason) and eDispatch.05 (dispatch priority), read from the official data dictionary's
// pipe-delimited enumerations file (../shared/data/nemsis/dictionary/).
//
//   BEACON_ASSIGN_OR_RETURN(DispatchCodes codes, LoadDispatchCodes(
//       data_dir / "nemsis/dictionary/EMSDataSet_ElementEnumerations.txt"));
//   codes.reasons.at("2301019");   // "Cardiac Arrest/Death"
//
// Thread-safety: a loaded DispatchCodes is an immutable value.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "beacon/base/result.h"

namespace beacon::triage {

struct DispatchCodes {
  std::map<std::string, std::string> reasons;     // eDispatch.01 code -> description
  std::map<std::string, std::string> priorities;  // eDispatch.05 code -> description
};

// Reads rows `'EMSDataSet'|'eDispatch.01'|'Dispatch Reason'|'2301001'|'Abdominal Pain'|`.
// NOT_FOUND when the file cannot be read; DATA_LOSS (naming the file and line) on a malformed
// row, or when either list is missing from the file.
Result<DispatchCodes> LoadDispatchCodes(const std::filesystem::path& enumerations_file);

}  // namespace beacon::triage
