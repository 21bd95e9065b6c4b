// The process-local SharedState.
#include "http/shared_state.h"

#include <map>
#include <mutex>

namespace tempo::http {
namespace {

class ProcessLocalState : public SharedState {
 public:
  Status UpdateBucket(std::string_view key,
                      const std::function<bool(BucketState&)>& update) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = buckets_.find(key);
    BucketState state = it == buckets_.end() ? BucketState{} : it->second;
    if (update(state)) {
      state.exists = true;
      buckets_.insert_or_assign(std::string(key), state);
    }
    return Status::Ok();
  }

  Result<std::optional<StoredRefreshToken>> LoadRefreshToken(std::string_view connection) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = tokens_.find(connection);
    if (it == tokens_.end()) return std::optional<StoredRefreshToken>();
    return std::optional<StoredRefreshToken>(it->second);
  }

  Status SaveRefreshToken(std::string_view connection, const StoredRefreshToken& token) override {
    std::lock_guard<std::mutex> lock(mu_);
    tokens_.insert_or_assign(std::string(connection), token);
    return Status::Ok();
  }

 private:
  std::mutex mu_;
  std::map<std::string, BucketState, std::less<>> buckets_;
  std::map<std::string, StoredRefreshToken, std::less<>> tokens_;
};

}  // namespace

std::shared_ptr<SharedState> NewProcessLocalState() {
  return std::make_shared<ProcessLocalState>();
}

}  // namespace tempo::http
