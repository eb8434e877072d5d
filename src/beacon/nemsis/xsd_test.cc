#include "beacon/nemsis/xsd.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "beacon/nemsis/testing.h"

namespace beacon::nemsis {
namespace {

using ::testing::HasSubstr;

using testing::Describe;
using testing::Nemsis;
using testing::Read;
using testing::Validator;

TEST(NemsisXsd, EveryOfficialSampleIsValid) {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(Nemsis() / "samples")) {
    if (e.path().extension() != ".xml") continue;
    auto r = Validator().ValidateFile(e.path());
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(r->ok()) << e.path() << "\n" << Describe(*r);
    ++n;
  }
  EXPECT_EQ(n, 40);
}

// A small valid document: the first sample, to break in various ways.
std::string Sample() { return Read(Nemsis() / "samples" / "EMSDataset-NoRepeat-1.xml"); }

TEST(NemsisXsd, InvalidContentIsAFindingWithLineAndPath) {
  std::string doc = Sample();
  const auto at = doc.find("<eRecord.01>");
  ASSERT_NE(at, std::string::npos);
  doc.insert(at, "<eRecord.99>x</eRecord.99>");
  auto r = Validator().ValidateText(doc, "broken.xml");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_FALSE(r->ok());
  const Finding& f = r->findings.front();
  EXPECT_EQ(f.rule, "xsd");
  EXPECT_EQ(f.severity, Severity::kError);
  EXPECT_GT(f.line, 1);
  EXPECT_THAT(f.path, HasSubstr("eRecord"));
  EXPECT_THAT(f.message, HasSubstr("eRecord.99"));
}

TEST(NemsisXsd, MalformedForeignAndHugeDocumentsAreClearErrors) {
  // Not well-formed: the line of the problem.
  auto r = Validator().ValidateText("<EMSDataSet xmlns=\"http://www.nemsis.org\">\n<Header>\n",
                                    "cut.xml");
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->findings.front().rule, "xml");
  EXPECT_GE(r->findings.front().line, 2);
  // Not XML at all; empty.
  r = Validator().ValidateText("%PDF-1.4 binary", "scan.pdf");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->ok());
  r = Validator().ValidateText("", "empty.xml");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->ok());
  // The right element in the wrong namespace.
  r = Validator().ValidateText("<EMSDataSet xmlns=\"http://example.com\"/>", "other.xml");
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->ok());
  EXPECT_THAT(r->findings.front().message, HasSubstr("not NEMSIS's 'http://www.nemsis.org'"));
  // A demographic data set where an EMS data set belongs.
  r = Validator().ValidateText("<DEMDataSet xmlns=\"http://www.nemsis.org\"/>", "dem.xml");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->ok()) << Describe(*r);
  // Larger than the limit: refused before parsing, naming both sizes.
  XsdValidator small = std::move(XsdValidator::Load(Nemsis() / "xsd")).value();
  small.set_max_bytes(1000);
  auto big = small.ValidateText(Sample(), "big.xml");
  ASSERT_FALSE(big.ok());
  EXPECT_THAT(std::string(big.status().message()), HasSubstr("more than the limit of 1000 bytes"));
  EXPECT_EQ(Validator().ValidateFile("/no/such/file.xml").status().code(), StatusCode::kNotFound);
  // No schema where one was promised.
  EXPECT_THAT(std::string(XsdValidator::Load("/no/such/dir").status().message()),
              HasSubstr("/no/such/dir/EMSDataSet_v3.xsd"));
}

TEST(NemsisXsd, EntitiesAreNeverExpandedOrLoaded) {
  beacon::testing::TempDir dir;
  const auto secret = dir.path() / "secret.txt";
  std::ofstream(secret) << "TOP-SECRET-CONTENT";
  const std::string doc =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE EMSDataSet [<!ENTITY x SYSTEM \"file://" +
      secret.string() + "\">]>\n<EMSDataSet xmlns=\"http://www.nemsis.org\">&x;</EMSDataSet>";
  auto r = Validator().ValidateText(doc, "xxe.xml");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->ok());
  for (const Finding& f : r->findings)
    EXPECT_THAT(f.message, ::testing::Not(HasSubstr("TOP-SECRET")));
  // A billion laughs stays small: libxml2's entity limits and no substitution.
  std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">";
  for (int i = 1; i < 10; ++i) {
    laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k)
      laughs += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    laughs += "\">";
  }
  laughs += "]>\n<EMSDataSet xmlns=\"http://www.nemsis.org\">&lol9;</EMSDataSet>";
  r = Validator().ValidateText(laughs, "lolz.xml");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->ok());
}

// Random damage to a valid document (flipped bytes, cuts, repeated slices) never crashes the
// validator and always gives a report or an error (run under ASan in `make test`).
TEST(NemsisXsd, FuzzedDocumentsNeverCrash) {
  const std::string good = Sample();
  std::mt19937_64 rng(20261203);
  int invalid = 0;
  for (int round = 0; round < 300; ++round) {
    const std::string doc = testing::Damaged(good, round % 3, 200, rng);
    auto r = Validator().ValidateText(doc, "fuzz.xml");
    if (!r.ok() || !r->ok()) ++invalid;
  }
  EXPECT_GT(invalid, 250);  // almost every damaged document is reported as such
}

}  // namespace
}  // namespace beacon::nemsis
