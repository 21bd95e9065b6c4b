// One response of a stream's endpoint, decoded: the records (the list at the manifest's
// `records` path, or the body itself) and what the page says about paging (paging.h's
// PageFacts). A body that is not such a response (not JSON, HTML, no list where the records
// should be) is a Data error naming the stream and page: never an empty page.
//
// The page owns its bytes and DOM; record elements stay valid until the next Parse.
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_PAGE_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_PAGE_H_

#include <string>
#include <string_view>

#include <simdjson.h>

#include "manifest.h"
#include "paging.h"
#include "tempo/plugin.hpp"

namespace tempo::rest {

class Page {
 public:
  // Parses a copy of `body`; `link_header` is the response's Link header ("" when none);
  // `where` names the stream and page in messages.
  sdk::Status Parse(std::string_view body, std::string_view link_header, const StreamSpec& stream,
                    const std::string& where);

  simdjson::dom::array records() const { return records_; }
  const PageFacts& facts() const { return facts_; }

 private:
  simdjson::dom::parser parser_;
  simdjson::padded_string buffer_;
  simdjson::dom::array records_;
  PageFacts facts_;
};

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_PAGE_H_
