// Mailchimp records to canonical records (mapping.h).
#include "mapping.h"

#include "page.h"
#include "tempo/model.h"
#include "tempo/time.hpp"

namespace tempo::mailchimp {

namespace dom = simdjson::dom;

namespace {

// The record's raw JSON, copied into the batch.
std::string_view RawOf(sdk::RecordBatch& batch, dom::element e) {
  return batch.Copy(simdjson::to_string(e));
}

// A timestamp column: NULL for "" (Mailchimp's "unknown"), else the text as sent.
void Time(sdk::RecordBatch& batch, std::string_view column, std::string_view value) {
  if (value.empty() || !sdk::ParseIsoMs(value)) {
    batch.Null(column);
  } else {
    batch.Str(column, value);
  }
}

}  // namespace

std::string_view JoinKey(sdk::RecordBatch& batch, std::string_view a, std::string_view b) {
  std::string key;
  key.reserve(a.size() + b.size() + 1);
  key.append(a).append(1, ':').append(b);
  return batch.Copy(key);
}

bool MapMember(sdk::RecordBatch& batch, std::string_view list_id, dom::element m,
               std::string_view* id, int64_t* ms, std::string* reject) {
  namespace l = model::lead;
  *id = Text(m, "id");
  const std::string_view changed = Text(m, "last_changed");
  const std::optional<int64_t> changed_ms = sdk::ParseIsoMs(changed);
  *ms = changed_ms.value_or(-1);
  if (id->empty()) {
    *reject = "a member without id";
    return false;
  }
  if (!changed_ms) {
    *reject = "member " + std::string(*id) + ": last_changed '" +
              std::string(changed.substr(0, 40)) + "' is not a date";
    return false;
  }
  const std::string_view status = Text(m, "status");
  std::string_view created = Text(m, "timestamp_signup");
  if (created.empty() || !sdk::ParseIsoMs(created)) created = Text(m, "timestamp_opt");
  batch.Begin(model::kLead, JoinKey(batch, list_id, *id)).UpdatedAt(changed).Raw(RawOf(batch, m));
  if (status == "archived") batch.Deleted();
  const std::string_view email = Text(m, "email_address");
  if (email.empty()) {
    batch.Null(l::kEmail);
  } else {
    batch.Str(l::kEmail, email);
  }
  if (status.empty()) {
    batch.Null(l::kStatus);
  } else {
    batch.Str(l::kStatus, status);
  }
  const std::string_view source = Text(m, "source");
  if (source.empty()) {
    batch.Null(l::kLeadSource);
  } else {
    batch.Str(l::kLeadSource, source);
  }
  Time(batch, l::kCreatedAt, created);
  return true;
}

bool MapCampaign(sdk::RecordBatch& batch, dom::element c, std::string_view* id, int64_t* create_ms,
                 std::string_view* status, std::string* reject) {
  namespace k = model::campaign;
  *id = Text(c, "id");
  *status = Text(c, "status");
  const std::string_view created = Text(c, "create_time");
  *create_ms = sdk::ParseIsoMs(created).value_or(-1);
  if (id->empty()) {
    *reject = "a campaign without id";
    return false;
  }
  if (*create_ms < 0) {
    *reject = "campaign " + std::string(*id) + ": create_time '" +
              std::string(created.substr(0, 40)) + "' is not a date";
    return false;
  }
  // Only an element found in the document may be asked its type: a default dom::element
  // belongs to none (is_object() on one dereferenced null when "settings" was absent).
  dom::element settings;
  std::string_view title;
  if (c["settings"].get(settings) == simdjson::SUCCESS && settings.is_object()) {
    title = Text(settings, "title");
    if (title.empty()) title = Text(settings, "subject_line");
  }
  const std::string_view sent = Text(c, "send_time");
  batch.Begin(model::kCampaign, *id)
      .UpdatedAt(sent.empty() ? created : sent)
      .Raw(RawOf(batch, c))
      .Str(k::kChannel, "email");
  if (title.empty()) {
    batch.Null(k::kName);
  } else {
    batch.Str(k::kName, title);
  }
  Time(batch, k::kStartAt, sent);
  return true;
}

bool MapActivity(sdk::RecordBatch& batch, std::string_view campaign_id, dom::element e,
                 std::string* reject) {
  namespace cm = model::campaign_member;
  const std::string_view email_id = Text(e, "email_id");
  std::string_view list_id = Text(e, "list_id");
  if (email_id.empty() || list_id.empty()) {
    *reject = "an email-activity entry without email_id or list_id";
    return false;
  }
  std::string_view first, last;
  int64_t first_ms = -1, last_ms = -1;
  bool clicked = false;
  dom::array activity;
  if (e["activity"].get_array().get(activity) == simdjson::SUCCESS) {
    for (dom::element a : activity) {
      const std::string_view at = Text(a, "timestamp");
      const std::optional<int64_t> ms = sdk::ParseIsoMs(at);
      if (Text(a, "action") == "click") clicked = true;
      if (!ms) continue;
      if (first_ms < 0 || *ms < first_ms) first_ms = *ms, first = at;
      if (*ms > last_ms) last_ms = *ms, last = at;
    }
  }
  batch.Begin(model::kCampaignMember, JoinKey(batch, campaign_id, email_id));
  if (!last.empty()) batch.UpdatedAt(last);
  batch.Raw(RawOf(batch, e))
      .Str(cm::kCampaignSourceId, campaign_id)
      .Str(cm::kLeadSourceId, JoinKey(batch, list_id, email_id))
      .Bool(cm::kResponded, clicked);
  Time(batch, cm::kFirstTouchAt, first);
  return true;
}

}  // namespace tempo::mailchimp
