// The fake Mailchimp's handlers (provider_mailchimp.h).
#include "fakes/mailchimp/provider_mailchimp.h"

#include <algorithm>
#include <set>
#include <shared_mutex>
#include <utility>
#include <vector>

#include "fakes/core/encoding.h"
#include "fakes/core/router.h"

namespace tempo::fakes {
namespace {

constexpr int64_t kMaxCount = 1000;
constexpr int64_t kDefaultCount = 10;

// A response object written straight into a string, leaving out the keys `exclude_fields`
// names for it.
class Obj {
 public:
  Obj(std::string& out, const std::set<std::string, std::less<>>* excluded = nullptr)
      : out_(out), excluded_(excluded) {
    out_.push_back('{');
  }
  bool Key(std::string_view key) {
    if (excluded_ && excluded_->count(key)) return false;
    if (!first_) out_.push_back(',');
    first_ = false;
    AppendJsonText(out_, key);
    out_.push_back(':');
    return true;
  }
  Obj& Str(std::string_view key, std::string_view value) {
    if (Key(key)) AppendJsonText(out_, value);
    return *this;
  }
  Obj& Int(std::string_view key, int64_t value) {
    if (Key(key)) AppendDecimal(out_, value);
    return *this;
  }
  Obj& Raw(std::string_view key, std::string_view json) {
    if (Key(key)) out_ += json;
    return *this;
  }
  void End() { out_.push_back('}'); }

 private:
  std::string& out_;
  const std::set<std::string, std::less<>>* excluded_;
  bool first_ = true;
};

// What exclude_fields says about one collection ("members"): the keys left out of each of its
// records ("members._links") and of the response itself ("_links", "total_items").
struct Excluded {
  std::set<std::string, std::less<>> record, top;
};

Excluded ParseExcluded(const httplib::Request& req, std::string_view collection) {
  Excluded out;
  const std::string value = req.get_param_value("exclude_fields");
  size_t start = 0;
  while (start < value.size()) {
    size_t comma = value.find(',', start);
    if (comma == std::string::npos) comma = value.size();
    std::string_view item(value.data() + start, comma - start);
    if (item.size() > collection.size() + 1 && item.substr(0, collection.size()) == collection &&
        item[collection.size()] == '.') {
      out.record.emplace(item.substr(collection.size() + 1));
    } else if (!item.empty() && item.find('.') == std::string_view::npos) {
      out.top.emplace(item);
    }
    start = comma + 1;
  }
  return out;
}

std::string Links(std::string_view self, std::string_view schema) {
  std::string out = "[{\"rel\":\"self\",\"href\":";
  AppendJsonText(out, self);
  out += ",\"method\":\"GET\",\"targetSchema\":";
  AppendJsonText(out, "https://us21.api.mailchimp.com/schema/3.0/" + std::string(schema));
  out += "}]";
  return out;
}

std::string_view TitleFor(int status) {
  switch (status) {
    case 400:
      return "Invalid Resource";
    case 401:
      return "API Key Invalid";
    case 403:
      return "Forbidden";
    case 404:
      return "Resource Not Found";
    case 405:
      return "Method Not Allowed";
    case 414:
      return "Resource Nesting Too Deep";
    case 422:
      return "Invalid Method Override";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    default:
      return "Service Unavailable";
  }
}

// count and offset as Mailchimp reads them: count defaults to 10 and is capped at 1000.
bool Paging(const httplib::Request& req, int64_t* count, int64_t* offset) {
  *count = kDefaultCount;
  *offset = 0;
  if (req.has_param("count")) {
    std::optional<int64_t> c = ParseInt(req.get_param_value("count"));
    if (!c || *c < 0) return false;
    *count = std::min(*c, kMaxCount);
  }
  if (req.has_param("offset")) {
    std::optional<int64_t> o = ParseInt(req.get_param_value("offset"));
    if (!o || *o < 0) return false;
    *offset = *o;
  }
  return true;
}

// A time filter: since_X (strictly after) and before_X (strictly before), whole seconds.
struct TimeRange {
  int64_t after = INT64_MIN, before = INT64_MAX;
  bool Contains(int64_t ms) const { return ms > after && ms < before; }
};

// Reads since_<field> / before_<field>; false (with `bad` set) when one is not a datetime.
bool ReadRange(const httplib::Request& req, std::string_view field, TimeRange* range,
               std::string* bad) {
  for (bool since : {true, false}) {
    const std::string name = (since ? "since_" : "before_") + std::string(field);
    if (!req.has_param(name)) continue;
    std::optional<int64_t> ms = ParseIsoDateTime(req.get_param_value(name));
    if (!ms) {
      *bad = name;
      return false;
    }
    (since ? range->after : range->before) = *ms - ((*ms % 1000) + 1000) % 1000;
  }
  return true;
}

int64_t ParseMs(std::string_view mailchimp_time) {
  if (mailchimp_time.empty()) return INT64_MIN;
  return ParseIsoDateTime(mailchimp_time).value_or(INT64_MIN);
}

void AppendMember(std::string& out, const MailchimpMember& m, const Excluded& excluded,
                  const std::string& links) {
  Obj o(out, &excluded.record);
  o.Str("id", m.id).Str("email_address", m.email);
  o.Str("unique_email_id", Md5Hex(m.email + "#unique").substr(0, 10));
  o.Str("contact_id", Md5Hex(m.email + "#contact"));
  o.Str("full_name", m.first_name + " " + m.last_name);
  o.Int("web_id", 500000000 + m.row).Str("email_type", "html").Str("status", m.status);
  o.Raw("consents_to_one_to_one_messaging", "true");
  if (o.Key("merge_fields")) {
    Obj f(out);
    f.Str("FNAME", m.first_name).Str("LNAME", m.last_name).Str("COMPANY", m.company);
    f.Str("TITLE", m.title).Str("ADDRESS", "").Str("PHONE", "");
    f.End();
  }
  o.Raw("stats", "{\"avg_open_rate\":0,\"avg_click_rate\":0}");
  o.Str("ip_signup", m.timestamp_signup.empty() ? "" : "198.51.100.23");
  o.Str("timestamp_signup", m.timestamp_signup);
  o.Str("ip_opt", m.timestamp_opt.empty() ? "" : "203.0.113.7");
  o.Str("timestamp_opt", m.timestamp_opt);
  o.Int("member_rating", 2).Str("last_changed", m.last_changed).Str("language", "");
  o.Raw("vip", "false").Str("email_client", "");
  o.Raw("location",
        "{\"latitude\":0,\"longitude\":0,\"gmtoff\":0,\"dstoff\":0,\"country_code\":\"\","
        "\"timezone\":\"\",\"region\":\"\"}");
  o.Str("source", m.source).Int("tags_count", static_cast<int64_t>(m.tags.size()));
  if (o.Key("tags")) {
    out.push_back('[');
    for (size_t i = 0; i < m.tags.size(); ++i) {
      if (i > 0) out.push_back(',');
      Obj t(out);
      t.Int("id", m.tags[i].id).Str("name", m.tags[i].name);
      t.End();
    }
    out.push_back(']');
  }
  o.Str("list_id", m.list_id).Raw("_links", links);
  o.End();
}

void AppendCampaign(std::string& out, const MailchimpView& view, const MailchimpCampaign& c,
                    const Excluded& excluded, const std::string& links) {
  const int64_t recipients = static_cast<int64_t>(view.Recipients(c.row).size());
  Obj o(out, &excluded.record);
  o.Str("id", c.id).Int("web_id", 7000000 + c.row).Str("parent_campaign_id", "");
  o.Str("type", "regular").Str("create_time", c.create_time);
  o.Str("archive_url", "http://eepurl.com/" + c.id.substr(0, 6));
  o.Str("long_archive_url", "https://us21.campaign-archive.com/?u=4f3e2d1c&id=" + c.id);
  o.Str("status", c.status).Int("emails_sent", c.status == "sent" ? recipients : 0);
  o.Str("send_time", c.send_time).Str("content_type", "template");
  o.Raw("needs_block_refresh", "false").Raw("resendable", "false");
  if (o.Key("recipients")) {
    Obj r(out);
    r.Str("list_id", c.list_id).Raw("list_is_active", "true");
    r.Str("list_name", view.ListName(c.list)).Str("segment_text", "");
    r.Int("recipient_count", recipients);
    r.End();
  }
  if (o.Key("settings")) {
    Obj s(out);
    s.Str("subject_line", c.subject).Str("preview_text", "").Str("title", c.title);
    s.Str("from_name", "Tempo Marketing").Str("reply_to", "marketing@tempo.example");
    s.Raw("use_conversation", "false").Str("to_name", "*|FNAME|*").Str("folder_id", "");
    s.Raw("authenticate", "true").Raw("auto_footer", "false").Raw("inline_css", "false");
    s.Raw("auto_tweet", "false").Raw("fb_comments", "true").Raw("timewarp", "false");
    s.Int("template_id", 10000 + c.row % 7).Raw("drag_and_drop", "true");
    s.End();
  }
  o.Raw("tracking",
        "{\"opens\":true,\"html_clicks\":true,\"text_clicks\":false,\"goal_tracking\":false,"
        "\"ecomm360\":false,\"google_analytics\":\"\",\"clicktale\":\"\"}");
  if (c.status == "sent" && o.Key("report_summary")) {
    int64_t opens = 0, clicks = 0;
    for (int64_t row : view.Recipients(c.row)) {
      for (const MailchimpActivity& a : view.Activity(c.row, row)) {
        (a.action == "open" ? opens : clicks)++;
      }
    }
    Obj r(out);
    r.Int("opens", opens).Int("unique_opens", opens).Int("clicks", clicks);
    r.Int("subscriber_clicks", clicks).Raw("open_rate", "0").Raw("click_rate", "0");
    r.End();
  }
  o.Raw("delivery_status", "{\"enabled\":false}").Raw("_links", links);
  o.End();
}

// Ends a collection response: its rows, then total_items and _links.
void SendCollection(httplib::Response& res, std::string body, std::string_view collection,
                    int64_t total, const Excluded& excluded, std::string_view extra_key,
                    const std::string& extra_json, const std::string& links) {
  std::string out;
  out.reserve(body.size() + 256);
  Obj o(out, &excluded.top);
  o.Raw(collection, body);
  if (!extra_key.empty()) o.Raw(extra_key, extra_json);
  o.Int("total_items", total).Raw("_links", links);
  o.End();
  SendJson(res, 200, std::move(out));
}

}  // namespace

void MailchimpProblem(httplib::Response& res, int status, std::string_view title,
                      std::string_view detail, uint64_t instance) {
  std::string body;
  Obj o(body);
  o.Str("type", "https://mailchimp.com/developer/marketing/docs/errors/").Str("title", title);
  o.Int("status", status).Str("detail", detail);
  char id[40];
  std::snprintf(id, sizeof id, "9d741ebc-5b38-4b0d-a1ab-%012llx",
                static_cast<unsigned long long>(instance));
  o.Str("instance", id);
  o.End();
  res.status = status;
  res.set_header("X-Request-Id", id);
  res.set_header("Link",
                 "<https://us21.api.mailchimp.com/schema/3.0/ProblemDetailDocument.json>; "
                 "rel=\"describedBy\"");
  res.set_content(std::move(body), "application/problem+json; charset=utf-8");
}

MailchimpProvider::MailchimpProvider(ServerState& state)
    : state_(state),
      latency_ms_(state.options.mailchimp.latency_ms),
      move_after_page_(state.options.mailchimp.move_after_page) {}

void MailchimpProvider::RegisterRoutes(Router& router) {
  router.Get(*this, "/oauth2/metadata",
             [this](const httplib::Request& req, httplib::Response& res) { Metadata(req, res); });
  auto route = [&](const std::string& pattern, Fn fn) {
    router.Get(*this, pattern, [this, fn](const httplib::Request& req, httplib::Response& res) {
      Api(req, res, fn);
    });
  };
  route("/3.0/ping", &MailchimpProvider::Ping);
  route("/3.0/lists", &MailchimpProvider::Lists);
  route("/3.0/lists/([^/]+)/members", &MailchimpProvider::Members);
  route("/3.0/campaigns", &MailchimpProvider::Campaigns);
  route("/3.0/reports/([^/]+)/email-activity", &MailchimpProvider::EmailActivity);
  route("/3.0/.*", &MailchimpProvider::NotFound);
}

void MailchimpProvider::RenderFault(const FaultRule& rule, const httplib::Request&,
                                    httplib::Response& res) {
  switch (rule.kind) {
    case FaultKind::kRateLimited:
    case FaultKind::kRateWindow:
    case FaultKind::kQuota:
      MailchimpProblem(res, 429, "Too Many Requests",
                       "You have exceeded the limit of 10 simultaneous connections.",
                       ++request_ids_);
      return;
    case FaultKind::kInvalidGrant:
      SendJson(res, 400, "{\"error\":\"invalid_grant\"}");
      return;
    default:
      MailchimpProblem(res, rule.status, TitleFor(rule.status),
                       "An unexpected error occurred; please try again.", ++request_ids_);
  }
}

void MailchimpProvider::MoveAfterPage(int64_t n) {
  members_pages_ = 0;
  move_after_page_ = n;
}

std::shared_ptr<const MailchimpView> MailchimpProvider::View() {
  std::lock_guard lock(view_mutex_);
  if (!view_ || view_->version() != state_.dataset.version()) {
    view_ = std::make_shared<const MailchimpView>(state_.dataset);
  }
  return view_;
}

void MailchimpProvider::Api(const httplib::Request& req, httplib::Response& res, Fn fn) {
  struct InFlight {
    std::atomic<int64_t>& n;
    int64_t now;
    explicit InFlight(std::atomic<int64_t>& c) : n(c), now(++c) {}
    ~InFlight() { --n; }
  } in_flight(in_flight_);
  if (in_flight.now > state_.options.mailchimp.max_connections) {
    MailchimpProblem(res, 429, "Too Many Requests",
                     "You have exceeded the limit of 10 simultaneous connections.", ++request_ids_);
    return;
  }
  if (latency_ms_ > 0 && state_.stop.WaitFor(std::chrono::milliseconds(latency_ms_.load()))) {
    return;
  }
  if (!Authorized(req, res)) return;
  int64_t touch = -1;
  {
    std::shared_lock lock(state_.dataset_mutex);
    std::shared_ptr<const MailchimpView> view = View();
    (this->*fn)(req, res, *view, &touch);
  }
  if (touch >= 0) {
    std::unique_lock lock(state_.dataset_mutex);
    const int64_t rows[] = {touch};
    state_.dataset.Touch(Entity::kLead, rows, state_.clock.NowMs());
    ++moved_;
  }
}

bool MailchimpProvider::Authorized(const httplib::Request& req, httplib::Response& res) {
  const MailchimpOptions& o = state_.options.mailchimp;
  const std::string auth = req.get_header_value("Authorization");
  if (auth.empty()) {
    MailchimpProblem(res, 401, "API Key Missing", "Your request did not include an API key.",
                     ++request_ids_);
    return false;
  }
  if (auth.starts_with("Basic ")) {
    std::optional<std::string> decoded = Base64Decode(auth.substr(6));
    const size_t colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon != std::string::npos && decoded->substr(colon + 1) == o.api_key) return true;
  } else if (auth.starts_with("Bearer ") || auth.starts_with("OAuth ")) {
    if (auth.substr(auth.find(' ') + 1) == o.access_token) return true;
  }
  MailchimpProblem(res, 401, "API Key Invalid",
                   "Your API key may be invalid, or you've attempted to access the wrong "
                   "datacenter.",
                   ++request_ids_);
  return false;
}

void MailchimpProvider::Metadata(const httplib::Request& req, httplib::Response& res) {
  const MailchimpOptions& o = state_.options.mailchimp;
  const std::string auth = req.get_header_value("Authorization");
  const size_t space = auth.find(' ');
  const std::string scheme = auth.substr(0, space);
  if ((scheme != "OAuth" && scheme != "Bearer") || space == std::string::npos ||
      auth.substr(space + 1) != o.access_token) {
    SendJson(res, 200, "{\"error\":\"invalid_token\"}");  // HTTP 200, as Mailchimp does
    return;
  }
  std::string body;
  Obj m(body);
  m.Str("dc", o.dc).Str("role", "owner").Str("accountname", "Tempo Demo Co");
  m.Int("user_id", 48151623)
      .Raw(
          "login",
          R"({"email":"marketing@tempo.example","avatar":null,"login_id":48151623,"login_name":"marketing@tempo.example","login_email":"marketing@tempo.example"})");
  m.Str("login_url", "https://login.mailchimp.com");
  m.Str("api_endpoint", "http://127.0.0.1:" + std::to_string(state_.port.load()) + "/mailchimp");
  m.End();
  SendJson(res, 200, std::move(body));
}

void MailchimpProvider::Ping(const httplib::Request&, httplib::Response& res, const MailchimpView&,
                             int64_t*) {
  SendJson(res, 200, "{\"health_status\":\"Everything's Chimpy!\"}");
}

void MailchimpProvider::NotFound(const httplib::Request&, httplib::Response& res,
                                 const MailchimpView&, int64_t*) {
  MailchimpProblem(res, 404, "Resource Not Found", "The requested resource could not be found.",
                   ++request_ids_);
}

void MailchimpProvider::Lists(const httplib::Request& req, httplib::Response& res,
                              const MailchimpView& view, int64_t*) {
  int64_t count, offset;
  if (!Paging(req, &count, &offset)) {
    MailchimpProblem(res, 400, "Invalid Resource", "count and offset must be integers.",
                     ++request_ids_);
    return;
  }
  const Excluded excluded = ParseExcluded(req, "lists");
  std::string rows = "[";
  for (int list = static_cast<int>(offset); list < kMailchimpLists && list < offset + count;
       ++list) {
    if (rows.size() > 1) rows.push_back(',');
    int64_t subscribed = 0, unsubscribed = 0, cleaned = 0;
    for (int64_t row : view.ListRows(list)) {
      const std::string status = view.Member(row).status;
      subscribed += status == "subscribed";
      unsubscribed += status == "unsubscribed";
      cleaned += status == "cleaned";
    }
    Obj o(rows, &excluded.record);
    o.Str("id", view.ListId(list)).Int("web_id", 100200 + list).Str("name", view.ListName(list));
    o.Raw(
        "contact",
        R"({"company":"Tempo Demo Co","address1":"1 Market St","address2":"","city":"San Francisco","state":"CA","zip":"94105","country":"US","phone":""})");
    o.Str("permission_reminder", "You signed up on tempo.example.");
    o.Raw("use_archive_bar", "true");
    o.Raw(
        "campaign_defaults",
        R"({"from_name":"Tempo Marketing","from_email":"marketing@tempo.example","subject":"","language":"en"})");
    o.Raw("notify_on_subscribe", "\"\"").Raw("notify_on_unsubscribe", "\"\"");
    o.Str("date_created", "2022-05-02T09:00:00+00:00").Int("list_rating", 3);
    o.Raw("email_type_option", "false").Str("subscribe_url_short", "http://eepurl.com/tmp0");
    o.Str("visibility", "prv").Raw("double_optin", "false").Raw("marketing_permissions", "false");
    if (o.Key("stats")) {
      Obj s(rows);
      s.Int("member_count", subscribed).Int("unsubscribe_count", unsubscribed);
      s.Int("cleaned_count", cleaned).Int("campaign_count", 0);
      s.Str("campaign_last_sent", "").Str("last_sub_date", "").Str("last_unsub_date", "");
      s.End();
    }
    o.Raw("_links", Links(req.path, "Lists/Instance.json"));
    o.End();
  }
  rows.push_back(']');
  SendCollection(res, std::move(rows), "lists", kMailchimpLists, excluded, "constraints",
                 "{\"may_create\":true,\"max_instances\":-1,\"current_total_instances\":" +
                     std::to_string(kMailchimpLists) + "}",
                 Links(req.path, "Lists/CollectionResponse.json"));
}

void MailchimpProvider::Members(const httplib::Request& req, httplib::Response& res,
                                const MailchimpView& view, int64_t* touch) {
  const std::string list_id = req.matches[1];
  const int list = view.FindList(list_id);
  if (list < 0) {
    MailchimpProblem(res, 404, "Resource Not Found", "The requested resource could not be found.",
                     ++request_ids_);
    return;
  }
  int64_t count, offset;
  TimeRange changed;
  std::string bad;
  if (!Paging(req, &count, &offset) || !ReadRange(req, "last_changed", &changed, &bad)) {
    MailchimpProblem(res, 400, "Invalid Resource",
                     bad.empty() ? "count and offset must be integers."
                                 : "The value of " + bad + " is not a valid date-time.",
                     ++request_ids_);
    return;
  }
  const std::string sort_field = req.get_param_value("sort_field");
  const std::string sort_dir = req.has_param("sort_dir") ? req.get_param_value("sort_dir") : "ASC";
  if ((!sort_field.empty() && sort_field != "last_changed" && sort_field != "timestamp_opt" &&
       sort_field != "timestamp_signup") ||
      (sort_dir != "ASC" && sort_dir != "DESC")) {
    MailchimpProblem(res, 400, "Invalid Resource",
                     "sort_field must be one of timestamp_opt, timestamp_signup, last_changed; "
                     "sort_dir ASC or DESC.",
                     ++request_ids_);
    return;
  }
  const std::string status = req.get_param_value("status");
  // The filtered members with their sort key; ties keep the order members were added in.
  std::vector<std::pair<int64_t, MailchimpMember>> rows;
  for (int64_t row : view.ListRows(list)) {
    MailchimpMember m = view.Member(row);
    if (!changed.Contains(m.last_changed_ms)) continue;
    if (!status.empty() && m.status != status) continue;
    const int64_t key = sort_field == "last_changed"    ? m.last_changed_ms
                        : sort_field == "timestamp_opt" ? ParseMs(m.timestamp_opt)
                        : sort_field.empty()            ? 0
                                                        : ParseMs(m.timestamp_signup);
    rows.emplace_back(key, std::move(m));
  }
  std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
    return sort_dir == "ASC" ? a.first < b.first : a.first > b.first;
  });
  const Excluded excluded = ParseExcluded(req, "members");
  const std::string member_links = Links(req.path, "Lists/Members/Instance.json");
  std::string body = "[";
  const int64_t total = static_cast<int64_t>(rows.size());
  for (int64_t i = offset; i < total && i < offset + count; ++i) {
    if (i > offset) body.push_back(',');
    AppendMember(body, rows[static_cast<size_t>(i)].second, excluded, member_links);
  }
  body.push_back(']');
  SendCollection(res, std::move(body), "members", total, excluded, "list_id", "\"" + list_id + "\"",
                 Links(req.path, "Lists/Members/CollectionResponse.json"));
  const int64_t page = ++members_pages_;
  if (move_after_page_ > 0 && page == move_after_page_ && offset < total) {
    *touch = rows[static_cast<size_t>(offset)].second.row;
  }
}

void MailchimpProvider::Campaigns(const httplib::Request& req, httplib::Response& res,
                                  const MailchimpView& view, int64_t*) {
  int64_t count, offset;
  TimeRange created, sent;
  std::string bad;
  if (!Paging(req, &count, &offset) || !ReadRange(req, "create_time", &created, &bad) ||
      !ReadRange(req, "send_time", &sent, &bad)) {
    MailchimpProblem(res, 400, "Invalid Resource",
                     bad.empty() ? "count and offset must be integers."
                                 : "The value of " + bad + " is not a valid date-time.",
                     ++request_ids_);
    return;
  }
  const std::string sort_field = req.get_param_value("sort_field");
  const std::string sort_dir = req.has_param("sort_dir") ? req.get_param_value("sort_dir") : "ASC";
  if ((!sort_field.empty() && sort_field != "create_time" && sort_field != "send_time") ||
      (sort_dir != "ASC" && sort_dir != "DESC")) {
    MailchimpProblem(res, 400, "Invalid Resource",
                     "sort_field must be create_time or send_time; sort_dir ASC or DESC.",
                     ++request_ids_);
    return;
  }
  const std::string status = req.get_param_value("status");
  const std::string list_id = req.get_param_value("list_id");
  const bool send_filter = req.has_param("since_send_time") || req.has_param("before_send_time");
  std::vector<std::pair<int64_t, MailchimpCampaign>> rows;
  for (int64_t row = 0; row < state_.dataset.Count(Entity::kCampaign); ++row) {
    if (state_.dataset.Archived(Entity::kCampaign, row)) continue;  // deleted campaigns
    MailchimpCampaign c = view.Campaign(row);
    if (!created.Contains(c.create_ms)) continue;
    if (send_filter && (c.send_time.empty() || !sent.Contains(c.send_ms))) continue;
    if (!status.empty() && c.status != status) continue;
    if (!list_id.empty() && c.list_id != list_id) continue;
    const int64_t key = sort_field == "create_time" ? c.create_ms
                        : sort_field == "send_time" ? (c.send_time.empty() ? 0 : c.send_ms)
                                                    : row;
    rows.emplace_back(key, std::move(c));
  }
  std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
    return sort_dir == "ASC" ? a.first < b.first : a.first > b.first;
  });
  const Excluded excluded = ParseExcluded(req, "campaigns");
  const std::string links = Links(req.path, "Campaigns/Instance.json");
  std::string body = "[";
  const int64_t total = static_cast<int64_t>(rows.size());
  for (int64_t i = offset; i < total && i < offset + count; ++i) {
    if (i > offset) body.push_back(',');
    AppendCampaign(body, view, rows[static_cast<size_t>(i)].second, excluded, links);
  }
  body.push_back(']');
  SendCollection(res, std::move(body), "campaigns", total, excluded, "", "",
                 Links(req.path, "Campaigns/CollectionResponse.json"));
}

void MailchimpProvider::EmailActivity(const httplib::Request& req, httplib::Response& res,
                                      const MailchimpView& view, int64_t*) {
  const std::string campaign_id = req.matches[1];
  const int64_t campaign = view.FindCampaign(campaign_id);
  if (campaign < 0 || view.Campaign(campaign).status != "sent" ||
      state_.dataset.Archived(Entity::kCampaign, campaign)) {
    MailchimpProblem(res, 404, "Resource Not Found", "The requested resource could not be found.",
                     ++request_ids_);
    return;
  }
  int64_t count, offset;
  TimeRange range;
  if (!Paging(req, &count, &offset)) {
    MailchimpProblem(res, 400, "Invalid Resource", "count and offset must be integers.",
                     ++request_ids_);
    return;
  }
  if (req.has_param("since")) {
    std::optional<int64_t> since = ParseIsoDateTime(req.get_param_value("since"));
    if (!since) {
      MailchimpProblem(res, 400, "Invalid Resource", "The value of since is not a valid date-time.",
                       ++request_ids_);
      return;
    }
    range.after = *since;
  }
  const MailchimpCampaign c = view.Campaign(campaign);
  struct Row {
    MailchimpMember member;
    std::vector<MailchimpActivity> activity;
  };
  std::vector<Row> rows;
  for (int64_t lead : view.Recipients(campaign)) {
    Row r{view.Member(lead), {}};
    for (MailchimpActivity& a : view.Activity(campaign, lead)) {
      if (range.Contains(a.at_ms)) r.activity.push_back(std::move(a));
    }
    if (req.has_param("since") && r.activity.empty()) continue;
    rows.push_back(std::move(r));
  }
  const Excluded excluded = ParseExcluded(req, "emails");
  const std::string links = Links(req.path, "Reports/EmailActivity/Instance.json");
  std::string body = "[";
  const int64_t total = static_cast<int64_t>(rows.size());
  for (int64_t i = offset; i < total && i < offset + count; ++i) {
    if (i > offset) body.push_back(',');
    const Row& r = rows[static_cast<size_t>(i)];
    Obj o(body, &excluded.record);
    o.Str("campaign_id", c.id).Str("list_id", c.list_id).Raw("list_is_active", "true");
    o.Str("email_id", r.member.id).Str("email_address", r.member.email);
    if (o.Key("activity")) {
      body.push_back('[');
      for (size_t k = 0; k < r.activity.size(); ++k) {
        if (k > 0) body.push_back(',');
        Obj a(body);
        a.Str("action", r.activity[k].action)
            .Str("timestamp", FormatMailchimpTime(r.activity[k].at_ms));
        if (!r.activity[k].url.empty()) a.Str("url", r.activity[k].url);
        a.Str("ip", "192.0.2.44");
        a.End();
      }
      body.push_back(']');
    }
    o.Raw("_links", links);
    o.End();
  }
  body.push_back(']');
  SendCollection(res, std::move(body), "emails", total, excluded, "campaign_id", "\"" + c.id + "\"",
                 Links(req.path, "Reports/EmailActivity/CollectionResponse.json"));
}

}  // namespace tempo::fakes
