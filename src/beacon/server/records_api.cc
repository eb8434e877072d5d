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

// The CAD's part of a record laid over what the crew wrote.
json OverlayCad(json crew, const json& cad) {
  for (const char* section : {"eRecord", "eResponse", "eDispatch"}) {
    if (cad.contains(section)) crew[section] = cad[section];
  }
  if (cad.contains("eTimes")) {
    for (const auto& [key, value] : cad["eTimes"].items()) {
      if (value.is_string()) crew["eTimes"][key] = value;  // a stamp, not a Not Value
    }
  }
  // The destination's reason, when the CAD knows it and the crew has not documented one.
  const json* reason = nullptr;
  if (cad.contains("eDisposition") && cad["eDisposition"].contains("eDisposition.20")) {
    reason = &cad["eDisposition"]["eDisposition.20"];
  }
  if (reason != nullptr &&
      !(crew.contains("eDisposition") && crew["eDisposition"].contains("eDisposition.20"))) {
    crew["eDisposition"]["eDisposition.20"] = *reason;
  }
  crew["attributes"] = cad.value("attributes", json::object());
  return crew;
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
          "a crew member documents patients for the unit they staff: log in with \"unit\"");
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
    if (!a.destination) return x;
    auto plan = center_->Destinations(a.incident, dispatch::PatientNeeds{});
    if (plan.ok() && !plan->ranked.empty() && plan->ranked.front().hospital == *a.destination) {
      x.destination_reason_code = plan->ranked.front().disposition_reason_code;
    }
    return x;
  };

  // The record as the CAD sees it now, laid over `written` (the stored record, or a crew's new
  // version): reads and exports always carry the CAD's latest times.
  auto current = [this, &state, context, assignment_of, extras](
                     const store::PatientRecordRow& row,
                     const json& written) -> Result<nemsis::PatientCareReport> {
    BEACON_ASSIGN_OR_RETURN(nemsis::PatientCareReport r, nemsis::FromJson(written));
    const cad::Assignment* a = assignment_of(row.incident, row.unit);
    if (a == nullptr) return r;  // the CAD no longer holds the response: the record stands
    std::string uuid;
    for (const nemsis::Attribute& at : r.attributes) {
      if (at.name == "UUID") uuid = at.value;
    }
    BEACON_ASSIGN_OR_RETURN(nemsis::PatientCareReport cad,
                            records::RecordFromCad(state, *a, context(), uuid, extras(*a)));
    return nemsis::FromJson(OverlayCad(nemsis::ToJson(r), nemsis::ToJson(cad)));
  };
  auto stored = [current](const store::PatientRecordRow& row) -> Result<nemsis::PatientCareReport> {
    const json j = json::parse(row.body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      return DataLossError(fmt::format("patient record '{}' is not readable", row.number));
    }
    return current(row, j);
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
        row.body = nemsis::ToJson(r).dump();
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
      [this, &state, find, stored, current](Ctx& ctx, JsonBody& body) -> Result<HttpResponse> {
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
        const json before = json::parse(row->body, nullptr, /*allow_exceptions=*/false);
        if (before.is_object() && before.contains("attributes")) {
          written["attributes"] = before["attributes"];
        } else {
          written.erase("attributes");
        }
        auto merged = current(*row, written);
        if (!merged.ok()) return body.Invalid("record", merged.status().message());
        store::PatientRecordRow next = *row;
        next.version = row->version + 1;
        next.updated = clock_.Now();
        next.updated_by = ctx.actor;
        next.body = nemsis::ToJson(*merged).dump();
        ctx.batch.records.push_back(next);
        *row = next;
        return Json(200, RecordView(state, next, nemsis::ToJson(*merged)));
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
