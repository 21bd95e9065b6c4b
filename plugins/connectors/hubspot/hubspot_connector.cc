// The `hubspot` connector: HubSpot CRM v3 contacts, companies and deals into the canonical
// contact, account, opportunity and opportunity_partner tables. README.md explains it for
// admins; reference/api-wire-formats.md section 1 is the wire format it follows.
//
// Reads:
//   full refresh   GET  /crm/v3/objects/{type}?limit&archived=false&properties[&after]
//   incremental    POST /crm/v3/objects/{type}/search on the modification property, GTE the
//                  last cursor, ascending, re-anchored before the 10,000-result cap; then
//                  GET ...?archived=true, emitted as deletes.
// Every page is flushed, then checkpointed with a state that resumes exactly at the next page.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "config_schema.h"
#include "hubspot_values.h"
#include "tempo/plugin.hpp"
#include "tempo/prefetch.hpp"

namespace tempo::hubspot {
namespace {

using sdk::Context;
using sdk::Status;
namespace dom = simdjson::dom;

struct ObjectType {
  const char* stream;                   // stream name and HubSpot object type
  const char* entity;                   // canonical table
  const char* mod_prop;                 // incremental property
  std::vector<std::string> properties;  // asked for: the mapped ones, then extra_properties
  std::string properties_query = {};    // `properties` joined by commas (the list URL's value)
};

constexpr const char* kStreams[] = {"contacts", "companies", "deals"};

// HubSpot's list endpoint answers 414 for long URLs; Airbyte keeps `properties=` under 15,000
// characters (reference/api-wire-formats.md 1.3). One request per page, so stay under it.
constexpr size_t kMaxPropertiesQuery = 15000;

// How far before a list read's start its hand-over cursor goes: covers a clock skew between this
// machine and HubSpot's and the search index's lag. The records modified in it are read again
// by the next incremental run (the upsert absorbs them).
constexpr int64_t kHandOverLagMs = 5 * 60 * 1000;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Config {
  std::string base_url, token_url, access_token, client_id, client_secret, refresh_token;
  std::string portal_id;
  double requests_per_10s = 100, search_rps = 4;
  int64_t page_size = 100, search_page_size = 200, search_cap = 10000;
  bool read_archived = true;
  std::string partner_property, partner_role_property, partner_id_property;
  // extra_properties: stream -> more property names to ask for (kept in the raw JSON only).
  std::map<std::string, std::vector<std::string>, std::less<>> extra_properties;
};

// A HubSpot property's internal name as extra_properties accepts it: it goes into a URL query
// unencoded and into a comma-separated list, so letters, digits, '_', '-' and '.' only
// (HubSpot's internal names are lower-case letters, digits and underscores).
bool IsPropertyName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// Reads extra_properties (already checked against the schema by the host; checked again here,
// since a name lands in a URL). Absent: none.
Status ReadExtraProperties(dom::element doc, Config* c) {
  dom::element extra;
  if (doc["extra_properties"].get(extra) != simdjson::SUCCESS || extra.is_null()) {
    return Status::Ok();
  }
  dom::object streams;
  if (extra.get_object().get(streams) != simdjson::SUCCESS) {
    return Status::InvalidArgument(
        "extra_properties must map a stream (contacts, companies, deals) to a list of HubSpot "
        "property names");
  }
  for (dom::key_value_pair kv : streams) {
    const std::string_view stream = kv.key;
    if (std::find(std::begin(kStreams), std::end(kStreams), stream) == std::end(kStreams)) {
      return Status::InvalidArgument("extra_properties." + std::string(stream) +
                                     ": no such stream; use contacts, companies or deals");
    }
    dom::array names;
    if (kv.value.get_array().get(names) != simdjson::SUCCESS) {
      return Status::InvalidArgument("extra_properties." + std::string(stream) +
                                     " must be a list of HubSpot property names");
    }
    std::vector<std::string>& out = c->extra_properties[std::string(stream)];
    for (dom::element e : names) {
      std::string_view name;
      const bool is_string = e.get_string().get(name) == simdjson::SUCCESS;
      if (!is_string || !IsPropertyName(name)) {
        return Status::InvalidArgument(
            "extra_properties." + std::string(stream) + ": " +
            (is_string ? "'" + std::string(name.substr(0, 60)) + "'"
                       : std::string("a non-string")) +
            " is not a HubSpot property name (use its internal name: letters, digits, '_', '-', "
            "'.'; no commas or spaces)");
      }
      out.emplace_back(name);
    }
  }
  return Status::Ok();
}

// Where an unfinished read stands. Encoded into the checkpoint state after every page.
struct RunState {
  bool incremental = false;
  std::string phase;       // "list", "search", "archived"
  std::string after;       // list cursor, passed through unchanged
  int64_t anchor_ms = -1;  // search: lower bound of the modification time
  std::string anchor_id;   // search: "" = GTE anchor; else GT anchor OR (EQ anchor AND id GT)
  bool tie = false;        // search: EQ anchor AND id GT anchor_id, sorted by id
  int64_t offset = 0;      // search: `after` within the current query
  int64_t max_ms = -1;     // newest modification time seen, and the largest id at it
  std::string max_id;
  int64_t page = 0;  // pages read so far (for messages)
  // list: the instant the run that began the list started, less kHandOverLagMs (-1: unknown,
  // a state written before connector 0.2.0)
  int64_t started_ms = -1;
};

struct StreamState {
  int64_t cursor_ms = -1;  // the last completed read's newest modification time
  std::string cursor_id;   // and the largest id at that time
  std::optional<RunState> run;
};

std::string EncodeState(const StreamState& s) {
  std::string out = "{\"cursor_ms\":" + std::to_string(s.cursor_ms) + ",\"cursor_id\":";
  sdk::AppendJsonString(out, s.cursor_id);
  if (s.run) {
    const RunState& r = *s.run;
    out += ",\"run\":{\"incremental\":";
    out += r.incremental ? "true" : "false";
    out += ",\"phase\":";
    sdk::AppendJsonString(out, r.phase);
    out += ",\"after\":";
    sdk::AppendJsonString(out, r.after);
    out += ",\"anchor_ms\":" + std::to_string(r.anchor_ms) + ",\"anchor_id\":";
    sdk::AppendJsonString(out, r.anchor_id);
    out += ",\"tie\":";
    out += r.tie ? "true" : "false";
    out += ",\"offset\":" + std::to_string(r.offset) + ",\"max_ms\":" + std::to_string(r.max_ms) +
           ",\"max_id\":";
    sdk::AppendJsonString(out, r.max_id);
    out += ",\"page\":" + std::to_string(r.page) +
           ",\"started_ms\":" + std::to_string(r.started_ms) + "}";
  }
  out += "}";
  return out;
}

Status DecodeState(std::string_view json, StreamState* out) {
  *out = StreamState();
  if (json.empty()) return Status::Ok();
  dom::parser parser;
  dom::element doc;
  if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS || !doc.is_object()) {
    return Status::Data("the stored state is not a JSON object; reset the stream's state");
  }
  auto str = [](dom::element e, const char* key, std::string* v) {
    std::string_view sv;
    if (e[key].get_string().get(sv) == simdjson::SUCCESS) v->assign(sv);
  };
  auto num = [](dom::element e, const char* key, int64_t* v) {
    int64_t n;
    if (e[key].get_int64().get(n) == simdjson::SUCCESS) *v = n;
  };
  auto boolean = [](dom::element e, const char* key, bool* v) {
    bool b;
    if (e[key].get_bool().get(b) == simdjson::SUCCESS) *v = b;
  };
  num(doc, "cursor_ms", &out->cursor_ms);
  str(doc, "cursor_id", &out->cursor_id);
  dom::element run;
  if (doc["run"].get(run) == simdjson::SUCCESS && run.is_object()) {
    RunState r;
    boolean(run, "incremental", &r.incremental);
    str(run, "phase", &r.phase);
    str(run, "after", &r.after);
    num(run, "anchor_ms", &r.anchor_ms);
    str(run, "anchor_id", &r.anchor_id);
    boolean(run, "tie", &r.tie);
    num(run, "offset", &r.offset);
    num(run, "max_ms", &r.max_ms);
    str(run, "max_id", &r.max_id);
    num(run, "page", &r.page);
    num(run, "started_ms", &r.started_ms);
    if (r.phase != "list" && r.phase != "search" && r.phase != "archived") {
      return Status::Data("the stored state has an unknown phase; reset the stream's state");
    }
    out->run = std::move(r);
  }
  return Status::Ok();
}

// 429s are rate limits, except HubSpot's daily policy, which is a spent quota; 530 (a malformed
// token at HubSpot's edge) is permanent.
int32_t Classify(void*, const tempo_http_response* r) {
  std::string_view body(r->body ? r->body : "", r->body ? r->body_len : 0);
  if (r->status == 429) {
    if (body.find("\"DAILY\"") != std::string_view::npos) return TEMPO_HTTP_QUOTA;
    return TEMPO_HTTP_RATE_LIMITED;
  }
  if (r->status == 530) return TEMPO_HTTP_FAIL;
  return TEMPO_HTTP_DEFAULT;
}

// HubSpot's error message from a v3 error envelope, or a short excerpt of the body.
std::string ErrorMessage(std::string_view body) {
  dom::parser parser;
  dom::element doc;
  std::string_view message;
  if (parser.parse(body.data(), body.size()).get(doc) == simdjson::SUCCESS &&
      doc["message"].get_string().get(message) == simdjson::SUCCESS) {
    return std::string(message.substr(0, 300));
  }
  std::string excerpt;
  for (char c : body.substr(0, 120)) excerpt.push_back(c >= 0x20 && c < 0x7f ? c : ' ');
  return excerpt.empty() ? "empty body" : excerpt;
}

std::optional<std::string_view> Prop(dom::element props, std::string_view name) {
  dom::element v;
  if (name.empty() || props[name].get(v) != simdjson::SUCCESS) return std::nullopt;
  std::string_view s;
  if (v.get_string().get(s) == simdjson::SUCCESS) return s;
  return std::string_view();  // null (or a non-string) counts as empty
}

class HubSpotConnector : public sdk::Connector {
 public:
  explicit HubSpotConnector(Config config) : config_(std::move(config)) {
    types_.push_back({"contacts",
                      "contact",
                      "lastmodifieddate",
                      {"email", "firstname", "lastname", "jobtitle", "createdate",
                       "lastmodifieddate", "associatedcompanyid", "hs_object_id"}});
    types_.push_back({"companies",
                      "account",
                      "hs_lastmodifieddate",
                      {"name", "domain", "lifecyclestage", "type", "createdate",
                       "hs_lastmodifieddate", "hs_object_id"}});
    ObjectType deals{
        "deals",
        "opportunity",
        "hs_lastmodifieddate",
        {"dealname", "amount", "deal_currency_code", "dealstage", "dealtype", "closedate",
         "createdate", "hs_lastmodifieddate", "hs_is_closed", "hs_is_closed_won", "hs_object_id"}};
    for (const std::string* p : {&config_.partner_property, &config_.partner_role_property,
                                 &config_.partner_id_property}) {
      if (!p->empty()) deals.properties.push_back(*p);
    }
    types_.push_back(std::move(deals));
    for (ObjectType& t : types_) {
      if (auto it = config_.extra_properties.find(std::string_view(t.stream));
          it != config_.extra_properties.end()) {
        for (const std::string& p : it->second) t.properties.push_back(p);
      }
      // Each name once: extra properties may repeat a mapped one (or the partner properties).
      std::vector<std::string> unique;
      for (std::string& p : t.properties) {
        if (std::find(unique.begin(), unique.end(), p) == unique.end()) {
          unique.push_back(std::move(p));
        }
      }
      t.properties = std::move(unique);
      for (const std::string& p : t.properties) {
        if (!t.properties_query.empty()) t.properties_query += ",";
        t.properties_query += p;
      }
    }
  }

  static Status Open(Context& ctx, std::string_view config_json,
                     std::unique_ptr<HubSpotConnector>* out) {
    Config c;
    dom::parser parser;
    dom::element doc;
    if (parser.parse(config_json.data(), config_json.size()).get(doc) != simdjson::SUCCESS) {
      return Status::InvalidArgument("the hubspot config is not valid JSON");
    }
    auto str = [&](const char* key, std::string* v, const char* def) {
      std::string_view sv;
      if (doc[key].get_string().get(sv) == simdjson::SUCCESS) {
        v->assign(sv);
      } else {
        v->assign(def);
      }
    };
    auto num = [&](const char* key, double* v) {
      double d;
      if (doc[key].get_double().get(d) == simdjson::SUCCESS) *v = d;
    };
    auto integer = [&](const char* key, int64_t* v) {
      int64_t n;
      if (doc[key].get_int64().get(n) == simdjson::SUCCESS) *v = n;
    };
    str("base_url", &c.base_url, "https://api.hubapi.com");
    str("token_url", &c.token_url, "https://api.hubapi.com/oauth/v1/token");
    str("access_token", &c.access_token, "");
    str("client_id", &c.client_id, "");
    str("client_secret", &c.client_secret, "");
    str("refresh_token", &c.refresh_token, "");
    str("portal_id", &c.portal_id, "");
    str("partner_property", &c.partner_property, "partner_name");
    str("partner_role_property", &c.partner_role_property, "partner_role");
    str("partner_id_property", &c.partner_id_property, "");
    num("requests_per_10s", &c.requests_per_10s);
    num("search_requests_per_second", &c.search_rps);
    integer("page_size", &c.page_size);
    integer("search_page_size", &c.search_page_size);
    integer("search_result_cap", &c.search_cap);
    bool b;
    if (doc["read_archived"].get_bool().get(b) == simdjson::SUCCESS) c.read_archived = b;
    if (Status s = ReadExtraProperties(doc, &c); !s.ok()) return s;
    while (!c.base_url.empty() && c.base_url.back() == '/') c.base_url.pop_back();
    c.page_size = std::clamp<int64_t>(c.page_size, 1, 100);
    c.search_page_size = std::clamp<int64_t>(c.search_page_size, 1, 200);
    c.search_cap = std::clamp<int64_t>(c.search_cap, 1, 10000);
    if (c.search_cap < c.search_page_size) c.search_cap = c.search_page_size;

    const bool oauth = !c.client_id.empty() || !c.client_secret.empty() || !c.refresh_token.empty();
    if (!c.access_token.empty() && oauth) {
      return Status::InvalidArgument(
          "set either access_token (private app) or client_id, client_secret and refresh_token "
          "(OAuth), not both");
    }
    if (c.access_token.empty() &&
        (c.client_id.empty() || c.client_secret.empty() || c.refresh_token.empty())) {
      return Status::InvalidArgument(
          "set access_token (a private-app token), or all of client_id, client_secret and "
          "refresh_token (OAuth)");
    }
    std::string key = "hubspot:" + (!c.portal_id.empty() ? c.portal_id
                                    : oauth              ? "app-" + ShortHash(c.client_id)
                                                         : "pat-" + ShortHash(c.access_token));
    tempo_http_config http{};
    http.struct_size = sizeof http;
    if (c.requests_per_10s > 0) {
      http.rate_limit_key = key.c_str();
      // A token bucket lets `burst + 10 s x rate` requests into any 10-s window: keep that at
      // requests_per_10s (HubSpot's rolling window), with a burst of one second's worth.
      http.burst = std::max(1.0, c.requests_per_10s / 10.0);
      http.requests_per_second = std::max(0.1, (c.requests_per_10s - http.burst) / 10.0);
    } else {
      // 0: no client-side budget (private test servers, benchmarks). The host keeps no bucket
      // for a connection without a rate key and with rate and daily quota 0. The key is left
      // out on purpose: an unlimited sharer of a bucket would refill it for the connections
      // that do have a budget under the same key. 429s still back off by the retry policy
      // (honoring Retry-After).
      http.rate_limit_key = nullptr;
      http.burst = 0;
      http.requests_per_second = 0;
    }
    if (oauth) {
      http.auth_kind = TEMPO_AUTH_OAUTH2_REFRESH_TOKEN;
      http.token_url = c.token_url.c_str();
      http.client_id = c.client_id.c_str();
      http.client_secret = c.client_secret.c_str();
      http.refresh_token = c.refresh_token.c_str();
      http.default_expires_in_s = 1800;
    } else {
      http.auth_kind = TEMPO_AUTH_BEARER;
      http.bearer_token = c.access_token.c_str();
    }
    if (Status s = ctx.HttpConfigure(http); !s.ok()) return s;
    auto connector = std::make_unique<HubSpotConnector>(std::move(c));
    for (const ObjectType& t : connector->types_) {
      if (t.properties_query.size() > kMaxPropertiesQuery) {
        return Status::InvalidArgument(
            "the properties of stream '" + std::string(t.stream) + "' make " +
            std::to_string(t.properties_query.size()) + " characters, more than the " +
            std::to_string(kMaxPropertiesQuery) +
            " a HubSpot list URL allows; shorten extra_properties." + t.stream);
      }
    }
    *out = std::move(connector);
    return Status::Ok();
  }

  Status Check(Context& ctx) override {
    sdk::HttpResponse resp;
    std::string url = config_.base_url + "/crm/v3/objects/contacts?limit=1&archived=false";
    if (Status s = Fetch(ctx, "GET", url, "", "contacts", "check", &resp); !s.ok()) return s;
    dom::element doc;
    return ParsePage(resp.body, "contacts", "check", &doc);
  }

  Status Discover(Context&, std::vector<sdk::StreamInfo>* streams) override {
    for (const ObjectType& t : types_) {
      sdk::StreamInfo info;
      info.name = t.stream;
      info.entity = t.entity;
      info.primary_key = "id";
      info.cursor_field = t.mod_prop;
      info.description = std::string("HubSpot ") + t.stream + " as " + t.entity + " records";
      if (std::string_view(t.stream) == "deals" && !config_.partner_property.empty()) {
        info.description += " (and opportunity_partner rows from " + config_.partner_property + ")";
      }
      info.sync_modes = TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL;
      streams->push_back(std::move(info));
    }
    return Status::Ok();
  }

  Status Read(Context& ctx, const sdk::ReadRequest& request) override {
    for (const ObjectType& t : types_) {
      if (request.stream == t.stream) return ReadStream(ctx, t, request);
    }
    return Status::NotFound("no stream '" + std::string(request.stream) +
                            "' in the hubspot connector; its streams are contacts, companies "
                            "and deals");
  }

 private:
  Status Fetch(Context& ctx, const char* method, const std::string& url, const std::string& body,
               const std::string& stream, const std::string& where, sdk::HttpResponse* resp) {
    sdk::HttpOptions options;
    options.classify = &Classify;
    if (!body.empty()) options.headers.emplace_back("Content-Type", "application/json");
    if (Status s = ctx.Http(method, url, body, options, resp); !s.ok()) return s;
    if (resp->status >= 200 && resp->status < 300) return Status::Ok();
    std::string what = "HubSpot stream '" + stream + "' " + where + ": HTTP " +
                       std::to_string(resp->status) + ": " + ErrorMessage(resp->body);
    if (resp->status == 401 || resp->status == 403 || resp->status == 530) {
      return Status::Permission(what +
                                "; check the token (or re-authorize the app) and its scopes");
    }
    if (resp->status == 404) return Status::NotFound(what);
    return Status::Unavailable(what);
  }

  // GET `url` into *out, with room for simdjson's padding. Runs on the Prefetcher's thread:
  // it only makes the HTTP call (plugin.h, "Threads") and touches nothing else of this object.
  Status FetchInto(Context& ctx, const std::string& url, const std::string& stream,
                   const std::string& where, std::string* out) {
    sdk::HttpResponse resp;
    if (Status s = Fetch(ctx, "GET", url, "", stream, where, &resp); !s.ok()) return s;
    out->reserve(resp.body.size() + simdjson::SIMDJSON_PADDING);
    out->assign(resp.body.data(), resp.body.size());
    return Status::Ok();
  }

  // Parses a page into parser_ (validating all of it) and finds each result's original bytes
  // (raw_spans_). The body is first copied into page_, which this connector owns: the record
  // views taken from the page stay valid until the batch is flushed, even across the deals'
  // associations request, and the buffer is reused from page to page.
  Status ParsePage(std::string_view body, const std::string& stream, const std::string& where,
                   dom::element* doc) {
    page_.reserve(body.size() + simdjson::SIMDJSON_PADDING);
    page_.assign(body.data(), body.size());
    return ParseBuffered(stream, where, doc);
  }

  // ParsePage for a body this connector already owns: takes it into page_ without a copy and
  // leaves page_'s old buffer in `body` for the next fetch.
  Status TakePage(std::string& body, const std::string& stream, const std::string& where,
                  dom::element* doc) {
    page_.swap(body);
    page_.reserve(page_.size() + simdjson::SIMDJSON_PADDING);
    return ParseBuffered(stream, where, doc);
  }

  Status ParseBuffered(const std::string& stream, const std::string& where, dom::element* doc) {
    raw_spans_.clear();
    auto error = parser_.parse(page_.data(), page_.size(), /*realloc_if_needed=*/false).get(*doc);
    if (error != simdjson::SUCCESS) {
      return Status::Data("HubSpot stream '" + stream + "' " + where +
                          ": the response is not valid JSON (" + simdjson::error_message(error) +
                          ", " + std::to_string(page_.size()) +
                          " bytes); no records were taken from it");
    }
    dom::array results;
    if ((*doc)["results"].get_array().get(results) != simdjson::SUCCESS) {
      return Status::Data("HubSpot stream '" + stream + "' " + where +
                          ": the response has no 'results' array");
    }
    FindRawSpans(results.size());
    return Status::Ok();
  }

  // Fills raw_spans_ with the bytes of each element of page_'s `results` array, as sent (less
  // trailing whitespace). The DOM keeps no source offsets, so an On-Demand pass over the same
  // buffer finds them: it only skips over the already validated structure, several times
  // cheaper than serializing each result again. Leaves raw_spans_ empty when the spans cannot
  // be matched one to one with the DOM's results (RawJson then serializes).
  void FindRawSpans(size_t expected) {
    namespace od = simdjson::ondemand;
    raw_spans_.clear();
    od::document page;
    od::array results;
    if (raw_parser_
                .iterate(simdjson::padded_string_view(page_.data(), page_.size(), page_.capacity()))
                .get(page) != simdjson::SUCCESS ||
        page["results"].get_array().get(results) != simdjson::SUCCESS) {
      return;
    }
    for (auto item : results) {
      od::object obj;
      std::string_view raw;
      if (item.get_object().get(obj) != simdjson::SUCCESS ||
          obj.raw_json().get(raw) != simdjson::SUCCESS) {
        raw_spans_.clear();
        return;
      }
      while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' ||
                              raw.back() == '\t')) {
        raw.remove_suffix(1);
      }
      raw_spans_.push_back(raw);
    }
    if (raw_spans_.size() != expected) raw_spans_.clear();
  }

  // The next list cursor, or "" at the end (no `paging.next.after`).
  static std::string NextAfter(dom::element doc) {
    std::string_view after;
    if (doc["paging"]["next"]["after"].get_string().get(after) == simdjson::SUCCESS) {
      return std::string(after);
    }
    int64_t n;
    if (doc["paging"]["next"]["after"].get_int64().get(n) == simdjson::SUCCESS) {
      return std::to_string(n);
    }
    return "";
  }

  void PaceSearch() {
    auto now = std::chrono::steady_clock::now();
    if (next_search_ > now) {
      std::this_thread::sleep_until(next_search_);
      now = std::chrono::steady_clock::now();
    }
    next_search_ = now + std::chrono::microseconds(static_cast<int64_t>(1e6 / config_.search_rps));
  }

  static void Observe(RunState& run, int64_t ms, std::string_view id) {
    if (ms < 0) return;
    if (ms > run.max_ms) {
      run.max_ms = ms;
      run.max_id.assign(id);
    } else if (ms == run.max_ms && CompareIds(id, run.max_id) > 0) {
      run.max_id.assign(id);
    }
  }

  // One column value of a record, collected before Begin() so that a bad value rejects the
  // whole record before any of it is in the batch. `text` views the page (parser_'s strings,
  // page_) or the batch's arena: valid until the batch's next Flush().
  struct Field {
    enum Kind : uint8_t { kText, kBool, kNull };
    std::string_view name;
    Kind kind = kNull;
    bool flag = false;
    std::string_view text;
  };
  static constexpr size_t kMaxFields = 12;  // deals map the most: 10

  // The result's JSON for its raw record: its bytes as the server sent them (raw_spans_), or,
  // when those could not be found, the DOM's minified serialization.
  std::string_view RawJson(sdk::RecordBatch& batch, dom::element obj, size_t index) {
    if (index < raw_spans_.size()) return raw_spans_[index];
    return batch.Copy(simdjson::to_string(obj));
  }

  // "<deal id>:<partner>", the source id of a deal's opportunity_partner row, in the batch.
  std::string_view PartnerKey(sdk::RecordBatch& batch, std::string_view id,
                              std::string_view partner) {
    scratch_.assign(id);
    scratch_ += ':';
    scratch_ += partner;
    return batch.Copy(scratch_);
  }

  // Emits result `index` of the page. Returns its modification time (-1 when unknown) in *ms
  // and its id in *id_out (a view into the page, valid until the next ParsePage).
  //
  // The hot path of a sync: no allocation per record in the steady state. Values that need
  // no conversion are borrowed from the parsed page (RecordBatch::Str), converted ones go to
  // the batch's arena; the page is flushed before the next one is parsed.
  Status EmitObject(Context& ctx, sdk::RecordBatch& batch, const ObjectType& type, dom::element obj,
                    bool deleted, const std::string& where, size_t index, int64_t* ms,
                    std::string_view* id_out,
                    const std::map<std::string, std::string, std::less<>>* accounts = nullptr) {
    *ms = -1;
    *id_out = {};
    std::string_view id;
    if (obj["id"].get_string().get(id) != simdjson::SUCCESS || id.empty()) {
      ctx.Reject(std::string(type.stream) + " " + where + " result " + std::to_string(index) +
                 ": no id");
      return Status::Ok();
    }
    *id_out = id;
    dom::element props;
    if (obj["properties"].get(props) != simdjson::SUCCESS || !props.is_object()) {
      props = dom::element();
    }
    std::string_view updated;
    if (props.is_object()) {
      if (auto v = Prop(props, type.mod_prop); v && !v->empty()) updated = *v;
    }
    if (updated.empty()) {
      if (obj["updatedAt"].get_string().get(updated) != simdjson::SUCCESS) updated = {};
    }
    if (!updated.empty()) {
      if (auto t = ParseTimeMs(updated)) *ms = *t;
    }
    auto reject = [&](const std::string& why) {
      ctx.Reject(std::string(type.stream) + " " + where + " result " + std::to_string(index) +
                 " (id " + std::string(id) + "): " + why);
      return Status::Ok();
    };
    const std::string_view raw = RawJson(batch, obj, index);
    const std::string_view stream(type.stream);
    if (deleted) {
      std::string_view archived_at;
      if (obj["archivedAt"].get_string().get(archived_at) != simdjson::SUCCESS) archived_at = {};
      batch.Begin(type.entity, id).Deleted().Raw(raw);
      if (!archived_at.empty()) batch.UpdatedAt(archived_at);
      // An archived deal's attribution row goes with it.
      if (stream == "deals" && props.is_object()) {
        auto partner = Prop(props, config_.partner_property);
        if (partner && !partner->empty()) {
          batch.Begin("opportunity_partner", PartnerKey(batch, id, *partner)).Deleted();
          if (!archived_at.empty()) batch.UpdatedAt(archived_at);
        }
      }
      return Status::Ok();
    }
    if (!props.is_object()) return reject("no 'properties' object");

    // Validate and convert first, so a bad value rejects the whole record before Begin().
    Field fields[kMaxFields];
    size_t count = 0;
    auto add = [&](std::string_view column, Field::Kind kind, std::string_view value = {},
                   bool flag = false) {
      if (count < kMaxFields) fields[count++] = Field{column, kind, flag, value};
    };
    auto text = [&](std::string_view column, std::string_view prop) {
      if (auto v = Prop(props, prop)) add(column, v->empty() ? Field::kNull : Field::kText, *v);
    };
    auto date = [&](std::string_view column, std::string_view prop) -> bool {
      auto v = Prop(props, prop);
      if (!v) return true;
      if (v->empty()) {
        add(column, Field::kNull);
        return true;
      }
      char buffer[kIsoBufferSize];
      auto iso = NormalizeDate(*v, buffer);
      if (!iso) {
        reject(std::string(prop) + " '" + std::string(v->substr(0, 40)) + "' is not a date");
        return false;
      }
      add(column, Field::kText, iso->data() == buffer ? batch.Copy(*iso) : *iso);
      return true;
    };
    auto boolean = [&](std::string_view column, std::string_view value) -> bool {
      if (value.empty()) {
        add(column, Field::kNull);
        return true;
      }
      auto b = ParseBool(value);
      if (!b) {
        reject(std::string(column) + " '" + std::string(value.substr(0, 40)) +
               "' is not a boolean");
        return false;
      }
      add(column, Field::kBool, {}, *b);
      return true;
    };
    std::string_view partner, partner_role, partner_id;
    if (stream == "contacts") {
      text("email", "email");
      text("first_name", "firstname");
      text("last_name", "lastname");
      text("title", "jobtitle");
      text("account_source_id", "associatedcompanyid");
      if (!date("created_at", "createdate")) return Status::Ok();
    } else if (stream == "companies") {
      text("name", "name");
      text("domain", "domain");
      auto stage = Prop(props, "lifecyclestage");
      auto kind = Prop(props, "type");
      if (stage || kind) {
        std::string_view lc = CompanyLifecycle(stage.value_or(""), kind.value_or(""));
        add("lifecycle", lc.empty() ? Field::kNull : Field::kText, lc);
      }
    } else {  // deals
      text("name", "dealname");
      if (auto amount = Prop(props, "amount")) {
        if (!amount->empty() && !IsNumber(*amount)) {
          return reject("amount '" + std::string(amount->substr(0, 40)) + "' is not a number");
        }
        add("amount", amount->empty() ? Field::kNull : Field::kText, *amount);
      }
      text("currency", "deal_currency_code");
      auto stage = Prop(props, "dealstage");
      text("stage", "dealstage");
      if (auto kind = Prop(props, "dealtype")) {
        std::string_view t = OppType(*kind);
        add("opp_type", t.empty() ? Field::kNull : Field::kText, t);
      }
      auto closed = Prop(props, "hs_is_closed");
      auto won = Prop(props, "hs_is_closed_won");
      if ((closed && !closed->empty()) || (won && !won->empty())) {
        if (closed && !boolean("is_closed", *closed)) return Status::Ok();
        if (won && !boolean("is_won", *won)) return Status::Ok();
      } else if (stage && !stage->empty()) {
        // Default pipeline stages: closedwon / closedlost.
        const bool is_won = *stage == "closedwon";
        const bool is_closed = is_won || *stage == "closedlost";
        if (!boolean("is_closed", is_closed ? "true" : "false")) return Status::Ok();
        if (!boolean("is_won", is_won ? "true" : "false")) return Status::Ok();
      }
      if (!date("created_at", "createdate")) return Status::Ok();
      if (!date("closed_at", "closedate")) return Status::Ok();
      // The deal's company: associations.companies.results, de-duplicated by id; the primary
      // (deal_to_company) wins, a partner's company never counts.
      if (!config_.partner_id_property.empty()) {
        partner_id = Prop(props, config_.partner_id_property).value_or("");
      }
      dom::array assoc;
      if (obj["associations"]["companies"]["results"].get_array().get(assoc) == simdjson::SUCCESS) {
        std::string_view primary, other;
        for (dom::element a : assoc) {
          std::string_view aid, atype;
          if (a["id"].get_string().get(aid) != simdjson::SUCCESS) continue;
          if (a["type"].get_string().get(atype) != simdjson::SUCCESS) atype = {};
          if (aid == partner_id || atype.find("partner") != std::string_view::npos) continue;
          if (atype == "deal_to_company" && primary.empty()) primary = aid;
          if (other.empty()) other = aid;
        }
        std::string_view account = primary.empty() ? other : primary;
        if (!account.empty()) add("account_source_id", Field::kText, account);
      } else if (accounts != nullptr) {
        if (auto it = accounts->find(id); it != accounts->end()) {
          add("account_source_id", Field::kText, batch.Copy(it->second));
        }
      }
      if (!config_.partner_property.empty()) {
        partner = Prop(props, config_.partner_property).value_or("");
      }
      if (!config_.partner_role_property.empty()) {
        partner_role = Prop(props, config_.partner_role_property).value_or("");
      }
    }

    batch.Begin(type.entity, id).Raw(raw);
    if (!updated.empty()) batch.UpdatedAt(updated);
    for (size_t i = 0; i < count; ++i) {
      const Field& f = fields[i];
      switch (f.kind) {
        case Field::kNull:
          batch.Null(f.name);
          break;
        case Field::kBool:
          batch.Bool(f.name, f.flag);
          break;
        case Field::kText:
          batch.Str(f.name, f.text);
          break;
      }
    }
    if (!partner.empty()) {
      batch.Begin("opportunity_partner", PartnerKey(batch, id, partner));
      if (!updated.empty()) batch.UpdatedAt(updated);
      batch.Str("opportunity_source_id", id)
          .Str("partner_name", partner)
          .Str("role", PartnerRole(partner_role))
          .Bool("is_primary", true)
          .Str("attribution_source", "crm_field");
      if (!partner_id.empty()) batch.Str("partner_source_id", partner_id);
    }
    return Status::Ok();
  }

  Status Commit(Context& ctx, sdk::RecordBatch& batch, const ObjectType& type,
                const StreamState& state) {
    if (Status s = batch.Flush(); !s.ok()) return s;
    return ctx.Checkpoint(type.stream, EncodeState(state));
  }

  // Pages GET /crm/v3/objects/{type} from run.after to the end. The next page is fetched on a
  // thread of its own (sdk::Prefetcher) while the current one is emitted and checkpointed: its
  // cursor is known once the current page is parsed.
  Status ReadList(Context& ctx, const ObjectType& type, StreamState& state, bool archived) {
    RunState& run = *state.run;
    sdk::RecordBatch batch(ctx, static_cast<size_t>(config_.page_size) * 2 + 8);
    auto url_for = [&](const std::string& after) {
      std::string url = config_.base_url + "/crm/v3/objects/" + type.stream +
                        "?limit=" + std::to_string(config_.page_size) +
                        "&archived=" + (archived ? "true" : "false") +
                        "&properties=" + type.properties_query;
      if (!archived && std::string_view(type.stream) == "deals") url += "&associations=companies";
      if (!after.empty()) url += "&after=" + after;  // opaque: passed through unchanged
      return url;
    };
    auto where_for = [archived](int64_t page, const std::string& after) {
      return std::string(archived ? "archived " : "") + "page " + std::to_string(page) +
             (after.empty() ? "" : " (after " + after + ")");
    };
    std::string body;  // the fetched page; then the buffer the next one is fetched into
    sdk::Prefetcher ahead;
    auto fetch = [&](std::string url, std::string where) {
      ahead.Start([this, &ctx, &type, &body, url = std::move(url), where = std::move(where)] {
        return FetchInto(ctx, url, type.stream, where, &body);
      });
    };
    fetch(url_for(run.after), where_for(run.page + 1, run.after));
    for (;;) {
      if (ctx.Cancelled()) return Status::Cancelled("cancelled by the host");
      if (Status s = ahead.Wait(); !s.ok()) return s;
      const std::string where = where_for(run.page + 1, run.after);
      dom::element doc;
      if (Status s = TakePage(body, type.stream, where, &doc); !s.ok()) return s;
      std::string next = NextAfter(doc);
      if (!next.empty()) fetch(url_for(next), where_for(run.page + 2, next));
      size_t index = 0;
      for (dom::element obj : doc["results"].get_array()) {
        int64_t ms;
        std::string_view id;
        if (Status s = EmitObject(ctx, batch, type, obj, archived, where, index++, &ms, &id);
            !s.ok()) {
          return s;
        }
        if (!archived) Observe(run, ms, id);
      }
      run.page++;
      run.after = std::move(next);
      if (run.after.empty()) return batch.Flush();  // the caller checkpoints the next phase
      if (Status s = Commit(ctx, batch, type, state); !s.ok()) return s;
    }
  }

  // Search returns no associations: the deals' companies come from the v4 batch read
  // (POST /crm/v4/associations/deals/companies/batch/read). The primary association (typeId 5)
  // wins, then any other HubSpot-defined one; a partner's company (labelled "partner", or the
  // partner_id_property value) never counts. When the endpoint is refused (404, 400, ...),
  // deals keep the account their last list read gave them.
  Status DealAccounts(Context& ctx, dom::element page, const std::string& where,
                      std::map<std::string, std::string, std::less<>>* accounts) {
    if (!associations_available_) return Status::Ok();
    std::string body = "{\"inputs\":[";
    std::map<std::string, std::string> partner_of;
    size_t n = 0;
    for (dom::element obj : page["results"].get_array()) {
      std::string_view id;
      if (obj["id"].get_string().get(id) != simdjson::SUCCESS || id.empty()) continue;
      if (n++ > 0) body += ",";
      body += "{\"id\":";
      sdk::AppendJsonString(body, id);
      body += "}";
      dom::element props;
      if (!config_.partner_id_property.empty() &&
          obj["properties"].get(props) == simdjson::SUCCESS && props.is_object()) {
        partner_of[std::string(id)] =
            std::string(Prop(props, config_.partner_id_property).value_or(""));
      }
    }
    body += "]}";
    if (n == 0) return Status::Ok();
    sdk::HttpResponse resp;
    sdk::HttpOptions options;
    options.classify = &Classify;
    options.headers.emplace_back("Content-Type", "application/json");
    const std::string url = config_.base_url + "/crm/v4/associations/deals/companies/batch/read";
    if (Status s = ctx.Http("POST", url, body, options, &resp); !s.ok()) return s;
    if (resp.status == 401 || resp.status == 403) {
      return Status::Permission("HubSpot stream 'deals' " + where +
                                ": the deal-company associations were refused (HTTP " +
                                std::to_string(resp.status) + "): " + ErrorMessage(resp.body) +
                                "; grant the crm.objects.companies.read scope");
    }
    if (resp.status < 200 || resp.status >= 300) {
      associations_available_ = false;
      ctx.Warn("HubSpot stream 'deals': the v4 associations batch read answered HTTP " +
               std::to_string(resp.status) +
               "; deals read by search keep their previous account_source_id");
      return Status::Ok();
    }
    dom::element doc;
    if (assoc_parser_.parse(resp.body.data(), resp.body.size()).get(doc) != simdjson::SUCCESS) {
      return Status::Data("HubSpot stream 'deals' " + where +
                          ": the associations response is not valid JSON");
    }
    dom::array results;
    if (doc["results"].get_array().get(results) != simdjson::SUCCESS) return Status::Ok();
    for (dom::element r : results) {
      std::string from;
      std::string_view from_text;
      int64_t from_num;
      if (r["from"]["id"].get_string().get(from_text) == simdjson::SUCCESS) {
        from.assign(from_text);
      } else if (r["from"]["id"].get_int64().get(from_num) == simdjson::SUCCESS) {
        from = std::to_string(from_num);
      } else {
        continue;
      }
      const std::string& partner_id = partner_of[from];
      std::string primary, other;
      dom::array to;
      if (r["to"].get_array().get(to) != simdjson::SUCCESS) continue;
      for (dom::element t : to) {
        std::string company;
        int64_t num;
        std::string_view text;
        if (t["toObjectId"].get_int64().get(num) == simdjson::SUCCESS) {
          company = std::to_string(num);
        } else if (t["toObjectId"].get_string().get(text) == simdjson::SUCCESS) {
          company.assign(text);
        } else {
          continue;
        }
        if (company == partner_id) continue;
        bool is_primary = false, is_partner = false;
        dom::array types;
        if (t["associationTypes"].get_array().get(types) == simdjson::SUCCESS) {
          for (dom::element at : types) {
            int64_t type_id = 0;
            std::string_view label;
            if (at["typeId"].get_int64().get(type_id) == simdjson::SUCCESS && type_id == 5) {
              is_primary = true;
            }
            if (at["label"].get_string().get(label) == simdjson::SUCCESS) {
              std::string lower(label);
              for (char& c : lower)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
              if (lower.find("partner") != std::string::npos) is_partner = true;
            }
          }
        }
        if (is_partner) continue;
        if (is_primary && primary.empty()) primary = company;
        if (other.empty()) other = company;
      }
      std::string account = primary.empty() ? other : primary;
      if (!account.empty()) (*accounts)[from] = account;
    }
    return Status::Ok();
  }

  std::string SearchBody(const ObjectType& type, const RunState& run) const {
    const std::string prop = type.mod_prop;
    const std::string t = std::to_string(run.anchor_ms);
    auto filter = [](const std::string& name, const char* op, const std::string& value) {
      std::string f = "{\"propertyName\":";
      sdk::AppendJsonString(f, name);
      f += ",\"operator\":\"";
      f += op;
      f += "\",\"value\":";
      sdk::AppendJsonString(f, value);
      return f + "}";
    };
    std::string body = "{\"filterGroups\":[";
    if (run.tie) {
      body += "{\"filters\":[" + filter(prop, "EQ", t) + "," +
              filter("hs_object_id", "GT", run.anchor_id) + "]}";
    } else if (run.anchor_id.empty()) {
      body += "{\"filters\":[" + filter(prop, "GTE", t) + "]}";
    } else {
      body += "{\"filters\":[" + filter(prop, "GT", t) + "]},{\"filters\":[" +
              filter(prop, "EQ", t) + "," + filter("hs_object_id", "GT", run.anchor_id) + "]}";
    }
    body += "],\"sorts\":[{\"propertyName\":";
    sdk::AppendJsonString(body, run.tie ? std::string("hs_object_id") : prop);
    body += ",\"direction\":\"ASCENDING\"}],\"properties\":[";
    for (size_t i = 0; i < type.properties.size(); ++i) {
      if (i > 0) body += ",";
      sdk::AppendJsonString(body, type.properties[i]);
    }
    body += "],\"limit\":" + std::to_string(config_.search_page_size);
    if (run.offset > 0) body += ",\"after\":\"" + std::to_string(run.offset) + "\"";
    return body + "}";
  }

  // Pages the search endpoint from the run's anchor to the newest record, re-anchoring before
  // the result cap so no query ever pages past it.
  Status ReadSearch(Context& ctx, const ObjectType& type, StreamState& state) {
    RunState& run = *state.run;
    sdk::RecordBatch batch(ctx, static_cast<size_t>(config_.search_page_size) * 2 + 8);
    const std::string url = config_.base_url + "/crm/v3/objects/" + type.stream + "/search";
    for (;;) {
      if (ctx.Cancelled()) return Status::Cancelled("cancelled by the host");
      const std::string where = "search page " + std::to_string(run.page + 1) + " (" +
                                type.mod_prop + (run.tie ? " = " : " >= ") +
                                FormatIsoMs(run.anchor_ms) +
                                (run.anchor_id.empty() ? "" : ", id > " + run.anchor_id) +
                                ", offset " + std::to_string(run.offset) + ")";
      PaceSearch();
      sdk::HttpResponse resp;
      if (Status s = Fetch(ctx, "POST", url, SearchBody(type, run), type.stream, where, &resp);
          !s.ok()) {
        return s;
      }
      dom::element doc;
      if (Status s = ParsePage(resp.body, type.stream, where, &doc); !s.ok()) return s;
      std::map<std::string, std::string, std::less<>> accounts;
      if (std::string_view(type.stream) == "deals") {
        if (Status s = DealAccounts(ctx, doc, where, &accounts); !s.ok()) return s;
      }
      size_t index = 0;
      int64_t last_ms = -1;
      std::string_view last_id;
      for (dom::element obj : doc["results"].get_array()) {
        int64_t ms;
        std::string_view id;
        if (Status s =
                EmitObject(ctx, batch, type, obj, false, where, index++, &ms, &id, &accounts);
            !s.ok()) {
          return s;
        }
        Observe(run, ms, id);
        if (ms >= 0) last_ms = ms;
        if (!id.empty()) last_id = id;
      }
      run.page++;
      const std::string next = NextAfter(doc);
      if (next.empty() || index == 0) {
        if (!run.tie) return batch.Flush();  // done
        // Every record at the anchor time is read: continue after it.
        run.tie = false;
        if (run.max_ms == run.anchor_ms && !run.max_id.empty()) run.anchor_id = run.max_id;
        run.offset = 0;
      } else {
        int64_t next_offset = run.offset + static_cast<int64_t>(index);
        if (char* end = nullptr; !next.empty()) {
          long long n = std::strtoll(next.c_str(), &end, 10);
          if (end && *end == '\0' && n > run.offset) next_offset = n;
        }
        if (run.tie && !last_id.empty()) {
          // Keyset paging by id within the tied timestamp: no offset to shift.
          run.anchor_id = last_id;
          run.offset = 0;
        } else if (!run.tie && last_ms > run.anchor_ms) {
          // Re-anchor at every page that moves the time forward (inclusive: the ties at
          // last_ms are read again), so records modified during the run cannot shift offsets
          // past an unread record; offsets are used only inside one timestamp.
          run.anchor_ms = last_ms;
          run.anchor_id.clear();
          run.offset = 0;
        } else if (next_offset + config_.search_page_size > config_.search_cap) {
          // The next page would pass the cap and one timestamp fills the whole window: page
          // that timestamp by id (from the anchor id, or from the start).
          run.tie = true;
          if (run.anchor_id.empty()) run.anchor_id = "0";
          run.offset = 0;
        } else {
          run.offset = next_offset;
        }
      }
      if (Status s = Commit(ctx, batch, type, state); !s.ok()) return s;
    }
  }

  Status ReadStream(Context& ctx, const ObjectType& type, const sdk::ReadRequest& request) {
    StreamState state;
    if (Status s = DecodeState(request.state, &state); !s.ok()) {
      return Status(s.code(), "HubSpot stream '" + std::string(type.stream) + "': " + s.message());
    }
    const bool incremental = request.sync_mode == TEMPO_SYNC_INCREMENTAL;
    if (state.run && state.run->incremental != incremental) state.run.reset();
    if (!state.run) {
      RunState run;
      run.incremental = incremental;
      if (incremental && state.cursor_ms >= 0) {
        run.phase = "search";
        run.anchor_ms = state.cursor_ms;
        run.anchor_id = state.cursor_id;
        run.max_ms = state.cursor_ms;
        run.max_id = state.cursor_id;
      } else {
        run.phase = "list";
        run.started_ms = NowMs() - kHandOverLagMs;
      }
      state.run = std::move(run);
    } else {
      ctx.Info("HubSpot stream '" + std::string(type.stream) + "': resuming the interrupted " +
               state.run->phase + " read at page " + std::to_string(state.run->page + 1));
    }
    RunState& run = *state.run;
    for (;;) {
      Status s;
      if (run.phase == "list") {
        s = ReadList(ctx, type, state, /*archived=*/false);
        if (!s.ok()) return s;
        break;
      }
      if (run.phase == "search") {
        s = ReadSearch(ctx, type, state);
        if (!s.ok()) return s;
        if (!config_.read_archived) break;
        run.phase = "archived";
        run.after.clear();
        run.page = 0;
        if (s = ctx.Checkpoint(type.stream, EncodeState(state)); !s.ok()) return s;
        continue;
      }
      s = ReadList(ctx, type, state, /*archived=*/true);
      if (!s.ok()) return s;
      break;
    }
    StreamState done;
    if (run.phase == "list") {
      // A list read reads in id order, so a record changed behind its position after its page
      // was read has a newer time than the newest one the list saw only by chance: hand on the
      // instant the list started (GTE), never the newest record seen.
      done.cursor_ms = HandOverCursor(run.started_ms, state.cursor_ms);
      if (run.started_ms < 0) {
        ctx.Warn("HubSpot stream '" + std::string(type.stream) +
                 "': the resumed list read began before this connector version recorded its "
                 "start; the next incremental read starts at " +
                 (done.cursor_ms < 0
                      ? std::string("a full list read")
                      : "the previous cursor (" + FormatIsoMs(done.cursor_ms) + ")"));
      }
    } else {
      done.cursor_ms = run.max_ms;
      done.cursor_id = run.max_id;
    }
    return ctx.Checkpoint(type.stream, EncodeState(done));
  }

  Config config_;
  std::vector<ObjectType> types_;
  // The current page: its bytes (padded for simdjson), its DOM, and each result's raw bytes.
  // Reused from page to page; record views into them live until the page's batch is flushed.
  std::string page_;
  dom::parser parser_;
  simdjson::ondemand::parser raw_parser_;
  std::vector<std::string_view> raw_spans_;
  std::string scratch_;  // PartnerKey's
  dom::parser assoc_parser_;
  bool associations_available_ = true;
  std::chrono::steady_clock::time_point next_search_{};
};

}  // namespace
}  // namespace tempo::hubspot

TEMPO_CONNECTOR_PLUGIN(tempo::hubspot::HubSpotConnector, "hubspot", "0.2.0",
                       "Reads HubSpot CRM contacts, companies and deals (with partner attribution)",
                       tempo::hubspot::kConfigSchema)
