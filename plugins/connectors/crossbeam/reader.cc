// Reads the crossbeam streams. See reader.h.
#include "reader.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "paging.h"
#include "state.h"
#include "tempo/prefetch.hpp"
#include "tempo/time.hpp"

namespace tempo::crossbeam {

using sdk::Context;
using sdk::Status;

namespace {

std::string StreamName(std::string_view stream) { return "stream '" + std::string(stream) + "'"; }

// A 4xx that refuses a request's cursor (not the credentials, the organization or the rate).
bool RefusesCursor(int32_t status) {
  return status == 400 || status == 409 || status == 410 || status == 422;
}

// Pages a page-number listing (partners; populations, which come in one page) from
// `first_page`, calling `on_page(page_number, last)` once each page is parsed into `page`.
Status PageNumbered(Context& ctx, const Api& api, ListPage& page, std::string_view path,
                    std::string_view query, int64_t first_page, const std::string& where,
                    const std::function<Status(int64_t, bool)>& on_page) {
  int64_t number = first_page;
  std::string url = api.base_url() + std::string(path);
  if (!query.empty() || number > 1) url += "?" + std::string(query);
  if (number > 1) url += (query.empty() ? "" : "&") + std::string("page=") + std::to_string(number);
  for (;;) {
    if (ctx.Cancelled()) return Status::Cancelled("cancelled by the host");
    const std::string at = where + " page " + std::to_string(number);
    sdk::HttpResponse resp;
    if (Status s = api.Get(ctx, url, at, &resp); !s.ok()) return s;
    if (Status s = page.Parse(resp.body, "Crossbeam " + at); !s.ok()) return s;
    url = NextNumberedPage(api.base_url(), path, query, page, number);
    if (Status s = on_page(number, url.empty()); !s.ok() || url.empty()) return s;
    ++number;
  }
}

}  // namespace

Status Reader::Check(Context& ctx) {
  std::string organization;
  if (Status s = api_.Organization(ctx, &organization); !s.ok()) return s;
  sdk::HttpResponse resp;
  const std::string where = "check (organization " + organization + ")";
  if (Status s = api_.Get(ctx, config_.base_url + "/v1/partners?limit=1", where, &resp); !s.ok()) {
    return s;
  }
  return page_.Parse(resp.body, "Crossbeam " + where);
}

Status Reader::ReadPartners(Context& ctx, std::string_view stream,
                            const sdk::ReadRequest& request) {
  std::string organization;
  if (Status s = api_.Organization(ctx, &organization); !s.ok()) return s;
  PageState state;  // a full refresh; a resumed one goes on at its page
  if (Status s = DecodePageState(request.state, stream, &state); !s.ok()) return s;
  if (state.page > 1) {
    ctx.Info("Crossbeam " + StreamName(stream) + ": resuming the interrupted read at page " +
             std::to_string(state.page));
  }
  sdk::RecordBatch batch(ctx, static_cast<size_t>(config_.page_size) + 8);
  const std::string where = "Crossbeam " + StreamName(stream);
  return PageNumbered(
      ctx, api_, page_, "/v1/partners", "limit=" + std::to_string(config_.page_size),
      std::max<int64_t>(state.page, 1), StreamName(stream), [&](int64_t number, bool last) {
        size_t index = 0;
        for (simdjson::dom::element item : page_.records()) {
          std::string why;
          if (!MapPartner(batch, item, &why)) {
            ctx.Reject(where + " page " + std::to_string(number) + " item " +
                       std::to_string(index) + ": " + why);
          }
          ++index;
        }
        if (Status s = batch.Flush(); !s.ok()) return s;
        return ctx.Checkpoint(stream, EncodePageState({last ? 0 : number + 1}));
      });
}

Status Reader::ListPopulations(Context& ctx, std::string_view stream, bool partner,
                               sdk::RecordBatch* batch, PopulationMap* map) {
  const std::string where = "Crossbeam " + StreamName(stream);
  return PageNumbered(
      ctx, api_, page_, partner ? "/v1/partner-populations" : "/v1/populations", "", 1,
      StreamName(stream) + (partner ? " partner-populations" : " populations"),
      [&](int64_t number, bool) {
        size_t index = 0;
        for (simdjson::dom::element item : page_.records()) {
          int64_t id = 0;
          std::string_view standard;
          if (map != nullptr && item["id"].get_int64().get(id) == simdjson::SUCCESS) {
            if (item["standard_type"].get_string().get(standard) != simdjson::SUCCESS) {
              standard = "";
            }
            map->Add(id, standard);
          }
          std::string why;
          if (batch != nullptr && !MapPopulation(*batch, item, partner, &why)) {
            ctx.Reject(where + " page " + std::to_string(number) + " item " +
                       std::to_string(index) + ": " + why);
          }
          ++index;
        }
        return batch != nullptr ? batch->Flush() : Status::Ok();
      });
}

Status Reader::ReadPopulations(Context& ctx, std::string_view stream, bool partner) {
  std::string organization;
  if (Status s = api_.Organization(ctx, &organization); !s.ok()) return s;
  sdk::RecordBatch batch(ctx, 64);
  if (Status s = ListPopulations(ctx, stream, partner, &batch, nullptr); !s.ok()) return s;
  return ctx.Checkpoint(stream, EncodePageState({}));
}

Status Reader::LoadDirectory(Context& ctx, std::string_view stream) {
  directory_ = Directory();
  if (Status s = ListPopulations(ctx, stream, false, nullptr, &directory_.ours); !s.ok()) return s;
  if (Status s = ListPopulations(ctx, stream, true, nullptr, &directory_.partners); !s.ok()) {
    return s;
  }
  return PageNumbered(ctx, api_, page_, "/v1/partners",
                      "limit=" + std::to_string(config_.page_size), 1,
                      StreamName(stream) + " partners", [&](int64_t, bool) {
                        for (simdjson::dom::element item : page_.records()) {
                          std::string_view uuid, domain;
                          if (item["uuid"].get_string().get(uuid) == simdjson::SUCCESS &&
                              item["domain"].get_string().get(domain) == simdjson::SUCCESS) {
                            directory_.partner_domain[std::string(uuid)] = std::string(domain);
                          }
                        }
                        return Status::Ok();
                      });
}

Status Reader::ReadOverlaps(Context& ctx, std::string_view stream, OverlapKind kind,
                            const sdk::ReadRequest& request) {
  const std::string name = "Crossbeam " + StreamName(stream);
  std::string organization;
  if (Status s = api_.Organization(ctx, &organization); !s.ok()) return s;
  const std::string query = OverlapQuery(config_.page_size);
  OverlapState saved;
  if (Status s = DecodeOverlapState(request.state, stream, &saved); !s.ok()) return s;
  const bool incremental = request.sync_mode == TEMPO_SYNC_INCREMENTAL;
  const Plan plan = PlanOverlapRead(saved, incremental, organization, query);
  if (plan.start == Start::kRestartFull) {
    return Status::RestartFullRefresh(name + ": " + plan.why + "; reading every overlap again");
  }
  OverlapState state;
  if (plan.start == Start::kResume) {
    state = saved;
    ctx.Info(name + (state.final ? ": reading the changes since the last sync (saved cursor)"
                                 : ": resuming the interrupted listing at page " +
                                       std::to_string(state.page + 1)));
    if (state.final) state.page = 0;
  } else {
    state.organization = organization;
    state.query = query;
  }
  if (!directory_loaded_) {  // once per connector instance: both overlap streams of a run
    if (Status s = LoadDirectory(ctx, stream); !s.ok()) return s;
    directory_loaded_ = true;
  }
  const std::string snapshot_at = sdk::FormatIso(sdk::NowMs(), sdk::IsoPrecision::kSeconds);

  // The next page is fetched on the prefetch thread while this one is emitted: the job only
  // makes the HTTP call and copies the body (tempo/prefetch.hpp).
  std::string body;
  int32_t status = 0;
  sdk::Prefetcher ahead;
  auto fetch = [&](std::string url, std::string where) {
    ahead.Start([this, &ctx, &body, &status, url = std::move(url), where = std::move(where)] {
      sdk::HttpResponse resp;
      Status s = api_.Get(ctx, url, where, &resp);
      status = resp.status;
      if (s.ok()) body.assign(resp.body);
      return s;
    });
  };
  auto where_of = [&](const OverlapState& s) {
    return StreamName(stream) + " page " + std::to_string(s.page + 1) +
           (s.cursor.empty() ? ""
            : s.final        ? " (saved final cursor)"
                             : " (cursor)");
  };
  fetch(OverlapPageUrl(config_.base_url, kind, query, state.cursor, state.next_href),
        where_of(state));
  sdk::RecordBatch batch(ctx, static_cast<size_t>(config_.page_size) + 8);
  for (;;) {
    if (ctx.Cancelled()) return Status::Cancelled("cancelled by the host");
    if (Status s = ahead.Wait(); !s.ok()) {
      if (!state.cursor.empty() && RefusesCursor(status)) {
        if (!request.state.empty()) {
          return Status::RestartFullRefresh(name + ": Crossbeam refused the cursor (" +
                                            s.message() + "); reading every overlap again");
        }
        return Status::Data(s.message() +
                            " (the cursor of this listing was refused; the next "
                            "run resumes from the last page kept)");
      }
      return s;
    }
    const std::string where = where_of(state);
    if (Status s = page_.Parse(body, "Crossbeam " + where); !s.ok()) return s;
    OverlapState next = state;
    if (Status s = AdvanceOverlap(config_.base_url, page_, "Crossbeam " + where, &next); !s.ok()) {
      return s;
    }
    if (!next.final) {
      fetch(OverlapPageUrl(config_.base_url, kind, query, next.cursor, next.next_href),
            where_of(next));
    }
    size_t index = 0;
    for (simdjson::dom::element item : page_.records()) {
      std::string why;
      if (!MapOverlap(batch, item, kind, directory_, snapshot_at, &why)) {
        ctx.Reject("Crossbeam " + where + " item " + std::to_string(index) + ": " + why);
      }
      ++index;
    }
    if (Status s = batch.Flush(); !s.ok()) return s;
    if (Status s = ctx.Checkpoint(stream, EncodeOverlapState(next)); !s.ok()) return s;
    state = std::move(next);
    if (state.final) return Status::Ok();
  }
}

}  // namespace tempo::crossbeam
