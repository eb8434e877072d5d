// Tests that read ../shared/data (label `data`): the official NEMSIS dictionary and the rule set
// in data/protocols checked against it.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "beacon/triage/engine.h"
#include "beacon/triage/engine_core.h"
#include "beacon/triage/loader.h"
#include "beacon/triage/nemsis_codes.h"

#include "testing/testing.h"

namespace beacon::triage {
namespace {

namespace fs = std::filesystem;

fs::path DictionaryFile() {
  return beacon::testing::SharedDataDir() / "nemsis" / "dictionary" /
         "EMSDataSet_ElementEnumerations.txt";
}

// The official dictionary (label `data`): the eDispatch.05 codes in docs/domain.md.
TEST(NemsisCodesData, OfficialDictionaryHasTheDomainPriorityCodes) {
  const fs::path file = DictionaryFile();
  auto codes = LoadDispatchCodes(file);
  ASSERT_TRUE(codes.ok()) << codes.error();
  EXPECT_EQ(codes->priorities.size(), 4u);
  EXPECT_EQ(codes->priorities.at("2305001"), "Critical");
  EXPECT_EQ(codes->priorities.at("2305003"), "Emergent");
  EXPECT_EQ(codes->priorities.at("2305005"), "Lower Acuity");
  EXPECT_EQ(codes->reasons.at("2301019"), "Cardiac Arrest/Death");
}

fs::path RuleSetDir() { return fs::path(BEACON_SOURCE_DIR) / "data" / "protocols"; }
fs::path CasesFile() {
  return fs::path(BEACON_SOURCE_DIR) / "tests" / "data" / "triage_cases.yaml";
}

// The alternatives of every `any` and every `in` inside a condition, keyed by the path of the
// node ("0.2" = child 2 of child 0 of the root): the children of an `any`, and `q == v` for each
// value of `q in [...]`.
void CollectAlternatives(const Complaint& complaint, const Condition& c, const std::string& path,
                         std::map<std::string, std::vector<Condition>>& out) {
  if (c.kind == Condition::Kind::kAny) out[path] = c.children;
  if (c.kind == Condition::Kind::kCompare && c.op == CompareOp::kIn) {
    for (double v : c.operands) {
      Condition one = c;
      one.op = CompareOp::kEq;
      one.operands = {v};
      const Question& q = complaint.questions[c.question];
      one.text = q.type == QuestionType::kChoice
                     ? fmt::format("{} == {}", q.id, q.options[static_cast<std::size_t>(v)])
                     : fmt::format("{} == {}", q.id, v);
      out[path].push_back(one);
    }
  }
  for (std::size_t i = 0; i < c.children.size(); ++i) {
    CollectAlternatives(complaint, c.children[i], path + "." + std::to_string(i), out);
  }
}

// True when `c` is certainly true under `answers` (using the engine's own three-valued logic).
bool CertainlyTrue(const Complaint& complaint, const Condition& c, const Answers& answers) {
  internal::Values values(complaint.questions.size());
  for (const auto& [id, raw] : answers) {
    const std::size_t q = complaint.QuestionIndex(id);
    values[q] = *internal::ParseAnswer(complaint.questions[q], raw);
  }
  std::vector<Determinant> probe(2);
  probe[0].when = c;
  const internal::CoreResult r = internal::EvaluateValues(complaint, probe, values, {});
  return r.decided == std::size_t{0};
}

class RuleSet : public ::testing::Test {
 protected:
  void SetUp() override {
    auto codes = LoadDispatchCodes(DictionaryFile());
    ASSERT_TRUE(codes.ok()) << codes.error();
    auto p = LoadProtocolDir(RuleSetDir(), &*codes);
    ASSERT_TRUE(p.ok()) << p.error();
    protocol_ = std::move(*p);
  }
  Protocol protocol_;
};

TEST_F(RuleSet, HasTheIssueComplaintsEachWithASource) {
  EXPECT_GE(protocol_.Complaints().size(), 25u);
  for (const char* id : {"cardiac_arrest",
                         "breathing_problems",
                         "chest_pain",
                         "stroke",
                         "unconscious_fainting",
                         "seizure",
                         "overdose_poisoning",
                         "hemorrhage",
                         "traumatic_injury",
                         "falls",
                         "traffic_collision",
                         "burns",
                         "allergic_reaction",
                         "diabetic_problem",
                         "pregnancy_childbirth",
                         "psychiatric",
                         "sick_person",
                         "abdominal_pain",
                         "back_pain",
                         "headache",
                         "heat_cold_exposure",
                         "drowning",
                         "electrocution",
                         "assault",
                         "unknown_problem"}) {
    EXPECT_NE(protocol_.FindComplaint(id), nullptr) << id;
  }
  for (const Complaint& c : protocol_.Complaints()) {
    EXPECT_GE(c.source.size(), 80u) << c.id << ": the source note should name its guideline";
  }
}

TEST_F(RuleSet, PriorityOneIsCriticalAndLightsAndSirens) {
  // docs/domain.md: priority 1 is the most urgent; eDispatch.05 2305001 is Critical.
  for (const Complaint& c : protocol_.Complaints()) {
    for (const Determinant& d : c.determinants) {
      if (d.priority == 1) {
        EXPECT_EQ(d.nemsis_priority, "2305001") << d.code;
        EXPECT_TRUE(d.lights_and_sirens) << d.code;
      }
    }
  }
}

// Runs every case of tests/data/triage_cases.yaml; fails if a determinant has no case, or if an
// alternative of one of its `any` / `in` conditions is never what reaches it.
TEST_F(RuleSet, HandWrittenCasesReachTheirDeterminantAndCoverEveryDeterminant) {
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(CasesFile().string());
  } catch (const YAML::Exception& e) {
    FAIL() << CasesFile() << ": " << e.what();
  }
  std::set<std::string> expected_codes;
  // (determinant code, path of an `any`, alternative index) reached by a case deciding that code.
  std::set<std::tuple<std::string, std::string, std::size_t>> alternatives_seen;
  int n = 0;
  for (const YAML::Node& c : doc["cases"]) {
    ++n;
    const std::string id = c["complaint"].as<std::string>();
    const std::string expect = c["expect"].as<std::string>();
    const std::string where =
        fmt::format("{}:{} ({})", CasesFile().filename().string(), c.Mark().line + 1, id);
    const Complaint* complaint = protocol_.FindComplaint(id);
    ASSERT_NE(complaint, nullptr) << where;
    Answers answers;
    for (const auto& kv : c["answers"]) {
      answers[kv.first.as<std::string>()] = kv.second.as<std::string>();
    }
    auto e = Evaluate(*complaint, answers);
    ASSERT_TRUE(e.ok()) << where << ": " << e.error();
    if (expect == "pending") {
      EXPECT_EQ(e->determinant, nullptr) << where << ": decided " << e->determinant->code;
      ASSERT_NE(e->next, nullptr) << where;
      EXPECT_EQ(e->next->id, c["next"].as<std::string>()) << where;
      continue;
    }
    expected_codes.insert(expect);
    ASSERT_NE(e->determinant, nullptr)
        << where << ": expected " << expect << ", still asking " << (e->next ? e->next->id : "?");
    EXPECT_EQ(e->determinant->code, expect) << where;
    EXPECT_TRUE(e->ignored_answers.empty()) << where << ": answers to questions never asked";
    std::map<std::string, std::vector<Condition>> alternatives;
    CollectAlternatives(*complaint, e->determinant->when, "0", alternatives);
    for (const auto& [path, alts] : alternatives) {
      for (std::size_t i = 0; i < alts.size(); ++i) {
        if (CertainlyTrue(*complaint, alts[i], answers)) {
          alternatives_seen.insert({expect, path, i});
        }
      }
    }
  }
  EXPECT_GT(n, 100);
  for (const Complaint& complaint : protocol_.Complaints()) {
    for (const Determinant& d : complaint.determinants) {
      EXPECT_EQ(expected_codes.count(d.code), 1u)
          << "determinant " << d.code << " of " << complaint.id << " has no case in "
          << CasesFile();
      // Each alternative of each `any` and `in` must hold in some case that reaches it.
      std::map<std::string, std::vector<Condition>> alternatives;
      CollectAlternatives(complaint, d.when, "0", alternatives);
      for (const auto& [path, alts] : alternatives) {
        for (std::size_t i = 0; i < alts.size(); ++i) {
          EXPECT_EQ(alternatives_seen.count({d.code, path, i}), 1u)
              << "no case reaches " << d.code << " through '" << alts[i].text << "'";
        }
      }
    }
  }
}

}  // namespace
}  // namespace beacon::triage
