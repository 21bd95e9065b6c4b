// One HubSpot response page held for mapping: its bytes in a buffer the connector owns and
// reuses, its DOM (simdjson, which validates all of it), and each result's original bytes (the
// raw JSON a record keeps). Record views taken from a page stay valid until the next page is
// taken, so a page is flushed before that.
#ifndef TEMPO_PLUGINS_CONNECTORS_HUBSPOT_PAGE_H_
#define TEMPO_PLUGINS_CONNECTORS_HUBSPOT_PAGE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "tempo/plugin.hpp"

namespace tempo::hubspot {

class Page {
 public:
  // Parses a copy of `body`. `what` names the stream and page for messages.
  sdk::Status Parse(std::string_view body, const std::string& what);
  // Parses `body` without a copy: takes it, and leaves the previous page's buffer in `body`
  // for the next fetch.
  sdk::Status Take(std::string& body, const std::string& what);

  simdjson::dom::element doc() const { return doc_; }
  simdjson::dom::array results() const { return results_; }
  // paging.next.after (a string, or a number as text), or "" at the end.
  std::string NextAfter() const;
  // Result `index`'s bytes as sent, or "" when they could not be matched to the DOM (then
  // serialize the element).
  std::string_view RawSpan(size_t index) const {
    return index < raw_spans_.size() ? raw_spans_[index] : std::string_view();
  }

 private:
  sdk::Status ParseBuffered(const std::string& what);
  void FindRawSpans(size_t expected);

  std::string buffer_;
  simdjson::dom::parser parser_;
  simdjson::ondemand::parser raw_parser_;
  simdjson::dom::element doc_;
  simdjson::dom::array results_;
  std::vector<std::string_view> raw_spans_;
};

// Copies `body` into `out` with room for simdjson's padding (the prefetch thread's landing
// buffer for a list page).
void CopyPadded(std::string_view body, std::string* out);

}  // namespace tempo::hubspot

#endif  // TEMPO_PLUGINS_CONNECTORS_HUBSPOT_PAGE_H_
