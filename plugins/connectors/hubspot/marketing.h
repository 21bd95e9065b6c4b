// The hubspot `marketing` stream: HubSpot marketing emails and marketing campaigns
// (api-wire-formats.md 1.7) into the canonical `campaign` table. One stream reads both, because
// a completed full refresh soft-deletes the rows of its stream's entity that it did not write
// (docs/plugin-guide.md: one stream owns each entity of a connection): two streams writing
// `campaign` would soft-delete each other's rows.
//
//   emails     GET /marketing/v3/emails?limit&includeStats=true&archived=false[&updatedAfter]
//              (incremental: from the last read's hand-over, then the archived ones changed
//              since, as deletes)
//   campaigns  GET /marketing/v3/campaigns?limit&properties=hs_name,hs_start_date,hs_end_date
//              (every run: the API has no modification filter; campaigns are few)
//
// Both lists go by id with an opaque `after`, so a read hands on the instant it started
// (tempo/cursor.hpp HandOverFromList). Every page is flushed and checkpointed.
#ifndef TEMPO_PLUGINS_CONNECTORS_HUBSPOT_MARKETING_H_
#define TEMPO_PLUGINS_CONNECTORS_HUBSPOT_MARKETING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "config.h"
#include "page.h"
#include "tempo/http.hpp"
#include "tempo/plugin.hpp"

namespace tempo::hubspot {

inline constexpr const char* kMarketingStream = "marketing";

// The marketing stream's state:
//   {"version":1,"emails_cursor_ms":C,
//    "run":{"incremental":true,"phase":"emails","after":"..","started_ms":S,"page":3}}
struct MarketingState {
  int64_t emails_cursor_ms = -1;  // the last completed read's hand-over (-1: none)
  struct Run {
    bool incremental = false;
    std::string phase;  // "emails", "archived_emails", "campaigns"
    std::string after;  // the list cursor, passed through unchanged
    int64_t started_ms = -1;
    int64_t page = 0;
  };
  std::optional<Run> run;
};

std::string EncodeMarketingState(const MarketingState& state);
sdk::Status DecodeMarketingState(std::string_view json, MarketingState* out);

// A marketing email as a campaign row (source_id = its id, channel email, start = publishDate;
// a delete when `archived`); false with `reject` when it has no id.
bool MapMarketingEmail(sdk::RecordBatch& batch, simdjson::dom::element email, std::string_view raw,
                       bool archived, std::string* reject);
// A marketing campaign as a campaign row (source_id = its id, name = hs_name, start/end =
// hs_start_date / hs_end_date).
bool MapMarketingCampaign(sdk::RecordBatch& batch, simdjson::dom::element campaign,
                          std::string_view raw, std::string* reject);

class MarketingReader {
 public:
  MarketingReader(const Config& config, const sdk::HttpProvider& http)
      : config_(config), http_(http) {}

  sdk::Status Read(sdk::Context& ctx, const sdk::ReadRequest& request);

 private:
  sdk::Status ReadList(sdk::Context& ctx, MarketingState& state);
  std::string UrlFor(const MarketingState& state) const;

  const Config& config_;
  sdk::HttpClient http_;
  Page page_;
};

}  // namespace tempo::hubspot

#endif  // TEMPO_PLUGINS_CONNECTORS_HUBSPOT_MARKETING_H_
