// Marketo's envelope: parse, error actions, classify hook (envelope.h).
#include "envelope.h"

namespace tempo::marketo {

using sdk::Status;
namespace dom = simdjson::dom;

namespace {

// Error envelopes are a few hundred bytes; a file or a page of records is far larger.
constexpr size_t kMaxErrorBody = 8192;

std::string CodeText(simdjson::simdjson_result<dom::element> e) {
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS) return std::string(s);
  int64_t n = 0;
  if (e.get_int64().get(n) == simdjson::SUCCESS) return std::to_string(n);
  return "";
}

}  // namespace

ErrorAction ActionFor(std::string_view code) {
  if (code == "601" || code == "602") return ErrorAction::kRenewToken;
  if (code == "604" || code == "608" || code == "611" || code == "615") return ErrorAction::kRetry;
  if (code == "606") return ErrorAction::kRateWindow;
  if (code == "607") return ErrorAction::kQuota;
  if (code == "1029") return ErrorAction::kBulkQueue;
  if (code == "702") return ErrorAction::kEmpty;
  return ErrorAction::kFail;
}

int32_t Classify(void* /*user*/, const tempo_http_response* r) {
  if (r->status != 200 || r->body == nullptr || r->body_len > kMaxErrorBody) {
    return TEMPO_HTTP_DEFAULT;
  }
  std::string_view body(r->body, r->body_len);
  const size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || body[first] != '{' ||
      body.find("\"success\"") == std::string_view::npos ||
      body.find("false") == std::string_view::npos) {
    return TEMPO_HTTP_DEFAULT;  // not an error envelope: no need to parse it
  }
  dom::parser parser;
  dom::element doc;
  bool success = true;
  dom::array errors;
  if (parser.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS ||
      doc["success"].get_bool().get(success) != simdjson::SUCCESS || success ||
      doc["errors"].get_array().get(errors) != simdjson::SUCCESS) {
    return TEMPO_HTTP_DEFAULT;
  }
  for (dom::element e : errors) {
    if (ActionFor(CodeText(e["code"])) == ErrorAction::kRenewToken) {
      return TEMPO_HTTP_AUTH_EXPIRED;
    }
  }
  return TEMPO_HTTP_DEFAULT;
}

std::string Describe(const MarketoError& e) {
  return "error " + e.code + (e.message.empty() ? "" : " (" + e.message.substr(0, 300) + ")");
}

Status Envelope::Parse(std::string_view body, const std::string& what) {
  success_ = has_result_ = more_result_ = false;
  errors_.clear();
  results_.clear();
  raw_.clear();
  next_page_token_.clear();
  warnings_.clear();
  buffer_.reserve(body.size() + simdjson::SIMDJSON_PADDING);
  buffer_.assign(body.data(), body.size());
  auto error = parser_.parse(buffer_.data(), buffer_.size(), false).get(doc_);
  if (error != simdjson::SUCCESS || !doc_.is_object()) {
    return Status::Data(what + ": the response is not a JSON object (" +
                        (error != simdjson::SUCCESS ? std::string(simdjson::error_message(error))
                                                    : std::string("another JSON value")) +
                        ", " + std::to_string(body.size()) +
                        " bytes); no records were taken from it");
  }
  if (doc_["success"].get_bool().get(success_) != simdjson::SUCCESS) {
    return Status::Data(what +
                        ": the response has no 'success' member; it is not Marketo's "
                        "envelope (is base_url the instance root?)");
  }
  dom::array list;
  if (doc_["errors"].get_array().get(list) == simdjson::SUCCESS) {
    for (dom::element e : list) {
      std::string_view message;
      if (e["message"].get_string().get(message) != simdjson::SUCCESS) message = {};
      errors_.push_back({CodeText(e["code"]), std::string(message)});
    }
  }
  if (doc_["warnings"].get_array().get(list) == simdjson::SUCCESS) {
    for (dom::element w : list) {
      std::string_view text;
      if (w.get_string().get(text) == simdjson::SUCCESS) warnings_.emplace_back(text);
    }
  }
  if (!success_) {
    if (errors_.empty()) {
      return Status::Data(what + ": the response says success:false without an error");
    }
    return Status::Ok();
  }
  dom::element result;
  if (doc_["result"].get(result) == simdjson::SUCCESS) {
    if (!result.is_array()) return Status::Data(what + ": the response's 'result' is not a list");
    has_result_ = true;
    dom::array items;
    if (result.get_array().get(items) == simdjson::SUCCESS) {
      for (dom::element r : items) results_.push_back(r);
    }
    FindRawResults();
  }
  bool more = false;
  if (doc_["moreResult"].get_bool().get(more) == simdjson::SUCCESS) more_result_ = more;
  std::string_view token;
  if (doc_["nextPageToken"].get_string().get(token) == simdjson::SUCCESS) {
    next_page_token_.assign(token);
  }
  return Status::Ok();
}

// The DOM keeps no source offsets: an On-Demand pass over the same (validated) buffer finds
// each result's bytes. Leaves raw_ empty when they cannot be matched one to one.
void Envelope::FindRawResults() {
  namespace od = simdjson::ondemand;
  od::document page;
  od::array items;
  if (raw_parser_
              .iterate(
                  simdjson::padded_string_view(buffer_.data(), buffer_.size(), buffer_.capacity()))
              .get(page) != simdjson::SUCCESS ||
      page["result"].get_array().get(items) != simdjson::SUCCESS) {
    return;
  }
  for (auto item : items) {
    od::object obj;
    std::string_view raw;
    if (item.get_object().get(obj) != simdjson::SUCCESS ||
        obj.raw_json().get(raw) != simdjson::SUCCESS) {
      raw_.clear();
      return;
    }
    while (!raw.empty() &&
           (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t')) {
      raw.remove_suffix(1);
    }
    raw_.push_back(raw);
  }
  if (raw_.size() != results_.size()) raw_.clear();
}

}  // namespace tempo::marketo
