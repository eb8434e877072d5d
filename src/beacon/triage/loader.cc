#include "beacon/triage/loader.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include "beacon/triage/engine_core.h"
#include "beacon/triage/reachability.h"

namespace beacon::triage {
namespace {

namespace fs = std::filesystem;

// Past this many evaluations per search the never-fires check gives up on a complaint and says
// so (a complaint that large is also too large for a call-taker).
constexpr std::size_t kNodeBudget = 200000;

bool IsIdentifier(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsCode(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

using internal::ParseFiniteNumber;

std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::string_view TypeName(QuestionType t) {
  switch (t) {
    case QuestionType::kYesNo:
      return "yes_no";
    case QuestionType::kChoice:
      return "choice";
    case QuestionType::kNumber:
      return "number";
  }
  return "?";
}

int LineOf(const YAML::Node& n) {
  if (!n.IsDefined()) return 0;
  const YAML::Mark m = n.Mark();
  return m.line >= 0 ? m.line + 1 : 0;
}

// "kind 'name'" when the map has a text `key` (e.g. "question 'age'"), else "kind".
std::string ItemName(const YAML::Node& node, std::string_view kind, const char* key) {
  if (node.IsMap() && node[key].IsScalar()) return fmt::format("{} '{}'", kind, node[key].Scalar());
  return std::string(kind);
}

// The fields of one YAML map, after checking its keys.
using Fields = std::map<std::string, YAML::Node>;

// Parses the rule files into a Protocol, recording every finding.
class Parser {
 public:
  Parser(std::vector<Finding>& findings, const DispatchCodes* codes)
      : findings_(findings), codes_(codes) {}

  void ParseShared(const RuleText& file);
  void ParseComplaint(const RuleText& file);
  Protocol Finish();

 private:
  void Report(int line, std::string message) {
    findings_.push_back({file_, line, complaint_id_, std::move(message)});
  }
  void Report(const YAML::Node& n, std::string message) { Report(LineOf(n), std::move(message)); }

  std::optional<YAML::Node> ParseYaml(const RuleText& file);
  // Checks that `node` is a map with only `allowed` keys (each once) and every `required` one.
  std::optional<Fields> ReadMap(const YAML::Node& node, const std::string& what,
                                std::initializer_list<std::string_view> allowed,
                                std::initializer_list<std::string_view> required);
  std::optional<std::string> Scalar(const Fields& f, const std::string& key,
                                    const std::string& what);
  // Reports and returns false unless `id` (the map's "id" field) is lower-case, digits and '_'.
  bool CheckId(const Fields& f, const std::string& id, const std::string& what) {
    if (IsIdentifier(id)) return true;
    Report(f.at("id"), fmt::format("{}: id must be lower-case letters, digits and '_'", what));
    return false;
  }
  std::optional<std::vector<std::string>> ScalarList(const Fields& f, const std::string& key,
                                                     const std::string& what);
  std::optional<Question> ParseQuestion(const YAML::Node& node, bool allow_ask_if,
                                        std::optional<YAML::Node>* ask_if);
  std::optional<Instruction> ParseInstruction(const YAML::Node& node);
  std::optional<Determinant> ParseDeterminant(const YAML::Node& node, const Complaint& c);
  std::optional<Condition> ParseCondition(const YAML::Node& node, const Complaint& c,
                                          const std::string& what);
  std::optional<Condition> ParseComparison(const YAML::Node& node, const Complaint& c,
                                           const std::string& what);
  bool CheckCycles(const Complaint& c);
  void CheckDeterminants(const Complaint& c);

  std::vector<Finding>& findings_;
  const DispatchCodes* codes_;
  std::string file_;
  std::string complaint_id_;
  std::map<std::string, Question> shared_questions_;
  std::vector<Instruction> instructions_;
  std::vector<Complaint> complaints_;
  // Instruction references, checked once every file is read: the id and the finding if absent.
  std::vector<std::pair<std::string, Finding>> instruction_refs_;
};

std::optional<YAML::Node> Parser::ParseYaml(const RuleText& file) {
  try {
    YAML::Node root = YAML::Load(file.text);
    if (!root.IsMap()) {
      Report(std::max(1, LineOf(root)), "the file must be a YAML or JSON map");
      return std::nullopt;
    }
    return root;
  } catch (const YAML::Exception& e) {
    Report(e.mark.line >= 0 ? e.mark.line + 1 : 0, fmt::format("syntax error: {}", e.msg));
    return std::nullopt;
  }
}

std::optional<Fields> Parser::ReadMap(const YAML::Node& node, const std::string& what,
                                      std::initializer_list<std::string_view> allowed,
                                      std::initializer_list<std::string_view> required) {
  if (!node.IsMap()) {
    Report(node, fmt::format("{} must be a map", what));
    return std::nullopt;
  }
  Fields fields;
  bool ok = true;
  for (const auto& kv : node) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      Report(kv.first, fmt::format("{}: unknown key '{}' (allowed: {})", what, key,
                                   fmt::join(allowed, ", ")));
      ok = false;
    } else if (!fields.emplace(key, kv.second).second) {
      Report(kv.first, fmt::format("{}: key '{}' appears twice", what, key));
      ok = false;
    }
  }
  for (std::string_view key : required) {
    if (fields.count(std::string(key)) == 0) {
      Report(node, fmt::format("{}: missing required field '{}'", what, key));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return fields;
}

std::optional<std::string> Parser::Scalar(const Fields& f, const std::string& key,
                                          const std::string& what) {
  const YAML::Node& n = f.at(key);
  if (!n.IsScalar() || n.Scalar().empty()) {
    Report(n, fmt::format("{}: '{}' must be a non-empty text value", what, key));
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<std::vector<std::string>> Parser::ScalarList(const Fields& f, const std::string& key,
                                                           const std::string& what) {
  const YAML::Node& n = f.at(key);
  if (!n.IsSequence()) {
    Report(n, fmt::format("{}: '{}' must be a list", what, key));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const YAML::Node& item : n) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      Report(item, fmt::format("{}: every item of '{}' must be a non-empty text value", what, key));
      return std::nullopt;
    }
    out.push_back(item.Scalar());
  }
  return out;
}

std::optional<Question> Parser::ParseQuestion(const YAML::Node& node, bool allow_ask_if,
                                              std::optional<YAML::Node>* ask_if) {
  std::string what = "question";
  if (node.IsMap() && node["id"].IsScalar())
    what = fmt::format("question '{}'", node["id"].Scalar());
  std::optional<Fields> f =
      allow_ask_if
          ? ReadMap(node, what, {"id", "text", "type", "options", "unit", "min", "max", "ask_if"},
                    {"id", "text", "type"})
          : ReadMap(node, what, {"id", "text", "type", "options", "unit", "min", "max"},
                    {"id", "text", "type"});
  if (!f) return std::nullopt;
  Question q;
  q.where = {file_, LineOf(node)};
  const auto id = Scalar(*f, "id", what);
  const auto text = Scalar(*f, "text", what);
  const auto type = Scalar(*f, "type", what);
  if (!id || !text || !type) return std::nullopt;
  if (!CheckId(*f, *id, what)) return std::nullopt;
  q.id = *id;
  q.text = *text;
  bool ok = true;
  auto forbid = [&](std::initializer_list<const char*> keys) {
    for (const char* k : keys) {
      if (f->count(k) != 0) {
        Report(f->at(k), fmt::format("{}: '{}' does not apply to a {} question", what, k, *type));
        ok = false;
      }
    }
  };
  auto require = [&](std::initializer_list<const char*> keys) {
    for (const char* k : keys) {
      if (f->count(k) == 0) {
        Report(node, fmt::format("{}: a {} question needs '{}'", what, *type, k));
        ok = false;
      }
    }
  };
  if (*type == "yes_no") {
    q.type = QuestionType::kYesNo;
    forbid({"options", "unit", "min", "max"});
  } else if (*type == "choice") {
    q.type = QuestionType::kChoice;
    forbid({"unit", "min", "max"});
    require({"options"});
    if (ok) {
      const auto options = ScalarList(*f, "options", what);
      if (!options) return std::nullopt;
      q.options = *options;
      std::set<std::string> seen;
      for (const std::string& o : q.options) {
        if (!IsIdentifier(o) || !seen.insert(o).second) {
          Report(
              f->at("options"),
              fmt::format("{}: option '{}' is repeated or not lower-case letters, digits and '_'",
                          what, o));
          ok = false;
        }
      }
      if (q.options.size() < 2) {
        Report(f->at("options"), fmt::format("{}: a choice needs at least two options", what));
        ok = false;
      }
    }
  } else if (*type == "number") {
    q.type = QuestionType::kNumber;
    forbid({"options"});
    require({"unit", "min", "max"});
    if (ok) {
      const auto unit = Scalar(*f, "unit", what);
      const auto min = Scalar(*f, "min", what);
      const auto max = Scalar(*f, "max", what);
      if (!unit || !min || !max) return std::nullopt;
      q.unit = *unit;
      const auto lo = ParseFiniteNumber(*min);
      const auto hi = ParseFiniteNumber(*max);
      if (!lo || !hi || *lo > *hi) {
        Report(f->at("min"),
               fmt::format("{}: min '{}' and max '{}' must be numbers with min <= max", what, *min,
                           *max));
        return std::nullopt;
      }
      q.min = *lo;
      q.max = *hi;
    }
  } else {
    Report(f->at("type"),
           fmt::format("{}: unknown type '{}' (allowed: yes_no, choice, number)", what, *type));
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  if (f->count("ask_if") != 0) *ask_if = f->at("ask_if");
  return q;
}

std::optional<Instruction> Parser::ParseInstruction(const YAML::Node& node) {
  const std::string what = ItemName(node, "instruction", "id");
  const auto f = ReadMap(node, what, {"id", "title", "steps"}, {"id", "title", "steps"});
  if (!f) return std::nullopt;
  const auto id = Scalar(*f, "id", what);
  const auto title = Scalar(*f, "title", what);
  const auto steps = ScalarList(*f, "steps", what);
  if (!id || !title || !steps) return std::nullopt;
  if (!CheckId(*f, *id, what)) return std::nullopt;
  if (steps->empty()) {
    Report(f->at("steps"), fmt::format("{}: needs at least one step", what));
    return std::nullopt;
  }
  return Instruction{*id, *title, *steps, {file_, LineOf(node)}};
}

void Parser::ParseShared(const RuleText& file) {
  file_ = file.name;
  complaint_id_.clear();
  const auto root = ParseYaml(file);
  if (!root) return;
  const auto f = ReadMap(*root, "shared file", {"questions", "instructions"}, {});
  if (!f) return;
  if (f->count("questions") != 0) {
    const YAML::Node& list = f->at("questions");
    if (!list.IsSequence()) Report(list, "shared file: 'questions' must be a list");
    for (const YAML::Node& item : list) {
      std::optional<YAML::Node> ask_if;
      auto q = ParseQuestion(item, false, &ask_if);
      if (!q) continue;
      if (shared_questions_.count(q->id) != 0) {
        Report(item, fmt::format("question '{}' is defined twice", q->id));
        continue;
      }
      shared_questions_.emplace(q->id, std::move(*q));
    }
  }
  if (f->count("instructions") != 0) {
    const YAML::Node& list = f->at("instructions");
    if (!list.IsSequence()) Report(list, "shared file: 'instructions' must be a list");
    for (const YAML::Node& item : list) {
      auto ins = ParseInstruction(item);
      if (!ins) continue;
      const bool dup = std::any_of(instructions_.begin(), instructions_.end(),
                                   [&](const Instruction& i) { return i.id == ins->id; });
      if (dup) {
        Report(item, fmt::format("instruction '{}' is defined twice", ins->id));
        continue;
      }
      instructions_.push_back(std::move(*ins));
    }
  }
}

std::optional<Condition> Parser::ParseComparison(const YAML::Node& node, const Complaint& c,
                                                 const std::string& what) {
  Condition cond;
  cond.kind = Condition::Kind::kCompare;
  cond.text = node.Scalar();
  cond.where = {file_, LineOf(node)};
  std::istringstream in(cond.text);
  std::string qid, op;
  in >> qid >> op;
  std::string rest;
  std::getline(in, rest);
  rest = Trim(rest);
  auto bad = [&](const std::string& why) {
    Report(node, fmt::format("{}: condition '{}': {}", what, cond.text, why));
    return std::nullopt;
  };
  static constexpr std::pair<std::string_view, CompareOp> kOps[] = {
      {"==", CompareOp::kEq}, {"!=", CompareOp::kNe},
      {"<", CompareOp::kLt},  {"<=", CompareOp::kLe},
      {">", CompareOp::kGt},  {">=", CompareOp::kGe},
      {"in", CompareOp::kIn}, {"answered", CompareOp::kAnswered}};
  const auto* found =
      std::find_if(std::begin(kOps), std::end(kOps), [&](const auto& p) { return p.first == op; });
  if (qid.empty() || found == std::end(kOps)) {
    return bad(
        "expected '<question> <op> <value>' with op one of ==, !=, <, <=, >, >=, in, "
        "or '<question> answered'");
  }
  cond.op = found->second;
  cond.question_id = qid;
  cond.question = c.QuestionIndex(qid);
  if (cond.question == c.questions.size()) {
    return bad(fmt::format("question '{}' is not defined in this complaint", qid));
  }
  const Question& q = c.questions[cond.question];
  if (cond.op == CompareOp::kAnswered) {
    if (!rest.empty()) return bad("'answered' takes no value");
    return cond;
  }
  if (rest.empty()) return bad("missing value");
  std::vector<std::string> values;
  if (cond.op == CompareOp::kIn) {
    if (rest.size() < 2 || rest.front() != '[' || rest.back() != ']') {
      return bad("'in' needs a list such as [a, b]");
    }
    std::istringstream items(rest.substr(1, rest.size() - 2));
    std::string item;
    while (std::getline(items, item, ',')) values.push_back(Trim(item));
    if (values.empty() ||
        std::any_of(values.begin(), values.end(), [](const std::string& v) { return v.empty(); })) {
      return bad("'in' needs a non-empty list such as [a, b]");
    }
  } else {
    values.push_back(rest);
  }
  const bool ordering = cond.op == CompareOp::kLt || cond.op == CompareOp::kLe ||
                        cond.op == CompareOp::kGt || cond.op == CompareOp::kGe;
  if (ordering && q.type != QuestionType::kNumber) {
    return bad(
        fmt::format("'{}' needs a number question, but '{}' is {}", op, qid, TypeName(q.type)));
  }
  for (const std::string& v : values) {
    switch (q.type) {
      case QuestionType::kYesNo:
        if (v != "yes" && v != "no") {
          return bad(fmt::format("'{}' is a yes_no question; '{}' is neither yes nor no", qid, v));
        }
        cond.operands.push_back(v == "yes" ? 1.0 : 0.0);
        break;
      case QuestionType::kChoice: {
        const auto it = std::find(q.options.begin(), q.options.end(), v);
        if (it == q.options.end()) {
          return bad(fmt::format("'{}' is not an option of question '{}' (options: {})", v, qid,
                                 fmt::join(q.options, ", ")));
        }
        cond.operands.push_back(static_cast<double>(it - q.options.begin()));
        break;
      }
      case QuestionType::kNumber: {
        const auto x = ParseFiniteNumber(v);
        if (!x) return bad(fmt::format("'{}' is not a number", v));
        cond.operands.push_back(*x);
        break;
      }
    }
  }
  return cond;
}

std::optional<Condition> Parser::ParseCondition(const YAML::Node& node, const Complaint& c,
                                                const std::string& what) {
  if (node.IsScalar()) return ParseComparison(node, c, what);
  if (!node.IsMap() || node.size() != 1) {
    Report(node, fmt::format("{}: a condition is a comparison such as 'age < 1', or a map with "
                             "one key: all, any or not",
                             what));
    return std::nullopt;
  }
  const auto kv = *node.begin();
  const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
  Condition cond;
  cond.where = {file_, LineOf(node)};
  if (key == "not") {
    cond.kind = Condition::Kind::kNot;
    auto child = ParseCondition(kv.second, c, what);
    if (!child) return std::nullopt;
    cond.text = "not (" + child->text + ")";
    cond.children.push_back(std::move(*child));
    return cond;
  }
  if (key != "all" && key != "any") {
    Report(kv.first,
           fmt::format("{}: unknown condition key '{}' (allowed: all, any, not)", what, key));
    return std::nullopt;
  }
  cond.kind = key == "all" ? Condition::Kind::kAll : Condition::Kind::kAny;
  if (!kv.second.IsSequence() || kv.second.size() == 0) {
    Report(kv.second, fmt::format("{}: '{}' needs a non-empty list of conditions", what, key));
    return std::nullopt;
  }
  std::vector<std::string> texts;
  bool ok = true;
  for (const YAML::Node& item : kv.second) {
    auto child = ParseCondition(item, c, what);
    if (!child) {
      ok = false;
      continue;
    }
    texts.push_back(child->text);
    cond.children.push_back(std::move(*child));
  }
  if (!ok) return std::nullopt;
  cond.text = fmt::format("{}({})", key, fmt::join(texts, ", "));
  return cond;
}

std::optional<Determinant> Parser::ParseDeterminant(const YAML::Node& node, const Complaint& c) {
  const std::string what = ItemName(node, "determinant", "code");
  const auto f =
      ReadMap(node, what,
              {"code", "description", "priority", "level", "units", "lights_and_sirens",
               "nemsis_priority", "instructions", "when"},
              {"code", "priority", "level", "units", "lights_and_sirens", "nemsis_priority"});
  if (!f) return std::nullopt;
  Determinant d;
  d.where = {file_, LineOf(node)};
  const auto code = Scalar(*f, "code", what);
  const auto priority = Scalar(*f, "priority", what);
  const auto level = Scalar(*f, "level", what);
  const auto units = Scalar(*f, "units", what);
  const auto lights = Scalar(*f, "lights_and_sirens", what);
  const auto nemsis = Scalar(*f, "nemsis_priority", what);
  if (!code || !priority || !level || !units || !lights || !nemsis) return std::nullopt;
  bool ok = true;
  if (!IsCode(*code)) {
    Report(f->at("code"), fmt::format("{}: code must be letters, digits, '-' and '_'", what));
    ok = false;
  }
  d.code = *code;
  if (f->count("description") != 0) {
    const auto desc = Scalar(*f, "description", what);
    if (!desc) return std::nullopt;
    d.description = *desc;
  }
  if (*priority == "1" || *priority == "2" || *priority == "3") {
    d.priority = (*priority)[0] - '0';
  } else {
    Report(f->at("priority"),
           fmt::format("{}: priority must be 1, 2 or 3, not '{}'", what, *priority));
    ok = false;
  }
  if (*level == "ALS" || *level == "BLS") {
    d.level = *level == "ALS" ? CareLevel::kAls : CareLevel::kBls;
  } else {
    Report(f->at("level"), fmt::format("{}: level must be ALS or BLS, not '{}'", what, *level));
    ok = false;
  }
  const auto n = ParseFiniteNumber(*units);
  if (n && *n >= 1 && *n <= 20 && *n == std::floor(*n)) {
    d.units = static_cast<int>(*n);
  } else {
    Report(f->at("units"),
           fmt::format("{}: units must be a whole number from 1 to 20, not '{}'", what, *units));
    ok = false;
  }
  if (*lights == "true" || *lights == "false") {
    d.lights_and_sirens = *lights == "true";
  } else {
    Report(f->at("lights_and_sirens"),
           fmt::format("{}: lights_and_sirens must be true or false, not '{}'", what, *lights));
    ok = false;
  }
  d.nemsis_priority = *nemsis;
  if (codes_ != nullptr && codes_->priorities.count(*nemsis) == 0) {
    Report(f->at("nemsis_priority"),
           fmt::format("{}: unknown NEMSIS eDispatch.05 priority code '{}'", what, *nemsis));
    ok = false;
  }
  if (f->count("instructions") != 0) {
    const auto ids = ScalarList(*f, "instructions", what);
    if (!ids) return std::nullopt;
    d.instructions = *ids;
    for (const std::string& id : d.instructions) {
      instruction_refs_.emplace_back(
          id,
          Finding{file_, LineOf(f->at("instructions")), complaint_id_,
                  fmt::format("{}: instruction '{}' is not defined in the shared file", what, id)});
    }
  }
  if (f->count("when") != 0) {
    auto when = ParseCondition(f->at("when"), c, what);
    if (!when) return std::nullopt;
    d.when = std::move(*when);
  }
  if (!ok) return std::nullopt;
  return d;
}

void Parser::ParseComplaint(const RuleText& file) {
  file_ = file.name;
  complaint_id_ = fs::path(file.name).stem().string();
  const std::size_t findings_before = findings_.size();
  const auto root = ParseYaml(file);
  if (!root) return;
  const auto f = ReadMap(*root, "complaint",
                         {"id", "name", "nemsis_reason", "source", "questions", "determinants"},
                         {"id", "name", "nemsis_reason", "source", "determinants"});
  if (!f) return;
  Complaint c;
  c.where = {file_, LineOf(*root)};
  const auto id = Scalar(*f, "id", "complaint");
  const auto name = Scalar(*f, "name", "complaint");
  const auto reason = Scalar(*f, "nemsis_reason", "complaint");
  const auto source = Scalar(*f, "source", "complaint");
  if (!id || !name || !reason || !source) return;
  if (!CheckId(*f, *id, "complaint")) return;
  complaint_id_ = *id;
  c.id = *id;
  c.name = *name;
  c.nemsis_reason = *reason;
  c.source = *source;
  if (codes_ != nullptr && codes_->reasons.count(*reason) == 0) {
    Report(f->at("nemsis_reason"),
           fmt::format("unknown NEMSIS eDispatch.01 reason code '{}'", *reason));
  }
  // Questions first (conditions may refer to questions defined after them), then conditions.
  std::vector<std::pair<std::size_t, YAML::Node>> ask_ifs;
  if (f->count("questions") != 0) {
    const YAML::Node& list = f->at("questions");
    if (!list.IsSequence()) {
      Report(list, "'questions' must be a list");
      return;
    }
    for (const YAML::Node& item : list) {
      std::optional<YAML::Node> ask_if;
      std::optional<Question> q;
      if (item.IsMap() && item["use"].IsDefined()) {
        const auto uf = ReadMap(item, "question", {"use", "ask_if"}, {"use"});
        if (!uf) continue;
        const auto use = Scalar(*uf, "use", "question");
        if (!use) continue;
        const auto it = shared_questions_.find(*use);
        if (it == shared_questions_.end()) {
          Report(item,
                 fmt::format("question '{}' is used but not defined in the shared file", *use));
          continue;
        }
        q = it->second;
        q->where = {file_, LineOf(item)};
        if (uf->count("ask_if") != 0) ask_if = uf->at("ask_if");
      } else {
        q = ParseQuestion(item, true, &ask_if);
      }
      if (!q) continue;
      if (c.QuestionIndex(q->id) != c.questions.size()) {
        Report(item, fmt::format("question '{}' is defined twice", q->id));
        continue;
      }
      if (ask_if) ask_ifs.emplace_back(c.questions.size(), *ask_if);
      c.questions.push_back(std::move(*q));
    }
  }
  for (const auto& [qi, node] : ask_ifs) {
    auto cond = ParseCondition(node, c, fmt::format("question '{}' ask_if", c.questions[qi].id));
    if (cond) c.questions[qi].ask_if = std::move(*cond);
  }
  const YAML::Node& dets = f->at("determinants");
  if (!dets.IsSequence() || dets.size() == 0) {
    Report(dets, "'determinants' must be a non-empty list");
    return;
  }
  for (const YAML::Node& item : dets) {
    auto d = ParseDeterminant(item, c);
    if (d) c.determinants.push_back(std::move(*d));
  }
  if (findings_.size() == findings_before && CheckCycles(c)) CheckDeterminants(c);
  complaints_.push_back(std::move(c));
}

bool Parser::CheckCycles(const Complaint& c) {
  // Depth-first search over "question -> questions its ask_if reads".
  const std::size_t n = c.questions.size();
  std::vector<int> color(n, 0);  // 0 new, 1 on the stack, 2 done
  std::vector<std::size_t> stack;
  bool found = false;
  auto refs = [&](std::size_t q) {
    std::vector<std::size_t> out;
    std::vector<const Condition*> todo = {&c.questions[q].ask_if};
    while (!todo.empty()) {
      const Condition* cond = todo.back();
      todo.pop_back();
      if (cond->kind == Condition::Kind::kCompare) out.push_back(cond->question);
      for (const Condition& child : cond->children) todo.push_back(&child);
    }
    return out;
  };
  auto visit = [&](auto&& self, std::size_t q) -> void {
    color[q] = 1;
    stack.push_back(q);
    for (std::size_t r : refs(q)) {
      if (found) return;
      if (color[r] == 1) {
        std::vector<std::string> ids;
        const auto from = std::find(stack.begin(), stack.end(), r);
        for (auto it = from; it != stack.end(); ++it) ids.push_back(c.questions[*it].id);
        ids.push_back(c.questions[r].id);
        Report(c.questions[r].where.line,
               fmt::format("ask_if cycle among questions: {}", fmt::join(ids, " -> ")));
        found = true;
        return;
      }
      if (color[r] == 0) self(self, r);
    }
    stack.pop_back();
    color[q] = 2;
  };
  for (std::size_t q = 0; q < n && !found; ++q) {
    if (color[q] == 0) visit(visit, q);
  }
  return !found;
}

void Parser::CheckDeterminants(const Complaint& c) {
  const std::vector<Determinant>& ds = c.determinants;
  if (ds.back().when.kind != Condition::Kind::kAlways) {
    Report(ds.back().where.line,
           fmt::format("no default determinant: the last one, '{}', has a 'when'; add a final "
                       "determinant without 'when'",
                       ds.back().code));
  }
  std::vector<bool> reported(ds.size(), false);
  for (std::size_t i = 0; i + 1 < ds.size(); ++i) {
    if (ds[i].when.kind != Condition::Kind::kAlways) continue;
    for (std::size_t j = i + 1; j < ds.size(); ++j) {
      Report(ds[j].where.line,
             fmt::format("determinant '{}' can never fire: it comes after '{}', which has no "
                         "'when' and always fires",
                         ds[j].code, ds[i].code));
      reported[j] = true;
    }
    break;
  }
  const internal::Reach all = internal::FindReachable(c, ds, {}, kNodeBudget);
  if (!all.complete) {
    Report(c.where.line, fmt::format("too many answer combinations to prove every determinant "
                                     "can fire (more than {}); split the complaint",
                                     kNodeBudget));
    return;
  }
  for (std::size_t j = 0; j < ds.size(); ++j) {
    if (all.reached[j] || reported[j]) continue;
    Determinant fallback;
    fallback.code = "(default)";
    const std::vector<Determinant> alone = {ds[j], fallback};
    if (!internal::FindReachable(c, alone, {}, kNodeBudget).reached[0]) {
      const bool without_ask_if =
          internal::FindReachable(c, alone, {.ignore_ask_if = true}, kNodeBudget).reached[0];
      Report(ds[j].where.line,
             without_ask_if
                 ? fmt::format("determinant '{}' can never fire: its condition '{}' needs answers "
                               "that the questions' ask_if conditions never allow together",
                               ds[j].code, ds[j].when.text)
                 : fmt::format("determinant '{}' can never fire: its condition '{}' is "
                               "contradictory (no answers make it true)",
                               ds[j].code, ds[j].when.text));
      continue;
    }
    // Earlier determinants restricted to the cases where this one holds: those reached are the
    // ones that always catch it first.
    std::vector<Determinant> restricted(ds.begin(), ds.begin() + static_cast<std::ptrdiff_t>(j));
    for (Determinant& d : restricted) {
      Condition both;
      both.kind = Condition::Kind::kAll;
      both.children = {d.when, ds[j].when};
      d.when = std::move(both);
    }
    restricted.push_back(ds[j]);
    const internal::Reach r = internal::FindReachable(c, restricted, {}, kNodeBudget);
    std::vector<std::string> shadows;
    for (std::size_t i = 0; i < j; ++i) {
      if (r.reached[i]) shadows.push_back("'" + ds[i].code + "'");
    }
    Report(ds[j].where.line,
           fmt::format("determinant '{}' can never fire: whenever its condition '{}' holds, an "
                       "earlier determinant fires first ({})",
                       ds[j].code, ds[j].when.text, fmt::join(shadows, ", ")));
  }
}

Protocol Parser::Finish() {
  for (auto& ref : instruction_refs_) {
    const std::string& id = ref.first;
    const bool defined = std::any_of(instructions_.begin(), instructions_.end(),
                                     [&](const Instruction& i) { return i.id == id; });
    if (!defined) findings_.push_back(std::move(ref.second));
  }
  std::map<std::string, const Complaint*> ids;
  std::map<std::string, const Determinant*> codes;
  for (const Complaint& c : complaints_) {
    if (auto [it, fresh] = ids.emplace(c.id, &c); !fresh) {
      findings_.push_back(
          {c.where.file, c.where.line, c.id,
           fmt::format("complaint id '{}' is also used by {}", c.id, it->second->where.file)});
    }
    for (const Determinant& d : c.determinants) {
      if (auto [it, fresh] = codes.emplace(d.code, &d); !fresh) {
        findings_.push_back({d.where.file, d.where.line, c.id,
                             fmt::format("determinant code '{}' is also used at {}:{}", d.code,
                                         it->second->where.file, it->second->where.line)});
      }
    }
  }
  if (complaints_.empty() && findings_.empty()) {
    findings_.push_back({"", 0, "", "no complaint files (*.yaml, *.yml, *.json) found"});
  }
  return Protocol(std::move(complaints_), std::move(instructions_));
}

bool IsSharedName(const std::string& name) {
  const std::string file = fs::path(name).filename().string();
  return file == "shared.yaml" || file == "shared.yml" || file == "shared.json";
}

Protocol Parse(const std::vector<RuleText>& files, const DispatchCodes* codes,
               std::vector<Finding>& findings) {
  Parser parser(findings, codes);
  std::vector<const RuleText*> order;
  order.reserve(files.size());
  for (const RuleText& f : files) order.push_back(&f);
  std::stable_sort(order.begin(), order.end(), [](const RuleText* a, const RuleText* b) {
    return IsSharedName(a->name) > IsSharedName(b->name);
  });
  for (const RuleText* f : order) {
    if (IsSharedName(f->name)) {
      parser.ParseShared(*f);
    } else {
      parser.ParseComplaint(*f);
    }
  }
  return parser.Finish();
}

// Reads the rule files of `dir` in name order; problems reading them become findings.
std::vector<RuleText> ReadDir(const fs::path& dir, std::vector<Finding>& findings) {
  std::vector<RuleText> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    findings.push_back({dir.string(), 0, "", "not a directory"});
    return files;
  }
  std::vector<fs::path> paths;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    const std::string ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml" || ext == ".json")) {
      paths.push_back(e.path());
    }
  }
  if (ec) findings.push_back({dir.string(), 0, "", "cannot list: " + ec.message()});
  std::sort(paths.begin(), paths.end());
  for (const fs::path& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
      findings.push_back({p.string(), 0, "", "cannot read the file"});
      continue;
    }
    files.push_back({p.string(), text.str()});
  }
  return files;
}

Result<Protocol> ToResult(Protocol protocol, const std::vector<Finding>& findings) {
  if (findings.empty()) return protocol;
  std::string message = fmt::format("{} problem(s) in the rule set:", findings.size());
  for (const Finding& f : findings) message += "\n" + f.ToString();
  return InvalidArgumentError(message);
}

}  // namespace

std::string Finding::ToString() const {
  std::string s = file;
  if (line > 0) s += fmt::format(":{}", line);
  s += ": ";
  if (!complaint.empty()) s += fmt::format("complaint '{}': ", complaint);
  return s + message;
}

std::vector<Finding> CheckProtocolTexts(const std::vector<RuleText>& files,
                                        const DispatchCodes* codes) {
  std::vector<Finding> findings;
  Parse(files, codes, findings);
  return findings;
}

std::vector<Finding> CheckProtocolDir(const fs::path& dir, const DispatchCodes* codes) {
  std::vector<Finding> findings;
  const std::vector<RuleText> files = ReadDir(dir, findings);
  if (findings.empty()) Parse(files, codes, findings);
  return findings;
}

Result<Protocol> LoadProtocolTexts(const std::vector<RuleText>& files, const DispatchCodes* codes) {
  std::vector<Finding> findings;
  Protocol p = Parse(files, codes, findings);
  return ToResult(std::move(p), findings);
}

Result<std::vector<RuleText>> ReadProtocolDir(const fs::path& dir) {
  std::vector<Finding> findings;
  std::vector<RuleText> files = ReadDir(dir, findings);
  if (findings.empty()) return files;
  std::string message = fmt::format("cannot read the rule set '{}':", dir.string());
  for (const Finding& f : findings) message += "\n" + f.ToString();
  return InvalidArgumentError(message);
}

Result<Protocol> LoadProtocolDir(const fs::path& dir, const DispatchCodes* codes) {
  std::vector<Finding> findings;
  const std::vector<RuleText> files = ReadDir(dir, findings);
  if (!findings.empty()) return ToResult(Protocol(), findings);
  Protocol p = Parse(files, codes, findings);
  return ToResult(std::move(p), findings);
}

}  // namespace beacon::triage
