// Mailchimp records to canonical records. Each function emits one record into `batch`, or
// returns false with `reject` saying why (nothing of it is in the batch then). Every record
// keeps its Mailchimp JSON object as raw JSON (a member's `tags` included, which attribution
// rules match); empty-string timestamps are NULL.
//
//   members        -> lead             source_id "<list_id>:<member id>"; archived: a delete
//   campaigns      -> campaign         source_id = campaign id
//   email activity -> campaign_member  source_id "<campaign_id>:<member id>"
#ifndef TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_MAPPING_H_
#define TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_MAPPING_H_

#include <cstdint>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "tempo/plugin.hpp"

namespace tempo::mailchimp {

// The lead a member of `list_id` becomes. *id and *ms receive the member id and last_changed
// (epoch ms) for the pass.
bool MapMember(sdk::RecordBatch& batch, std::string_view list_id, simdjson::dom::element member,
               std::string_view* id, int64_t* ms, std::string* reject);

// The campaign. *id and *create_ms receive its id and create_time; *status its status.
bool MapCampaign(sdk::RecordBatch& batch, simdjson::dom::element campaign, std::string_view* id,
                 int64_t* create_ms, std::string_view* status, std::string* reject);

// The campaign_member row of one recipient of campaign `campaign_id`: first_touch_at is the
// earliest activity, responded whether any activity is a click.
bool MapActivity(sdk::RecordBatch& batch, std::string_view campaign_id,
                 simdjson::dom::element email, std::string* reject);

// "<a>:<b>", copied into the batch (valid until its next Flush).
std::string_view JoinKey(sdk::RecordBatch& batch, std::string_view a, std::string_view b);

}  // namespace tempo::mailchimp

#endif  // TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_MAPPING_H_
