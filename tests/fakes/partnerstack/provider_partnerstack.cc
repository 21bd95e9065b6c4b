// The fake PartnerStack's handlers (provider_partnerstack.h).
#include "fakes/partnerstack/provider_partnerstack.h"

#include <algorithm>
#include <optional>

#include "common/json_writer.h"
#include "fakes/core/encoding.h"
#include "fakes/core/router.h"

namespace tempo::fakes {
namespace {

constexpr int64_t kDefaultLimit = 10;
constexpr int64_t kMaxLimit = 250;
constexpr size_t kKeptRequests = 5000;

void Message(httplib::Response& res, int status, std::string_view message) {
  JsonWriter w;
  w.BeginObject().Key("message").String(message).Key("status").Int(status).EndObject();
  SendJson(res, status, w.Take());
}

// The time filters of a list request (epoch ms): min inclusive, max exclusive.
struct Filters {
  int64_t min_updated = INT64_MIN, max_updated = INT64_MAX;
  int64_t min_created = INT64_MIN, max_created = INT64_MAX;
  bool Keep(const PsItem& item) const {
    return item.updated_ms >= min_updated && item.updated_ms < max_updated &&
           item.created_ms >= min_created && item.created_ms < max_created;
  }
};

// One page of `items` (in listing order) as the API answers it, or false with the 400 written.
template <class T>
bool Page(const httplib::Request& req, httplib::Response& res, const std::vector<T>& items) {
  int64_t limit = kDefaultLimit;
  if (req.has_param("limit")) {
    std::optional<int64_t> l = ParseInt(req.get_param_value("limit"));
    if (!l || *l < 1 || *l > kMaxLimit) {
      Message(res, 400, "limit: must be an integer between 1 and 250");
      return false;
    }
    limit = *l;
  }
  Filters f;
  for (auto [name, field] : {std::pair{"min_updated", &f.min_updated},
                             {"max_updated", &f.max_updated},
                             {"min_created", &f.min_created},
                             {"max_created", &f.max_created}}) {
    if (!req.has_param(name)) continue;
    std::optional<int64_t> v = ParseInt(req.get_param_value(name));
    if (!v) {
      Message(res, 400, std::string(name) + ": must be a timestamp in milliseconds");
      return false;
    }
    *field = *v;
  }
  const bool after = req.has_param("starting_after"), before = req.has_param("ending_before");
  if (after && before) {
    Message(res, 400, "starting_after and ending_before are mutually exclusive");
    return false;
  }
  // The cursor is a position in the whole listing (created order never changes).
  size_t begin = 0, end = items.size();
  if (after || before) {
    const std::string key = req.get_param_value(after ? "starting_after" : "ending_before");
    auto it = std::find_if(items.begin(), items.end(), [&](const T& i) { return i.key == key; });
    if (it == items.end()) {
      Message(res, 400,
              std::string(after ? "starting_after" : "ending_before") + ": no item has the key '" +
                  key + "'");
      return false;
    }
    const size_t at = static_cast<size_t>(it - items.begin());
    if (after) begin = at + 1;
    if (before) end = at;
  }
  std::vector<const T*> page;
  bool has_more = false;
  if (before) {  // the `limit` matching items just before the key
    for (size_t i = end; i-- > 0;) {
      if (!f.Keep(items[i])) continue;
      if (static_cast<int64_t>(page.size()) == limit) {
        has_more = true;
        break;
      }
      page.insert(page.begin(), &items[i]);
    }
  } else {
    for (size_t i = begin; i < end; ++i) {
      if (!f.Keep(items[i])) continue;
      if (static_cast<int64_t>(page.size()) == limit) {
        has_more = true;
        break;
      }
      page.push_back(&items[i]);
    }
  }
  std::string body = "{\"data\":{\"has_more\":";
  body += has_more ? "true" : "false";
  body += ",\"items\":[";
  for (size_t i = 0; i < page.size(); ++i) {
    if (i > 0) body.push_back(',');
    body += ToJson(*page[i]);
  }
  body += "]},\"message\":\"Items retrieved successfully\",\"status\":200}";
  SendJson(res, 200, std::move(body));
  return true;
}

}  // namespace

void PartnerStackProvider::RegisterRoutes(Router& router) {
  for (std::string_view resource : {"partnerships", "customers", "deals", "leads"}) {
    router.Get(*this, "/api/v2/" + std::string(resource),
               [this, resource](const httplib::Request& req, httplib::Response& res) {
                 if (Authorized(req, res)) List(req, res, resource);
                 Record(req, res);
               });
  }
  auto not_found = [this](const httplib::Request& req, httplib::Response& res) {
    if (Authorized(req, res)) Message(res, 404, "Not found: " + req.path);
    Record(req, res);
  };
  router.Get(*this, "/.*", not_found);
  router.Post(*this, "/.*", not_found);
}

void PartnerStackProvider::RenderFault(const FaultRule& rule, const httplib::Request&,
                                       httplib::Response& res) {
  switch (rule.kind) {
    case FaultKind::kRateLimited:
    case FaultKind::kRateWindow:
    case FaultKind::kQuota:
      Message(res, 429, "Too many requests");
      return;
    default:
      Message(res, rule.status, rule.status >= 500 ? "Internal server error" : "Request failed");
  }
}

std::shared_ptr<const PartnerStackView> PartnerStackProvider::View() {
  std::lock_guard lock(mutex_);
  if (!view_ || view_->version() != state_.dataset.version()) {
    view_ = std::make_shared<const PartnerStackView>(state_.dataset);
  }
  return view_;
}

bool PartnerStackProvider::Authorized(const httplib::Request& req, httplib::Response& res) {
  const PartnerStackOptions& o = state_.options.partnerstack;
  const std::string auth = req.get_header_value("Authorization");
  if (auth.starts_with("Basic ")) {
    std::optional<std::string> decoded = Base64Decode(auth.substr(6));
    if (decoded && *decoded == o.public_key + ":" + o.secret_key) return true;
  }
  Message(res, 401,
          auth.empty() ? "Authentication credentials were not provided."
                       : "Invalid API key provided: use your public key and secret key as the "
                         "Basic auth user name and password.");
  return false;
}

void PartnerStackProvider::List(const httplib::Request& req, httplib::Response& res,
                                std::string_view resource) {
  std::shared_lock lock(state_.dataset_mutex);
  std::shared_ptr<const PartnerStackView> view = View();
  if (resource == "partnerships") {
    Page(req, res, view->partnerships());
  } else if (resource == "customers") {
    Page(req, res, view->customers());
  } else if (resource == "deals") {
    Page(req, res, view->deals());
  } else {
    Page(req, res, view->leads());
  }
}

void PartnerStackProvider::Record(const httplib::Request& req, const httplib::Response& res) {
  PsRequest r;
  r.path = req.path;
  for (const auto& [name, value] : req.params) {
    r.query += (r.query.empty() ? "" : "&") + name + "=" + value;
  }
  r.status = res.status;
  std::lock_guard lock(mutex_);
  requests_.push_back(std::move(r));
  if (requests_.size() > kKeptRequests) requests_.pop_front();
}

std::vector<PsRequest> PartnerStackProvider::Requests() const {
  std::lock_guard lock(mutex_);
  return {requests_.begin(), requests_.end()};
}

void PartnerStackProvider::ClearRequests() {
  std::lock_guard lock(mutex_);
  requests_.clear();
}

}  // namespace tempo::fakes
