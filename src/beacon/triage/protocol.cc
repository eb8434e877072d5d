#include "beacon/triage/protocol.h"

#include <algorithm>
#include <utility>

namespace beacon::triage {

std::size_t Complaint::QuestionIndex(const std::string& question_id) const {
  for (std::size_t i = 0; i < questions.size(); ++i) {
    if (questions[i].id == question_id) return i;
  }
  return questions.size();
}

Protocol::Protocol(std::vector<Complaint> complaints, std::vector<Instruction> instructions)
    : complaints_(std::move(complaints)), instructions_(std::move(instructions)) {
  std::sort(complaints_.begin(), complaints_.end(),
            [](const Complaint& a, const Complaint& b) { return a.id < b.id; });
}

const Complaint* Protocol::FindComplaint(const std::string& id) const {
  for (const Complaint& c : complaints_) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

const Instruction* Protocol::FindInstruction(const std::string& id) const {
  for (const Instruction& i : instructions_) {
    if (i.id == id) return &i;
  }
  return nullptr;
}

}  // namespace beacon::triage
