// The fake Impartner's handlers (provider_impartner.h).
#include "fakes/impartner/provider_impartner.h"

#include <algorithm>
#include <optional>
#include <shared_mutex>

#include "common/json_writer.h"
#include "fakes/core/encoding.h"
#include "fakes/core/router.h"

namespace tempo::fakes {
namespace {

constexpr int64_t kDefaultTake = 100;
constexpr int64_t kMaxTake = 1000;
constexpr int64_t kFirstId = 604639;
constexpr int64_t kOffsetMs = -6 * 3600 * 1000;  // the instance's time zone, -06:00
constexpr std::string_view kFields[] = {"id",          "name",    "website", "isActive",
                                        "memberCount", "created", "updated", "recordLink"};

void Failure(httplib::Response& res, int status, std::string_view message) {
  JsonWriter w;
  w.BeginObject().Key("success").Bool(false).Key("message").String(message).EndObject();
  SendJson(res, status, w.Take());
}

// "2024-03-19T08:51:12-06:00": local time at -06:00, whole seconds.
std::string LocalTime(int64_t ms) {
  std::string iso = FormatIsoMillis(ms + kOffsetMs);  // "2024-03-19T08:51:12.000Z"
  return iso.substr(0, 19) + "-06:00";
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

void WriteField(JsonWriter& w, std::string_view field, const ImpartnerAccount& a) {
  w.Key(field);
  if (field == "id") {
    w.Int(a.id);
  } else if (field == "name") {
    w.String(a.name);
  } else if (field == "website") {
    w.String(a.website);
  } else if (field == "isActive") {
    w.Bool(a.active);
  } else if (field == "memberCount") {
    w.Int(a.member_count);
  } else if (field == "created") {
    w.String(a.created);
  } else if (field == "updated") {
    w.String(a.updated);
  } else {
    w.String("https://prod.impartner.live/load/ACT/" + std::to_string(a.id));
  }
}

}  // namespace

std::vector<ImpartnerAccount> ImpartnerAccounts(const Dataset& d) {
  std::vector<ImpartnerAccount> out;
  for (int p = 0; p < d.PartnerCount(); ++p) {
    const PartnerInfo& info = d.Partner(p);
    if (d.Archived(Entity::kAccount, info.account_row)) continue;
    ImpartnerAccount a;
    a.id = kFirstId + p;
    a.partner = p;
    a.name = info.name;
    a.website = "https://www." + info.domain + "/";
    a.created_ms = info.partnered_ms / 1000 * 1000;
    a.updated_ms =
        std::max(info.partnered_ms, d.ModifiedMs(Entity::kAccount, info.account_row)) / 1000 * 1000;
    a.created = LocalTime(a.created_ms);
    a.updated = LocalTime(a.updated_ms);
    a.active = p % 5 != 4;
    a.member_count = 1 + p % 7;
    out.push_back(std::move(a));
  }
  return out;
}

void ImpartnerProvider::RegisterRoutes(Router& router) {
  router.Get(*this, "/api/objects/v1/Account",
             [this](const httplib::Request& req, httplib::Response& res) {
               if (Authorized(req, res)) Accounts(req, res);
             });
  auto not_found = [this](const httplib::Request& req, httplib::Response& res) {
    if (Authorized(req, res)) Failure(res, 404, "Not found: " + req.path);
  };
  router.Get(*this, "/.*", not_found);
  router.Post(*this, "/.*", not_found);
}

void ImpartnerProvider::RenderFault(const FaultRule& rule, const httplib::Request&,
                                    httplib::Response& res) {
  switch (rule.kind) {
    case FaultKind::kRateLimited:
    case FaultKind::kRateWindow:
    case FaultKind::kQuota:
      Failure(res, 429, "Too many requests");
      return;
    default:
      Failure(res, rule.status, "The request failed");
  }
}

bool ImpartnerProvider::Authorized(const httplib::Request& req, httplib::Response& res) {
  const ImpartnerOptions& o = state_.options.impartner;
  if (req.get_header_value("Authorization") != "prm-key " + o.api_key) {
    Failure(res, 401, "Unauthorized");
    return false;
  }
  if (!o.tenant_id.empty() && req.get_header_value("X-PRM-TenantId") != o.tenant_id) {
    Failure(res, 403, "The tenant is missing or not yours (X-PRM-TenantId)");
    return false;
  }
  return true;
}

void ImpartnerProvider::Accounts(const httplib::Request& req, httplib::Response& res) {
  if (req.has_param("filter")) {
    Failure(res, 400, "filter is not served by this fake");
    return;
  }
  int64_t skip = 0, take = kDefaultTake;
  for (auto [name, value, low, high] : {std::tuple{"skip", &skip, int64_t{0}, int64_t{1} << 40},
                                        {"take", &take, int64_t{1}, kMaxTake}}) {
    if (!req.has_param(name)) continue;
    std::optional<int64_t> v = ParseInt(req.get_param_value(name));
    if (!v || *v < low || *v > high) {
      Failure(res, 400, std::string(name) + " is out of range");
      return;
    }
    *value = *v;
  }
  std::vector<std::string_view> fields;
  if (req.has_param("fields")) {
    fields.push_back("id");
    const std::string list = req.get_param_value("fields");
    size_t start = 0;
    while (start <= list.size()) {
      const size_t comma = std::min(list.find(',', start), list.size());
      std::string_view field = Trim(std::string_view(list).substr(start, comma - start));
      start = comma + 1;
      if (field.empty() || field == "id") continue;
      auto known = std::find(std::begin(kFields), std::end(kFields), field);
      if (known == std::end(kFields)) {
        Failure(res, 400, "Unknown field '" + std::string(field) + "' on Account");
        return;
      }
      fields.push_back(*known);
    }
  } else {
    fields.assign(std::begin(kFields), std::end(kFields));
  }
  std::vector<ImpartnerAccount> accounts;
  {
    std::shared_lock lock(state_.dataset_mutex);
    accounts = ImpartnerAccounts(state_.dataset);
  }
  const std::string orderby = req.get_param_value("orderby");
  if (!orderby.empty() && orderby != "id" && orderby != "id asc") {
    if (orderby != "id desc") {
      Failure(res, 400, "orderby: this fake orders by id only");
      return;
    }
    std::reverse(accounts.begin(), accounts.end());
  }
  JsonWriter w;
  w.BeginObject().Key("data").BeginObject();
  w.Key("count").Int(static_cast<int64_t>(accounts.size())).Key("entity").String("Account");
  w.Key("results").BeginArray();
  for (int64_t i = skip; i < static_cast<int64_t>(accounts.size()) && i < skip + take; ++i) {
    w.BeginObject();
    for (std::string_view field : fields) WriteField(w, field, accounts[static_cast<size_t>(i)]);
    w.EndObject();
  }
  w.EndArray().EndObject().Key("success").Bool(true).EndObject();
  SendJson(res, 200, w.Take());
}

}  // namespace tempo::fakes
