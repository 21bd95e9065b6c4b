// Reads one hubspot stream (reader.h).
#include "reader.h"

#include <thread>
#include <utility>
#include <vector>

#include "associations.h"
#include "search_cursor.h"
#include "tempo/cursor.hpp"
#include "tempo/prefetch.hpp"
#include "tempo/time.hpp"

namespace tempo::hubspot {

using sdk::Context;
using sdk::Status;
namespace dom = simdjson::dom;

namespace {

int32_t Classify(void*, const tempo_http_response* r) {
  std::string_view body(r->body ? r->body : "", r->body ? r->body_len : 0);
  if (r->status == 429) {
    if (body.find("\"DAILY\"") != std::string_view::npos) return TEMPO_HTTP_QUOTA;
    return TEMPO_HTTP_RATE_LIMITED;
  }
  if (r->status == 530) return TEMPO_HTTP_FAIL;
  return TEMPO_HTTP_DEFAULT;
}

std::string StreamName(const ObjectType& type) {
  return "stream '" + std::string(type.stream) + "'";
}

}  // namespace

const sdk::HttpProvider kHubSpotHttp{"HubSpot",
                                     &Classify,
                                     nullptr,
                                     "check the token (or re-authorize the app) and its scopes",
                                     {530}};

Status StreamReader::Check(Context& ctx) {
  sdk::HttpResponse resp;
  const std::string url = config_.base_url + "/crm/v3/objects/contacts?limit=1&archived=false";
  if (Status s = http_.Get(ctx, url, "stream 'contacts' check", &resp); !s.ok()) return s;
  return page_.Parse(resp.body, "HubSpot stream 'contacts' check");
}

Status StreamReader::Read(Context& ctx, const ObjectType& type, const sdk::ReadRequest& request) {
  StreamState state;
  if (Status s = DecodeState(request.state, type.stream, &state); !s.ok()) return s;
  const bool incremental = request.sync_mode == TEMPO_SYNC_INCREMENTAL;
  if (state.run && state.run->incremental != incremental) state.run.reset();
  if (!state.run) {
    if (incremental && state.cursor_ms >= 0) {
      state.run = StartSearch(state.cursor_ms, state.cursor_id, config_.search_lookback_s * 1000);
    } else {
      RunState run;
      run.incremental = incremental;
      run.phase = "list";
      run.started_ms = sdk::ReadStart();
      state.run = std::move(run);
    }
  } else {
    ctx.Info("HubSpot " + StreamName(type) + ": resuming the interrupted " + state.run->phase +
             " read at page " + std::to_string(state.run->page + 1));
  }
  RunState& run = *state.run;
  if (type.map == &MapDeal) {
    if (Status s = LoadCurrencies(ctx); !s.ok()) return s;
  }
  if (run.phase == "search") {
    if (Status s = ReadSearch(ctx, type, state); !s.ok()) return s;
    if (config_.read_archived) {
      run.phase = "archived";
      run.after.clear();
      run.page = 0;
      if (Status s = ctx.Checkpoint(type.stream, EncodeState(state)); !s.ok()) return s;
    }
  }
  if (run.phase == "list" || run.phase == "archived") {
    if (Status s = ReadList(ctx, type, state, run.phase == "archived"); !s.ok()) return s;
  }
  StreamState done;
  if (run.phase == "list") {
    // A list read goes in id order: hand on the instant it started (tempo/cursor.hpp).
    const sdk::Keyset previous{state.cursor_ms, state.cursor_id};
    const sdk::Keyset cursor = sdk::HandOverFromList(run.started_ms, previous);
    done.cursor_ms = cursor.ms;
    done.cursor_id = cursor.id;
    if (run.started_ms < 0) {
      ctx.Warn("HubSpot " + StreamName(type) +
               ": the resumed list read began before this connector version recorded its "
               "start; the next incremental read starts at " +
               (cursor.empty() ? std::string("a full list read")
                               : "the previous cursor (" + sdk::FormatIso(cursor.ms) + ")"));
    }
  } else {
    done.cursor_ms = run.max.ms;
    done.cursor_id = run.max.id;
  }
  return ctx.Checkpoint(type.stream, EncodeState(done));
}

Status StreamReader::Commit(Context& ctx, sdk::RecordBatch& batch, const ObjectType& type,
                            const StreamState& state) {
  if (Status s = batch.Flush(); !s.ok()) return s;
  return ctx.Checkpoint(type.stream, EncodeState(state));
}

// Pages GET /crm/v3/objects/{type} from run.after to the end. The next page is fetched on a
// thread of its own (sdk::Prefetcher) while the current one is emitted and checkpointed: its
// cursor is known once the current page is parsed.
Status StreamReader::ReadList(Context& ctx, const ObjectType& type, StreamState& state,
                              bool archived) {
  RunState& run = *state.run;
  sdk::RecordBatch batch(ctx, static_cast<size_t>(config_.page_size) * 2 + 8);
  auto url_for = [&](const std::string& after) {
    std::string url = config_.base_url + "/crm/v3/objects/" + type.stream +
                      "?limit=" + std::to_string(config_.page_size) +
                      "&archived=" + (archived ? "true" : "false") +
                      "&properties=" + type.properties_query;
    if (!archived && type.map == &MapDeal) url += "&associations=companies";
    if (!after.empty()) url += "&after=" + after;  // opaque: passed through unchanged
    return url;
  };
  auto where_for = [&](int64_t page, const std::string& after) {
    return StreamName(type) + " " + (archived ? "archived " : "") + "page " + std::to_string(page) +
           (after.empty() ? "" : " (after " + after + ")");
  };
  std::string body;  // the fetched page; then the buffer the next one is fetched into
  sdk::Prefetcher ahead;
  // Runs on the Prefetcher's thread: it only makes the HTTP call (plugin.h, "Threads") and
  // touches nothing else of this object but the landing buffer.
  auto fetch = [&](std::string url, std::string where) {
    ahead.Start([this, &ctx, &body, url = std::move(url), where = std::move(where)] {
      sdk::HttpResponse resp;
      if (Status s = http_.Get(ctx, url, where, &resp); !s.ok()) return s;
      CopyPadded(resp.body, &body);
      return Status::Ok();
    });
  };
  fetch(url_for(run.after), where_for(run.page + 1, run.after));
  for (;;) {
    if (ctx.Cancelled()) return Status::Cancelled("cancelled by the host");
    if (Status s = ahead.Wait(); !s.ok()) return s;
    const std::string where = where_for(run.page + 1, run.after);
    if (Status s = page_.Take(body, "HubSpot " + where); !s.ok()) return s;
    std::string next = page_.NextAfter();
    if (!next.empty()) fetch(url_for(next), where_for(run.page + 2, next));
    size_t index = 0;
    for (dom::element obj : page_.results()) {
      int64_t ms;
      std::string_view id;
      if (Status s = mapper_.Emit(ctx, batch, type, page_, obj, archived, where, index++, &ms, &id);
          !s.ok()) {
        return s;
      }
      if (!archived) ObserveRecord(&run, ms, id);
    }
    run.page++;
    run.after = std::move(next);
    if (run.after.empty()) return batch.Flush();  // the caller checkpoints the next phase
    if (Status s = Commit(ctx, batch, type, state); !s.ok()) return s;
  }
}

// Pages the search endpoint from the run's anchor to the newest record (search_cursor.h).
Status StreamReader::ReadSearch(Context& ctx, const ObjectType& type, StreamState& state) {
  RunState& run = *state.run;
  sdk::RecordBatch batch(ctx, static_cast<size_t>(config_.search_page_size) * 2 + 8);
  const std::string url = config_.base_url + "/crm/v3/objects/" + type.stream + "/search";
  for (;;) {
    if (ctx.Cancelled()) return Status::Cancelled("cancelled by the host");
    const std::string where = StreamName(type) + " " + DescribeSearch(type.mod_prop, run);
    PaceSearch();
    sdk::HttpResponse resp;
    const std::string body =
        SearchBody(type.mod_prop, type.properties, run, config_.search_page_size);
    if (Status s = http_.PostJson(ctx, url, body, where, &resp); !s.ok()) return s;
    if (Status s = page_.Parse(resp.body, "HubSpot " + where); !s.ok()) return s;
    DealCompaniesMap companies;
    if (type.map == &MapDeal) {
      if (Status s = FetchDealCompanies(ctx, where, &companies); !s.ok()) return s;
    }
    SearchPage seen;
    for (dom::element obj : page_.results()) {
      int64_t ms;
      std::string_view id;
      if (Status s = mapper_.Emit(ctx, batch, type, page_, obj, false, where, seen.results++, &ms,
                                  &id, &companies);
          !s.ok()) {
        return s;
      }
      ObserveRecord(&run, ms, id);
      if (ms >= 0) seen.last_ms = ms;
      if (!id.empty()) seen.last_id.assign(id);
    }
    seen.next_after = page_.NextAfter();
    if (AdvanceSearch(&run, seen, config_.search_page_size, config_.search_cap)) {
      return batch.Flush();  // done
    }
    if (Status s = Commit(ctx, batch, type, state); !s.ok()) return s;
  }
}

// Search returns no associations: the deals' companies come from the v4 batch read
// (associations.h). When the endpoint is refused (404, 400, ...), deals keep the account their
// last list read gave them.
Status StreamReader::FetchDealCompanies(Context& ctx, const std::string& where,
                                        DealCompaniesMap* companies) {
  if (!associations_available_) return Status::Ok();
  std::vector<std::string> ids;
  std::map<std::string, std::string> partner_of;
  for (dom::element obj : page_.results()) {
    std::string_view id;
    if (obj["id"].get_string().get(id) != simdjson::SUCCESS || id.empty()) continue;
    ids.emplace_back(id);
    dom::element props;
    if (!config_.partner_id_property.empty() && obj["properties"].get(props) == simdjson::SUCCESS &&
        props.is_object()) {
      partner_of[std::string(id)] =
          std::string(Prop(props, config_.partner_id_property).value_or(""));
    }
  }
  if (ids.empty()) return Status::Ok();
  sdk::HttpResponse resp;
  const std::string url = config_.base_url + "/crm/v4/associations/deals/companies/batch/read";
  Status s = http_.PostJson(ctx, url, BatchReadBody(ids), where + " associations", &resp);
  if (s.code() == TEMPO_ERR_PERMISSION) {
    return Status::Permission(s.message() + " (grant the crm.objects.companies.read scope)");
  }
  if (!s.ok() && resp.status == 0) return s;  // no answer: the host has said why
  if (!s.ok()) {
    associations_available_ = false;
    ctx.Warn("HubSpot stream 'deals': the v4 associations batch read answered HTTP " +
             std::to_string(resp.status) +
             "; deals read by search keep their previous account_source_id");
    return Status::Ok();
  }
  if (Status p = ParseBatchAssociations(resp.body, partner_of, companies); !p.ok()) {
    return Status::Data("HubSpot " + where + ": " + p.message());
  }
  return Status::Ok();
}

Status StreamReader::LoadCurrencies(Context& ctx) {
  currencies_ = AccountCurrencies();
  mapper_.SetMoney(nullptr, 0);
  const std::string where = "stream 'deals' currencies";
  const std::string base = config_.base_url + "/settings/v3/currencies";
  // A refusal the token's scopes explain: warn, and leave the conversion to the host.
  auto refused = [&](const Status& s, const sdk::HttpResponse& resp) {
    if (resp.status == 401 || resp.status == 403 || resp.status == 404) {
      ctx.Warn("HubSpot " + where + ": " + s.message() +
               "; deals keep the currency they name (deal_currency_code) and are converted to "
               "USD by store.fx_rates (grant the settings.currencies.read scope, or set "
               "company_currency)");
      return true;
    }
    return false;
  };
  sdk::HttpResponse resp;
  if (!config_.company_currency.empty()) {
    currencies_.SetCompanyCode(config_.company_currency);
  } else if (Status s = http_.Get(ctx, base + "/company-currency", where, &resp); !s.ok()) {
    return refused(s, resp) ? Status::Ok() : s;
  } else if (Status p = currencies_.SetCompanyCurrency(resp.body); !p.ok()) {
    return Status::Data("HubSpot " + where + ": " + p.message());
  }
  const int64_t now_ms = sdk::NowMs();  // an open deal is valued now
  std::string after;
  do {
    std::string url = base + "/exchange-rates?limit=100";
    if (!after.empty()) url += "&after=" + after;  // opaque: passed through unchanged
    if (Status s = http_.Get(ctx, url, where, &resp); !s.ok()) {
      if (!refused(s, resp)) return s;
      break;  // the company currency alone: amounts in it still get their currency
    }
    if (Status p = currencies_.AddExchangeRates(resp.body, &after); !p.ok()) {
      return Status::Data("HubSpot " + where + ": " + p.message());
    }
  } while (!after.empty());
  mapper_.SetMoney(&currencies_, now_ms);
  return Status::Ok();
}

void StreamReader::PaceSearch() {
  auto now = std::chrono::steady_clock::now();
  if (next_search_ > now) {
    std::this_thread::sleep_until(next_search_);
    now = std::chrono::steady_clock::now();
  }
  next_search_ = now + std::chrono::microseconds(static_cast<int64_t>(1e6 / config_.search_rps));
}

}  // namespace tempo::hubspot
