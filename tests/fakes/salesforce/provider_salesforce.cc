// The fake Salesforce's handlers.
#include "fakes/salesforce/provider_salesforce.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <shared_mutex>

#include "common/json_writer.h"
#include "fakes/core/admin_api.h"
#include "fakes/core/encoding.h"
#include "fakes/core/router.h"
#include "fakes/salesforce/describe.h"
#include "fakes/salesforce/soql.h"

namespace tempo::fakes {
namespace {

constexpr size_t kMaxCursors = 64;
constexpr std::string_view kVersion = "/services/data/v([0-9]+\\.[0-9]+)";

std::string NumberText(double value, std::string_view type) {
  char buf[40];
  if (type == "int") {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(std::llround(value)));
  } else if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.1f", value);  // Salesforce sends 15000.0
  } else {
    std::snprintf(buf, sizeof buf, "%.15g", value);
  }
  return buf;
}

void WriteValue(JsonWriter& w, const SfValue& v, std::string_view type) {
  switch (v.kind) {
    case SfValue::Kind::kNull:
      w.Null();
      return;
    case SfValue::Kind::kBool:
      w.Bool(v.boolean);
      return;
    case SfValue::Kind::kNumber:
      w.Raw(NumberText(v.number, type));
      return;
    case SfValue::Kind::kString:
      w.String(v.text);
      return;
    case SfValue::Kind::kDate:
      w.String(FormatDate(v.ms));
      return;
    case SfValue::Kind::kDateTime:
      w.String(FormatSalesforceDateTime(v.ms));
      return;
  }
}

// The "attributes" of a record: its type and URL.
void WriteAttributes(JsonWriter& w, const SfObjectDef& object, const std::string& base,
                     int64_t row) {
  w.Key("attributes")
      .BeginObject()
      .Key("type")
      .String(object.name)
      .Key("url")
      .String(base + "/sobjects/" + std::string(object.name) + "/" + SfId(object, row))
      .EndObject();
}

std::string InstanceUrl(const httplib::Request& req, int port) {
  std::string host = req.get_header_value("Host");
  if (host.empty()) host = "127.0.0.1:" + std::to_string(port);
  return "http://" + host + "/salesforce";
}

}  // namespace

void SalesforceProvider::RegisterRoutes(Router& router) {
  const std::string version(kVersion);
  router.Post(*this, "/services/oauth2/token",
              [this](const auto& req, auto& res) { Token(req, res); });
  router.Get(*this, "/services/data/?", [this](const auto& req, auto& res) { Versions(req, res); });
  router.Get(*this, version + "/query/?",
             [this](const auto& req, auto& res) { Query(req, res, false); });
  router.Get(*this, version + "/queryAll/?",
             [this](const auto& req, auto& res) { Query(req, res, true); });
  router.Get(*this, version + "/(query|queryAll)/([0-9A-Za-z]+)-([0-9]+)",
             [this](const auto& req, auto& res) { QueryMore(req, res); });
  router.Get(*this, version + "/sobjects/?",
             [this](const auto& req, auto& res) { SObjects(req, res); });
  router.Get(*this, version + "/sobjects/([A-Za-z0-9_]+)/describe/?",
             [this](const auto& req, auto& res) { Describe(req, res); });
  router.Get(*this, version + "/limits/?",
             [this](const auto& req, auto& res) { Limits(req, res); });
  auto not_found = [this](const httplib::Request&, httplib::Response& res) {
    CountApiCall(res);
    Error(res, 404, "NOT_FOUND", "The requested resource does not exist");
  };
  router.Get(*this, "/.*", not_found);
  router.Post(*this, "/.*", not_found);
}

void SalesforceProvider::Error(httplib::Response& res, int status, std::string_view code,
                               std::string_view message) {
  JsonWriter w;
  w.BeginArray()
      .BeginObject()
      .Key("message")
      .String(message)
      .Key("errorCode")
      .String(code)
      .EndObject()
      .EndArray();
  SendJson(res, status, w.Take());
}

void SalesforceProvider::OAuthError(httplib::Response& res, std::string_view error,
                                    std::string_view description) {
  JsonWriter w;
  w.BeginObject()
      .Key("error")
      .String(error)
      .Key("error_description")
      .String(description)
      .EndObject();
  SendJson(res, 400, w.Take());
}

void SalesforceProvider::CountApiCall(httplib::Response& res) {
  const int64_t used = ++api_calls_;
  res.set_header("Sforce-Limit-Info", "api-usage=" + std::to_string(used) + "/" +
                                          std::to_string(state_.options.salesforce_daily_limit));
}

bool SalesforceProvider::Authorize(const httplib::Request& req, httplib::Response& res) {
  const std::string auth = req.get_header_value("Authorization");
  const std::string bearer = auth.starts_with("Bearer ") ? auth.substr(7) : std::string();
  if (state_.tokens.Check(ProviderId::kSalesforce, bearer).state == TokenState::kValid) return true;
  Error(res, 401, "INVALID_SESSION_ID", "Session expired or invalid");
  return false;
}

size_t SalesforceProvider::BatchSize(const httplib::Request& req) const {
  size_t batch = 2000;
  const std::string options = req.get_header_value("Sforce-Query-Options");
  if (size_t at = options.find("batchSize="); at != std::string::npos) {
    size_t end = options.find_first_of(",; ", at);
    if (std::optional<int64_t> n = ParseInt(options.substr(
            at + 10, end == std::string::npos ? std::string::npos : end - at - 10))) {
      batch = static_cast<size_t>(std::clamp<int64_t>(*n, 200, 2000));  // a request, not a promise
    }
  }
  return std::min(batch, static_cast<size_t>(std::max(state_.options.salesforce_batch_size, 1)));
}

void SalesforceProvider::Token(const httplib::Request& req, httplib::Response& res) {
  std::string client_id = req.get_param_value("client_id");
  std::string client_secret = req.get_param_value("client_secret");
  const std::string basic = req.get_header_value("Authorization");
  if (basic.starts_with("Basic ")) {
    if (std::optional<std::string> pair = Base64Decode(basic.substr(6))) {
      const size_t colon = pair->find(':');
      if (colon != std::string::npos) {
        client_id = pair->substr(0, colon);
        client_secret = pair->substr(colon + 1);
      }
    }
  }
  const std::string grant = req.get_param_value("grant_type");
  IssuedToken token;
  GrantError error = GrantError::kUnsupportedGrantType;
  if (grant == "refresh_token") {
    error = state_.tokens.Refresh(ProviderId::kSalesforce, client_id, client_secret,
                                  req.get_param_value("refresh_token"), token);
  } else if (grant == "client_credentials") {
    error =
        state_.tokens.ClientCredentials(ProviderId::kSalesforce, client_id, client_secret, token);
  }
  switch (error) {
    case GrantError::kUnsupportedGrantType:
      OAuthError(res, "unsupported_grant_type", "grant type not supported");
      return;
    case GrantError::kInvalidClient:
      OAuthError(res, "invalid_client", "invalid client credentials");
      return;
    case GrantError::kInvalidGrant:
      OAuthError(res, "invalid_grant", "expired access/refresh token");
      return;
    case GrantError::kNone:
      break;
  }
  JsonWriter w;
  w.BeginObject().Key("access_token").String(token.access_token);
  if (!token.refresh_token.empty()) w.Key("refresh_token").String(token.refresh_token);
  w.Key("signature")
      .String(Base64Encode(token.label + ":" + std::to_string(token.issued_ms)))
      .Key("scope")
      .String(grant == "refresh_token" ? "api refresh_token" : "api")
      .Key("instance_url")
      .String(InstanceUrl(req, state_.port))
      .Key("id")
      .String("https://login.salesforce.com/id/00D5g00000FakeOrgEAA/0055g00000FakeUsrAAA")
      .Key("token_type")
      .String("Bearer")
      .Key("issued_at")
      .String(std::to_string(token.issued_ms));
  if (grant == "client_credentials") w.Key("token_format").String("opaque");
  w.EndObject();
  SendJson(res, 200, w.Take());
}

void SalesforceProvider::Versions(const httplib::Request&, httplib::Response& res) {
  JsonWriter w;
  w.BeginArray();
  for (auto [label, version] :
       {std::pair{"Summer '24", "61.0"}, {"Winter '25", "62.0"}, {"Spring '25", "63.0"}}) {
    w.BeginObject()
        .Key("label")
        .String(label)
        .Key("url")
        .String(std::string("/services/data/v") + version)
        .Key("version")
        .String(version)
        .EndObject();
  }
  w.EndArray();
  SendJson(res, 200, w.Take());
}

void SalesforceProvider::Query(const httplib::Request& req, httplib::Response& res,
                               bool include_deleted) {
  CountApiCall(res);
  if (!Authorize(req, res)) return;
  if (!req.has_param("q") || req.get_param_value("q").empty()) {
    Error(res, 400, "MALFORMED_QUERY", "A query string has to be specified");
    return;
  }
  Result<SoqlQuery> query = ParseSoql(req.get_param_value("q"));
  if (!query.ok()) {
    Error(res, 400, "MALFORMED_QUERY", query.status().message());
    return;
  }
  Result<SoqlPlan> plan = BindSoql(*query, *profile());
  if (!plan.ok()) {
    const bool type = plan.status().code() == StatusCode::kNotFound;
    Error(res, 400, type ? "INVALID_TYPE" : "INVALID_FIELD", plan.status().message());
    return;
  }
  auto cursor = std::make_shared<Cursor>();
  cursor->object = plan->object;
  cursor->select = plan->select;
  cursor->batch = BatchSize(req);
  cursor->version = req.matches[1].str();
  cursor->endpoint = include_deleted ? "queryAll" : "query";
  {
    std::shared_lock lock(state_.dataset_mutex);
    cursor->rows = ExecuteSoql(state_.dataset, *plan, include_deleted);
  }
  if (plan->count_only) {
    JsonWriter w;
    w.BeginObject()
        .Key("totalSize")
        .Int(static_cast<int64_t>(cursor->rows.size()))
        .Key("done")
        .Bool(true)
        .Key("records")
        .BeginArray()
        .EndArray()
        .EndObject();
    SendJson(res, 200, w.Take());
    return;
  }
  if (cursor->rows.size() > cursor->batch) {
    std::lock_guard lock(cursors_mutex_);
    cursor->locator = SalesforceId("01g", '0', ++cursor_seq_);
    cursors_.push_front(cursor);
    if (cursors_.size() > kMaxCursors) cursors_.pop_back();
  }
  WritePage(*cursor, 0, res);
}

void SalesforceProvider::QueryMore(const httplib::Request& req, httplib::Response& res) {
  CountApiCall(res);
  if (!Authorize(req, res)) return;
  const std::string locator = req.matches[3].str();
  std::optional<int64_t> offset = ParseInt(req.matches[4].str());
  std::shared_ptr<const Cursor> cursor;
  {
    std::lock_guard lock(cursors_mutex_);
    for (const auto& c : cursors_) {
      if (c->locator == locator) cursor = c;
    }
  }
  if (!cursor || !offset || *offset < 0 || static_cast<size_t>(*offset) > cursor->rows.size()) {
    Error(res, 400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    return;
  }
  WritePage(*cursor, static_cast<size_t>(*offset), res);
}

void SalesforceProvider::WritePage(const Cursor& cursor, size_t offset, httplib::Response& res) {
  const SfObjectDef& object = *cursor.object;
  const size_t end = std::min(cursor.rows.size(), offset + cursor.batch);
  const std::string base = "/services/data/v" + cursor.version;
  JsonWriter w;
  w.BeginObject()
      .Key("totalSize")
      .Int(static_cast<int64_t>(cursor.rows.size()))
      .Key("done")
      .Bool(end == cursor.rows.size());
  if (end < cursor.rows.size()) {
    w.Key("nextRecordsUrl")
        .String(base + "/" + cursor.endpoint + "/" + cursor.locator + "-" + std::to_string(end));
  }
  w.Key("records").BeginArray();
  {
    std::shared_lock lock(state_.dataset_mutex);
    for (size_t i = offset; i < end; ++i) {
      const int64_t row = cursor.rows[i];
      if (row >= SfRowCount(state_.dataset, object)) continue;
      const std::vector<SfValue> values = BuildSfRow(state_.dataset, object, row);
      w.BeginObject();
      WriteAttributes(w, object, base, row);
      for (size_t s = 0; s < cursor.select.size(); ++s) {
        const SoqlSelect& select = cursor.select[s];
        if (select.parent == nullptr) {
          w.Key(object.fields[select.field].name);
          WriteValue(w, values[select.field], object.fields[select.field].type);
          continue;
        }
        // A relationship: one object with every selected field of the parent, where its first
        // field was selected; null when the reference is.
        bool first = true;
        for (size_t e = 0; e < s; ++e)
          first = first && cursor.select[e].relationship != select.relationship;
        if (!first) continue;
        w.Key(select.relationship);
        const SfValue& reference = values[select.field];
        std::optional<int64_t> parent_row = reference.kind == SfValue::Kind::kString
                                                ? SfRow(*select.parent, reference.text)
                                                : std::nullopt;
        if (!parent_row || *parent_row >= SfRowCount(state_.dataset, *select.parent)) {
          w.Null();
          continue;
        }
        const std::vector<SfValue> parent = BuildSfRow(state_.dataset, *select.parent, *parent_row);
        w.BeginObject();
        WriteAttributes(w, *select.parent, base, *parent_row);
        for (size_t e = s; e < cursor.select.size(); ++e) {
          const SoqlSelect& of = cursor.select[e];
          if (of.relationship != select.relationship) continue;
          const SfFieldDef& field = select.parent->fields[of.parent_field];
          w.Key(field.name);
          WriteValue(w, parent[of.parent_field], field.type);
        }
        w.EndObject();
      }
      w.EndObject();
    }
  }
  w.EndArray().EndObject();
  SendJson(res, 200, w.Take());
}

void SalesforceProvider::SObjects(const httplib::Request& req, httplib::Response& res) {
  CountApiCall(res);
  if (!Authorize(req, res)) return;
  SendJson(res, 200, DescribeGlobalJson(*profile(), req.matches[1].str()));
}

void SalesforceProvider::Describe(const httplib::Request& req, httplib::Response& res) {
  CountApiCall(res);
  if (!Authorize(req, res)) return;
  const std::shared_ptr<const SfProfile> seen_by = profile();
  const SfObjectDef* object = FindSfObject(req.matches[2].str());
  if (object == nullptr || !seen_by->Sees(*object)) {
    Error(res, 404, "NOT_FOUND", "The requested resource does not exist");
    return;
  }
  SendJson(res, 200, DescribeSObjectJson(*object, *seen_by, req.matches[1].str()));
}

void SalesforceProvider::Limits(const httplib::Request& req, httplib::Response& res) {
  CountApiCall(res);
  if (!Authorize(req, res)) return;
  const int64_t max = state_.options.salesforce_daily_limit;
  JsonWriter w;
  w.BeginObject()
      .Key("DailyApiRequests")
      .BeginObject()
      .Key("Max")
      .Int(max)
      .Key("Remaining")
      .Int(std::max<int64_t>(0, max - api_calls_.load()))
      .EndObject()
      .EndObject();
  SendJson(res, 200, w.Take());
}

std::shared_ptr<const SfProfile> SalesforceProvider::profile() const {
  std::lock_guard lock(profile_mutex_);
  return profile_;
}

Status SalesforceProvider::SetHidden(std::string_view hidden) {
  Result<SfProfile> parsed = SfProfile::Parse(hidden);
  if (!parsed.ok()) return parsed.status();
  parsed->SetMultiCurrency(state_.dataset.options().currencies);
  auto next = std::make_shared<const SfProfile>(std::move(*parsed));
  std::lock_guard lock(profile_mutex_);
  profile_ = std::move(next);
  return Status::Ok();
}

void SalesforceProvider::RegisterAdminRoutes(Router& router) {
  auto send_profile = [this](httplib::Response& res) {
    const std::shared_ptr<const SfProfile> current = profile();
    JsonWriter w;
    w.BeginObject().Key("hidden_objects").BeginArray();
    for (const std::string& name : current->HiddenObjects()) w.String(name);
    w.EndArray().Key("hidden_fields").BeginArray();
    for (const std::string& name : current->HiddenFields()) w.String(name);
    w.EndArray().EndObject();
    SendJson(res, 200, w.Take());
  };
  router.AdminGet(
      "/salesforce/profile",
      [send_profile](const httplib::Request&, httplib::Response& res) { send_profile(res); });
  router.AdminPost("/salesforce/profile",
                   [this, send_profile](const httplib::Request& req, httplib::Response& res) {
                     const Status s = SetHidden(req.get_param_value("hidden"));
                     if (!s.ok()) return SendAdminError(res, s.message());
                     send_profile(res);
                   });
}

void SalesforceProvider::RenderFault(const FaultRule& rule, const httplib::Request&,
                                     httplib::Response& res) {
  switch (rule.kind) {
    case FaultKind::kInvalidGrant:
      OAuthError(res, "invalid_grant", "expired access/refresh token");
      return;
    case FaultKind::kQuota:
      CountApiCall(res);
      Error(res, 403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
      return;
    case FaultKind::kRateLimited:
    case FaultKind::kRateWindow:
      CountApiCall(res);
      Error(res, 429, "REQUEST_LIMIT_EXCEEDED", "Too many requests in a short time; retry later.");
      return;
    default: {
      CountApiCall(res);
      const int s = rule.status;
      if (s == 503) return Error(res, s, "SERVER_UNAVAILABLE", "Server unavailable");
      if (s >= 500) {
        return Error(res, s, "UNKNOWN_EXCEPTION",
                     "An unexpected error occurred. Please include this ErrorId if you contact "
                     "support: 1234567890-12345 (-1234567890)");
      }
      const std::string_view code = s == 401   ? "INVALID_SESSION_ID"
                                    : s == 403 ? "INSUFFICIENT_ACCESS"
                                    : s == 404 ? "NOT_FOUND"
                                    : s == 429 ? "REQUEST_LIMIT_EXCEEDED"
                                               : "INVALID_OPERATION";
      Error(res, s, code, "injected error");
      return;
    }
  }
}

}  // namespace tempo::fakes
