// MCI hospital distribution: hand-checked small plans, the optimum of tiny instances found by
// enumerating every plan (an independent brute force written here), capacity and capability on
// random instances, re-planning, the closest-hospital comparison and bad input.
#include "beacon/dispatch/mci_distribution.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <tuple>

namespace beacon::dispatch {
namespace {

using R = TransportCategory;
constexpr auto kMin = [](std::int64_t m) { return Milliseconds{Minutes{m}}; };

// A builder for instances with every travel time given in whole minutes.
struct Instance {
  MciInput in;

  std::size_t Scene(Milliseconds load = Minutes{0}) {
    MciScene scene;
    scene.name = fmt::format("scene {}", in.scenes.size());
    scene.load_time = load;
    in.scenes.push_back(scene);
    for (auto& row : in.travel.hospital_to_scene) row.emplace_back();
    for (auto& row : in.travel.ambulance_to_scene) row.emplace_back();
    in.travel.scene_to_hospital.emplace_back(in.hospitals.size());
    return in.scenes.size() - 1;
  }
  std::size_t Hospital(std::array<int, kTransportCategories> cap, Milliseconds handover = {},
                       cad::HospitalCapabilities caps = {}) {
    MciHospital h;
    h.id = HospitalId{static_cast<std::uint32_t>(in.hospitals.size() + 1)};
    h.name = fmt::format("H{}", in.hospitals.size());
    h.capacity = cap;
    h.handover = handover;
    h.capabilities = caps;
    in.hospitals.push_back(h);
    for (auto& row : in.travel.scene_to_hospital) row.emplace_back();
    in.travel.hospital_to_scene.emplace_back(in.scenes.size());
    return in.hospitals.size() - 1;
  }
  std::size_t Ambulance(Milliseconds free_at = {}, int capacity = 1) {
    in.ambulances.push_back({.id = UnitId{static_cast<std::uint32_t>(in.ambulances.size() + 1)},
                             .name = fmt::format("A{}", in.ambulances.size()),
                             .free_at = free_at,
                             .capacity = capacity});
    in.travel.ambulance_to_scene.emplace_back(in.scenes.size());
    return in.ambulances.size() - 1;
  }
  std::size_t Patient(R cat, std::size_t scene = 0, bool trauma = false, bool pediatric = false,
                      bool burn = false) {
    MciPatient p;
    p.id = fmt::format("T-{}", in.patients.size());
    p.category = cat;
    p.scene = scene;
    p.pediatric = pediatric;
    p.burn = burn;
    p.trauma = trauma;
    in.patients.push_back(p);
    return in.patients.size() - 1;
  }
  // Scene <-> hospital, both ways.
  void Road(std::size_t scene, std::size_t hospital, std::int64_t minutes) {
    in.travel.scene_to_hospital[scene][hospital] = kMin(minutes);
    in.travel.hospital_to_scene[hospital][scene] = kMin(minutes);
  }
  void Reach(std::size_t ambulance, std::size_t scene, std::int64_t minutes) {
    in.travel.ambulance_to_scene[ambulance][scene] = kMin(minutes);
  }
};

MciPlan Plan(const MciInput& in) {
  Result<MciPlan> p = PlanMciDistribution(in);
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? *p : MciPlan{};
}

// ---- Independent brute force: every hospital choice within capacity and every ordered split of
// the patients among the ambulances, timed run by run. ----

struct BruteObjective {
  int needs_unmet = 0;
  std::int64_t last_red = 0;
  std::array<std::int64_t, kTransportCategories> sum{};
  auto Key() const { return std::tie(needs_unmet, last_red, sum); }
};

BruteObjective Evaluate(const MciInput& in, const std::vector<std::size_t>& hosp,
                        const std::vector<std::vector<std::size_t>>& runs) {
  BruteObjective o;
  for (std::size_t a = 0; a < runs.size(); ++a) {
    std::int64_t free = in.ambulances[a].free_at.count();
    std::optional<std::size_t> at;  // hospital
    for (std::size_t p : runs[a]) {
      const MciPatient& pt = in.patients[p];
      const std::int64_t reach = at ? in.travel.hospital_to_scene[*at][pt.scene]->count()
                                    : in.travel.ambulance_to_scene[a][pt.scene]->count();
      const std::int64_t depart =
          std::max(free + reach, pt.ready_at.count()) + in.scenes[pt.scene].load_time.count();
      const std::int64_t arrive = depart + in.travel.scene_to_hospital[pt.scene][hosp[p]]->count();
      free = arrive + in.hospitals[hosp[p]].handover.count();
      at = hosp[p];
      const auto c = static_cast<std::size_t>(pt.category);
      o.sum[c] += arrive;
      if (pt.category == R::kRed) o.last_red = std::max(o.last_red, arrive);
    }
  }
  for (std::size_t p = 0; p < hosp.size(); ++p) {
    if (!MeetsNeeds(in.patients[p], in.hospitals[hosp[p]])) ++o.needs_unmet;
  }
  return o;
}

BruteObjective BruteForce(const MciInput& in) {
  const std::size_t n = in.patients.size(), nh = in.hospitals.size(), na = in.ambulances.size();
  std::optional<BruteObjective> best;
  std::vector<std::size_t> hosp(n, 0);
  // Every assignment of hospitals (capacity per category, gray may use red room left).
  std::function<void(std::size_t)> choose = [&](std::size_t p) {
    if (p == n) {
      std::vector<std::array<int, kTransportCategories>> load(nh, {0, 0, 0, 0});
      for (std::size_t q = 0; q < n; ++q) {
        ++load[hosp[q]][static_cast<std::size_t>(in.patients[q].category)];
      }
      for (std::size_t h = 0; h < nh; ++h) {
        const auto& cap = in.hospitals[h].capacity;
        if (load[h][0] > cap[0] || load[h][1] > cap[1] || load[h][2] > cap[2] ||
            load[h][3] > cap[3] + cap[0] - load[h][0]) {
          return;
        }
      }
      // Every ordered split of the patients among the ambulances: a permutation and cut points.
      std::vector<std::size_t> perm(n);
      for (std::size_t i = 0; i < n; ++i) perm[i] = i;
      do {
        std::vector<std::size_t> owner(n, 0);
        std::function<void(std::size_t)> own = [&](std::size_t i) {
          if (i == n) {
            std::vector<std::vector<std::size_t>> runs(na);
            for (std::size_t k = 0; k < n; ++k) runs[owner[k]].push_back(perm[k]);
            const BruteObjective o = Evaluate(in, hosp, runs);
            if (!best || o.Key() < best->Key()) best = o;
            return;
          }
          for (std::size_t a = 0; a < na; ++a) {
            owner[i] = a;
            own(i + 1);
          }
        };
        own(0);
      } while (std::next_permutation(perm.begin(), perm.end()));
      return;
    }
    for (std::size_t h = 0; h < nh; ++h) {
      if (!in.travel.scene_to_hospital[in.patients[p].scene][h]) continue;
      hosp[p] = h;
      choose(p + 1);
    }
  };
  choose(0);
  return best.value_or(BruteObjective{});
}

// ---- Hand-checked plans ----

TEST(MciDistribution, OneRedToTheClosestHospitalWithRoom) {
  Instance t;
  const std::size_t s = t.Scene(Minutes{2});
  const std::size_t near = t.Hospital({0, 5, 5, 0});  // no red room
  const std::size_t far = t.Hospital({1, 0, 0, 0});
  t.Road(s, near, 5);
  t.Road(s, far, 12);
  const std::size_t a = t.Ambulance(Minutes{1});
  t.Reach(a, s, 4);
  const std::size_t p = t.Patient(R::kRed);
  const MciPlan plan = Plan(t.in);
  ASSERT_EQ(plan.trips.size(), 1u);
  EXPECT_EQ(plan.patients[p].hospital, far);
  // Free at 1 min, at the scene at 5, loaded by 7, at the hospital at 19.
  EXPECT_EQ(plan.trips[0].at_scene, kMin(5));
  EXPECT_EQ(plan.trips[0].depart, kMin(7));
  EXPECT_EQ(plan.patients[p].arrival, kMin(19));
  EXPECT_EQ(plan.figures.last_red_arrival, kMin(19));
  EXPECT_EQ(plan.figures.overflow, 0);
  EXPECT_EQ(plan.patients[p].order, 1);
  EXPECT_EQ(plan.trips[0].run, 1);
}

TEST(MciDistribution, EarliestAmbulanceTakesTheLongestLeg) {
  // Two reds, two ambulances (at the scene in 2 and 6 min); hospital A (3 min away) has room for
  // one red, B (10 min) for one. Best: early ambulance to B (2+10=12), late one to A (6+3=9):
  // last red at 12 min, where the other pairing gives 16.
  Instance t;
  const std::size_t s = t.Scene();
  const std::size_t ha = t.Hospital({1, 0, 0, 0});
  const std::size_t hb = t.Hospital({1, 0, 0, 0});
  t.Road(s, ha, 3);
  t.Road(s, hb, 10);
  t.Reach(t.Ambulance(), s, 2);
  t.Reach(t.Ambulance(), s, 6);
  t.Patient(R::kRed);
  t.Patient(R::kRed);
  const MciPlan plan = Plan(t.in);
  EXPECT_EQ(plan.figures.last_red_arrival, kMin(12));
  EXPECT_EQ(plan.figures.sum_arrival[0], kMin(21));
  EXPECT_EQ(plan.figures.load[ha][0], 1);
  EXPECT_EQ(plan.figures.load[hb][0], 1);
}

TEST(MciDistribution, RedsBeforeYellowsOnAShortFleet) {
  // One ambulance, one red and one yellow, one hospital 5 min away, handover 2 min: the red goes
  // first (arrives 5+5=10), the ambulance is free at 12, back at 17, yellow arrives at 22.
  Instance t;
  const std::size_t s = t.Scene();
  const std::size_t h = t.Hospital({1, 1, 0, 0}, Minutes{2});
  t.Road(s, h, 5);
  t.Reach(t.Ambulance(), s, 5);
  const std::size_t yellow = t.Patient(R::kYellow);
  const std::size_t red = t.Patient(R::kRed);
  const MciPlan plan = Plan(t.in);
  EXPECT_EQ(plan.patients[red].arrival, kMin(10));
  EXPECT_EQ(plan.patients[yellow].arrival, kMin(22));
  EXPECT_EQ(plan.patients[red].order, 1);
  EXPECT_EQ(plan.patients[yellow].order, 2);
  ASSERT_EQ(plan.trips.size(), 2u);
  EXPECT_EQ(plan.trips[1].run, 2);
}

TEST(MciDistribution, TwoSeatAmbulanceCarriesTwoGreens) {
  // A bus with two seats: loading 1 min each, the two greens ride together (depart 5+2=7, arrive
  // 7+6=13) instead of a second run.
  Instance t;
  const std::size_t s = t.Scene(Minutes{1});
  const std::size_t h = t.Hospital({0, 0, 5, 0});
  t.Road(s, h, 6);
  t.Reach(t.Ambulance(Minutes{0}, 2), s, 5);
  t.Patient(R::kGreen);
  t.Patient(R::kGreen);
  const MciPlan plan = Plan(t.in);
  ASSERT_EQ(plan.trips.size(), 1u);
  EXPECT_EQ(plan.trips[0].patients.size(), 2u);
  EXPECT_EQ(plan.trips[0].arrive, kMin(13));
  EXPECT_EQ(plan.figures.sum_arrival[2], kMin(26));
}

// ---- Capability ----

cad::HospitalCapabilities Burn() {
  cad::HospitalCapabilities c;
  c.burn = true;
  return c;
}
cad::HospitalCapabilities PedsTrauma() {
  cad::HospitalCapabilities c;
  c.pediatric = true;
  c.trauma_peds_level = 1;
  return c;
}
cad::HospitalCapabilities AdultTrauma() {
  cad::HospitalCapabilities c;
  c.trauma_adult_level = 1;
  return c;
}

TEST(MciDistribution, BurnPatientGoesToTheBurnCentreWhenItHasRoom) {
  Instance t;
  const std::size_t s = t.Scene();
  const std::size_t near = t.Hospital({5, 5, 5, 0});
  const std::size_t burn = t.Hospital({1, 5, 5, 0}, {}, Burn());
  t.Road(s, near, 3);
  t.Road(s, burn, 15);
  t.Reach(t.Ambulance(), s, 2);
  t.Reach(t.Ambulance(), s, 2);
  const std::size_t b1 = t.Patient(R::kRed, s, false, false, true);
  const std::size_t b2 = t.Patient(R::kRed, s, false, false, true);
  const MciPlan plan = Plan(t.in);
  // One burn bed for reds: one burn patient there, the other (no capable room) to the closest.
  const int at_burn = (plan.patients[b1].hospital == burn) + (plan.patients[b2].hospital == burn);
  EXPECT_EQ(at_burn, 1);
  EXPECT_EQ(plan.figures.needs_unmet, 1);
  EXPECT_EQ(plan.figures.overflow, 0);
  EXPECT_EQ(plan.patients[plan.patients[b1].hospital == burn ? b2 : b1].hospital, near);
}

TEST(MciDistribution, InjuredChildGoesToAPediatricTraumaCentre) {
  Instance t;
  const std::size_t s = t.Scene();
  const std::size_t adult = t.Hospital({5, 5, 5, 0}, {}, AdultTrauma());
  const std::size_t kids = t.Hospital({5, 5, 5, 0}, {}, PedsTrauma());
  t.Road(s, adult, 4);
  t.Road(s, kids, 9);
  t.Reach(t.Ambulance(), s, 2);
  t.Reach(t.Ambulance(), s, 2);
  const std::size_t child = t.Patient(R::kRed, s, /*trauma=*/true, /*pediatric=*/true);
  const std::size_t grown = t.Patient(R::kRed, s, /*trauma=*/true);
  const MciPlan plan = Plan(t.in);
  EXPECT_EQ(plan.patients[child].hospital, kids);
  EXPECT_EQ(plan.patients[grown].hospital, adult);
  EXPECT_TRUE(plan.patients[child].needs_met);
  EXPECT_EQ(plan.figures.needs_unmet, 0);
}

TEST(MciDistribution, CapabilityOutOfReachFallsBackAndSaysSo) {
  Instance t;
  const std::size_t s = t.Scene();
  const std::size_t near = t.Hospital({5, 5, 5, 0});
  const std::size_t burn = t.Hospital({5, 5, 5, 0}, {}, Burn());  // no road from this scene
  t.Road(s, near, 3);
  (void)burn;
  t.Reach(t.Ambulance(), s, 2);
  const std::size_t p = t.Patient(R::kYellow, s, false, false, true);
  const MciPlan plan = Plan(t.in);
  EXPECT_EQ(plan.patients[p].hospital, near);
  EXPECT_FALSE(plan.patients[p].needs_met);
}

// ---- Capacity, unplaced, bad input ----

TEST(MciDistribution, NeverExceedsCapacityAndSaysWhoIsLeft) {
  Instance t;
  const std::size_t s = t.Scene();
  const std::size_t h0 = t.Hospital({1, 0, 1, 0});
  const std::size_t h1 = t.Hospital({1, 1, 0, 1});
  t.Road(s, h0, 3);
  t.Road(s, h1, 8);
  t.Reach(t.Ambulance(), s, 2);
  t.Reach(t.Ambulance(), s, 4);
  for (int i = 0; i < 3; ++i) t.Patient(R::kRed);
  t.Patient(R::kGray);  // uses the gray bed at h1
  const MciPlan plan = Plan(t.in);
  EXPECT_EQ(plan.figures.overflow, 0);
  EXPECT_EQ(plan.figures.unplaced, 1);  // three reds, two red beds
  int unplaced_reds = 0;
  for (std::size_t p = 0; p < 3; ++p) {
    if (!plan.patients[p].hospital) {
      ++unplaced_reds;
      EXPECT_EQ(plan.patients[p].unplaced_reason, "no hospital within reach has red capacity left");
    }
  }
  EXPECT_EQ(unplaced_reds, 1);
  EXPECT_EQ(plan.patients[3].hospital, h1);
}

TEST(MciDistribution, GrayUsesRedRoomLeftOver) {
  Instance t;
  const std::size_t s = t.Scene();
  const std::size_t h = t.Hospital({2, 0, 0, 0});
  t.Road(s, h, 5);
  t.Reach(t.Ambulance(), s, 1);
  t.Patient(R::kRed);
  t.Patient(R::kGray);
  t.Patient(R::kGray);  // the red bed left takes one gray, not two
  const MciPlan plan = Plan(t.in);
  EXPECT_EQ(plan.figures.overflow, 0);
  EXPECT_EQ(plan.figures.unplaced, 1);
  EXPECT_EQ(plan.figures.load[h][3], 1);
}

TEST(MciDistribution, NoAmbulanceCanReachTheScene) {
  Instance t;
  const std::size_t s = t.Scene();
  const std::size_t h = t.Hospital({2, 0, 0, 0});
  t.Road(s, h, 5);
  t.Ambulance();  // no route to the scene
  const std::size_t p = t.Patient(R::kRed);
  const MciPlan plan = Plan(t.in);
  EXPECT_EQ(plan.figures.unplaced, 1);
  EXPECT_EQ(plan.patients[p].unplaced_reason, "no ambulance can reach the scene");
  EXPECT_FALSE(plan.figures.last_red_arrival.has_value());
}

TEST(MciDistribution, BadInputNamesTheItem) {
  Instance t;
  const std::size_t s = t.Scene();
  t.Hospital({1, 1, 1, 0});
  t.Ambulance();
  t.Patient(R::kRed, s);
  MciInput in = t.in;
  in.travel.scene_to_hospital[0].pop_back();
  EXPECT_EQ(PlanMciDistribution(in).status().message(),
            "travel.scene_to_hospital[0]: 0 entries, expected 1");
  in = t.in;
  in.patients[0].scene = 3;
  EXPECT_EQ(PlanMciDistribution(in).status().message(),
            "patients[0] (T-0): scene 3 is not one of the 1 scene(s)");
  in = t.in;
  in.hospitals[0].capacity[1] = -1;
  EXPECT_EQ(PlanClosestHospital(in).status().message(),
            "hospitals[0] (H0): negative yellow capacity -1");
  in = t.in;
  in.ambulances[0].capacity = 0;
  EXPECT_EQ(PlanMciDistribution(in).status().message(),
            "ambulances[0] (A0): capacity 0 is below 1");
  in = t.in;
  in.travel.ambulance_to_scene[0][0] = Milliseconds{-5};
  EXPECT_EQ(PlanMciDistribution(in).status().message(),
            "travel.ambulance_to_scene[0][0]: negative time -5 ms");
  in = t.in;
  in.patients[0].fixed = FixedTransport{.hospital = 4, .arrival = {}};
  EXPECT_FALSE(PlanMciDistribution(in).ok());
}

// ---- Re-planning ----

TEST(MciDistribution, ReplanKeepsFixedPatientsAndTheirBeds) {
  Instance t;
  const std::size_t s = t.Scene();
  const std::size_t h0 = t.Hospital({2, 0, 0, 0});
  const std::size_t h1 = t.Hospital({2, 0, 0, 0});
  t.Road(s, h0, 4);
  t.Road(s, h1, 9);
  const std::size_t a0 = t.Ambulance();
  t.Reach(a0, s, 3);
  for (int i = 0; i < 3; ++i) t.Patient(R::kRed);
  const MciPlan first = Plan(t.in);
  EXPECT_EQ(first.figures.unplaced, 0);
  // The first run is on its way: fix it. A second ambulance joins; h0 now declares one red bed.
  MciInput next = t.in;
  const PlannedTrip& run = first.trips.front();
  const std::size_t moving = run.patients.front();
  next.patients[moving].fixed = FixedTransport{.hospital = run.hospital, .arrival = run.arrive};
  next.ambulances[a0].free_at = run.free_at;
  next.travel.ambulance_to_scene[a0][s] = next.travel.hospital_to_scene[run.hospital][s];
  next.hospitals[h0].capacity[0] = 1;
  const std::size_t a1 = next.ambulances.size();
  next.ambulances.push_back(
      {.id = UnitId{9}, .name = "mutual aid", .free_at = kMin(1), .capacity = 1});
  next.travel.ambulance_to_scene.push_back({kMin(2)});
  const MciPlan again = Plan(next);
  EXPECT_EQ(again.patients[moving].hospital, run.hospital);
  EXPECT_EQ(again.patients[moving].arrival, run.arrive);
  EXPECT_FALSE(again.patients[moving].trip.has_value());
  EXPECT_LE(again.figures.load[h0][0], 1);
  EXPECT_LE(again.figures.load[h1][0], 2);
  EXPECT_EQ(again.figures.overflow, 0);
  EXPECT_EQ(again.figures.unplaced, 0);
  bool mutual_aid_used = false;
  for (const PlannedTrip& trip : again.trips) mutual_aid_used |= trip.ambulance == a1;
  EXPECT_TRUE(mutual_aid_used);
}

// ---- Closest hospital ----

TEST(ClosestHospital, OverflowsTheNearestHospitalAndCountsIt) {
  // Four reds, four ambulances 2 min away; H0 (3 min) declares 2 red beds, H1 (6 min) 2.
  // Closest: all four to H0 (overflow 2), last red at 2+3 = 5 min. The plan: two to each, last
  // red at 2+6 = 8 min, no overflow.
  Instance t;
  const std::size_t s = t.Scene();
  const std::size_t h0 = t.Hospital({2, 0, 0, 0});
  const std::size_t h1 = t.Hospital({2, 0, 0, 0});
  t.Road(s, h0, 3);
  t.Road(s, h1, 6);
  for (int i = 0; i < 4; ++i) {
    t.Reach(t.Ambulance(), s, 2);
    t.Patient(R::kRed);
  }
  Result<MciPlan> closest = PlanClosestHospital(t.in);
  ASSERT_TRUE(closest.ok()) << closest.status();
  EXPECT_EQ(closest->figures.load[h0][0], 4);
  EXPECT_EQ(closest->figures.overflow, 2);
  EXPECT_EQ(closest->figures.last_red_arrival, kMin(5));
  const MciPlan plan = Plan(t.in);
  EXPECT_EQ(plan.figures.overflow, 0);
  EXPECT_EQ(plan.figures.load[h0][0], 2);
  EXPECT_EQ(plan.figures.load[h1][0], 2);
  EXPECT_EQ(plan.figures.last_red_arrival, kMin(8));
}

// ---- Optimum of tiny instances, by enumeration ----

TEST(MciDistribution, MatchesEnumeratedOptimumOnDesignedInstances) {
  // Return trips matter: one ambulance, two reds, H0 near (2 min) with 1 red bed, H1 (7 min)
  // with 1 red bed; H0 is far from the scene on the way back (12 min) and H1 close (3 min).
  Instance t;
  const std::size_t s = t.Scene(Minutes{1});
  const std::size_t h0 = t.Hospital({1, 0, 0, 0}, Minutes{1});
  const std::size_t h1 = t.Hospital({1, 0, 0, 0}, Minutes{1});
  t.in.travel.scene_to_hospital[s][h0] = kMin(2);
  t.in.travel.hospital_to_scene[h0][s] = kMin(12);
  t.in.travel.scene_to_hospital[s][h1] = kMin(7);
  t.in.travel.hospital_to_scene[h1][s] = kMin(3);
  t.Reach(t.Ambulance(), s, 1);
  t.Patient(R::kRed);
  t.Patient(R::kRed);
  const BruteObjective opt = BruteForce(t.in);
  const MciPlan plan = Plan(t.in);
  // By hand: H1 first (1+1+7 = 9, free 10, back 13, load 14, H0 at 16) beats H0 first (4, free
  // 5, back 17, load 18, H1 at 25).
  EXPECT_EQ(opt.last_red, kMin(16).count());
  EXPECT_EQ(plan.figures.last_red_arrival, kMin(16));
  EXPECT_EQ(plan.figures.sum_arrival[0].count(), opt.sum[0]);
}

TEST(MciDistribution, MatchesEnumeratedOptimumOnRandomTinyInstances) {
  std::mt19937 rng(20130415);
  std::uniform_int_distribution<int> minutes(1, 15), cap(0, 2), cat(0, 2), coin(0, 3);
  int checked = 0;
  for (int round = 0; round < 150; ++round) {
    Instance t;
    const std::size_t s = t.Scene(Minutes{1});
    const int nh = 2 + round % 2, na = 1 + round % 2, np = 2 + round % 3;
    for (int h = 0; h < nh; ++h) {
      const std::size_t j = t.Hospital({cap(rng) + 1, cap(rng), cap(rng) + 1, 0},
                                       Minutes{coin(rng)}, coin(rng) == 0 ? Burn() : AdultTrauma());
      t.in.travel.scene_to_hospital[s][j] = kMin(minutes(rng));
      t.in.travel.hospital_to_scene[j][s] = kMin(minutes(rng));
    }
    for (int a = 0; a < na; ++a) {
      t.Reach(t.Ambulance(Minutes{coin(rng)}), s, minutes(rng));
    }
    for (int p = 0; p < np; ++p) {
      t.Patient(static_cast<R>(cat(rng)), s, coin(rng) == 0, false, coin(rng) == 0);
    }
    const MciPlan plan = Plan(t.in);
    if (plan.figures.unplaced > 0) continue;  // capacity short: the enumeration needs everyone
    const BruteObjective opt = BruteForce(t.in);
    ++checked;
    SCOPED_TRACE(::testing::Message() << "round " << round);
    EXPECT_EQ(plan.figures.needs_unmet, opt.needs_unmet);
    EXPECT_EQ(plan.figures.last_red_arrival.value_or(Milliseconds{0}).count(), opt.last_red);
    EXPECT_EQ(plan.figures.sum_arrival[0].count(), opt.sum[0]);
  }
  EXPECT_GT(checked, 60);
}

TEST(MciDistribution, RandomInstancesNeverOverflowAndRespectNeeds) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> minutes(2, 25), cap(0, 6), cat(0, 3), coin(0, 4);
  for (int round = 0; round < 20; ++round) {
    Instance t;
    t.Scene(Minutes{1});
    t.Scene(Minutes{2});
    for (int h = 0; h < 6; ++h) {
      cad::HospitalCapabilities c;
      c.burn = coin(rng) == 0;
      c.trauma_adult_level = coin(rng) < 2 ? 1 : 0;
      c.pediatric = coin(rng) == 0;
      const std::size_t j =
          t.Hospital({cap(rng), cap(rng), cap(rng), cap(rng) / 3}, Minutes{coin(rng) * 3}, c);
      for (std::size_t s = 0; s < 2; ++s) {
        if (coin(rng) == 0) continue;  // some hospitals out of reach of a scene
        t.in.travel.scene_to_hospital[s][j] = kMin(minutes(rng));
        t.in.travel.hospital_to_scene[j][s] = kMin(minutes(rng));
      }
    }
    for (int a = 0; a < 8; ++a) {
      const std::size_t k = t.Ambulance(Minutes{coin(rng)}, 1 + (coin(rng) == 0));
      t.Reach(k, 0, minutes(rng));
      t.Reach(k, 1, minutes(rng));
    }
    for (int p = 0; p < 30; ++p) {
      t.Patient(static_cast<R>(cat(rng)), static_cast<std::size_t>(coin(rng) % 2), coin(rng) == 0,
                coin(rng) == 0, coin(rng) == 0);
    }
    const MciPlan plan = Plan(t.in);
    EXPECT_EQ(plan.figures.overflow, 0);
    // Capacity by direct count, and needs: a patient at a hospital lacking a capability had no
    // capable hospital with room within reach.
    std::vector<std::array<int, kTransportCategories>> load(t.in.hospitals.size(), {0, 0, 0, 0});
    for (std::size_t p = 0; p < t.in.patients.size(); ++p) {
      const PatientPlan& pp = plan.patients[p];
      if (!pp.hospital) continue;
      ++load[*pp.hospital][static_cast<std::size_t>(t.in.patients[p].category)];
      ASSERT_TRUE(pp.arrival.has_value());
      ASSERT_TRUE(pp.trip.has_value());
      const PlannedTrip& trip = plan.trips[*pp.trip];
      EXPECT_EQ(trip.hospital, *pp.hospital);
      EXPECT_EQ(trip.arrive, *pp.arrival);
      EXPECT_LE(static_cast<int>(trip.patients.size()), t.in.ambulances[trip.ambulance].capacity);
    }
    for (std::size_t j = 0; j < load.size(); ++j) {
      const auto& c = t.in.hospitals[j].capacity;
      EXPECT_LE(load[j][0], c[0]);
      EXPECT_LE(load[j][1], c[1]);
      EXPECT_LE(load[j][2], c[2]);
      EXPECT_LE(load[j][3], c[3] + c[0] - load[j][0]);
    }
    // No ambulance is in two places at once: its runs do not overlap.
    for (std::size_t a = 0; a < t.in.ambulances.size(); ++a) {
      std::vector<const PlannedTrip*> runs;
      for (const PlannedTrip& trip : plan.trips) {
        if (trip.ambulance == a) runs.push_back(&trip);
      }
      std::sort(runs.begin(), runs.end(),
                [](const PlannedTrip* x, const PlannedTrip* y) { return x->run < y->run; });
      for (std::size_t k = 1; k < runs.size(); ++k) {
        EXPECT_LE(runs[k - 1]->free_at, runs[k]->at_scene);
      }
    }
  }
}

}  // namespace
}  // namespace beacon::dispatch
