#include "beacon/triage/engine.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include "beacon/base/check.h"
#include "beacon/triage/engine_core.h"

namespace beacon::triage {
namespace internal {
namespace {

enum class State : unsigned char { kUnvisited, kVisiting, kAnswered, kSkipped, kOpen };

// One evaluation's memo of question states; questions are visited in ask_if dependency order.
class Evaluator {
 public:
  Evaluator(const Complaint& complaint, const Values& values, CoreOptions options)
      : complaint_(complaint),
        values_(values),
        options_(options),
        state_(complaint.questions.size(), State::kUnvisited),
        ask_if_(complaint.questions.size(), Truth::kUnknown) {}

  State StateOf(std::size_t q) {
    State& s = state_[q];
    if (s == State::kUnvisited) {
      s = State::kVisiting;
      const Truth ask =
          options_.ignore_ask_if ? Truth::kTrue : Eval(complaint_.questions[q].ask_if);
      ask_if_[q] = ask;
      if (ask == Truth::kFalse) {
        s = State::kSkipped;
      } else if (ask == Truth::kTrue && values_[q].has_value()) {
        s = State::kAnswered;
      } else {
        s = State::kOpen;
      }
    }
    BEACON_CHECK(s != State::kVisiting, "ask_if cycle through question '{}'",
                 complaint_.questions[q].id);
    return s;
  }

  Truth AskIf(std::size_t q) {
    StateOf(q);
    return ask_if_[q];
  }

  Truth Eval(const Condition& c) {
    switch (c.kind) {
      case Condition::Kind::kAlways:
        return Truth::kTrue;
      case Condition::Kind::kCompare:
        switch (StateOf(c.question)) {
          case State::kAnswered:
            return Compare(c, *values_[c.question]) ? Truth::kTrue : Truth::kFalse;
          case State::kSkipped:
            return Truth::kFalse;
          default:
            return Truth::kUnknown;
        }
      case Condition::Kind::kAll:
      case Condition::Kind::kAny: {
        const bool all = c.kind == Condition::Kind::kAll;
        const Truth stop = all ? Truth::kFalse : Truth::kTrue;
        Truth result = all ? Truth::kTrue : Truth::kFalse;
        for (const Condition& child : c.children) {
          const Truth t = Eval(child);
          if (t == stop) return stop;
          if (t == Truth::kUnknown) result = Truth::kUnknown;
        }
        return result;
      }
      case Condition::Kind::kNot: {
        const Truth t = Eval(c.children.front());
        if (t == Truth::kUnknown) return t;
        return t == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
      }
    }
    return Truth::kUnknown;
  }

  // Marks the open questions that decide an unknown condition, and those their ask_if waits on.
  void CollectOpen(const Condition& c, std::vector<bool>& relevant) {
    if (Eval(c) != Truth::kUnknown) return;
    if (c.kind == Condition::Kind::kCompare) {
      MarkRelevant(c.question, relevant);
      return;
    }
    for (const Condition& child : c.children) CollectOpen(child, relevant);
  }

  void MarkRelevant(std::size_t q, std::vector<bool>& relevant) {
    if (relevant[q] || StateOf(q) != State::kOpen) return;
    relevant[q] = true;
    if (ask_if_[q] == Truth::kUnknown) CollectOpen(complaint_.questions[q].ask_if, relevant);
  }

 private:
  static bool Compare(const Condition& c, double x) {
    switch (c.op) {
      case CompareOp::kEq:
        return x == c.operands.front();
      case CompareOp::kNe:
        return x != c.operands.front();
      case CompareOp::kLt:
        return x < c.operands.front();
      case CompareOp::kLe:
        return x <= c.operands.front();
      case CompareOp::kGt:
        return x > c.operands.front();
      case CompareOp::kGe:
        return x >= c.operands.front();
      case CompareOp::kIn:
        return std::find(c.operands.begin(), c.operands.end(), x) != c.operands.end();
      case CompareOp::kAnswered:
        return true;
    }
    return false;
  }

  const Complaint& complaint_;
  const Values& values_;
  CoreOptions options_;
  std::vector<State> state_;
  std::vector<Truth> ask_if_;
};

}  // namespace

CoreResult EvaluateValues(const Complaint& complaint, std::span<const Determinant> determinants,
                          const Values& values, CoreOptions options) {
  BEACON_CHECK(values.size() == complaint.questions.size());
  Evaluator ev(complaint, values, options);
  CoreResult r;
  std::vector<bool> relevant(complaint.questions.size(), false);
  bool unknown_before = false;
  for (std::size_t j = 0; j < determinants.size(); ++j) {
    const Truth t = ev.Eval(determinants[j].when);
    if (t == Truth::kFalse) continue;
    if (!r.provisional) r.provisional = j;
    if (t == Truth::kTrue) {
      if (!unknown_before) r.decided = j;
      break;
    }
    unknown_before = true;
    ev.CollectOpen(determinants[j].when, relevant);
  }
  for (std::size_t q = 0; q < complaint.questions.size(); ++q) {
    if (values[q].has_value()) {
      if (ev.StateOf(q) == State::kSkipped) r.ignored.push_back(q);
      continue;
    }
    if (r.decided || !relevant[q]) continue;
    r.remaining.push_back(q);
    r.askable.push_back(ev.AskIf(q) == Truth::kTrue);
  }
  return r;
}

Result<double> ParseAnswer(const Question& question, const std::string& raw) {
  switch (question.type) {
    case QuestionType::kYesNo:
      if (raw == "yes") return 1.0;
      if (raw == "no") return 0.0;
      return InvalidArgumentError(
          fmt::format("answer to question '{}' must be yes or no, not '{}'", question.id, raw));
    case QuestionType::kChoice: {
      const auto it = std::find(question.options.begin(), question.options.end(), raw);
      if (it == question.options.end()) {
        return InvalidArgumentError(
            fmt::format("answer to question '{}' must be one of [{}], not '{}'", question.id,
                        fmt::join(question.options, ", "), raw));
      }
      return static_cast<double>(it - question.options.begin());
    }
    case QuestionType::kNumber: {
      const std::optional<double> parsed = ParseFiniteNumber(raw);
      if (!parsed) {
        return InvalidArgumentError(
            fmt::format("answer to question '{}' must be a number ({}), not '{}'", question.id,
                        question.unit, raw));
      }
      const double x = *parsed;
      if (x < question.min || x > question.max) {
        return InvalidArgumentError(fmt::format(
            "answer to question '{}' is {} {}, outside the valid range {} to {} {}", question.id,
            raw, question.unit, question.min, question.max, question.unit));
      }
      return x;
    }
  }
  return InternalError("unknown question type");
}

std::optional<double> ParseFiniteNumber(const std::string& s) {
  double x = 0;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, x);
  if (s.empty() || ec != std::errc() || ptr != end || !std::isfinite(x)) return std::nullopt;
  return x;
}

}  // namespace internal

Result<Evaluation> Evaluate(const Complaint& complaint, const Answers& answers) {
  internal::Values values(complaint.questions.size());
  for (const auto& [id, raw] : answers) {
    const std::size_t q = complaint.QuestionIndex(id);
    if (q == complaint.questions.size()) {
      return InvalidArgumentError(
          fmt::format("complaint '{}' has no question '{}'", complaint.id, id));
    }
    BEACON_ASSIGN_OR_RETURN(values[q], internal::ParseAnswer(complaint.questions[q], raw));
  }
  const internal::CoreResult r =
      internal::EvaluateValues(complaint, complaint.determinants, values, {});
  Evaluation e;
  if (r.decided) e.determinant = &complaint.determinants[*r.decided];
  if (r.provisional) e.provisional = &complaint.determinants[*r.provisional];
  for (std::size_t i = 0; i < r.remaining.size(); ++i) {
    const Question* q = &complaint.questions[r.remaining[i]];
    e.remaining.push_back({q, r.askable[i]});
    if (e.next == nullptr && r.askable[i]) e.next = q;
  }
  for (std::size_t q : r.ignored) e.ignored_answers.push_back(complaint.questions[q].id);
  return e;
}

}  // namespace beacon::triage
