// Overloaded: a set of lambdas as one visitor for std::visit.
//
//   std::visit(Overloaded{[](const A& a) { ... }, [](const auto&) { ... }}, variant);
//
// Thread-safety: a plain value.
#pragma once

namespace beacon {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace beacon
