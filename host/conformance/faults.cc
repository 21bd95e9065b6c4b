// The fault scenarios and the responses they serve. See faults.h.
#include "conformance/faults.h"

namespace tempo::conformance {

const std::vector<FaultScenario>& FaultScenarios() {
  static const std::vector<FaultScenario> kScenarios = {
      {"429", "HTTP 429 with Retry-After: 1, once", 1, true, false},
      {"5xx", "HTTP 503, three times in a row", 3, true, false},
      {"reset", "the connection reset before a response, once", 1, true, false},
      {"cut_transfer", "the body cut short of its Content-Length, once", 1, true, false},
      {"token_expiry", "HTTP 401 for an expired access token, once", 1, true, true},
      {"truncated_json", "HTTP 200 with the JSON body cut in half", 1, false, false},
      {"html_200", "HTTP 200 with an HTML error page", 1, false, false},
      {"malformed_json", "HTTP 200 with malformed JSON", 1, false, false},
      {"empty_200", "HTTP 200 with an empty body", 1, false, false},
  };
  return kScenarios;
}

const FaultScenario* FindFaultScenario(std::string_view name) {
  for (const FaultScenario& s : FaultScenarios()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

http::CurlResponse FaultResponse(const FaultScenario& scenario, const Exchange& original) {
  http::CurlResponse r;
  r.transport = http::Transport::kOk;
  const std::string_view name = scenario.name;
  auto json = [&](long status, std::string body) {
    r.status = status;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = std::move(body);
  };
  if (name == "429") {
    json(429, R"({"status":"error","message":"You have reached your secondly limit."})");
    r.headers.emplace_back("Retry-After", "1");
  } else if (name == "5xx") {
    json(503, R"({"message":"Service Unavailable"})");
  } else if (name == "reset") {
    r.transport = http::Transport::kReset;
    r.error = "Connection reset by peer (replayed fault)";
  } else if (name == "cut_transfer") {
    r.transport = http::Transport::kTruncated;
    r.error = "transfer closed with bytes remaining to read (replayed fault)";
  } else if (name == "token_expiry") {
    json(401, R"({"error":"invalid_token","error_description":"The access token expired"})");
  } else if (name == "truncated_json") {
    r.status = original.status;
    r.headers = original.response_headers;
    r.body = original.response_body.substr(0, original.response_body.size() / 2);
  } else if (name == "html_200") {
    r.status = 200;
    r.headers = {{"Content-Type", "text/html; charset=utf-8"}};
    r.body =
        "<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>We'll be back "
        "soon</h1></body></html>";
  } else if (name == "malformed_json") {
    json(200, R"({"results": [{"id": "1", "name": "a"} {"id": "2",, "name": }], "paging": )");
  } else if (name == "empty_200") {
    json(200, "");
  }
  return r;
}

std::optional<size_t> FaultTarget(const std::vector<Exchange>& exchanges) {
  std::vector<size_t> data;
  for (size_t i = 0; i < exchanges.size(); ++i) {
    const Exchange& e = exchanges[i];
    if (e.outcome == http::Transport::kOk && e.status >= 200 && e.status < 300 &&
        !e.IsTokenRequest() && !e.response_body.empty()) {
      data.push_back(i);
    }
  }
  if (data.empty()) return std::nullopt;
  return data[data.size() / 2];
}

}  // namespace tempo::conformance
