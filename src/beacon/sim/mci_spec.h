// MciSpec: an MCI exercise in a simulation scenario (the `mci` block,
// docs/formats/sim-scenario.md): where and when it happens, its sites, its casualties by category
// or by observed findings, how fast they are tagged, which ambulances work it (the closest city
// units, mutual aid), the hospitals' declared surge capacity, and which hospital policy sends the
// patients.
//
//   mci:
//     name: Boylston Street
//     at: "2025-04-21T14:50:00-04:00"
//     sites: [{name: Finish line, kind: casualty_collection, at: [42.3500, -71.0780]}]
//     casualties: [{site: Finish line, count: 12, category: red, needs: [trauma]}]
//     surge: {MGH: [6, 10, 15, 2]}
//
// Thread-safety: plain values once loaded.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "beacon/base/ids.h"
#include "beacon/base/latlon.h"
#include "beacon/base/result.h"
#include "beacon/base/time.h"
#include "beacon/cad/mci_types.h"
#include "beacon/cad/types.h"
#include "beacon/model/city_model.h"
#include "beacon/triage/mci_triage.h"

namespace beacon::sim {

struct MciSiteSpec {
  std::string name;
  cad::MciSiteKind kind = cad::MciSiteKind::kCasualtyCollection;
  LatLon location;
};

// `count` patients alike: a category given, or findings the triage algorithm turns into one.
struct MciCasualtyGroup {
  std::string site;  // a casualty collection point of the MCI
  int count = 1;
  std::optional<triage::MciCategory> category;
  std::optional<triage::Findings> findings;
  std::optional<triage::MciAlgorithm> algorithm;  // for findings; default: the MCI's
  cad::MciNeeds needs;
};

// Ambulances from neighbouring services, arriving at the staging area over a spread of time.
struct MutualAidSpec {
  int count = 0;
  cad::UnitType type = cad::UnitType::kBls;
  Milliseconds arrive{Minutes{20}};  // after the first call, the first of them
  Milliseconds spread{Minutes{20}};  // the last arrives this much later than the first
  std::string prefix = "MA";         // call signs MA1, MA2, ...
};

// Which hospital policy sends the MCI's patients.
enum class MciDistribution : std::uint8_t { kPlanned, kClosest };

struct MciSpec {
  std::string name;
  Instant at;
  int level = 3;
  std::vector<MciSiteSpec> sites;
  std::vector<MciCasualtyGroup> casualties;
  triage::MciAlgorithm algorithm = triage::MciAlgorithm::kStart;
  // Tagging pace once the first ambulance is on scene: one patient every `triage_interval`.
  Milliseconds triage_interval{Seconds{20}};
  int city_units = 10;  // the closest available city ambulances committed at once
  std::vector<MutualAidSpec> mutual_aid;
  std::map<HospitalId, std::array<int, 4>> surge;  // red, yellow, green, gray
  Milliseconds load_time{Minutes{2}};
  Milliseconds handover{Minutes{10}};
  int ambulance_capacity = 1;
  MciDistribution distribution = MciDistribution::kPlanned;
  bool compare_closest = true;  // also run every replication with the closest-hospital policy

  [[nodiscard]] int Patients() const;
};

std::string_view MciDistributionName(MciDistribution d);  // "planned", "closest"

}  // namespace beacon::sim
