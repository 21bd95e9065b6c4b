// One response of a Crossbeam list endpoint, decoded: the records, under "data" (as the
// examples show) or "items" (as the docs' prose says; both are accepted), and the pagination,
// page-number ({"limit","page","next_href"}) or cursor ({"has_more","next_href","next_cursor"}).
// A body that is not such a response is a Data error: never an empty page.
//
// The page owns its bytes and DOM; record elements stay valid until the next Parse.
#ifndef TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_LIST_PAGE_H_
#define TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_LIST_PAGE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "tempo/plugin.hpp"

namespace tempo::crossbeam {

class ListPage {
 public:
  // Parses a copy of `body`; `what` names the stream and page in messages.
  sdk::Status Parse(std::string_view body, const std::string& what);

  simdjson::dom::array records() const { return records_; }
  std::string_view list_key() const { return list_key_; }  // "data" | "items"
  bool has_more() const { return has_more_; }
  const std::string& next_href() const { return next_href_; }      // "" when null or absent
  const std::string& next_cursor() const { return next_cursor_; }  // "" when null or absent
  int64_t page() const { return page_; }                           // 0 when absent

 private:
  simdjson::dom::parser parser_;
  simdjson::padded_string buffer_;
  simdjson::dom::array records_;
  std::string_view list_key_;
  bool has_more_ = false;
  std::string next_href_, next_cursor_;
  int64_t page_ = 0;
};

// The record as compact JSON (its raw_json).
std::string RawJson(simdjson::dom::element record);

// A field that is a string, or an integer as its decimal text; "" otherwise.
std::string Text(simdjson::dom::element record, std::string_view key);

}  // namespace tempo::crossbeam

#endif  // TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_LIST_PAGE_H_
