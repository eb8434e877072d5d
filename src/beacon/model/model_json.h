// JSON form of a city model's data (everything but the road network), as stored in the model
// file's "model.json" section (docs/formats/city-model.md). Reading checks every field's type
// and names the path of a bad one ("units[3].type").
//
//   std::string text = ModelDataToJson(model.data());
//   BEACON_ASSIGN_OR_RETURN(CityModel::Data data, ModelDataFromJson(text, "boston.model"));
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "beacon/base/result.h"
#include "beacon/model/city_model.h"

namespace beacon::model {

std::string ModelDataToJson(const CityModel::Data& data);
Result<CityModel::Data> ModelDataFromJson(std::string_view text, std::string_view origin);

}  // namespace beacon::model
