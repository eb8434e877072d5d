// The triage protocol model: complaints, their key questions, conditions and determinants, as
// plain C++ values loaded from rule files (see loader.h and docs/formats/protocol.md).
//
//   const Complaint* c = protocol.FindComplaint("chest_pain");
//   for (const Question& q : c->questions) std::cout << q.id << ": " << q.text << "\n";
//
// Question references inside conditions are resolved to indices into Complaint::questions at
// load time, so the engine never looks a name up. The loader guarantees the invariants stated
// below; code that builds a Complaint by hand must keep them.
// Thread-safety: immutable values once loaded; share a const Protocol between threads freely.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace beacon::triage {

// Where an item was written: the rule file and its 1-based line (0 when unknown).
struct SourceLocation {
  std::string file;
  int line = 0;
};

enum class QuestionType { kYesNo, kChoice, kNumber };

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe, kIn, kAnswered };

// A condition over the answers: a comparison, or all/any/not of conditions. kAlways is the
// condition of a question with no `ask_if` and of a determinant with no `when`.
struct Condition {
  enum class Kind { kAlways, kCompare, kAll, kAny, kNot };
  Kind kind = Kind::kAlways;
  // kCompare: the question (index into Complaint::questions and its id), the operator and the
  // operands. Operands are numbers for number questions, option indices for choice questions
  // and 1 (yes) / 0 (no) for yes/no questions; kIn has several, kAnswered none.
  std::size_t question = 0;
  std::string question_id;
  CompareOp op = CompareOp::kEq;
  std::vector<double> operands;
  std::vector<Condition> children;  // kAll, kAny: any number; kNot: exactly one
  std::string text;                 // as written, for messages ("age < 1")
  SourceLocation where;
};

struct Question {
  std::string id;
  std::string text;  // what the call-taker asks
  QuestionType type = QuestionType::kYesNo;
  std::vector<std::string> options;  // kChoice: the allowed answers, at least two
  std::string unit;                  // kNumber: e.g. "years", "breaths/min"
  double min = 0;                    // kNumber: valid range, min <= max
  double max = 0;
  Condition ask_if;  // asked only when this holds (kAlways: always asked)
  SourceLocation where;
};

enum class CareLevel { kAls, kBls };

// A pre-arrival instruction set read to the caller, e.g. dispatcher-assisted CPR.
struct Instruction {
  std::string id;
  std::string title;
  std::vector<std::string> steps;  // in the order they are given
  SourceLocation where;
};

// An outcome of triage. The first determinant (in file order) whose `when` holds wins.
struct Determinant {
  std::string code;  // unique within the protocol, e.g. "CARD-1A"
  std::string description;
  int priority = 3;  // 1 (most urgent), 2 or 3
  CareLevel level = CareLevel::kBls;
  int units = 1;  // units to send, >= 1
  bool lights_and_sirens = false;
  std::string nemsis_priority;            // NEMSIS eDispatch.05 code, e.g. "2305001"
  std::vector<std::string> instructions;  // pre-arrival instruction ids, in order
  Condition when;                         // kAlways for the default (last) determinant
  SourceLocation where;
};

struct Complaint {
  std::string id;                   // e.g. "chest_pain"
  std::string name;                 // e.g. "Chest pain (non-traumatic)"
  std::string nemsis_reason;        // NEMSIS eDispatch.01 code, e.g. "2301021"
  std::string source;               // the public guideline or clinical fact the criteria follow
  std::vector<Question> questions;  // in the order a call-taker asks them
  std::vector<Determinant> determinants;  // in priority of matching; the last has no `when`
  SourceLocation where;

  // The index of the question with this id, or questions.size() when there is none.
  [[nodiscard]] std::size_t QuestionIndex(const std::string& question_id) const;
};

class Protocol {
 public:
  Protocol() = default;
  Protocol(std::vector<Complaint> complaints, std::vector<Instruction> instructions);

  [[nodiscard]] const std::vector<Complaint>& Complaints() const { return complaints_; }
  [[nodiscard]] const std::vector<Instruction>& Instructions() const { return instructions_; }
  // Null when there is no such id.
  [[nodiscard]] const Complaint* FindComplaint(const std::string& id) const;
  [[nodiscard]] const Instruction* FindInstruction(const std::string& id) const;

 private:
  std::vector<Complaint> complaints_;  // sorted by id
  std::vector<Instruction> instructions_;
};

}  // namespace beacon::triage
