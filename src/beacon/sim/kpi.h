// KPIs of a simulation: per replication (response-time median and 90th percentile per priority,
// the share within the scenario's targets, queueing delay, calls that waited for a unit, unit
// utilisation, offload time) and across replications as a mean with a 95 % confidence interval
// (Student's t over the replication means: the replications are independent).
//
//   ReplicationKpis k = ComputeKpis(result, scenario);
//   Estimate e = Summarise({k1.waited_share, k2.waited_share, ...});   // e.mean, e.low, e.high
//
// Response time is call received to the first unit on scene (../shared/docs/domain.md).
// Percentiles interpolate linearly between order statistics. Only calls received after the
// warm-up count.
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "beacon/sim/engine.h"
#include "beacon/sim/scenario.h"

namespace beacon::sim {

struct PriorityKpis {
  int calls = 0;
  int reached = 0;               // calls a unit reached
  double response_median_s = 0;  // NaN when no call was reached
  double response_p90_s = 0;
  double within_target = 0;  // share of calls reached within the target (of all calls)
};

struct ReplicationKpis {
  int calls = 0;
  std::array<PriorityKpis, 3> priority;
  double waited_share = 0;          // calls no unit could be sent to when triaged
  double queue_delay_mean_s = 0;    // triage to first unit sent, over all sent calls
  double queue_delay_waited_s = 0;  // the same over the calls that waited
  double utilisation = 0;           // busy unit-hours / on-duty unit-hours
  double offload_mean_s = 0;
  double transport_share = 0;
  int unreached = 0;  // calls no unit reached before the run stopped
};

ReplicationKpis ComputeKpis(const ReplicationResult& r, const SimScenario& scenario);

// One hospital's share of an MCI: what it declared, what it received, and its load over time.
struct MciHospitalLoad {
  std::string code;
  std::array<int, 4> declared{};  // red, yellow, green, gray
  std::array<int, 4> received{};
  int overflow = 0;  // patients above its declared capacity, summed over the categories
  // Patients arrived by the end of each interval of MciKpis::load_step from the first call.
  std::vector<int> cumulative;
};

// The figures of an MCI exercise (times from its first call; NaN when nothing to measure).
struct MciKpis {
  int patients = 0;
  int transported = 0;  // arrived at a hospital
  int dead = 0;
  int stranded = 0;  // living patients who never reached a hospital before the run ended
  double last_red_arrival_min = 0;  // the last Immediate patient at a hospital
  double mean_red_arrival_min = 0;
  double last_arrival_min = 0;  // the last patient at a hospital
  int overflow = 0;             // patients above declared capacity, over all hospitals
  int needs_unmet = 0;          // patients at a hospital lacking a capability they need
  int units = 0;                // ambulances that worked the MCI (city and mutual aid)
  // The city's priority-1 calls received from the MCI's first call until its last patient
  // arrived, and the rest of the run's counted priority-1 calls.
  int p1_calls_during = 0;
  double p1_median_during_s = 0;
  double p1_median_outside_s = 0;
  Milliseconds load_step{Minutes{10}};
  std::vector<MciHospitalLoad> hospitals;  // by code
};

// Empty when the replication had no MCI.
std::optional<MciKpis> ComputeMciKpis(const ReplicationResult& r);

// The hospital's load in `k`, or null when it has none.
const MciHospitalLoad* FindLoad(const MciKpis& k, const std::string& code);

// A hospital's mean patients arrived by the end of each step over the replications (a
// replication whose MCI ended sooner holds its last count).
std::vector<double> MeanArrivedBy(const std::vector<MciKpis>& k, const std::string& code);

struct Estimate {
  double mean = 0;
  double low = 0;  // 95 % confidence interval (equal to mean with one replication)
  double high = 0;
  int n = 0;
};
// NaN values (e.g. a priority with no calls in one replication) are left out.
Estimate Summarise(const std::vector<double>& values);

// Linear interpolation between order statistics (the "type 7" definition); `sorted` ascending.
double Percentile(const std::vector<double>& sorted, double p);

}  // namespace beacon::sim
