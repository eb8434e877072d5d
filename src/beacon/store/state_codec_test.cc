#include "beacon/store/state_codec.h"

#include <gtest/gtest.h>

#include "beacon/cad/test_roster.h"
#include "beacon/store/event_codec.h"

namespace beacon::store {
namespace {

// A busy shift's log: a snapshot taken half way, restored into a fresh state, and the rest of
// the log applied on top gives exactly the state of the whole log; every event also survives
// its JSON form.
TEST(StateCodec, ASnapshotPlusTheTailEqualsTheWholeLog) {
  cad::CadState live = *cad::CadState::Create(cad::testing::SmallRoster());
  const std::vector<cad::Event> log = cad::testing::BusyShift(live, 5000, 11);
  ASSERT_GE(log.size(), 5000u);
  for (const cad::Event& e : log) {
    auto back = DecodeEvent(EncodeEvent(e));
    ASSERT_TRUE(back.ok()) << back.status();
    ASSERT_EQ(*back, e);
  }
  const std::size_t half = log.size() / 2;
  cad::CadState first = *cad::CadState::Create(cad::testing::SmallRoster());
  ASSERT_TRUE(cad::Replay(std::span(log).first(half), first).ok());
  ASSERT_TRUE(first.UpdatePosition(UnitId{2}, {{42.36, -71.06}, first.last_time()}).ok());
  const std::string text = LiveToJson(first.TakeLive()).dump();
  auto live_part = LiveFromJson(nlohmann::json::parse(text));
  ASSERT_TRUE(live_part.ok()) << live_part.status();
  cad::CadState restored = *cad::CadState::Create(cad::testing::SmallRoster());
  ASSERT_TRUE(restored.RestoreLive(*std::move(live_part)).ok());
  EXPECT_TRUE(restored == first);
  EXPECT_EQ(restored.Position(UnitId{2}), first.Position(UnitId{2}));
  ASSERT_TRUE(cad::Replay(std::span(log).subspan(half), restored).ok());
  EXPECT_TRUE(restored == live);
}

TEST(StateCodec, ABrokenSnapshotIsDataLossNamingWhere) {
  cad::CadState s = *cad::CadState::Create(cad::testing::SmallRoster());
  (void)cad::testing::BusyShift(s, 200, 3);
  const nlohmann::json good = LiveToJson(s.TakeLive());
  auto expect = [](nlohmann::json j, std::string_view words) {
    auto r = LiveFromJson(j);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
    EXPECT_NE(r.status().message().find(words), std::string_view::npos) << r.status();
  };
  nlohmann::json j = good;
  j["format"] = 2;
  expect(j, "format 2");
  j = good;
  j.erase("units");
  expect(j, "'units' is missing");
  j = good;
  j["assignments"][0]["state"] = "FLYING";
  expect(j, "assignments[0]");
  j = good;
  j["incidents"][0]["times"] = nlohmann::json::array({1, 2});
  expect(j, "incidents[0]: 'times' must list 11 times");
  j = good;
  j["positions"] = nlohmann::json::array({nlohmann::json::array({1, "x"})});
  expect(j, "a position is [unit, lat, lon, time]");
  // Ids the roster does not know are refused when restoring, and nothing changes.
  auto live_part = LiveFromJson(good);
  ASSERT_TRUE(live_part.ok());
  live_part->units[0].id = UnitId{999};
  cad::CadState fresh = *cad::CadState::Create(cad::testing::SmallRoster());
  const cad::CadState before = fresh;
  EXPECT_EQ(fresh.RestoreLive(*live_part).code(), StatusCode::kNotFound);
  EXPECT_TRUE(fresh == before);
}

}  // namespace
}  // namespace beacon::store
