// The full read and what it is checked for: duplicates, states, and the kill loop.
#include <signal.h>

#include <algorithm>
#include <set>

#include <simdjson.h>

#include "conformance/session.h"
#include "tempo/time.hpp"

namespace tempo::conformance {
namespace {

// The commits to kill after: all of 1..commits-1 when they are at most `n`, else `n` of them
// spread evenly, the first and the last included.
std::vector<int64_t> KillPoints(int64_t commits, int n) {
  std::vector<int64_t> points;
  const int64_t last = commits - 1;
  if (last < 1 || n < 1) return points;
  if (last <= n) {
    for (int64_t k = 1; k <= last; ++k) points.push_back(k);
    return points;
  }
  for (int i = 0; i < n; ++i) {
    const int64_t k = n == 1 ? 1 : 1 + (last - 1) * i / (n - 1);
    if (points.empty() || points.back() != k) points.push_back(k);
  }
  return points;
}

}  // namespace

bool Session::FullRead() {
  FixtureRead& info = fixture_.reads["full_read"];
  if (!replay()) info.started_ms = sdk::NowMs();
  StepResult r = Read({"full_read", File("full.db"), true, 0});
  if (!r.json || r.json->Str("status") != "succeeded") {
    report_.Fail("full_read", "a full read of every stream failed: " + ReadFailure(r));
    return false;
  }
  const JsonDoc& d = *r.json;
  Result<EmitLog> log = ReadEmitLog(File("full_read.emits"));
  Result<Rows> rows = LiveRows(File("full.db"));
  if (!log.ok() || !rows.ok()) {
    report_.Fail("full_read", "cannot read what the full read wrote: " +
                                  (log.ok() ? rows.status() : log.status()).message());
    return false;
  }
  full_log_ = std::move(log).value();
  full_rows_ = std::move(rows).value();
  full_commits_ = d.Int("commits");
  if (full_rows_.empty()) {
    report_.Fail("full_read",
                 "the full read succeeded with no record: the kit needs a source with a few "
                 "records (a few pages, for the kill loop)");
    return false;
  }
  std::string detail = std::to_string(d.Int("records")) + " records into " +
                       std::to_string(full_rows_.size()) + " rows, " +
                       std::to_string(full_commits_) + " commits, " +
                       std::to_string(d.Int("requests")) + " HTTP requests";
  if (d.Int("rejects") > 0) {
    std::string_view sample;
    if (d.Get("reject_samples").at(0).get(sample)) sample = "";
    detail += "; " + std::to_string(d.Int("rejects")) + " rejects, e.g. " + std::string(sample);
  }
  report_.Pass("full_read", detail);
  return true;
}

void Session::NoDuplicates() {
  std::map<std::string, std::string> entity_of;
  for (const StreamDesc& s : streams_) entity_of[s.name] = s.entity;
  const std::map<std::string, int> dups = Duplicates(full_log_, entity_of);
  if (dups.empty()) {
    report_.Pass("no_duplicates",
                 "each record of a stream's own entity came once in the full read");
    return;
  }
  std::vector<std::string> examples;
  for (const auto& [key, n] : dups) examples.push_back(key + " " + std::to_string(n) + " times");
  report_.Fail("no_duplicates", std::to_string(dups.size()) +
                                    " record(s) came more than once in one full read (" +
                                    Sample(examples) +
                                    "): a paging bug reads a page twice, or a page boundary "
                                    "overlaps without a keyset");
}

void Session::StateRoundTrip() {
  Result<States> stored = ReadStates(File("full.db"));
  if (!stored.ok()) {
    report_.Fail("state_round_trip", stored.status().message());
    return;
  }
  std::vector<std::string> problems;
  size_t largest = 0;
  simdjson::dom::parser parser;
  for (const StreamDesc& s : streams_) {
    const std::string who = "stream '" + s.name + "'";
    auto last = full_log_.last_state.find(s.name);
    auto kept = stored->find(s.name);
    const std::string state = last == full_log_.last_state.end() ? "" : last->second;
    if (kept == stored->end() || kept->second != state) {
      problems.push_back(who + ": the store holds another state than the last checkpoint");
      continue;
    }
    if (state.empty()) {
      if (s.sync_modes & TEMPO_SYNC_INCREMENTAL) {
        problems.push_back(who +
                           " ended its full read without a state: an incremental read "
                           "cannot start where it ended");
      }
      continue;
    }
    simdjson::dom::element e;
    if (parser.parse(state).get(e) || !e.is_object()) {
      problems.push_back(who + ": its state is not a JSON object: " + state.substr(0, 80));
    }
    if (state.size() > (1u << 20)) problems.push_back(who + ": its state is over 1 MiB");
    largest = std::max(largest, state.size());
  }
  if (!problems.empty()) {
    report_.Fail("state_round_trip", Sample(problems, 4));
  } else {
    report_.Pass("state_round_trip", "each stream's last checkpoint is a JSON object (" +
                                         std::to_string(largest) +
                                         " bytes at most), stored and handed back as written");
  }
}

void Session::KillResume() {
  if (replay() && fixture_.kill_points.empty() && full_commits_ > 1) {
    report_.Skip("kill_resume", "the recording has no kills (it was made with --skip kill_resume)");
    return;
  }
  std::vector<int64_t> points =
      replay() ? fixture_.kill_points : KillPoints(full_commits_, o_.kill_points);
  if (!replay()) fixture_.kill_points = points;
  if (points.empty()) {
    report_.Skip("kill_resume", "the full read made " + std::to_string(full_commits_) +
                                    " commit(s): no checkpoint to kill after; give the kit a "
                                    "source of a few pages");
    return;
  }
  std::vector<std::string> done;
  for (int64_t k : points) {
    const std::string at =
        "a kill after commit " + std::to_string(k) + " of " + std::to_string(full_commits_);
    const std::string store = File("kill_" + std::to_string(k) + ".db");
    StepResult killed = Read({"kill_" + std::to_string(k), store, true, k});
    if (killed.child.signal != SIGKILL) {
      report_.Fail("kill_resume",
                   at + ": the read did not reach that commit (" +
                       (killed.json ? "it ended " + killed.json->Str("status") + " after " +
                                          std::to_string(killed.json->Int("commits")) + " commits"
                                    : killed.died) +
                       "); the full read made " + std::to_string(full_commits_));
      return;
    }
    if (Status s = KeepOrRestoreStates("resume_" + std::to_string(k), store); !s.ok()) {
      report_.Fail("kill_resume", at + ": " + s.message());
      return;
    }
    StepResult resumed = Read({"resume_" + std::to_string(k), store, false, 0});
    if (!resumed.json || resumed.json->Str("status") != "succeeded") {
      report_.Fail("kill_resume", at + ", the resumed run failed: " + ReadFailure(resumed));
      return;
    }
    Result<Rows> rows = LiveRows(store);
    if (!rows.ok()) {
      report_.Fail("kill_resume", at + ": " + rows.status().message());
      return;
    }
    const std::string diff = CompareRows(full_rows_, *rows);
    if (!diff.empty()) {
      report_.Fail("kill_resume", at + ", then a resumed run: " + diff +
                                      "; the state must say exactly where the read goes on");
      return;
    }
    done.push_back(std::to_string(k));
  }
  report_.Pass("kill_resume", std::to_string(points.size()) + " SIGKILLs (after commit " +
                                  Sample(done, 10) + " of " + std::to_string(full_commits_) +
                                  "), each resumed to the full read's " +
                                  std::to_string(full_rows_.size()) +
                                  " rows: no loss, no duplicate, no other value");
}

}  // namespace tempo::conformance
