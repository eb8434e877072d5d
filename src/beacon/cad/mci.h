// A mass-casualty incident in the CAD state: its level, sites, the hospitals' declared surge
// capacity, the ambulances working it, and every patient by triage tag with category, site,
// treatments and transport state. All of it changes only through the MCI events (events.h), so a
// patient's trail (tagged, moved, re-triaged, assigned, transported by which unit, to which
// hospital, arrived) is the log itself and no patient can be lost by a restart.
//
//   const Mci* m = state.FindMci(MciId{1});
//   MciCounts c = CountPatients(*m);   c.by_category[Index(MciCategory::kImmediate)]
//   for (const Event* e : PatientTrail(center.log(), MciId{1}, "T-017")) ...
//
// Thread-safety: plain values.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/base/latlon.h"
#include "beacon/base/time.h"
#include "beacon/cad/events.h"
#include "beacon/cad/mci_types.h"
#include "beacon/triage/mci_triage.h"

namespace beacon::cad {

struct MciSite {
  std::string name;
  MciSiteKind kind = MciSiteKind::kCasualtyCollection;
  LatLon location;
  friend bool operator==(const MciSite&, const MciSite&) = default;
};

struct MciPatient {
  std::string tag;
  triage::MciCategory category = triage::MciCategory::kMinor;
  std::optional<triage::MciAlgorithm> algorithm;  // unset: category given directly
  std::string site;                               // empty: at the incident's location
  MciNeeds needs;
  MciPatientState state = MciPatientState::kOnScene;
  std::optional<UnitId> unit;          // planned (kAssigned) or carrying (kTransporting, kArrived)
  std::optional<HospitalId> hospital;  // planned, heading to, or arrived at
  std::vector<std::string> treatments;
  Instant tagged;
  Instant since;      // when it entered `state`
  int retriages = 0;  // times its category was judged again
  std::uint64_t version = 0;
  friend bool operator==(const MciPatient&, const MciPatient&) = default;
};

struct Mci {
  MciId id;
  IncidentId incident;
  std::string name;
  int level = kLowestMciLevel;
  Instant declared;
  bool closed = false;
  std::vector<MciSite> sites;                               // in the order they were set up
  std::map<std::string, MciPatient, std::less<>> patients;  // by tag
  std::map<HospitalId, std::array<int, 4>> surge;           // declared: red, yellow, green, gray
  std::set<UnitId> units;  // every unit ever assigned to the MCI's incident
  std::uint64_t version = 0;
  friend bool operator==(const Mci&, const Mci&) = default;

  [[nodiscard]] const MciPatient* FindPatient(std::string_view tag) const;
  [[nodiscard]] const MciSite* FindSite(std::string_view name) const;
};

// The index of a category in by_category arrays (Immediate 0 ... Dead 4).
constexpr std::size_t Index(triage::MciCategory c) { return static_cast<std::size_t>(c); }
constexpr std::size_t Index(MciPatientState s) { return static_cast<std::size_t>(s); }

struct MciCounts {
  int total = 0;
  std::array<int, triage::kMciCategories> by_category{};
  std::array<int, kMciPatientStates> by_state{};
  // Patients still at the scene (on scene or assigned) per category.
  std::array<int, triage::kMciCategories> waiting{};
  // Arrived per hospital per category.
  std::map<HospitalId, std::array<int, triage::kMciCategories>> arrived;
  // Heading to (transporting) per hospital per category.
  std::map<HospitalId, std::array<int, triage::kMciCategories>> inbound;
};
MciCounts CountPatients(const Mci& mci);

// The transport category a triage category counts against in a hospital's surge capacity:
// 0 red (Immediate), 1 yellow, 2 green, 3 gray; none for the dead.
std::optional<std::size_t> SurgeIndex(triage::MciCategory category);

// The MCI an event belongs to (unset for the CAD core's events).
std::optional<MciId> MciOf(const EventPayload& payload);
// The patient tag an event names (empty for events about the MCI as a whole).
std::string_view TagOf(const EventPayload& payload);

// Every event of the patient's trail, in log order.
std::vector<const Event*> PatientTrail(std::span<const Event> log, MciId mci, std::string_view tag);

}  // namespace beacon::cad
