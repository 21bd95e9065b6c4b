// Reads the mailchimp streams (reader.h).
#include "reader.h"

#include <algorithm>
#include <utility>

#include "mailchimp_http.h"
#include "mapping.h"
#include "tempo/cursor.hpp"
#include "tempo/prefetch.hpp"
#include "tempo/time.hpp"

namespace tempo::mailchimp {

using sdk::Context;
using sdk::Status;
namespace dom = simdjson::dom;

namespace {

Status Cancelled() { return Status::Cancelled("cancelled by the host"); }

std::string Stream(std::string_view name) { return "stream '" + std::string(name) + "'"; }

}  // namespace

Reader::Reader(const Config& config) : config_(config), http_(kMailchimpHttp) {}

Status Reader::Resolve(Context& ctx) {
  if (resolved_) return Status::Ok();
  base_url_ = config_.base_url;
  if (config_.oauth()) {
    Metadata metadata;
    if (Status s = FetchMetadata(ctx, config_, &metadata); !s.ok()) return s;
    if (base_url_.empty()) base_url_ = metadata.api_endpoint + "/3.0";
  }
  resolved_ = true;
  return Status::Ok();
}

Status Reader::Check(Context& ctx) {
  if (Status s = Resolve(ctx); !s.ok()) return s;
  sdk::HttpResponse resp;
  if (Status s = http_.Get(ctx, base_url_ + "/ping", "check", &resp); !s.ok()) return s;
  dom::parser parser;
  dom::element doc;
  if (parser.parse(resp.body.data(), resp.body.size()).get(doc) != simdjson::SUCCESS ||
      !doc.is_object()) {
    return Status::Data("Mailchimp check: " + base_url_ + "/ping did not answer JSON (" +
                        sdk::BodyExcerpt(resp.body, 80) + "); check base_url");
  }
  return Status::Ok();
}

std::string Reader::Paging(const PageRequest& r) const {
  return "count=" + std::to_string(config_.page_size) + "&offset=" + std::to_string(r.offset);
}

Status Reader::Fetch(Context& ctx, const std::string& url, std::string_view collection,
                     const std::string& where) {
  sdk::HttpResponse resp;
  if (Status s = http_.Get(ctx, url, where, &resp); !s.ok()) return s;
  return page_.Parse(resp.body, collection, where);
}

// The next page is fetched on a thread of its own (sdk::Prefetcher) while the current one is
// emitted and checkpointed: its request is known once the current page is parsed.
Status Reader::RunPass(Context& ctx, const std::string& label, std::string_view collection,
                       std::string_view key,
                       const std::function<std::string(const PageRequest&)>& url_for, PassRun& run,
                       sdk::RecordBatch& batch, const EmitFn& emit,
                       const std::function<Status()>& commit) {
  auto where_for = [&](const PageRequest& r, int64_t page) {
    return label + " page " + std::to_string(page) + " (offset " + std::to_string(r.offset) +
           (r.since_ms >= 0 ? ", since " + sdk::FormatIso(r.since_ms, sdk::IsoPrecision::kSeconds)
                            : std::string()) +
           ")";
  };
  std::string body;  // the fetched page; then the buffer the next one is fetched into
  sdk::Prefetcher ahead;
  // Runs on the Prefetcher's thread: only the HTTP call and the landing buffer.
  auto fetch = [&](const PageRequest& r, int64_t page) {
    ahead.Start([this, &ctx, &body, url = url_for(r), where = where_for(r, page)] {
      sdk::HttpResponse resp;
      if (Status s = http_.Get(ctx, url, where, &resp); !s.ok()) return s;
      body.assign(resp.body.data(), resp.body.size());
      return Status::Ok();
    });
  };
  PageRequest request = NextRequest(run.pass);
  fetch(request, run.page + 1);
  std::vector<KeyedRecord> keys;
  std::string current;
  for (;;) {
    if (ctx.Cancelled()) return Cancelled();
    if (Status s = ahead.Wait(); !s.ok()) return s;
    current.swap(body);
    const std::string where = where_for(request, run.page + 1);
    if (Status s = page_.Parse(current, collection, where); !s.ok()) return s;
    keys.clear();
    for (dom::element e : page_.records()) {
      keys.push_back({Text(e, "id"), sdk::ParseIsoMs(Text(e, key)).value_or(-1)});
    }
    const PageOutcome outcome =
        ApplyPage(run.pass, request, keys, page_.total_items(), config_.page_size);
    const PageRequest next = NextRequest(outcome.next);
    if (!outcome.done) fetch(next, outcome.restarted ? run.page + 1 : run.page + 2);
    if (outcome.restarted) {
      ctx.Info("Mailchimp " + where + ": records before the position changed while paging; " +
               "reading again from " + sdk::FormatIso(outcome.next.since_ms) +
               " (nothing is lost)");
      run.pass = outcome.next;
      request = next;
      if (Status s = commit(); !s.ok()) return s;
      continue;
    }
    size_t index = 0;
    for (dom::element e : page_.records()) {
      if (index++ < outcome.first_new) continue;
      std::string_view id;
      int64_t ms = -1;
      std::string reject;
      if (!emit(e, &id, &ms, &reject)) {
        ctx.Reject("Mailchimp " + where + " record " + std::to_string(index - 1) + ": " + reject);
        continue;
      }
      run.newest_ms = std::max(run.newest_ms, ms);
    }
    run.page++;
    if (outcome.done) return batch.Flush();
    run.pass = outcome.next;
    request = next;
    if (Status s = commit(); !s.ok()) return s;
  }
}

Status Reader::ListIds(Context& ctx, std::vector<std::string>* ids) {
  ids->clear();
  for (int64_t offset = 0;;) {
    const std::string where = "stream 'members' lists (offset " + std::to_string(offset) + ")";
    const std::string url = base_url_ + "/lists?count=" + std::to_string(config_.page_size) +
                            "&offset=" + std::to_string(offset) + "&exclude_fields=lists._links";
    if (Status s = Fetch(ctx, url, "lists", where); !s.ok()) return s;
    for (dom::element list : page_.records()) {
      std::string_view id = Text(list, "id");
      if (id.empty()) return Status::Data("Mailchimp " + where + ": a list without id");
      ids->emplace_back(id);
    }
    offset += page_.size();
    if (page_.size() < config_.page_size || offset >= page_.total_items()) break;
  }
  std::sort(ids->begin(), ids->end());
  ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  return Status::Ok();
}

Status Reader::ReadCampaigns(Context& ctx, const sdk::ReadRequest& request) {
  const std::string stream(request.stream);
  if (Status s = Resolve(ctx); !s.ok()) return s;
  CampaignsState state;
  if (Status s = DecodeState(request.state, stream, &state); !s.ok()) return s;
  const bool incremental = request.sync_mode == TEMPO_SYNC_INCREMENTAL;
  if (state.run && state.run->incremental != incremental) state.run.reset();
  if (!state.run) {
    CampaignsState::Run run;
    run.incremental = incremental;
    run.started_ms = sdk::ReadStart();
    run.pass = StartPass(incremental ? state.cursor_ms : -1);
    state.run = std::move(run);
  } else {
    ctx.Info("Mailchimp " + Stream(stream) + ": resuming the interrupted read at page " +
             std::to_string(state.run->page + 1));
  }
  CampaignsState::Run& run = *state.run;
  sdk::RecordBatch batch(ctx, static_cast<size_t>(config_.page_size) + 8);
  auto url_for = [&](const PageRequest& r) {
    std::string url = base_url_ + "/campaigns?" + Paging(r) +
                      "&sort_field=create_time&sort_dir=ASC&exclude_fields=campaigns._links";
    if (r.since_ms >= 0) url += "&since_create_time=" + QueryTime(r.since_ms);
    return url;
  };
  auto emit = [&](dom::element c, std::string_view* id, int64_t* ms, std::string* reject) {
    std::string_view status;
    if (!MapCampaign(batch, c, id, ms, &status, reject)) return false;
    if (!CampaignFinal(status) && (run.oldest_open_ms < 0 || *ms < run.oldest_open_ms)) {
      run.oldest_open_ms = *ms;
    }
    return true;
  };
  auto commit = [&] {
    if (Status s = batch.Flush(); !s.ok()) return s;
    return ctx.Checkpoint(stream, EncodeState(state));
  };
  if (Status s = RunPass(ctx, Stream(stream), "campaigns", "create_time", url_for, run, batch, emit,
                         commit);
      !s.ok()) {
    return s;
  }
  CampaignsState done;
  done.cursor_ms = CampaignHandOver(run.newest_ms, run.started_ms, run.oldest_open_ms);
  if (done.cursor_ms < 0) done.cursor_ms = state.cursor_ms;  // read nothing: keep the cursor
  return ctx.Checkpoint(stream, EncodeState(done));
}

Status Reader::ReadMembers(Context& ctx, const sdk::ReadRequest& request) {
  const std::string stream(request.stream);
  if (Status s = Resolve(ctx); !s.ok()) return s;
  MembersState state;
  if (Status s = DecodeState(request.state, stream, &state); !s.ok()) return s;
  const bool incremental = request.sync_mode == TEMPO_SYNC_INCREMENTAL;
  if (state.run && state.run->incremental != incremental) state.run.reset();
  if (!state.run) {
    MembersState::Run run;
    run.incremental = incremental;
    run.started_ms = sdk::ReadStart();
    state.run = std::move(run);
  } else {
    ctx.Info("Mailchimp " + Stream(stream) + ": resuming the interrupted read" +
             (state.run->list.empty() ? std::string()
                                      : " of list " + state.run->list + " at page " +
                                            std::to_string(state.run->page + 1)));
  }
  MembersState::Run& run = *state.run;
  std::vector<std::string> lists;
  if (Status s = ListIds(ctx, &lists); !s.ok()) return s;
  sdk::RecordBatch batch(ctx, static_cast<size_t>(config_.page_size) + 8);
  auto commit = [&] {
    if (Status s = batch.Flush(); !s.ok()) return s;
    return ctx.Checkpoint(stream, EncodeState(state));
  };
  for (const std::string& list : lists) {
    if (run.done.count(list)) continue;
    if (run.list != list) {
      run.list = list;
      auto cursor = state.cursors.find(list);
      run.pass = StartPass(incremental && cursor != state.cursors.end() ? cursor->second : -1);
      run.newest_ms = -1;
      run.page = 0;
    }
    auto url_for = [&](const PageRequest& r) {
      std::string url = base_url_ + "/lists/" + list + "/members?" + Paging(r) +
                        "&sort_field=last_changed&sort_dir=ASC&exclude_fields=members._links";
      if (r.since_ms >= 0) url += "&since_last_changed=" + QueryTime(r.since_ms);
      return url;
    };
    auto emit = [&](dom::element m, std::string_view* id, int64_t* ms, std::string* reject) {
      return MapMember(batch, list, m, id, ms, reject);
    };
    if (Status s = RunPass(ctx, Stream(stream) + " list " + list, "members", "last_changed",
                           url_for, run, batch, emit, commit);
        !s.ok()) {
      return s;
    }
    // The list is read in last_changed order: hand on what it reached, never past its start.
    const sdk::Keyset handed =
        sdk::HandOverFromOrdered(sdk::Keyset{run.newest_ms, ""}, run.started_ms);
    if (handed.ms >= 0) state.cursors[list] = handed.ms;
    run.done.insert(list);
    run.list.clear();
    if (Status s = ctx.Checkpoint(stream, EncodeState(state)); !s.ok()) return s;
  }
  MembersState done;
  for (const std::string& list : lists) {  // lists deleted from the account drop out
    auto cursor = state.cursors.find(list);
    if (cursor != state.cursors.end()) done.cursors.insert(*cursor);
  }
  return ctx.Checkpoint(stream, EncodeState(done));
}

Status Reader::ReadEmailActivity(Context& ctx, const sdk::ReadRequest& request) {
  const std::string stream(request.stream);
  if (Status s = Resolve(ctx); !s.ok()) return s;
  ActivityState state;
  if (Status s = DecodeState(request.state, stream, &state); !s.ok()) return s;
  if (state.run) {
    ctx.Info("Mailchimp " + Stream(stream) + ": resuming the interrupted read at campaign " +
             state.run->campaign_id + " page " + std::to_string(state.run->page + 1));
  }
  // The sent campaigns, by (create_time, id): a resumed read goes on from its campaign.
  struct Sent {
    int64_t ms;
    std::string id;
  };
  std::vector<Sent> campaigns;
  {
    PassRun listing;
    sdk::RecordBatch none(ctx, 1);
    auto url_for = [&](const PageRequest& r) {
      std::string url = base_url_ + "/campaigns?" + Paging(r) +
                        "&status=sent&sort_field=create_time&sort_dir=ASC"
                        "&exclude_fields=campaigns._links";
      if (r.since_ms >= 0) url += "&since_create_time=" + QueryTime(r.since_ms);
      return url;
    };
    auto collect = [&](dom::element c, std::string_view* id, int64_t* ms, std::string* reject) {
      *id = Text(c, "id");
      *ms = sdk::ParseIsoMs(Text(c, "create_time")).value_or(-1);
      if (id->empty() || *ms < 0) {
        *reject = "a campaign without id or create_time";
        return false;
      }
      campaigns.push_back({*ms, std::string(*id)});
      return true;
    };
    if (Status s = RunPass(ctx, Stream(stream) + " campaigns", "campaigns", "create_time", url_for,
                           listing, none, collect, [] { return Status::Ok(); });
        !s.ok()) {
      return s;
    }
  }
  std::sort(campaigns.begin(), campaigns.end(),
            [](const Sent& a, const Sent& b) { return a.ms != b.ms ? a.ms < b.ms : a.id < b.id; });
  campaigns.erase(std::unique(campaigns.begin(), campaigns.end(),
                              [](const Sent& a, const Sent& b) { return a.id == b.id; }),
                  campaigns.end());
  sdk::RecordBatch batch(ctx, static_cast<size_t>(config_.page_size) + 8);
  for (const Sent& campaign : campaigns) {
    // Not state.run.emplace(): clang cannot default-construct a nested struct with member
    // initializers inside the optional of its enclosing struct (CWG 1397; the fuzz build).
    if (!state.run) state.run = ActivityState::Run{};
    ActivityState::Run& run = *state.run;
    const bool resuming = !run.campaign_id.empty();
    if (resuming && (campaign.ms < run.campaign_ms ||
                     (campaign.ms == run.campaign_ms && campaign.id < run.campaign_id))) {
      continue;  // read before the interruption
    }
    if (run.campaign_id != campaign.id) {
      run = ActivityState::Run{campaign.id, campaign.ms, 0, 0};
    }
    for (;;) {
      if (ctx.Cancelled()) return Cancelled();
      const std::string where =
          Stream(stream) + " campaign " + campaign.id + " page " + std::to_string(run.page + 1);
      const std::string url = base_url_ + "/reports/" + campaign.id +
                              "/email-activity?count=" + std::to_string(config_.page_size) +
                              "&offset=" + std::to_string(run.offset) +
                              "&exclude_fields=emails._links";
      sdk::HttpResponse resp;
      Status s = http_.Get(ctx, url, where, &resp);
      if (s.code() == TEMPO_ERR_NOT_FOUND) {  // deleted since it was listed
        ctx.Warn("Mailchimp " + where + ": the campaign's report is gone (HTTP 404); skipped");
        break;
      }
      if (!s.ok()) return s;
      if (s = page_.Parse(resp.body, "emails", where); !s.ok()) return s;
      size_t index = 0;
      for (dom::element e : page_.records()) {
        std::string reject;
        if (!MapActivity(batch, campaign.id, e, &reject)) {
          ctx.Reject("Mailchimp " + where + " record " + std::to_string(index) + ": " + reject);
        }
        ++index;
      }
      run.page++;
      run.offset += page_.size();
      if (page_.size() < config_.page_size || run.offset >= page_.total_items()) break;
      if (s = batch.Flush(); !s.ok()) return s;
      if (s = ctx.Checkpoint(stream, EncodeState(state)); !s.ok()) return s;
    }
    // The campaign's last page: committed with the next checkpoint (a resume before it reads
    // that page again).
    if (Status s = batch.Flush(); !s.ok()) return s;
  }
  return ctx.Checkpoint(stream, EncodeState(ActivityState()));
}

}  // namespace tempo::mailchimp
