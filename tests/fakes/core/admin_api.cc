// The /_admin control API.
#include "fakes/core/admin_api.h"

#include <mutex>
#include <shared_mutex>

#include "common/json_writer.h"
#include "fakes/core/encoding.h"
#include "fakes/core/scenario.h"

namespace tempo::fakes {

void SendAdminError(httplib::Response& res, std::string_view message) {
  JsonWriter w;
  w.BeginObject().Key("error").String(message).EndObject();
  SendJson(res, 400, w.Take());
}

namespace {

void Requests(ServerState& state, httplib::Response& res) {
  JsonWriter w;
  w.BeginObject().Key("total").Int(state.log.Count()).Key("by_path").BeginObject();
  for (const auto& [path, n] : state.log.PathCounts()) w.Key(path).Int(n);
  w.EndObject().Key("by_credential").BeginObject();
  for (const auto& [credential, n] : state.log.CredentialCounts()) w.Key(credential).Int(n);
  w.EndObject().Key("recent").BeginArray();
  std::vector<RequestRecord> recent = state.log.Recent();
  const size_t from = recent.size() > 200 ? recent.size() - 200 : 0;
  for (size_t i = from; i < recent.size(); ++i) {
    const RequestRecord& r = recent[i];
    w.BeginObject()
        .Key("seq")
        .Int(r.seq)
        .Key("method")
        .String(r.method)
        .Key("path")
        .String(r.path)
        .Key("credential")
        .String(r.credential)
        .Key("status")
        .Int(r.status)
        .Key("fault")
        .String(r.fault)
        .EndObject();
  }
  w.EndArray().EndObject();
  SendJson(res, 200, w.Take());
}

void Faults(ServerState& state, httplib::Response& res) {
  JsonWriter w;
  w.BeginObject().Key("faults").BeginArray();
  for (const FaultRuleStatus& s : state.faults.Snapshot()) {
    w.BeginObject()
        .Key("id")
        .Int(s.id)
        .Key("rule")
        .String(DescribeRule(s.rule))
        .Key("matched")
        .Int(s.matched)
        .Key("fired")
        .Int(s.fired)
        .EndObject();
  }
  w.EndArray().EndObject();
  SendJson(res, 200, w.Take());
}

void AddFaults(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  Result<Scenario> scenario = ParseScenario(req.body);
  if (!scenario.ok()) return SendAdminError(res, scenario.status().message());
  if (!scenario->settings.empty()) {
    return SendAdminError(res,
                          "settings (dataset, auth, server) apply at startup only; send faults");
  }
  JsonWriter w;
  w.BeginObject().Key("ids").BeginArray();
  for (FaultRule& rule : scenario->faults) w.Int(state.faults.Add(std::move(rule)));
  w.EndArray().EndObject();
  SendJson(res, 200, w.Take());
}

void DatasetSummary(ServerState& state, httplib::Response& res) {
  std::shared_lock lock(state.dataset_mutex);
  const Dataset& d = state.dataset;
  JsonWriter w;
  w.BeginObject()
      .Key("seed")
      .Int(static_cast<int64_t>(d.options().seed))
      .Key("as_of")
      .String(FormatIsoMillis(d.options().as_of_ms))
      .Key("currencies")
      .Bool(d.options().currencies)
      .Key("split_crms")
      .Bool(d.options().split_crms)
      .Key("counts")
      .BeginObject();
  for (int e = 0; e < kEntityCount; ++e)
    w.Key(EntityName(static_cast<Entity>(e))).Int(d.Count(static_cast<Entity>(e)));
  w.EndObject().Key("partners").BeginArray();
  for (int p = 0; p < d.PartnerCount(); ++p) {
    const PartnerInfo& info = d.Partner(p);
    w.BeginObject()
        .Key("index")
        .Int(p)
        .Key("name")
        .String(info.name)
        .Key("domain")
        .String(info.domain)
        .Key("type")
        .String(info.partner_type)
        .Key("tier")
        .String(info.tier)
        .Key("strength")
        .String(PartnerStrengthName(info.strength))
        .Key("role")
        .String(PartnerRoleName(info.role))
        .Key("partnered_at")
        .String(FormatIsoMillis(info.partnered_ms))
        .EndObject();
  }
  w.EndArray().EndObject();
  SendJson(res, 200, w.Take());
}

void MutateDataset(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  const std::string op = req.matches[1].str();
  std::optional<Entity> entity = ParseEntity(req.get_param_value("entity"));
  if (!entity)
    return SendAdminError(res,
                          "entity must be one of accounts, contacts, deals, deal_partners, leads, "
                          "campaigns, campaign_members");
  const std::optional<int64_t> first =
      req.has_param("first") ? ParseInt(req.get_param_value("first")) : std::optional<int64_t>(0);
  const std::optional<int64_t> count = ParseInt(req.get_param_value("count"));
  if (!first || !count || *count < 0)
    return SendAdminError(res, "first and count must be non-negative integers");
  int64_t at = state.clock.NowMs();
  if (req.has_param("at")) {
    const std::string text = req.get_param_value("at");
    std::optional<int64_t> ms = ParseInt(text);
    if (!ms) ms = ParseIsoDateTime(text);
    if (!ms) return SendAdminError(res, "at must be epoch milliseconds or ISO-8601");
    at = *ms;
  }
  std::unique_lock lock(state.dataset_mutex);
  int64_t start = *first;
  if (op == "touch") {
    state.dataset.TouchRange(*entity, *first, *count, at);
  } else if (op == "archive") {
    state.dataset.ArchiveRange(*entity, *first, *count, at);
  } else {
    start = state.dataset.Append(*entity, *count, at);
    if (start < 0) return SendAdminError(res, "append is not supported for derived entities");
  }
  JsonWriter w;
  w.BeginObject()
      .Key("entity")
      .String(EntityName(*entity))
      .Key("first")
      .Int(start)
      .Key("count")
      .Int(*count)
      .Key("at")
      .String(FormatIsoMillis(at))
      .EndObject();
  SendJson(res, 200, w.Take());
}

}  // namespace

void RegisterAdminRoutes(Router& router, ServerState& state) {
  ServerState* s = &state;
  router.AdminGet("/requests", [s](const auto&, auto& res) { Requests(*s, res); });
  router.AdminDelete("/requests", [s](const auto&, auto& res) {
    s->log.Clear();
    SendJson(res, 200, "{}");
  });
  router.AdminGet("/faults", [s](const auto&, auto& res) { Faults(*s, res); });
  router.AdminPost("/faults", [s](const auto& req, auto& res) { AddFaults(*s, req, res); });
  router.AdminDelete("/faults", [s](const auto&, auto& res) {
    s->faults.Clear();
    SendJson(res, 200, "{}");
  });
  router.AdminDelete("/faults/([0-9]+)", [s](const httplib::Request& req, httplib::Response& res) {
    const bool removed =
        s->faults.Remove(static_cast<int>(ParseInt(req.matches[1].str()).value_or(0)));
    SendJson(res, removed ? 200 : 404, "{}");
  });
  router.AdminGet("/dataset", [s](const auto&, auto& res) { DatasetSummary(*s, res); });
  router.AdminPost("/dataset/(touch|archive|append)",
                   [s](const auto& req, auto& res) { MutateDataset(*s, req, res); });
  router.AdminPost("/clock/advance", [s](const httplib::Request& req, httplib::Response& res) {
    std::optional<int64_t> seconds = ParseInt(req.get_param_value("seconds"));
    if (!seconds) return SendAdminError(res, "seconds must be an integer");
    s->clock.Advance(std::chrono::seconds(*seconds));
    SendJson(res, 200, "{\"now\":\"" + FormatIsoMillis(s->clock.NowMs()) + "\"}");
  });
  router.AdminPost("/tokens/expire", [s](const auto&, auto& res) {
    s->tokens.ExpireAll();
    SendJson(res, 200, "{}");
  });
  router.AdminPost("/tokens/revoke", [s](const httplib::Request& req, httplib::Response& res) {
    const std::string provider = req.get_param_value("provider");
    if (provider != "hubspot" && provider != "salesforce" && provider != "crossbeam")
      return SendAdminError(res, "provider must be hubspot, salesforce or crossbeam");
    s->tokens.RevokeRefreshTokens(provider == "crossbeam" ? ProviderId::kCrossbeam
                                  : provider == "hubspot" ? ProviderId::kHubSpot
                                                          : ProviderId::kSalesforce);
    SendJson(res, 200, "{}");
  });
}

}  // namespace tempo::fakes
