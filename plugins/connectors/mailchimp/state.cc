// The streams' states <-> versioned JSON (state.h).
#include "state.h"

#include <utility>

#include "tempo/state.hpp"

namespace tempo::mailchimp {

using sdk::Status;

namespace {

void WritePass(sdk::StateWriter& w, const PassRun& r) {
  w.Bool("incremental", r.incremental)
      .Int("started_ms", r.started_ms)
      .Int("since_ms", r.pass.since_ms)
      .Int("offset", r.pass.offset)
      .Str("last_id", r.pass.last_id)
      .Int("last_ms", r.pass.last_ms)
      .Int("newest_ms", r.newest_ms)
      .Int("page", r.page);
}

Status ReadPass(const sdk::StateReader& run, PassRun* r) {
  for (Status s : {run.Get("incremental", &r->incremental), run.Get("started_ms", &r->started_ms),
                   run.Get("since_ms", &r->pass.since_ms), run.Get("offset", &r->pass.offset),
                   run.Get("last_id", &r->pass.last_id), run.Get("last_ms", &r->pass.last_ms),
                   run.Get("newest_ms", &r->newest_ms), run.Get("page", &r->page)}) {
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

std::string What(std::string_view stream) {
  return "Mailchimp stream '" + std::string(stream) + "'";
}

Status Malformed(std::string_view stream, std::string_view key) {
  return Status::Data(What(stream) + ": the stored state's '" + std::string(key) +
                      "' is not an object of list ids; reset the stream's state (a full refresh: "
                      "tempo sync CONNECTION --full-refresh --stream " +
                      std::string(stream) + ")");
}

// Reads {"<id>": integer, ...} at `key` into `out`.
template <class Fn>
Status ReadIdMap(const sdk::StateReader& reader, std::string_view key, std::string_view stream,
                 Fn&& add) {
  if (!reader.Has(key)) return Status::Ok();
  simdjson::dom::object map;
  if (reader.element()[key].get_object().get(map) != simdjson::SUCCESS) {
    return Malformed(stream, key);
  }
  for (auto kv : map) {
    int64_t v;
    if (kv.value.get_int64().get(v) != simdjson::SUCCESS) return Malformed(stream, key);
    add(std::string(kv.key), v);
  }
  return Status::Ok();
}

}  // namespace

std::string EncodeState(const CampaignsState& s) {
  sdk::StateWriter w(kStateVersion);
  w.Int("cursor_ms", s.cursor_ms);
  if (s.run) {
    w.BeginObject("run");
    WritePass(w, *s.run);
    w.Int("oldest_open_ms", s.run->oldest_open_ms).EndObject();
  }
  return w.Take();
}

std::string EncodeState(const MembersState& s) {
  sdk::StateWriter w(kStateVersion);
  w.BeginObject("lists");
  for (const auto& [list, cursor] : s.cursors) w.Int(list, cursor);
  w.EndObject();
  if (s.run) {
    w.BeginObject("run");
    WritePass(w, *s.run);
    w.BeginObject("done");
    for (const std::string& list : s.run->done) w.Int(list, 1);
    w.EndObject().Str("list", s.run->list).EndObject();
  }
  return w.Take();
}

std::string EncodeState(const ActivityState& s) {
  sdk::StateWriter w(kStateVersion);
  if (s.run) {
    w.BeginObject("run")
        .Str("campaign_id", s.run->campaign_id)
        .Int("campaign_ms", s.run->campaign_ms)
        .Int("offset", s.run->offset)
        .Int("page", s.run->page)
        .EndObject();
  }
  return w.Take();
}

Status DecodeState(std::string_view json, std::string_view stream, CampaignsState* out) {
  *out = CampaignsState();
  sdk::StateReader state;
  if (Status s = sdk::StateReader::Parse(json, kStateVersion, 1, What(stream), &state); !s.ok())
    return s;
  if (state.fresh()) return Status::Ok();
  std::optional<sdk::StateReader> run;
  Status s = state.Get("cursor_ms", &out->cursor_ms);
  if (s.ok()) s = state.Object("run", &run);
  if (!s.ok() || !run) return s;
  CampaignsState::Run r;
  if (s = ReadPass(*run, &r); !s.ok()) return s;
  if (s = run->Get("oldest_open_ms", &r.oldest_open_ms); !s.ok()) return s;
  out->run = std::move(r);
  return Status::Ok();
}

Status DecodeState(std::string_view json, std::string_view stream, MembersState* out) {
  *out = MembersState();
  sdk::StateReader state;
  if (Status s = sdk::StateReader::Parse(json, kStateVersion, 1, What(stream), &state); !s.ok())
    return s;
  if (state.fresh()) return Status::Ok();
  Status s = ReadIdMap(state, "lists", stream,
                       [&](std::string id, int64_t v) { out->cursors[std::move(id)] = v; });
  std::optional<sdk::StateReader> run;
  if (s.ok()) s = state.Object("run", &run);
  if (!s.ok() || !run) return s;
  MembersState::Run r;
  if (s = ReadPass(*run, &r); !s.ok()) return s;
  if (s = run->Get("list", &r.list); !s.ok()) return s;
  s = ReadIdMap(*run, "done", stream,
                [&](std::string id, int64_t) { r.done.insert(std::move(id)); });
  if (!s.ok()) return s;
  out->run = std::move(r);
  return Status::Ok();
}

Status DecodeState(std::string_view json, std::string_view stream, ActivityState* out) {
  *out = ActivityState();
  sdk::StateReader state;
  if (Status s = sdk::StateReader::Parse(json, kStateVersion, 1, What(stream), &state); !s.ok())
    return s;
  std::optional<sdk::StateReader> run;
  if (Status s = state.Object("run", &run); !s.ok() || !run) return s;
  ActivityState::Run r;
  for (Status s : {run->Get("campaign_id", &r.campaign_id), run->Get("campaign_ms", &r.campaign_ms),
                   run->Get("offset", &r.offset), run->Get("page", &r.page)}) {
    if (!s.ok()) return s;
  }
  out->run = std::move(r);
  return Status::Ok();
}

}  // namespace tempo::mailchimp
