// The record mode's transport. See recorder.h.
#include "conformance/recorder.h"

#include <cstdio>

#include "common/log.h"
#include "conformance/exchange.h"

namespace tempo::conformance {
namespace {

class RecordingTransport final : public http::HttpTransport {
 public:
  RecordingTransport(std::unique_ptr<http::HttpTransport> inner, std::string path)
      : inner_(std::move(inner)), path_(std::move(path)) {}

  http::CurlResponse Perform(const http::CurlRequest& request,
                             const std::atomic<bool>* cancel) override {
    http::CurlResponse response = inner_->Perform(request, cancel);
    if (response.transport == http::Transport::kCancelled) return response;
    Exchange e = RedactedRequest(request);
    RedactResponse(response, &e);
    const std::string line = ToJsonLine(e) + "\n";
    std::FILE* f = std::fopen(path_.c_str(), "ab");
    if (f == nullptr || std::fwrite(line.data(), 1, line.size(), f) != line.size()) {
      log::Error("test-plugin: cannot append to the fixture " + path_);
    }
    if (f != nullptr) std::fclose(f);
    return response;
  }

 private:
  std::unique_ptr<http::HttpTransport> inner_;
  std::string path_;
};

}  // namespace

std::unique_ptr<http::HttpTransport> NewRecordingTransport(
    std::unique_ptr<http::HttpTransport> inner, std::string path) {
  return std::make_unique<RecordingTransport>(std::move(inner), std::move(path));
}

}  // namespace tempo::conformance
