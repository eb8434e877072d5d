#include "beacon/store/event_codec.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>
#include <limits>
#include <set>
#include <type_traits>

#include "beacon/base/time.h"
#include "beacon/triage/mci_triage.h"

namespace beacon::store {
namespace {

using nlohmann::json;

template <typename E, typename NameFn>
Result<E> ParseEnum(std::string_view name, int count, NameFn name_of, std::string_view what) {
  std::string known;
  for (int i = 0; i < count; ++i) {
    const E e = static_cast<E>(i);
    if (name_of(e) == name) return e;
    if (!known.empty()) known += ", ";
    known += name_of(e);
  }
  return InvalidArgumentError(fmt::format("'{}' is not {} (one of {})", name, what, known));
}

// Reads the fields of one event object; every read names the field on error and every field
// read is remembered so that unknown ones can be refused at the end.
class Fields {
 public:
  explicit Fields(const json& j) : j_(j) {}

  Result<const json*> Need(const char* key) {
    seen_.insert(key);
    const auto it = j_.find(key);
    if (it == j_.end()) return InvalidArgumentError(fmt::format("field '{}' is missing", key));
    return &*it;
  }
  const json* Maybe(const char* key) {
    seen_.insert(key);
    const auto it = j_.find(key);
    return it == j_.end() || it->is_null() ? nullptr : &*it;
  }

  Result<std::uint64_t> Id(const char* key) {
    BEACON_ASSIGN_OR_RETURN(const json* v, Need(key));
    return IdOf(*v, key);
  }
  Result<std::optional<std::uint64_t>> MaybeId(const char* key) {
    const json* v = Maybe(key);
    if (v == nullptr) return std::optional<std::uint64_t>();
    BEACON_ASSIGN_OR_RETURN(std::uint64_t id, IdOf(*v, key));
    return std::optional<std::uint64_t>(id);
  }
  // Station and hospital ids are 32-bit.
  Result<std::uint32_t> Id32(const char* key) {
    BEACON_ASSIGN_OR_RETURN(std::uint64_t id, Id(key));
    return Narrow(id, key);
  }
  Result<std::optional<std::uint32_t>> MaybeId32(const char* key) {
    BEACON_ASSIGN_OR_RETURN(std::optional<std::uint64_t> id, MaybeId(key));
    if (!id) return std::optional<std::uint32_t>();
    BEACON_ASSIGN_OR_RETURN(std::uint32_t n, Narrow(*id, key));
    return std::optional<std::uint32_t>(n);
  }
  Result<std::string> String(const char* key) {
    BEACON_ASSIGN_OR_RETURN(const json* v, Need(key));
    return StringOf(*v, key);
  }
  Result<std::optional<std::string>> MaybeString(const char* key) {
    const json* v = Maybe(key);
    if (v == nullptr) return std::optional<std::string>();
    BEACON_ASSIGN_OR_RETURN(std::string s, StringOf(*v, key));
    return std::optional<std::string>(std::move(s));
  }
  Result<int> Int(const char* key, int lo, int hi) {
    BEACON_ASSIGN_OR_RETURN(const json* v, Need(key));
    if (!v->is_number_integer()) return TypeError(key, "an integer", *v);
    const std::int64_t n = v->get<std::int64_t>();
    if (n < lo || n > hi) {
      return InvalidArgumentError(fmt::format("field '{}': {} is outside {}..{}", key, n, lo, hi));
    }
    return static_cast<int>(n);
  }
  Result<bool> Bool(const char* key) {
    BEACON_ASSIGN_OR_RETURN(const json* v, Need(key));
    if (!v->is_boolean()) return TypeError(key, "true or false", *v);
    return v->get<bool>();
  }
  Result<LatLon> Location(const char* key) {
    BEACON_ASSIGN_OR_RETURN(const json* v, Need(key));
    return LocationOf(*v, key);
  }
  Result<std::optional<LatLon>> MaybeLocation(const char* key) {
    const json* v = Maybe(key);
    if (v == nullptr) return std::optional<LatLon>();
    BEACON_ASSIGN_OR_RETURN(LatLon p, LocationOf(*v, key));
    return std::optional<LatLon>(p);
  }
  Result<Instant> Time(const char* key) {
    BEACON_ASSIGN_OR_RETURN(std::string s, String(key));
    return ParseInstant(s).WithContextFrom([&] { return fmt::format("field '{}'", key); });
  }
  Result<std::optional<Instant>> MaybeTime(const char* key) {
    BEACON_ASSIGN_OR_RETURN(std::optional<std::string> s, MaybeString(key));
    if (!s) return std::optional<Instant>();
    BEACON_ASSIGN_OR_RETURN(Instant t, ParseInstant(*s).WithContextFrom(
                                           [&] { return fmt::format("field '{}'", key); }));
    return std::optional<Instant>(t);
  }
  template <typename E, typename NameFn>
  Result<E> Enum(const char* key, int count, NameFn name_of, std::string_view what) {
    BEACON_ASSIGN_OR_RETURN(std::string s, String(key));
    return ParseEnum<E>(s, count, name_of, what).WithContextFrom([&] {
      return fmt::format("field '{}'", key);
    });
  }

  // Every field present was read.
  Status NoOthers() const {
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      if (seen_.count(it.key()) == 0) {
        return InvalidArgumentError(fmt::format("unknown field '{}'", it.key()));
      }
    }
    return OkStatus();
  }

 private:
  static Status TypeError(const char* key, std::string_view want, const json& got) {
    return InvalidArgumentError(
        fmt::format("field '{}' must be {}, not {}", key, want, got.type_name()));
  }
  static Result<std::uint64_t> IdOf(const json& v, const char* key) {
    if (!v.is_number_integer()) return TypeError(key, "a positive integer id", v);
    if (!v.is_number_unsigned() || v.get<std::uint64_t>() == 0) {
      return InvalidArgumentError(fmt::format("field '{}': ids are positive", key));
    }
    return v.get<std::uint64_t>();
  }
  static Result<std::uint32_t> Narrow(std::uint64_t id, const char* key) {
    if (id > std::numeric_limits<std::uint32_t>::max()) {
      return InvalidArgumentError(fmt::format("field '{}': id {} is too large", key, id));
    }
    return static_cast<std::uint32_t>(id);
  }
  static Result<std::string> StringOf(const json& v, const char* key) {
    if (!v.is_string()) return TypeError(key, "a string", v);
    return v.get<std::string>();
  }
  static Result<LatLon> LocationOf(const json& v, const char* key) {
    if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number()) {
      return InvalidArgumentError(fmt::format("field '{}' must be [lat, lon]", key));
    }
    const LatLon p{v[0].get<double>(), v[1].get<double>()};
    BEACON_RETURN_IF_ERROR(
        ValidateLatLon(p).WithContextFrom([&] { return fmt::format("field '{}'", key); }));
    return p;
  }

  const json& j_;
  std::set<std::string, std::less<>> seen_;
};

constexpr int kAssignmentStates = 9;
constexpr int kAvailabilities = 3;
constexpr int kHospitalStatuses = 2;
constexpr int kCareLevels = 2;

json Location(const LatLon& p) { return json::array({p.lat, p.lon}); }

void PayloadToJson(const cad::EventPayload& payload, json& j) {
  std::visit(
      [&j](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, cad::CallReceived>) {
          j["call"] = e.call.value();
          j["location"] = Location(e.location);
          j["address"] = e.address;
          if (e.psap_time) j["psap_time"] = FormatUtc(*e.psap_time);
        } else if constexpr (std::is_same_v<T, cad::IncidentCreated>) {
          j["incident"] = e.incident.value();
          j["call"] = e.call.value();
        } else if constexpr (std::is_same_v<T, cad::IncidentUpdated>) {
          j["incident"] = e.incident.value();
          if (e.location) j["location"] = Location(*e.location);
          if (e.address) j["address"] = *e.address;
          if (e.linked_call) j["linked_call"] = e.linked_call->value();
        } else if constexpr (std::is_same_v<T, cad::IncidentMerged>) {
          j["from"] = e.from.value();
          j["into"] = e.into.value();
        } else if constexpr (std::is_same_v<T, cad::TriageCompleted>) {
          j["incident"] = e.incident.value();
          j["complaint"] = e.complaint;
          j["determinant"] = e.determinant;
          j["priority"] = e.priority;
          j["level"] = cad::CareLevelName(e.level);
          j["units"] = e.units;
          j["lights_and_sirens"] = e.lights_and_sirens;
          j["dispatch_reason_code"] = e.dispatch_reason_code;
          j["dispatch_priority_code"] = e.dispatch_priority_code;
        } else if constexpr (std::is_same_v<T, cad::PriorityChanged>) {
          j["incident"] = e.incident.value();
          j["priority"] = e.priority;
        } else if constexpr (std::is_same_v<T, cad::UnitRecommended>) {
          j["incident"] = e.incident.value();
          json units = json::array();
          for (UnitId u : e.units) units.push_back(u.value());
          j["units"] = std::move(units);
        } else if constexpr (std::is_same_v<T, cad::UnitAssigned>) {
          j["unit"] = e.unit.value();
          j["incident"] = e.incident.value();
        } else if constexpr (std::is_same_v<T, cad::AssignmentProgressed>) {
          j["unit"] = e.unit.value();
          j["incident"] = e.incident.value();
          j["state"] = cad::AssignmentStateName(e.state);
          if (e.destination) j["destination"] = e.destination->value();
        } else if constexpr (std::is_same_v<T, cad::UnitAvailabilityChanged>) {
          j["unit"] = e.unit.value();
          j["availability"] = cad::AvailabilityName(e.availability);
        } else if constexpr (std::is_same_v<T, cad::HospitalStatusChanged>) {
          j["hospital"] = e.hospital.value();
          j["status"] = cad::HospitalStatusName(e.status);
        } else if constexpr (std::is_same_v<T, cad::IncidentClosed>) {
          j["incident"] = e.incident.value();
        } else if constexpr (std::is_same_v<T, cad::MoveUpRecommended>) {
          j["unit"] = e.unit.value();
          j["post"] = e.post.value();
          j["applied"] = e.applied;
        } else if constexpr (std::is_same_v<T, cad::MciDeclared>) {
          j["mci"] = e.mci.value();
          j["incident"] = e.incident.value();
          j["name"] = e.name;
          j["level"] = e.level;
        } else if constexpr (std::is_same_v<T, cad::MciLevelChanged>) {
          j["mci"] = e.mci.value();
          j["level"] = e.level;
        } else if constexpr (std::is_same_v<T, cad::MciSiteSet>) {
          j["mci"] = e.mci.value();
          j["site"] = e.site;
          j["site_kind"] = cad::MciSiteKindName(e.kind);
          j["location"] = Location(e.location);
        } else if constexpr (std::is_same_v<T, cad::MciSurgeDeclared>) {
          j["mci"] = e.mci.value();
          j["hospital"] = e.hospital.value();
          j["capacity"] = e.capacity;
        } else if constexpr (std::is_same_v<T, cad::PatientTagged>) {
          j["mci"] = e.mci.value();
          j["tag"] = e.tag;
          j["category"] = triage::MciCategoryName(e.category);
          if (e.algorithm) j["algorithm"] = triage::MciAlgorithmName(*e.algorithm);
          j["site"] = e.site;
          j["pediatric"] = e.needs.pediatric;
          j["burn"] = e.needs.burn;
          j["trauma"] = e.needs.trauma;
        } else if constexpr (std::is_same_v<T, cad::PatientRetriaged>) {
          j["mci"] = e.mci.value();
          j["tag"] = e.tag;
          j["category"] = triage::MciCategoryName(e.category);
          if (e.algorithm) j["algorithm"] = triage::MciAlgorithmName(*e.algorithm);
        } else if constexpr (std::is_same_v<T, cad::PatientMoved>) {
          j["mci"] = e.mci.value();
          j["tag"] = e.tag;
          j["site"] = e.site;
        } else if constexpr (std::is_same_v<T, cad::PatientTreated>) {
          j["mci"] = e.mci.value();
          j["tag"] = e.tag;
          j["treatment"] = e.treatment;
        } else if constexpr (std::is_same_v<T, cad::PatientTransportAssigned> ||
                             std::is_same_v<T, cad::PatientTransported>) {
          j["mci"] = e.mci.value();
          j["tag"] = e.tag;
          j["unit"] = e.unit.value();
          j["hospital"] = e.hospital.value();
        } else if constexpr (std::is_same_v<T, cad::PatientArrived>) {
          j["mci"] = e.mci.value();
          j["tag"] = e.tag;
          j["hospital"] = e.hospital.value();
        } else if constexpr (std::is_same_v<T, cad::PatientReleased>) {
          j["mci"] = e.mci.value();
          j["tag"] = e.tag;
        } else if constexpr (std::is_same_v<T, cad::MciClosed>) {
          j["mci"] = e.mci.value();
        } else {
          static_assert(sizeof(T) == 0, "every event kind is encoded");
        }
      },
      payload);
}

Result<triage::MciCategory> Category(Fields& f) {
  BEACON_ASSIGN_OR_RETURN(std::string name, f.String("category"));
  return triage::ParseMciCategory(name).WithContextFrom(
      [] { return std::string("field 'category'"); });
}

Result<std::optional<triage::MciAlgorithm>> Algorithm(Fields& f) {
  BEACON_ASSIGN_OR_RETURN(std::optional<std::string> name, f.MaybeString("algorithm"));
  if (!name) return std::optional<triage::MciAlgorithm>();
  BEACON_ASSIGN_OR_RETURN(triage::MciAlgorithm a,
                          triage::ParseMciAlgorithm(*name).WithContextFrom(
                              [] { return std::string("field 'algorithm'"); }));
  return std::optional<triage::MciAlgorithm>(a);
}

// The MCI events (cad/mci.h); the mci id and, for patient events, the tag come first.
Result<cad::EventPayload> MciPayloadFromJson(std::string_view kind, Fields& f) {
  BEACON_ASSIGN_OR_RETURN(std::uint32_t mci_id, f.Id32("mci"));
  const cad::MciId mci{mci_id};
  if (kind == "MciDeclared") {
    cad::MciDeclared e;
    e.mci = mci;
    BEACON_ASSIGN_OR_RETURN(std::uint64_t incident, f.Id("incident"));
    e.incident = IncidentId{incident};
    BEACON_ASSIGN_OR_RETURN(e.name, f.String("name"));
    BEACON_ASSIGN_OR_RETURN(e.level, f.Int("level", cad::kLowestMciLevel, cad::kHighestMciLevel));
    return cad::EventPayload(std::move(e));
  }
  if (kind == "MciLevelChanged") {
    BEACON_ASSIGN_OR_RETURN(int level, f.Int("level", cad::kLowestMciLevel, cad::kHighestMciLevel));
    return cad::EventPayload(cad::MciLevelChanged{mci, level});
  }
  if (kind == "MciSiteSet") {
    cad::MciSiteSet e;
    e.mci = mci;
    BEACON_ASSIGN_OR_RETURN(e.site, f.String("site"));
    BEACON_ASSIGN_OR_RETURN(e.kind, f.Enum<cad::MciSiteKind>("site_kind", cad::kMciSiteKinds,
                                                             cad::MciSiteKindName, "a site kind"));
    BEACON_ASSIGN_OR_RETURN(e.location, f.Location("location"));
    return cad::EventPayload(std::move(e));
  }
  if (kind == "MciSurgeDeclared") {
    cad::MciSurgeDeclared e;
    e.mci = mci;
    BEACON_ASSIGN_OR_RETURN(std::uint32_t hospital, f.Id32("hospital"));
    e.hospital = HospitalId{hospital};
    BEACON_ASSIGN_OR_RETURN(const json* cap, f.Need("capacity"));
    if (!cap->is_array() || cap->size() != e.capacity.size()) {
      return InvalidArgumentError("field 'capacity' must list 4 counts (red, yellow, green, gray)");
    }
    for (std::size_t i = 0; i < e.capacity.size(); ++i) {
      const json& c = (*cap)[i];
      if (!c.is_number_integer() || c.get<std::int64_t>() < 0 || c.get<std::int64_t>() > 10'000) {
        return InvalidArgumentError("field 'capacity' must hold counts 0..10000");
      }
      e.capacity[i] = static_cast<int>(c.get<std::int64_t>());
    }
    return cad::EventPayload(std::move(e));
  }
  if (kind == "MciClosed") return cad::EventPayload(cad::MciClosed{mci});
  static constexpr std::string_view kPatientKinds[] = {
      "PatientTagged",  "PatientRetriaged",         "PatientMoved",
      "PatientTreated", "PatientTransportAssigned", "PatientTransported",
      "PatientArrived", "PatientReleased"};
  if (std::find(std::begin(kPatientKinds), std::end(kPatientKinds), kind) ==
      std::end(kPatientKinds)) {
    return InvalidArgumentError(fmt::format("field 'kind': unknown event kind '{}'", kind));
  }
  BEACON_ASSIGN_OR_RETURN(std::string tag, f.String("tag"));
  if (kind == "PatientTagged") {
    cad::PatientTagged e;
    e.mci = mci;
    e.tag = std::move(tag);
    BEACON_ASSIGN_OR_RETURN(e.category, Category(f));
    BEACON_ASSIGN_OR_RETURN(e.algorithm, Algorithm(f));
    BEACON_ASSIGN_OR_RETURN(e.site, f.String("site"));
    BEACON_ASSIGN_OR_RETURN(e.needs.pediatric, f.Bool("pediatric"));
    BEACON_ASSIGN_OR_RETURN(e.needs.burn, f.Bool("burn"));
    BEACON_ASSIGN_OR_RETURN(e.needs.trauma, f.Bool("trauma"));
    return cad::EventPayload(std::move(e));
  }
  if (kind == "PatientRetriaged") {
    cad::PatientRetriaged e;
    e.mci = mci;
    e.tag = std::move(tag);
    BEACON_ASSIGN_OR_RETURN(e.category, Category(f));
    BEACON_ASSIGN_OR_RETURN(e.algorithm, Algorithm(f));
    return cad::EventPayload(std::move(e));
  }
  if (kind == "PatientMoved") {
    BEACON_ASSIGN_OR_RETURN(std::string site, f.String("site"));
    return cad::EventPayload(cad::PatientMoved{mci, std::move(tag), std::move(site)});
  }
  if (kind == "PatientTreated") {
    BEACON_ASSIGN_OR_RETURN(std::string treatment, f.String("treatment"));
    return cad::EventPayload(cad::PatientTreated{mci, std::move(tag), std::move(treatment)});
  }
  if (kind == "PatientTransportAssigned" || kind == "PatientTransported") {
    BEACON_ASSIGN_OR_RETURN(std::uint32_t unit, f.Id32("unit"));
    BEACON_ASSIGN_OR_RETURN(std::uint32_t hospital, f.Id32("hospital"));
    if (kind == "PatientTransported") {
      return cad::EventPayload(
          cad::PatientTransported{mci, std::move(tag), UnitId{unit}, HospitalId{hospital}});
    }
    return cad::EventPayload(
        cad::PatientTransportAssigned{mci, std::move(tag), UnitId{unit}, HospitalId{hospital}});
  }
  if (kind == "PatientArrived") {
    BEACON_ASSIGN_OR_RETURN(std::uint32_t hospital, f.Id32("hospital"));
    return cad::EventPayload(cad::PatientArrived{mci, std::move(tag), HospitalId{hospital}});
  }
  return cad::EventPayload(cad::PatientReleased{mci, std::move(tag)});
}

Result<cad::EventPayload> PayloadFromJson(std::string_view kind, Fields& f) {
  if (kind == "CallReceived") {
    cad::CallReceived e;
    BEACON_ASSIGN_OR_RETURN(std::uint64_t call, f.Id("call"));
    e.call = cad::CallId{call};
    BEACON_ASSIGN_OR_RETURN(e.location, f.Location("location"));
    BEACON_ASSIGN_OR_RETURN(e.address, f.String("address"));
    BEACON_ASSIGN_OR_RETURN(e.psap_time, f.MaybeTime("psap_time"));
    return cad::EventPayload(std::move(e));
  }
  if (kind == "IncidentCreated") {
    BEACON_ASSIGN_OR_RETURN(std::uint64_t incident, f.Id("incident"));
    BEACON_ASSIGN_OR_RETURN(std::uint64_t call, f.Id("call"));
    return cad::EventPayload(cad::IncidentCreated{IncidentId{incident}, cad::CallId{call}});
  }
  if (kind == "IncidentUpdated") {
    cad::IncidentUpdated e;
    BEACON_ASSIGN_OR_RETURN(std::uint64_t incident, f.Id("incident"));
    e.incident = IncidentId{incident};
    BEACON_ASSIGN_OR_RETURN(e.location, f.MaybeLocation("location"));
    BEACON_ASSIGN_OR_RETURN(e.address, f.MaybeString("address"));
    BEACON_ASSIGN_OR_RETURN(std::optional<std::uint64_t> linked, f.MaybeId("linked_call"));
    if (linked) e.linked_call = cad::CallId{*linked};
    return cad::EventPayload(std::move(e));
  }
  if (kind == "IncidentMerged") {
    BEACON_ASSIGN_OR_RETURN(std::uint64_t from, f.Id("from"));
    BEACON_ASSIGN_OR_RETURN(std::uint64_t into, f.Id("into"));
    return cad::EventPayload(cad::IncidentMerged{IncidentId{from}, IncidentId{into}});
  }
  if (kind == "TriageCompleted") {
    cad::TriageCompleted e;
    BEACON_ASSIGN_OR_RETURN(std::uint64_t incident, f.Id("incident"));
    e.incident = IncidentId{incident};
    BEACON_ASSIGN_OR_RETURN(e.complaint, f.String("complaint"));
    BEACON_ASSIGN_OR_RETURN(e.determinant, f.String("determinant"));
    BEACON_ASSIGN_OR_RETURN(e.priority,
                            f.Int("priority", cad::kHighestPriority, cad::kLowestPriority));
    BEACON_ASSIGN_OR_RETURN(
        e.level, f.Enum<cad::CareLevel>("level", kCareLevels, cad::CareLevelName, "a care level"));
    BEACON_ASSIGN_OR_RETURN(e.units, f.Int("units", 1, 20));
    BEACON_ASSIGN_OR_RETURN(e.lights_and_sirens, f.Bool("lights_and_sirens"));
    BEACON_ASSIGN_OR_RETURN(e.dispatch_reason_code, f.String("dispatch_reason_code"));
    BEACON_ASSIGN_OR_RETURN(e.dispatch_priority_code, f.String("dispatch_priority_code"));
    return cad::EventPayload(std::move(e));
  }
  if (kind == "PriorityChanged") {
    BEACON_ASSIGN_OR_RETURN(std::uint64_t incident, f.Id("incident"));
    BEACON_ASSIGN_OR_RETURN(int priority,
                            f.Int("priority", cad::kHighestPriority, cad::kLowestPriority));
    return cad::EventPayload(cad::PriorityChanged{IncidentId{incident}, priority});
  }
  if (kind == "UnitRecommended") {
    cad::UnitRecommended e;
    BEACON_ASSIGN_OR_RETURN(std::uint64_t incident, f.Id("incident"));
    e.incident = IncidentId{incident};
    BEACON_ASSIGN_OR_RETURN(const json* units, f.Need("units"));
    if (!units->is_array()) return InvalidArgumentError("field 'units' must be an array of ids");
    for (const json& u : *units) {
      if (!u.is_number_unsigned() || u.get<std::uint64_t>() == 0) {
        return InvalidArgumentError("field 'units' must be an array of positive ids");
      }
      if (u.get<std::uint64_t>() > std::numeric_limits<std::uint32_t>::max()) {
        return InvalidArgumentError("field 'units': an id is too large");
      }
      e.units.push_back(UnitId{static_cast<std::uint32_t>(u.get<std::uint64_t>())});
    }
    return cad::EventPayload(std::move(e));
  }
  if (kind == "UnitAssigned") {
    BEACON_ASSIGN_OR_RETURN(std::uint32_t unit, f.Id32("unit"));
    BEACON_ASSIGN_OR_RETURN(std::uint64_t incident, f.Id("incident"));
    return cad::EventPayload(cad::UnitAssigned{UnitId{unit}, IncidentId{incident}});
  }
  if (kind == "AssignmentProgressed") {
    cad::AssignmentProgressed e;
    BEACON_ASSIGN_OR_RETURN(std::uint32_t unit, f.Id32("unit"));
    BEACON_ASSIGN_OR_RETURN(std::uint64_t incident, f.Id("incident"));
    e.unit = UnitId{unit};
    e.incident = IncidentId{incident};
    BEACON_ASSIGN_OR_RETURN(
        e.state, f.Enum<cad::AssignmentState>("state", kAssignmentStates, cad::AssignmentStateName,
                                              "an assignment state"));
    BEACON_ASSIGN_OR_RETURN(std::optional<std::uint32_t> dest, f.MaybeId32("destination"));
    if (dest) e.destination = HospitalId{*dest};
    return cad::EventPayload(std::move(e));
  }
  if (kind == "UnitAvailabilityChanged") {
    BEACON_ASSIGN_OR_RETURN(std::uint32_t unit, f.Id32("unit"));
    BEACON_ASSIGN_OR_RETURN(cad::Availability a,
                            f.Enum<cad::Availability>("availability", kAvailabilities,
                                                      cad::AvailabilityName, "an availability"));
    return cad::EventPayload(cad::UnitAvailabilityChanged{UnitId{unit}, a});
  }
  if (kind == "HospitalStatusChanged") {
    BEACON_ASSIGN_OR_RETURN(std::uint32_t hospital, f.Id32("hospital"));
    BEACON_ASSIGN_OR_RETURN(
        cad::HospitalStatus s,
        f.Enum<cad::HospitalStatus>("status", kHospitalStatuses, cad::HospitalStatusName,
                                    "a hospital status"));
    return cad::EventPayload(cad::HospitalStatusChanged{HospitalId{hospital}, s});
  }
  if (kind == "IncidentClosed") {
    BEACON_ASSIGN_OR_RETURN(std::uint64_t incident, f.Id("incident"));
    return cad::EventPayload(cad::IncidentClosed{IncidentId{incident}});
  }
  if (kind == "MoveUpRecommended") {
    BEACON_ASSIGN_OR_RETURN(std::uint32_t unit, f.Id32("unit"));
    BEACON_ASSIGN_OR_RETURN(std::uint32_t post, f.Id32("post"));
    BEACON_ASSIGN_OR_RETURN(bool applied, f.Bool("applied"));
    return cad::EventPayload(cad::MoveUpRecommended{UnitId{unit}, StationId{post}, applied});
  }
  if (kind.starts_with("Mci") || kind.starts_with("Patient")) return MciPayloadFromJson(kind, f);
  return InvalidArgumentError(fmt::format("field 'kind': unknown event kind '{}'", kind));
}

}  // namespace

json EventToJson(const cad::Event& event) {
  json j = json::object();
  j["seq"] = event.seq;
  j["time"] = FormatUtc(event.time);
  j["actor"] = event.actor;
  j["reason"] = event.reason;
  j["kind"] = cad::EventKindName(event.payload);
  PayloadToJson(event.payload, j);
  return j;
}

Result<cad::Event> EventFromJson(const json& j) {
  if (!j.is_object()) {
    return InvalidArgumentError(
        fmt::format("an event must be a JSON object, not {}", j.type_name()));
  }
  Fields f(j);
  cad::Event e;
  BEACON_ASSIGN_OR_RETURN(e.seq, f.Id("seq"));
  BEACON_ASSIGN_OR_RETURN(e.time, f.Time("time"));
  BEACON_ASSIGN_OR_RETURN(e.actor, f.String("actor"));
  BEACON_ASSIGN_OR_RETURN(e.reason, f.String("reason"));
  BEACON_ASSIGN_OR_RETURN(std::string kind, f.String("kind"));
  BEACON_ASSIGN_OR_RETURN(e.payload, PayloadFromJson(kind, f));
  BEACON_RETURN_IF_ERROR(
      f.NoOthers().WithContextFrom([&] { return fmt::format("{} event", kind); }));
  return e;
}

std::string EncodeEvent(const cad::Event& event) { return EventToJson(event).dump(); }

Result<cad::Event> DecodeEvent(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgumentError("event: not valid JSON");
  return EventFromJson(j).WithContextFrom([&] {
    const auto seq = j.is_object() ? j.find("seq") : j.end();
    return seq != j.end() && seq->is_number_unsigned()
               ? fmt::format("event {}", seq->get<std::uint64_t>())
               : std::string("event");
  });
}

Result<cad::AssignmentState> ParseAssignmentState(std::string_view name) {
  return ParseEnum<cad::AssignmentState>(name, kAssignmentStates, cad::AssignmentStateName,
                                         "an assignment state");
}
Result<cad::Availability> ParseAvailability(std::string_view name) {
  return ParseEnum<cad::Availability>(name, kAvailabilities, cad::AvailabilityName,
                                      "an availability");
}
Result<cad::HospitalStatus> ParseHospitalStatus(std::string_view name) {
  return ParseEnum<cad::HospitalStatus>(name, kHospitalStatuses, cad::HospitalStatusName,
                                        "a hospital status");
}
Result<cad::CareLevel> ParseCareLevel(std::string_view name) {
  return ParseEnum<cad::CareLevel>(name, kCareLevels, cad::CareLevelName, "a care level");
}

}  // namespace beacon::store
