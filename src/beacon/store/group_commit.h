// GroupCommitter: one thread that writes to the Store, merging the batches submitted while the
// previous transaction was being made durable into one transaction (group commit, as databases
// do with their logs). Each submitter's callback runs only after its records are durable, so a
// server that answers from the callback never acknowledges a write that a crash could lose.
//
//   GroupCommitter committer(store);
//   committer.Submit(std::move(batch), [](const Status& s) { /* now answer the request */ });
//
// Batches are committed in submission order. If a merged transaction fails, each of its
// batches is retried alone so that one bad batch fails only its own request. Callbacks run on
// the committer thread and must not block for long (post the answer back to its own thread).
// The destructor commits what was submitted and joins the thread.
// Thread-safety: Submit and stats() may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "beacon/store/store.h"

namespace beacon::store {

class GroupCommitter {
 public:
  using Done = std::function<void(const Status&)>;

  struct Options {
    std::size_t max_batches_per_commit = 1024;  // batches merged into one transaction, at most
  };
  struct Stats {
    std::uint64_t commits = 0;  // transactions
    std::uint64_t batches = 0;  // batches submitted and committed (or failed)
    std::uint64_t failures = 0;
  };

  explicit GroupCommitter(Store& store) : GroupCommitter(store, Options{}) {}
  GroupCommitter(Store& store, Options options);
  ~GroupCommitter();
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  void Submit(WriteBatch batch, Done done);
  // Submits and waits for the outcome (for callers without an event loop: tools, tests).
  Status Commit(WriteBatch batch);

  [[nodiscard]] Stats stats() const;

 private:
  struct Pending {
    WriteBatch batch;
    Done done;
  };
  void Run();

  Store& store_;
  Options options_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace beacon::store
