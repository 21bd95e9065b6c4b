// Scenario parsing: the line format by hand, JSON with simdjson On-Demand; both reduce to
// (kind or section, key, value) triples handled by one set of functions.
#include "fakes/core/scenario.h"

#include "fakes/core/encoding.h"
#include "fakes/core/json_read.h"

namespace tempo::fakes {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

bool IsSection(std::string_view word) {
  return word == "dataset" || word == "auth" || word == "server";
}

std::string KindList() {
  std::string out;
  for (int i = 0;; ++i) {
    auto kind = static_cast<FaultKind>(i);
    std::string_view name = FaultKindName(kind);
    out += name;
    if (kind == FaultKind::kInvalidGrant) break;
    out += ", ";
  }
  return out;
}

Result<int64_t> IntValue(std::string_view key, std::string_view value) {
  std::optional<int64_t> v = ParseInt(value);
  if (!v)
    return Status::InvalidArgument("'" + std::string(key) + "' must be an integer, got '" +
                                   std::string(value) + "'");
  return *v;
}

Result<bool> BoolValue(std::string_view key, std::string_view value) {
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  return Status::InvalidArgument("'" + std::string(key) + "' must be true or false, got '" +
                                 std::string(value) + "'");
}

Result<RetryAfter> RetryAfterValue(std::string_view value) {
  RetryAfter r;
  if (value == "none") {
    r.form = RetryAfter::Form::kNone;
    return r;
  }
  if (value.starts_with("date+")) {
    r.form = RetryAfter::Form::kHttpDate;
    value.remove_prefix(5);
  }
  std::optional<int64_t> seconds = ParseInt(value);
  if (!seconds || *seconds < 0) {
    return Status::InvalidArgument("'retry_after' must be none, N (seconds) or date+N, got '" +
                                   std::string(value) + "'");
  }
  r.seconds = *seconds;
  return r;
}

// Splits "a=1 b=two" into fields; `where` prefixes errors.
Result<Fields> SplitFields(std::string_view text) {
  Fields fields;
  while (true) {
    text = TrimBlanks(text);
    if (text.empty()) break;
    size_t end = text.find_first_of(" \t");
    std::string_view token = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end);
    size_t eq = token.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return Status::InvalidArgument("expected key=value, got '" + std::string(token) + "'");
    }
    fields.emplace_back(std::string(token.substr(0, eq)), std::string(token.substr(eq + 1)));
  }
  return fields;
}

Status ApplyDatasetSetting(const std::string& key, const std::string& value, DatasetOptions& d) {
  if (key == "as_of") {
    std::optional<int64_t> ms = ParseIsoDateTime(value);
    if (!ms) ms = ParseInt(value);
    if (!ms)
      return Status::InvalidArgument("'as_of' must be an ISO date-time or epoch ms, got '" + value +
                                     "'");
    d.as_of_ms = *ms;
    return Status::Ok();
  }
  if (key == "planted" || key == "currencies" || key == "split_crms") {
    Result<bool> v = BoolValue(key, value);
    if (!v.ok()) return v.status();
    (key == "planted" ? d.planted : key == "currencies" ? d.currencies : d.split_crms) = *v;
    return Status::Ok();
  }
  Result<int64_t> v = IntValue(key, value);
  if (!v.ok()) return v.status();
  if (key == "seed")
    d.seed = static_cast<uint64_t>(*v);
  else if (key == "scale")
    d.scale = *v;
  else if (key == "partners")
    d.partners = *v;
  else if (key == "contacts")
    d.contacts = *v;
  else if (key == "deals")
    d.deals = *v;
  else if (key == "leads")
    d.leads = *v;
  else if (key == "campaigns")
    d.campaigns = *v;
  else if (key == "tie_rows")
    d.tie_rows = *v;
  else if (key == "history_days")
    d.history_days = *v;
  else if (key == "shared_domain_row")
    d.shared_domain_row = *v;
  else
    return Status::InvalidArgument("unknown dataset setting '" + key +
                                   "' (seed, scale, partners, contacts, deals, leads, campaigns, "
                                   "tie_rows, history_days, as_of, shared_domain_row, planted, "
                                   "currencies, split_crms)");
  return Status::Ok();
}

Status ApplyAuthSetting(const std::string& key, const std::string& value, AuthOptions& a) {
  if (key == "hubspot_token_lifetime_s" || key == "salesforce_session_timeout_s" ||
      key == "crossbeam_token_lifetime_s") {
    Result<int64_t> v = IntValue(key, value);
    if (!v.ok()) return v.status();
    (key == "hubspot_token_lifetime_s"       ? a.hubspot_token_lifetime_s
     : key == "salesforce_session_timeout_s" ? a.salesforce_session_timeout_s
                                             : a.crossbeam_token_lifetime_s) = *v;
  } else if (key == "rotate_refresh_tokens" || key == "crossbeam_rotate_refresh_tokens") {
    Result<bool> v = BoolValue(key, value);
    if (!v.ok()) return v.status();
    (key == "rotate_refresh_tokens" ? a.rotate_refresh_tokens : a.crossbeam_rotate_refresh_tokens) =
        *v;
  } else if (key == "marketo_token_lifetime_s") {
    Result<int64_t> v = IntValue(key, value);
    if (!v.ok()) return v.status();
    a.marketo_token_lifetime_s = *v;
  } else if (key == "marketo_client_id") {
    a.marketo_client_id = value;
  } else if (key == "marketo_client_secret") {
    a.marketo_client_secret = value;
  } else if (key == "hubspot_private_app_token") {
    a.hubspot_private_app_tokens = {value};
  } else if (key == "hubspot_client_id")
    a.hubspot_client_id = value;
  else if (key == "hubspot_client_secret")
    a.hubspot_client_secret = value;
  else if (key == "hubspot_refresh_token")
    a.hubspot_refresh_token = value;
  else if (key == "salesforce_client_id")
    a.salesforce_client_id = value;
  else if (key == "salesforce_client_secret")
    a.salesforce_client_secret = value;
  else if (key == "salesforce_refresh_token")
    a.salesforce_refresh_token = value;
  else if (key == "crossbeam_client_id")
    a.crossbeam_client_id = value;
  else if (key == "crossbeam_client_secret")
    a.crossbeam_client_secret = value;
  else if (key == "crossbeam_refresh_token")
    a.crossbeam_refresh_token = value;
  else
    return Status::InvalidArgument("unknown auth setting '" + key + "'");
  return Status::Ok();
}

}  // namespace

Status ApplyMarketoSetting(std::string_view key, std::string_view value, MarketoOptions& m) {
  const std::string name(key);
  if (key == "updated_at_filter" || key == "fail_exports") {
    Result<bool> v = BoolValue(name, value);
    if (!v.ok()) return v.status();
    (key == "updated_at_filter" ? m.updated_at_filter : m.fail_exports) = *v;
    return Status::Ok();
  }
  int64_t* target = key == "rate_limit"           ? &m.rate_limit
                    : key == "rate_window_ms"     ? &m.rate_window_ms
                    : key == "max_concurrent"     ? &m.max_concurrent
                    : key == "daily_quota"        ? &m.daily_quota
                    : key == "export_ms"          ? &m.export_ms
                    : key == "export_quota_bytes" ? &m.export_quota_bytes
                    : key == "scan_rows"          ? &m.scan_rows
                                                  : nullptr;
  if (target == nullptr) {
    return Status::InvalidArgument(
        "unknown Marketo setting '" + name +
        "' (rate_limit, rate_window_ms, max_concurrent, daily_quota, export_ms, "
        "export_quota_bytes, updated_at_filter, fail_exports, scan_rows)");
  }
  Result<int64_t> v = IntValue(name, value);
  if (!v.ok()) return v.status();
  if (*v < 0) return Status::InvalidArgument("'" + name + "' must not be negative");
  *target = *v;
  return Status::Ok();
}

namespace {

Status ApplyServerSetting(const std::string& key, const std::string& value, FakeApiOptions& o) {
  if (key == "salesforce_hidden") {  // names, checked when the server starts
    o.salesforce_hidden = value;
    return Status::Ok();
  }
  if (key.starts_with("marketo_")) return ApplyMarketoSetting(key.substr(8), value, o.marketo);
  if (key == "crossbeam_crm") {  // checked when the server starts
    o.crossbeam_crm = value;
    return Status::Ok();
  }
  if (key == "crossbeam_missing_crm_overlap") {
    Result<bool> v = BoolValue(key, value);
    if (!v.ok()) return v.status();
    o.crossbeam_missing_crm_overlap = *v;
    return Status::Ok();
  }
  Result<int64_t> v = IntValue(key, value);
  if (!v.ok()) return v.status();
  if (key == "salesforce_batch_size")
    o.salesforce_batch_size = static_cast<int>(*v);
  else if (key == "salesforce_daily_limit")
    o.salesforce_daily_limit = *v;
  else if (key == "hubspot_daily_limit")
    o.hubspot_daily_limit = *v;
  else if (key == "max_uri_length")
    o.max_uri_length = static_cast<size_t>(*v);
  else if (key == "worker_threads")
    o.worker_threads = static_cast<int>(*v);
  else if (key == "keep_alive_timeout_s")
    o.keep_alive_timeout_s = static_cast<int>(*v);
  else if (key == "keep_alive_max_count")
    o.keep_alive_max_count = static_cast<int>(*v);
  else if (key == "record_cache_mb")
    o.record_cache_mb = *v;
  else if (key == "mailchimp_move_after_page")
    o.mailchimp.move_after_page = *v;
  else if (key == "mailchimp_latency_ms")
    o.mailchimp.latency_ms = *v;
  else if (key == "crossbeam_organizations")
    o.crossbeam_organizations = static_cast<int>(*v);
  else
    return Status::InvalidArgument("unknown server setting '" + key + "'");
  return Status::Ok();
}

Result<Fields> ObjectFields(simdjson::ondemand::object object) {
  Fields fields;
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return Status::InvalidArgument("invalid JSON key");
    Result<std::string> text = JsonScalarText(field.value());
    if (!text.ok())
      return Status::InvalidArgument("'" + std::string(key) + "': " + text.status().message());
    fields.emplace_back(std::string(key), std::move(*text));
  }
  return fields;
}

Status ParseJsonFaults(simdjson::ondemand::array faults, Scenario& out) {
  int index = 0;
  for (auto element : faults) {
    const std::string where = "faults[" + std::to_string(index++) + "]: ";
    simdjson::ondemand::object object;
    if (element.get_object().get(object))
      return Status::InvalidArgument(where + "expected an object");
    Result<Fields> fields = ObjectFields(object);
    if (!fields.ok()) return Status::InvalidArgument(where + fields.status().message());
    std::string kind;
    Fields rest;
    for (auto& [k, v] : *fields) {
      if (k == "kind")
        kind = v;
      else
        rest.emplace_back(k, v);
    }
    if (kind.empty()) return Status::InvalidArgument(where + "missing \"kind\"");
    Result<FaultRule> rule = MakeFaultRule(kind, rest);
    if (!rule.ok()) return Status::InvalidArgument(where + rule.status().message());
    out.faults.push_back(std::move(*rule));
  }
  return Status::Ok();
}

Result<Scenario> ParseJsonScenario(std::string_view text) {
  Scenario out;
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(text);
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc)) return Status::InvalidArgument("scenario is not valid JSON");
  simdjson::ondemand::json_type type;
  if (doc.type().get(type)) return Status::InvalidArgument("scenario is not valid JSON");
  if (type == simdjson::ondemand::json_type::array) {
    simdjson::ondemand::array faults;
    if (doc.get_array().get(faults)) return Status::InvalidArgument("scenario is not valid JSON");
    Status s = ParseJsonFaults(faults, out);
    if (!s.ok()) return s;
    return out;
  }
  simdjson::ondemand::object root;
  if (doc.get_object().get(root))
    return Status::InvalidArgument("scenario must be a JSON object or array");
  for (auto field : root) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return Status::InvalidArgument("invalid JSON key");
    if (key == "faults") {
      simdjson::ondemand::array faults;
      if (field.value().get_array().get(faults))
        return Status::InvalidArgument("\"faults\" must be an array");
      Status s = ParseJsonFaults(faults, out);
      if (!s.ok()) return s;
    } else if (IsSection(key)) {
      simdjson::ondemand::object section;
      if (field.value().get_object().get(section)) {
        return Status::InvalidArgument("\"" + std::string(key) + "\" must be an object");
      }
      Result<Fields> fields = ObjectFields(section);
      if (!fields.ok())
        return Status::InvalidArgument(std::string(key) + ": " + fields.status().message());
      for (auto& [k, v] : *fields) out.settings.push_back({std::string(key), k, v});
    } else {
      return Status::InvalidArgument("unknown scenario key \"" + std::string(key) +
                                     "\" (expected faults, dataset, auth, server)");
    }
  }
  return out;
}

}  // namespace

Result<FaultRule> MakeFaultRule(std::string_view kind_name, const Fields& fields) {
  std::optional<FaultKind> kind = ParseFaultKind(kind_name);
  if (!kind) {
    return Status::InvalidArgument("unknown fault kind '" + std::string(kind_name) +
                                   "' (expected one of: " + KindList() + ")");
  }
  FaultRule r;
  r.kind = *kind;
  // Kind defaults: a quota or a rate window, once hit, stays hit.
  if (r.kind == FaultKind::kQuota || r.kind == FaultKind::kRateWindow) r.times = -1;
  for (const auto& [key, value] : fields) {
    auto integer = [&](int64_t& target) -> Status {
      Result<int64_t> v = IntValue(key, value);
      if (!v.ok()) return v.status();
      target = *v;
      return Status::Ok();
    };
    Status s;
    if (key == "path")
      r.path = value;
    else if (key == "method")
      r.method = value;
    else if (key == "nth")
      s = integer(r.nth);
    else if (key == "after") {
      s = integer(r.nth);
      ++r.nth;
    } else if (key == "times")
      s = integer(r.times);
    else if (key == "every")
      s = integer(r.every);
    else if (key == "status") {
      int64_t status = 0;
      s = integer(status);
      r.status = static_cast<int>(status);
    } else if (key == "body") {
      if (value != "provider" && value != "html" && value != "empty") {
        return Status::InvalidArgument("'body' must be provider, html or empty, got '" + value +
                                       "'");
      }
      r.body = value;
    } else if (key == "retry_after") {
      Result<RetryAfter> ra = RetryAfterValue(value);
      if (!ra.ok()) return ra.status();
      r.retry_after = *ra;
    } else if (key == "policy")
      r.policy = value;
    else if (key == "delay_ms")
      s = integer(r.delay_ms);
    else if (key == "hang_ms")
      s = integer(r.hang_ms);
    else if (key == "interval_ms")
      s = integer(r.interval_ms);
    else if (key == "bytes")
      s = integer(r.bytes);
    else if (key == "limit")
      s = integer(r.limit);
    else if (key == "window_ms")
      s = integer(r.window_ms);
    else
      return Status::InvalidArgument("unknown fault key '" + key + "'");
    if (!s.ok()) return s;
  }
  if (r.nth < 1) return Status::InvalidArgument("'nth' must be >= 1 (or 'after' >= 0)");
  return r;
}

Result<FaultRule> ParseFaultSpec(std::string_view spec) {
  spec = TrimBlanks(spec);
  size_t end = spec.find_first_of(" \t");
  std::string kind(spec.substr(0, end));
  Result<Fields> fields = SplitFields(end == std::string_view::npos ? "" : spec.substr(end));
  if (!fields.ok()) return fields.status();
  return MakeFaultRule(kind, *fields);
}

Result<Scenario> ParseScenario(std::string_view text) {
  std::string_view body = TrimBlanks(text);
  if (!body.empty() && (body.front() == '{' || body.front() == '[')) return ParseJsonScenario(body);
  Scenario out;
  int line_number = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_number;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = TrimBlanks(line);
    if (line.empty()) continue;
    const std::string where = "scenario line " + std::to_string(line_number) + ": ";
    size_t end = line.find_first_of(" \t");
    std::string_view word = line.substr(0, end);
    if (IsSection(word)) {
      Result<Fields> fields = SplitFields(end == std::string_view::npos ? "" : line.substr(end));
      if (!fields.ok()) return Status::InvalidArgument(where + fields.status().message());
      for (auto& [k, v] : *fields) out.settings.push_back({std::string(word), k, v});
      continue;
    }
    Result<FaultRule> rule = ParseFaultSpec(line);
    if (!rule.ok()) return Status::InvalidArgument(where + rule.status().message());
    out.faults.push_back(std::move(*rule));
  }
  return out;
}

Status ApplySettings(const std::vector<Setting>& settings, FakeApiOptions& options) {
  for (const Setting& s : settings) {
    Status status;
    if (s.section == "dataset")
      status = ApplyDatasetSetting(s.key, s.value, options.dataset);
    else if (s.section == "auth")
      status = ApplyAuthSetting(s.key, s.value, options.auth);
    else if (s.section == "server")
      status = ApplyServerSetting(s.key, s.value, options);
    else
      status = Status::InvalidArgument("unknown settings section '" + s.section + "'");
    if (!status.ok()) return Status::InvalidArgument(s.section + ": " + status.message());
  }
  return Status::Ok();
}

}  // namespace tempo::fakes
