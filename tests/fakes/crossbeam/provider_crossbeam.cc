// The fake Crossbeam's handlers (provider_crossbeam.h).
#include "fakes/crossbeam/provider_crossbeam.h"

#include <algorithm>
#include <shared_mutex>

#include "common/json_writer.h"
#include "fakes/core/admin_api.h"
#include "fakes/core/encoding.h"
#include "fakes/core/router.h"

namespace tempo::fakes {
namespace {

constexpr int64_t kDefaultLimit = 25;
constexpr int64_t kMaxLimit = 1000;
constexpr size_t kKeptRequests = 2000;

std::vector<std::pair<std::string, std::string>> Params(const httplib::Request& req) {
  return {req.params.begin(), req.params.end()};
}

// The query of a next_href: every parameter but `cursor`, encoded, then the new cursor.
std::string NextQuery(const httplib::Request& req, std::string_view extra_name,
                      std::string_view extra_value) {
  std::string query;
  for (const auto& [name, value] : req.params) {
    if (name == extra_name) continue;
    query += (query.empty() ? "" : "&") + PercentEncode(name) + "=" + PercentEncode(value);
  }
  query += (query.empty() ? "" : "&") + std::string(extra_name) + "=" +
           PercentEncode(std::string(extra_value));
  return query;
}

void PopulationRefs(JsonWriter& w, std::string_view key, const std::vector<int64_t>& ids,
                    const CrossbeamWorld& world) {
  w.Key(key).BeginArray();
  for (int64_t id : ids) {
    const XbPopulation* p = world.FindPopulation(id);
    w.BeginObject().Key("id").Int(id).Key("name").String(p ? p->name : "").EndObject();
  }
  w.EndArray();
}

void WriteOverlap(JsonWriter& w, const XbOverlap& o, const CrossbeamWorld& world) {
  const XbPartner& partner = world.partners()[static_cast<size_t>(o.partner)];
  w.BeginObject();
  w.Key("partner_name").String(partner.name);
  w.Key("partner_logo_url").String("https://assets.example/logos/" + partner.uuid + ".png");
  PopulationRefs(w, "populations", o.population_ids, world);
  PopulationRefs(w, "partner_populations", o.partner_population_ids, world);
  w.Key("partner_owner")
      .BeginObject()
      .Key("owner_name")
      .String("Sam Rep")
      .Key("owner_email")
      .String("sam@" + partner.expected_domain)
      .Key("owner_phone")
      .Null()
      .Key("crossbeam_owner_id")
      .Int(555 + o.partner)
      .EndObject();
  w.Key("partner_source_data")
      .BeginArray()
      .BeginObject()
      .Key("field_name")
      .String("Industry")
      .Key("field_value")
      .String("Software")
      .EndObject()
      .EndArray();
  w.Key("partner_record_website").String(o.partner_record_website);
  w.Key("partner_record_type").String(o.kind == OverlapKind::kAccounts ? "account" : "lead");
  w.Key("partner_id").String(partner.uuid);
  w.Key("partner_record_name").String(o.partner_record_name);
  w.Key("partner_crossbeam_record_id").Int(o.partner_crossbeam_record_id);
  w.Key("crossbeam_record_id").Int(o.crossbeam_record_id);
  w.Key("record_id").String(o.record_id);
  w.Key("record_name").String(o.record_name);
  w.Key("record_website").String(o.record_website);
  w.Key("record_email").Null();
  w.Key("is_deleted").Bool(o.deleted);
  w.EndObject();
}

void WritePopulation(JsonWriter& w, const XbPopulation& p) {
  w.BeginObject().Key("description").Null().Key("name").String(p.name);
  w.Key("population_type").String(p.population_type).Key("id").Int(p.id);
  w.Key("standard_type");
  if (p.standard_type.empty()) {
    w.Null();
  } else {
    w.String(p.standard_type);
  }
  w.EndObject();
}

}  // namespace

Status CrossbeamProvider::CheckOptions() const {
  const FakeApiOptions& o = state_.options;
  if (o.crossbeam_crm != "salesforce" && o.crossbeam_crm != "hubspot") {
    return Status::InvalidArgument("crossbeam_crm must be salesforce or hubspot, not '" +
                                   o.crossbeam_crm + "'");
  }
  if (o.crossbeam_organizations < 1 || o.crossbeam_organizations > 20) {
    return Status::InvalidArgument("crossbeam_organizations must be 1 to 20");
  }
  return Status::Ok();
}

CrossbeamWorld& CrossbeamProvider::World() {
  if (!world_) {
    const FakeApiOptions& o = state_.options;
    world_ =
        std::make_unique<CrossbeamWorld>(state_.dataset, o.crossbeam_crm, o.crossbeam_organizations,
                                         o.crossbeam_missing_crm_overlap);
  }
  return *world_;
}

void CrossbeamProvider::RegisterRoutes(Router& router) {
  auto recorded =
      [this](void (CrossbeamProvider::*fn)(const httplib::Request&, httplib::Response&)) {
        return [this, fn](const httplib::Request& req, httplib::Response& res) {
          (this->*fn)(req, res);
          Record(req, res);
        };
      };
  router.Post(*this, "/oauth/token", recorded(&CrossbeamProvider::Token));
  router.Get(*this, "/v1/users/me", recorded(&CrossbeamProvider::Me));
  router.Get(*this, "/v1/partners", recorded(&CrossbeamProvider::Partners));
  router.Get(*this, "/v1/populations", [this](const auto& req, auto& res) {
    Populations(req, res, false);
    Record(req, res);
  });
  router.Get(*this, "/v1/partner-populations", [this](const auto& req, auto& res) {
    Populations(req, res, true);
    Record(req, res);
  });
  router.Get(*this, "/v1/overlaps/(accounts|leads)", recorded(&CrossbeamProvider::Overlaps));
  auto not_found = [this](const httplib::Request& req, httplib::Response& res) {
    Message(res, 404, "Not Found: " + req.method + " " + req.path);
    Record(req, res);
  };
  router.Get(*this, "/.*", not_found);
  router.Post(*this, "/.*", not_found);
}

void CrossbeamProvider::Message(httplib::Response& res, int status, std::string_view message) {
  JsonWriter w;
  w.BeginObject().Key("message").String(message).EndObject();
  SendJson(res, status, w.Take());
}

void CrossbeamProvider::Record(const httplib::Request& req, const httplib::Response& res) {
  XbRequest r;
  r.method = req.method;
  r.path = req.path;
  for (const auto& [name, value] : req.params) {
    if (req.method == "POST") break;  // a token request's form holds secrets
    r.query += (r.query.empty() ? "" : "&") + name + "=" + value;
  }
  r.host = req.get_header_value("Host");
  r.credential = state_.tokens.Describe(req.get_header_value("Authorization"));
  r.organization = req.get_header_value("Xbeam-Organization");
  r.status = res.status;
  std::lock_guard lock(mutex_);
  requests_.push_back(std::move(r));
  if (requests_.size() > kKeptRequests) requests_.pop_front();
}

std::vector<XbRequest> CrossbeamProvider::Requests() const {
  std::lock_guard lock(mutex_);
  return {requests_.begin(), requests_.end()};
}

void CrossbeamProvider::ClearRequests() {
  std::lock_guard lock(mutex_);
  requests_.clear();
}

Status CrossbeamProvider::SetListKey(std::string key) {
  if (key != "data" && key != "items") {
    return Status::InvalidArgument("list_key must be data or items, not '" + key + "'");
  }
  std::lock_guard lock(mutex_);
  list_key_ = std::move(key);
  return Status::Ok();
}

void CrossbeamProvider::SetNextHrefOrigin(std::string origin) {
  while (!origin.empty() && origin.back() == '/') origin.pop_back();
  std::lock_guard lock(mutex_);
  next_href_origin_ = std::move(origin);
}

void CrossbeamProvider::InvalidateCursors() {
  std::lock_guard lock(mutex_);
  ++cursor_generation_;
}

std::vector<std::string> CrossbeamProvider::Mutate(XbMutation mutation, OverlapKind kind,
                                                   int64_t first, int64_t count) {
  std::shared_lock dataset(state_.dataset_mutex);
  std::lock_guard lock(mutex_);
  CrossbeamWorld& world = World();
  std::vector<CrossbeamWorld::Key> keys;
  switch (mutation) {
    case XbMutation::kAdd:
      keys = world.Add(state_.dataset, kind, count);
      break;
    case XbMutation::kChange:
      keys = world.Change(kind, first, count);
      break;
    case XbMutation::kDelete:
      keys = world.Delete(kind, first, count);
      break;
  }
  std::vector<std::string> out;
  for (const auto& [a, b] : keys) out.push_back(std::to_string(a) + ":" + std::to_string(b));
  return out;
}

std::string CrossbeamProvider::Origin() const {
  if (!next_href_origin_.empty()) return next_href_origin_;
  return "http://" + state_.options.host + ":" + std::to_string(state_.port.load());
}

int CrossbeamProvider::Authorize(const httplib::Request& req, httplib::Response& res,
                                 bool need_org) {
  const std::string auth = req.get_header_value("Authorization");
  const std::string bearer = auth.starts_with("Bearer ") ? auth.substr(7) : std::string();
  const TokenCheck check = state_.tokens.Check(ProviderId::kCrossbeam, bearer);
  if (check.state != TokenState::kValid) {
    JsonWriter w;
    w.BeginObject()
        .Key("message")
        .String(check.state == TokenState::kExpired ? "Unauthorized: the access token expired"
                                                    : "Unauthorized")
        .EndObject();
    res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    SendJson(res, 401, w.Take());
    return -1;
  }
  if (!need_org) return 0;
  const std::string org = req.get_header_value("Xbeam-Organization");
  if (org.empty()) {
    Message(res, 403,
            "Forbidden: the Xbeam-Organization header is required (an organization uuid from "
            "GET /v1/users/me)");
    return -1;
  }
  std::shared_lock dataset(state_.dataset_mutex);
  std::lock_guard lock(mutex_);
  const auto& orgs = World().organizations();
  for (size_t i = 0; i < orgs.size(); ++i) {
    if (orgs[i].uuid == org) return static_cast<int>(i);
  }
  Message(res, 403, "Forbidden: the user is not a member of organization " + org);
  return -1;
}

void CrossbeamProvider::Token(const httplib::Request& req, httplib::Response& res) {
  auto oauth_error = [&](int status, std::string_view error, std::string_view description) {
    JsonWriter w;
    w.BeginObject()
        .Key("error")
        .String(error)
        .Key("error_description")
        .String(description)
        .EndObject();
    SendJson(res, status, w.Take());
  };
  if (req.get_header_value("Content-Type").find("application/x-www-form-urlencoded") ==
      std::string::npos) {
    return oauth_error(400, "invalid_request", "expected a form-encoded body");
  }
  if (req.get_param_value("grant_type") != "refresh_token") {
    return oauth_error(403, "unsupported_grant_type",
                       "Unsupported grant type: " + req.get_param_value("grant_type"));
  }
  IssuedToken token;
  const GrantError error = state_.tokens.Refresh(
      ProviderId::kCrossbeam, req.get_param_value("client_id"),
      req.get_param_value("client_secret"), req.get_param_value("refresh_token"), token);
  if (error == GrantError::kInvalidClient) {
    return oauth_error(401, "access_denied", "Unauthorized");
  }
  if (error != GrantError::kNone) {
    return oauth_error(403, "invalid_grant", "Unknown or invalid refresh token.");
  }
  JsonWriter w;
  w.BeginObject()
      .Key("access_token")
      .String(token.access_token)
      .Key("refresh_token")
      .String(token.refresh_token)
      .Key("scope")
      .String("openid read:partnerships read:reports read:populations offline_access")
      .Key("expires_in")
      .Int(token.expires_in_s)
      .Key("token_type")
      .String("Bearer")
      .EndObject();
  SendJson(res, 200, w.Take());
}

void CrossbeamProvider::Me(const httplib::Request& req, httplib::Response& res) {
  if (Authorize(req, res, /*need_org=*/false) < 0) return;
  std::shared_lock dataset(state_.dataset_mutex);
  std::lock_guard lock(mutex_);
  JsonWriter w;
  w.BeginObject().Key("data").BeginArray().BeginObject();
  w.Key("id").Int(12345).Key("active").Bool(true).Key("email").String("api@tempo-sample.example");
  w.Key("first_name").String("Api").Key("last_name").String("User");
  w.Key("organizations").BeginArray();
  for (const XbOrganization& org : World().organizations()) {
    w.BeginObject()
        .Key("role")
        .BeginObject()
        .Key("name")
        .String("Admin")
        .EndObject()
        .Key("name")
        .String(org.name)
        .Key("domain")
        .String(org.domain)
        .Key("uuid")
        .String(org.uuid)
        .EndObject();
  }
  w.EndArray().EndObject().EndArray().Key("warnings").BeginArray().EndArray().EndObject();
  SendJson(res, 200, w.Take());
}

void CrossbeamProvider::Partners(const httplib::Request& req, httplib::Response& res) {
  const int org = Authorize(req, res, /*need_org=*/true);
  if (org < 0) return;
  std::optional<int64_t> limit = ParseInt(req.has_param("limit") ? req.get_param_value("limit")
                                                                 : std::to_string(kDefaultLimit));
  std::optional<int64_t> page =
      ParseInt(req.has_param("page") ? req.get_param_value("page") : std::string("1"));
  if (!limit || *limit < 1 || *limit > kMaxLimit || !page || *page < 1) {
    return Message(res, 400, "limit must be 1 to 1000 and page at least 1");
  }
  std::shared_lock dataset(state_.dataset_mutex);
  std::lock_guard lock(mutex_);
  const auto& partners = World().partners();
  const int64_t total = org == 0 ? static_cast<int64_t>(partners.size()) : 0;
  const int64_t from = (*page - 1) * *limit;
  JsonWriter w;
  w.BeginObject().Key(list_key_).BeginArray();
  for (int64_t i = from; i < std::min(total, from + *limit); ++i) {
    const XbPartner& p = partners[static_cast<size_t>(i)];
    w.BeginObject().Key("tags").BeginArray();
    for (const XbTag& t : p.tags) {
      w.BeginObject().Key("id").String(t.id).Key("label").String(t.label).EndObject();
    }
    w.EndArray().Key("name").String(p.name).Key("domain").String(p.domain);
    w.Key("uuid").String(p.uuid).EndObject();
  }
  w.EndArray().Key("pagination").BeginObject().Key("limit").Int(*limit).Key("page").Int(*page);
  w.Key("next_href");
  if (from + *limit < total) {
    w.String(Origin() + "/crossbeam/v1/partners?" +
             NextQuery(req, "page", std::to_string(*page + 1)));
  } else {
    w.Null();
  }
  w.EndObject().Key("warnings").BeginArray().EndArray().EndObject();
  SendJson(res, 200, w.Take());
}

void CrossbeamProvider::Populations(const httplib::Request& req, httplib::Response& res,
                                    bool partner) {
  const int org = Authorize(req, res, /*need_org=*/true);
  if (org < 0) return;
  std::shared_lock dataset(state_.dataset_mutex);
  std::lock_guard lock(mutex_);
  CrossbeamWorld& world = World();
  JsonWriter w;
  w.BeginObject().Key(list_key_).BeginArray();
  if (org == 0) {
    for (const XbPopulation& p : partner ? world.partner_populations() : world.populations()) {
      WritePopulation(w, p);
    }
  }
  w.EndArray().Key("warnings").BeginArray().EndArray().EndObject();
  SendJson(res, 200, w.Take());
}

void CrossbeamProvider::Overlaps(const httplib::Request& req, httplib::Response& res) {
  const int org = Authorize(req, res, /*need_org=*/true);
  if (org < 0) return;
  const std::string kind_name = req.matches[1].str();
  const OverlapKind kind = *ParseOverlapKind(kind_name);
  std::optional<int64_t> limit = ParseInt(req.has_param("limit") ? req.get_param_value("limit")
                                                                 : std::to_string(kDefaultLimit));
  if (!limit || *limit < 1 || *limit > kMaxLimit) {
    return Message(res, 400, "limit must be between 1 and 1000");
  }
  const std::string query = QueryFingerprint(Params(req));
  std::shared_lock dataset(state_.dataset_mutex);
  std::lock_guard lock(mutex_);
  CrossbeamWorld& world = World();
  XbCursor cursor;
  if (req.has_param("cursor")) {
    std::optional<XbCursor> given = DecodeCursor(req.get_param_value("cursor"));
    if (!given) return Message(res, 400, "Invalid cursor");
    if (given->kind != kind_name || given->query != query) {
      return Message(res, 400,
                     "Invalid cursor: it belongs to another query (changing any query parameter "
                     "invalidates a cursor)");
    }
    if (given->generation != cursor_generation_) {
      return Message(res, 400, "Invalid cursor: the cursor has expired");
    }
    cursor = *given;
  } else {
    cursor.kind = kind_name;
    cursor.query = query;
    cursor.generation = cursor_generation_;
  }
  if (!cursor.after) cursor.start = world.seq();  // a listing begins
  const std::string partner_id = req.get_param_value("partner-id");
  std::vector<int64_t> population_ids;
  for (size_t i = 0; i < req.get_param_value_count("population-ids[]"); ++i) {
    if (auto id = ParseInt(req.get_param_value("population-ids[]", i)))
      population_ids.push_back(*id);
  }
  auto selected = [&](const XbOverlap& o) {
    if (cursor.delta ? o.seq <= cursor.since : o.deleted) return false;
    if (!partner_id.empty() && world.partners()[static_cast<size_t>(o.partner)].uuid != partner_id)
      return false;
    if (population_ids.empty()) return true;
    return std::any_of(o.population_ids.begin(), o.population_ids.end(), [&](int64_t id) {
      return std::find(population_ids.begin(), population_ids.end(), id) != population_ids.end();
    });
  };
  const auto& all = world.overlaps(kind);
  auto it = cursor.after ? all.upper_bound(*cursor.after) : all.begin();
  JsonWriter w;
  w.BeginObject().Key(list_key_).BeginArray();
  int64_t taken = 0;
  bool has_more = false;
  std::optional<CrossbeamWorld::Key> last;
  for (; org == 0 && it != all.end(); ++it) {
    if (!selected(it->second)) continue;
    if (taken == *limit) {
      has_more = true;
      break;
    }
    WriteOverlap(w, it->second, world);
    last = it->first;
    ++taken;
  }
  XbCursor next = cursor;
  if (has_more) {
    next.after = last;
  } else {  // the final cursor: what changes after this listing began
    next.delta = true;
    next.since = cursor.start;
    next.start = 0;
    next.after.reset();
  }
  const std::string encoded = EncodeCursor(next);
  w.EndArray().Key("pagination").BeginObject().Key("has_more").Bool(has_more);
  w.Key("next_href")
      .String(Origin() + "/crossbeam/v1/overlaps/" + kind_name + "?" +
              NextQuery(req, "cursor", encoded));
  w.Key("next_cursor").String(encoded).EndObject().EndObject();
  SendJson(res, 200, w.Take());
}

void CrossbeamProvider::RenderFault(const FaultRule& rule, const httplib::Request&,
                                    httplib::Response& res) {
  switch (rule.kind) {
    case FaultKind::kRateLimited:
    case FaultKind::kRateWindow:
    case FaultKind::kQuota:
      return Message(res, 429, "Too Many Requests");
    case FaultKind::kInvalidGrant: {
      JsonWriter w;
      w.BeginObject()
          .Key("error")
          .String("invalid_grant")
          .Key("error_description")
          .String("Unknown or invalid refresh token.")
          .EndObject();
      SendJson(res, 403, w.Take());
      return;
    }
    default:
      return Message(res, rule.status,
                     rule.status >= 500 ? "Internal Server Error" : "Request failed");
  }
}

void CrossbeamProvider::RegisterAdminRoutes(Router& router) {
  router.AdminGet("/crossbeam/truth", [this](const auto&, auto& res) {
    JsonWriter w;
    WithWorld([&](const CrossbeamWorld& world, const Dataset& dataset) {
      w.BeginObject().Key("overlaps").BeginArray();
      for (OverlapKind kind : {OverlapKind::kAccounts, OverlapKind::kLeads}) {
        for (const auto& [key, o] : world.overlaps(kind)) {
          if (o.deleted) continue;
          w.BeginObject()
              .Key("kind")
              .String(OverlapKindName(kind))
              .Key("crossbeam_record_id")
              .Int(o.crossbeam_record_id)
              .Key("partner_crossbeam_record_id")
              .Int(o.partner_crossbeam_record_id)
              .Key("record_id")
              .String(o.record_id)
              .Key("account_row")
              .Int(o.account_row)
              .Key("partner_id")
              .String(world.partners()[static_cast<size_t>(o.partner)].uuid)
              .Key("our_population")
              .String(o.our_population)
              .Key("partner_population")
              .String(o.partner_population)
              .EndObject();
        }
      }
      const XbAmbiguities a = world.Ambiguities(dataset);
      w.EndArray().Key("missing_crm_ids").BeginArray();
      for (const std::string& id : a.missing_crm_ids) w.String(id);
      w.EndArray().Key("shared_domain").String(a.shared_domain).Key("shared_domain_crm_ids");
      w.BeginArray();
      for (const std::string& id : a.shared_domain_crm_ids) w.String(id);
      w.EndArray().EndObject();
      return 0;
    });
    SendJson(res, 200, w.Take());
  });
  router.AdminGet("/crossbeam/requests", [this](const auto&, auto& res) {
    JsonWriter w;
    w.BeginObject().Key("requests").BeginArray();
    for (const XbRequest& r : Requests()) {
      w.BeginObject().Key("method").String(r.method).Key("path").String(r.path);
      w.Key("query").String(r.query).Key("host").String(r.host);
      w.Key("credential").String(r.credential).Key("organization").String(r.organization);
      w.Key("status").Int(r.status).EndObject();
    }
    w.EndArray().EndObject();
    SendJson(res, 200, w.Take());
  });
  router.AdminPost("/crossbeam/settings", [this](const httplib::Request& req, auto& res) {
    if (req.has_param("list_key")) {
      if (Status s = SetListKey(req.get_param_value("list_key")); !s.ok()) {
        return SendAdminError(res, s.message());
      }
    }
    if (req.has_param("next_href_origin")) {
      SetNextHrefOrigin(req.get_param_value("next_href_origin"));
    }
    SendJson(res, 200, "{}");
  });
  router.AdminPost("/crossbeam/cursors/invalidate", [this](const auto&, auto& res) {
    InvalidateCursors();
    SendJson(res, 200, "{}");
  });
  router.AdminPost("/crossbeam/overlaps/(add|change|delete)", [this](const httplib::Request& req,
                                                                     httplib::Response& res) {
    const std::string verb = req.matches[1].str();
    std::optional<OverlapKind> kind = ParseOverlapKind(req.get_param_value("kind"));
    std::optional<int64_t> first =
        ParseInt(req.has_param("first") ? req.get_param_value("first") : "0");
    std::optional<int64_t> count = ParseInt(req.get_param_value("count"));
    if (!kind || !first || !count || *first < 0 || *count < 0) {
      return SendAdminError(res, "need kind=accounts|leads, count=N and optionally first=N");
    }
    const XbMutation m = verb == "add"      ? XbMutation::kAdd
                         : verb == "change" ? XbMutation::kChange
                                            : XbMutation::kDelete;
    JsonWriter w;
    w.BeginObject().Key("keys").BeginArray();
    for (const std::string& key : Mutate(m, *kind, *first, *count)) w.String(key);
    w.EndArray().EndObject();
    SendJson(res, 200, w.Take());
  });
}

}  // namespace tempo::fakes
