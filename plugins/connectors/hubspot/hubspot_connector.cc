// The `hubspot` connector: HubSpot CRM v3 contacts, companies and deals into the canonical
// contact, account, opportunity and opportunity_partner tables, and marketing emails and
// campaigns into campaign. This file is the plugin's face; the work is in reader.cc (paging,
// search, checkpoints), search_cursor.cc (the search cursor as pure functions), mapping.cc
// (results to records), associations.cc, marketing.cc (the marketing stream), state.cc and
// config.cc. README.md explains it for admins; the API wire-format notes (section 1) are the
// format it follows.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config.h"
#include "marketing.h"
#include "object_types.h"
#include "reader.h"
#include "tempo/catalog.hpp"
#include "tempo/model.h"
#include "tempo/plugin.hpp"

namespace tempo::hubspot {

using sdk::Context;
using sdk::Status;

// One instance serves one connection; the host calls it from one thread at a time.
class HubSpotConnector : public sdk::CatalogConnector<HubSpotConnector> {
 public:
  explicit HubSpotConnector(Config config)
      : CatalogConnector({}),
        config_(std::move(config)),
        types_(ObjectTypes(config_)),
        reader_(config_),
        marketing_(config_, kHubSpotHttp) {
    std::vector<Stream> streams;
    for (const ObjectType& t : types_) {
      std::string description =
          "HubSpot " + std::string(t.stream) + " as " + std::string(t.entity) + " records";
      if (t.map == &MapDeal && !config_.partner_property.empty()) {
        description += " (and opportunity_partner rows from " + config_.partner_property + ")";
      }
      streams.push_back({t.stream, std::string(t.entity), "id", t.mod_prop, description,
                         TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL,
                         &HubSpotConnector::ReadType});
    }
    // One stream for both marketing endpoints: it owns the connection's campaign rows (a full
    // refresh soft-deletes what it did not write; see marketing.h).
    streams.push_back({kMarketingStream, std::string(model::kCampaign), "id", "updatedAt",
                       "HubSpot marketing emails (/marketing/v3/emails) and marketing campaigns "
                       "(/marketing/v3/campaigns) as campaign records",
                       TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL,
                       &HubSpotConnector::ReadMarketing});
    SetStreams(std::move(streams));
  }

  // Reads the config and sets the connection's HTTP identity; sends no request (check does).
  static Status Open(Context& ctx, std::string_view config_json,
                     std::unique_ptr<HubSpotConnector>* out) {
    Config c;
    if (Status s = ReadConfig(config_json, &c); !s.ok()) return s;
    std::string rate_key;
    if (Status s = ctx.HttpConfigure(HttpConfigFor(c, &rate_key)); !s.ok()) return s;
    auto connector = std::make_unique<HubSpotConnector>(std::move(c));
    if (Status s = CheckPropertiesQuery(connector->types_); !s.ok()) return s;
    *out = std::move(connector);
    return Status::Ok();
  }

  Status Check(Context& ctx) override { return reader_.Check(ctx); }

 private:
  Status ReadType(Context& ctx, const Stream& stream, const sdk::ReadRequest& request) {
    for (const ObjectType& t : types_) {
      if (stream.name == t.stream) return reader_.Read(ctx, t, request);
    }
    return Status::Internal("no object type for stream '" + stream.name + "'");
  }

  Status ReadMarketing(Context& ctx, const Stream&, const sdk::ReadRequest& request) {
    return marketing_.Read(ctx, request);
  }

  Config config_;
  std::vector<ObjectType> types_;
  StreamReader reader_;
  MarketingReader marketing_;
};

}  // namespace tempo::hubspot

TEMPO_CONNECTOR_PLUGIN(tempo::hubspot::HubSpotConnector, "hubspot", "0.7.0",
                       "Reads HubSpot CRM contacts, companies and deals (with partner attribution) "
                       "and marketing emails and campaigns",
                       tempo::hubspot::ConfigKeys().SchemaText())
