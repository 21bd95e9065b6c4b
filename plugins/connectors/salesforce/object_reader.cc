// The read of one object's stream. See object_reader.h.
#include "object_reader.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "currency_reader.h"
#include "cursor_tracker.h"
#include "page.h"
#include "salesforce_http.h"
#include "soql.h"
#include "state.h"
#include "tempo/cursor.hpp"
#include "tempo/prefetch.hpp"
#include "tempo/text.hpp"
#include "tempo/time.hpp"

namespace tempo::salesforce {
namespace {

using sdk::Status;

// One page of every field chunk, as the fetch job leaves it.
struct PageFetch {
  std::vector<Page> parts;  // one per chunk
  QueryRefusal refusal = QueryRefusal::kNone;
  std::string api_usage;  // of the last response that carried one
};

// GETs one page of every chunk, in chunk order, stopping at the first refusal. Runs on the
// Prefetcher's thread: it calls the host's HTTP service and nothing else of the host (plugin.h,
// "Threads"), and copies what it keeps out of each response.
Status FetchPage(sdk::Context& ctx, const std::vector<std::string>& urls, bool keyset_query,
                 int64_t batch_size, const std::string& where, simdjson::ondemand::parser& parser,
                 PageFetch* out) {
  *out = PageFetch();
  out->parts.resize(urls.size());
  for (size_t i = 0; i < urls.size(); ++i) {
    sdk::HttpResponse resp;
    Status s = Get(ctx, urls[i], &resp,
                   {{"Sforce-Query-Options", "batchSize=" + std::to_string(batch_size)},
                    {"Accept", "application/json"}});
    if (!s.ok()) return s;
    if (std::string usage = ApiUsage(resp.Header("Sforce-Limit-Info")); !usage.empty()) {
      out->api_usage = std::move(usage);
    }
    if (resp.status != 200) {
      out->refusal = ClassifyQueryRefusal(resp.status, resp.body, keyset_query);
      if (out->refusal != QueryRefusal::kNone) return Status::Ok();
      return Refused(resp.status, resp.body, where);
    }
    if (s = ParsePage(parser, resp.body, "Salesforce " + where, &out->parts[i]); !s.ok()) return s;
  }
  return Status::Ok();
}

// The parents of the relationships the default field lists read: a relationship field is
// queried only when its parent shows the field (a hidden one would fail the whole query).
std::string_view ParentOf(std::string_view relationship) {
  const std::string r = sdk::ToLower(relationship);
  if (r == "accountto" || r == "accountfrom") return "Account";
  if (r == "opportunity") return "Opportunity";
  return {};
}

// Drops from *fields the relationship fields whose parent does not show them; an error for one
// the config names.
Status CheckRelationships(sdk::Context& ctx, const std::string& instance, const Config& config,
                          const ObjectSpec& spec, Session& session, const std::string& where,
                          std::vector<std::string>* fields) {
  std::vector<std::string> kept, hidden;
  for (const std::string& field : *fields) {
    const size_t dot = field.find('.');
    const std::string_view parent =
        dot == std::string::npos ? std::string_view() : ParentOf(field.substr(0, dot));
    bool sees = true;
    if (!parent.empty()) {
      if (Status s = session.schema.Sees(ctx, instance, config.api_version, parent,
                                         field.substr(dot + 1), where, &sees);
          !s.ok()) {
        return s;
      }
    }
    if (sees) {
      kept.push_back(field);
      continue;
    }
    for (const std::string& r : spec.required) {
      if (sdk::ToLower(r) == sdk::ToLower(field)) {
        return Status::InvalidArgument("Salesforce " + where + ": the configured field " + field +
                                       " is not visible to this Salesforce user; grant access "
                                       "to it, or remove it from the config");
      }
    }
    hidden.push_back(field);
  }
  if (!hidden.empty()) {
    std::string names;
    for (const std::string& h : hidden) names += (names.empty() ? "" : ", ") + h;
    ctx.Warn("Salesforce " + where + ": the relationship field(s) " + names +
             " are not visible to this Salesforce user; reading the others");
  }
  *fields = std::move(kept);
  return Status::Ok();
}

// The currency of the org's deals: a multi-currency org shows Opportunity.CurrencyIsoCode
// (added to the query) and its rates (read into *rates); a single-currency org's amounts are
// in config.org_currency.
Status PrepareMoney(sdk::Context& ctx, const std::string& instance, const Config& config,
                    Session& session, const std::string& where, std::vector<std::string>* fields,
                    MappingConfig* mapping, CurrencyRates* rates) {
  bool multi = false;
  for (const std::string& f : *fields) multi = multi || sdk::ToLower(f) == "currencyisocode";
  if (!multi && session.schema.describe_available()) {
    if (Status s = session.schema.Sees(ctx, instance, config.api_version, "Opportunity",
                                       "CurrencyIsoCode", where, &multi);
        !s.ok()) {
      return s;
    }
    if (multi) fields->push_back("CurrencyIsoCode");
  }
  if (!multi) {
    mapping->org_currency = config.org_currency;
    return Status::Ok();
  }
  if (!session.schema.describe_available() || !session.schema.Queryable("CurrencyType")) {
    ctx.Warn("Salesforce " + where +
             ": this user cannot read the org's exchange rates (CurrencyType); deal amounts are "
             "converted to USD by store.fx_rates instead");
    return Status::Ok();
  }
  if (Status s = ReadCurrencyRates(ctx, instance, config,
                                   session.schema.Queryable("DatedConversionRate"), where, rates);
      !s.ok()) {
    return s;
  }
  if (!rates->empty()) mapping->rates = rates;
  return Status::Ok();
}

}  // namespace

Status ReadObject(sdk::Context& ctx, const Settings& settings, const ObjectSpec& spec,
                  const sdk::ReadRequest& request, Session& session) {
  const Config& config = settings.config;
  const bool incremental = request.sync_mode == TEMPO_SYNC_INCREMENTAL;
  const std::string where = "stream '" + spec.stream + "'";
  const std::string what = "Salesforce " + where;
  StreamState state;
  if (Status s = DecodeState(request.state, spec.stream, &state); !s.ok()) return s;
  // The start of the run that began this read, less the lag: a resumed read keeps its run's.
  const int64_t started_ms = state.started_ms >= 0 ? state.started_ms : sdk::ReadStart();

  std::string instance;
  if (Status s = ctx.AuthField("instance_url", &instance); !s.ok()) return s;
  while (!instance.empty() && instance.back() == '/') instance.pop_back();
  Resolution resolution;
  if (Status s = session.schema.Resolve(ctx, instance, config.api_version, spec, &resolution);
      !s.ok()) {
    return s;
  }
  // Not visible here: skipped, so the host keeps the stream's rows and state as they are (a
  // full refresh must not soft-delete them because this user cannot see the object).
  if (resolution.skip) {
    return Status::Skipped("the object " + spec.object + " is not visible to this Salesforce user");
  }
  std::vector<std::string> fields = std::move(resolution.fields);
  MappingConfig mapping = settings.mapping;
  CurrencyRates rates;  // after `mapping`, which points at it
  if (spec.map == &MapOpportunity) {
    if (Status s = PrepareMoney(ctx, instance, config, session, where, &fields, &mapping, &rates);
        !s.ok()) {
      return s;
    }
  }
  if (Status s = CheckRelationships(ctx, instance, config, spec, session, where, &fields);
      !s.ok()) {
    return s;
  }
  // Split with the longest cursor a query can carry, so the chunks never change mid-read.
  const sdk::Keyset widest{946684800001, "000000000000000AAA"};  // 2000-01-01T00:00:00.001Z
  const std::vector<std::vector<std::string>> chunks =
      SplitFields(instance, config.api_version, incremental, spec.object, fields, widest,
                  static_cast<size_t>(config.max_url_bytes));
  if (chunks.empty()) {
    return Status::InvalidArgument(what +
                                   ": a query does not fit max_url_bytes even with one field");
  }

  CursorTracker tracker(state.cursor, started_ms);
  int64_t pages = 0, records = 0, deletes = 0, restarts = 0;
  simdjson::ondemand::parser parser;  // the fetch job's
  PageFetch fetched;                  // the fetch job's output
  sdk::Prefetcher ahead;              // after what its job uses: joined before they go
  auto fetch = [&](std::vector<std::string> urls, bool keyset_query, int64_t page_number) {
    ahead.Start([&ctx, &parser, &fetched, &config, urls = std::move(urls), keyset_query,
                 page_where = where + " page " + std::to_string(page_number)] {
      return FetchPage(ctx, urls, keyset_query, config.batch_size, page_where, parser, &fetched);
    });
  };
  // Queries from the last checkpoint: the first page, or again after a refusal.
  auto query = [&] {
    tracker.Requery();
    sdk::Keyset from = tracker.resume();
    if (!session.keyset) from.id.clear();  // SystemModstamp >= c: the upsert absorbs the overlap
    std::vector<std::string> urls;
    for (const std::vector<std::string>& chunk : chunks) {
      urls.push_back(
          QueryUrl(instance, config.api_version, incremental, BuildSoql(spec.object, chunk, from)));
    }
    fetch(std::move(urls), !from.id.empty(), pages + 1);
  };

  sdk::RecordBatch batch(ctx, 2000);
  query();
  for (;;) {
    if (ctx.Cancelled()) return Status::Cancelled(what + " cancelled");
    if (Status s = ahead.Wait(); !s.ok()) return s;
    PageFetch current = std::move(fetched);
    if (!current.api_usage.empty()) session.api_usage = current.api_usage;
    if (current.refusal == QueryRefusal::kKeysetRefused) {
      // An endpoint without OR / parentheses in SOQL: fall back to the inclusive bound.
      session.keyset = false;
      ctx.Warn(what +
               ": the keyset query was refused as MALFORMED_QUERY; using SystemModstamp >= "
               "cursor instead (the last timestamp's records are read again)");
      query();
      continue;
    }
    if (current.refusal == QueryRefusal::kLocatorExpired) {
      if (++restarts > 5) {
        return Status::Unavailable(what + ": query locators keep expiring (INVALID_QUERY_LOCATOR)");
      }
      ctx.Info(what +
               ": the query locator expired (INVALID_QUERY_LOCATOR); querying again from the "
               "last cursor");
      query();
      continue;
    }
    if (Status s = MergeChunks(current.parts, what); !s.ok()) return s;
    const Page& page = current.parts[0];
    if (!page.done) {  // the next page travels while this one is mapped and committed
      std::vector<std::string> urls;
      for (const Page& part : current.parts) urls.push_back(instance + part.next_url);
      fetch(std::move(urls), false, pages + 2);
    }
    for (const Record& r : page.records) {
      std::string_view id = r.Text("Id");
      if (id.empty()) {
        ctx.Reject("Salesforce " + spec.object + ": a record without Id");
        continue;
      }
      std::optional<int64_t> ms = ParseDateTimeMs(r.Text("SystemModstamp"));
      if (!ms) {  // a counted reject with its sample: the stream goes on (issue: schema drift)
        ctx.RejectRecord(what + ": record " + std::string(id) +
                             " has no valid SystemModstamp (the cursor field); not written",
                         id, RawJson(r));
        continue;
      }
      tracker.Observe(*ms, id);
      const std::string updated_at = sdk::FormatIso(*ms, sdk::IsoPrecision::kTrimMillis);
      const std::string raw = RawJson(r);
      const SourceRecord source{r, id, updated_at, raw, r.True("IsDeleted")};
      if (spec.map(mapping, source, batch)) {
        ++records;
        if (source.deleted) ++deletes;
      }
    }
    if (Status s = batch.Flush(); !s.ok()) return s;
    ++pages;
    if (page.done && !tracker.ordered()) {
      ctx.Warn(what +
               ": records arrived out of SystemModstamp order (changed while the query was "
               "paged); the next incremental read reads them again");
    }
    const StreamState next{tracker.Checkpoint(page.done), page.done ? -1 : started_ms};
    if (!next.cursor.empty()) {
      if (Status s = ctx.Checkpoint(spec.stream, EncodeState(next)); !s.ok()) return s;
    }
    if (page.done) break;
  }
  ctx.Info(what + ": " + std::to_string(records) + " records (" + std::to_string(deletes) +
           " deleted) in " + std::to_string(pages) + " pages, " + std::to_string(chunks.size()) +
           " field chunk(s), api-usage=" +
           (session.api_usage.empty() ? std::string("unknown") : session.api_usage));
  return Status::Ok();
}

}  // namespace tempo::salesforce
