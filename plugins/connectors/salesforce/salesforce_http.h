// Salesforce's HTTP conventions over the kit's tempo/http.hpp: how its responses are classified
// for the host's retry logic, and how a refusal becomes a Status.
//
//  - 401 INVALID_SESSION_ID: the host refreshes the session once and replays the request.
//  - 403 REQUEST_LIMIT_EXCEEDED: the org's rolling 24 h API limit: a quota, the run is deferred.
//  - 400 INVALID_FIELD / INVALID_TYPE / MALFORMED_QUERY: a config error (the fields or objects
//    the config names); other 400s (QUERY_TIMEOUT, ...) are transient.
//  - 400 INVALID_QUERY_LOCATOR (an expired nextRecordsUrl) and MALFORMED_QUERY for a keyset
//    query are recovered from by the reader (QueryRefusal), not refused.
// Errors arrive as a JSON list, [{"message":"...","errorCode":"INVALID_FIELD"}].
#ifndef TEMPO_PLUGINS_CONNECTORS_SALESFORCE_SALESFORCE_HTTP_H_
#define TEMPO_PLUGINS_CONNECTORS_SALESFORCE_SALESFORCE_HTTP_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tempo/http.hpp"
#include "tempo/plugin.hpp"

namespace tempo::salesforce {

// The classify hook (tempo_http_classify_fn).
int32_t Classify(void* user, const tempo_http_response* response);

// The provider: name "Salesforce", Classify, the permission hint.
const sdk::HttpProvider& Provider();

// GETs `url` with the classify hook and `headers`. Ok with any final HTTP status (the caller
// looks at it); the host's Status when the request itself failed (transport, retries spent,
// quota, refresh refused). Safe on a Prefetcher thread.
sdk::Status Get(sdk::Context& ctx, std::string_view url, sdk::HttpResponse* resp,
                std::vector<std::pair<std::string, std::string>> headers = {});

// The Status of a non-2xx response: "Salesforce <where>: HTTP 400 INVALID_FIELD: ...", with
// what to do. `where` says what was read ("stream 'account' page 3").
sdk::Status Refused(int32_t status, std::string_view body, std::string_view where);

// A query refusal the reader recovers from.
enum class QueryRefusal {
  kNone,            // not one: a plain refusal (Refused)
  kLocatorExpired,  // 400 INVALID_QUERY_LOCATOR: query again from the cursor
  kKeysetRefused,   // 400 MALFORMED_QUERY for a keyset query: fall back to the inclusive bound
};
QueryRefusal ClassifyQueryRefusal(int32_t status, std::string_view body, bool keyset_query);

}  // namespace tempo::salesforce

#endif  // TEMPO_PLUGINS_CONNECTORS_SALESFORCE_SALESFORCE_HTTP_H_
