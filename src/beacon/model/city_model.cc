#include "beacon/model/city_model.h"

#include <fmt/format.h>

#include <set>
#include <unordered_set>

namespace beacon::model {

Result<CityModel> CityModel::Create(Data data, std::shared_ptr<const routing::Graph> graph,
                                    std::shared_ptr<const routing::ChIndex> ch) {
  if (!graph || !ch) return InvalidArgumentError("a city model needs a road graph and hierarchy");
  CityModel m;
  BEACON_ASSIGN_OR_RETURN(TimeZone zone, TimeZone::Load(data.timezone));
  m.zone_ = std::make_shared<const TimeZone>(zone);

  std::unordered_set<StationId> stations;
  for (const cad::Station& s : data.stations) {
    if (!stations.insert(s.id).second) {
      return InvalidArgumentError(fmt::format("station id {} appears twice", s.id));
    }
  }
  for (StationId p : data.posts) {
    if (stations.count(p) == 0) {
      return InvalidArgumentError(fmt::format("post {} is not a station", p));
    }
  }
  std::set<std::string> shift_names;
  for (const Shift& s : data.shifts) {
    if (!shift_names.insert(s.name).second) {
      return InvalidArgumentError(fmt::format("shift '{}' appears twice", s.name));
    }
    if (s.length <= Milliseconds{0} || s.length > Hours{24} || s.start < Milliseconds{0} ||
        s.start >= Hours{24}) {
      return InvalidArgumentError(fmt::format(
          "shift '{}': start must be in [00:00, 24:00) and length in (0, 24 h]", s.name));
    }
  }
  std::unordered_set<UnitId> unit_ids;
  std::set<std::string> unit_names;
  for (const ModelUnit& u : data.units) {
    if (!unit_ids.insert(u.unit.id).second || !unit_names.insert(u.unit.name).second) {
      return InvalidArgumentError(
          fmt::format("unit {} ({}) appears twice", u.unit.id, u.unit.name));
    }
    if (stations.count(u.unit.home_station) == 0) {
      return InvalidArgumentError(
          fmt::format("unit {}: home station {} does not exist", u.unit.name, u.unit.home_station));
    }
    if (shift_names.count(u.shift) == 0) {
      return InvalidArgumentError(
          fmt::format("unit {}: shift '{}' does not exist", u.unit.name, u.shift));
    }
  }
  std::unordered_set<HospitalId> hospital_ids;
  std::set<std::string> hospital_codes;
  for (const cad::Hospital& h : data.hospitals) {
    if (!hospital_ids.insert(h.id).second || !hospital_codes.insert(h.code).second) {
      return InvalidArgumentError(fmt::format("hospital {} ({}) appears twice", h.id, h.code));
    }
  }
  if (data.hospital_sources.size() != data.hospitals.size()) {
    data.hospital_sources.resize(data.hospitals.size());
  }
  for (const DemandPoint& d : data.demand) {
    if (d.area >= static_cast<int>(data.areas.size()) || d.area < -1) {
      return InvalidArgumentError(
          fmt::format("demand point {}: area {} does not exist", d.id, d.area));
    }
  }
  BEACON_ASSIGN_OR_RETURN(triage::Protocol protocol,
                          triage::LoadProtocolTexts(data.protocol, nullptr));
  m.protocol_ = std::make_shared<const triage::Protocol>(std::move(protocol));
  BEACON_ASSIGN_OR_RETURN(routing::Snapper snapper, routing::Snapper::Create(*graph));
  m.snapper_ = std::make_shared<const routing::Snapper>(std::move(snapper));
  m.graph_ = std::move(graph);
  m.ch_ = std::move(ch);
  m.data_ = std::move(data);
  return m;
}

cad::Roster CityModel::Roster() const {
  cad::Roster r;
  r.stations = data_.stations;
  r.hospitals = data_.hospitals;
  for (const ModelUnit& u : data_.units) {
    cad::Unit unit = u.unit;
    unit.availability = cad::Availability::kOutOfService;
    r.units.push_back(std::move(unit));
  }
  return r;
}

int CityModel::AreaOf(const LatLon& p) const {
  for (std::size_t i = 0; i < data_.areas.size(); ++i) {
    if (data_.areas[i].shape.Contains(p)) return static_cast<int>(i);
  }
  return -1;
}

std::string CityModel::AreaName(const LatLon& p) const {
  const int a = AreaOf(p);
  return a < 0 ? std::string() : data_.areas[static_cast<std::size_t>(a)].name;
}

const Shift* CityModel::FindShift(std::string_view name) const {
  for (const Shift& s : data_.shifts) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

bool CityModel::OnDuty(const ModelUnit& unit, Instant t) const {
  const Shift* s = FindShift(unit.shift);
  if (s == nullptr) return false;
  if (s->length >= Hours{24}) return true;
  const LocalTime local = zone_->ToLocal(t);
  const Milliseconds of_day = Hours{local.civil.hour} + Minutes{local.civil.minute} +
                              Seconds{local.civil.second} + Milliseconds{local.civil.millisecond};
  const Milliseconds end = s->start + s->length;
  if (end <= Hours{24}) return of_day >= s->start && of_day < end;
  return of_day >= s->start || of_day < end - Hours{24};  // runs past midnight
}

const ModelUnit* CityModel::FindUnitByName(std::string_view name) const {
  for (const ModelUnit& u : data_.units) {
    if (u.unit.name == name) return &u;
  }
  return nullptr;
}

const cad::Hospital* CityModel::FindHospitalByCode(std::string_view code) const {
  for (const cad::Hospital& h : data_.hospitals) {
    if (h.code == code) return &h;
  }
  return nullptr;
}

const cad::Station* CityModel::FindStation(StationId id) const {
  for (const cad::Station& s : data_.stations) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

}  // namespace beacon::model
