// Reads the programs and program_members streams (program_reader.h).
#include "program_reader.h"

#include <algorithm>

#include "activities.h"
#include "program_mapping.h"
#include "tempo/cursor.hpp"
#include "tempo/time.hpp"
#include "windows.h"

namespace tempo::marketo {

using sdk::Context;
using sdk::Status;

namespace {

constexpr int64_t kMaxReturn = 200;  // the asset API's largest page
constexpr int kMemberBatch = 300;

// The end of asset paging: success without a result (and the "No assets found" warning).
bool NoAssets(const Envelope& page) { return !page.has_result() || page.results().empty(); }

}  // namespace

Status ProgramReader::ProgramPage(Context& ctx, int64_t offset, int64_t earliest_ms,
                                  std::string_view where, Envelope* page, bool* end) {
  std::string path = "/rest/asset/v1/programs.json?maxReturn=" + std::to_string(kMaxReturn) +
                     "&offset=" + std::to_string(offset);
  if (earliest_ms >= 0) {
    // latestUpdatedAt moves on with every page, so a program changed meanwhile stays in the
    // range (and in place: the API pages in id order) instead of shifting the ones after it.
    path += "&earliestUpdatedAt=" + UrlEncode(FilterDate(earliest_ms)) +
            "&latestUpdatedAt=" + UrlEncode(FilterDate(sdk::NowMs() + 1000));
  }
  if (Status s = client_.Call(ctx, "GET", client_.Url(path), "", where, page); !s.ok()) return s;
  *end = NoAssets(*page);
  return Status::Ok();
}

Status ProgramReader::Check(Context& ctx) {
  Envelope page;
  return client_.Call(ctx, "GET", client_.Url("/rest/asset/v1/programs.json?maxReturn=1&offset=0"),
                      "", "stream 'programs' check", &page);
}

Status ProgramReader::ReadPrograms(Context& ctx, const sdk::ReadRequest& request) {
  ProgramsState state;
  if (Status s = DecodeState(request.state, &state); !s.ok()) return s;
  const bool incremental = request.sync_mode == TEMPO_SYNC_INCREMENTAL;
  if (state.run && state.run->incremental != incremental) state.run.reset();
  if (!state.run) {
    ProgramsRun run;
    run.incremental = incremental;
    run.started_ms = sdk::ReadStart();
    run.earliest_ms = incremental ? state.cursor_ms : -1;
    state.run = run;
  } else {
    ctx.Info("Marketo stream 'programs': resuming the interrupted read at offset " +
             std::to_string(state.run->offset));
  }
  ProgramsRun& run = *state.run;
  Envelope page;
  for (;;) {
    if (ctx.Cancelled()) return Status::Cancelled("cancelled by the host");
    const std::string where = "stream 'programs' offset " + std::to_string(run.offset);
    bool end = false;
    if (Status s = ProgramPage(ctx, run.offset, run.earliest_ms, where, &page, &end); !s.ok()) {
      return s;
    }
    if (end) break;
    sdk::RecordBatch batch(ctx);
    for (size_t i = 0; i < page.results().size(); ++i) {
      std::string reject;
      if (!EmitProgram(batch, page.results()[i], page.RawResult(i), &reject)) {
        ctx.Reject("programs " + where + " result " + std::to_string(i) + ": " + reject);
      }
    }
    if (Status s = batch.Flush(); !s.ok()) return s;
    run.offset += static_cast<int64_t>(page.results().size());
    if (Status s = ctx.Checkpoint("programs", EncodeState(state)); !s.ok()) return s;
  }
  // Offset paging is not in time order: hand on the instant the read started.
  ProgramsState done;
  done.cursor_ms = sdk::HandOverFromList(run.started_ms, {state.cursor_ms, ""}).ms;
  return ctx.Checkpoint("programs", EncodeState(done));
}

Status ProgramReader::ProgramIds(Context& ctx, std::vector<int64_t>* ids) {
  ids->clear();
  Envelope page;
  for (int64_t offset = 0;;) {
    if (ctx.Cancelled()) return Status::Cancelled("cancelled by the host");
    bool end = false;
    const std::string where = "stream 'program_members' programs offset " + std::to_string(offset);
    if (Status s = ProgramPage(ctx, offset, -1, where, &page, &end); !s.ok()) return s;
    if (end) break;
    for (simdjson::dom::element program : page.results()) {
      const std::string id = ProgramId(program);
      if (!id.empty()) ids->push_back(std::stoll(id));
    }
    offset += static_cast<int64_t>(page.results().size());
  }
  std::sort(ids->begin(), ids->end());
  ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  return Status::Ok();
}

Status ProgramReader::ReadMembers(Context& ctx, const sdk::ReadRequest& request) {
  MembersState state;
  if (Status s = DecodeState(request.state, &state); !s.ok()) return s;
  if (state.run) {
    ctx.Info("Marketo stream 'program_members': resuming the interrupted read at program " +
             std::to_string(state.run->program_id));
  } else {
    state.run = MembersRun{-1, "", sdk::ReadStart()};
  }
  std::vector<int64_t> ids;
  if (Status s = ProgramIds(ctx, &ids); !s.ok()) return s;
  MembersRun& run = *state.run;
  for (int64_t id : ids) {
    if (id < run.program_id) continue;  // read by the run this one resumes
    if (id > run.program_id) {
      run.program_id = id;
      run.token.clear();
    }
    if (Status s = ReadProgramMembers(ctx, state); !s.ok()) return s;
    // Done with it: a resumed run starts after it.
    run.program_id = id + 1;
    run.token.clear();
    if (Status s = ctx.Checkpoint("program_members", EncodeState(state)); !s.ok()) return s;
  }
  return ctx.Checkpoint("program_members", EncodeState(MembersState{}));
}

Status ProgramReader::ReadProgramMembers(Context& ctx, MembersState& state) {
  MembersRun& run = *state.run;
  const std::string program = std::to_string(run.program_id);
  Envelope page;
  for (int64_t n = 1;; ++n) {
    if (ctx.Cancelled()) return Status::Cancelled("cancelled by the host");
    const std::string where =
        "stream 'program_members' program " + program + " page " + std::to_string(n);
    std::string path = "/rest/v1/leads/programs/" + program +
                       ".json?batchSize=" + std::to_string(kMemberBatch) + "&fields=email";
    if (!run.token.empty()) path += "&nextPageToken=" + UrlEncode(run.token);
    if (Status s = client_.Call(ctx, "GET", client_.Url(path), "", where, &page, {"1013"});
        !s.ok()) {
      return s;
    }
    if (!page.success()) {  // 1013: the program went away since it was listed
      ctx.Warn("Marketo " + where + ": " + Describe(page.errors().front()) +
               "; the program was deleted meanwhile, its members are skipped");
      return Status::Ok();
    }
    sdk::RecordBatch batch(ctx);
    for (size_t i = 0; i < page.results().size(); ++i) {
      std::string reject;
      if (!EmitMember(batch, program, page.results()[i], page.RawResult(i), &reject)) {
        ctx.Reject("program_members " + where + " result " + std::to_string(i) + ": " + reject);
      }
    }
    if (Status s = batch.Flush(); !s.ok()) return s;
    // Every page carries a token, the last one too; only moreResult says whether to go on.
    if (!page.more_result()) return Status::Ok();
    if (page.next_page_token().empty()) {
      return Status::Data("Marketo " + where + ": moreResult without a nextPageToken");
    }
    run.token = page.next_page_token();
    if (Status s = ctx.Checkpoint("program_members", EncodeState(state)); !s.ok()) return s;
  }
}

}  // namespace tempo::marketo
