// Test helpers for the simulator: a simulation scenario on model::testing::SmallCity (Gridville,
// a 3 x 3 grid whose streets take 10 s; M1 ALS at station 1 (0,0) round the clock, A1 BLS at
// station 2 (2,2) 19:00-07:00; hospitals GEN at (1,2) and KIDS (children only) at (2,0); one
// demand point at (1,0)).
//
//   class MyTest : public GridTest {};  ...  SimScenario s = Load(GridScenario("travel: zero\n"));
//
// Thread-safety: test helpers, one thread.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "beacon/model/test_model.h"
#include "beacon/sim/scenario.h"

namespace beacon::sim::testing {

// A temporary directory for the files a scenario names, and Gridville.
class GridTest : public ::testing::Test {
 protected:
  GridTest() : city_(model::testing::SmallCity()) {}
  Result<SimScenario> Parse(const std::string& text) {
    return ParseSimScenario(text, "grid.yaml", dir_.path(), city_);
  }
  // A scenario that must load.
  SimScenario Load(const std::string& text) {
    auto s = Parse(text);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? std::move(s).value() : SimScenario{};
  }
  model::testing::TempDir dir_;
  model::CityModel city_;
};

// A complete scenario: two days from 2026-03-02 12:00 EST, 100 calls a day, one line of mix per
// determinant of the test rule set (SICK-3 priority 3, SICK-1 priority 1), fixed service times
// (60 s call processing, 60 s turnout, 10 min on scene, always transported). `extra` lines are
// appended (keys not already present) and `replace` swaps a top-level block for another.
inline std::string GridScenario(std::string_view extra = "") {
  std::string s =
      "name: Gridville test\n"
      "description: a small city for the simulator's tests\n"
      "city: Gridville\n"
      "run: {start: \"2026-03-02T12:00:00-05:00\", days: 2}\n"
      "demand:\n"
      "  calls_per_day: 100\n"
      "  mix:\n"
      "    - {complaint: sick_person, answers: {conscious: \"yes\"}, share: 3, determinant: "
      "SICK-3}\n"
      "    - {complaint: sick_person, answers: {conscious: \"no\"}, share: 1}\n"
      "service:\n"
      "  call_processing: 60 s\n"
      "  turnout: 60 s\n"
      "  on_scene: 10 min\n"
      "  transport: {p1: 1, p2: 1, p3: 1}\n";
  s += extra;
  return s;
}

}  // namespace beacon::sim::testing
