// Two incremental reads after the full read, and the store compared with a fresh full read.
#include "conformance/session.h"
#include "tempo/time.hpp"

namespace tempo::conformance {
namespace {

std::string Summary(const IncrementalVerdict& v) {
  std::string text =
      std::to_string(v.changed) + " changed, " + std::to_string(v.overlap) + " overlap";
  if (v.allowed_reread > 0) {
    text += ", " + std::to_string(v.allowed_reread) + " re-read by a stream given --allow-reread";
  }
  return text;
}

}  // namespace

void Session::Incremental() {
  std::set<std::string> incremental;
  for (const StreamDesc& s : streams_) {
    if (s.sync_modes & TEMPO_SYNC_INCREMENTAL) incremental.insert(s.name);
  }
  if (incremental.empty()) {
    report_.Skip("incremental", "no stream reads incrementally");
    return;
  }
  if (replay() && fixture_.reads.count("incremental_1") == 0) {
    report_.Skip("incremental",
                 "the recording has no incremental reads (it was made with --skip incremental)");
    return;
  }
  if (!replay() && !o_.between_reads.empty()) {
    const int rc = RunShell(o_.between_reads, File("steps/between_reads.log"));
    if (rc != 0) {
      report_.Fail("incremental",
                   "the --between-reads command failed (" +
                       (rc < 0 ? std::string("a signal") : "exit " + std::to_string(rc)) +
                       "); see " + File("steps/between_reads.log"));
      return;
    }
  }
  const std::set<std::string> allowed(o_.allow_reread.begin(), o_.allow_reread.end());
  Before before;
  before.Add(full_log_);
  before.started_ms = fixture_.reads["full_read"].started_ms;
  std::vector<IncrementalVerdict> verdicts;
  for (const std::string step : {"incremental_1", "incremental_2"}) {
    FixtureRead& info = fixture_.reads[step];
    if (!replay()) info.started_ms = sdk::NowMs();
    if (Status s = KeepOrRestoreStates(step, File("full.db")); !s.ok()) {
      report_.Fail("incremental", s.message());
      return;
    }
    StepResult r = Read({step, File("full.db"), false, 0});
    const std::string which =
        step == "incremental_1" ? "the first incremental read" : "the second incremental read";
    if (!r.json || r.json->Str("status") != "succeeded") {
      report_.Fail("incremental", which + " failed: " + ReadFailure(r));
      return;
    }
    Result<EmitLog> log = ReadEmitLog(File(step + ".emits"));
    if (!log.ok()) {
      report_.Fail("incremental", log.status().message());
      return;
    }
    const IncrementalVerdict v = JudgeIncremental(*log, before, incremental, allowed);
    if (v.reread_count > 0) {
      report_.Fail("incremental",
                   which + " re-read " + std::to_string(v.reread_count) +
                       " unchanged record(s) older than its cursor (" + Sample(v.reread) +
                       "): a read given its saved state must return only what changed since "
                       "(and the overlap at its cursor)");
      return;
    }
    verdicts.push_back(v);
    before.Add(*log);
    before.started_ms = info.started_ms;
  }
  // Nothing changed at the source may be missing: the store equals a fresh full read's.
  StepResult after = Read({"full_after", File("after.db"), true, 0});
  if (!after.json || after.json->Str("status") != "succeeded") {
    report_.Fail("incremental",
                 "the full read after the incremental reads failed: " + ReadFailure(after));
    return;
  }
  Result<Rows> fresh = LiveRows(File("after.db"));
  Result<Rows> kept = LiveRows(File("full.db"));
  if (!fresh.ok() || !kept.ok()) {
    report_.Fail("incremental", (fresh.ok() ? kept.status() : fresh.status()).message());
    return;
  }
  const std::string missing = MissingRows(*fresh, *kept);
  if (!missing.empty()) {
    report_.Fail("incremental",
                 "after the incremental reads the store lacks what a fresh full "
                 "read finds: " +
                     missing + "; an incremental read must not skip a change");
    return;
  }
  report_.Pass("incremental", "read 1: " + Summary(verdicts[0]) +
                                  "; read 2: " + Summary(verdicts[1]) +
                                  "; the store then equals a fresh full "
                                  "read's " +
                                  std::to_string(fresh->size()) + " rows");
}

}  // namespace tempo::conformance
