// The ids Beacon's modules share. Each is its own type: see strong_id.h.
//
//   NodeId n{42};  UnitId u{3};  IncidentId i{1001};
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>

#include "beacon/base/strong_id.h"

namespace beacon {

struct NodeIdTag {};
struct ArcIdTag {};
struct UnitIdTag {};
struct IncidentIdTag {};
struct StationIdTag {};
struct HospitalIdTag {};

// A road-graph node (an intersection or a shape break), dense from 0.
using NodeId = StrongId<NodeIdTag, std::uint32_t>;
// A road-graph arc (a directed road piece), dense from 0.
using ArcId = StrongId<ArcIdTag, std::uint32_t>;
// An ambulance or other response unit.
using UnitId = StrongId<UnitIdTag, std::uint32_t>;
// An incident (one emergency, which may have several calls and units).
using IncidentId = StrongId<IncidentIdTag, std::uint64_t>;
// A station or post where units wait.
using StationId = StrongId<StationIdTag, std::uint32_t>;
// A hospital (destination).
using HospitalId = StrongId<HospitalIdTag, std::uint32_t>;

}  // namespace beacon
