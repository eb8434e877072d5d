// The triage engine: given a complaint and the answers so far, decides the determinant as soon as
// the answers make it certain, and otherwise says which questions still matter.
//
//   Answers answers = {{"breathing", "no"}};
//   BEACON_ASSIGN_OR_RETURN(Evaluation e, Evaluate(*protocol.FindComplaint("cardiac_arrest"),
//                                                  answers));
//   if (e.determinant) Dispatch(*e.determinant); else Ask(*e.next);
//
// Rules (docs/design/triage.md): determinants are tried in order and the first whose `when`
// holds wins. A determinant is final when its `when` is true and every earlier one is false or
// can no longer become true, whatever the remaining answers are. Unanswered questions make
// comparisons unknown (three-valued logic); a question whose `ask_if` is false is never asked
// and every comparison on it is false. Answers are validated against the question type.
// Thread-safety: pure functions of their arguments; call from any thread.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "beacon/base/result.h"
#include "beacon/triage/protocol.h"

namespace beacon::triage {

// Question id -> answer as typed: "yes"/"no", a choice option, or a number ("67", "12.5").
using Answers = std::map<std::string, std::string>;

struct RemainingQuestion {
  const Question* question = nullptr;
  bool askable_now = false;  // false while its `ask_if` waits on other answers
};

// Pointers point into the Complaint passed to Evaluate, which must outlive the Evaluation.
struct Evaluation {
  // The final determinant, or null while answers are missing.
  const Determinant* determinant = nullptr;
  // The first determinant that can still apply (the final one once decided): what to send if
  // the call-taker must dispatch now. Null only for a complaint without a default determinant.
  const Determinant* provisional = nullptr;
  // The first remaining question that can be asked now (null once decided).
  const Question* next = nullptr;
  // Unanswered questions whose answer can still change the determinant, in complaint order.
  std::vector<RemainingQuestion> remaining;
  // Answers given to questions that are not asked given the other answers (their `ask_if` is
  // false); they do not affect the result.
  std::vector<std::string> ignored_answers;
};

// Fails (INVALID_ARGUMENT, naming the question) on an answer to an unknown question, a yes/no
// answer that is not yes or no, a choice not among the options, or a number that does not parse
// or is outside the question's range.
Result<Evaluation> Evaluate(const Complaint& complaint, const Answers& answers);

}  // namespace beacon::triage
