// One Mailchimp collection page (page.h).
#include "page.h"

#include "tempo/http.hpp"

namespace tempo::mailchimp {

using sdk::Status;
namespace dom = simdjson::dom;

Status Page::Parse(std::string_view body, std::string_view collection, const std::string& what) {
  dom::element doc;
  auto error = parser_.parse(body.data(), body.size()).get(doc);
  if (error != simdjson::SUCCESS) {
    return Status::Data("Mailchimp " + what + ": the response is not JSON (" +
                        simdjson::error_message(error) + ": " + sdk::BodyExcerpt(body, 80) +
                        "); no records were taken from it");
  }
  if (doc[collection].get_array().get(records_) != simdjson::SUCCESS ||
      doc["total_items"].get_int64().get(total_items_) != simdjson::SUCCESS) {
    return Status::Data("Mailchimp " + what + ": the response has no '" + std::string(collection) +
                        "' array and total_items");
  }
  return Status::Ok();
}

std::string_view Text(dom::element e, std::string_view key) {
  std::string_view v;
  if (e[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return v;
}

}  // namespace tempo::mailchimp
