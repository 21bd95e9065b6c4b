// Response decoding. See page.h.
#include "page.h"

#include "json_path.h"
#include "link_header.h"
#include "tempo/http.hpp"

namespace tempo::rest {

using sdk::Status;

namespace {

std::string_view KindOf(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT:
      return "an object";
    case simdjson::dom::element_type::ARRAY:
      return "a list";
    case simdjson::dom::element_type::NULL_VALUE:
      return "null";
    case simdjson::dom::element_type::STRING:
      return "a string";
    default:
      return "a single value";
  }
}

}  // namespace

Status Page::Parse(std::string_view body, std::string_view link_header, const StreamSpec& stream,
                   const std::string& where) {
  facts_ = PageFacts();
  buffer_ = simdjson::padded_string(body);
  simdjson::dom::element doc;
  if (parser_.parse(buffer_).get(doc) != simdjson::SUCCESS) {
    return Status::Data(where + ": the response is not JSON (" + sdk::BodyExcerpt(body) + ")");
  }
  simdjson::dom::element list = doc;
  if (stream.records) {
    std::optional<simdjson::dom::element> found = Find(doc, *stream.records);
    if (!found) {
      return Status::Data(where + ": the response has no " + stream.records->text +
                          ", where the manifest says the records are (" + sdk::BodyExcerpt(body) +
                          ")");
    }
    list = *found;
  }
  if (list.get_array().get(records_) != simdjson::SUCCESS) {
    return Status::Data(where + ": the records at " +
                        (stream.records ? stream.records->text : std::string("the top level")) +
                        " are " + std::string(KindOf(list)) + ", not a list");
  }
  const PagingSpec& paging = stream.paging;
  facts_.records = records_.size();
  switch (paging.kind) {
    case PagingKind::kAfterKey:
      if (facts_.records > 0) {
        simdjson::dom::element last = records_.at(facts_.records - 1).value_unsafe();
        if (std::optional<simdjson::dom::element> key = Find(last, paging.key)) {
          facts_.last_key = ScalarText(*key);
        }
      }
      break;
    case PagingKind::kCursor:
      if (std::optional<simdjson::dom::element> c = Find(doc, paging.cursor)) {
        std::optional<std::string> text = ScalarText(*c);
        if (text && !text->empty()) facts_.cursor = std::move(text);
      }
      break;
    case PagingKind::kNextLink:
      if (std::optional<simdjson::dom::element> n = Find(doc, paging.next)) {
        std::optional<std::string> text = ScalarText(*n);
        if (text && !text->empty()) facts_.next_link = std::move(text);
      }
      break;
    case PagingKind::kLinkHeader:
      facts_.next_link = NextLink(link_header);
      break;
    default:
      break;
  }
  if (!paging.stop_path.empty()) {
    if (std::optional<simdjson::dom::element> v = Find(doc, paging.stop_path)) {
      bool flag = false;
      int64_t number = 0;
      if (v->get_bool().get(flag) == simdjson::SUCCESS) facts_.has_more = flag;
      if (v->get_int64().get(number) == simdjson::SUCCESS) facts_.total = number;
    }
  }
  return Status::Ok();
}

}  // namespace tempo::rest
