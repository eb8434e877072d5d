// Test helpers for the model module: a small in-memory city (a 3 x 3
// grid of streets 100 m apart, two stations, two hospitals, two units) to save, load and route on.
//
//   TempDir dir;  WriteFile(dir.path() / "h.yaml", "...");
//   CityModel m = SmallCity();
//
// Thread-safety: test helpers, one thread.
#pragma once

#include <filesystem>
#include <string_view>

#include "beacon/model/city_model.h"

#include "testing/testing.h"

namespace beacon::model::testing {

using beacon::testing::TempDir;
using beacon::testing::WriteFile;

// Node (r, c) of the grid is at 42.35 + r * 0.0009, -71.06 + c * 0.0012 (about 100 m apart);
// every street is two-way and takes 10 s.
inline constexpr double kGridLat0 = 42.35;
inline constexpr double kGridLon0 = -71.06;
inline constexpr double kGridDLat = 0.0009;
inline constexpr double kGridDLon = 0.0012;
LatLon GridPoint(int row, int col);
CityModel SmallCity();
// A 5 x 5 grid (streets of 10 s) with six stations (North West (0,0), North East (0,4), Centre
// (2,2), South West (4,0), South East (4,4), East (2,4); all posts, Centre first; M1 based at
// Centre and A1 at North West), areas West
// (columns 0-1) and East (columns 3-4), a demand point at every node and coverage targets of
// 20/30/40 s, so that where units wait matters (coverage tests).
CityModel CoverageCity();

}  // namespace beacon::model::testing
