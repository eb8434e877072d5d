// Must NOT compile: assigning a unit id to an incident id. tests/CMakeLists.txt compiles it twice:
// as is (expected to fail) and with BEACON_CONTROL defined (expected to succeed), so the test
// proves the failure comes from mixing the ids, not from a broken file.
#include "beacon/base/ids.h"

int main() {
  beacon::UnitId unit{7};
#ifdef BEACON_CONTROL
  beacon::IncidentId incident{unit.value()};
#else
  beacon::IncidentId incident = unit;
#endif
  return incident.valid() ? 0 : 1;
}
