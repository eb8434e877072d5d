// Property test: malformed and hostile request bodies, targets and headers never crash the API
// (this runs under ASan and UBSan in `make test`) and always get an answer with a JSON body:
// 2xx, or a 4xx naming what is wrong. Deterministic: a fixed seed.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>

#include "beacon/model/test_model.h"
#include "beacon/server/api.h"
#include "beacon/store/memory_store.h"

namespace beacon::server {
namespace {

using nlohmann::json;

std::string Mutate(std::string s, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> op(0, 9);
  auto pos = [&](std::size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  static const char* kTokens[] = {
      "null", "true",       "-1",  "1e999",       "18446744073709551616",
      "\"\"", "[]",         "{}",  "\"\\u0000\"", "\"\\ud800\"",
      ",",    ":",          "\"",  "-0",          "0.0000001",
      "NaN",  "[[[[[[[[[[", "}}}}"};
  const int rounds = 1 + op(rng) % 3;
  for (int r = 0; r < rounds; ++r) {
    switch (op(rng)) {
      case 0:
        if (!s.empty()) s.erase(pos(s.size()));  // truncate
        break;
      case 1:
        if (!s.empty()) s[pos(s.size())] = static_cast<char>(rng() & 0xff);  // flip a byte
        break;
      case 2:
        s.insert(pos(s.size() + 1), kTokens[rng() % std::size(kTokens)]);
        break;
      case 3:
        s = std::string(rng() % 2000, '[') + s;  // deep nesting
        break;
      case 4:
        if (!s.empty()) s.erase(pos(s.size()), 1 + rng() % 5);
        break;
      case 5:
        s += std::string(rng() % 300, static_cast<char>('a' + rng() % 26));
        break;
      default: {
        // Replace a value of a well-formed object with a value of another type.
        json j = json::parse(s, nullptr, false);
        if (j.is_object() && !j.empty()) {
          auto it = j.begin();
          std::advance(it, static_cast<long>(rng() % j.size()));
          static const json kValues[] = {json(nullptr),  json(true),
                                         json(-5),       json(1e308),
                                         json("x"),      json::array({1, "a"}),
                                         json::object(), json(std::string(5000, 'z')),
                                         json(0)};
          *it = kValues[rng() % std::size(kValues)];
          s = j.dump();
        }
      }
    }
  }
  return s;
}

TEST(ApiFuzz, MalformedRequestsNeverCrashAndAlwaysGetAnAnswer) {
  model::CityModel m = model::testing::SmallCity();
  store::MemoryStore st;
  ManualClock clock(*ParseInstant("2026-07-01T12:00:00-04:00"));
  store::WriteBatch users;
  users.users.push_back(
      {"sup", "supervisor", *HashPassword("a long test password"), false, clock.Now()});
  ASSERT_TRUE(st.Commit(users).ok());
  auto api = Api::Create(m, st, clock);
  ASSERT_TRUE(api.ok());
  ASSERT_TRUE(st.Commit((*api)->Tick().batch).ok());
  auto handle = [&](HttpRequest req) {
    ApiResult r = (*api)->Handle(req);
    EXPECT_TRUE(st.Commit(r.batch).ok());
    return r.response;
  };
  HttpRequest login;
  login.method = "POST";
  login.target = "/api/v1/login";
  login.body = R"({"user":"sup","password":"a long test password"})";
  const std::string token = json::parse(handle(login).body)["token"];

  // Valid seeds for every route, then mutations of each.
  const LatLon p = model::testing::GridPoint(1, 1);
  const std::vector<std::pair<std::string, std::string>> seeds = {
      {"/api/v1/calls", json{{"lat", p.lat}, {"lon", p.lon}, {"address", "1 Main"}}.dump()},
      {"/api/v1/incidents/1/triage",
       json{{"version", 1}, {"complaint", "sick_person"}, {"answers", {{"conscious", "no"}}}}
           .dump()},
      {"/api/v1/incidents/1/priority", R"({"version":2,"priority":2})"},
      {"/api/v1/incidents/1/dispatch", R"({"version":3})"},
      {"/api/v1/incidents/1/assign", R"({"version":3,"unit":2,"reason":"closer"})"},
      {"/api/v1/incidents/1/recommendation", "{}"},
      {"/api/v1/incidents/1/close", R"({"version":4})"},
      {"/api/v1/units/1/status", R"({"version":1,"state":"EN_ROUTE"})"},
      {"/api/v1/units/1/availability",
       R"({"version":1,"availability":"OUT_OF_SERVICE","reason":"x"})"},
      {"/api/v1/units/1/position", R"({"lat":42.35,"lon":-71.06})"},
      {"/api/v1/positions", R"({"positions":[{"unit":1,"lat":42.35,"lon":-71.06}]})"},
      {"/api/v1/hospitals/1/status", R"({"version":0,"status":"CODE_BLACK"})"},
      {"/api/v1/login", R"({"user":"sup","password":"a long test password"})"},
  };
  std::mt19937_64 rng(20261202);
  int answered = 0;
  for (int i = 0; i < 3000; ++i) {
    const auto& [target, body] = seeds[static_cast<std::size_t>(i) % seeds.size()];
    HttpRequest req;
    req.method = "POST";
    req.target = target;
    req.body = i % 7 == 0 ? body : Mutate(body, rng);
    req.headers["authorization"] = "Bearer " + token;
    if (i % 11 == 0) req.headers["idempotency-key"] = std::to_string(rng() % 50);
    const HttpResponse r = handle(req);
    ASSERT_GE(r.status, 200) << req.target << " " << req.body;
    ASSERT_LT(r.status, 500) << req.target << " " << req.body << " -> " << r.body;
    const json j = json::parse(r.body, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.body;
    if (r.status >= 400) {
      ASSERT_TRUE(j.contains("error")) << r.body;
      ASSERT_FALSE(j["error"]["message"].get<std::string>().empty());
    }
    ++answered;
  }
  // Hostile targets and query strings.
  for (const char* target :
       {"/api/v1/incidents/99999999999999999999", "/api/v1/incidents/-1", "/api/v1/incidents/%00",
        "/api/v1/units/4294967296", "/api/v1/incidents/1/destinations?age=abc",
        "/api/v1/incidents/1/destinations?age=99999999999&stroke_fast_ed=12",
        "/api/v1/events?after=-5&limit=0", "/api/v1/events?limit=99999999999999999999",
        "/api/v1//units", "/api/v1/units/1/route?x=%zz", "/", "//", "/api/v1/audit?after=%"}) {
    HttpRequest req;
    req.method = "GET";
    req.target = target;
    req.headers["authorization"] = "Bearer " + token;
    const HttpResponse r = handle(req);
    EXPECT_LT(r.status, 500) << target << " -> " << r.body;
    ++answered;
  }
  EXPECT_EQ(answered, 3013);
}

}  // namespace
}  // namespace beacon::server
