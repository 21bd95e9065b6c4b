// HubSpot's marketing view of the dataset (hubspot_marketing.h), and the fake's
// /marketing/v3/emails and /marketing/v3/campaigns handlers.
#include "fakes/hubspot/hubspot_marketing.h"

#include <cstdio>
#include <shared_mutex>

#include "common/json_writer.h"
#include "fakes/core/encoding.h"
#include "fakes/core/router.h"
#include "fakes/hubspot/provider_hubspot.h"

namespace tempo::fakes {
namespace {

constexpr int64_t kMaxLimit = 100;
constexpr uint64_t kCampaignGuid = 0x6873'6d6b'0001;

std::string Guid(uint64_t seed, int64_t row) {
  const uint64_t a = Hash(seed, kCampaignGuid, static_cast<uint64_t>(row));
  const uint64_t b = Mix64(a);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>(a >> 16) & 0xffff, static_cast<unsigned>(a) & 0xfff,
                0x8000u | (static_cast<unsigned>(b >> 48) & 0x3fff),
                static_cast<unsigned long long>(b) & 0xffffffffffffULL);
  return buf;
}

// The list cursor, as the CRM lists': the next id, base64, URL-encoded.
std::string Cursor(int64_t index) { return PercentEncode(Base64Encode(std::to_string(index))); }

std::optional<int64_t> Uncursor(const std::string& after) {
  std::optional<std::string> decoded = Base64Decode(after);
  return decoded ? ParseInt(*decoded) : std::nullopt;
}

}  // namespace

HubSpotMarketingEmail MarketingEmail(const Dataset& dataset, int64_t row) {
  const CampaignRecord c = dataset.Campaign(row);
  HubSpotMarketingEmail e;
  e.id = std::to_string(kMarketingEmailIdBase + row);
  e.name = c.name + " announcement";
  e.subject = "Join us: " + c.name;
  e.campaign = Guid(dataset.options().seed, row);
  e.created_ms = c.created_ms;
  e.updated_ms = c.modified_ms;
  e.archived = c.archived;
  if (c.start_ms <= dataset.options().as_of_ms) {
    e.state = "PUBLISHED";
    e.publish_ms = c.start_ms + 14 * 3600 * 1000;  // 14:00 UTC on its start day
    e.sent = 200 +
             static_cast<int64_t>(
                 Hash(dataset.options().seed, kCampaignGuid + 1, static_cast<uint64_t>(row)) % 800);
    e.opens = e.sent * 2 / 5;
    e.clicks = e.sent / 12;
  } else {
    e.state = "DRAFT";
  }
  return e;
}

HubSpotMarketingCampaign MarketingCampaign(const Dataset& dataset, int64_t row) {
  const CampaignRecord c = dataset.Campaign(row);
  HubSpotMarketingCampaign m;
  m.id = Guid(dataset.options().seed, row);
  m.name = c.partner >= 0 ? c.name + " with " + dataset.Partner(c.partner).name : c.name;
  m.start_date = FormatDate(c.start_ms);
  m.end_date = FormatDate(c.end_ms);
  m.status = c.status == "Completed" ? "completed"
             : c.status == "Planned" ? "planned"
                                     : "in_progress";
  m.budget = static_cast<int64_t>(c.budgeted_cost);
  m.created_ms = c.created_ms;
  m.updated_ms = c.modified_ms;
  m.archived = c.archived;
  return m;
}

// GET /marketing/v3/emails?limit&after&updatedAfter&includeStats&archived: emails in id order,
// updatedAt strictly after updatedAfter; paging.next.after/link while more remain.
void HubSpotProvider::MarketingEmails(const httplib::Request& req, httplib::Response& res) {
  bool private_app = false;
  if (!Authorize(req, res, private_app)) return;
  AddRateLimitHeaders(res, private_app);
  int64_t limit = 10, first = 0, updated_after = INT64_MIN;
  if (req.has_param("limit")) {
    std::optional<int64_t> v = ParseInt(req.get_param_value("limit"));
    if (!v || *v < 1 || *v > kMaxLimit) {
      Error(res, 400, "VALIDATION_ERROR", "limit must be an integer between 1 and 100");
      return;
    }
    limit = *v;
  }
  if (req.has_param("after")) {
    std::optional<int64_t> v = Uncursor(req.get_param_value("after"));
    if (!v || *v < 0) {
      Error(res, 400, "VALIDATION_ERROR", "Invalid 'after': pass paging.next.after back unchanged");
      return;
    }
    first = *v;
  }
  if (req.has_param("updatedAfter")) {
    std::optional<int64_t> v = ParseIsoDateTime(req.get_param_value("updatedAfter"));
    if (!v) {
      Error(res, 400, "VALIDATION_ERROR", "updatedAfter must be an ISO-8601 date-time");
      return;
    }
    updated_after = *v;
  }
  const bool archived = req.get_param_value("archived") == "true";
  const bool stats = req.get_param_value("includeStats") == "true";
  std::shared_lock lock(state_.dataset_mutex);
  const int64_t count = state_.dataset.Count(Entity::kCampaign);
  std::string body = "{\"results\":[";
  int64_t row = first, written = 0;
  auto matches = [&](int64_t r) {
    return state_.dataset.Archived(Entity::kCampaign, r) == archived &&
           state_.dataset.ModifiedMs(Entity::kCampaign, r) > updated_after;
  };
  for (; row < count && written < limit; ++row) {
    if (!matches(row)) continue;
    const HubSpotMarketingEmail e = MarketingEmail(state_.dataset, row);
    JsonWriter w;
    w.BeginObject().Key("id").String(e.id).Key("name").String(e.name).Key("subject").String(
        e.subject);
    w.Key("state").String(e.state).Key("type").String("BATCH_EMAIL");
    w.Key("campaign").String(e.campaign).Key("createdAt").String(FormatIsoMillis(e.created_ms));
    w.Key("updatedAt").String(FormatIsoMillis(e.updated_ms));
    if (e.publish_ms >= 0) w.Key("publishDate").String(FormatIsoMillis(e.publish_ms));
    w.Key("archived").Bool(e.archived);
    if (stats) {
      w.Key("stats").BeginObject().Key("counters").BeginObject();
      w.Key("sent").Int(e.sent).Key("open").Int(e.opens).Key("click").Int(e.clicks);
      w.EndObject().EndObject();
    }
    w.EndObject();
    body += (written++ ? "," : "") + w.Take();
  }
  while (row < count && !matches(row)) ++row;
  body.push_back(']');
  if (row < count) {
    const std::string cursor = Cursor(row);
    body += ",\"paging\":{\"next\":{\"after\":";
    AppendJsonText(body, cursor);
    body += ",\"link\":";
    AppendJsonText(body, "http://127.0.0.1:" + std::to_string(state_.port.load()) + req.path +
                             "?after=" + cursor + "&limit=" + std::to_string(limit));
    body += "}}";
  }
  body.push_back('}');
  SendJson(res, 200, std::move(body));
}

// GET /marketing/v3/campaigns?after&limit&properties=hs_name,...: live campaigns in row order,
// the requested hs_ properties as strings (unknown names ignored), `total`.
void HubSpotProvider::MarketingCampaigns(const httplib::Request& req, httplib::Response& res) {
  bool private_app = false;
  if (!Authorize(req, res, private_app)) return;
  AddRateLimitHeaders(res, private_app);
  int64_t limit = 50, first = 0;
  if (req.has_param("limit")) {
    std::optional<int64_t> v = ParseInt(req.get_param_value("limit"));
    if (!v || *v < 1 || *v > kMaxLimit) {
      Error(res, 400, "VALIDATION_ERROR", "limit must be an integer between 1 and 100");
      return;
    }
    limit = *v;
  }
  if (req.has_param("after")) {
    std::optional<int64_t> v = Uncursor(req.get_param_value("after"));
    if (!v || *v < 0) {
      Error(res, 400, "VALIDATION_ERROR", "Invalid 'after': pass paging.next.after back unchanged");
      return;
    }
    first = *v;
  }
  std::vector<std::string> requested;
  for (size_t i = 0; i < req.get_param_value_count("properties"); ++i) {
    const std::string value = req.get_param_value("properties", i);
    for (size_t start = 0; start <= value.size();) {
      const size_t comma = std::min(value.find(',', start), value.size());
      if (comma > start) requested.push_back(value.substr(start, comma - start));
      start = comma + 1;
    }
  }
  std::shared_lock lock(state_.dataset_mutex);
  const int64_t count = state_.dataset.Count(Entity::kCampaign);
  int64_t total = 0;
  for (int64_t r = 0; r < count; ++r) total += !state_.dataset.Archived(Entity::kCampaign, r);
  std::string body = "{\"results\":[";
  int64_t row = first, written = 0;
  for (; row < count && written < limit; ++row) {
    if (state_.dataset.Archived(Entity::kCampaign, row)) continue;
    const HubSpotMarketingCampaign c = MarketingCampaign(state_.dataset, row);
    JsonWriter w;
    w.BeginObject().Key("id").String(c.id).Key("properties").BeginObject();
    for (const std::string& name : requested) {
      if (name == "hs_name") w.Key(name).String(c.name);
      if (name == "hs_start_date") w.Key(name).String(c.start_date);
      if (name == "hs_end_date") w.Key(name).String(c.end_date);
      if (name == "hs_campaign_status") w.Key(name).String(c.status);
      if (name == "hs_budget_items_sum_amount") w.Key(name).String(std::to_string(c.budget));
      if (name == "hs_currency_code") w.Key(name).String("USD");
      if (name == "hs_notes") w.Key(name).Null();
    }
    w.EndObject();
    w.Key("createdAt").String(FormatIsoMillis(c.created_ms));
    w.Key("updatedAt").String(FormatIsoMillis(c.updated_ms));
    w.Key("businessUnits").BeginArray().BeginObject().Key("id").Int(0).EndObject().EndArray();
    w.EndObject();
    body += (written++ ? "," : "") + w.Take();
  }
  while (row < count && state_.dataset.Archived(Entity::kCampaign, row)) ++row;
  body += "],\"total\":" + std::to_string(total);
  if (row < count) {
    const std::string cursor = Cursor(row);
    body += ",\"paging\":{\"next\":{\"after\":";
    AppendJsonText(body, cursor);
    body += ",\"link\":";
    AppendJsonText(body, "http://127.0.0.1:" + std::to_string(state_.port.load()) + req.path +
                             "?after=" + cursor + "&limit=" + std::to_string(limit));
    body += "}}";
  }
  body.push_back('}');
  SendJson(res, 200, std::move(body));
}

}  // namespace tempo::fakes
