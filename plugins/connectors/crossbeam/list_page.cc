// Crossbeam list responses. See list_page.h.
#include "list_page.h"

namespace tempo::crossbeam {

using sdk::Status;
namespace dom = simdjson::dom;

Status ListPage::Parse(std::string_view body, const std::string& what) {
  buffer_ = simdjson::padded_string(body);
  has_more_ = false;
  next_href_.clear();
  next_cursor_.clear();
  page_ = 0;
  dom::element doc;
  if (auto error = parser_.parse(buffer_).get(doc); error != simdjson::SUCCESS) {
    return Status::Data(what + ": the response is not valid JSON (" +
                        simdjson::error_message(error) + ", " + std::to_string(body.size()) +
                        " bytes); no records were taken from it");
  }
  if (doc["data"].get_array().get(records_) == simdjson::SUCCESS) {
    list_key_ = "data";
  } else if (doc["items"].get_array().get(records_) == simdjson::SUCCESS) {
    list_key_ = "items";
  } else {
    return Status::Data(what +
                        ": the response has no list of records (neither 'data' nor "
                        "'items' is an array)");
  }
  dom::element pagination;
  if (doc["pagination"].get(pagination) != simdjson::SUCCESS || pagination.is_null()) {
    return Status::Ok();  // one page (populations)
  }
  if (!pagination.is_object()) return Status::Data(what + ": 'pagination' is not an object");
  bool more = false;
  if (pagination["has_more"].get_bool().get(more) == simdjson::SUCCESS) has_more_ = more;
  std::string_view text;
  if (pagination["next_href"].get_string().get(text) == simdjson::SUCCESS) next_href_ = text;
  if (pagination["next_cursor"].get_string().get(text) == simdjson::SUCCESS) next_cursor_ = text;
  int64_t page = 0;
  if (pagination["page"].get_int64().get(page) == simdjson::SUCCESS) page_ = page;
  return Status::Ok();
}

std::string RawJson(dom::element record) { return simdjson::minify(record); }

std::string Text(dom::element record, std::string_view key) {
  dom::element value;
  if (record[key].get(value) != simdjson::SUCCESS) return "";
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) return std::string(text);
  int64_t number = 0;
  if (value.get_int64().get(number) == simdjson::SUCCESS) return std::to_string(number);
  uint64_t unsigned_number = 0;
  if (value.get_uint64().get(unsigned_number) == simdjson::SUCCESS) {
    return std::to_string(unsigned_number);
  }
  return "";
}

}  // namespace tempo::crossbeam
