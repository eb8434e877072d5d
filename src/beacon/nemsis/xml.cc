#include "beacon/nemsis/xml.h"

#include <fmt/format.h>
#include <libxml/tree.h>

#include <algorithm>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "beacon/nemsis/xml_doc.h"

namespace beacon::nemsis {
namespace {

using internal::DocPtr;
using internal::ElementChildren;
using internal::Name;
using internal::PathOf;
using internal::TextOf;

constexpr const char* kXsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
const xmlChar* X(const std::string& s) { return X(s.c_str()); }

using internal::IsOptional;
using internal::IsVector;

// ---- Export ----------------------------------------------------------------------------------

class Writer {
 public:
  Writer(xmlNs* ns, xmlNs* xsi, std::vector<std::string>* errors, std::string where)
      : ns_(ns), xsi_(xsi), errors_(errors), where_(std::move(where)) {}

  void Leaf(const Single& e, const char* name, int occurs) {
    if (e.has_value()) {
      Write(*e, name);
    } else {
      Absent(name, occurs);
    }
  }
  void Leaf(const Repeated& e, const char* name, int occurs) {
    for (const Element& x : e) Write(x, name);
    if (e.empty()) Absent(name, occurs);
  }

  template <class T>
  void Group(const T& g, const char* name, int occurs) {
    if constexpr (IsOptional<T>::value) {
      if (g.has_value()) Group(*g, name, kRequired);
    } else if constexpr (IsVector<T>::value) {
      for (const auto& x : g) Group(x, name, kRequired);
      // A required repeating group with no instance is written once, its elements Not Recorded.
      if (g.empty() && (occurs & kRequired) != 0) Group(typename T::value_type{}, name, kRequired);
    } else {
      xmlNode* saved = parent_;
      parent_ = xmlNewChild(parent_, ns_, X(name), nullptr);
      WriteAttributes(parent_, g.attributes);
      T::Visit(g, *this);
      parent_ = saved;
    }
  }

  void Start(xmlNode* parent) { parent_ = parent; }

 private:
  void Write(const Element& e, const char* name) {
    xmlNode* n = xmlNewTextChild(parent_, ns_, X(name), e.nil ? nullptr : X(e.value));
    if (e.nil) xmlNewNsProp(n, xsi_, X("nil"), X("true"));
    if (e.not_value) xmlNewProp(n, X("NV"), X(std::string(NotValueCode(*e.not_value))));
    if (e.negative) xmlNewProp(n, X("PN"), X(std::string(PertinentNegativeCode(*e.negative))));
    WriteAttributes(n, e.attributes);
  }
  static void WriteAttributes(xmlNode* n, const Attributes& attributes) {
    for (const Attribute& a : attributes) xmlNewProp(n, X(a.name), X(a.value));
  }
  void Absent(const char* name, int occurs) {
    if ((occurs & kRequired) == 0) return;
    if ((occurs & kNotValues) != 0) {
      Write(Element::Missing(NotValue::kNotRecorded), name);
      return;
    }
    errors_->push_back(
        fmt::format("{}: {} is required and has no value (NEMSIS allows no Not "
                    "Value for it)",
                    where_, name));
  }

  xmlNode* parent_ = nullptr;
  xmlNs* ns_;
  xmlNs* xsi_;
  std::vector<std::string>* errors_;
  std::string where_;
};

// ---- Import ----------------------------------------------------------------------------------

class Reader {
 public:
  Reader(std::vector<std::string>* errors, Import* out) : errors_(errors), out_(out) {}

  void Leaf(Single& e, const char* name, int /*occurs*/) {
    std::vector<const xmlNode*> found = Take(name);
    if (found.empty()) return;
    if (found.size() > 1) {
      Error(found[1], fmt::format("{} occurs {} times; NEMSIS allows it once", name, found.size()));
    }
    e = Read(found[0]);
  }
  void Leaf(Repeated& e, const char* name, int /*occurs*/) {
    for (const xmlNode* n : Take(name)) e.push_back(Read(n));
  }

  template <class T>
  void Group(T& g, const char* name, int /*occurs*/) {
    std::vector<const xmlNode*> found = Take(name);
    if constexpr (IsVector<T>::value) {
      for (const xmlNode* n : found) ReadGroup(n, g.emplace_back());
    } else {
      if (found.empty()) return;
      if (found.size() > 1) {
        Error(found[1],
              fmt::format("{} occurs {} times; NEMSIS allows it once", name, found.size()));
      }
      if constexpr (IsOptional<T>::value) {
        ReadGroup(found[0], g.emplace());
      } else {
        ReadGroup(found[0], g);
      }
    }
  }

  // Reads the children of `node` into `g` (a struct from record_model.h); what `g` does not
  // model is reported.
  template <class T>
  void ReadGroup(const xmlNode* node, T& g) {
    Frame frame{ElementChildren(node), {}};
    frame.used.assign(frame.kids.size(), false);
    Frame* saved = frame_;
    frame_ = &frame;
    g.attributes = ReadAttributes(node, /*element=*/false);
    T::Visit(g, *this);
    for (std::size_t i = 0; i < frame.kids.size(); ++i) {
      if (!frame.used[i]) Unmodelled(frame.kids[i]);
    }
    frame_ = saved;
  }

  void Unmodelled(const xmlNode* n) {
    ++out_->unmodelled_total;
    if (out_->unmodelled.size() >= 1000) return;
    const std::string name(Name(n));
    out_->unmodelled.push_back({"unmodelled", Severity::kWarning, static_cast<int>(n->line),
                                PathOf(n),
                                fmt::format("{} is not modelled by Beacon: read, not kept", name)});
  }

  void Error(const xmlNode* n, std::string message) {
    if (errors_->size() < 100) {
      errors_->push_back(fmt::format("line {}: {}: {}", n->line, PathOf(n), message));
    }
  }

 private:
  struct Frame {
    std::vector<const xmlNode*> kids;
    std::vector<bool> used;
  };

  std::vector<const xmlNode*> Take(std::string_view name) {
    std::vector<const xmlNode*> found;
    for (std::size_t i = 0; i < frame_->kids.size(); ++i) {
      if (!frame_->used[i] && Name(frame_->kids[i]) == name) {
        frame_->used[i] = true;
        found.push_back(frame_->kids[i]);
      }
    }
    return found;
  }

  Attributes ReadAttributes(const xmlNode* n, bool element, Element* into = nullptr) {
    Attributes out;
    for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
      const std::string_view name = reinterpret_cast<const char*>(a->name);
      xmlChar* raw = xmlNodeListGetString(n->doc, a->children, 1);
      std::string value = raw != nullptr ? reinterpret_cast<const char*>(raw) : "";
      xmlFree(raw);
      const bool xsi =
          a->ns != nullptr &&
          std::string_view(reinterpret_cast<const char*>(a->ns->href)) == kXsiNamespace;
      if (xsi) {
        if (name == "nil" && element && into != nullptr) {
          into->nil = value == "true" || value == "1";
        }
        continue;  // xsi:schemaLocation and the like are the document's, not the record's
      }
      if (element && into != nullptr && name == "NV") {
        into->not_value = NotValueFromCode(value);
        if (!into->not_value) {
          Error(n, fmt::format("NV=\"{}\" is not a NEMSIS Not Value (7701001, 7701003, 7701005)",
                               value));
        }
        continue;
      }
      if (element && into != nullptr && name == "PN") {
        into->negative = PertinentNegativeFromCode(value);
        if (!into->negative) {
          Error(n, fmt::format("PN=\"{}\" is not a NEMSIS Pertinent Negative (8801001 ... "
                               "8801031)",
                               value));
        }
        continue;
      }
      out.push_back({std::string(name), std::move(value)});
    }
    return out;
  }

  Element Read(const xmlNode* n) {
    Element e;
    e.attributes = ReadAttributes(n, /*element=*/true, &e);
    if (!ElementChildren(n).empty()) {
      Error(n, "an element with a value has child elements");
    }
    if (!e.nil) e.value = TextOf(n);
    return e;
  }

  Frame* frame_ = nullptr;
  std::vector<std::string>* errors_;
  Import* out_;
};

bool IsNemsisV2Name(std::string_view name) {
  // NEMSIS v2 elements are named E01_01, D01_01 ...
  return name.size() >= 4 && (name[0] == 'E' || name[0] == 'D') && name[1] >= '0' &&
         name[1] <= '9' && name[2] >= '0' && name[2] <= '9' && name[3] == '_';
}

// eDisposition.12 (Incident/Patient Disposition) was replaced in v3.5.0 by eDisposition.27-30.
bool HasV34Element(const xmlNode* node) {
  for (const xmlNode* c : ElementChildren(node)) {
    if (Name(c) == "eDisposition.12") return true;
  }
  return false;
}

}  // namespace

int CountElements(const PatientCareReport& r) {
  int n = 0;
  ForEachElement(r, [&n](const Element&, const char*) { ++n; });
  return n;
}

Result<std::string> ExportXml(const EmsDataSet& set) {
  internal::InitLibxml();
  if (set.headers.empty()) {
    return InvalidArgumentError("an EMSDataSet needs at least one header (the agency)");
  }
  DocPtr doc(xmlNewDoc(X("1.0")));
  xmlNode* root = xmlNewDocNode(doc.get(), nullptr, X("EMSDataSet"), nullptr);
  xmlDocSetRootElement(doc.get(), root);
  xmlNs* ns = xmlNewNs(root, X(std::string(kNemsisNamespace)), nullptr);
  xmlNs* xsi = xmlNewNs(root, X(kXsiNamespace), X("xsi"));
  xmlSetNs(root, ns);
  std::vector<std::string> errors;
  for (std::size_t h = 0; h < set.headers.size(); ++h) {
    const Header& header = set.headers[h];
    if (header.reports.empty()) {
      errors.push_back(
          fmt::format("header {}: a header needs at least one patient care report", h + 1));
      continue;
    }
    xmlNode* hn = xmlNewChild(root, ns, X("Header"), nullptr);
    xmlNode* demo = xmlNewChild(hn, ns, X("DemographicGroup"), nullptr);
    xmlNewTextChild(demo, ns, X("dAgency.01"), X(header.agency.state_id));
    xmlNewTextChild(demo, ns, X("dAgency.02"), X(header.agency.number));
    xmlNewTextChild(demo, ns, X("dAgency.04"), X(header.agency.state));
    for (std::size_t i = 0; i < header.reports.size(); ++i) {
      const PatientCareReport& r = header.reports[i];
      const std::string where =
          fmt::format("report {} ({})", i + 1,
                      ValueOf(r.record.patient_care_report_number).value_or("no eRecord.01"));
      xmlNode* pcr = xmlNewChild(hn, ns, X("PatientCareReport"), nullptr);
      for (const Attribute& a : r.attributes) xmlNewProp(pcr, X(a.name), X(a.value));
      if (std::none_of(r.attributes.begin(), r.attributes.end(),
                       [](const Attribute& a) { return a.name == "UUID"; })) {
        errors.push_back(where +
                         ": the PatientCareReport has no UUID attribute (NEMSIS requires "
                         "one)");
      }
      Writer w(ns, xsi, &errors, where);
      w.Start(pcr);
      PatientCareReport::Visit(r, w);
    }
  }
  if (!errors.empty()) {
    std::string all = errors.front();
    if (errors.size() > 1) all += fmt::format(" (and {} more)", errors.size() - 1);
    return InvalidArgumentError("cannot export: " + all);
  }
  xmlChar* mem = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(doc.get(), &mem, &size, "UTF-8", 1);
  if (mem == nullptr) return InternalError("libxml2 could not write the document");
  std::string out(reinterpret_cast<const char*>(mem), static_cast<std::size_t>(size));
  xmlFree(mem);
  return out;
}

Result<Import> ImportXml(std::string_view xml, std::string_view origin, std::size_t max_bytes) {
  if (xml.size() > max_bytes) {
    return InvalidArgumentError(fmt::format("'{}' is {} bytes, more than the limit of {} bytes",
                                            origin, xml.size(), max_bytes));
  }
  std::vector<Finding> findings;
  DocPtr doc = internal::ParseUntrusted(xml, origin, &findings);
  if (doc == nullptr) {
    const Finding& f = findings.front();
    return InvalidArgumentError(fmt::format(
        "'{}'{}: {}", origin, f.line > 0 ? fmt::format(" line {}", f.line) : "", f.message));
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (Name(root) != "EMSDataSet") {
    return InvalidArgumentError(fmt::format(
        "'{}': the root element is {}, not EMSDataSet (Beacon imports EMS data sets, not {})",
        origin, Name(root), Name(root)));
  }
  Import out;
  std::vector<std::string> errors;
  Reader reader(&errors, &out);
  const std::vector<const xmlNode*> top = ElementChildren(root);
  if (top.empty()) {
    return InvalidArgumentError(fmt::format("'{}': the EMSDataSet has no Header", origin));
  }
  for (const xmlNode* hn : top) {
    if (IsNemsisV2Name(Name(hn)) || Name(hn) == "Record") {
      return InvalidArgumentError(
          fmt::format("'{}' line {}: {} is a NEMSIS v2 element; Beacon reads NEMSIS v3.5 documents",
                      origin, hn->line, Name(hn)));
    }
    if (Name(hn) != "Header") {
      return InvalidArgumentError(
          fmt::format("'{}' line {}: {} where a Header belongs", origin, hn->line, Name(hn)));
    }
    Header& header = out.set.headers.emplace_back();
    for (const xmlNode* c : ElementChildren(hn)) {
      if (Name(c) == "DemographicGroup") {
        for (const xmlNode* d : ElementChildren(c)) {
          if (Name(d) == "dAgency.01") {
            header.agency.state_id = TextOf(d);
          } else if (Name(d) == "dAgency.02") {
            header.agency.number = TextOf(d);
          } else if (Name(d) == "dAgency.04") {
            header.agency.state = TextOf(d);
          } else {
            reader.Unmodelled(d);
          }
        }
      } else if (Name(c) == "PatientCareReport") {
        PatientCareReport& r = header.reports.emplace_back();
        const std::vector<const xmlNode*> sections = ElementChildren(c);
        for (const xmlNode* s : sections) {
          if (IsNemsisV2Name(Name(s))) {
            return InvalidArgumentError(fmt::format(
                "'{}' line {}: {} is a NEMSIS v2 element; Beacon reads NEMSIS v3.5 documents",
                origin, s->line, Name(s)));
          }
          if (Name(s) == "eDisposition" && HasV34Element(s)) {
            return InvalidArgumentError(fmt::format(
                "'{}' line {}: eDisposition.12 is a NEMSIS v3.4 element (v3.5 replaced it with "
                "eDisposition.27 to .30); Beacon reads NEMSIS v3.5 documents",
                origin, s->line));
          }
        }
        reader.ReadGroup(c, r);
      } else {
        reader.Unmodelled(c);
      }
    }
  }
  if (!errors.empty()) {
    std::string all = errors.front();
    if (errors.size() > 1) all += fmt::format(" (and {} more)", errors.size() - 1);
    return InvalidArgumentError(fmt::format("'{}': {}", origin, all));
  }
  return out;
}

}  // namespace beacon::nemsis
