// Must NOT compile: putting milliseconds into seconds silently. Compiled twice like mix_ids.cc.
#include "beacon/base/time.h"

int main() {
  beacon::Milliseconds ms{1500};
#ifdef BEACON_CONTROL
  beacon::Seconds s = std::chrono::duration_cast<beacon::Seconds>(ms);
#else
  beacon::Seconds s = ms;
#endif
  return static_cast<int>(s.count());
}
