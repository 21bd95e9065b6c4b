// Reads the streams. See reader.h.
#include "reader.h"

#include "mapping.h"
#include "paging.h"
#include "state.h"
#include "tempo/cursor.hpp"
#include "tempo/prefetch.hpp"
#include "tempo/text.hpp"
#include "tempo/url.hpp"

namespace tempo::rest {

using sdk::Context;
using sdk::Status;

namespace {

std::string ProviderName(const Manifest& m) { return m.title.empty() ? m.name : m.title; }

sdk::HttpProvider ProviderOf(const Manifest& m) {
  return sdk::HttpProvider{
      ProviderName(m), nullptr, nullptr,
      m.permission_hint.empty()
          ? "check the credentials in the connection's config (the keys manifest " + m.name +
                " declares)"
          : m.permission_hint};
}

void AppendParam(std::string& url, std::string_view name, std::string_view value) {
  url += url.find('?') == std::string::npos ? '?' : '&';
  sdk::AppendPercentEncoded(url, name);
  url += '=';
  sdk::AppendPercentEncoded(url, value);
}

}  // namespace

Reader::Reader(const Manifest& manifest, const ConnectionConfig& config,
               const HttpIdentity& identity)
    : manifest_(manifest), config_(config), identity_(identity), http_(ProviderOf(manifest)) {}

Status Reader::PageSize(const StreamSpec& stream, int64_t* size) const {
  *size = 0;
  if (stream.paging.size.empty()) return Status::Ok();
  std::optional<std::string> text = stream.paging.size.Expand(config_.values);
  const bool number = text && !text->empty() && text->size() < 10 &&
                      text->find_first_not_of("0123456789") == std::string::npos;
  if (!number || std::stoll(*text) < 1) {
    return Status::InvalidArgument("stream '" + stream.name + "': the page size " +
                                   stream.paging.size.text() +
                                   " is not a whole number of at least 1; check the config key "
                                   "it names");
  }
  *size = std::stoll(*text);
  return Status::Ok();
}

std::string Reader::PageUrl(const StreamSpec& stream, int64_t size, int64_t lower_ms,
                            std::string_view position) const {
  std::string url;
  if (PositionIsUrl(stream.paging, position)) {
    url = std::string(position);
  } else {
    url = config_.base_url + stream.path;
    for (const auto& [name, value] : stream.params) {
      if (std::optional<std::string> v = value.Expand(config_.values)) AppendParam(url, name, *v);
    }
    if (lower_ms >= 0 && stream.incremental) {
      AppendParam(url, stream.incremental->param,
                  FormatTime(lower_ms, stream.incremental->param_format));
    }
    for (const auto& [name, value] : PagingParams(stream.paging, size, position)) {
      AppendParam(url, name, value);
    }
  }
  const auto& [key_name, key_value] = identity_.query;
  if (!key_name.empty() && sdk::QueryParam(url, key_name).empty()) {
    AppendParam(url, key_name, key_value);
  }
  return url;
}

std::vector<std::pair<std::string, std::string>> Reader::Headers(const StreamSpec& stream) const {
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& [name, value] : stream.headers) {
    if (std::optional<std::string> v = value.Expand(config_.values)) headers.emplace_back(name, *v);
  }
  return headers;
}

Status Reader::Check(Context& ctx) {
  const StreamSpec* stream = nullptr;
  for (const StreamSpec& s : manifest_.streams) {
    if (s.name == manifest_.check_stream) stream = &s;
  }
  if (stream == nullptr) return Status::Internal("the manifest's check stream is missing");
  int64_t size = 0;
  if (Status s = PageSize(*stream, &size); !s.ok()) return s;
  const std::string where = "check (stream '" + stream->name + "', first page)";
  sdk::HttpResponse resp;
  if (Status s = http_.Get(ctx, PageUrl(*stream, size > 0 ? 1 : 0, -1, ""), where, &resp,
                           Headers(*stream));
      !s.ok()) {
    return s;
  }
  return page_.Parse(resp.body, resp.Header("Link"), *stream,
                     ProviderName(manifest_) + " " + where);
}

Status Reader::Read(Context& ctx, const StreamSpec& stream, const sdk::ReadRequest& request) {
  const std::string name = ProviderName(manifest_) + " stream '" + stream.name + "'";
  StreamState saved;
  if (Status s = DecodeState(request.state, name, &saved); !s.ok()) return s;
  const bool incremental = request.sync_mode == TEMPO_SYNC_INCREMENTAL && stream.incremental;
  StreamState run;
  if (saved.running && (incremental || saved.lower_ms < 0)) {
    run = saved;
    ctx.Info(name + ": resuming the interrupted read at page " + std::to_string(run.pages + 1));
  } else {
    run.cursor_ms = saved.cursor_ms;
    run.running = true;
    run.lower_ms = incremental ? saved.cursor_ms : -1;
    run.started_ms = sdk::ReadStart();
  }
  int64_t size = 0;
  if (Status s = PageSize(stream, &size); !s.ok()) return s;
  const std::vector<std::pair<std::string, std::string>> headers = Headers(stream);

  // The next page is fetched on the prefetch thread while this one is emitted: the job only
  // makes the HTTP call and copies what it needs (tempo/prefetch.hpp).
  std::string body, link;
  sdk::Prefetcher ahead;
  auto fetch = [&](std::string url, std::string where) {
    ahead.Start(
        [this, &ctx, &body, &link, &headers, url = std::move(url), where = std::move(where)] {
          sdk::HttpResponse resp;
          Status s = http_.Get(ctx, url, where, &resp, headers);
          if (s.ok()) {
            body.assign(resp.body);
            link.assign(resp.Header("Link"));
          }
          return s;
        });
  };
  auto where_of = [&](const StreamState& s) {
    return "stream '" + stream.name + "' page " + std::to_string(s.pages + 1);
  };
  fetch(PageUrl(stream, size, run.lower_ms, run.position), where_of(run));
  sdk::RecordBatch batch(ctx, static_cast<size_t>(size > 0 ? size : 100) + 8);
  for (;;) {
    if (ctx.Cancelled()) return Status::Cancelled("cancelled by the host");
    if (Status s = ahead.Wait(); !s.ok()) return s;
    const std::string where = ProviderName(manifest_) + " " + where_of(run);
    if (Status s = page_.Parse(body, link, stream, where); !s.ok()) return s;
    NextPage next;
    if (Status s = Advance(stream.paging, size, run.position, page_.facts(), config_.base_url,
                           where, &next);
        !s.ok()) {
      return s;
    }
    StreamState after = run;
    ++after.pages;
    if (next.more) {
      after.position = next.position;
      fetch(PageUrl(stream, size, after.lower_ms, after.position), where_of(after));
    } else {
      after.running = false;
      after.position.clear();
      if (stream.incremental) {
        after.cursor_ms = sdk::HandOverFromList(run.started_ms, sdk::Keyset{run.cursor_ms, ""}).ms;
      }
    }
    size_t index = 0;
    for (simdjson::dom::element record : page_.records()) {
      std::string why;
      if (!MapRecord(stream, record, batch, &why)) {
        ctx.Reject(where + " record " + std::to_string(index) + ": " + why);
      }
      ++index;
    }
    if (Status s = batch.Flush(); !s.ok()) return s;
    if (Status s = ctx.Checkpoint(stream.name, EncodeState(after)); !s.ok()) return s;
    run = std::move(after);
    if (!run.running) return Status::Ok();
  }
}

}  // namespace tempo::rest
