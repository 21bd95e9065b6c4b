// Fixture exchanges: redaction and the JSON Lines form. See exchange.h.
#include "conformance/exchange.h"

#include <simdjson.h>

#include <array>
#include <fstream>

#include "common/json_writer.h"
#include "common/log.h"
#include "http/redact.h"
#include "tempo/http.hpp"

namespace tempo::conformance {
namespace {

constexpr std::array<std::pair<http::Transport, const char*>, 9> kTransports = {{
    {http::Transport::kOk, "ok"},
    {http::Transport::kTimeout, "timeout"},
    {http::Transport::kIdle, "idle"},
    {http::Transport::kConnect, "connect"},
    {http::Transport::kReset, "reset"},
    {http::Transport::kTruncated, "truncated"},
    {http::Transport::kTls, "tls"},
    {http::Transport::kCancelled, "cancelled"},
    {http::Transport::kFatal, "fatal"},
}};

http::Transport TransportFromName(std::string_view name) {
  for (const auto& [transport, text] : kTransports) {
    if (name == text) return transport;
  }
  return http::Transport::kFatal;
}

std::string Base64Decode(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    const int v = value(c);
    if (v < 0) continue;  // '=' padding
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xff));
    }
  }
  return out;
}

// A body as JSON members: "<name>" as a string when it is UTF-8, else "<name>_base64".
void WriteBody(JsonWriter& w, const char* name, const std::string& body) {
  if (simdjson::validate_utf8(body.data(), body.size())) {
    w.Key(name).String(body);
  } else {
    w.Key(std::string(name) + "_base64").String(sdk::Base64(body));
  }
}

std::string HeaderLine(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return http::Redact(line);
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  return http::RedactHeader(line.substr(0, colon), value);
}

}  // namespace

const char* TransportName(http::Transport transport) {
  for (const auto& [t, text] : kTransports) {
    if (t == transport) return text;
  }
  return "fatal";
}

std::string Exchange::Key() const { return method + " " + url + "\n" + request_body; }

bool Exchange::IsTokenRequest() const {
  return request_body.find("grant_type=") != std::string::npos;
}

Exchange RedactedRequest(const http::CurlRequest& request) {
  Exchange e;
  e.method = std::string(request.method);
  e.url = http::Redact(request.url);
  e.request_body = http::Redact(request.body);
  if (request.headers != nullptr) {
    for (const std::string& line : *request.headers) e.request_headers.push_back(HeaderLine(line));
  }
  return e;
}

void RedactResponse(const http::CurlResponse& response, Exchange* e) {
  e->outcome = response.transport;
  e->error = http::Redact(response.error);
  e->status = response.status;
  e->response_headers.clear();
  for (const auto& [name, value] : response.headers) {
    std::string line = http::RedactHeader(name, value);
    const size_t colon = line.find(": ");
    e->response_headers.emplace_back(name,
                                     colon == std::string::npos ? "" : line.substr(colon + 2));
  }
  // A token response's credentials are not registered yet when it passes here (the host learns
  // them from it): its credential-named members go by name. Other bodies are data: only the
  // registered secrets go, so a field that merely sounds like one (a "key" column) stays.
  e->response_body = e->IsTokenRequest() ? http::Redact(response.body) : log::Redact(response.body);
}

http::CurlResponse ToResponse(const Exchange& e) {
  http::CurlResponse r;
  r.transport = e.outcome;
  r.error = e.error;
  r.status = e.status;
  r.headers = e.response_headers;
  r.body = e.response_body;
  r.bytes_received = static_cast<int64_t>(e.response_body.size());
  return r;
}

std::string ToJsonLine(const Exchange& e) {
  JsonWriter w;
  w.BeginObject();
  w.Key("method").String(e.method).Key("url").String(e.url);
  w.Key("request_headers").BeginArray();
  for (const std::string& h : e.request_headers) w.String(h);
  w.EndArray();
  WriteBody(w, "request_body", e.request_body);
  w.Key("outcome").String(TransportName(e.outcome));
  if (!e.error.empty()) w.Key("error").String(e.error);
  w.Key("status").Int(e.status);
  w.Key("response_headers").BeginArray();
  for (const auto& [name, value] : e.response_headers) {
    w.BeginArray().String(name).String(value).EndArray();
  }
  w.EndArray();
  WriteBody(w, "response_body", e.response_body);
  w.EndObject();
  return w.Take();
}

Result<std::vector<Exchange>> ReadExchanges(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read the recorded exchanges " + path);
  std::vector<Exchange> out;
  simdjson::dom::parser parser;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    const std::string where = path + ":" + std::to_string(number);
    simdjson::dom::object o;
    if (parser.parse(line).get(o)) {
      return Status(StatusCode::kData, where + ": not a JSON object; record the fixture again");
    }
    Exchange e;
    auto text = [&](const char* key, std::string* value) {
      std::string_view v;
      if (!o[key].get(v)) value->assign(v);
    };
    text("method", &e.method);
    text("url", &e.url);
    text("request_body", &e.request_body);
    text("response_body", &e.response_body);
    text("error", &e.error);
    std::string b64;
    text("request_body_base64", &b64);
    if (!b64.empty()) e.request_body = Base64Decode(b64);
    b64.clear();
    text("response_body_base64", &b64);
    if (!b64.empty()) e.response_body = Base64Decode(b64);
    std::string outcome = "ok";
    text("outcome", &outcome);
    e.outcome = TransportFromName(outcome);
    int64_t status = 0;
    if (!o["status"].get(status)) e.status = static_cast<long>(status);
    simdjson::dom::array headers;
    if (!o["request_headers"].get(headers)) {
      for (simdjson::dom::element h : headers) {
        std::string_view v;
        if (!h.get(v)) e.request_headers.emplace_back(v);
      }
    }
    if (!o["response_headers"].get(headers)) {
      for (simdjson::dom::element h : headers) {
        std::string_view name, value;
        if (!h.at(0).get(name) && !h.at(1).get(value)) {
          e.response_headers.emplace_back(std::string(name), std::string(value));
        }
      }
    }
    if (e.method.empty() || e.url.empty()) {
      return Status(StatusCode::kData,
                    where + ": an exchange without method or url; record the fixture again");
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace tempo::conformance
