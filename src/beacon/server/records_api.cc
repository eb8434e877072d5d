// The Api's patient care record routes (api.h): a crew starts the record of its unit's response
// from the CAD and documents the patient; the medical director reads every record and the QA
// measures. Each request is audited by Api::Dispatch like every other route with a session.
//
//   POST /api/v1/records            {"incident": 12}             crew (its unit): start a record
//   GET  /api/v1/records[?incident=12]                            crew (its unit), medical director
//   GET  /api/v1/records/{number}                                 crew (its unit), medical director
//   PUT  /api/v1/records/{number}   {"version": 3, "record": {}}  crew (its unit)
//   GET  /api/v1/records/{number}/nemsis                          the record as EMSDataSet XML
//   GET  /api/v1/qa                                               medical director
//
// What the CAD knows is the CAD's: on every write the record's eRecord, eResponse and eDispatch
// come from the CAD again, and so does every eTimes element the CAD stamped; a crew documents
// the rest (and eTimes elements the CAD did not see, such as arrival at the patient).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdint>

#include "beacon/nemsis/json.h"
#include "beacon/nemsis/qa.h"
#include "beacon/nemsis/xml.h"
#include "beacon/records/from_cad.h"
#include "beacon/server/api.h"
#include "beacon/server/api_json.h"
#include "beacon/server/api_routes.h"

namespace beacon::server {

using nlohmann::json;

namespace {

constexpr RoleSet kRecordReaders = Bit(Role::kCrew) | Bit(Role::kMedicalDirector);

json RecordView(const cad::CadState& state, const store::PatientRecordRow& row, json record) {
  const cad::Unit* unit = state.FindUnit(row.unit);
  return {{"number", row.number},
          {"incident", row.incident.value()},
          {"unit", unit != nullptr ? unit->name : std::to_string(row.unit.value())},
          {"unit_id", row.unit.value()},
          {"version", row.version},
          {"created", FormatUtc(row.created)},
          {"updated", FormatUtc(row.updated)},
          {"updated_by", row.updated_by},
          {"record", std::move(record)}};
}

// Three-way merge of the CAD's derived values: where the crew left an element as the CAD last
// wrote it (or never had it), the CAD's current value replaces it; where the crew changed it, the
// crew's stands. Groups (objects) merge element by element.
void MergeDerived(json& crew, const json& before, const json& now) {
  json keys = json::object();
  for (const auto& [k, v] : before.items()) keys[k] = true;
  for (const auto& [k, v] : now.items()) keys[k] = true;
  for (const auto& [key, unused] : keys.items()) {
    const json none;
    const json& old_value = before.contains(key) ? before[key] : none;
    const json& new_value = now.contains(key) ? now[key] : none;
    const json& mine = crew.contains(key) ? crew[key] : none;
    if (mine.is_object() && old_value.is_object() && new_value.is_object()) {
      json merged = mine;
      MergeDerived(merged, old_value, new_value);
      crew[key] = std::move(merged);
    } else if (mine == old_value) {
      if (new_value.is_null()) {
        crew.erase(key);
      } else {
        crew[key] = new_value;
      }
    }
  }
}

// The CAD's part of a record laid over what the crew wrote. eRecord, eResponse and eDispatch are
// the CAD's; so is every time it stamped (a crew cannot type over one); eScene and eDisposition
// follow the CAD (a unit that was en route when the record started later transported) unless
// the crew documented otherwise. `before` is the CAD's part as last stored.
json OverlayCad(json crew, const json& before, const json& cad) {
  for (const char* section : {"eRecord", "eResponse", "eDispatch"}) {
    if (cad.contains(section)) crew[section] = cad[section];
  }
  if (cad.contains("eTimes")) {
    for (const auto& [key, value] : cad["eTimes"].items()) {
      if (value.is_string()) crew["eTimes"][key] = value;  // a stamp, not a Not Value
    }
  }
  for (const char* section : {"eScene", "eDisposition"}) {
    const json empty = json::object();
    json mine = crew.contains(section) ? crew[section] : empty;
    MergeDerived(mine, before.contains(section) ? before[section] : empty,
                 cad.contains(section) ? cad[section] : empty);
    crew[section] = std::move(mine);
  }
  crew["attributes"] = cad.value("attributes", json::object());
  return crew;
}

// A stored row's body: the record and the CAD's part as it was when stored.
struct StoredBody {
  json record;
  json cad;
};

std::string EncodeBody(const json& record, const json& cad) {
  return json{{"record", record}, {"cad", cad}}.dump();
}

}  // namespace

void Api::InstallRecordRoutes(const AddRoute& add) {
  const cad::CadState& state = center_->state();

  // The unit whose records this session may touch: a crew member's own; nullopt for readers of
  // every record (the medical director).
  auto own_unit = [](const Ctx& ctx) -> Result<std::optional<UnitId>> {
    if (ctx.session.role != Role::kCrew) return std::optional<UnitId>();
    if (!ctx.session.unit) {
      return PermissionDeniedError(
          "a crew member documents patients for the unit they staff, and this user has none "
          "(beacon user add --unit)");
    }
    return std::optional<UnitId>(*ctx.session.unit);
  };
  auto find = [this, own_unit](Ctx& ctx) -> Result<store::PatientRecordRow*> {
    const std::string& number = ctx.params[0];
    ctx.target = fmt::format("patient record {}", number);
    auto it = records_.find(number);
    if (it == records_.end()) {
      return NotFoundError(fmt::format("patient record '{}' does not exist", number));
    }
    BEACON_ASSIGN_OR_RETURN(std::optional<UnitId> mine, own_unit(ctx));
    if (mine && *mine != it->second.unit) {
      return PermissionDeniedError(fmt::format(
          "patient record '{}' belongs to another unit; a crew reads and writes only its own",
          number));
    }
    return &it->second;
  };
  auto context = [this]() {
    records::RecordContext rc;
    rc.agency = {options_.agency_state_id, options_.agency_number, options_.agency_state};
    rc.agency_name = options_.agency_name;
    rc.zone = &model_.time_zone();
    return rc;
  };
  auto assignment_of = [&state](IncidentId incident, UnitId unit) -> const cad::Assignment* {
    const cad::Assignment* found = nullptr;
    for (const cad::Assignment& a : state.assignments()) {
      if (a.incident == incident && a.unit == unit) found = &a;  // the latest
    }
    return found;
  };
  // eDisposition.20 when the hospital the unit took the patient to is the one the destination
  // rules rank first for the call as triaged (what the CAD can know; the crew documents others).
  auto extras = [this](const cad::Assignment& a) {
    records::RecordExtras x;
    x.destination_reason_code = center_->DestinationReason(a);
    return x;
  };

  // The record as the CAD sees it now, laid over `written` (the stored record, or a crew's new
  // version) given the CAD's part as last stored: reads and exports always carry the CAD's
  // latest. Also gives the CAD's part now, to store with a write.
  struct Current {
    nemsis::PatientCareReport report;
    json cad;
  };
  auto current = [this, &state, context, assignment_of, extras](
                     const store::PatientRecordRow& row, const json& written,
                     const json& cad_before) -> Result<Current> {
    BEACON_ASSIGN_OR_RETURN(nemsis::PatientCareReport r, nemsis::FromJson(written));
    const cad::Assignment* a = assignment_of(row.incident, row.unit);
    if (a == nullptr) return Current{std::move(r), cad_before};  // the CAD forgot: it stands
    std::string uuid;
    for (const nemsis::Attribute& at : r.attributes) {
      if (at.name == "UUID") uuid = at.value;
    }
    // The destination's reason is decided once, when the CAD first sees the transport.
    records::RecordExtras x;
    const json* reason = nullptr;
    if (cad_before.contains("eDisposition") &&
        cad_before["eDisposition"].contains("eDisposition.20")) {
      reason = &cad_before["eDisposition"]["eDisposition.20"];
    }
    if (reason != nullptr && reason->is_array() && !reason->empty() && (*reason)[0].is_string()) {
      x.destination_reason_code = (*reason)[0].get<std::string>();
    } else {
      x = extras(*a);
    }
    BEACON_ASSIGN_OR_RETURN(nemsis::PatientCareReport cad,
                            records::RecordFromCad(state, *a, context(), uuid, x));
    json cad_now = nemsis::ToJson(cad);
    BEACON_ASSIGN_OR_RETURN(nemsis::PatientCareReport merged,
                            nemsis::FromJson(OverlayCad(nemsis::ToJson(r), cad_before, cad_now)));
    return Current{std::move(merged), std::move(cad_now)};
  };
  auto parse_body = [](const store::PatientRecordRow& row) -> Result<StoredBody> {
    json j = json::parse(row.body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object() || !j.contains("record") || !j.contains("cad") ||
        !j["record"].is_object() || !j["cad"].is_object()) {
      return DataLossError(fmt::format("patient record '{}' is not readable", row.number));
    }
    return StoredBody{std::move(j["record"]), std::move(j["cad"])};
  };
  auto stored = [current, parse_body](
                    const store::PatientRecordRow& row) -> Result<nemsis::PatientCareReport> {
    BEACON_ASSIGN_OR_RETURN(StoredBody b, parse_body(row));
    BEACON_ASSIGN_OR_RETURN(Current c, current(row, b.record, b.cad));
    return std::move(c.report);
  };

  add(
      "POST", "/api/v1/records", Bit(Role::kCrew),
      [this, &state, own_unit, context, assignment_of, extras](
          Ctx& ctx, JsonBody& body) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(std::int64_t id, body.Integer("incident", 1, INT64_MAX));
        BEACON_RETURN_IF_ERROR(body.NoOthers());
        BEACON_ASSIGN_OR_RETURN(std::optional<UnitId> unit, own_unit(ctx));
        const IncidentId incident{static_cast<std::uint64_t>(id)};
        ctx.target = fmt::format("incident {}", id);
        if (state.FindIncident(incident) == nullptr) {
          return NotFoundError(fmt::format("incident {} does not exist", id));
        }
        const cad::Assignment* a = assignment_of(incident, *unit);
        if (a == nullptr) {
          return FailedPreconditionError(
              fmt::format("unit {} was not sent to incident {}", state.FindUnit(*unit)->name, id));
        }
        const std::string number = records::RecordNumber(state, *a);
        ctx.target = fmt::format("patient record {}", number);
        if (auto it = records_.find(number); it != records_.end()) {
          return AlreadyExistsError(
              fmt::format("patient record '{}' is already started (version {}); read and update it",
                          number, it->second.version));
        }
        const std::string hex = RandomHex(16);
        Rng uuid_bits(std::stoull(hex.substr(0, 16), nullptr, 16) ^
                      std::stoull(hex.substr(16), nullptr, 16));
        BEACON_ASSIGN_OR_RETURN(
            nemsis::PatientCareReport r,
            records::RecordFromCad(state, *a, context(), records::NewRecordUuid(uuid_bits),
                                   extras(*a)));
        store::PatientRecordRow row;
        row.number = number;
        row.incident = incident;
        row.unit = *unit;
        row.version = 1;
        row.created = row.updated = clock_.Now();
        row.updated_by = ctx.actor;
        const json cad = nemsis::ToJson(r);
        row.body = EncodeBody(cad, cad);
        ctx.batch.records.push_back(row);
        records_[number] = row;
        return Json(201, RecordView(state, row, nemsis::ToJson(r)));
      },
      true);

  add(
      "GET", "/api/v1/records", kRecordReaders,
      [this, &state, own_unit](Ctx& ctx, JsonBody&) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(std::optional<UnitId> mine, own_unit(ctx));
        std::optional<std::uint64_t> incident;
        if (auto q = ctx.req.query("incident")) {
          std::uint64_t v = 0;
          const auto [end, ec] = std::from_chars(q->data(), q->data() + q->size(), v);
          if (ec != std::errc() || end != q->data() + q->size() || v == 0) {
            return InvalidArgumentError(fmt::format("incident '{}' is not an incident id", *q));
          }
          incident = v;
        }
        ctx.target = mine ? fmt::format("patient records of unit {}", state.FindUnit(*mine)->name)
                          : std::string("patient records");
        json list = json::array();
        for (const auto& [number, row] : records_) {
          if (mine && row.unit != *mine) continue;
          if (incident && row.incident.value() != *incident) continue;
          json v = RecordView(state, row, nullptr);
          v.erase("record");
          list.push_back(std::move(v));
        }
        return Json(200, {{"records", std::move(list)}});
      },
      true);

  add(
      "GET", "/api/v1/records/{}", kRecordReaders,
      [&state, find, stored](Ctx& ctx, JsonBody&) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(store::PatientRecordRow * row, find(ctx));
        BEACON_ASSIGN_OR_RETURN(nemsis::PatientCareReport r, stored(*row));
        return Json(200, RecordView(state, *row, nemsis::ToJson(r)));
      },
      true);

  add(
      "PUT", "/api/v1/records/{}", Bit(Role::kCrew),
      [this, &state, find, stored, current, parse_body](Ctx& ctx,
                                                        JsonBody& body) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(store::PatientRecordRow * row, find(ctx));
        BEACON_ASSIGN_OR_RETURN(std::int64_t version, body.Integer("version", 1, INT64_MAX));
        BEACON_ASSIGN_OR_RETURN(json written, body.Object("record"));
        BEACON_RETURN_IF_ERROR(body.NoOthers());
        if (static_cast<std::uint64_t>(version) != row->version) {
          BEACON_ASSIGN_OR_RETURN(nemsis::PatientCareReport now, stored(*row));
          return Stale(fmt::format("patient record {}", row->number),
                       static_cast<std::uint64_t>(version), row->version,
                       RecordView(state, *row, nemsis::ToJson(now)));
        }
        // The record's identity (its UUID) stays the stored one.
        BEACON_ASSIGN_OR_RETURN(StoredBody before, parse_body(*row));
        written["attributes"] = before.record.value("attributes", json::object());
        auto merged = current(*row, written, before.cad);
        if (!merged.ok()) return body.Invalid("record", merged.status().message());
        store::PatientRecordRow next = *row;
        next.version = row->version + 1;
        next.updated = clock_.Now();
        next.updated_by = ctx.actor;
        const json record = nemsis::ToJson(merged->report);
        next.body = EncodeBody(record, merged->cad);
        ctx.batch.records.push_back(next);
        *row = next;
        return Json(200, RecordView(state, next, record));
      },
      true);

  add(
      "GET", "/api/v1/records/{}/nemsis", kRecordReaders,
      [this, find, stored](Ctx& ctx, JsonBody&) -> Result<HttpResponse> {
        BEACON_ASSIGN_OR_RETURN(store::PatientRecordRow * row, find(ctx));
        BEACON_ASSIGN_OR_RETURN(nemsis::PatientCareReport r, stored(*row));
        nemsis::EmsDataSet set;
        set.headers.push_back(
            {.agency = {options_.agency_state_id, options_.agency_number, options_.agency_state},
             .reports = {std::move(r)}});
        auto xml = nemsis::ExportXml(set);
        if (!xml.ok()) {
          // Not the reader's mistake: the record is not complete yet.
          return FailedPreconditionError(
              fmt::format("the record is not complete: {}", xml.status().message()));
        }
        HttpResponse out;
        out.content_type = "application/xml";
        out.body = std::move(xml).value();
        return out;
      },
      true);

  add(
      "GET", "/api/v1/qa", Bit(Role::kMedicalDirector),
      [this, stored](Ctx& ctx, JsonBody&) -> Result<HttpResponse> {
        ctx.target = "patient records (QA)";
        std::vector<nemsis::PatientCareReport> all;
        for (const auto& [number, row] : records_) {
          BEACON_ASSIGN_OR_RETURN(nemsis::PatientCareReport r, stored(row));
          all.push_back(std::move(r));
        }
        return Json(200, nemsis::QaReport(all));
      },
      true);
}

}  // namespace beacon::server
