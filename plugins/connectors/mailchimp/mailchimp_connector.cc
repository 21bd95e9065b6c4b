// The `mailchimp` connector: Mailchimp Marketing API 3.0 campaigns, list members and email
// activity into the canonical campaign, lead and campaign_member tables. This file is the
// plugin's face; the work is in reader.cc (paging, checkpoints), keyset_pass.cc (paging that
// survives a moving sort key, as pure functions), mapping.cc, state.cc, mailchimp_http.cc and
// config.cc. README.md explains it for admins; the API wire-format notes (section 4) are the
// format it follows.
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "config.h"
#include "reader.h"
#include "tempo/catalog.hpp"
#include "tempo/model.h"
#include "tempo/plugin.hpp"

namespace tempo::mailchimp {

using sdk::Context;
using sdk::Status;

// One instance serves one connection; the host calls it from one thread at a time.
class MailchimpConnector : public sdk::CatalogConnector<MailchimpConnector> {
 public:
  explicit MailchimpConnector(Config config)
      : CatalogConnector(
            {{"campaigns", std::string(model::kCampaign), "id", "create_time",
              "Mailchimp campaigns as campaign records (name = settings title, channel email, "
              "start = send time)",
              TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL, &MailchimpConnector::Campaigns},
             {"members", std::string(model::kLead), "id", "last_changed",
              "Members of every list as lead records (source_id <list_id>:<member id>; archived "
              "members are soft-deleted)",
              TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL, &MailchimpConnector::Members},
             {"email_activity", std::string(model::kCampaignMember), "email_id", "",
              "Each sent campaign's recipients as campaign_member records (first touch, clicked)",
              TEMPO_SYNC_FULL_REFRESH, &MailchimpConnector::EmailActivity}}),
        config_(std::move(config)),
        reader_(config_) {}

  // Reads the config and sets the connection's HTTP identity; sends no request (check does).
  static Status Open(Context& ctx, std::string_view config_json,
                     std::unique_ptr<MailchimpConnector>* out) {
    Config c;
    if (Status s = ReadConfig(config_json, &c); !s.ok()) return s;
    std::string auth_header;
    if (Status s = ctx.HttpConfigure(HttpConfigFor(c, &auth_header)); !s.ok()) return s;
    *out = std::make_unique<MailchimpConnector>(std::move(c));
    return Status::Ok();
  }

  Status Check(Context& ctx) override { return reader_.Check(ctx); }

 private:
  Status Campaigns(Context& ctx, const Stream&, const sdk::ReadRequest& request) {
    return reader_.ReadCampaigns(ctx, request);
  }
  Status Members(Context& ctx, const Stream&, const sdk::ReadRequest& request) {
    return reader_.ReadMembers(ctx, request);
  }
  Status EmailActivity(Context& ctx, const Stream&, const sdk::ReadRequest& request) {
    return reader_.ReadEmailActivity(ctx, request);
  }

  Config config_;
  Reader reader_;
};

}  // namespace tempo::mailchimp

TEMPO_CONNECTOR_PLUGIN(tempo::mailchimp::MailchimpConnector, "mailchimp", "0.1.0",
                       "Reads Mailchimp campaigns, list members and email activity",
                       tempo::mailchimp::ConfigKeys().SchemaText())
