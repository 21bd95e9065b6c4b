// Marketo's activity feed (paging-tokens.md, activities.md): a paging token for a point in
// time, then pages of lead changes ("Change Data Value" and "New Lead", for the fields asked
// for) or deleted leads, each page with a nextPageToken (the last page's too, which is where the
// next run starts) and moreResult (loop while it is true: a page may hold fewer than asked, or
// none). Tokens are base32 with '=' padding and go URL-encoded.
#ifndef TEMPO_PLUGINS_CONNECTORS_MARKETO_ACTIVITIES_H_
#define TEMPO_PLUGINS_CONNECTORS_MARKETO_ACTIVITIES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "envelope.h"
#include "marketo_client.h"
#include "tempo/plugin.hpp"

namespace tempo::marketo {

// Percent-encodes everything but unreserved characters (RFC 3986) for a query value.
std::string UrlEncode(std::string_view text);

class ActivityFeed {
 public:
  explicit ActivityFeed(const MarketoClient& client) : client_(client) {}

  // The token of the activities from `since_ms` on (pagingtoken.json).
  sdk::Status TokenSince(sdk::Context& ctx, int64_t since_ms, std::string_view where,
                         std::string* token);
  // One page of lead changes of `fields` (comma-separated) from `token`.
  sdk::Status LeadChanges(sdk::Context& ctx, const std::string& token, const std::string& fields,
                          std::string_view where, Envelope* page);
  // One page of deleted leads from `token`.
  sdk::Status DeletedLeads(sdk::Context& ctx, const std::string& token, std::string_view where,
                           Envelope* page);

 private:
  sdk::Status Page(sdk::Context& ctx, const std::string& url, std::string_view where,
                   Envelope* page);

  const MarketoClient& client_;
};

// The distinct lead ids of a page's activities, in page order (decimal text).
std::vector<std::string> ChangedLeadIds(const Envelope& page);

struct DeletedLead {
  std::string id;  // the lead id, decimal
  std::string at;  // activityDate
};
// The lead a "Delete Lead" activity removed; nullopt when it names none.
std::optional<DeletedLead> DeletedLeadOf(simdjson::dom::element activity);

}  // namespace tempo::marketo

#endif  // TEMPO_PLUGINS_CONNECTORS_MARKETO_ACTIVITIES_H_
