// The replay mode's transport. See replayer.h.
#include "conformance/replayer.h"

#include <fstream>
#include <map>

namespace tempo::conformance {
namespace {

class ReplayTransport final : public http::HttpTransport {
 public:
  ReplayTransport(std::vector<Exchange> exchanges, std::optional<ReplayFault> fault,
                  std::string unmatched_path)
      : exchanges_(std::move(exchanges)),
        fault_(fault),
        unmatched_path_(std::move(unmatched_path)) {
    for (size_t i = 0; i < exchanges_.size(); ++i) {
      Queue& q = by_key_[exchanges_[i].Key()];
      if (fault_ && fault_->exchange_index == i) {
        fault_key_ = exchanges_[i].Key();
        fault_occurrence_ = q.indexes.size();
      }
      q.indexes.push_back(i);
    }
  }

  http::CurlResponse Perform(const http::CurlRequest& request,
                             const std::atomic<bool>* cancel) override {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
      http::CurlResponse r;
      r.transport = http::Transport::kCancelled;
      r.error = "cancelled";
      return r;
    }
    const Exchange live = RedactedRequest(request);
    const std::string key = live.Key();
    auto it = by_key_.find(key);
    if (it == by_key_.end()) return Unmatched(live);
    Queue& q = it->second;
    const size_t occurrence = q.next;
    const Exchange& recorded = exchanges_[q.indexes[std::min(occurrence, q.indexes.size() - 1)]];
    if (fault_ && faults_served_ < fault_->scenario->times && key == fault_key_ &&
        occurrence == fault_occurrence_) {
      ++faults_served_;
      return FaultResponse(*fault_->scenario, recorded);
    }
    ++q.next;
    return ToResponse(recorded);
  }

 private:
  struct Queue {
    std::vector<size_t> indexes;  // into exchanges_, in recorded order
    size_t next = 0;              // how many were asked for
  };

  http::CurlResponse Unmatched(const Exchange& live) {
    std::string what = live.method + " " + live.url;
    if (!live.request_body.empty()) {
      what += " with a body of " + std::to_string(live.request_body.size()) + " bytes";
    }
    if (!unmatched_path_.empty() && !wrote_unmatched_) {
      wrote_unmatched_ = true;
      std::ofstream(unmatched_path_, std::ios::binary) << what << "\n" << live.request_body;
    }
    http::CurlResponse r;
    r.transport = http::Transport::kFatal;
    r.error = "replay: the recording has no exchange for " + what +
              " (the plugin sent a request it did not send while recording; record the fixture "
              "again with this version)";
    return r;
  }

  std::vector<Exchange> exchanges_;
  std::map<std::string, Queue> by_key_;
  std::optional<ReplayFault> fault_;
  std::string fault_key_;
  size_t fault_occurrence_ = 0;
  int faults_served_ = 0;
  std::string unmatched_path_;
  bool wrote_unmatched_ = false;
};

}  // namespace

std::unique_ptr<http::HttpTransport> NewReplayTransport(std::vector<Exchange> exchanges,
                                                        std::optional<ReplayFault> fault,
                                                        std::string unmatched_path) {
  return std::make_unique<ReplayTransport>(std::move(exchanges), fault, std::move(unmatched_path));
}

}  // namespace tempo::conformance
