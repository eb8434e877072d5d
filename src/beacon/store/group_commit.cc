#include "beacon/store/group_commit.h"

#include <future>
#include <vector>

namespace beacon::store {

GroupCommitter::GroupCommitter(Store& store, Options options)
    : store_(store), options_(options), thread_([this] { Run(); }) {}

GroupCommitter::~GroupCommitter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void GroupCommitter::Submit(WriteBatch batch, Done done) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(Pending{std::move(batch), std::move(done)});
  }
  wake_.notify_one();
}

Status GroupCommitter::Commit(WriteBatch batch) {
  std::promise<Status> promise;
  std::future<Status> outcome = promise.get_future();
  Submit(std::move(batch), [&promise](const Status& s) { promise.set_value(s); });
  return outcome.get();
}

GroupCommitter::Stats GroupCommitter::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void GroupCommitter::Run() {
  while (true) {
    std::vector<Pending> group;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      while (!queue_.empty() && group.size() < options_.max_batches_per_commit) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<Status> outcome(group.size());
    std::vector<const WriteBatch*> batches;
    batches.reserve(group.size());
    for (const Pending& p : group) batches.push_back(&p.batch);
    std::uint64_t commits = 1;
    const Status all = store_.CommitAll(batches);
    if (all.ok() || group.size() == 1) {
      for (Status& s : outcome) s = all;
    } else {
      // Find the batch at fault: each alone, in order (a later one may depend on an earlier).
      for (std::size_t i = 0; i < group.size(); ++i) {
        outcome[i] = store_.Commit(group[i].batch);
        ++commits;
      }
    }
    {
      std::lock_guard lock(mu_);
      stats_.commits += commits;
      stats_.batches += group.size();
      for (const Status& s : outcome) stats_.failures += s.ok() ? 0u : 1u;
    }
    for (std::size_t i = 0; i < group.size(); ++i) {
      if (group[i].done) group[i].done(outcome[i]);
    }
  }
}

}  // namespace beacon::store
