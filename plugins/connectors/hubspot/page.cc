// Page: parse once, find each result's original bytes (page.h).
#include "page.h"

namespace tempo::hubspot {

using sdk::Status;
namespace dom = simdjson::dom;

void CopyPadded(std::string_view body, std::string* out) {
  out->reserve(body.size() + simdjson::SIMDJSON_PADDING);
  out->assign(body.data(), body.size());
}

Status Page::Parse(std::string_view body, const std::string& what) {
  CopyPadded(body, &buffer_);
  return ParseBuffered(what);
}

Status Page::Take(std::string& body, const std::string& what) {
  buffer_.swap(body);
  buffer_.reserve(buffer_.size() + simdjson::SIMDJSON_PADDING);
  return ParseBuffered(what);
}

Status Page::ParseBuffered(const std::string& what) {
  raw_spans_.clear();
  auto error = parser_.parse(buffer_.data(), buffer_.size(), /*realloc_if_needed=*/false).get(doc_);
  if (error != simdjson::SUCCESS) {
    return Status::Data(what + ": the response is not valid JSON (" +
                        simdjson::error_message(error) + ", " + std::to_string(buffer_.size()) +
                        " bytes); no records were taken from it");
  }
  if (doc_["results"].get_array().get(results_) != simdjson::SUCCESS) {
    return Status::Data(what + ": the response has no 'results' array");
  }
  FindRawSpans(results_.size());
  return Status::Ok();
}

// The DOM keeps no source offsets, so an On-Demand pass over the same buffer finds each
// result's bytes: it only skips over the already validated structure, several times cheaper
// than serializing each result again. Leaves raw_spans_ empty when the spans cannot be matched
// one to one with the DOM's results.
void Page::FindRawSpans(size_t expected) {
  namespace od = simdjson::ondemand;
  raw_spans_.clear();
  od::document page;
  od::array results;
  if (raw_parser_
              .iterate(
                  simdjson::padded_string_view(buffer_.data(), buffer_.size(), buffer_.capacity()))
              .get(page) != simdjson::SUCCESS ||
      page["results"].get_array().get(results) != simdjson::SUCCESS) {
    return;
  }
  for (auto item : results) {
    od::object obj;
    std::string_view raw;
    if (item.get_object().get(obj) != simdjson::SUCCESS ||
        obj.raw_json().get(raw) != simdjson::SUCCESS) {
      raw_spans_.clear();
      return;
    }
    while (!raw.empty() &&
           (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t')) {
      raw.remove_suffix(1);
    }
    raw_spans_.push_back(raw);
  }
  if (raw_spans_.size() != expected) raw_spans_.clear();
}

std::string Page::NextAfter() const {
  std::string_view after;
  if (doc_["paging"]["next"]["after"].get_string().get(after) == simdjson::SUCCESS) {
    return std::string(after);
  }
  int64_t n;
  if (doc_["paging"]["next"]["after"].get_int64().get(n) == simdjson::SUCCESS) {
    return std::to_string(n);
  }
  return "";
}

}  // namespace tempo::hubspot
