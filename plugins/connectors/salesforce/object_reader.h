// Reads one object's stream: resolves its field list against the org (org_schema.h), queries
// it in (SystemModstamp, Id) order, follows nextRecordsUrl page by page, maps the records and
// checkpoints after each page (cursor_tracker.h, state.h).
//
// The next page is fetched on a thread of its own (sdk::Prefetcher) while the current one is
// mapped, emitted and checkpointed: the requests and their order are those of a read without
// it. A field list too long for one URL is read as several queries (one per field chunk) whose
// pages are merged by Id (page.h). An expired query locator (INVALID_QUERY_LOCATOR) is queried
// again from the last checkpoint; a keyset query refused as MALFORMED_QUERY falls back to the
// inclusive bound for the rest of the connector's life.
#ifndef TEMPO_PLUGINS_CONNECTORS_SALESFORCE_OBJECT_READER_H_
#define TEMPO_PLUGINS_CONNECTORS_SALESFORCE_OBJECT_READER_H_

#include <string>

#include "config.h"
#include "objects.h"
#include "org_schema.h"
#include "tempo/plugin.hpp"

namespace tempo::salesforce {

// What a connector instance learns while it reads, shared by its streams. Used from the read()
// thread only.
struct Session {
  bool keyset = true;     // false once the org refused the keyset query (or cursor_query says)
  std::string api_usage;  // the newest Sforce-Limit-Info api-usage, "18/5000"
  OrgSchema schema;       // describe results
};

// Reads `spec`'s stream as `request` asks (full refresh: `query`, live rows; incremental:
// `queryAll`, deletes included), resuming from request.state.
sdk::Status ReadObject(sdk::Context& ctx, const Settings& settings, const ObjectSpec& spec,
                       const sdk::ReadRequest& request, Session& session);

}  // namespace tempo::salesforce

#endif  // TEMPO_PLUGINS_CONNECTORS_SALESFORCE_OBJECT_READER_H_
