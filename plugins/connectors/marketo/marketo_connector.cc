// The `marketo` connector: Marketo leads, programs and program members into the canonical lead,
// campaign and campaign_member tables. This file is the plugin's face; the work is in
// lead_reader.cc (bulk exports, the activity feeds), program_reader.cc, marketo_client.cc (the
// envelope's error codes), and the pure pieces: windows.cc, csv.cc, lead_fields.cc,
// lead_mapping.cc, program_mapping.cc, state.cc. README.md explains it for admins; the API
// wire-format notes (section 3) are the format it follows.
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "config.h"
#include "lead_reader.h"
#include "marketo_client.h"
#include "program_reader.h"
#include "tempo/catalog.hpp"
#include "tempo/model.h"
#include "tempo/plugin.hpp"

namespace tempo::marketo {

using sdk::Context;
using sdk::Status;

// One instance serves one connection; the host calls it from one thread at a time.
class MarketoConnector : public sdk::CatalogConnector<MarketoConnector> {
 public:
  explicit MarketoConnector(Config config)
      : CatalogConnector(
            {{"leads", std::string(model::kLead), "id", "updatedAt",
              "Marketo leads (Bulk Lead Extract) as lead rows",
              TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL, &MarketoConnector::ReadLeads},
             {"programs", std::string(model::kCampaign), "id", "updatedAt",
              "Marketo programs as campaign rows", TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL,
              &MarketoConnector::ReadPrograms},
             {"program_members", std::string(model::kCampaignMember), "programId:leadId", "",
              "Marketo program memberships as campaign_member rows", TEMPO_SYNC_FULL_REFRESH,
              &MarketoConnector::ReadMembers}}),
        config_(std::move(config)),
        client_(config_),
        leads_(config_, client_),
        programs_(config_, client_) {}

  // Reads the config and sets the connection's HTTP identity; sends no request (check does).
  static Status Open(Context& ctx, std::string_view config_json,
                     std::unique_ptr<MarketoConnector>* out) {
    Config c;
    if (Status s = ReadConfig(config_json, &c); !s.ok()) return s;
    std::string token_url, rate_key;
    if (Status s = ctx.HttpConfigure(HttpConfigFor(c, &token_url, &rate_key)); !s.ok()) return s;
    *out = std::make_unique<MarketoConnector>(std::move(c));
    return Status::Ok();
  }

  // Gets a token, describes the lead fields (credentials, lead access, partner_field) and asks
  // for one program (asset access).
  Status Check(Context& ctx) override {
    if (Status s = leads_.Check(ctx); !s.ok()) return s;
    return programs_.Check(ctx);
  }

 private:
  Status ReadLeads(Context& ctx, const Stream&, const sdk::ReadRequest& request) {
    return leads_.Read(ctx, request);
  }
  Status ReadPrograms(Context& ctx, const Stream&, const sdk::ReadRequest& request) {
    return programs_.ReadPrograms(ctx, request);
  }
  Status ReadMembers(Context& ctx, const Stream&, const sdk::ReadRequest& request) {
    return programs_.ReadMembers(ctx, request);
  }

  const Config config_;
  MarketoClient client_;
  LeadReader leads_;
  ProgramReader programs_;
};

}  // namespace tempo::marketo

TEMPO_CONNECTOR_PLUGIN(tempo::marketo::MarketoConnector, "marketo", "0.1.0",
                       "Reads Marketo leads (bulk exports), programs and program members",
                       tempo::marketo::ConfigKeys().SchemaText())
