// Reads the leads stream (lead_reader.h).
#include "lead_reader.h"

#include <utility>
#include <vector>

#include "csv.h"
#include "tempo/cursor.hpp"
#include "tempo/model.h"
#include "tempo/time.hpp"
#include "windows.h"

namespace tempo::marketo {

using sdk::Context;
using sdk::Status;

namespace {

constexpr std::string_view kStream = "leads";

std::string Span(int64_t start_ms, int64_t end_ms) {
  return FilterDate(start_ms) + ".." + FilterDate(end_ms);
}

std::string Span(const ExportJobState& job) { return Span(job.start_ms, job.end_ms); }

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

std::vector<std::string> Split(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    out.emplace_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// Clears a job so the next attempt creates its window's job again.
void Forget(ExportJobState& job) {
  job.id.clear();
  job.enqueued = false;
  job.offset = 0;
  job.columns.clear();
}

}  // namespace

Status LeadReader::Save(Context& ctx, const LeadsState& state) {
  return ctx.Checkpoint(kStream, EncodeState(state));
}

Status LeadReader::Fields(Context& ctx, LeadFields* out) {
  Envelope env;
  if (Status s = client_.Call(ctx, "GET", client_.Url("/rest/v1/leads/describe.json"), "",
                              "stream 'leads' describe", &env);
      !s.ok()) {
    return s;
  }
  return ChooseLeadFields(DescribedFields(env), config_.partner_field, out);
}

Status LeadReader::Check(Context& ctx) {
  LeadFields fields;
  return Fields(ctx, &fields);
}

Status LeadReader::Read(Context& ctx, const sdk::ReadRequest& request) {
  LeadsState state;
  if (Status s = DecodeState(request.state, &state); !s.ok()) return s;
  const bool incremental = request.sync_mode == TEMPO_SYNC_INCREMENTAL;
  if (state.run && state.run->incremental != incremental) state.run.reset();
  if (!state.run) {
    LeadsRun run;
    run.incremental = incremental;
    run.delta = incremental && state.cursor_ms >= 0;
    run.phase = "windows";
    run.filter = "updatedAt";
    run.started_ms = sdk::ReadStart();
    run.window_ms = run.delta ? state.cursor_ms : config_.start_ms;
    state.run = std::move(run);
  } else {
    ctx.Info("Marketo stream 'leads': resuming the interrupted read (" + state.run->phase +
             (state.run->job ? ", export job " + state.run->job->id + " of " + Span(*state.run->job)
                             : std::string()) +
             ")");
  }
  LeadFields fields;
  if (Status s = Fields(ctx, &fields); !s.ok()) return s;
  LeadsRun& run = *state.run;
  if (run.phase == "windows") {
    if (Status s = ReadWindows(ctx, state, fields); !s.ok()) return s;
    if (run.phase == "windows" && run.delta) {
      run.phase = "deleted";
      run.token.clear();
      state.changes_token.clear();
      if (Status s = Save(ctx, state); !s.ok()) return s;
    }
  }
  if (run.phase == "changes") {
    if (Status s = ReadChanges(ctx, state, fields); !s.ok()) return s;
    run.phase = "deleted";
    run.token.clear();
    if (Status s = Save(ctx, state); !s.ok()) return s;
  }
  if (run.phase == "deleted") {
    if (Status s = ReadDeleted(ctx, state); !s.ok()) return s;
  }
  // Exports go by time slices, the feeds by activity time: hand on the instant the run started
  // (less the lag), never a time a record showed (tempo/cursor.hpp).
  LeadsState done;
  done.cursor_ms = sdk::HandOverFromList(run.started_ms, {state.cursor_ms, ""}).ms;
  if (run.delta) {
    done.deleted_token = run.token;
    done.changes_token = state.changes_token;
  }
  return Save(ctx, done);
}

Status LeadReader::CreateJob(Context& ctx, LeadsState& state, const LeadFields& fields,
                             std::optional<ExportJobState>* slot, bool* switched) {
  *switched = false;
  LeadsRun& run = *state.run;
  const std::optional<Window> window = NextWindow(run.window_ms, sdk::NowMs());
  if (!window) return Status::Ok();  // the windows reached now
  const std::string where =
      "stream 'leads' export of " + Span(window->start_ms, window->end_ms) + " by " + run.filter;
  std::string id;
  bool unsupported = false;
  if (Status s = exports_.Create(ctx, fields, run.filter, *window, where, &id, &unsupported);
      !s.ok()) {
    return s;
  }
  if (unsupported) {
    if (run.filter != "updatedAt") {
      return Status::InvalidArgument("Marketo " + where +
                                     ": the instance refuses bulk exports by " + run.filter +
                                     " (1035); it cannot be read");
    }
    *switched = true;
    if (run.delta) {
      ctx.Info(
          "Marketo stream 'leads': this instance has no updatedAt filter for bulk exports "
          "(1035); reading the changes from the lead-changes activity feed");
      run.phase = "changes";
      run.token.clear();
    } else {
      ctx.Info(
          "Marketo stream 'leads': this instance has no updatedAt filter for bulk exports "
          "(1035); exporting leads by createdAt");
      run.filter = "createdAt";
      run.window_ms = config_.start_ms;
    }
    run.job.reset();
    run.next.reset();
    return Save(ctx, state);
  }
  ExportJobState job;
  job.id = std::move(id);
  job.start_ms = window->start_ms;
  job.end_ms = window->end_ms;
  job.last = window->last;
  *slot = std::move(job);
  run.window_ms = window->end_ms;
  return Save(ctx, state);
}

Status LeadReader::EnqueueJob(Context& ctx, LeadsState& state, ExportJobState& job) {
  bool gone = false;
  const std::string where = "stream 'leads' export " + job.id + " of " + Span(job);
  if (Status s = exports_.Enqueue(ctx, job.id, where, &gone); !s.ok()) return s;
  if (gone) {
    ctx.Warn("Marketo " + where + ": Marketo no longer knows the job; exporting the window again");
    Forget(job);
  } else {
    job.enqueued = true;
  }
  return Save(ctx, state);
}

Status LeadReader::ReadWindows(Context& ctx, LeadsState& state, const LeadFields& fields) {
  LeadsRun& run = *state.run;
  for (;;) {
    if (ctx.Cancelled()) return Status::Cancelled("cancelled by the host");
    if (!run.job) {
      if (run.next) {
        run.job = std::move(run.next);
        run.next.reset();
      } else {
        bool switched = false;
        if (Status s = CreateJob(ctx, state, fields, &run.job, &switched); !s.ok()) return s;
        if (switched) {
          if (run.phase != "windows") return Status::Ok();
          continue;
        }
        if (!run.job) return Status::Ok();  // no window left
      }
    }
    ExportJobState& job = *run.job;
    if (job.id.empty()) {
      // A window whose job failed or expired: export it again.
      bool unsupported = false;
      const Window window{job.start_ms, job.end_ms, job.last};
      const std::string where = "stream 'leads' export of " + Span(job) + " by " + run.filter;
      if (Status s = exports_.Create(ctx, fields, run.filter, window, where, &job.id, &unsupported);
          !s.ok()) {
        return s;
      }
      if (unsupported) {
        return Status::InvalidArgument("Marketo " + where +
                                       ": the instance now refuses bulk "
                                       "exports by " +
                                       run.filter + " (1035)");
      }
      if (Status s = Save(ctx, state); !s.ok()) return s;
    }
    if (!job.enqueued) {
      if (Status s = EnqueueJob(ctx, state, job); !s.ok()) return s;
      if (job.id.empty()) continue;
    }
    // Queue the next window's job behind this one: Marketo prepares it while this file is read.
    if (!run.next && !job.last) {
      bool switched = false;
      if (Status s = CreateJob(ctx, state, fields, &run.next, &switched); !s.ok()) return s;
      if (switched) {
        return Status::Internal(
            "Marketo stream 'leads': the export filter was refused after "
            "it had been accepted");
      }
      if (run.next) {
        if (Status s = EnqueueJob(ctx, state, *run.next); !s.ok()) return s;
      }
    }
    const std::string where = "stream 'leads' export " + job.id + " of " + Span(job);
    JobStatus status;
    if (Status s = exports_.WaitDone(ctx, job.id, where,
                                     static_cast<double>(config_.bulk_poll_seconds), &status);
        !s.ok()) {
      return s;
    }
    if (status.gone) {
      ctx.Warn("Marketo " + where +
               ": Marketo no longer knows the job (it keeps them seven "
               "days); exporting the window again");
      Forget(job);
      if (Status s = Save(ctx, state); !s.ok()) return s;
      continue;
    }
    if (status.status != "Completed") {
      const std::string id = job.id;
      // The next run exports the window again, and the one queued behind it too (whatever
      // failed this job may have failed that one).
      Forget(job);
      if (run.next) Forget(*run.next);
      if (Status s = Save(ctx, state); !s.ok()) return s;
      return Status::Unavailable("Marketo " + where + ": the export job ended " + status.status +
                                 (status.error.empty() ? "" : " (" + status.error + ")") +
                                 "; the next run exports the window again");
    }
    if (Status s = ReadFile(ctx, state, fields, status.file_size); !s.ok()) return s;
    const bool last = job.last;
    run.job.reset();
    if (last && !run.next) return Status::Ok();
    if (Status s = Save(ctx, state); !s.ok()) return s;
  }
}

Status LeadReader::ReadFile(Context& ctx, LeadsState& state, const LeadFields& fields,
                            int64_t size) {
  ExportJobState& job = *state.run->job;
  const std::string where = "stream 'leads' export " + job.id + " of " + Span(job);
  LeadMapper mapper(fields);
  bool have_header = job.offset > 0;
  if (have_header) {
    if (Status s = mapper.SetHeader(Split(job.columns), "Marketo " + where); !s.ok()) return s;
  }
  sdk::RecordBatch batch(ctx);
  std::string pending;  // the file's bytes from job.offset that are not yet records
  std::string data;
  std::vector<std::string> record;
  int64_t fetched = job.offset;
  while (fetched < size) {
    if (ctx.Cancelled()) return Status::Cancelled("cancelled by the host");
    int64_t first = 0, total = 0;
    if (Status s = client_.FileRange(ctx, exports_.FileUrl(job.id),
                                     RangeHeader(fetched, chunk_bytes_, size), where, &data, &first,
                                     &total);
        !s.ok()) {
      return s;
    }
    if (total != size || first > fetched || fetched - first > static_cast<int64_t>(data.size())) {
      return Status::Data("Marketo " + where + ": asked for bytes from " + std::to_string(fetched) +
                          " of a " + std::to_string(size) + "-byte file, got " +
                          std::to_string(data.size()) + " from byte " + std::to_string(first) +
                          " of " + std::to_string(total));
    }
    pending.append(data, static_cast<size_t>(fetched - first), std::string::npos);
    fetched = first + static_cast<int64_t>(data.size());
    const bool at_end = fetched >= size;
    size_t pos = 0;
    if (!have_header) {
      pos = SkipBom(pending);
      const CsvNext n = NextCsvRecord(pending, &pos, at_end, &record);
      if (n == CsvNext::kNeedMore) continue;  // the header is longer than the bytes so far
      if (n == CsvNext::kUnterminated) {
        return Status::Data("Marketo " + where + ": the file's header never ends");
      }
      if (Status s = mapper.SetHeader(record, "Marketo " + where); !s.ok()) return s;
      job.columns = Join(record);
      have_header = true;
    }
    for (;;) {
      const size_t at = pos;
      const CsvNext n = NextCsvRecord(pending, &pos, at_end, &record);
      if (n == CsvNext::kNeedMore) break;
      if (n == CsvNext::kUnterminated) {
        return Status::Data("Marketo " + where + ": the file ends inside a quoted field (byte " +
                            std::to_string(job.offset + static_cast<int64_t>(at)) +
                            "); it is cut or malformed");
      }
      mapper.EmitRow(ctx, batch, record, where, job.offset + static_cast<int64_t>(at));
    }
    if (Status s = batch.Flush(); !s.ok()) return s;
    job.offset += static_cast<int64_t>(pos);
    pending.erase(0, pos);
    if (Status s = Save(ctx, state); !s.ok()) return s;
  }
  return Status::Ok();
}

Status LeadReader::ReadChanges(Context& ctx, LeadsState& state, const LeadFields& fields) {
  LeadsRun& run = *state.run;
  if (run.token.empty()) {
    if (!state.changes_token.empty()) {
      run.token = state.changes_token;
    } else if (Status s = feed_.TokenSince(ctx, state.cursor_ms, "stream 'leads' lead changes",
                                           &run.token);
               !s.ok()) {
      return s;
    }
    if (Status s = Save(ctx, state); !s.ok()) return s;
  }
  LeadMapper mapper(fields);
  Envelope page, leads;
  const std::string changeable = fields.ChangeableJoined();
  const std::string wanted = UrlEncode(fields.Joined());
  for (int64_t n = 1;; ++n) {
    if (ctx.Cancelled()) return Status::Cancelled("cancelled by the host");
    const std::string where = "stream 'leads' lead changes page " + std::to_string(n);
    if (Status s = feed_.LeadChanges(ctx, run.token, changeable, where, &page); !s.ok()) return s;
    const std::vector<std::string> ids = ChangedLeadIds(page);
    sdk::RecordBatch batch(ctx);
    if (!ids.empty()) {
      // At most 300 activities a page, so at most 300 leads: one leads.json call.
      const std::string url =
          client_.Url("/rest/v1/leads.json?filterType=id&filterValues=" + Join(ids) +
                      "&fields=" + wanted + "&batchSize=300");
      if (Status s = client_.Call(ctx, "GET", url, "", where + " leads by id", &leads); !s.ok()) {
        return s;
      }
      for (size_t i = 0; i < leads.results().size(); ++i) {
        mapper.EmitJson(ctx, batch, leads.results()[i], leads.RawResult(i), where);
      }
    }
    if (Status s = batch.Flush(); !s.ok()) return s;
    run.token = page.next_page_token();
    if (Status s = Save(ctx, state); !s.ok()) return s;
    if (!page.more_result()) break;
  }
  state.changes_token = run.token;
  return Status::Ok();
}

Status LeadReader::ReadDeleted(Context& ctx, LeadsState& state) {
  LeadsRun& run = *state.run;
  if (run.token.empty()) {
    if (!state.deleted_token.empty()) {
      run.token = state.deleted_token;
    } else if (Status s = feed_.TokenSince(ctx, state.cursor_ms, "stream 'leads' deleted leads",
                                           &run.token);
               !s.ok()) {
      return s;
    }
    if (Status s = Save(ctx, state); !s.ok()) return s;
  }
  Envelope page;
  for (int64_t n = 1;; ++n) {
    if (ctx.Cancelled()) return Status::Cancelled("cancelled by the host");
    const std::string where = "stream 'leads' deleted leads page " + std::to_string(n);
    if (Status s = feed_.DeletedLeads(ctx, run.token, where, &page); !s.ok()) return s;
    sdk::RecordBatch batch(ctx);
    for (size_t i = 0; i < page.results().size(); ++i) {
      std::optional<DeletedLead> lead = DeletedLeadOf(page.results()[i]);
      if (!lead) {
        ctx.Reject("leads " + where + " activity " + std::to_string(i) + ": no leadId");
        continue;
      }
      batch.Begin(model::kLead, batch.Copy(lead->id)).Deleted();
      if (!page.RawResult(i).empty()) batch.Raw(page.RawResult(i));
      if (!lead->at.empty()) batch.UpdatedAt(batch.Copy(lead->at));
    }
    if (Status s = batch.Flush(); !s.ok()) return s;
    run.token = page.next_page_token();
    if (Status s = Save(ctx, state); !s.ok()) return s;
    if (!page.more_result()) return Status::Ok();
  }
}

}  // namespace tempo::marketo
