// State codec: the CAD state's live part (cad::CadState::Live) as JSON, for snapshots. A server
// that restarts loads the latest snapshot and replays only the events after it. Times are Unix
// milliseconds (exact); reading is strict and names what is wrong.
//
//   nlohmann::json j = LiveToJson(state.TakeLive());
//   BEACON_ASSIGN_OR_RETURN(cad::CadState::Live live, LiveFromJson(j));
//   BEACON_RETURN_IF_ERROR(fresh.RestoreLive(std::move(live)));
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "beacon/base/result.h"
#include "beacon/cad/state.h"

namespace beacon::store {

nlohmann::json LiveToJson(const cad::CadState::Live& live);
Result<cad::CadState::Live> LiveFromJson(const nlohmann::json& json);

}  // namespace beacon::store
