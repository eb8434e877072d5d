#include "beacon/store/state_codec.h"

#include <gtest/gtest.h>

#include "beacon/cad/test_roster.h"
#include "beacon/store/event_codec.h"

namespace beacon::store {
namespace {

// Reading `j` fails as data loss with `words` in the message.
void ExpectDataLoss(const nlohmann::json& j, std::string_view words) {
  auto r = LiveFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find(words), std::string_view::npos) << r.status();
}

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

// The 300-patient MCI through the store's two forms: every event survives its JSON form, and a
// snapshot half way plus the tail rebuilds the whole MCI with no patient missing or duplicated.
TEST(StateCodec, AnMciOf300PatientsSurvivesTheEventLogAndASnapshot) {
  cad::CadState live = *cad::CadState::Create(cad::testing::SmallRoster(12));
  const std::vector<cad::Event> log = cad::testing::MciExercise(live, 300, 2013);
  std::vector<cad::Event> decoded;
  for (const cad::Event& e : log) {
    auto back = DecodeEvent(EncodeEvent(e));
    ASSERT_TRUE(back.ok()) << back.status();
    ASSERT_EQ(*back, e);
    decoded.push_back(*std::move(back));
  }
  for (std::size_t cut : {log.size() / 3, log.size() / 2, log.size() - 3}) {
    cad::CadState first = *cad::CadState::Create(cad::testing::SmallRoster(12));
    ASSERT_TRUE(cad::Replay(std::span(decoded).first(cut), first).ok());
    auto live_part = LiveFromJson(nlohmann::json::parse(LiveToJson(first.TakeLive()).dump()));
    ASSERT_TRUE(live_part.ok()) << live_part.status();
    cad::CadState restored = *cad::CadState::Create(cad::testing::SmallRoster(12));
    ASSERT_TRUE(restored.RestoreLive(*std::move(live_part)).ok());
    ASSERT_TRUE(restored == first) << "cut " << cut;
    ASSERT_TRUE(cad::Replay(std::span(decoded).subspan(cut), restored).ok());
    EXPECT_TRUE(restored == live) << "cut " << cut;
    EXPECT_EQ(restored.FindMci(cad::MciId{1})->patients.size(), 300u);
  }
}

TEST(StateCodec, ABrokenMciSnapshotIsDataLoss) {
  cad::CadState s = *cad::CadState::Create(cad::testing::SmallRoster(12));
  (void)cad::testing::MciExercise(s, 20, 5);
  const nlohmann::json good = LiveToJson(s.TakeLive());
  ASSERT_EQ(good["mcis"].size(), 1u);
  const auto expect = ExpectDataLoss;
  nlohmann::json j = good;
  j["mcis"][0]["patients"][3]["category"] = "Purple";
  expect(j, "mcis[0].patients[3]");
  j = good;
  j["mcis"][0]["patients"][1]["tag"] = j["mcis"][0]["patients"][0]["tag"];
  expect(j, "appears twice");
  j = good;
  j["mcis"][0]["patients"][0]["needs"] = nlohmann::json::array({true});
  expect(j, "'needs' is [pediatric, burn, trauma]");
  j = good;
  j["mcis"][0]["sites"][0]["kind"] = "helipad";
  expect(j, "mcis[0].sites[0]");
  j = good;
  j["mcis"][0].erase("patients");
  expect(j, "'patients' is missing");
  // A snapshot from before MCIs existed has none.
  j = good;
  j.erase("mcis");
  auto old = LiveFromJson(j);
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_TRUE(old->mcis.empty());
}

TEST(StateCodec, ABrokenSnapshotIsDataLossNamingWhere) {
  cad::CadState s = *cad::CadState::Create(cad::testing::SmallRoster());
  (void)cad::testing::BusyShift(s, 200, 3);
  const nlohmann::json good = LiveToJson(s.TakeLive());
  const auto expect = ExpectDataLoss;
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
