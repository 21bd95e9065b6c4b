// The fake Marketo: routes, the envelope, the per-call limits and the faults (provider_marketo.h).
#include "fakes/marketo/provider_marketo.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <shared_mutex>

#include "common/json_writer.h"
#include "fakes/core/admin_api.h"
#include "fakes/core/encoding.h"
#include "fakes/core/json_read.h"
#include "fakes/core/scenario.h"
#include "fakes/marketo/marketo_activities.h"
#include "fakes/marketo/marketo_records.h"

namespace tempo::fakes {
namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kCentralOffsetMs = 6 * 3'600'000;
constexpr int64_t kMaxWindowMs = 31 * kDayMs;
constexpr int64_t kMaxBatch = 300;
constexpr std::string_view kDefaultLeadFields[] = {"id",        "email",     "updatedAt",
                                                   "createdAt", "firstName", "lastName"};

// The documented message of a Marketo error code (error-codes.md).
std::string_view DefaultMessage(int code) {
  switch (code) {
    case 601:
      return "Access token invalid";
    case 602:
      return "Access token expired";
    case 603:
      return "Access denied";
    case 604:
      return "Request timed out";
    case 606:
      return "Max rate limit '100' exceeded with in '20' secs";
    case 607:
      return "Daily quota reached";
    case 608:
      return "API Temporarily Unavailable";
    case 609:
      return "Invalid JSON";
    case 610:
      return "Requested resource not found";
    case 611:
      return "System error";
    case 615:
      return "Concurrent access limit reached";
    case 702:
      return "No data found for given search scope";
    case 1003:
      return "Invalid value";
    case 1029:
      return "Too many jobs (10) in queue";
    case 1035:
      return "Unsupported filter type for target subscription: updatedAt";
    default:
      return "Error";
  }
}

// Splits "a,b,,c" into its non-empty parts.
std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = TrimBlanks(text.substr(start, comma - start));
    if (!part.empty()) out.emplace_back(part);
    start = comma + 1;
  }
  return out;
}

// Field names to MarketoLeadFields() indexes; the first unknown name in *unknown.
std::optional<std::vector<int>> FieldIndexes(const std::vector<std::string>& names,
                                             std::string* unknown) {
  std::vector<int> out;
  for (const std::string& name : names) {
    const int i = MarketoLeadFieldIndex(name);
    if (i < 0) {
      *unknown = name;
      return std::nullopt;
    }
    out.push_back(i);
  }
  return out;
}

std::vector<int> RequestedFields(const httplib::Request& req, std::string* unknown, bool* ok) {
  std::vector<std::string> names;
  if (req.has_param("fields")) {
    names = SplitList(req.get_param_value("fields"));
  } else {
    for (std::string_view f : kDefaultLeadFields) names.emplace_back(f);
  }
  auto indexes = FieldIndexes(names, unknown);
  *ok = indexes.has_value();
  std::vector<int> out = indexes.value_or(std::vector<int>{});
  // The id always comes back, first.
  const int id = MarketoLeadFieldIndex("id");
  std::erase(out, id);
  out.insert(out.begin(), id);
  return out;
}

// batchSize (1..300, default 300); nullopt when out of range.
std::optional<int64_t> BatchSize(const httplib::Request& req) {
  if (!req.has_param("batchSize")) return kMaxBatch;
  std::optional<int64_t> n = ParseInt(req.get_param_value("batchSize"));
  if (!n || *n < 1 || *n > kMaxBatch) return std::nullopt;
  return n;
}

}  // namespace

MarketoProvider::MarketoProvider(ServerState& state)
    : state_(state), options_(state.options.marketo) {}

MarketoOptions MarketoProvider::options() const {
  std::lock_guard lock(options_mutex_);
  return options_;
}

void MarketoProvider::SetOptions(const MarketoOptions& options) {
  std::lock_guard lock(options_mutex_);
  options_ = options;
}

std::string MarketoProvider::RequestId() {
  const uint64_t n = ++request_seq_;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04llx#%011llx", static_cast<unsigned long long>(n & 0xffff),
                static_cast<unsigned long long>(0x14272d07d78ULL + n));
  return buf;
}

void MarketoProvider::Ok(httplib::Response& res, std::string_view result_json,
                         std::string_view members) {
  std::string body = "{\"requestId\":\"" + RequestId() + "\"";
  if (!result_json.empty()) {
    body += ",\"result\":";
    body += result_json;
  }
  body += members;
  body += ",\"success\":true}";
  SendJson(res, 200, std::move(body));
}

void MarketoProvider::Error(httplib::Response& res, std::string_view code,
                            std::string_view message) {
  std::string body =
      "{\"requestId\":\"" + RequestId() + "\",\"success\":false,\"errors\":[{\"code\":";
  AppendJsonText(body, code);
  body += ",\"message\":";
  AppendJsonText(body, message);
  body += "}]}";
  SendJson(res, 200, std::move(body));
}

Handler MarketoProvider::Api(Handler inner) {
  return [this, inner = std::move(inner)](const httplib::Request& req, httplib::Response& res) {
    struct InFlight {
      std::atomic<int64_t>& n;
      ~InFlight() { --n; }
    };
    const int64_t calls_in_flight = ++in_flight_;
    InFlight guard{in_flight_};
    const MarketoOptions o = options();
    if (calls_in_flight > o.max_concurrent) return Error(res, "615", DefaultMessage(615));
    // Only the header counts: the access_token query parameter is retired.
    const std::string auth = req.get_header_value("Authorization");
    const TokenCheck check = auth.starts_with("Bearer ")
                                 ? state_.tokens.Check(ProviderId::kMarketo, auth.substr(7))
                                 : TokenCheck{};
    if (check.state == TokenState::kUnknown) return Error(res, "601", DefaultMessage(601));
    if (check.state == TokenState::kExpired) return Error(res, "602", DefaultMessage(602));
    {
      std::lock_guard lock(calls_mutex_);
      const int64_t day = (state_.clock.NowMs() - kCentralOffsetMs) / kDayMs;
      if (day != quota_day_) {
        quota_day_ = day;
        calls_today_ = 0;
      }
      if (calls_today_ >= o.daily_quota) return Error(res, "607", DefaultMessage(607));
      ++calls_today_;
      const auto now = std::chrono::steady_clock::now();
      while (!window_.empty() &&
             now - window_.front() >= std::chrono::milliseconds(o.rate_window_ms)) {
        window_.pop_front();
      }
      if (static_cast<int64_t>(window_.size()) >= o.rate_limit) {
        return Error(res, "606",
                     "Max rate limit '" + std::to_string(o.rate_limit) + "' exceeded with in '" +
                         std::to_string(o.rate_window_ms / 1000) + "' secs");
      }
      window_.push_back(now);
    }
    inner(req, res);
  };
}

void MarketoProvider::RegisterRoutes(Router& router) {
  auto bind = [this](void (MarketoProvider::*fn)(const httplib::Request&, httplib::Response&)) {
    return
        [this, fn](const httplib::Request& req, httplib::Response& res) { (this->*fn)(req, res); };
  };
  router.Get(*this, "/identity/oauth/token", bind(&MarketoProvider::Token));
  router.Post(*this, "/identity/oauth/token", bind(&MarketoProvider::Token));
  router.Get(*this, R"(/rest/v1/leads/describe\.json)", Api(bind(&MarketoProvider::Describe)));
  router.Get(*this, R"(/rest/v1/leads\.json)", Api(bind(&MarketoProvider::Leads)));
  router.Get(*this, R"(/rest/v1/leads/programs/([0-9]+)\.json)",
             Api(bind(&MarketoProvider::ProgramMembers)));
  router.Get(*this, R"(/rest/v1/activities/pagingtoken\.json)",
             Api(bind(&MarketoProvider::PagingToken)));
  router.Get(*this, R"(/rest/v1/activities/leadchanges\.json)",
             Api([this](const auto& req, auto& res) { Activities(req, res, false); }));
  router.Get(*this, R"(/rest/v1/activities/deletedleads\.json)",
             Api([this](const auto& req, auto& res) { Activities(req, res, true); }));
  router.Get(*this, R"(/rest/v1/activities/types\.json)",
             Api(bind(&MarketoProvider::ActivityTypes)));
  router.Get(*this, R"(/rest/asset/v1/programs\.json)", Api(bind(&MarketoProvider::Programs)));
  router.Post(*this, R"(/bulk/v1/leads/export/create\.json)",
              Api(bind(&MarketoProvider::ExportCreate)));
  router.Post(*this, R"(/bulk/v1/leads/export/([^/]+)/(enqueue|cancel)\.json)",
              Api(bind(&MarketoProvider::ExportJobCall)));
  router.Get(*this, R"(/bulk/v1/leads/export/([^/]+)/(status|file)\.json)",
             Api(bind(&MarketoProvider::ExportJobCall)));
}

void MarketoProvider::RegisterAdminRoutes(Router& router) {
  router.AdminGet("/marketo/settings", [this](const httplib::Request&, httplib::Response& res) {
    const MarketoOptions o = options();
    JsonWriter w;
    w.BeginObject()
        .Key("rate_limit")
        .Int(o.rate_limit)
        .Key("rate_window_ms")
        .Int(o.rate_window_ms)
        .Key("max_concurrent")
        .Int(o.max_concurrent)
        .Key("daily_quota")
        .Int(o.daily_quota)
        .Key("export_ms")
        .Int(o.export_ms)
        .Key("export_quota_bytes")
        .Int(o.export_quota_bytes)
        .Key("updated_at_filter")
        .Bool(o.updated_at_filter)
        .Key("fail_exports")
        .Bool(o.fail_exports)
        .Key("scan_rows")
        .Int(o.scan_rows)
        .EndObject();
    SendJson(res, 200, w.Take());
  });
  router.AdminPost("/marketo/settings",
                   [this](const httplib::Request& req, httplib::Response& res) {
                     MarketoOptions o = options();
                     for (const auto& [key, value] : req.params) {
                       if (Status s = ApplyMarketoSetting(key, value, o); !s.ok()) {
                         return SendAdminError(res, s.message());
                       }
                     }
                     SetOptions(o);
                     SendJson(res, 200, "{}");
                   });
  router.AdminGet("/marketo/exports", [this](const httplib::Request&, httplib::Response& res) {
    JsonWriter w;
    w.BeginObject().Key("exports").BeginArray();
    for (const ExportJob& job : exports_.Snapshot()) {
      w.BeginObject()
          .Key("exportId")
          .String(job.id)
          .Key("status")
          .String(job.status)
          .Key("filter")
          .String(job.request.filter)
          .Key("startAt")
          .String(FormatLeadDateTime(job.request.start_ms))
          .Key("endAt")
          .String(FormatLeadDateTime(job.request.end_ms))
          .Key("numberOfRecords")
          .Int(job.records)
          .EndObject();
    }
    w.EndArray().EndObject();
    SendJson(res, 200, w.Take());
  });
}

void MarketoProvider::RenderFault(const FaultRule& rule, const httplib::Request&,
                                  httplib::Response& res) {
  switch (rule.kind) {
    case FaultKind::kInvalidGrant:
      SendJson(res, 401,
               R"({"error":"unauthorized","error_description":"Bad client credentials"})");
      return;
    case FaultKind::kQuota:
      return Error(res, "607", DefaultMessage(607));
    case FaultKind::kRateLimited:
    case FaultKind::kRateWindow:
      return Error(res, "606", DefaultMessage(606));
    default:
      break;
  }
  if (rule.status >= 600) {
    return Error(res, std::to_string(rule.status), DefaultMessage(rule.status));
  }
  // Real HTTP errors come from Marketo's gateway as HTML.
  res.status = rule.status;
  res.set_content("<html><head><title>" + std::to_string(rule.status) +
                      "</title></head><body><center><h1>" + std::to_string(rule.status) +
                      "</h1></center><hr><center>nginx</center></body></html>",
                  "text/html");
}

void MarketoProvider::Token(const httplib::Request& req, httplib::Response& res) {
  // Parameters in the query or a form body (cpp-httplib merges both into params).
  if (req.get_param_value("grant_type") != "client_credentials") {
    SendJson(
        res, 400,
        R"({"error":"invalid_request","error_description":"Missing or unsupported grant type"})");
    return;
  }
  IssuedToken token;
  if (state_.tokens.MarketoToken(req.get_param_value("client_id"),
                                 req.get_param_value("client_secret"),
                                 token) != GrantError::kNone) {
    SendJson(res, 401, R"({"error":"unauthorized","error_description":"Bad client credentials"})");
    return;
  }
  JsonWriter w;
  w.BeginObject()
      .Key("access_token")
      .String(token.access_token)
      .Key("token_type")
      .String("bearer")
      .Key("expires_in")
      .Int(token.expires_in_s)
      .Key("scope")
      .String("apis@tempo.example")
      .EndObject();
  SendJson(res, 200, w.Take());
}

void MarketoProvider::Describe(const httplib::Request&, httplib::Response& res) {
  std::string result = "[";
  bool first = true;
  for (const MarketoField& f : MarketoLeadFields()) {
    if (!first) result += ',';
    first = false;
    const bool read_only = f.name == "id" || f.name == "createdAt" || f.name == "updatedAt" ||
                           f.name == "acquisitionProgramId";
    result += "{\"id\":" + std::to_string(f.id) + ",\"displayName\":";
    AppendJsonText(result, f.display);
    result += ",\"dataType\":";
    AppendJsonText(result, f.data_type);
    if (f.data_type == "string" || f.data_type == "email") result += ",\"length\":255";
    result += ",\"rest\":{\"name\":";
    AppendJsonText(result, f.name);
    result +=
        std::string(",\"readOnly\":") + (read_only ? "true" : "false") + "},\"soap\":{\"name\":";
    std::string soap(f.name);
    if (!soap.empty())
      soap[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(soap[0])));
    AppendJsonText(result, soap);
    result += std::string(",\"readOnly\":") + (read_only ? "true" : "false") + "}}";
  }
  result += ']';
  Ok(res, result);
}

void MarketoProvider::Leads(const httplib::Request& req, httplib::Response& res) {
  const std::string type = req.get_param_value("filterType");
  if (type != "id" && type != "email") {
    return Error(res, "1003", "filterType '" + type + "' is not supported (use id or email)");
  }
  const std::vector<std::string> values = SplitList(req.get_param_value("filterValues"));
  if (values.empty()) return Error(res, "1003", "filterValues cannot be blank");
  if (static_cast<int64_t>(values.size()) > kMaxBatch) {
    return Error(res, "1003", "Number of filterValues exceeds the maximum of 300");
  }
  if (!BatchSize(req)) return Error(res, "1003", "batchSize must be between 1 and 300");
  std::string unknown;
  bool fields_ok = false;
  const std::vector<int> fields = RequestedFields(req, &unknown, &fields_ok);
  if (!fields_ok) return Error(res, "1006", "Field '" + unknown + "' not found");
  std::vector<int64_t> rows;
  std::shared_lock lock(state_.dataset_mutex);
  const Dataset& d = state_.dataset;
  if (type == "id") {
    for (const std::string& v : values) {
      std::optional<int64_t> id = ParseInt(v);
      if (!id) return Error(res, "1003", "Invalid id '" + v + "'");
      if (auto row = MarketoLeadRow(d, *id); row && !d.Archived(Entity::kLead, *row)) {
        rows.push_back(*row);
      }
    }
  } else {
    for (int64_t row = 0; row < d.Count(Entity::kLead); ++row) {
      if (d.Archived(Entity::kLead, row)) continue;
      const std::string email = d.Lead(row).email;
      if (std::find(values.begin(), values.end(), email) != values.end()) rows.push_back(row);
    }
  }
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  std::string result = "[";
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) result += ',';
    AppendLeadJson(result, RenderMarketoLead(d, rows[i]), fields);
  }
  result += ']';
  Ok(res, result);
}

void MarketoProvider::ProgramMembers(const httplib::Request& req, httplib::Response& res) {
  const std::optional<int64_t> program_id = ParseInt(req.matches[1].str());
  const std::optional<int64_t> batch = BatchSize(req);
  if (!batch) return Error(res, "1003", "batchSize must be between 1 and 300");
  std::string unknown;
  bool fields_ok = false;
  const std::vector<int> fields = RequestedFields(req, &unknown, &fields_ok);
  if (!fields_ok) return Error(res, "1006", "Field '" + unknown + "' not found");
  const MarketoOptions o = options();
  std::shared_lock lock(state_.dataset_mutex);
  const Dataset& d = state_.dataset;
  const int64_t program_row = program_id.value_or(0) - kMarketoProgramBase;
  if (!program_id || program_row < 0 || program_row >= d.Count(Entity::kCampaign) ||
      d.Archived(Entity::kCampaign, program_row)) {
    return Error(res, "1013", "Program " + req.matches[1].str() + " not found");
  }
  // The token is the next member row to scan, for this program.
  int64_t next = 0;
  if (req.has_param("nextPageToken")) {
    std::optional<ActivityPosition> p = DecodePagingToken(req.get_param_value("nextPageToken"));
    if (!p || p->id != *program_id || p->ms < 0) return Error(res, "1003", "Invalid nextPageToken");
    next = p->ms;
  }
  const int64_t members = d.Count(Entity::kCampaignMember);
  const int64_t scan_end = std::min(members, next + std::max<int64_t>(o.scan_rows, 1));
  std::string result = "[";
  int64_t taken = 0;
  int64_t row = next;
  for (; row < scan_end && taken < *batch; ++row) {
    std::optional<MarketoMembership> m = RenderMarketoMembership(d, row);
    if (!m || m->program_row != program_row) continue;
    if (taken++ > 0) result += ',';
    std::string lead;
    AppendLeadJson(lead, RenderMarketoLead(d, m->lead_row), fields);
    lead.pop_back();  // the closing brace: the membership follows
    result += lead;
    result += ",\"membership\":{\"progressionStatus\":";
    AppendJsonText(result, m->progression_status);
    result += std::string(",\"acquiredBy\":") + (m->acquired_by ? "true" : "false") +
              ",\"reachedSuccess\":" + (m->reached_success ? "true" : "false") +
              ",\"membershipDate\":\"" + FormatLeadDateTime(m->membership_ms) +
              "\",\"isExhausted\":false,\"nurtureCadence\":\"\",\"stream\":\"\"}}";
  }
  result += ']';
  next = row;
  bool more = false;
  for (int64_t r = next; r < members && !more; ++r) {
    std::optional<MarketoMembership> m = RenderMarketoMembership(d, r);
    more = m && m->program_row == program_row;
  }
  Ok(res, result,
     ",\"nextPageToken\":\"" + EncodePagingToken({next, *program_id}) +
         "\",\"moreResult\":" + (more ? "true" : "false"));
}

void MarketoProvider::PagingToken(const httplib::Request& req, httplib::Response& res) {
  const std::string since = req.get_param_value("sinceDatetime");
  std::optional<int64_t> ms = ParseIsoDateTime(since);
  if (!ms) return Error(res, "1003", "sinceDatetime '" + since + "' is not a date-time");
  std::string body = "{\"requestId\":\"" + RequestId() +
                     "\",\"success\":true,\"nextPageToken\":\"" +
                     EncodePagingToken(PositionBefore(*ms)) + "\"}";
  SendJson(res, 200, std::move(body));
}

void MarketoProvider::Activities(const httplib::Request& req, httplib::Response& res,
                                 bool deleted) {
  if (!req.has_param("nextPageToken")) return Error(res, "1003", "nextPageToken cannot be blank");
  std::optional<ActivityPosition> from = DecodePagingToken(req.get_param_value("nextPageToken"));
  if (!from) return Error(res, "1003", "Invalid nextPageToken");
  const std::optional<int64_t> batch = BatchSize(req);
  if (!batch) return Error(res, "1003", "batchSize must be between 1 and 300");
  std::vector<int> types = {kDeleteLeadActivity};
  if (!deleted) {
    if (!req.has_param("fields")) return Error(res, "1003", "fields cannot be blank");
    std::string unknown;
    const auto fields = FieldIndexes(SplitList(req.get_param_value("fields")), &unknown);
    if (!fields) return Error(res, "1006", "Field '" + unknown + "' not found");
    // Data value changes are reported for the fields asked for (touches change the title).
    types = {kNewLeadActivity};
    if (std::find(fields->begin(), fields->end(), MarketoLeadFieldIndex("title")) !=
        fields->end()) {
      types.push_back(kChangeDataValueActivity);
    }
  }
  std::shared_lock lock(state_.dataset_mutex);
  const Dataset& d = state_.dataset;
  const std::vector<MarketoActivity> all = MarketoActivities(d, types);
  const ActivityPage page = PageActivities(all, *from, static_cast<size_t>(*batch));
  std::string result = "[";
  for (size_t i = page.begin; i < page.end; ++i) {
    const MarketoActivity& a = all[i];
    const LeadRecord lead = d.Lead(a.lead_row);
    if (i > page.begin) result += ',';
    result += "{\"id\":" + std::to_string(a.id) + ",\"marketoGUID\":\"" + std::to_string(a.id) +
              "\",\"leadId\":" + std::to_string(kMarketoLeadBase + a.lead_row) +
              ",\"activityDate\":\"" + FormatLeadDateTime(a.ms) +
              "\",\"activityTypeId\":" + std::to_string(a.type);
    if (a.type == kDeleteLeadActivity) {
      result += ",\"primaryAttributeValueId\":" + std::to_string(kMarketoLeadBase + a.lead_row) +
                ",\"primaryAttributeValue\":";
      AppendJsonText(result, lead.first_name + " " + lead.last_name);
      result += ",\"attributes\":[]}";
    } else if (a.type == kNewLeadActivity) {
      result +=
          ",\"fields\":[],\"attributes\":[{\"name\":\"Source Type\",\"value\":\"New lead\"}]}";
    } else {
      result += ",\"fields\":[{\"id\":6,\"name\":\"title\",\"newValue\":";
      AppendJsonText(result, lead.title);
      result +=
          ",\"oldValue\":null}],\"attributes\":[{\"name\":\"Source\",\"value\":\"Web service "
          "API\"}]}";
    }
  }
  result += ']';
  Ok(res, result,
     ",\"nextPageToken\":\"" + EncodePagingToken(page.next) +
         "\",\"moreResult\":" + (page.more ? "true" : "false"));
}

void MarketoProvider::ActivityTypes(const httplib::Request&, httplib::Response& res) {
  Ok(res,
     R"([{"id":12,"name":"New Lead","description":"New person/record is added to the lead database","primaryAttribute":{"name":"Lead ID","dataType":"integer"},"attributes":[{"name":"Source Type","dataType":"string"}]},)"
     R"({"id":13,"name":"Change Data Value","description":"Changed attribute value for a person","primaryAttribute":{"name":"Attribute Name","dataType":"integer"},"attributes":[{"name":"New Value","dataType":"text"},{"name":"Old Value","dataType":"text"},{"name":"Source","dataType":"string"}]},)"
     R"({"id":37,"name":"Delete Lead","description":"Delete lead from the database","primaryAttribute":{"name":"Lead ID","dataType":"integer"},"attributes":[]}])");
}

void MarketoProvider::Programs(const httplib::Request& req, httplib::Response& res) {
  int64_t max_return = 20, offset = 0;
  if (req.has_param("maxReturn")) {
    std::optional<int64_t> n = ParseInt(req.get_param_value("maxReturn"));
    if (!n || *n < 1 || *n > 200) return Error(res, "1003", "maxReturn must be between 1 and 200");
    max_return = *n;
  }
  if (req.has_param("offset")) {
    std::optional<int64_t> n = ParseInt(req.get_param_value("offset"));
    if (!n || *n < 0) return Error(res, "1003", "offset must not be negative");
    offset = *n;
  }
  int64_t earliest = INT64_MIN, latest = INT64_MAX;
  for (auto [name, target] :
       {std::pair{"earliestUpdatedAt", &earliest}, {"latestUpdatedAt", &latest}}) {
    if (!req.has_param(name)) continue;
    std::optional<int64_t> ms = ParseIsoDateTime(req.get_param_value(name));
    if (!ms) return Error(res, "1003", std::string(name) + " is not a date-time");
    *target = *ms;
  }
  std::shared_lock lock(state_.dataset_mutex);
  const Dataset& d = state_.dataset;
  // Programs updated or created in the range, in id order.
  std::string result = "[";
  int64_t index = 0, taken = 0;
  for (int64_t row = 0; row < d.Count(Entity::kCampaign) && taken < max_return; ++row) {
    if (d.Archived(Entity::kCampaign, row)) continue;
    const int64_t updated = d.ModifiedMs(Entity::kCampaign, row);
    const int64_t created = d.CreatedMs(Entity::kCampaign, row);
    if ((updated < earliest || updated > latest) && (created < earliest || created > latest)) {
      continue;
    }
    if (index++ < offset) continue;
    if (taken++ > 0) result += ',';
    AppendProgramJson(result, RenderMarketoProgram(d, row));
  }
  result += ']';
  if (taken == 0) {
    // The end of asset paging: no result member, a warning.
    std::string body =
        "{\"success\":true,\"warnings\":[\"No assets found for the given search "
        "criteria.\"],\"errors\":[],\"requestId\":\"" +
        RequestId() + "\"}";
    SendJson(res, 200, std::move(body));
    return;
  }
  Ok(res, result, ",\"warnings\":[],\"errors\":[]");
}

ExportJobs::FileBuilder MarketoProvider::FileBuilder() {
  return [this](const ExportRequest& request, int64_t* records) {
    std::shared_lock lock(state_.dataset_mutex);
    return BuildExportCsv(state_.dataset, request, records);
  };
}

void MarketoProvider::ExportCreate(const httplib::Request& req, httplib::Response& res) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(req.body).get(doc) != simdjson::SUCCESS || !doc.is_object()) {
    return Error(res, "609", DefaultMessage(609));
  }
  simdjson::dom::array names;
  if (doc["fields"].get_array().get(names) != simdjson::SUCCESS || names.size() == 0) {
    return Error(res, "1003", "fields cannot be blank");
  }
  ExportRequest request;
  for (simdjson::dom::element e : names) {
    std::string_view name;
    if (e.get_string().get(name) != simdjson::SUCCESS) return Error(res, "1003", "Invalid fields");
    const int i = MarketoLeadFieldIndex(name);
    if (i < 0) return Error(res, "1006", "Field '" + std::string(name) + "' not found");
    request.fields.push_back(i);
  }
  std::string_view format = "CSV";
  if (doc["format"].get_string().get(format) == simdjson::SUCCESS && format != "CSV") {
    return Error(res, "1003", "Format '" + std::string(format) + "' is not supported by this fake");
  }
  simdjson::dom::object filter;
  if (doc["filter"].get_object().get(filter) != simdjson::SUCCESS || filter.size() != 1) {
    return Error(res, "1003", "filter must name exactly one filter type");
  }
  for (simdjson::dom::key_value_pair kv : filter) {
    request.filter = std::string(kv.key);
    if (request.filter != "createdAt" && request.filter != "updatedAt") {
      return Error(res, "1003",
                   "Filter type '" + request.filter + "' is not supported by this fake");
    }
    if (request.filter == "updatedAt" && !options().updated_at_filter) {
      return Error(res, "1035", DefaultMessage(1035));
    }
    std::string_view start, end;
    if (kv.value["startAt"].get_string().get(start) != simdjson::SUCCESS ||
        kv.value["endAt"].get_string().get(end) != simdjson::SUCCESS) {
      return Error(res, "1003", "Filter '" + request.filter + "' needs startAt and endAt");
    }
    std::optional<int64_t> s = ParseIsoDateTime(start), e = ParseIsoDateTime(end);
    if (!s || !e || *s > *e) {
      return Error(res, "1003", "Filter '" + request.filter + "' has an invalid date range");
    }
    if (*e - *s > kMaxWindowMs) {
      return Error(res, "1003", "Filter '" + request.filter + "' date range is more than 31 days");
    }
    request.start_ms = *s;
    request.end_ms = *e;
  }
  ExportJob job;
  if (auto error = exports_.Create(std::move(request), state_.clock.NowMs(), options(), &job)) {
    return Error(res, error->code, error->message);
  }
  Ok(res, "[{\"exportId\":\"" + job.id +
              "\",\"format\":\"CSV\",\"status\":\"Created\",\"createdAt\":\"" +
              FormatLeadDateTime(job.created_ms) + "\"}]");
}

void MarketoProvider::ExportJobCall(const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1].str();
  const std::string action = req.matches[2].str();
  const int64_t now = state_.clock.NowMs();
  const MarketoOptions o = options();
  ExportJob job;
  std::optional<MarketoError> error;
  if (action == "enqueue") {
    error = exports_.Enqueue(id, now, o, FileBuilder(), &job);
  } else if (action == "cancel") {
    error = exports_.Cancel(id, now, o, FileBuilder(), &job);
  } else {
    error = exports_.Get(id, now, o, FileBuilder(), &job);
  }
  if (error) return Error(res, error->code, error->message);
  if (action == "file") {
    if (job.status != "Completed") {
      return Error(res, "1003", "Export " + id + " is " + job.status + "; its file is not ready");
    }
    // cpp-httplib answers a Range request itself (206 with Content-Range, or 416) from the
    // whole body.
    res.set_header("Accept-Ranges", "bytes");
    res.set_content(std::move(job.file), "text/csv");
    return;
  }
  std::string item = "{\"exportId\":\"" + job.id + "\",\"format\":\"CSV\",\"status\":\"" +
                     job.status + "\",\"createdAt\":\"" + FormatLeadDateTime(job.created_ms) + "\"";
  if (job.queued_ms > 0) item += ",\"queuedAt\":\"" + FormatLeadDateTime(job.queued_ms) + "\"";
  if (job.started_ms > 0) item += ",\"startedAt\":\"" + FormatLeadDateTime(job.started_ms) + "\"";
  if (job.status == "Completed" || job.status == "Failed") {
    item += ",\"finishedAt\":\"" + FormatLeadDateTime(job.finished_ms) + "\"";
  }
  if (job.status == "Completed") {
    item += ",\"numberOfRecords\":" + std::to_string(job.records) +
            ",\"fileSize\":" + std::to_string(job.file.size());
  }
  if (job.status == "Failed") item += ",\"errorMsg\":\"Export failed\"";
  item += '}';
  Ok(res, "[" + item + "]");
}

}  // namespace tempo::fakes
