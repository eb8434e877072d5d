#include "beacon/nemsis/xml.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "beacon/nemsis/testing.h"

namespace beacon::nemsis {
namespace {

using ::testing::HasSubstr;

using testing::Describe;
using testing::Nemsis;
using testing::Read;
using testing::Validator;

std::string StripIndexes(const std::string& path) {
  std::string out;
  bool in = false;
  for (char c : path) {
    if (c == '[') in = true;
    if (!in) out += c;
    if (c == ']') in = false;
  }
  return out;
}

// The leaf elements of a document by path (without positions), counted by a scanner that shares
// nothing with the importer: a leaf is an element with no element inside it.
std::map<std::string, int> LeafPaths(const std::string& xml) {
  std::map<std::string, int> leaves;
  std::vector<std::pair<std::string, bool>> open;  // name, has an element child
  auto path = [&] {
    std::string p;
    for (const auto& [name, _] : open) p += "/" + name;
    return p;
  };
  for (std::size_t i = xml.find('<'); i != std::string::npos; i = xml.find('<', i + 1)) {
    if (xml.compare(i, 2, "<?") == 0 || xml.compare(i, 2, "<!") == 0) continue;
    const std::size_t end = xml.find('>', i);
    std::string tag = xml.substr(i + 1, end - i - 1);
    if (tag[0] == '/') {
      if (!open.back().second) ++leaves[path()];
      open.pop_back();
      continue;
    }
    const bool self_closing = tag.back() == '/';
    std::string name = tag.substr(0, tag.find_first_of(" \t\r\n/"));
    if (const auto colon = name.find(':'); colon != std::string::npos) name.erase(0, colon + 1);
    if (!open.empty()) open.back().second = true;
    open.emplace_back(name, false);
    if (self_closing) {
      ++leaves[path()];
      open.pop_back();
    }
  }
  return leaves;
}

int CountAll(const EmsDataSet& set) {
  int n = 0;
  for (const Header& h : set.headers) {
    n += 3;  // dAgency.01, .02, .04
    for (const PatientCareReport& r : h.reports) n += CountElements(r);
  }
  return n;
}

// Every official sample imports; every leaf element is either kept or reported as unmodelled;
// the re-export is XSD-valid and imports to the same records (no modelled element lost).
TEST(NemsisXml, EveryOfficialSampleRoundTripsKeepingEveryModelledElement) {
  int files = 0;
  int kept = 0;
  int reported = 0;
  for (const auto& e : std::filesystem::directory_iterator(Nemsis() / "samples")) {
    if (e.path().extension() != ".xml") continue;
    SCOPED_TRACE(e.path().filename().string());
    const std::string text = Read(e.path());
    auto in = ImportXml(text, e.path().string());
    ASSERT_TRUE(in.ok()) << in.status();

    std::map<std::string, int> leaves = LeafPaths(text);
    int total = 0;
    int under_unmodelled = 0;
    for (const auto& [path, n] : leaves) {
      total += n;
      for (const Finding& f : in->unmodelled) {
        const std::string p = StripIndexes(f.path);
        if (path == p || path.starts_with(p + "/")) {
          under_unmodelled += n;
          break;
        }
      }
    }
    EXPECT_EQ(CountAll(in->set) + under_unmodelled, total);
    kept += CountAll(in->set);
    reported += under_unmodelled;

    auto out = ExportXml(in->set);
    ASSERT_TRUE(out.ok()) << out.status();
    auto valid = Validator().ValidateText(*out, "re-export.xml");
    ASSERT_TRUE(valid.ok()) << valid.status();
    EXPECT_TRUE(valid->ok()) << Describe(*valid);
    auto again = ImportXml(*out, "re-export.xml");
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_TRUE(again->set == in->set);
    EXPECT_TRUE(again->unmodelled.empty());
    ++files;
  }
  EXPECT_EQ(files, 40);
  EXPECT_GT(kept, 8 * reported);  // Beacon models the great majority of what crews document
  std::cout << "samples: " << kept << " elements kept, " << reported
            << " in unmodelled sections reported\n";
}

TEST(NemsisXml, NotValuesAndPertinentNegativesAreRead) {
  int negatives = 0;
  int not_values = 0;
  for (const char* file : {"EMSDataset-PNs-1.xml", "EMSDataset-Nils-1.xml"}) {
    auto in = ImportXml(Read(Nemsis() / "samples" / file), file);
    ASSERT_TRUE(in.ok()) << in.status();
    ForEachElement(in->set.headers.at(0).reports.at(0), [&](const Element& e, const char*) {
      negatives += e.negative ? 1 : 0;
      not_values += e.not_value ? 1 : 0;
      if (e.not_value || (e.negative && e.value.empty())) {
        EXPECT_TRUE(e.nil);
      }
    });
  }
  EXPECT_GT(negatives, 5);
  EXPECT_GT(not_values, 5);
}

PatientCareReport Minimal() {
  PatientCareReport r;
  r.attributes.push_back({"UUID", "0b0e7c55-2b7e-4c8f-9d0e-5d7a1c3b2a10"});
  r.record.patient_care_report_number = Element::Of("BEACON-1");
  r.record.software_application_group.software_creator = Element::Of("Beacon");
  r.record.software_application_group.software_name = Element::Of("Beacon");
  r.record.software_application_group.software_version = Element::Of("0.1");
  r.response.agency_group.ems_agency_number = Element::Of("B001");
  r.response.service_group.type_of_service_requested = Element::Of("2205001");
  r.response.unit_transport_and_equipment_capability = Element::Of("2207011");
  r.response.ems_vehicle_unit_number = Element::Of("A7");
  r.response.ems_unit_call_sign = Element::Of("A7");
  r.response.response_mode_to_scene = Element::Of("2223001");
  r.dispatch.dispatch_reason = Element::Of("2301003");
  r.times.unit_notified_by_dispatch_time = Element::Of("2026-12-03T08:15:02-05:00");
  r.times.unit_back_in_service_time = Element::Of("2026-12-03T09:15:02-05:00");
  r.disposition.incident_disposition_group.unit_disposition = Element::Of("4227001");
  return r;
}

TEST(NemsisXml, RequiredElementsWithoutValuesAreExportedAsNotRecorded) {
  EmsDataSet set;
  set.headers.push_back({.agency = {"MA-1", "B001", "25"}, .reports = {Minimal()}});
  auto out = ExportXml(set);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_THAT(*out, HasSubstr("<eTimes.05 xsi:nil=\"true\" NV=\"7701003\"/>"));
  auto valid = Validator().ValidateText(*out, "minimal.xml");
  ASSERT_TRUE(valid.ok());
  EXPECT_TRUE(valid->ok()) << Describe(*valid) << *out;
}

TEST(NemsisXml, ARequiredElementThatMayNotBeNilIsAnExportError) {
  EmsDataSet set;
  PatientCareReport r = Minimal();
  r.dispatch.dispatch_reason.reset();
  set.headers.push_back({.agency = {"MA-1", "B001", "25"}, .reports = {r}});
  auto out = ExportXml(set);
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.status().message(), HasSubstr("BEACON-1"));
  EXPECT_THAT(out.status().message(), HasSubstr("eDispatch.01 is required"));
  EXPECT_FALSE(ExportXml(EmsDataSet{}).ok());
  r = Minimal();
  r.attributes.clear();
  set.headers[0].reports = {r};
  out = ExportXml(set);
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.status().message(), HasSubstr("UUID"));
}

TEST(NemsisXml, BadDocumentsAreClearErrors) {
  const std::string good = Read(Nemsis() / "samples" / "EMSDataset-NoRepeat-1.xml");
  auto error = [](const std::string& xml) {
    auto r = ImportXml(xml, "in.xml");
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string("(imported)") : std::string(r.status().message());
  };
  EXPECT_THAT(error("<EMSDataSet"), HasSubstr("in.xml"));
  EXPECT_THAT(error(""), HasSubstr("in.xml"));
  EXPECT_THAT(error("<EMSDataSet xmlns=\"urn:other\"/>"), HasSubstr("namespace 'urn:other'"));
  EXPECT_THAT(error("<DEMDataSet xmlns=\"http://www.nemsis.org\"/>"),
              HasSubstr("root element is DEMDataSet"));
  EXPECT_THAT(error("<EMSDataSet xmlns=\"http://www.nemsis.org\"><Header><PatientCareReport>"
                    "<E01_01>x</E01_01></PatientCareReport></Header></EMSDataSet>"),
              HasSubstr("NEMSIS v2"));
  std::string v34 = good;
  v34.replace(v34.find("<eDisposition.11"), 0, "<eDisposition.12>4212033</eDisposition.12>");
  EXPECT_THAT(error(v34), HasSubstr("v3.4"));
  std::string bad_nv = good;
  bad_nv.replace(bad_nv.find("<eTimes.01>"), 11, "<eTimes.01 NV=\"7701999\">");
  EXPECT_THAT(error(bad_nv), HasSubstr("NV=\"7701999\""));
  std::string twice = good;
  const std::string dispatch = "<eDispatch.01>";
  twice.replace(twice.find(dispatch), 0, "<eDispatch.01>2301003</eDispatch.01>");
  EXPECT_THAT(error(twice), HasSubstr("eDispatch.01 occurs 2 times"));
  EXPECT_THAT(
      error("<!DOCTYPE x [<!ENTITY a \"b\">]><EMSDataSet xmlns=\"http://www.nemsis.org\"/>"),
      HasSubstr("DOCTYPE"));
  auto huge = ImportXml(good, "big.xml", 100);
  ASSERT_FALSE(huge.ok());
  EXPECT_THAT(huge.status().message(), HasSubstr("more than the limit of 100 bytes"));
}

TEST(NemsisXml, FuzzedDocumentsNeverCrashTheImporter) {
  const std::string good = Read(Nemsis() / "samples" / "EMSDataset-ElementsRepeat-1.xml");
  std::mt19937_64 rng(20261204);
  int refused = 0;
  for (int round = 0; round < 500; ++round) {
    const std::string doc = testing::Damaged(good, round % 4, 300, rng);
    auto r = ImportXml(doc, "fuzz.xml");
    if (!r.ok()) {
      ++refused;
      EXPECT_THAT(r.status().message(), HasSubstr("fuzz.xml"));
      continue;
    }
    // Whatever imports also exports without crashing (it may lack a required element).
    (void)ExportXml(r->set);
  }
  EXPECT_GT(refused, 200);
}

}  // namespace
}  // namespace beacon::nemsis
