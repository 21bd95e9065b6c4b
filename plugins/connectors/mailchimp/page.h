// One Mailchimp collection page: {"<collection>":[...],"total_items":N,"_links":[...]},
// parsed once (simdjson DOM, which validates all of it). A body that is not such a page (an
// HTML page with status 200, a cut body) is a Data error, never an empty page.
#ifndef TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_PAGE_H_
#define TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_PAGE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "tempo/plugin.hpp"

namespace tempo::mailchimp {

class Page {
 public:
  // Parses `body` as a page of `collection` ("members", "campaigns", "emails", "lists").
  // `what` names the stream and page for messages.
  sdk::Status Parse(std::string_view body, std::string_view collection, const std::string& what);

  simdjson::dom::array records() const { return records_; }
  int64_t size() const { return static_cast<int64_t>(records_.size()); }
  int64_t total_items() const { return total_items_; }

 private:
  simdjson::dom::parser parser_;
  simdjson::dom::array records_;
  int64_t total_items_ = 0;
};

// An element's string member, or "" (absent, null, not a string).
std::string_view Text(simdjson::dom::element e, std::string_view key);

}  // namespace tempo::mailchimp

#endif  // TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_PAGE_H_
