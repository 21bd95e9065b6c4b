// The hubspot marketing stream (marketing.h).
#include "marketing.h"

#include <utility>

#include "hubspot_values.h"
#include "tempo/cursor.hpp"
#include "tempo/model.h"
#include "tempo/state.hpp"
#include "tempo/time.hpp"

namespace tempo::hubspot {

using sdk::Context;
using sdk::Status;
namespace dom = simdjson::dom;

namespace {

constexpr int64_t kStateVersion = 1;
constexpr const char* kCampaignProperties = "hs_name,hs_start_date,hs_end_date";

std::string_view Text(dom::element e, std::string_view key) {
  std::string_view v;
  if (e[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return v;
}

// A date value checked before the record begins (a bad one rejects the whole record): `value`
// as sent when ISO, converted when epoch ms (into `buffer`, sdk::kIsoBufferSize bytes); ""
// stays "" (NULL).
bool CheckDate(std::string_view column, std::string_view value, char* buffer, std::string_view* out,
               std::string* reject) {
  *out = {};
  if (value.empty()) return true;
  auto iso = NormalizeDate(value, buffer);
  if (!iso) {
    *reject = std::string(column) + " '" + std::string(value.substr(0, 40)) + "' is not a date";
    return false;
  }
  *out = *iso;
  return true;
}

void Date(sdk::RecordBatch& batch, std::string_view column, std::string_view iso,
          const char* buffer) {
  if (iso.empty()) {
    batch.Null(column);
  } else {
    batch.Str(column, iso.data() == buffer ? batch.Copy(iso) : iso);
  }
}

}  // namespace

std::string EncodeMarketingState(const MarketingState& s) {
  sdk::StateWriter w(kStateVersion);
  w.Int("emails_cursor_ms", s.emails_cursor_ms);
  if (s.run) {
    w.BeginObject("run")
        .Bool("incremental", s.run->incremental)
        .Str("phase", s.run->phase)
        .Str("after", s.run->after)
        .Int("started_ms", s.run->started_ms)
        .Int("page", s.run->page)
        .EndObject();
  }
  return w.Take();
}

Status DecodeMarketingState(std::string_view json, MarketingState* out) {
  *out = MarketingState();
  sdk::StateReader state;
  const std::string what = std::string("HubSpot stream '") + kMarketingStream + "'";
  if (Status s = sdk::StateReader::Parse(json, kStateVersion, 1, what, &state); !s.ok()) return s;
  std::optional<sdk::StateReader> run;
  Status s = state.Get("emails_cursor_ms", &out->emails_cursor_ms);
  if (s.ok()) s = state.Object("run", &run);
  if (!s.ok() || !run) return s;
  MarketingState::Run r;
  for (Status field : {run->Get("incremental", &r.incremental), run->Get("phase", &r.phase),
                       run->Get("after", &r.after), run->Get("started_ms", &r.started_ms),
                       run->Get("page", &r.page)}) {
    if (!field.ok()) return field;
  }
  if (r.phase != "emails" && r.phase != "archived_emails" && r.phase != "campaigns") {
    return Status::Data(what +
                        ": the stored state has an unknown phase; reset the stream's state (a full "
                        "refresh: tempo sync CONNECTION --full-refresh --stream marketing)");
  }
  out->run = std::move(r);
  return Status::Ok();
}

bool MapMarketingEmail(sdk::RecordBatch& batch, dom::element e, std::string_view raw, bool archived,
                       std::string* reject) {
  namespace c = model::campaign;
  const std::string_view id = Text(e, "id");
  if (id.empty()) {
    *reject = "a marketing email without id";
    return false;
  }
  std::string_view name = Text(e, "name");
  if (name.empty()) name = Text(e, "subject");
  const std::string_view updated = Text(e, "updatedAt");
  char buffer[sdk::kIsoBufferSize];
  std::string_view published;
  if (!CheckDate(c::kStartAt, Text(e, "publishDate"), buffer, &published, reject)) return false;
  batch.Begin(model::kCampaign, id);
  if (!updated.empty()) batch.UpdatedAt(updated);
  if (!raw.empty()) batch.Raw(raw);
  if (archived) batch.Deleted();
  batch.Str(c::kChannel, "email");
  if (name.empty()) {
    batch.Null(c::kName);
  } else {
    batch.Str(c::kName, name);
  }
  Date(batch, c::kStartAt, published, buffer);
  return true;
}

bool MapMarketingCampaign(sdk::RecordBatch& batch, dom::element m, std::string_view raw,
                          std::string* reject) {
  namespace c = model::campaign;
  const std::string_view id = Text(m, "id");
  if (id.empty()) {
    *reject = "a marketing campaign without id";
    return false;
  }
  dom::element props;
  if (m["properties"].get(props) != simdjson::SUCCESS || !props.is_object()) {
    *reject = "marketing campaign " + std::string(id) + " has no properties";
    return false;
  }
  const std::string_view name = Text(props, "hs_name");
  const std::string_view updated = Text(m, "updatedAt");
  char start_buffer[sdk::kIsoBufferSize], end_buffer[sdk::kIsoBufferSize];
  std::string_view start, end;
  if (!CheckDate(c::kStartAt, Text(props, "hs_start_date"), start_buffer, &start, reject) ||
      !CheckDate(c::kEndAt, Text(props, "hs_end_date"), end_buffer, &end, reject)) {
    return false;
  }
  batch.Begin(model::kCampaign, id);
  if (!updated.empty()) batch.UpdatedAt(updated);
  if (!raw.empty()) batch.Raw(raw);
  if (name.empty()) {
    batch.Null(c::kName);
  } else {
    batch.Str(c::kName, name);
  }
  Date(batch, c::kStartAt, start, start_buffer);
  Date(batch, c::kEndAt, end, end_buffer);
  return true;
}

std::string MarketingReader::UrlFor(const MarketingState& state) const {
  const MarketingState::Run& run = *state.run;
  std::string url;
  if (run.phase == "campaigns") {
    url = config_.base_url + "/marketing/v3/campaigns?limit=" + std::to_string(config_.page_size) +
          "&properties=" + kCampaignProperties;
  } else {
    url = config_.base_url + "/marketing/v3/emails?limit=" + std::to_string(config_.page_size) +
          "&includeStats=true&archived=" + (run.phase == "archived_emails" ? "true" : "false");
    if (run.incremental && state.emails_cursor_ms >= 0) {
      // updatedAfter is exclusive: a millisecond less reads the cursor's own instant again.
      url += "&updatedAfter=" + sdk::FormatIso(state.emails_cursor_ms - 1);
    }
  }
  if (!run.after.empty()) url += "&after=" + run.after;  // opaque: passed through unchanged
  return url;
}

Status MarketingReader::Read(Context& ctx, const sdk::ReadRequest& request) {
  MarketingState state;
  if (Status s = DecodeMarketingState(request.state, &state); !s.ok()) return s;
  const bool incremental = request.sync_mode == TEMPO_SYNC_INCREMENTAL;
  if (state.run && state.run->incremental != incremental) state.run.reset();
  if (!state.run) {
    state.run = MarketingState::Run{incremental, "emails", "", sdk::ReadStart(), 0};
  } else {
    ctx.Info(std::string("HubSpot stream '") + kMarketingStream + "': resuming the interrupted " +
             state.run->phase + " read at page " + std::to_string(state.run->page + 1));
  }
  MarketingState::Run& run = *state.run;
  for (;;) {
    if (Status s = ReadList(ctx, state); !s.ok()) return s;
    if (run.phase == "emails") {
      // Incremental reads also take the emails archived since, as deletes.
      run.phase = incremental && state.emails_cursor_ms >= 0 && config_.read_archived
                      ? "archived_emails"
                      : "campaigns";
    } else if (run.phase == "archived_emails") {
      run.phase = "campaigns";
    } else {
      break;
    }
    run.after.clear();
    run.page = 0;
    if (Status s = ctx.Checkpoint(kMarketingStream, EncodeMarketingState(state)); !s.ok()) {
      return s;
    }
  }
  MarketingState done;
  const sdk::Keyset cursor =
      sdk::HandOverFromList(run.started_ms, sdk::Keyset{state.emails_cursor_ms, ""});
  done.emails_cursor_ms = cursor.ms;
  return ctx.Checkpoint(kMarketingStream, EncodeMarketingState(done));
}

// Pages the run's phase from run.after to the end; the caller checkpoints the next phase.
Status MarketingReader::ReadList(Context& ctx, MarketingState& state) {
  MarketingState::Run& run = *state.run;
  sdk::RecordBatch batch(ctx, static_cast<size_t>(config_.page_size) + 8);
  const bool campaigns = run.phase == "campaigns";
  for (;;) {
    if (ctx.Cancelled()) return Status::Cancelled("cancelled by the host");
    const std::string where = std::string("stream '") + kMarketingStream + "' " + run.phase +
                              " page " + std::to_string(run.page + 1);
    sdk::HttpResponse resp;
    Status s = http_.Get(ctx, UrlFor(state), where, &resp);
    if (s.code() == TEMPO_ERR_PERMISSION) {
      return Status::Permission(s.message() + " (the marketing stream needs the " +
                                (campaigns ? "marketing.campaigns.read" : "content") + " scope)");
    }
    if (!s.ok()) return s;
    if (s = page_.Parse(resp.body, "HubSpot " + where); !s.ok()) return s;
    size_t index = 0;
    for (dom::element obj : page_.results()) {
      std::string reject;
      const std::string_view raw = page_.RawSpan(index);
      const bool ok =
          campaigns ? MapMarketingCampaign(batch, obj, raw, &reject)
                    : MapMarketingEmail(batch, obj, raw, run.phase == "archived_emails", &reject);
      if (!ok) {
        ctx.Reject("HubSpot " + where + " result " + std::to_string(index) + ": " + reject);
      }
      ++index;
    }
    run.page++;
    run.after = page_.NextAfter();
    if (Status f = batch.Flush(); !f.ok()) return f;
    if (run.after.empty()) return Status::Ok();
    if (Status c = ctx.Checkpoint(kMarketingStream, EncodeMarketingState(state)); !c.ok()) {
      return c;
    }
  }
}

}  // namespace tempo::hubspot
