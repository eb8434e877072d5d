#include "beacon/sim/report.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "beacon/sim/test_city.h"

namespace beacon::sim {
namespace {

using testing::GridScenario;
using ::testing::HasSubstr;
using ::testing::Not;

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

class ReportTest : public testing::GridTest {};

TEST_F(ReportTest, DrawsEveryChartInlineAndNeedsNothingFromOutside) {
  // Busy enough that some calls are late (one unit on duty in the afternoon, 100 calls a day).
  const SimScenario s = Load(GridScenario());
  SimOptions o;
  o.replications = 2;
  auto r = RunSimulation(city_, s, o);
  ASSERT_TRUE(r.ok()) << r.status();
  const std::string html = ReportHtml(*r, s, city_);
  EXPECT_THAT(html, HasSubstr("<title>Gridville test - Beacon simulation report</title>"));
  for (const char* id : {"response", "hourly", "utilisation", "hospitals", "late"}) {
    EXPECT_THAT(html, HasSubstr(fmt::format("<figure id=\"{}\">", id)));
  }
  EXPECT_EQ(Count(html, "<svg "), 5u);
  EXPECT_EQ(Count(html, "<polyline class=\"line\""), 5u);  // 3 priorities + calls + units busy
  // One utilisation bar per unit (M1, A1) and one load bar per hospital that took patients.
  std::set<std::string> hospitals;
  std::size_t late = 0;
  for (const ReplicationResult& rep : r->replications) {
    for (const CallRecord& c : rep.calls) {
      if (!c.counted) continue;
      if (!c.hospital.empty()) hospitals.insert(c.hospital);
      const auto p = static_cast<std::size_t>(c.priority - 1);
      if (c.response && *c.response > s.targets[p]) ++late;
    }
  }
  EXPECT_EQ(Count(html, "<rect class=\"bar\""), 2 + hospitals.size());
  EXPECT_GT(late, 0u);
  EXPECT_EQ(Count(html, "<circle class=\"late\""), late);
  // Offline: no script, no external reference.
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("http")));
  EXPECT_THAT(html, Not(HasSubstr("nan")));
}

}  // namespace
}  // namespace beacon::sim
