// The `salesforce` connector: Salesforce objects over the REST API (SOQL `query` / `queryAll`)
// into canonical entities. One stream per object; README.md explains it for admins.
//
// Every request goes through the host's HTTP service (ctx.Http): OAuth2 (refresh-token or
// client-credentials grant at login_url), refresh-and-replay on 401 INVALID_SESSION_ID, retries,
// the rate budget and redaction are the host's. This file builds SOQL, pages through
// nextRecordsUrl, maps records and checkpoints (SystemModstamp, Id) at page boundaries.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "soql.h"
#include "tempo/plugin.hpp"

namespace tempo::salesforce {

using sdk::Context;
using sdk::Status;

inline constexpr char kConfigSchema[] = R"json({
  "type": "object",
  "required": ["client_id", "client_secret"],
  "additionalProperties": false,
  "properties": {
    "login_url": {"type": "string", "minLength": 1, "default": "https://login.salesforce.com",
                  "description": "OAuth host; the token endpoint is login_url + /services/oauth2/token (sandboxes: https://test.salesforce.com; client credentials: the org's My Domain URL)."},
    "api_version": {"type": "string", "pattern": "^[0-9]+\\.[0-9]$", "default": "62.0",
                    "description": "REST API version, e.g. 62.0."},
    "grant": {"type": "string", "enum": ["refresh_token", "client_credentials"], "default": "refresh_token",
              "description": "OAuth2 grant used to get a session."},
    "client_id": {"type": "string", "minLength": 1, "description": "Connected app consumer key."},
    "client_secret": {"type": "string", "minLength": 1, "x-secret": true, "description": "Connected app consumer secret."},
    "refresh_token": {"type": "string", "minLength": 1, "x-secret": true, "description": "Refresh token (grant refresh_token)."},
    "session_lifetime_s": {"type": "integer", "minimum": 60, "maximum": 86400, "default": 900,
                           "description": "How long a session is reused before a new token is fetched (Salesforce sends no expires_in)."},
    "requests_per_second": {"type": "number", "minimum": 0, "default": 20, "description": "Request budget of the org, shared by its connections."},
    "burst": {"type": "number", "minimum": 0, "default": 25, "description": "Token-bucket capacity."},
    "batch_size": {"type": "integer", "minimum": 200, "maximum": 2000, "default": 2000,
                   "description": "Rows per query page asked with Sforce-Query-Options (a hint)."},
    "max_url_bytes": {"type": "integer", "minimum": 256, "maximum": 16384, "default": 8000,
                      "description": "Longest query URL; wider field lists are split into several queries merged by Id."},
    "cursor_query": {"type": "string", "enum": ["keyset", "inclusive"], "default": "keyset",
                     "description": "keyset: resume strictly after (SystemModstamp, Id) with OR and parentheses; inclusive: SystemModstamp >= cursor only (re-reads the records of the last timestamp; for SOQL endpoints without OR)."},
    "fields": {"type": "object", "description": "Object name: list of fields to read instead of the default list."},
    "extra_fields": {"type": "object", "description": "Object name: fields to read in addition to the default list (custom fields)."},
    "lead_partner_field": {"type": "string", "default": "", "description": "Lead field referencing the referring partner Account (e.g. Referring_Partner__c); empty: none."},
    "campaign_partner_field": {"type": "string", "default": "", "description": "Campaign field referencing the co-marketing partner Account (e.g. Partner_Account__c); empty: none."},
    "role_map": {"type": "object", "description": "Partner Role picklist value: canonical role (sourced, influenced, co_sell, resell, implementation, referral); merged over the defaults."},
    "default_role": {"type": "string", "enum": ["sourced", "influenced", "co_sell", "resell", "implementation", "referral"], "default": "influenced",
                     "description": "Canonical role of a Role value the mapping does not name."}
  }
})json";

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One synced object.
struct ObjectSpec {
  std::string stream;  // also the canonical entity
  std::string object;
  std::vector<std::string> fields;
};

constexpr const char* kCommon[] = {"IsDeleted", "CreatedDate", "LastModifiedDate",
                                   "SystemModstamp"};

std::vector<ObjectSpec> DefaultObjects() {
  auto with_common = [](std::vector<std::string> f) {
    for (const char* c : kCommon) f.emplace_back(c);
    return f;
  };
  return {
      {"account", "Account",
       with_common({"Id", "Name", "Type", "Industry", "Website", "BillingCountry",
                    "NumberOfEmployees", "AnnualRevenue", "OwnerId", "ParentId"})},
      {"contact", "Contact",
       with_common({"Id", "AccountId", "FirstName", "LastName", "Name", "Email", "Title", "Phone",
                    "OwnerId"})},
      {"opportunity", "Opportunity",
       with_common({"Id", "AccountId", "Name", "Amount", "CloseDate", "StageName", "IsClosed",
                    "IsWon", "Probability", "ForecastCategoryName", "Type", "LeadSource",
                    "OwnerId"})},
      {"opportunity_partner", "OpportunityPartner",
       with_common({"Id", "OpportunityId", "AccountToId", "Role", "IsPrimary", "ReversePartnerId",
                    "CreatedById", "LastModifiedById"})},
      {"partner", "Partner",
       with_common({"Id", "OpportunityId", "AccountFromId", "AccountToId", "Role", "IsPrimary",
                    "ReversePartnerId", "CreatedById", "LastModifiedById"})},
      {"lead", "Lead",
       with_common({"Id", "FirstName", "LastName", "Name", "Email", "Company", "Website", "Title",
                    "Status", "LeadSource", "IsConverted", "ConvertedAccountId", "ConvertedDate",
                    "OwnerId"})},
      {"campaign", "Campaign",
       with_common({"Id", "Name", "Type", "Status", "StartDate", "EndDate", "BudgetedCost",
                    "ActualCost", "IsActive", "OwnerId"})},
      {"campaign_member", "CampaignMember",
       with_common({"Id", "CampaignId", "LeadId", "ContactId", "Status", "HasResponded",
                    "FirstRespondedDate"})},
  };
}

// A field value as decoded from a page; strings unescaped, numbers as their JSON text.
struct Value {
  enum Kind { kNull, kBool, kNumber, kString, kOther } kind = kNull;
  bool b = false;
  double num = 0;
  std::string text;  // string (unescaped), number token, or raw JSON of an object/array
};

struct Record {
  std::vector<std::pair<std::string, Value>> fields;
  const Value* Get(std::string_view name) const {
    for (const auto& [k, v] : fields) {
      if (k == name) return &v;
    }
    return nullptr;
  }
  std::string_view Text(std::string_view name) const {
    const Value* v = Get(name);
    return v != nullptr && v->kind == Value::kString ? std::string_view(v->text)
                                                     : std::string_view();
  }
  bool True(std::string_view name) const {
    const Value* v = Get(name);
    return v != nullptr && v->kind == Value::kBool && v->b;
  }
};

struct Page {
  std::vector<Record> records;
  bool done = true;
  std::string next_url;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Default Salesforce Partner Role picklist values (and common custom ones) -> canonical role.
std::map<std::string, std::string> DefaultRoles() {
  return {{"sourced", "sourced"},
          {"influenced", "influenced"},
          {"referral", "referral"},
          {"referrer", "referral"},
          {"referral partner", "referral"},
          {"system integrator", "implementation"},
          {"consultant", "implementation"},
          {"implementation partner", "implementation"},
          {"var/reseller", "resell"},
          {"reseller", "resell"},
          {"distributor", "resell"},
          {"dealer", "resell"},
          {"broker", "resell"},
          {"licensee", "resell"},
          {"developer", "co_sell"},
          {"agency", "co_sell"},
          {"advertiser", "co_sell"},
          {"co-sell", "co_sell"},
          {"co_sell", "co_sell"}};
}

int32_t Classify(void*, const tempo_http_response* r) {
  std::string_view body(r->body ? r->body : "", r->body ? r->body_len : 0);
  if (r->status == 403 && body.find("REQUEST_LIMIT_EXCEEDED") != std::string_view::npos) {
    return TEMPO_HTTP_QUOTA;  // the org's rolling 24 h API limit: the run ends deferred
  }
  if (r->status == 401) return TEMPO_HTTP_AUTH_EXPIRED;  // INVALID_SESSION_ID: refresh, replay
  return TEMPO_HTTP_DEFAULT;
}

// The first errorCode and message of a REST error list [{"message","errorCode"}].
void ParseErrorList(std::string_view body, std::string* code, std::string* message) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(body);
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc)) return;
  simdjson::ondemand::array list;
  if (doc.get_array().get(list)) return;
  for (auto item : list) {
    simdjson::ondemand::object obj;
    if (item.get_object().get(obj)) return;
    for (auto f : obj) {
      std::string_view key, val;
      if (f.unescaped_key().get(key)) return;
      if (key == "errorCode" && !f.value().get_string().get(val)) *code = std::string(val);
      if (key == "message" && !f.value().get_string().get(val)) *message = std::string(val);
    }
    return;
  }
}

Value ReadValue(simdjson::ondemand::value v) {
  Value out;
  switch (v.type().value()) {
    case simdjson::ondemand::json_type::null:
      out.kind = Value::kNull;
      break;
    case simdjson::ondemand::json_type::boolean:
      out.kind = Value::kBool;
      out.b = v.get_bool().value();
      break;
    case simdjson::ondemand::json_type::number: {
      out.kind = Value::kNumber;
      std::string_view tok = v.raw_json_token();
      while (!tok.empty() && (tok.back() == ' ' || tok.back() == '\n' || tok.back() == '\t' ||
                              tok.back() == '\r')) {
        tok.remove_suffix(1);
      }
      out.text = std::string(tok);
      out.num = v.get_double().value();
      break;
    }
    case simdjson::ondemand::json_type::string:
      out.kind = Value::kString;
      out.text = std::string(v.get_string().value());
      break;
    case simdjson::ondemand::json_type::object:
      out.kind = Value::kOther;
      out.text = std::string(v.get_object().value().raw_json().value());
      break;
    default:
      out.kind = Value::kOther;
      out.text = std::string(v.get_array().value().raw_json().value());
      break;
  }
  return out;
}

// Parses a query page; throws simdjson_error on a body that is not one.
Page ParsePage(simdjson::ondemand::parser& parser, std::string_view body) {
  Page page;
  bool saw_done = false, saw_records = false;
  simdjson::padded_string padded(body);
  simdjson::ondemand::document doc = parser.iterate(padded);
  simdjson::ondemand::object root = doc.get_object();
  for (auto field : root) {
    std::string_view key = field.unescaped_key();
    if (key == "done") {
      page.done = field.value().get_bool();
      saw_done = true;
    } else if (key == "nextRecordsUrl") {
      simdjson::ondemand::value v = field.value();
      if (!v.is_null()) page.next_url = std::string(std::string_view(v.get_string()));
    } else if (key == "records") {
      saw_records = true;
      for (auto item : field.value().get_array()) {
        Record rec;
        for (auto f : item.get_object()) {
          std::string_view name = f.unescaped_key();
          if (name == "attributes") continue;  // type and url: noise
          rec.fields.emplace_back(std::string(name), ReadValue(f.value()));
        }
        page.records.push_back(std::move(rec));
      }
    }
  }
  if (!saw_done || !saw_records) throw simdjson::simdjson_error(simdjson::NO_SUCH_FIELD);
  if (!page.done && page.next_url.empty()) throw simdjson::simdjson_error(simdjson::NO_SUCH_FIELD);
  return page;
}

std::string RawJson(const Record& rec) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : rec.fields) {
    if (!first) out.push_back(',');
    first = false;
    sdk::AppendJsonString(out, k);
    out.push_back(':');
    switch (v.kind) {
      case Value::kNull:
        out += "null";
        break;
      case Value::kBool:
        out += v.b ? "true" : "false";
        break;
      case Value::kNumber:
      case Value::kOther:
        out += v.text;
        break;
      case Value::kString:
        sdk::AppendJsonString(out, v.text);
        break;
    }
  }
  out.push_back('}');
  return out;
}

class SalesforceConnector : public sdk::Connector {
 public:
  static Status Open(Context& ctx, std::string_view config_json,
                     std::unique_ptr<SalesforceConnector>* out) {
    auto c = std::make_unique<SalesforceConnector>();
    Status s = c->ParseConfig(config_json);
    if (!s.ok()) return s;
    tempo_http_config http{};
    http.struct_size = sizeof http;
    http.auth_kind = c->grant_ == "client_credentials" ? TEMPO_AUTH_OAUTH2_CLIENT_CREDENTIALS
                                                       : TEMPO_AUTH_OAUTH2_REFRESH_TOKEN;
    std::string token_url = c->login_url_ + "/services/oauth2/token";
    // The org's identity for the shared budget: login host + consumer key, never a secret.
    std::string host = c->login_url_;
    if (size_t at = host.find("://"); at != std::string::npos) host = host.substr(at + 3);
    if (size_t at = host.find('/'); at != std::string::npos) host = host.substr(0, at);
    std::string key = "salesforce:" + host + ":" + c->client_id_;
    http.token_url = token_url.c_str();
    http.client_id = c->client_id_.c_str();
    http.client_secret = c->client_secret_.c_str();
    http.refresh_token = c->refresh_token_.empty() ? nullptr : c->refresh_token_.c_str();
    http.rate_limit_key = key.c_str();
    http.requests_per_second = c->rps_;
    http.burst = c->burst_;
    http.default_expires_in_s = c->session_lifetime_s_;
    if (s = ctx.HttpConfigure(http); !s.ok()) return s;
    *out = std::move(c);
    return Status::Ok();
  }

  Status Check(Context& ctx) override {
    std::string instance;
    if (Status s = ctx.AuthField("instance_url", &instance); !s.ok()) return s;
    sdk::HttpResponse resp;
    sdk::HttpOptions opts;
    opts.classify = &Classify;
    std::string url = Trim(instance) + "/services/data/v" + api_version_ + "/limits";
    if (Status s = ctx.Http("GET", url, "", opts, &resp); !s.ok()) return s;
    if (resp.status != 200) return ErrorStatus("check", resp);
    return Status::Ok();
  }

  Status Discover(Context&, std::vector<sdk::StreamInfo>* streams) override {
    for (const ObjectSpec& o : objects_) {
      sdk::StreamInfo info;
      info.name = o.stream;
      info.entity = o.stream;
      info.primary_key = "Id";
      info.cursor_field = "SystemModstamp";
      info.description = "Salesforce " + o.object + " records as " + o.stream + " rows";
      info.sync_modes = TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL;
      streams->push_back(std::move(info));
    }
    return Status::Ok();
  }

  Status Read(Context& ctx, const sdk::ReadRequest& request) override {
    for (const ObjectSpec& o : objects_) {
      if (o.stream == request.stream) return ReadObject(ctx, o, request);
    }
    return Status::NotFound("no stream '" + std::string(request.stream) +
                            "' in this connection; run discover to list the streams");
  }

 private:
  static std::string Trim(std::string s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
  }

  static std::vector<std::string> StringList(simdjson::ondemand::value v) {
    std::vector<std::string> out;
    for (auto item : v.get_array()) out.emplace_back(std::string_view(item.get_string()));
    return out;
  }

  Status ParseConfig(std::string_view json) {
    objects_ = DefaultObjects();
    roles_ = DefaultRoles();
    std::map<std::string, std::vector<std::string>> fields, extra;
    std::string lead_partner, campaign_partner;
    try {
      simdjson::ondemand::parser parser;
      simdjson::padded_string padded(json);
      simdjson::ondemand::document doc = parser.iterate(padded);
      for (auto f : doc.get_object()) {
        std::string_view key = f.unescaped_key();
        simdjson::ondemand::value v = f.value();
        if (key == "login_url")
          login_url_ = Trim(std::string(std::string_view(v.get_string())));
        else if (key == "api_version")
          api_version_ = std::string(std::string_view(v.get_string()));
        else if (key == "grant")
          grant_ = std::string(std::string_view(v.get_string()));
        else if (key == "client_id")
          client_id_ = std::string(std::string_view(v.get_string()));
        else if (key == "client_secret")
          client_secret_ = std::string(std::string_view(v.get_string()));
        else if (key == "refresh_token")
          refresh_token_ = std::string(std::string_view(v.get_string()));
        else if (key == "session_lifetime_s")
          session_lifetime_s_ = v.get_int64();
        else if (key == "requests_per_second")
          rps_ = v.get_double();
        else if (key == "burst")
          burst_ = v.get_double();
        else if (key == "batch_size")
          batch_size_ = v.get_int64();
        else if (key == "max_url_bytes")
          max_url_bytes_ = static_cast<size_t>(v.get_int64());
        else if (key == "lead_partner_field")
          lead_partner = std::string(std::string_view(v.get_string()));
        else if (key == "campaign_partner_field")
          campaign_partner = std::string(std::string_view(v.get_string()));
        else if (key == "cursor_query")
          keyset_ = std::string_view(v.get_string()) == "keyset";
        else if (key == "default_role")
          default_role_ = std::string(std::string_view(v.get_string()));
        else if (key == "fields" || key == "extra_fields") {
          auto& target = key == "fields" ? fields : extra;
          for (auto g : v.get_object()) {
            std::string object(std::string_view(g.unescaped_key()));
            target[object] = StringList(g.value());
          }
        } else if (key == "role_map") {
          for (auto g : v.get_object()) {
            std::string from = Lower(std::string_view(g.unescaped_key()));
            roles_[from] = std::string(std::string_view(g.value().get_string()));
          }
        }
      }
    } catch (const simdjson::simdjson_error& e) {
      return Status::InvalidArgument(std::string("salesforce: cannot read the config: ") +
                                     e.what());
    }
    static const char* kAllowed[] = {"sourced", "influenced",     "co_sell",
                                     "resell",  "implementation", "referral"};
    for (const auto& [from, to] : roles_) {
      bool ok = false;
      for (const char* a : kAllowed) ok |= to == a;
      if (!ok) {
        return Status::InvalidArgument("salesforce: role_map maps '" + from + "' to '" + to +
                                       "', which is not a canonical role");
      }
    }
    if (grant_ == "refresh_token" && refresh_token_.empty()) {
      return Status::InvalidArgument(
          "salesforce: grant refresh_token needs refresh_token in the connection config");
    }
    for (ObjectSpec& o : objects_) {
      if (auto it = fields.find(o.object); it != fields.end()) o.fields = it->second;
      if (auto it = extra.find(o.object); it != extra.end()) {
        o.fields.insert(o.fields.end(), it->second.begin(), it->second.end());
      }
      if (o.object == "Lead" && !lead_partner.empty()) o.fields.push_back(lead_partner);
      if (o.object == "Campaign" && !campaign_partner.empty()) o.fields.push_back(campaign_partner);
      // IsDeleted tells queryAll's deletes apart.
      bool has_deleted = false;
      for (const std::string& f : o.fields) has_deleted |= f == "IsDeleted";
      if (!has_deleted) o.fields.push_back("IsDeleted");
    }
    for (const ObjectSpec& o : objects_) {
      for (const std::string& f : o.fields) {
        for (char c : f) {
          bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.';
          if (!ok)
            return Status::InvalidArgument("salesforce: field name '" + f + "' of " + o.object +
                                           " is not a SOQL field name");
        }
      }
    }
    lead_partner_field_ = lead_partner;
    campaign_partner_field_ = campaign_partner;
    return Status::Ok();
  }

  Status ErrorStatus(std::string_view stream, const sdk::HttpResponse& resp) const {
    std::string code, message;
    ParseErrorList(resp.body, &code, &message);
    std::string what = "salesforce stream " + std::string(stream) + ": HTTP " +
                       std::to_string(resp.status) + (code.empty() ? "" : " " + code) +
                       (message.empty() ? "" : " (" + message + ")");
    if (resp.status == 401 || resp.status == 403) {
      return Status::Permission(what +
                                "; check the connected app's credentials and the user's "
                                "API permission");
    }
    if (resp.status == 400 &&
        (code == "INVALID_FIELD" || code == "MALFORMED_QUERY" || code == "INVALID_TYPE")) {
      return Status::InvalidArgument(what + "; check the configured fields of the object");
    }
    if (resp.status == 404) return Status::NotFound(what);
    if (resp.status == 414 || resp.status == 431) {
      return Status::InvalidArgument(what + "; lower max_url_bytes so wide queries are split");
    }
    return Status::Unavailable(what);
  }

  // Fetches one page. `restart` is set (and Ok returned) when the query locator expired, or
  // when `keyset_query` and the endpoint rejects the keyset form as MALFORMED_QUERY (then
  // `malformed` is set too).
  Status Fetch(Context& ctx, std::string_view stream, const std::string& url, bool keyset_query,
               Page* page, bool* restart, bool* malformed) {
    sdk::HttpOptions opts;
    opts.classify = &Classify;
    opts.headers.emplace_back("Sforce-Query-Options", "batchSize=" + std::to_string(batch_size_));
    opts.headers.emplace_back("Accept", "application/json");
    sdk::HttpResponse resp;
    if (Status s = ctx.Http("GET", url, "", opts, &resp); !s.ok()) return s;
    if (std::string usage = ApiUsage(resp.Header("Sforce-Limit-Info")); !usage.empty()) {
      api_usage_ = usage;
    }
    if (resp.status != 200) {
      std::string code, message;
      ParseErrorList(resp.body, &code, &message);
      if (resp.status == 400 && code == "INVALID_QUERY_LOCATOR") {
        *restart = true;
        return Status::Ok();
      }
      if (resp.status == 400 && code == "MALFORMED_QUERY" && keyset_query) {
        *restart = true;
        *malformed = true;
        return Status::Ok();
      }
      return ErrorStatus(stream, resp);
    }
    try {
      *page = ParsePage(parser_, resp.body);
    } catch (const simdjson::simdjson_error& e) {
      return Status::Data("salesforce stream " + std::string(stream) +
                          ": the query response is not a Salesforce query result (" + e.what() +
                          ", " + std::to_string(resp.body.size()) + " bytes)");
    }
    return Status::Ok();
  }

  Status ReadObject(Context& ctx, const ObjectSpec& o, const sdk::ReadRequest& request) {
    const bool incremental = request.sync_mode == TEMPO_SYNC_INCREMENTAL;
    Cursor cursor;
    int64_t started_ms = -1;  // of the run that began this read, less kHandOverLagMs
    if (!request.state.empty()) {
      if (Status s = ParseState(o.stream, request.state, &cursor, &started_ms); !s.ok()) return s;
    }
    if (started_ms < 0) started_ms = NowMs() - kHandOverLagMs;
    std::string instance;
    if (Status s = ctx.AuthField("instance_url", &instance); !s.ok()) return s;
    instance = Trim(instance);
    // Split with the longest cursor a query can carry, so the chunks never change mid-read.
    Cursor widest{"2000-01-01T00:00:00.000Z", "000000000000000AAA"};
    std::vector<std::vector<std::string>> chunks = SplitFields(
        instance, api_version_, incremental, o.object, o.fields, widest, max_url_bytes_);
    if (chunks.empty()) {
      return Status::InvalidArgument("salesforce stream " + o.stream +
                                     ": a query does not fit max_url_bytes even with one field");
    }
    std::vector<std::string> next(chunks.size());
    int64_t pages = 0, records = 0, deletes = 0, restarts = 0;
    // The stored cursor advances page by page while records arrive in (SystemModstamp, Id)
    // order. A record out of order (modified while the query was paged, or an endpoint that
    // ignores ORDER BY) freezes it until the stream completes, which then stores the newest
    // key seen.
    bool ordered = true, have_prev = false;
    std::pair<std::string, std::string> prev, newest;
    Cursor newest_cursor = cursor;
    sdk::RecordBatch batch(ctx, 2000);
    for (;;) {
      if (ctx.Cancelled()) return Status::Cancelled("salesforce stream " + o.stream + " cancelled");
      std::vector<Page> parts(chunks.size());
      bool restart = false;
      for (size_t i = 0; i < chunks.size() && !restart; ++i) {
        Cursor from = cursor;
        if (!keyset_) from.id.clear();  // SystemModstamp >= c: the upsert absorbs the overlap
        std::string url = next[i].empty() ? QueryUrl(instance, api_version_, incremental,
                                                     BuildSoql(o.object, chunks[i], from))
                                          : instance + next[i];
        bool malformed = false;
        if (Status s = Fetch(ctx, o.stream, url, next[i].empty() && !from.id.empty(), &parts[i],
                             &restart, &malformed);
            !s.ok()) {
          return s;
        }
        if (malformed) {
          // An endpoint without OR / parentheses in SOQL: fall back to the inclusive bound.
          keyset_ = false;
          keyset_query_failed_ = true;
          ctx.Warn("salesforce stream " + o.stream +
                   ": the keyset query was refused as MALFORMED_QUERY; using SystemModstamp >= "
                   "cursor instead (the last timestamp's records are read again)");
          --restarts;
        }
      }
      if (restart) {
        // The nextRecordsUrl locator expired: query again from the committed cursor.
        if (++restarts > 5) {
          return Status::Unavailable("salesforce stream " + o.stream +
                                     ": query locators keep expiring (INVALID_QUERY_LOCATOR)");
        }
        if (!keyset_query_failed_) {
          ctx.Info("salesforce stream " + o.stream +
                   ": the query locator expired (INVALID_QUERY_LOCATOR); querying again from the "
                   "last cursor");
        }
        keyset_query_failed_ = false;
        for (std::string& n : next) n.clear();
        continue;
      }
      Page& page = parts[0];
      for (size_t i = 1; i < parts.size(); ++i) {
        if (parts[i].done != page.done || parts[i].records.size() != page.records.size()) {
          return Status::Data("salesforce stream " + o.stream +
                              ": the split queries returned different pages; retry the sync");
        }
        std::unordered_map<std::string, const Record*> by_id;
        for (const Record& r : parts[i].records) by_id[std::string(r.Text("Id"))] = &r;
        for (Record& r : page.records) {
          auto it = by_id.find(std::string(r.Text("Id")));
          if (it == by_id.end()) continue;
          for (const auto& [k, v] : it->second->fields) {
            if (r.Get(k) == nullptr) r.fields.emplace_back(k, v);
          }
        }
      }
      std::vector<std::string> raws;
      raws.reserve(page.records.size());
      for (const Record& r : page.records) {
        std::string_view id = r.Text("Id");
        if (id.empty()) {
          ctx.Reject("salesforce " + o.object + ": a record without Id");
          continue;
        }
        std::string_view stamp = r.Text("SystemModstamp");
        std::optional<std::string> norm = NormalizeDateTime(stamp);
        if (!norm) {
          return Status::Data("salesforce stream " + o.stream + ": record " + std::string(id) +
                              " has no valid SystemModstamp");
        }
        std::pair<std::string, std::string> key(*norm, id);
        if (key.first.size() == 20) key.first.insert(19, ".000");  // compare with millis
        if (have_prev && key < prev) ordered = false;
        prev = key;
        have_prev = true;
        if (key > newest || newest.first.empty()) {
          newest = key;
          newest_cursor = Cursor{*norm, std::string(id)};
        }
        // Keyset ordering makes the last record of the page the resume point.
        if (ordered) cursor = Cursor{*norm, std::string(id)};
        raws.push_back(RawJson(r));
        if (Map(o, r, *norm, raws.back(), batch)) {
          ++records;
          if (r.True("IsDeleted")) ++deletes;
        }
      }
      if (Status s = batch.Flush(); !s.ok()) return s;
      ++pages;
      if (page.done && !ordered) {
        ctx.Warn("salesforce stream " + o.stream +
                 ": records arrived out of SystemModstamp order (changed while the query was "
                 "paged); the cursor advanced only at the end of the stream");
      }
      // The completed read hands on a cursor no later than its start (soql.h); an unfinished
      // one resumes after the last record it committed in order, remembering when it began.
      if (page.done) cursor = HandOverCursor(ordered ? cursor : newest_cursor, started_ms);
      std::string state = "{\"modstamp\":";
      sdk::AppendJsonString(state, cursor.modstamp);
      state += ",\"id\":";
      sdk::AppendJsonString(state, cursor.id);
      if (!page.done) state += ",\"started_ms\":" + std::to_string(started_ms);
      state += "}";
      if (!cursor.modstamp.empty()) {
        if (Status s = ctx.Checkpoint(o.stream, state); !s.ok()) return s;
      }
      if (page.done) break;
      for (size_t i = 0; i < parts.size(); ++i) next[i] = parts[i].next_url;
    }
    ctx.Info("salesforce stream " + o.stream + ": " + std::to_string(records) + " records (" +
             std::to_string(deletes) + " deleted) in " + std::to_string(pages) + " pages, " +
             std::to_string(chunks.size()) + " field chunk(s), api-usage=" +
             (api_usage_.empty() ? std::string("unknown") : api_usage_));
    return Status::Ok();
  }

  static Status ParseState(std::string_view stream, std::string_view state, Cursor* cursor,
                           int64_t* started_ms) {
    try {
      simdjson::ondemand::parser parser;
      simdjson::padded_string padded(state);
      simdjson::ondemand::document doc = parser.iterate(padded);
      for (auto f : doc.get_object()) {
        std::string_view key = f.unescaped_key();
        if (key == "modstamp")
          cursor->modstamp = std::string(std::string_view(f.value().get_string()));
        else if (key == "id")
          cursor->id = std::string(std::string_view(f.value().get_string()));
        else if (key == "started_ms")
          *started_ms = f.value().get_int64();
      }
    } catch (const simdjson::simdjson_error& e) {
      return Status::Data("salesforce stream " + std::string(stream) +
                          ": the stored state is not valid (" + e.what() + "); run a full refresh");
    }
    if (!cursor->modstamp.empty() && !NormalizeDateTime(cursor->modstamp)) {
      return Status::Data("salesforce stream " + std::string(stream) +
                          ": the stored cursor is not a date-time; run a full refresh");
    }
    return Status::Ok();
  }

  // Column helpers: a field the query did not select leaves the column alone.
  static void Text(sdk::RecordBatch& b, std::string_view col, const Record& r,
                   std::string_view field) {
    const Value* v = r.Get(field);
    if (v == nullptr) return;
    switch (v->kind) {
      case Value::kNull:
        b.Null(col);
        break;
      case Value::kBool:
        b.Str(col, v->b ? "true" : "false");
        break;
      default:
        b.StrCopy(col, v->text);
        break;
    }
  }
  static void Number(sdk::RecordBatch& b, std::string_view col, const Record& r,
                     std::string_view field) {
    const Value* v = r.Get(field);
    if (v == nullptr) return;
    if (v->kind == Value::kNumber)
      b.Real(col, v->num);
    else if (v->kind == Value::kNull)
      b.Null(col);
    else
      b.StrCopy(col, v->text);  // the host converts or rejects
  }
  static void Flag(sdk::RecordBatch& b, std::string_view col, const Record& r,
                   std::string_view field) {
    const Value* v = r.Get(field);
    if (v == nullptr) return;
    if (v->kind == Value::kBool)
      b.Bool(col, v->b);
    else if (v->kind == Value::kNull)
      b.Null(col);
    else
      b.StrCopy(col, v->text);
  }
  static void Time(sdk::RecordBatch& b, std::string_view col, const Record& r,
                   std::string_view field) {
    const Value* v = r.Get(field);
    if (v == nullptr) return;
    if (v->kind != Value::kString || v->text.empty()) {
      b.Null(col);
      return;
    }
    if (IsDate(v->text)) {
      b.StrCopy(col, v->text);
    } else if (std::optional<std::string> t = NormalizeDateTime(v->text)) {
      b.StrCopy(col, *t);
    } else {
      b.StrCopy(col, v->text);
    }
  }

  std::string_view Role(std::string_view role) const {
    if (auto it = roles_.find(Lower(role)); it != roles_.end()) return it->second;
    return default_role_;
  }

  static std::string_view Lifecycle(const Record& r) {
    if (r.True("IsPartner")) return "partner";
    std::string t = Lower(r.Text("Type"));
    if (t.empty()) return {};
    if (t.find("partner") != std::string::npos || t.find("reseller") != std::string::npos) {
      return "partner";
    }
    if (t.find("former") != std::string::npos) return "former_customer";
    if (t.find("customer") != std::string::npos) return "customer";
    if (t.find("prospect") != std::string::npos) return "prospect";
    return "other";
  }

  static std::string_view OppType(std::string_view type) {
    std::string t = Lower(type);
    if (t.empty()) return {};
    if (t.find("renewal") != std::string::npos) return "renewal";
    if (t.find("new") != std::string::npos) return "new";
    if (t.find("existing") != std::string::npos || t.find("upgrade") != std::string::npos ||
        t.find("expansion") != std::string::npos || t.find("upsell") != std::string::npos) {
      return "expansion";
    }
    return "other";
  }

  // Adds one record to the batch; false when the row is skipped.
  bool Map(const ObjectSpec& o, const Record& r, const std::string& updated_at,
           const std::string& raw, sdk::RecordBatch& b) const {
    const bool deleted = r.True("IsDeleted");
    std::string_view id = b.Copy(r.Text("Id"));
    if (o.object == "Partner") {
      // A Partner row is an AccountFrom -> AccountTo relation; the partner is AccountTo. Its
      // deletion ends one relation, not the partnership, so deletes are not passed on.
      std::string_view to = r.Text("AccountToId");
      if (to.empty() || deleted) return false;
      b.Begin(o.stream, b.Copy(to)).UpdatedAt(b.Copy(updated_at)).Raw(b.Copy(raw));
      b.StrCopy("account_source_id", to);
      return true;
    }
    b.Begin(o.stream, id).UpdatedAt(b.Copy(updated_at)).Raw(b.Copy(raw));
    if (deleted) {
      b.Deleted();
      return true;
    }
    if (o.object == "Account") {
      Text(b, "name", r, "Name");
      Text(b, "domain", r, "Website");
      if (r.Get("Type") || r.Get("IsPartner")) {
        std::string_view lc = Lifecycle(r);
        if (lc.empty())
          b.Null("lifecycle");
        else
          b.Str("lifecycle", lc);
      }
    } else if (o.object == "Contact") {
      Text(b, "account_source_id", r, "AccountId");
      Text(b, "email", r, "Email");
      Text(b, "first_name", r, "FirstName");
      Text(b, "last_name", r, "LastName");
      Text(b, "title", r, "Title");
      Time(b, "created_at", r, "CreatedDate");
    } else if (o.object == "Opportunity") {
      Text(b, "account_source_id", r, "AccountId");
      Text(b, "name", r, "Name");
      if (r.Get("Type")) {
        std::string_view t = OppType(r.Text("Type"));
        if (t.empty())
          b.Null("opp_type");
        else
          b.Str("opp_type", t);
      }
      Number(b, "amount", r, "Amount");
      Text(b, "currency", r, "CurrencyIsoCode");
      Text(b, "stage", r, "StageName");
      Flag(b, "is_closed", r, "IsClosed");
      Flag(b, "is_won", r, "IsWon");
      Time(b, "created_at", r, "CreatedDate");
      Time(b, "closed_at", r, "CloseDate");
    } else if (o.object == "OpportunityPartner") {
      Text(b, "opportunity_source_id", r, "OpportunityId");
      Text(b, "partner_source_id", r, "AccountToId");
      if (const Value* role = r.Get("Role")) {
        b.Str("role", Role(role->kind == Value::kString ? std::string_view(role->text)
                                                        : std::string_view()));
      }
      Flag(b, "is_primary", r, "IsPrimary");
      Time(b, "attributed_at", r, "CreatedDate");
      b.Str("attribution_source", "crm_partner_object");
    } else if (o.object == "Lead") {
      Text(b, "account_source_id", r, "ConvertedAccountId");
      Text(b, "contact_source_id", r, "ConvertedContactId");
      Text(b, "converted_opportunity_source_id", r, "ConvertedOpportunityId");
      if (!lead_partner_field_.empty()) Text(b, "partner_source_id", r, lead_partner_field_);
      Text(b, "email", r, "Email");
      Text(b, "company", r, "Company");
      Text(b, "status", r, "Status");
      Text(b, "lead_source", r, "LeadSource");
      Time(b, "created_at", r, "CreatedDate");
    } else if (o.object == "Campaign") {
      Text(b, "name", r, "Name");
      Text(b, "channel", r, "Type");
      if (!campaign_partner_field_.empty()) {
        Text(b, "partner_source_id", r, campaign_partner_field_);
      }
      Time(b, "start_at", r, "StartDate");
      Time(b, "end_at", r, "EndDate");
      Number(b, "cost_usd", r, "ActualCost");
    } else if (o.object == "CampaignMember") {
      Text(b, "campaign_source_id", r, "CampaignId");
      Text(b, "lead_source_id", r, "LeadId");
      Text(b, "contact_source_id", r, "ContactId");
      Flag(b, "responded", r, "HasResponded");
      const Value* first = r.Get("FirstRespondedDate");
      if (first != nullptr && first->kind == Value::kString) {
        Time(b, "first_touch_at", r, "FirstRespondedDate");
      } else {
        Time(b, "first_touch_at", r, "CreatedDate");
      }
    }
    return true;
  }

  std::string login_url_ = "https://login.salesforce.com";
  std::string api_version_ = "62.0";
  std::string grant_ = "refresh_token";
  std::string client_id_, client_secret_, refresh_token_;
  int64_t session_lifetime_s_ = 900;
  double rps_ = 20, burst_ = 25;
  int64_t batch_size_ = 2000;
  size_t max_url_bytes_ = 8000;
  std::string lead_partner_field_, campaign_partner_field_;
  std::string default_role_ = "influenced";
  bool keyset_ = true;
  bool keyset_query_failed_ = false;
  std::map<std::string, std::string> roles_;
  std::vector<ObjectSpec> objects_;
  std::string api_usage_;
  simdjson::ondemand::parser parser_;
};

}  // namespace tempo::salesforce

TEMPO_CONNECTOR_PLUGIN(tempo::salesforce::SalesforceConnector, "salesforce", "0.2.0",
                       "Salesforce objects (SOQL over the REST API) into canonical entities",
                       tempo::salesforce::kConfigSchema)
