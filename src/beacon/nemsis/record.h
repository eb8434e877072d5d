// A NEMSIS v3.5.1 EMS data set as Beacon holds it: headers naming the agency, each with its
// patient care reports (record_model.h, generated from the official schema), and the operations
// on whole records: export to EMSDataSet XML, import from it (xml.h), JSON (json.h).
//
//   EmsDataSet set;
//   set.headers.push_back({.agency = {"MA-BOSTON-EMS", "B001", "25"}});
//   PatientCareReport& r = set.headers[0].reports.emplace_back();
//   r.times.unit_notified_by_dispatch_time = Element::At(t, zone);
//
// Thread-safety: plain values.
#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "beacon/nemsis/element.h"
#include "beacon/nemsis/record_model.h"

namespace beacon::nemsis {

// Header/DemographicGroup: the agency the reports belong to.
struct Agency {
  std::string state_id;  // dAgency.01 EMS Agency Unique State ID
  std::string number;    // dAgency.02 EMS Agency Number
  std::string state;     // dAgency.04 EMS Agency State (ANSI code, "25" is Massachusetts)
  friend bool operator==(const Agency&, const Agency&) = default;
};

struct Header {
  Agency agency;
  std::vector<PatientCareReport> reports;
  friend bool operator==(const Header&, const Header&) = default;
};

struct EmsDataSet {
  std::vector<Header> headers;
  friend bool operator==(const EmsDataSet&, const EmsDataSet&) = default;
};

namespace internal {
template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};

// Calls f(element, name) for every element occurrence in a report, in schema order.
template <class F>
struct ElementWalker {
  F& f;
  void Leaf(const Single& e, const char* name, int /*occurs*/) {
    if (e.has_value()) f(*e, name);
  }
  void Leaf(const Repeated& e, const char* name, int /*occurs*/) {
    for (const Element& x : e) f(x, name);
  }
  template <class T>
  void Group(const T& g, const char* /*name*/, int /*occurs*/) {
    if constexpr (IsOptional<T>::value) {
      if (g.has_value()) T::value_type::Visit(*g, *this);
    } else if constexpr (IsVector<T>::value) {
      for (const auto& x : g) T::value_type::Visit(x, *this);
    } else {
      T::Visit(g, *this);
    }
  }
};
}  // namespace internal

// Calls f(const Element&, const char* name) for every element occurrence of `r`, in schema order.
template <class F>
void ForEachElement(const PatientCareReport& r, F&& f) {
  internal::ElementWalker<F> walker{f};
  PatientCareReport::Visit(r, walker);
}

// How many elements with a value, Not Value or Pertinent Negative a report holds (a measure of
// what a round trip keeps).
int CountElements(const PatientCareReport& r);

}  // namespace beacon::nemsis
