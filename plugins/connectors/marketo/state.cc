// The marketo streams' states <-> versioned JSON (state.h).
#include "state.h"

#include <initializer_list>
#include <utility>

#include "tempo/state.hpp"

namespace tempo::marketo {

using sdk::Status;

namespace {

Status First(std::initializer_list<Status> statuses) {
  for (const Status& s : statuses) {
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

void WriteJob(sdk::StateWriter& w, std::string_view key, const ExportJobState& j) {
  w.BeginObject(key)
      .Str("id", j.id)
      .Int("start_ms", j.start_ms)
      .Int("end_ms", j.end_ms)
      .Bool("last", j.last)
      .Bool("enqueued", j.enqueued)
      .Int("offset", j.offset)
      .Str("columns", j.columns)
      .EndObject();
}

Status ReadJob(const sdk::StateReader& parent, std::string_view key,
               std::optional<ExportJobState>* out) {
  std::optional<sdk::StateReader> r;
  if (Status s = parent.Object(key, &r); !s.ok() || !r) return s;
  ExportJobState j;
  if (Status s =
          First({r->Get("id", &j.id), r->Get("start_ms", &j.start_ms), r->Get("end_ms", &j.end_ms),
                 r->Get("last", &j.last), r->Get("enqueued", &j.enqueued),
                 r->Get("offset", &j.offset), r->Get("columns", &j.columns)});
      !s.ok()) {
    return s;
  }
  *out = std::move(j);
  return Status::Ok();
}

Status Unknown(std::string_view stream, std::string_view what) {
  return Status::Data("Marketo stream '" + std::string(stream) + "': the stored state has " +
                      std::string(what) +
                      "; reset the stream's state (a full refresh: tempo sync CONNECTION "
                      "--full-refresh --stream " +
                      std::string(stream) + ")");
}

}  // namespace

std::string EncodeState(const LeadsState& s) {
  sdk::StateWriter w(kStateVersion);
  w.Int("cursor_ms", s.cursor_ms)
      .Str("deleted_token", s.deleted_token)
      .Str("changes_token", s.changes_token);
  if (s.run) {
    const LeadsRun& r = *s.run;
    w.BeginObject("run")
        .Bool("incremental", r.incremental)
        .Bool("delta", r.delta)
        .Str("phase", r.phase)
        .Str("filter", r.filter)
        .Int("started_ms", r.started_ms)
        .Int("window_ms", r.window_ms)
        .Str("token", r.token);
    if (r.job) WriteJob(w, "job", *r.job);
    if (r.next) WriteJob(w, "next", *r.next);
    w.EndObject();
  }
  return w.Take();
}

Status DecodeState(std::string_view json, LeadsState* out) {
  *out = LeadsState();
  sdk::StateReader state;
  if (Status s = sdk::StateReader::Parse(json, kStateVersion, 1, "Marketo stream 'leads'", &state);
      !s.ok() || state.fresh()) {
    return s;
  }
  std::optional<sdk::StateReader> run;
  if (Status s = First(
          {state.Get("cursor_ms", &out->cursor_ms), state.Get("deleted_token", &out->deleted_token),
           state.Get("changes_token", &out->changes_token), state.Object("run", &run)});
      !s.ok() || !run) {
    return s;
  }
  LeadsRun r;
  if (Status s = First({run->Get("incremental", &r.incremental), run->Get("delta", &r.delta),
                        run->Get("phase", &r.phase), run->Get("filter", &r.filter),
                        run->Get("started_ms", &r.started_ms), run->Get("window_ms", &r.window_ms),
                        run->Get("token", &r.token), ReadJob(*run, "job", &r.job),
                        ReadJob(*run, "next", &r.next)});
      !s.ok()) {
    return s;
  }
  if (r.phase != "windows" && r.phase != "changes" && r.phase != "deleted") {
    return Unknown("leads", "an unknown phase '" + r.phase.substr(0, 20) + "'");
  }
  if (r.phase == "windows" && r.filter != "updatedAt" && r.filter != "createdAt") {
    return Unknown("leads", "an unknown export filter");
  }
  out->run = std::move(r);
  return Status::Ok();
}

std::string EncodeState(const ProgramsState& s) {
  sdk::StateWriter w(kStateVersion);
  w.Int("cursor_ms", s.cursor_ms);
  if (s.run) {
    w.BeginObject("run")
        .Bool("incremental", s.run->incremental)
        .Int("offset", s.run->offset)
        .Int("started_ms", s.run->started_ms)
        .Int("earliest_ms", s.run->earliest_ms)
        .EndObject();
  }
  return w.Take();
}

Status DecodeState(std::string_view json, ProgramsState* out) {
  *out = ProgramsState();
  sdk::StateReader state;
  if (Status s =
          sdk::StateReader::Parse(json, kStateVersion, 1, "Marketo stream 'programs'", &state);
      !s.ok() || state.fresh()) {
    return s;
  }
  std::optional<sdk::StateReader> run;
  if (Status s = First({state.Get("cursor_ms", &out->cursor_ms), state.Object("run", &run)});
      !s.ok() || !run) {
    return s;
  }
  ProgramsRun r;
  if (Status s =
          First({run->Get("incremental", &r.incremental), run->Get("offset", &r.offset),
                 run->Get("started_ms", &r.started_ms), run->Get("earliest_ms", &r.earliest_ms)});
      !s.ok()) {
    return s;
  }
  if (r.offset < 0) return Unknown("programs", "a negative offset");
  out->run = r;
  return Status::Ok();
}

std::string EncodeState(const MembersState& s) {
  sdk::StateWriter w(kStateVersion);
  if (s.run) {
    w.BeginObject("run")
        .Int("program_id", s.run->program_id)
        .Str("token", s.run->token)
        .Int("started_ms", s.run->started_ms)
        .EndObject();
  }
  return w.Take();
}

Status DecodeState(std::string_view json, MembersState* out) {
  *out = MembersState();
  sdk::StateReader state;
  if (Status s = sdk::StateReader::Parse(json, kStateVersion, 1, "Marketo stream 'program_members'",
                                         &state);
      !s.ok() || state.fresh()) {
    return s;
  }
  std::optional<sdk::StateReader> run;
  if (Status s = state.Object("run", &run); !s.ok() || !run) return s;
  MembersRun r;
  if (Status s = First({run->Get("program_id", &r.program_id), run->Get("token", &r.token),
                        run->Get("started_ms", &r.started_ms)});
      !s.ok()) {
    return s;
  }
  out->run = std::move(r);
  return Status::Ok();
}

}  // namespace tempo::marketo
