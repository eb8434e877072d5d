// CadState: the live state of an EMS system, as a fold over CAD events.
//
//   BEACON_ASSIGN_OR_RETURN(CadState state, CadState::Create(roster));
//   BEACON_RETURN_IF_ERROR(state.Apply(event));   // illegal -> error, state unchanged
//   state.FindUnit(UnitId{7})->availability;  state.ActiveAssignment(UnitId{7})->state;
//
// Apply checks the event against the state first and changes nothing when it is illegal; the
// error names the unit or incident, its state and the attempted transition. Replaying the same
// events into a state created from the same roster gives an equal state (operator==).
// Unit positions are not events: UpdatePosition keeps the latest fix per unit beside the log.
// Pure: no I/O, no threads, time only from the events themselves.
// Thread-safety: not thread-safe; one writer, or external locking.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/cad/entities.h"
#include "beacon/cad/events.h"
#include "beacon/cad/mci.h"

namespace beacon::cad {

struct PositionFix {
  LatLon position;
  Instant time;
  friend bool operator==(const PositionFix&, const PositionFix&) = default;
};

class CadState {
 public:
  // Validates the roster (unique ids, valid coordinates, units' home stations exist).
  static Result<CadState> Create(Roster roster);

  // Applies one event. Its seq must be last_seq() + 1 and its time not before the last event's.
  Status Apply(const Event& event);

  [[nodiscard]] std::uint64_t last_seq() const { return last_seq_; }
  [[nodiscard]] Instant last_time() const { return last_time_; }

  [[nodiscard]] const std::vector<Unit>& units() const { return units_; }
  [[nodiscard]] const std::vector<Station>& stations() const { return stations_; }
  [[nodiscard]] const std::vector<Hospital>& hospitals() const { return hospitals_; }
  [[nodiscard]] const std::vector<Assignment>& assignments() const { return assignments_; }
  [[nodiscard]] const std::unordered_map<IncidentId, Incident>& incidents() const {
    return incidents_;
  }

  [[nodiscard]] const Unit* FindUnit(UnitId id) const;
  [[nodiscard]] const Station* FindStation(StationId id) const;
  [[nodiscard]] const Hospital* FindHospital(HospitalId id) const;
  [[nodiscard]] const Incident* FindIncident(IncidentId id) const;
  [[nodiscard]] const Call* FindCall(CallId id) const;
  // The unit's non-terminal assignment, if any.
  [[nodiscard]] const Assignment* ActiveAssignment(UnitId id) const;

  // Mass-casualty incidents (mci.h), open and closed.
  [[nodiscard]] const std::map<MciId, Mci>& mcis() const { return mcis_; }
  [[nodiscard]] const Mci* FindMci(MciId id) const;
  // The MCI declared on an incident, if any.
  [[nodiscard]] const Mci* MciOfIncident(IncidentId incident) const;

  // Drops a closed incident and its calls from memory (a simulated year would otherwise keep
  // every incident it ever saw); its assignments stay in assignments(). Not an event: a state
  // that forgot incidents no longer equals the replay of its log.
  Status ForgetClosedIncident(IncidentId id);

  // Latest position fix; an older fix than the one held is ignored (fixes arrive out of order).
  Status UpdatePosition(UnitId unit, const PositionFix& fix);
  [[nodiscard]] std::optional<PositionFix> Position(UnitId unit) const;

  // What changes as events apply: the live fields of units and hospitals, the calls, incidents
  // and assignments, the latest fixes and the log position. A snapshot stores it
  // (store/state_codec.h); RestoreLive puts it back into a state created from the same roster.
  struct Live {
    struct UnitLive {
      UnitId id;
      Availability availability = Availability::kOutOfService;
      Instant availability_since;
      std::optional<IncidentId> active_incident;
      std::uint64_t version = 0;
    };
    struct HospitalLive {
      HospitalId id;
      HospitalStatus status = HospitalStatus::kOpen;
      std::uint64_t version = 0;
    };
    std::vector<UnitLive> units;
    std::vector<HospitalLive> hospitals;
    std::vector<Call> calls;
    std::vector<Incident> incidents;
    std::vector<Assignment> assignments;
    std::vector<std::pair<UnitId, PositionFix>> positions;
    std::vector<Mci> mcis;
    std::uint64_t last_seq = 0;
    Instant last_time{};
  };
  [[nodiscard]] Live TakeLive() const;
  // Checks that every id it names is in the roster and every index is in range, then replaces
  // the live part; on error nothing changes.
  Status RestoreLive(Live live);

  // Equal when every unit, hospital, call, incident, assignment and MCI is equal (positions
  // aside).
  friend bool operator==(const CadState& a, const CadState& b);

 private:
  CadState() = default;

  Status Check(const Event& event) const;
  void Mutate(const Event& event);
  // The MCI events' half of Check and Mutate (mci_state.cc).
  Status CheckMci(const EventPayload& payload) const;
  void MutateMci(const Event& event);
  Mci* MutableMci(MciId id);

  Unit* MutableUnit(UnitId id);
  Incident* MutableIncident(IncidentId id);

  std::vector<Station> stations_;
  std::vector<Unit> units_;
  std::vector<Hospital> hospitals_;
  std::unordered_map<UnitId, std::size_t> unit_index_;
  std::unordered_map<StationId, std::size_t> station_index_;
  std::unordered_map<HospitalId, std::size_t> hospital_index_;
  std::unordered_map<CallId, Call> calls_;
  std::unordered_map<IncidentId, Incident> incidents_;
  std::vector<Assignment> assignments_;
  std::unordered_map<UnitId, std::size_t> active_;  // unit -> index into assignments_
  std::unordered_map<UnitId, PositionFix> positions_;
  std::map<MciId, Mci> mcis_;
  std::unordered_map<IncidentId, MciId> mci_of_incident_;
  std::uint64_t last_seq_ = 0;
  Instant last_time_{};
};

// Applies `events` in order; the first illegal one stops the replay with an error naming it
// ("event #123 AssignmentProgressed unit=7 incident=12 to=TRANSPORTING: ...").
Status Replay(std::span<const Event> events, CadState& state);

// The states an assignment may move to from `from` (empty for terminal states).
std::span<const AssignmentState> AllowedNextStates(AssignmentState from);

}  // namespace beacon::cad
