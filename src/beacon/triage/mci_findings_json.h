// MCI findings as JSON (docs/formats/mci-findings.md): one patient's observed findings from a
// JSON object, and a triage result as JSON. Shared by `beacon mci triage`, the simulator's MCI
// casualties and the server.
//
//   BEACON_ASSIGN_OR_RETURN(Findings f, FindingsFromJson(nlohmann::ordered_json::parse(line)));
//   TriageResultToJson(*TriageMci(MciAlgorithm::kStart, f))["escene_08"] == "2708001"
//
// Every key is optional and null means "not observed"; an unknown key or a value of the wrong
// type is INVALID_ARGUMENT whose message starts with the key ("respiratory_rate: expected a
// whole number of breaths/min"). The key "id" (a triage tag number) is allowed and ignored.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "beacon/base/result.h"
#include "beacon/triage/mci_triage.h"

namespace beacon::triage {

Result<Findings> FindingsFromJson(const nlohmann::ordered_json& object);
// The findings observed (unset ones left out); FindingsFromJson reads it back to equal findings.
nlohmann::ordered_json FindingsToJson(const Findings& findings);

// {"algorithm", "category", "color", "escene_08", "escene_08_label", "step", "reason",
//  "salt_sort_priority" (SALT only)}.
nlohmann::ordered_json TriageResultToJson(const TriageResult& result);

}  // namespace beacon::triage
