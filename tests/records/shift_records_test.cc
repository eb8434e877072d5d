#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "beacon/center/dispatch_center.h"
#include "beacon/nemsis/schematron.h"
#include "beacon/nemsis/testing.h"
#include "beacon/nemsis/xml.h"
#include "beacon/records/from_cad.h"
#include "beacon/sim/engine.h"
#include "beacon/sim/test_city.h"

namespace beacon::records {
namespace {

using ::testing::HasSubstr;

class ShiftRecords : public sim::testing::GridTest {
 protected:
  // Runs a simulated shift in Gridville and starts a record for every unit response in it.
  std::vector<nemsis::PatientCareReport> Shift() {
    auto zone = TimeZone::Load(TimeZone::kDefaultName);
    EXPECT_TRUE(zone.ok()) << zone.status();
    zone_.emplace(*zone);
    const sim::SimScenario scenario = Load(sim::testing::GridScenario());
    std::vector<nemsis::PatientCareReport> out;
    Rng rng(11);
    RecordContext ctx;
    ctx.agency = {"MA-TEST-1", "B001", "25"};
    ctx.agency_name = "Gridville EMS";
    ctx.zone = &*zone_;
    sim::ReplicationOptions options;
    options.seed = 5;
    options.on_incident_closed = [&](const center::DispatchCenter& c, IncidentId id) {
      for (const cad::Assignment& a : c.state().assignments()) {
        if (a.incident != id) continue;
        auto r = RecordFromCad(c.state(), a, ctx, NewRecordUuid(rng));
        EXPECT_TRUE(r.ok()) << r.status();
        if (r.ok()) out.push_back(std::move(r).value());
      }
    };
    auto run = sim::RunReplication(city_, scenario, options);
    EXPECT_TRUE(run.ok()) << run.status();
    return out;
  }
  std::optional<TimeZone> zone_;
};

TEST_F(ShiftRecords, CadTimesDispatchAndDestinationAreInTheRecord) {
  const std::vector<nemsis::PatientCareReport> records = Shift();
  ASSERT_GT(records.size(), 100u);
  int transported = 0;
  for (const nemsis::PatientCareReport& r : records) {
    ASSERT_TRUE(r.times.unit_notified_by_dispatch_time.has_value());
    // Local time with the offset in force: EST in early March 2026 (DST starts 8 March).
    EXPECT_THAT(r.times.unit_notified_by_dispatch_time->value, HasSubstr("-05:00"));
    EXPECT_TRUE(r.times.unit_back_in_service_time.has_value());
    EXPECT_TRUE(nemsis::ValueOf(r.dispatch.dispatch_reason).has_value());
    if (nemsis::ValueOf(r.disposition.incident_disposition_group.transport_disposition) ==
        "4230001") {
      ++transported;
      EXPECT_TRUE(
          nemsis::ValueOf(r.disposition.destination_group.destination_or_transferred_to_code)
              .has_value());
      auto on_scene = r.times.unit_arrived_on_scene_time->instant();
      auto left = r.times.unit_left_scene_time->instant();
      auto arrived = r.times.patient_arrived_at_destination_time->instant();
      ASSERT_TRUE(on_scene.ok() && left.ok() && arrived.ok());
      EXPECT_EQ(*left - *on_scene, Minutes{10});  // the scenario's fixed time on scene
      EXPECT_LT(*left, *arrived);
    }
  }
  EXPECT_GT(transported, 100);
}

// Done-when of the records issue: records created through the CAD flow pass XSD and schematron.
TEST_F(ShiftRecords, ExportPassesTheOfficialXsdAndSchematronWithNoError) {
  nemsis::EmsDataSet set;
  set.headers.push_back({.agency = {"MA-TEST-1", "B001", "25"}, .reports = Shift()});
  ASSERT_GT(set.headers[0].reports.size(), 100u);
  auto xml = nemsis::ExportXml(set);
  ASSERT_TRUE(xml.ok()) << xml.status();
  auto xsd = nemsis::testing::Validator().ValidateText(*xml, "shift.xml");
  ASSERT_TRUE(xsd.ok()) << xsd.status();
  ASSERT_TRUE(xsd->ok()) << nemsis::testing::Describe(*xsd);

  // The national rules take one report per document: write each report as its own file.
  beacon::testing::TempDir dir;
  std::vector<std::filesystem::path> files;
  for (std::size_t i = 0; i < set.headers[0].reports.size(); ++i) {
    nemsis::EmsDataSet one;
    one.headers.push_back(
        {.agency = set.headers[0].agency, .reports = {set.headers[0].reports[i]}});
    auto text = nemsis::ExportXml(one);
    ASSERT_TRUE(text.ok());
    files.push_back(dir.path() / fmt::format("record-{}.xml", i));
    std::ofstream(files.back()) << *text;
  }
  auto v = nemsis::SchematronValidator::Compile(
      nemsis::testing::Nemsis() / "schematron" / "EMSDataSet.sch", dir.path() / "work");
  ASSERT_TRUE(v.ok()) << v.status();
  auto reports = v->Validate(files);
  ASSERT_TRUE(reports.ok()) << reports.status();
  std::map<std::string, int> errors;
  int warnings = 0;
  for (const nemsis::SchematronReport& r : *reports) {
    for (const nemsis::Finding& f : r.findings) {
      if (f.severity == nemsis::Severity::kError) {
        ++errors[f.rule + " " + f.path + ": " + f.message];
      } else {
        ++warnings;
      }
    }
  }
  std::string listed;
  for (const auto& [what, n] : errors) listed += std::to_string(n) + " x " + what + "\n";
  EXPECT_TRUE(errors.empty()) << listed;
  std::cout << files.size() << " records, " << warnings << " schematron warnings\n";
}

}  // namespace
}  // namespace beacon::records
