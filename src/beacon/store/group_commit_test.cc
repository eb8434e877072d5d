#include "beacon/store/group_commit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <vector>

#include "beacon/store/memory_store.h"
#include "beacon/store/store_test_util.h"

namespace beacon::store {
namespace {

using testing::EventsBatch;

// A store that records each transaction and can hold commits until released, so the test sees
// what the committer does while a transaction is in flight.
class RecordingStore final : public Store {
 public:
  std::string_view kind() const override { return "recording"; }
  Status CommitAll(std::span<const WriteBatch* const> batches) override {
    std::unique_lock lock(mu_);
    ++in_commit_;
    entered_.notify_all();
    release_cv_.wait(lock, [this] { return released_; });
    Status s = inner_.CommitAll(batches);
    // Durable from here on: record what became durable, in order.
    if (s.ok()) {
      transactions_.push_back(batches.size());
      for (const WriteBatch* b : batches) {
        for (const cad::Event& e : b->events) durable_.push_back(e.seq);
      }
    }
    return s;
  }
  void Hold() {
    std::lock_guard lock(mu_);
    released_ = false;
  }
  void Release() {
    {
      std::lock_guard lock(mu_);
      released_ = true;
    }
    release_cv_.notify_all();
  }
  void WaitInCommit(int n) {
    std::unique_lock lock(mu_);
    entered_.wait(lock, [&] { return in_commit_ >= n; });
  }
  std::vector<std::uint64_t> Durable() {
    std::lock_guard lock(mu_);
    return durable_;
  }
  std::vector<std::size_t> Transactions() {
    std::lock_guard lock(mu_);
    return transactions_;
  }
  Result<std::uint64_t> LastSeq() override { return inner_.LastSeq(); }
  Status ReadEvents(std::uint64_t a, std::size_t l, std::vector<cad::Event>& o) override {
    return inner_.ReadEvents(a, l, o);
  }
  Result<std::optional<Snapshot>> LatestSnapshot() override { return inner_.LatestSnapshot(); }
  Result<std::vector<PositionRecord>> LatestPositions() override {
    return inner_.LatestPositions();
  }
  Result<std::vector<PositionRecord>> PositionHistory(UnitId u, Instant f, Instant t) override {
    return inner_.PositionHistory(u, f, t);
  }
  Result<std::optional<UserRecord>> FindUser(std::string_view n) override {
    return inner_.FindUser(n);
  }
  Result<std::vector<UserRecord>> Users() override { return inner_.Users(); }
  Result<std::optional<IdempotencyRecord>> FindIdempotency(std::string_view k) override {
    return inner_.FindIdempotency(k);
  }
  Result<std::vector<PatientRecordRow>> PatientRecords() override {
    return inner_.PatientRecords();
  }
  Result<std::optional<PatientRecordRow>> FindPatientRecord(std::string_view n) override {
    return inner_.FindPatientRecord(n);
  }
  Status ReadAudit(std::uint64_t a, std::size_t l, std::vector<AuditRecord>& o) override {
    return inner_.ReadAudit(a, l, o);
  }
  Status Backup(const std::filesystem::path& p) override { return inner_.Backup(p); }

 private:
  std::mutex mu_;
  std::condition_variable entered_;
  std::condition_variable release_cv_;
  bool released_ = true;
  int in_commit_ = 0;
  MemoryStore inner_;
  std::vector<std::uint64_t> durable_;
  std::vector<std::size_t> transactions_;
};

TEST(GroupCommit, NoCallbackRunsBeforeItsEventsAreDurable) {
  RecordingStore store;
  GroupCommitter committer(store);
  std::mutex mu;
  std::vector<std::pair<std::uint64_t, std::vector<std::uint64_t>>> acks;  // seq, durable then
  std::promise<void> all_acked;
  store.Hold();
  for (std::uint64_t s = 1; s <= 5; ++s) {
    committer.Submit(EventsBatch(s, 1), [&, s](const Status& st) {
      EXPECT_TRUE(st.ok()) << st;
      std::lock_guard lock(mu);
      acks.emplace_back(s, store.Durable());
      if (s == 5) all_acked.set_value();
    });
    if (s == 1) store.WaitInCommit(1);  // the first transaction is in flight, held
  }
  {
    std::lock_guard lock(mu);
    EXPECT_TRUE(acks.empty()) << "an answer before its write was durable";
  }
  store.Release();
  all_acked.get_future().wait();
  EXPECT_TRUE(committer.Commit(EventsBatch(6, 1)).ok());
  std::lock_guard lock(mu);
  ASSERT_EQ(acks.size(), 5u);
  for (const auto& [seq, durable] : acks) {
    EXPECT_NE(std::find(durable.begin(), durable.end(), seq), durable.end())
        << "event " << seq << " acknowledged before it was durable";
  }
  // Batches 2..5 arrived while the first transaction was held: they share one transaction.
  const std::vector<std::size_t> tx = store.Transactions();
  ASSERT_GE(tx.size(), 2u);
  EXPECT_EQ(tx[0], 1u);
  EXPECT_EQ(tx[1], 4u);
  EXPECT_EQ(store.Durable(), (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(committer.stats().batches, 6u);
}

TEST(GroupCommit, ABadBatchFailsOnlyItsOwnRequest) {
  RecordingStore store;
  GroupCommitter committer(store);
  store.Hold();
  std::promise<Status> first;
  committer.Submit(EventsBatch(1, 1), [&](const Status& s) { first.set_value(s); });
  store.WaitInCommit(1);
  std::vector<std::promise<Status>> rest(3);
  committer.Submit(EventsBatch(2, 2), [&](const Status& s) { rest[0].set_value(s); });
  committer.Submit(EventsBatch(9, 1), [&](const Status& s) { rest[1].set_value(s); });  // gap
  committer.Submit(EventsBatch(4, 1), [&](const Status& s) { rest[2].set_value(s); });
  store.Release();
  EXPECT_TRUE(first.get_future().get().ok());
  EXPECT_TRUE(rest[0].get_future().get().ok());
  const Status gap = rest[1].get_future().get();
  EXPECT_EQ(gap.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(gap.message().find("event 9 does not continue the log (the next sequence number is 4)"),
            std::string_view::npos)
      << gap;
  EXPECT_TRUE(rest[2].get_future().get().ok());
  EXPECT_EQ(store.Durable(), (std::vector<std::uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(committer.stats().failures, 1u);
}

TEST(GroupCommit, ManyThreadsSubmittingLoseNothing) {
  MemoryStore store;
  std::uint64_t next = 1;
  std::mutex order;  // the server's single writer assigns sequence numbers in submit order
  {
    GroupCommitter committer(store);
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 200; ++i) {
          std::lock_guard lock(order);
          committer.Submit(EventsBatch(next++, 1), [&](const Status& s) {
            if (s.ok()) ++ok;
          });
        }
      });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_TRUE(committer.Commit(WriteBatch{}).ok());
    EXPECT_EQ(ok.load(), 800);
  }
  EXPECT_EQ(*store.LastSeq(), 800u);
}

}  // namespace
}  // namespace beacon::store
