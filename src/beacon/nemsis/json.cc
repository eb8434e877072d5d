#include "beacon/nemsis/json.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <iterator>
#include <set>
#include <string>

namespace beacon::nemsis {
namespace {

using internal::IsOptional;
using internal::IsVector;
using nlohmann::json;

// The attributes the EMSDataSet schema defines besides NV and PN (which have their own keys);
// any other name is refused, so nothing a client sends can become markup in the XML export.
constexpr std::string_view kAttributeNames[] = {"CodeType",        "CorrelationID",
                                                "CustomElementID", "DeltaVelocityOrdinal",
                                                "ETCO2Type",       "EmailAddressType",
                                                "PhoneNumberType", "ProcedureGroupCorrelationID",
                                                "StreetAddress2",  "UUID",
                                                "VelocityUnit",    "customValueDescription",
                                                "nemsisCode",      "nemsisElement"};

bool KnownAttribute(std::string_view name) {
  return std::find(std::begin(kAttributeNames), std::end(kAttributeNames), name) !=
         std::end(kAttributeNames);
}

json AttributesJson(const Attributes& attributes) {
  json out = json::object();
  for (const Attribute& a : attributes) out[a.name] = a.value;
  return out;
}

json ElementJson(const Element& e) {
  if (!e.nil && !e.not_value && !e.negative && e.attributes.empty()) return e.value;
  json out = json::object();
  if (!e.nil) out["value"] = e.value;
  if (e.nil) out["nil"] = true;
  if (e.not_value) out["nv"] = std::string(NotValueCode(*e.not_value));
  if (e.negative) out["pn"] = std::string(PertinentNegativeCode(*e.negative));
  if (!e.attributes.empty()) out["attributes"] = AttributesJson(e.attributes);
  return out;
}

class Writer {
 public:
  explicit Writer(json* out) : out_(out) {}
  void Leaf(const Single& e, const char* name, int /*occurs*/) {
    if (e) (*out_)[name] = ElementJson(*e);
  }
  void Leaf(const Repeated& e, const char* name, int /*occurs*/) {
    if (e.empty()) return;
    json a = json::array();
    for (const Element& x : e) a.push_back(ElementJson(x));
    (*out_)[name] = std::move(a);
  }
  template <class T>
  void Group(const T& g, const char* name, int /*occurs*/) {
    if constexpr (IsOptional<T>::value) {
      if (g) (*out_)[name] = Object(*g);
    } else if constexpr (IsVector<T>::value) {
      if (g.empty()) return;
      json a = json::array();
      for (const auto& x : g) a.push_back(Object(x));
      (*out_)[name] = std::move(a);
    } else {
      json o = Object(g);
      if (!o.empty()) (*out_)[name] = std::move(o);
    }
  }
  template <class T>
  static json Object(const T& g) {
    json o = json::object();
    if (!g.attributes.empty()) o["attributes"] = AttributesJson(g.attributes);
    Writer w(&o);
    T::Visit(g, w);
    return o;
  }

 private:
  json* out_;
};

class Reader {
 public:
  Reader(const json& in, std::string path, Status* error)
      : in_(in), path_(std::move(path)), error_(error) {}

  void Leaf(Single& e, const char* name, int /*occurs*/) {
    const json* v = Take(name);
    if (v == nullptr) return;
    e = ReadElement(*v, At(name));
  }
  void Leaf(Repeated& e, const char* name, int /*occurs*/) {
    const json* v = Take(name);
    if (v == nullptr) return;
    if (!v->is_array()) {
      Fail(At(name), "must be an array (the element may repeat)");
      return;
    }
    for (std::size_t i = 0; i < v->size(); ++i) {
      e.push_back(ReadElement((*v)[i], fmt::format("{}[{}]", At(name), i + 1)));
    }
  }
  template <class T>
  void Group(T& g, const char* name, int /*occurs*/) {
    const json* v = Take(name);
    if (v == nullptr) return;
    if constexpr (IsVector<T>::value) {
      if (!v->is_array()) {
        Fail(At(name), "must be an array (the group may repeat)");
        return;
      }
      for (std::size_t i = 0; i < v->size(); ++i) {
        ReadObject((*v)[i], fmt::format("{}[{}]", At(name), i + 1), g.emplace_back());
      }
    } else if constexpr (IsOptional<T>::value) {
      ReadObject(*v, At(name), g.emplace());
    } else {
      ReadObject(*v, At(name), g);
    }
  }

  template <class T>
  void ReadObject(const json& v, const std::string& path, T& g) {
    if (!v.is_object()) {
      Fail(path, "must be an object");
      return;
    }
    Reader r(v, path, error_);
    if (const json* a = r.Take("attributes")) g.attributes = r.ReadAttributes(*a, path);
    T::Visit(g, r);
    r.Unknown();
  }

  void Unknown() {
    for (const auto& [key, value] : in_.items()) {
      if (!taken_.contains(key)) {
        Fail(At(key), "is not a NEMSIS element or group here");
        return;
      }
    }
  }

 private:
  std::string At(std::string_view name) const {
    return path_.empty() ? std::string(name) : fmt::format("{}/{}", path_, name);
  }
  void Fail(const std::string& path, std::string_view what) {
    if (error_->ok()) *error_ = InvalidArgumentError(fmt::format("{}: {}", path, what));
  }
  const json* Take(const char* name) {
    auto it = in_.find(name);
    if (it == in_.end()) return nullptr;
    taken_.insert(name);
    return &*it;
  }

  Attributes ReadAttributes(const json& v, const std::string& path) {
    Attributes out;
    if (!v.is_object()) {
      Fail(path + "/attributes", "must be an object of strings");
      return out;
    }
    for (const auto& [key, value] : v.items()) {
      if (!KnownAttribute(key)) {
        Fail(fmt::format("{}/attributes/{}", path, key),
             "is not an attribute of the EMSDataSet schema (NV and PN are the keys nv and pn)");
        continue;
      }
      if (!value.is_string()) {
        Fail(fmt::format("{}/attributes/{}", path, key), "must be a string");
        continue;
      }
      out.push_back({key, value.get<std::string>()});
    }
    return out;
  }

  Element ReadElement(const json& v, const std::string& path) {
    Element e;
    if (v.is_string()) return Element::Of(v.get<std::string>());
    if (!v.is_object()) {
      Fail(path, "must be a string or an object with value, nil, nv, pn, attributes");
      return e;
    }
    for (const auto& [key, value] : v.items()) {
      if (key == "value" && value.is_string()) {
        e.value = value.get<std::string>();
      } else if (key == "nil" && value.is_boolean()) {
        e.nil = value.get<bool>();
      } else if (key == "nv" && value.is_string()) {
        e.not_value = NotValueFromCode(value.get<std::string>());
        if (!e.not_value) {
          Fail(path + "/nv", fmt::format("'{}' is not a Not Value (7701001, 7701003, 7701005)",
                                         value.get<std::string>()));
        }
      } else if (key == "pn" && value.is_string()) {
        e.negative = PertinentNegativeFromCode(value.get<std::string>());
        if (!e.negative) {
          Fail(path + "/pn", fmt::format("'{}' is not a Pertinent Negative (8801001 ... 8801031)",
                                         value.get<std::string>()));
        }
      } else if (key == "attributes") {
        e.attributes = ReadAttributes(value, path);
      } else {
        Fail(path + "/" + key,
             "is not one of value (string), nil (boolean), nv, pn (strings), "
             "attributes (object)");
      }
    }
    if (e.nil && !e.value.empty()) Fail(path, "a nil element has no value");
    if (!e.nil && (e.not_value || (e.negative && e.value.empty()))) {
      e.nil = true;  // a Not Value, or a Pertinent Negative without a value, is a nil element
    }
    return e;
  }

  const json& in_;
  std::string path_;
  Status* error_;
  std::set<std::string, std::less<>> taken_;
};

}  // namespace

json ToJson(const PatientCareReport& r) { return Writer::Object(r); }

Result<PatientCareReport> FromJson(const json& j) {
  if (!j.is_object()) return InvalidArgumentError("a patient care record must be a JSON object");
  static const json kNothing = json::object();
  PatientCareReport r;
  Status error = OkStatus();
  Reader top(kNothing, "", &error);
  top.ReadObject(j, "", r);
  if (!error.ok()) return error;
  return r;
}

}  // namespace beacon::nemsis
