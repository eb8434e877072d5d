#include "beacon/triage/loader.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "beacon/triage/engine.h"

namespace beacon::triage {
namespace {

std::filesystem::path FixturesDir() {
  return std::filesystem::path(BEACON_SOURCE_DIR) / "tests" / "data" / "protocols";
}

// A small stand-in for the NEMSIS dictionary: the codes the fixtures use, and no others.
DispatchCodes TestCodes() {
  DispatchCodes codes;
  for (const char* c : {"2301023", "2301033"}) codes.reasons[c] = "test";
  for (const char* c : {"2305001", "2305003", "2305005"}) codes.priorities[c] = "test";
  return codes;
}

// Every finding of the fixture directory, one a line.
std::string Check(const std::string& fixture) {
  const DispatchCodes codes = TestCodes();
  std::string all;
  for (const Finding& f : CheckProtocolDir(FixturesDir() / fixture, &codes)) {
    all += f.ToString() + "\n";
  }
  return all;
}

int CountLines(const std::string& s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Loader, LoadsYamlJsonAndSharedQuestions) {
  const DispatchCodes codes = TestCodes();
  auto p = LoadProtocolDir(FixturesDir() / "good", &codes);
  ASSERT_TRUE(p.ok()) << p.error();
  ASSERT_EQ(p->Complaints().size(), 2u);  // README.md is ignored
  const Complaint* fall = p->FindComplaint("fall");
  ASSERT_NE(fall, nullptr);
  ASSERT_EQ(fall->questions.size(), 2u);
  EXPECT_EQ(fall->questions[0].id, "age");  // from shared.yaml
  EXPECT_EQ(fall->questions[0].unit, "years");
  EXPECT_EQ(fall->questions[0].max, 120);
  EXPECT_EQ(fall->nemsis_reason, "2301033");
  const Determinant& d = fall->determinants[0];
  EXPECT_EQ(d.code, "FALL-1");
  EXPECT_EQ(d.priority, 1);
  EXPECT_EQ(d.level, CareLevel::kAls);
  EXPECT_TRUE(d.lights_and_sirens);
  EXPECT_EQ(d.instructions, (std::vector<std::string>{"stay_still"}));
  ASSERT_NE(p->FindInstruction("stay_still"), nullptr);
  EXPECT_EQ(p->FindInstruction("stay_still")->steps.size(), 2u);
  EXPECT_TRUE(Has(fall->determinants[1].where.file, "fall.yaml"));
  EXPECT_EQ(fall->determinants[1].where.line, 19);

  const Complaint* choking = p->FindComplaint("choking");
  ASSERT_NE(choking, nullptr);
  auto e = Evaluate(*choking, {{"can_speak", "no"}});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->determinant->code, "CHOKE-1");
}

TEST(Loader, GoodSetHasNoFindings) { EXPECT_EQ(Check("good"), ""); }

TEST(Loader, UnknownKeyNamesFileLineAndKey) {
  const std::string f = Check("unknown_key");
  EXPECT_TRUE(Has(f,
                  "unknown_key.yaml:23: complaint 'unknown_key': determinant 'UK-1': unknown "
                  "key 'priorty'"))
      << f;
}

TEST(Loader, MissingFieldNamesDeterminantAndField) {
  const std::string f = Check("missing_field");
  EXPECT_TRUE(Has(f,
                  "missing_field.yaml:16: complaint 'missing_field': determinant 'MF-1': "
                  "missing required field 'level'"))
      << f;
}

TEST(Loader, UndefinedQuestionIsNamed) {
  const std::string f = Check("missing_question");
  EXPECT_TRUE(Has(f,
                  "missing_question.yaml:22: complaint 'missing_question': determinant "
                  "'MQ-1': condition 'breathing == no': question 'breathing' is not defined"))
      << f;
}

TEST(Loader, AskIfCycleIsNamed) {
  const std::string f = Check("cycle");
  EXPECT_TRUE(Has(f,
                  "cycle.yaml:15: complaint 'cycle': ask_if cycle among questions: pain -> "
                  "where -> pain"))
      << f;
  EXPECT_EQ(CountLines(f), 1) << f;
}

TEST(Loader, UnknownNemsisCodesAreNamed) {
  const std::string f = Check("unknown_code");
  EXPECT_TRUE(Has(f,
                  "unknown_code.yaml:3: complaint 'unknown_code': unknown NEMSIS eDispatch.01 "
                  "reason code '2301999'"))
      << f;
  EXPECT_TRUE(Has(f,
                  "unknown_code.yaml:21: complaint 'unknown_code': determinant 'UC-1': unknown "
                  "NEMSIS eDispatch.05 priority code '2305002'"))
      << f;
}

TEST(Loader, NemsisCodesAreNotCheckedWithoutADictionary) {
  EXPECT_TRUE(CheckProtocolDir(FixturesDir() / "unknown_code", nullptr).empty());
}

TEST(Loader, DeterminantImpliedByEarlierOneNeverFires) {
  // Everyone over 80 is also 65 or over: SH-1 always catches SH-2's cases.
  const std::string f = Check("shadowed");
  EXPECT_TRUE(Has(f,
                  "shadowed.yaml:23: complaint 'shadowed': determinant 'SH-2' can never fire: "
                  "whenever its condition 'age > 80' holds, an earlier determinant fires "
                  "first ('SH-1')"))
      << f;
  EXPECT_EQ(CountLines(f), 1) << f;
}

TEST(Loader, ContradictoryBoundsNeverFire) {
  const std::string f = Check("contradictory");
  EXPECT_TRUE(Has(f,
                  "contradictory.yaml:23: complaint 'contradictory': determinant 'CO-2' can "
                  "never fire: its condition 'all(age < 10, age > 20)' is contradictory"))
      << f;
}

TEST(Loader, CriterionOnQuestionItsAskIfExcludesNeverFires) {
  // 'confused' is asked only of an awake patient, so 'awake == no and confused == yes' is empty.
  const std::string f = Check("ask_if_excludes");
  EXPECT_TRUE(Has(f,
                  "ask_if_excludes.yaml:20: complaint 'ask_if_excludes': determinant 'AE-1' "
                  "can never fire: its condition 'all(awake == no, confused == yes)' needs "
                  "answers that the questions' ask_if conditions never allow together"))
      << f;
}

TEST(Loader, ChoiceValueNotAmongOptionsIsNamed) {
  const std::string f = Check("bad_option");
  EXPECT_TRUE(Has(f,
                  "bad_option.yaml:26: complaint 'bad_option': determinant 'BO-1': condition "
                  "'where == arm': 'arm' is not an option of question 'where' (options: head, "
                  "chest, leg)"))
      << f;
}

TEST(Loader, ComplaintWithoutDefaultIsRejected) {
  const std::string f = Check("no_default");
  EXPECT_TRUE(Has(f,
                  "no_default.yaml:23: complaint 'no_default': no default determinant: the "
                  "last one, 'ND-2', has a 'when'"))
      << f;
}

TEST(Loader, DeterminantAfterUnconditionalOneNeverFires) {
  const std::string f = Check("after_default");
  EXPECT_TRUE(Has(f,
                  "after_default.yaml:29: complaint 'after_default': determinant 'AD-3' can "
                  "never fire: it comes after 'AD-2', which has no 'when'"))
      << f;
}

TEST(Loader, SyntaxErrorNamesFileAndLine) {
  const std::string f = Check("syntax_error");
  EXPECT_TRUE(Has(f, "syntax_error.yaml:2")) << f;
  EXPECT_TRUE(Has(f, "syntax error")) << f;
}

TEST(Loader, UndefinedInstructionIsNamed) {
  const std::string f = Check("missing_instruction");
  EXPECT_TRUE(Has(f,
                  "missing_instruction.yaml:23: complaint 'missing_instruction': determinant "
                  "'MI-1': instruction 'cpr_adult' is not defined in the shared file"))
      << f;
}

TEST(Loader, UndefinedSharedQuestionIsNamed) {
  const std::string f = Check("unused_shared");
  EXPECT_TRUE(Has(f,
                  "uses_missing.yaml:6: complaint 'uses_missing': question 'weight' is used "
                  "but not defined in the shared file"))
      << f;
}

TEST(Loader, DuplicateDeterminantCodeAcrossFilesIsNamed) {
  const std::string f = Check("duplicate_code");
  EXPECT_TRUE(Has(f, "dup_b.yaml:16: complaint 'dup_b': determinant code 'DUP-1' is also used at "))
      << f;
  EXPECT_TRUE(Has(f, "dup_a.yaml:16")) << f;
}

TEST(Loader, LoadErrorListsEveryFinding) {
  const DispatchCodes codes = TestCodes();
  auto p = LoadProtocolDir(FixturesDir() / "unknown_code", &codes);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Has(std::string(p.error().message()), "2 problem(s)")) << p.error();
}

TEST(Loader, MissingDirectoryAndEmptyDirectory) {
  EXPECT_TRUE(Has(Check("no_such_dir"), "no_such_dir: not a directory"));
  const auto f = CheckProtocolTexts({}, nullptr);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(Has(f[0].message, "no complaint files"));
}

// Malformed input written inline: each must give one clear finding, never a crash.
struct BadText {
  const char* text;
  const char* expected;
};

TEST(Loader, BadValuesAreNamed) {
  const std::string head = R"(id: bad
name: Bad
nemsis_reason: "2301033"
source: test
questions:
  - {id: awake, text: 'Awake?', type: yes_no}
  - {id: rate, text: 'Rate?', type: number, unit: /min, min: 0, max: 80}
  - {id: where, text: 'Where?', type: choice, options: [head, leg]}
determinants:
)";
  const std::string tail =
      "  - {code: D-9, priority: 3, level: BLS, units: 1, lights_and_sirens: false, "
      "nemsis_priority: '2305005'}\n";
  const BadText cases[] = {
      {"  - {code: D-1, priority: 4, level: BLS, units: 1, lights_and_sirens: false, "
       "nemsis_priority: '2305005', when: awake == no}\n",
       "priority must be 1, 2 or 3, not '4'"},
      {"  - {code: D-1, priority: 1, level: MEDIC, units: 1, lights_and_sirens: false, "
       "nemsis_priority: '2305005', when: awake == no}\n",
       "level must be ALS or BLS, not 'MEDIC'"},
      {"  - {code: D-1, priority: 1, level: ALS, units: 0, lights_and_sirens: false, "
       "nemsis_priority: '2305005', when: awake == no}\n",
       "units must be a whole number from 1 to 20, not '0'"},
      {"  - {code: D-1, priority: 1, level: ALS, units: 1, lights_and_sirens: maybe, "
       "nemsis_priority: '2305005', when: awake == no}\n",
       "lights_and_sirens must be true or false, not 'maybe'"},
      {"  - {code: D-1, priority: 1, level: ALS, units: 1, lights_and_sirens: true, "
       "nemsis_priority: '2305005', when: rate fast}\n",
       "condition 'rate fast': expected '<question> <op> <value>'"},
      {"  - {code: D-1, priority: 1, level: ALS, units: 1, lights_and_sirens: true, "
       "nemsis_priority: '2305005', when: awake < 3}\n",
       "'<' needs a number question, but 'awake' is yes_no"},
      {"  - {code: D-1, priority: 1, level: ALS, units: 1, lights_and_sirens: true, "
       "nemsis_priority: '2305005', when: rate > fast}\n",
       "'fast' is not a number"},
      {"  - {code: D-1, priority: 1, level: ALS, units: 1, lights_and_sirens: true, "
       "nemsis_priority: '2305005', when: awake == maybe}\n",
       "'awake' is a yes_no question; 'maybe' is neither yes nor no"},
      {"  - {code: D-1, priority: 1, level: ALS, units: 1, lights_and_sirens: true, "
       "nemsis_priority: '2305005', when: 'where in head'}\n",
       "'in' needs a list such as [a, b]"},
      {"  - {code: D-1, priority: 1, level: ALS, units: 1, lights_and_sirens: true, "
       "nemsis_priority: '2305005', when: {either: [awake == no]}}\n",
       "unknown condition key 'either' (allowed: all, any, not)"},
      {"  - {code: D-1, priority: 1, level: ALS, units: 1, lights_and_sirens: true, "
       "nemsis_priority: '2305005', when: {all: []}}\n",
       "'all' needs a non-empty list of conditions"},
      {"  - just a string\n", "determinant must be a map"},
  };
  for (const BadText& c : cases) {
    const auto f =
        CheckProtocolTexts({{"bad.yaml", fmt::format("{}{}{}", head, c.text, tail)}}, nullptr);
    ASSERT_FALSE(f.empty()) << c.text;
    EXPECT_TRUE(Has(f[0].ToString(), c.expected)) << f[0].ToString();
    EXPECT_TRUE(Has(f[0].ToString(), "bad.yaml:10: complaint 'bad'")) << f[0].ToString();
  }
}

TEST(Loader, BadQuestionsAreNamed) {
  const BadText cases[] = {
      {"  - {id: rate, text: 'Rate?', type: number, unit: /min, min: 80, max: 0}",
       "question 'rate': min '80' and max '0' must be numbers with min <= max"},
      {"  - {id: rate, text: 'Rate?', type: number, min: 0, max: 80}",
       "question 'rate': a number question needs 'unit'"},
      {"  - {id: where, text: 'Where?', type: choice, options: [head]}",
       "question 'where': a choice needs at least two options"},
      {"  - {id: where, text: 'Where?', type: choice, options: [head, head]}",
       "question 'where': option 'head' is repeated"},
      {"  - {id: awake, text: 'Awake?', type: yes_no, options: [a, b]}",
       "question 'awake': 'options' does not apply to a yes_no question"},
      {"  - {id: awake, text: 'Awake?', type: boolean}",
       "question 'awake': unknown type 'boolean' (allowed: yes_no, choice, number)"},
      {"  - {id: Awake, text: 'Awake?', type: yes_no}",
       "question 'Awake': id must be lower-case letters"},
      {"  - {id: awake, type: yes_no}", "question 'awake': missing required field 'text'"},
  };
  for (const BadText& c : cases) {
    const std::string text = std::string(R"(id: bad
name: Bad
nemsis_reason: "2301033"
source: test
questions:
)") + c.text + R"(
determinants:
  - {code: D-9, priority: 3, level: BLS, units: 1, lights_and_sirens: false, nemsis_priority: '2305005'}
)";
    const auto f = CheckProtocolTexts({{"bad.yaml", text}}, nullptr);
    ASSERT_FALSE(f.empty()) << c.text;
    EXPECT_TRUE(Has(f[0].ToString(), std::string("bad.yaml:6: complaint 'bad': ") + c.expected))
        << f[0].ToString();
  }
}

TEST(Loader, TopLevelProblemsAreNamed) {
  const BadText cases[] = {
      {"- a\n- b\n", "bad.yaml:1: complaint 'bad': the file must be a YAML or JSON map"},
      {"id: bad\nname: Bad\nsource: s\ndeterminants: []\n",
       "complaint 'bad': complaint: missing required field 'nemsis_reason'"},
      {"id: bad\nname: Bad\nnemsis_reason: '1'\nsource: s\ndeterminants: []\ncolour: red\n",
       "bad.yaml:6: complaint 'bad': complaint: unknown key 'colour'"},
      {"id: bad\nname: Bad\nnemsis_reason: '1'\nsource: s\ndeterminants: []\n",
       "bad.yaml:5: complaint 'bad': 'determinants' must be a non-empty list"},
      {"id: bad\nid: bad2\nname: Bad\nnemsis_reason: '1'\nsource: s\ndeterminants: []\n",
       "bad.yaml:2: complaint 'bad': complaint: key 'id' appears twice"},
      {"{\"id\": \"bad\", \"name\": \n", "bad.yaml:"},
      {"", "bad.yaml:1: complaint 'bad': the file must be a YAML or JSON map"},
  };
  for (const BadText& c : cases) {
    const auto f = CheckProtocolTexts({{"bad.yaml", c.text}}, nullptr);
    ASSERT_FALSE(f.empty()) << c.text;
    EXPECT_TRUE(Has(f[0].ToString(), c.expected)) << f[0].ToString();
  }
}

TEST(Loader, SharedFileProblemsAreNamed) {
  const std::string complaint = R"(id: c
name: C
nemsis_reason: "2301033"
source: test
determinants:
  - {code: C-1, priority: 3, level: BLS, units: 1, lights_and_sirens: false, nemsis_priority: '2305005'}
)";
  const BadText cases[] = {
      {"questions: []\nprompts: []\n",
       "shared.yaml:2: shared file: unknown key 'prompts' (allowed: questions, instructions)"},
      {"questions:\n  - {id: age, text: Age, type: number, unit: y, min: 0, max: 9, ask_if: x}\n",
       "shared.yaml:2: question 'age': unknown key 'ask_if'"},
      {"instructions:\n  - {id: a, title: A, steps: [s]}\n  - {id: a, title: B, steps: [t]}\n",
       "shared.yaml:3: instruction 'a' is defined twice"},
      {"instructions:\n  - {id: a, title: A, steps: []}\n",
       "shared.yaml:2: instruction 'a': needs at least one step"},
  };
  for (const BadText& c : cases) {
    const auto f = CheckProtocolTexts({{"shared.yaml", c.text}, {"c.yaml", complaint}}, nullptr);
    ASSERT_FALSE(f.empty()) << c.text;
    EXPECT_TRUE(Has(f[0].ToString(), c.expected)) << f[0].ToString();
  }
}

TEST(Loader, EveryTruncationOfAGoodFileFailsCleanly) {
  for (const char* name : {"fall.yaml", "choking.json"}) {
    std::ifstream in(FixturesDir() / "good" / name);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_GT(text.size(), 100u);
    for (std::size_t n = 0; n < text.size(); ++n) {
      // A cut may still be valid YAML (e.g. at a line end); it must never crash or hang.
      const auto f = CheckProtocolTexts({{name, text.substr(0, n)}}, nullptr);
      for (const Finding& finding : f) EXPECT_FALSE(finding.message.empty());
    }
  }
}

}  // namespace
}  // namespace beacon::triage
