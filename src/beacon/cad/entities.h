// The things the CAD tracks: units, stations, hospitals, calls, incidents and assignments.
// Roster data (who exists, what they can do) comes from the city model; the live fields change
// only through events (state.h).
//
//   Unit u{.id = UnitId{7}, .name = "A7", .type = UnitType::kAls, .home_station = StationId{2}};
//   Hospital h{.id = HospitalId{1}, .name = "Boston Medical Center", .emergency_department = true};
//
// Thread-safety: plain values.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/base/latlon.h"
#include "beacon/base/time.h"
#include "beacon/cad/etimes.h"
#include "beacon/cad/events.h"
#include "beacon/cad/types.h"

namespace beacon::cad {

// Times stamped per NEMSIS eTimes element; unset until the transition happens.
using ETimeStamps = std::array<std::optional<Instant>, kETimeCount>;

struct Station {
  StationId id;
  std::string name;
  LatLon location;
  friend bool operator==(const Station&, const Station&) = default;
};

struct Unit {
  // Roster.
  UnitId id;
  std::string name;  // call sign, e.g. "A7"
  UnitType type = UnitType::kBls;
  std::vector<std::string> capabilities;  // e.g. "bariatric", "critical_care"
  StationId home_station;
  // Live (changed only by events).
  Availability availability = Availability::kOutOfService;
  Instant availability_since;
  std::optional<IncidentId> active_incident;  // the incident of its non-terminal assignment
  std::uint64_t version = 0;                  // bumped by every event that changes the unit
  friend bool operator==(const Unit&, const Unit&) = default;
};

enum class StrokeCapability : std::uint8_t { kNone, kPrimary, kThrombectomy };

struct HospitalCapabilities {
  int trauma_adult_level = 0;  // 1 (highest) .. 4; 0 = not a trauma centre
  int trauma_peds_level = 0;
  StrokeCapability stroke = StrokeCapability::kNone;
  bool pci = false;  // STEMI: percutaneous coronary intervention
  bool burn = false;
  bool pediatric = false;
  bool obstetric = false;
  bool behavioral = false;
  bool adults = true;  // false: a children's hospital, which takes only children
  friend bool operator==(const HospitalCapabilities&, const HospitalCapabilities&) = default;
};

struct Hospital {
  HospitalId id;
  std::string code;  // short name dispatchers use, e.g. "MGH"
  std::string name;
  LatLon location;
  bool emergency_department = true;
  HospitalCapabilities capabilities;
  Milliseconds typical_offload{Minutes{20}};
  // Live.
  HospitalStatus status = HospitalStatus::kOpen;
  std::uint64_t version = 0;
  friend bool operator==(const Hospital&, const Hospital&) = default;
};

struct Call {
  CallId id;
  LatLon location;
  std::string address;
  Instant received;                  // eTimes.02
  std::optional<Instant> psap_time;  // eTimes.01, when the 911 centre answered
  std::optional<IncidentId> incident;
  friend bool operator==(const Call&, const Call&) = default;
};

struct Assignment {
  UnitId unit;
  IncidentId incident;
  AssignmentState state = AssignmentState::kAssigned;
  Instant since;  // when it entered `state`
  std::optional<HospitalId> destination;
  ETimeStamps etimes;
  friend bool operator==(const Assignment&, const Assignment&) = default;
};

struct Incident {
  IncidentId id;
  std::vector<CallId> calls;
  LatLon location;
  std::string address;
  int priority = 0;  // 0 until triaged or set; then 1..3
  std::optional<TriageCompleted> triage;
  Instant created;
  ETimeStamps etimes;                    // eTimes.01 and .02 from its first call
  std::vector<std::size_t> assignments;  // indexes into CadState::assignments(), in order
  bool closed = false;
  std::optional<IncidentId> merged_into;
  std::uint64_t version = 0;
  friend bool operator==(const Incident&, const Incident&) = default;
};

// What exists before any event: the city model's fleet, stations and hospitals.
struct Roster {
  std::vector<Station> stations;
  std::vector<Unit> units;
  std::vector<Hospital> hospitals;
};

}  // namespace beacon::cad
