// The fake HubSpot's handlers.
#include "fakes/hubspot/provider_hubspot.h"

#include <algorithm>
#include <cstdio>
#include <shared_mutex>

#include "common/json_writer.h"
#include "fakes/core/encoding.h"
#include "fakes/core/router.h"
#include "fakes/hubspot/hubspot_associations_v4.h"
#include "fakes/hubspot/hubspot_objects.h"
#include "fakes/hubspot/hubspot_search.h"

namespace tempo::fakes {
namespace {

constexpr int64_t kListMaxLimit = 100;
constexpr int64_t kBurstMax = 190;  // per 10 s (Professional)
constexpr int64_t kSecondlyMax = 19;

// All values of a repeatable, comma-separated parameter ("properties=a,b&properties=c").
std::vector<std::string> ListParam(const httplib::Request& req, const std::string& name) {
  std::vector<std::string> out;
  for (size_t i = 0; i < req.get_param_value_count(name); ++i) {
    const std::string value = req.get_param_value(name, i);
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = value.find(',', start);
      std::string item =
          value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!item.empty() && std::find(out.begin(), out.end(), item) == out.end())
        out.push_back(item);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

// A property a response shows: its index in the type's (and each record's) property list and
// its key as JSON text, rendered once per request.
struct ShownProperty {
  size_t index;
  std::string key;  // "\"name\":"
};

// The properties a response shows: the requested ones the type has (unknown names are
// ignored, as HubSpot does), always with hs_object_id, createdate and the modification date.
std::vector<ShownProperty> ShownProperties(const HubSpotObjectType& type,
                                           const std::vector<std::string>& requested) {
  std::vector<ShownProperty> shown;
  auto add = [&](std::string_view name) {
    for (size_t i = 0; i < type.properties.size(); ++i) {
      if (type.properties[i].name != name) continue;
      if (std::none_of(shown.begin(), shown.end(),
                       [i](const ShownProperty& s) { return s.index == i; })) {
        std::string key;
        AppendJsonText(key, name);
        key.push_back(':');
        shown.push_back({i, std::move(key)});
      }
    }
  };
  if (requested.empty()) {
    for (std::string_view name : type.default_properties) add(name);
    return shown;
  }
  for (const std::string& name : requested) add(name);
  add("createdate");
  add(type.modified_property);
  add("hs_object_id");
  return shown;
}

// Appends one record object. Pages are written straight into one reserved string (no
// JsonWriter bookkeeping, no per-value temporaries): building records is most of the server's
// CPU per page.
void AppendRecord(std::string& out, HubSpotRecordBuilder& builder, const Dataset& dataset,
                  const HubSpotObjectType& type, int64_t row,
                  const std::vector<ShownProperty>& shown,
                  const std::vector<std::string>& associations) {
  const HubSpotRecord& r = builder.Build(row);
  out += "{\"id\":\"";
  AppendDecimal(out, r.id);
  out += "\",\"properties\":{";
  for (size_t i = 0; i < shown.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += shown[i].key;
    const HubSpotValue& v = r.properties[shown[i].index].second;
    if (v.has_value()) {
      AppendJsonText(out, *v, r.escape_non_ascii);
    } else {
      out += "null";
    }
  }
  out += "},\"createdAt\":\"";
  AppendIsoMillis(out, r.created_ms);
  out += "\",\"updatedAt\":\"";
  AppendIsoMillis(out, r.modified_ms);
  out += r.archived ? "\",\"archived\":true" : "\",\"archived\":false";
  if (r.archived) {
    out += ",\"archivedAt\":\"";
    AppendIsoMillis(out, r.modified_ms);
    out.push_back('"');
  }
  bool opened = false;
  for (const std::string& to : associations) {
    std::vector<HubSpotAssociation> list = HubSpotAssociations(dataset, type, row, to);
    if (list.empty()) continue;
    out += opened ? "," : ",\"associations\":{";
    opened = true;
    AppendJsonText(out, to);
    out += ":{\"results\":[";
    for (size_t i = 0; i < list.size() && i < 100; ++i) {
      out += i > 0 ? ",{\"id\":\"" : "{\"id\":\"";
      AppendDecimal(out, list[i].id);
      out += "\",\"type\":";
      AppendJsonText(out, list[i].type);
      out.push_back('}');
    }
    out += "]}";
  }
  if (opened) out.push_back('}');
  out.push_back('}');
}

// A guess at a page's size, so its string is allocated once.
size_t PageReserve(int64_t records, const std::vector<ShownProperty>& shown) {
  return static_cast<size_t>(records) * (160 + 40 * shown.size()) + 1024;
}

// The list cursor: the next record's id, base64, URL-encoded (as HubSpot's "MTAyNA%3D%3D").
std::string EncodeListCursor(int64_t id) { return PercentEncode(Base64Encode(std::to_string(id))); }

std::optional<int64_t> DecodeListCursor(const std::string& after) {
  if (std::optional<int64_t> id = ParseInt(after)) return id;
  std::optional<std::string> decoded = Base64Decode(after);
  if (!decoded) return std::nullopt;
  return ParseInt(*decoded);
}

std::string HostOf(const httplib::Request& req, int port) {
  std::string host = req.get_header_value("Host");
  return host.empty() ? "127.0.0.1:" + std::to_string(port) : host;
}

std::string_view PolicyMessage(std::string_view policy) {
  if (policy == "DAILY") return "You have reached your daily limit.";
  if (policy == "TEN_SECONDLY_ROLLING") return "You have reached your ten_secondly_rolling limit.";
  return "You have reached your secondly limit.";
}

}  // namespace

void HubSpotProvider::RegisterRoutes(Router& router) {
  const std::string objects = "/crm/v3/objects/(contacts|companies|deals)";
  router.Get(*this, objects, [this](const auto& req, auto& res) { List(req, res); });
  router.Get(*this, objects + "/([0-9]+)",
             [this](const auto& req, auto& res) { GetOne(req, res); });
  router.Post(*this, objects + "/search", [this](const auto& req, auto& res) { Search(req, res); });
  router.Get(*this, "/crm/v3/properties/(contacts|companies|deals)",
             [this](const auto& req, auto& res) { Properties(req, res); });
  router.Post(*this, "/oauth/v1/token", [this](const auto& req, auto& res) { Token(req, res); });
  router.Post(*this,
              "/crm/v4/associations/(contacts|companies|deals)/(contacts|companies)/batch/read",
              [this](const auto& req, auto& res) { AssociationsBatchRead(req, res); });
  router.Get(*this, "/marketing/v3/emails",
             [this](const auto& req, auto& res) { MarketingEmails(req, res); });
  router.Get(*this, "/marketing/v3/campaigns",
             [this](const auto& req, auto& res) { MarketingCampaigns(req, res); });
  router.Get(*this, "/settings/v3/currencies/company-currency",
             [this](const auto& req, auto& res) { CompanyCurrency(req, res); });
  router.Get(*this, "/settings/v3/currencies/exchange-rates",
             [this](const auto& req, auto& res) { ExchangeRates(req, res); });
  auto not_found = [this](const httplib::Request& req, httplib::Response& res) {
    Error(res, 404, "OBJECT_NOT_FOUND", "No route for " + req.method + " " + req.path);
  };
  router.Get(*this, "/.*", not_found);
  router.Post(*this, "/.*", not_found);
}

std::string HubSpotProvider::CorrelationId() {
  const uint64_t h = Mix64(state_.options.dataset.seed ^ (0xc0ffeeULL + correlation_++));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-a%03x-%012llx", static_cast<unsigned>(h >> 32),
                static_cast<unsigned>(h >> 16) & 0xffff, static_cast<unsigned>(h >> 4) & 0xfff,
                static_cast<unsigned>(h >> 8) & 0xfff,
                static_cast<unsigned long long>(Mix64(h)) & 0xffffffffffffULL);
  return buf;
}

void HubSpotProvider::Error(httplib::Response& res, int status, std::string_view category,
                            std::string_view message) {
  JsonWriter w;
  w.BeginObject()
      .Key("status")
      .String("error")
      .Key("message")
      .String(message)
      .Key("correlationId")
      .String(CorrelationId())
      .Key("category")
      .String(category)
      .EndObject();
  SendJson(res, status, w.Take());
}

void HubSpotProvider::AddRateLimitHeaders(httplib::Response& res, bool private_app) {
  std::lock_guard lock(rate_mutex_);
  const auto now = std::chrono::steady_clock::now();
  while (!recent_.empty() && now - recent_.front() >= std::chrono::seconds(10)) recent_.pop_front();
  recent_.push_back(now);
  ++calls_today_;
  // recent_ is in time order: the calls of the last second are a suffix (a binary search, not
  // a scan of up to 10 s of calls on every request).
  const int64_t last_second =
      recent_.end() - std::partition_point(recent_.begin(), recent_.end(), [&](auto t) {
        return now - t >= std::chrono::seconds(1);
      });
  const int64_t in_window = static_cast<int64_t>(recent_.size());
  if (private_app) {  // not sent to OAuth apps
    res.set_header("X-HubSpot-RateLimit-Daily", std::to_string(state_.options.hubspot_daily_limit));
    res.set_header(
        "X-HubSpot-RateLimit-Daily-Remaining",
        std::to_string(std::max<int64_t>(0, state_.options.hubspot_daily_limit - calls_today_)));
  }
  res.set_header("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
  res.set_header("X-HubSpot-RateLimit-Max", std::to_string(kBurstMax));
  res.set_header("X-HubSpot-RateLimit-Remaining",
                 std::to_string(std::max<int64_t>(0, kBurstMax - in_window)));
  res.set_header("X-HubSpot-RateLimit-Secondly", std::to_string(kSecondlyMax));
  res.set_header("X-HubSpot-RateLimit-Secondly-Remaining",
                 std::to_string(std::max<int64_t>(0, kSecondlyMax - last_second)));
}

const HubSpotObjectType* HubSpotProvider::AuthorizedGet(const httplib::Request& req,
                                                        httplib::Response& res) {
  bool private_app = false;
  if (!Authorize(req, res, private_app)) return nullptr;
  AddRateLimitHeaders(res, private_app);
  return FindHubSpotObjectType(req.matches[1].str());
}

bool HubSpotProvider::Authorize(const httplib::Request& req, httplib::Response& res,
                                bool& private_app) {
  const std::string auth = req.get_header_value("Authorization");
  const std::string bearer = auth.starts_with("Bearer ") ? auth.substr(7) : std::string();
  const TokenCheck check = state_.tokens.Check(ProviderId::kHubSpot, bearer);
  private_app = check.label.starts_with("hubspot-pat");
  if (check.state == TokenState::kValid) return true;
  if (check.state == TokenState::kExpired) {
    const int64_t ago = std::max<int64_t>(0, (state_.clock.NowMs() - check.expired_at_ms) / 1000);
    JsonWriter w;
    w.BeginObject()
        .Key("status")
        .String("error")
        .Key("message")
        .String("The OAuth token used to make this call expired " + std::to_string(ago) +
                " second(s) ago.")
        .Key("correlationId")
        .String(CorrelationId())
        .Key("category")
        .String("EXPIRED_AUTHENTICATION")
        .Key("context")
        .BeginObject()
        .Key("expire time")
        .BeginArray()
        .String(FormatIsoMillis(check.expired_at_ms))
        .EndArray()
        .EndObject()
        .EndObject();
    SendJson(res, 401, w.Take());
    return false;
  }
  Error(res, 401, "INVALID_AUTHENTICATION",
        "Authentication credentials not found. This API supports OAuth 2.0 authentication and you "
        "can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview");
  res.set_header("x-hubspot-auth-failure", "401 Unauthorized");
  return false;
}

void HubSpotProvider::List(const httplib::Request& req, httplib::Response& res) {
  const HubSpotObjectType* type_or_null = AuthorizedGet(req, res);
  if (type_or_null == nullptr) return;
  const HubSpotObjectType& type = *type_or_null;
  int64_t limit = 10;
  if (req.has_param("limit")) {
    std::optional<int64_t> v = ParseInt(req.get_param_value("limit"));
    if (!v || *v < 1 || *v > kListMaxLimit) {
      Error(
          res, 400, "VALIDATION_ERROR",
          "limit must be an integer between 1 and 100, got '" + req.get_param_value("limit") + "'");
      return;
    }
    limit = *v;
  }
  const bool archived = req.get_param_value("archived") == "true";
  const std::vector<std::string> requested = ListParam(req, "properties");
  const std::vector<std::string> associations = ListParam(req, "associations");
  const std::vector<ShownProperty> shown = ShownProperties(type, requested);

  std::shared_lock lock(state_.dataset_mutex);
  const Dataset& dataset = state_.dataset;
  const int64_t count = dataset.Count(type.entity);
  int64_t row = 0;
  if (req.has_param("after")) {
    const std::string after = req.get_param_value("after");
    std::optional<int64_t> id = DecodeListCursor(after);
    if (!id || *id < type.id_base) {
      Error(res, 400, "VALIDATION_ERROR",
            "Invalid 'after' cursor '" + after +
                "': pass paging.next.after back unchanged (was it URL-encoded twice?)");
      return;
    }
    row = *id - type.id_base;
  }
  // The records as this request shows them are a view of the cache (the dataset's shared lock,
  // held until the page is built, keeps its stamp current).
  std::string view_key(type.name);
  for (const ShownProperty& p : shown) view_key += p.key;
  for (const std::string& a : associations) view_key += "|" + a;
  const std::shared_ptr<HubSpotRecordCache::View> cached =
      record_cache_.ViewFor(view_key, {dataset.version(), state_.clock.OffsetMs()}, count);
  HubSpotRecordBuilder builder(dataset, type);
  std::string body;
  body.reserve(PageReserve(limit, shown));
  body += "{\"results\":[";
  int64_t written = 0;
  for (; row < count && written < limit; ++row) {
    if (dataset.Archived(type.entity, row) != archived ||
        !dataset.Serves(Crm::kHubSpot, type.entity, row)) {
      continue;
    }
    if (written++ > 0) body.push_back(',');
    if (cached != nullptr && cached->AppendTo(body, row)) continue;
    const size_t start = body.size();
    AppendRecord(body, builder, dataset, type, row, shown, associations);
    if (cached != nullptr) cached->Insert(row, std::string_view(body).substr(start));
  }
  while (row < count && (dataset.Archived(type.entity, row) != archived ||
                         !dataset.Serves(Crm::kHubSpot, type.entity, row))) {
    ++row;
  }
  body.push_back(']');
  if (row < count) {
    const std::string cursor = EncodeListCursor(HubSpotId(type, row));
    std::string link = "http://" + HostOf(req, state_.port) + req.path + "?after=" + cursor +
                       "&limit=" + std::to_string(limit);
    if (!requested.empty()) {
      link += "&properties=";
      for (size_t i = 0; i < requested.size(); ++i)
        link += (i ? "," : "") + PercentEncode(requested[i]);
    }
    if (archived) link += "&archived=true";
    body += ",\"paging\":{\"next\":{\"after\":";
    AppendJsonText(body, cursor);
    body += ",\"link\":";
    AppendJsonText(body, link);
    body += "}}";
  }
  body.push_back('}');
  SendJson(res, 200, std::move(body));
}

void HubSpotProvider::GetOne(const httplib::Request& req, httplib::Response& res) {
  const HubSpotObjectType* type_or_null = AuthorizedGet(req, res);
  if (type_or_null == nullptr) return;
  const HubSpotObjectType& type = *type_or_null;
  const bool archived = req.get_param_value("archived") == "true";
  std::shared_lock lock(state_.dataset_mutex);
  std::optional<int64_t> id = ParseInt(req.matches[2].str());
  std::optional<int64_t> row =
      id ? HubSpotRow(type, *id, state_.dataset.Count(type.entity)) : std::nullopt;
  if (!row || state_.dataset.Archived(type.entity, *row) != archived ||
      !state_.dataset.Serves(Crm::kHubSpot, type.entity, *row)) {
    Error(res, 404, "OBJECT_NOT_FOUND", "resource not found");
    return;
  }
  HubSpotRecordBuilder builder(state_.dataset, type);
  std::string body;
  AppendRecord(body, builder, state_.dataset, type, *row,
               ShownProperties(type, ListParam(req, "properties")), ListParam(req, "associations"));
  SendJson(res, 200, std::move(body));
}

void HubSpotProvider::Search(const httplib::Request& req, httplib::Response& res) {
  bool private_app = false;
  if (!Authorize(req, res, private_app)) return;  // search sends no rate-limit headers
  const HubSpotObjectType& type = *FindHubSpotObjectType(req.matches[1].str());
  Result<HubSpotSearchRequest> search = ParseHubSpotSearch(req.body);
  if (!search.ok()) {
    Error(res, 400, "VALIDATION_ERROR", search.status().message());
    return;
  }
  std::shared_lock lock(state_.dataset_mutex);
  Result<HubSpotSearchPage> page = RunHubSpotSearch(state_.dataset, type, *search);
  if (!page.ok()) {
    Error(res, 400, "VALIDATION_ERROR", page.status().message());
    return;
  }
  const std::vector<ShownProperty> shown = ShownProperties(type, search->properties);
  HubSpotRecordBuilder builder(state_.dataset, type);
  std::string body;
  body.reserve(PageReserve(static_cast<int64_t>(page->rows.size()), shown));
  body += "{\"total\":";
  AppendDecimal(body, page->total);
  body += ",\"results\":[";
  for (size_t i = 0; i < page->rows.size(); ++i) {
    if (i > 0) body.push_back(',');
    AppendRecord(body, builder, state_.dataset, type, page->rows[i], shown, {});
  }
  body.push_back(']');
  if (page->has_more) {
    const int64_t next = search->after + static_cast<int64_t>(page->rows.size());
    body += ",\"paging\":{\"next\":{\"after\":\"";
    AppendDecimal(body, next);
    body += "\"}}";
  }
  body.push_back('}');
  SendJson(res, 200, std::move(body));
}

void HubSpotProvider::AssociationsBatchRead(const httplib::Request& req, httplib::Response& res) {
  bool private_app = false;
  if (!Authorize(req, res, private_app)) return;
  const HubSpotObjectType& from = *FindHubSpotObjectType(req.matches[1].str());
  std::shared_lock lock(state_.dataset_mutex);
  Result<std::string> body =
      RenderV4BatchRead(state_.dataset, from, req.matches[2].str(), req.body);
  if (!body.ok()) {
    Error(res, 400, "VALIDATION_ERROR", body.status().message());
    return;
  }
  SendJson(res, 200, std::move(body).value());
}

void HubSpotProvider::Properties(const httplib::Request& req, httplib::Response& res) {
  const HubSpotObjectType* type_or_null = AuthorizedGet(req, res);
  if (type_or_null == nullptr) return;
  const HubSpotObjectType& type = *type_or_null;
  JsonWriter w;
  w.BeginObject().Key("results").BeginArray();
  for (const HubSpotPropertyDef& def : type.properties) {
    w.BeginObject()
        .Key("name")
        .String(def.name)
        .Key("label")
        .String(def.label)
        .Key("type")
        .String(def.type)
        .Key("fieldType")
        .String(def.field_type)
        .Key("groupName")
        .String(std::string(type.name.substr(0, type.name.size() - 1)) + "information")
        .Key("hidden")
        .Bool(false)
        .EndObject();
  }
  w.EndArray().EndObject();
  SendJson(res, 200, w.Take());
}

void HubSpotProvider::Token(const httplib::Request& req, httplib::Response& res) {
  auto oauth_error = [&](std::string_view status, std::string_view message) {
    JsonWriter w;
    w.BeginObject()
        .Key("status")
        .String(status)
        .Key("message")
        .String(message)
        .Key("correlationId")
        .String(CorrelationId())
        .EndObject();
    SendJson(res, 400, w.Take());
  };
  if (req.get_param_value("grant_type") != "refresh_token") {
    oauth_error("BAD_GRANT_TYPE", "grant_type must be refresh_token (got '" +
                                      req.get_param_value("grant_type") + "')");
    return;
  }
  IssuedToken token;
  const GrantError error = state_.tokens.Refresh(
      ProviderId::kHubSpot, req.get_param_value("client_id"), req.get_param_value("client_secret"),
      req.get_param_value("refresh_token"), token);
  switch (error) {
    case GrantError::kInvalidClient:
      oauth_error("BAD_CLIENT_ID", "missing or unknown client id, or wrong client secret");
      return;
    case GrantError::kInvalidGrant:
    case GrantError::kUnsupportedGrantType:
      oauth_error("BAD_REFRESH_TOKEN", "missing or unknown refresh token");
      return;
    case GrantError::kNone:
      break;
  }
  JsonWriter w;
  w.BeginObject()
      .Key("token_type")
      .String("bearer")
      .Key("refresh_token")
      .String(token.refresh_token)
      .Key("access_token")
      .String(token.access_token)
      .Key("expires_in")
      .Int(token.expires_in_s)
      .EndObject();
  SendJson(res, 200, w.Take());
}

void HubSpotProvider::RenderFault(const FaultRule& rule, const httplib::Request&,
                                  httplib::Response& res) {
  switch (rule.kind) {
    case FaultKind::kRateLimited:
    case FaultKind::kRateWindow:
    case FaultKind::kQuota: {
      const std::string policy = rule.kind == FaultKind::kQuota ? "DAILY" : rule.policy;
      JsonWriter w;
      w.BeginObject()
          .Key("status")
          .String("error")
          .Key("message")
          .String(PolicyMessage(policy))
          .Key("errorType")
          .String("RATE_LIMIT")
          .Key("correlationId")
          .String(CorrelationId())
          .Key("policyName")
          .String(policy)
          .Key("requestId")
          .String(CorrelationId())
          .EndObject();
      SendJson(res, 429, w.Take());
      return;
    }
    case FaultKind::kInvalidGrant: {
      JsonWriter w;
      w.BeginObject()
          .Key("status")
          .String("BAD_REFRESH_TOKEN")
          .Key("message")
          .String("missing or unknown refresh token")
          .Key("correlationId")
          .String(CorrelationId())
          .EndObject();
      SendJson(res, 400, w.Take());
      return;
    }
    default: {
      const int status = rule.status;
      const std::string_view category = status == 400   ? "VALIDATION_ERROR"
                                        : status == 401 ? "INVALID_AUTHENTICATION"
                                        : status == 403 ? "MISSING_SCOPES"
                                        : status == 404 ? "OBJECT_NOT_FOUND"
                                        : status == 429 ? "RATE_LIMITS"
                                                        : "INTERNAL_ERROR";
      Error(res, status, category, status >= 500 ? "internal error" : "injected error");
      return;
    }
  }
}

}  // namespace tempo::fakes
