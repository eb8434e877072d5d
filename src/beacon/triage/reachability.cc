#include "beacon/triage/reachability.h"

#include <algorithm>

namespace beacon::triage::internal {
namespace {

void CollectConstants(const Condition& c, std::vector<std::vector<double>>& constants) {
  if (c.kind == Condition::Kind::kCompare) {
    for (double x : c.operands) constants[c.question].push_back(x);
  }
  for (const Condition& child : c.children) CollectConstants(child, constants);
}

class Search {
 public:
  Search(const Complaint& complaint, std::span<const Determinant> determinants, CoreOptions options,
         std::size_t budget)
      : complaint_(complaint),
        determinants_(determinants),
        options_(options),
        budget_(budget),
        samples_(AnswerSamples(complaint)),
        values_(complaint.questions.size()) {
    reach_.reached.assign(determinants.size(), false);
  }

  Reach Run() {
    Visit();
    return reach_;
  }

 private:
  void Visit() {
    if (reach_.nodes >= budget_) {
      reach_.complete = false;
      return;
    }
    ++reach_.nodes;
    const CoreResult r = EvaluateValues(complaint_, determinants_, values_, options_);
    if (r.decided) {
      reach_.reached[*r.decided] = true;
      return;
    }
    std::size_t next = complaint_.questions.size();
    for (std::size_t i = 0; i < r.remaining.size(); ++i) {
      if (r.askable[i]) {
        next = r.remaining[i];
        break;
      }
    }
    if (next == complaint_.questions.size()) {
      // Undecided with nothing left to ask: only a determinant list without a default ends
      // here; whatever comes first among the still-possible ones is what a console would send.
      if (r.provisional) reach_.reached[*r.provisional] = true;
      return;
    }
    for (double s : samples_[next]) {
      values_[next] = s;
      Visit();
    }
    values_[next].reset();
  }

  const Complaint& complaint_;
  std::span<const Determinant> determinants_;
  CoreOptions options_;
  std::size_t budget_;
  std::vector<std::vector<double>> samples_;
  Values values_;
  Reach reach_;
};

}  // namespace

std::vector<std::vector<double>> AnswerSamples(const Complaint& complaint) {
  std::vector<std::vector<double>> constants(complaint.questions.size());
  for (const Question& q : complaint.questions) CollectConstants(q.ask_if, constants);
  for (const Determinant& d : complaint.determinants) CollectConstants(d.when, constants);
  std::vector<std::vector<double>> samples(complaint.questions.size());
  for (std::size_t i = 0; i < complaint.questions.size(); ++i) {
    const Question& q = complaint.questions[i];
    std::vector<double>& s = samples[i];
    switch (q.type) {
      case QuestionType::kYesNo:
        s = {1.0, 0.0};
        break;
      case QuestionType::kChoice:
        for (std::size_t k = 0; k < q.options.size(); ++k) s.push_back(static_cast<double>(k));
        break;
      case QuestionType::kNumber: {
        std::vector<double> points = {q.min, q.max};
        for (double c : constants[i]) points.push_back(std::clamp(c, q.min, q.max));
        std::sort(points.begin(), points.end());
        points.erase(std::unique(points.begin(), points.end()), points.end());
        for (std::size_t k = 0; k < points.size(); ++k) {
          s.push_back(points[k]);
          if (k + 1 < points.size()) s.push_back(points[k] + (points[k + 1] - points[k]) / 2);
        }
        break;
      }
    }
  }
  return samples;
}

Reach FindReachable(const Complaint& complaint, std::span<const Determinant> determinants,
                    CoreOptions options, std::size_t node_budget) {
  return Search(complaint, determinants, options, node_budget).Run();
}

}  // namespace beacon::triage::internal
