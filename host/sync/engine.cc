// The sync engine: stream selection, resume rules, checkpoint coalescing and run accounting.
#include "sync/engine.h"

#include <algorithm>
#include <cmath>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "common/json_writer.h"
#include "common/log.h"
#include "sync/record_buffer.h"
#include "sync/reject_ratio.h"

namespace tempo::sync {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxRejectSamples = 10;
constexpr auto kProgressEvery = std::chrono::milliseconds(200);

struct StreamStats {
  std::string name;
  std::string mode;
  int64_t records = 0, deletes = 0, rejects = 0, pages = 0, commits = 0, bytes = 0;
  Clock::duration commit_time{};  // spent writing and committing (on either thread)
  Clock::duration commit_wait{};  // the plugin's thread waited for a commit to finish
  bool completed = false;
  std::string skipped =
      {};  // why the plugin skipped the stream (TEMPO_ERR_SKIPPED); "" when it did not
  // Why the stream was restarted as a full refresh (TEMPO_ERR_RESTART_FULL_REFRESH); "" when
  // it was not.
  std::string restarted = {};
  std::string error = {};  // why the stream failed (redacted); "" when it did not

  // "succeeded", "skipped", "failed", or "stopped" (the run ended while it was read).
  std::string Status() const {
    if (completed) return "succeeded";
    if (!skipped.empty()) return "skipped";
    return error.empty() ? "stopped" : "failed";
  }
};

// Shared by all streams of one run.
struct RunCounters {
  int64_t records = 0, deletes = 0, rejects = 0, pages = 0, commits = 0, bytes = 0;
  std::vector<std::string> reject_samples;
  Clock::time_point started = Clock::now();
  Clock::time_point last_progress{};
  Clock::duration commit_wait{};              // all streams' StreamStats::commit_wait
  const plugin::HttpGateway* http = nullptr;  // the connection's, if it has one
  plugin::HttpCounters http_before;           // its counters when the run started

  // The waits of the run so far.
  TimeShares Time() const {
    TimeShares t;
    t.store_wait_s = std::chrono::duration<double>(commit_wait).count();
    if (http != nullptr) {
      const plugin::HttpCounters now = http->Counters();
      t.rate_wait_s = (now.rate_limit_wait_ms - http_before.rate_limit_wait_ms) / 1000.0;
      t.server_s = (now.server_ms - http_before.server_ms) / 1000.0;
      t.backoff_s = (now.backoff_ms - http_before.backoff_ms) / 1000.0;
      t.rate_limit_key = now.rate_limit_key;
    }
    return t;
  }
};

const char* ModeName(int32_t mode) {
  return mode == TEMPO_SYNC_INCREMENTAL ? "incremental" : "full_refresh";
}

// What one commit did: counts for the run record, and the entities it wrote. A write that
// left its transaction open for a group commit (`committed` false) counts once that
// transaction commits.
struct CommitOutcome {
  Status status;
  bool committed = false;
  int64_t written = 0, deletes = 0, bytes = 0, rejects = 0;
  Clock::duration took{};                   // writing and committing
  std::vector<std::string> reject_samples;  // at most kMaxRejectSamples, redacted
  std::set<std::string> entities;
};

// What the final commit of a completed full refresh soft-deletes: the rows of `entities` (and
// of the entities the commit writes) that the refresh run `refresh_run` did not see; of the
// stream's own `entity`, only those in `scope`.
struct FinalDelete {
  std::set<std::string> entities;
  int64_t refresh_run = 0;
  std::string entity;
  RowScope scope;
};

// Writes every record of `buffer` (in key order: RecordBuffer::KeyOrder) and commits them with
// `state` in one transaction, with the soft-deletes of `final_delete` when given. `in_txn`: a
// transaction left open by the previous call (a group commit) goes on instead of a new one.
// `commit` false leaves the transaction open after the writes, for the next call to continue
// (the records and `state` are then committed by a later call, with a later state).
// On failure the transaction is rolled back: nothing of it is kept, nor of the open one.
CommitOutcome WriteAndCommit(Destination& dest, RecordBuffer& buffer, const std::string& stream,
                             const std::string& state, std::optional<int64_t> refresh_marker,
                             const FinalDelete* final_delete, bool in_txn = false,
                             bool commit = true) {
  CommitOutcome out;
  const Clock::time_point started = Clock::now();
  Status& s = out.status;
  if (!in_txn) s = dest.Begin();
  if (!s.ok()) return out;
  std::string reject;
  std::string_view last_entity;
  // Counts a reject, samples it for the run record and keeps it in the open transaction.
  auto keep = [&](const std::string& sample, const Reject& r) {
    ++out.rejects;
    if (out.reject_samples.size() < kMaxRejectSamples) {
      out.reject_samples.push_back(log::Redact(sample));
    }
    return dest.WriteReject(r);
  };
  for (uint32_t i : buffer.KeyOrder()) {
    const tempo_record& rec = buffer.at(i);
    reject.clear();
    s = dest.Write(rec, &reject);
    if (!s.ok()) break;
    std::string_view entity(rec.entity, rec.entity_len);
    if (!reject.empty()) {
      const std::string_view source_id(rec.source_id, rec.source_id_len);
      reject = log::Redact(reject);
      s = keep(std::string(entity) + " " + std::string(source_id) + ": " + reject,
               {stream, entity, source_id, reject,
                std::string_view(rec.raw_json ? rec.raw_json : "", rec.raw_json_len)});
      if (!s.ok()) break;
      continue;
    }
    if (entity != last_entity) {
      out.entities.emplace(entity);
      last_entity = entity;
    }
    ++out.written;
    if (rec.op == TEMPO_OP_DELETE) ++out.deletes;
    out.bytes += static_cast<int64_t>(rec.raw_json_len);
  }
  // The rows the plugin itself refused, after the records (their order among them is lost).
  for (size_t i = 0; s.ok() && i < buffer.reject_count(); ++i) {
    const RecordBuffer::PluginReject& r = buffer.reject_at(i);
    const std::string reason = log::Redact(r.reason);
    s = keep(reason, {stream, "", r.source_id, reason, r.raw_record});
  }
  if (s.ok() && final_delete) {
    std::set<std::string> entities = final_delete->entities;
    entities.insert(out.entities.begin(), out.entities.end());
    for (const std::string& entity : entities) {
      Result<int64_t> deleted =
          dest.DeleteUnseen(entity, final_delete->refresh_run,
                            entity == final_delete->entity ? final_delete->scope : RowScope{});
      if (!deleted.ok()) {
        s = deleted.status();
        break;
      }
      out.deletes += *deleted;
    }
  }
  if (s.ok() && commit) s = dest.Commit(stream, state, refresh_marker);
  if (!s.ok()) dest.Rollback();
  out.committed = s.ok() && commit;
  out.took = Clock::now() - started;
  return out;
}

// Receives one stream's records and checkpoints from the plugin and drives the commits.
//
// Records are copied into a RecordBuffer as they arrive. At a checkpoint, once enough records,
// bytes or time have accumulated, the buffered records and that checkpoint's state are written
// and committed in one short transaction: the store's write lock is never held while the
// plugin waits on its source.
//
// Those commits run on a writer thread while the plugin goes on reading into a second buffer,
// so fetching and parsing overlap with SQLite's work. At most one commit is in flight; the next
// one waits for it, and commits happen in checkpoint order, so the store only ever moves from
// one committed checkpoint to the next. A failed commit stops the stream at the next
// checkpoint, and nothing after it is committed. The final commit of a stream, and the one
// after a failed read, run on the plugin's thread once the one in flight is done; the
// Destination is only ever used by one thread at a time.
//
// Group commit: while the plugin reads without HTTP requests (a local source, such as files),
// a buffer handed to the writer is written into a transaction that stays open for the next
// buffers, and commits, with the newest handed state, once commit_records records or
// commit_interval have passed since the last commit. Memory is still bounded by commit_bytes
// per buffer, the store gets far fewer commits (each rewrites every page it touched: random
// index inserts cost a page each), and every commit still pairs records with the checkpoint
// that covers them. A plugin that waits on the network never holds the write lock meanwhile:
// a hand-off after an HTTP request commits.
class StreamSink : public plugin::ReadSink {
 public:
  StreamSink(Destination& dest, const SyncOptions& options, RunCounters& run, StreamStats& stats,
             std::string stream, std::string initial_state, std::optional<int64_t> refresh_run,
             RowScope scope)
      : dest_(dest),
        options_(options),
        run_(run),
        stats_(stats),
        stream_(std::move(stream)),
        newest_state_(std::move(initial_state)),
        refresh_run_(refresh_run),
        scope_(std::move(scope)),
        last_commit_(Clock::now()),
        last_handoff_(last_commit_),
        requests_seen_(Requests()) {}

  ~StreamSink() override { WaitInFlight(); }

  tempo_status OnEmit(const tempo_record_batch& batch) override {
    if (batch.count == 0) return TEMPO_OK;
    if (batch.records == nullptr || batch.records[0].struct_size < kMinRecordSize) {
      host_error_ = Status::Plugin("emit: record struct too small; rebuild the plugin");
      return TEMPO_ERR_INVALID_ARGUMENT;
    }
    const auto* base = reinterpret_cast<const char*>(batch.records);
    size_t stride = batch.records[0].struct_size;
    for (uint32_t i = 0; i < batch.count; ++i) {
      const auto& rec = *reinterpret_cast<const tempo_record*>(base + i * stride);
      size_t field_stride = rec.field_count ? rec.fields[0].struct_size : sizeof(tempo_field);
      if (rec.field_count && field_stride < kMinFieldSize) {
        host_error_ = Status::Plugin("emit: field struct too small; rebuild the plugin");
        return TEMPO_ERR_INVALID_ARGUMENT;
      }
      buffer_.Append(rec, field_stride);
    }
    if (buffer_.bytes() > options_.max_uncheckpointed_bytes + covered_bytes_) {
      host_error_ = Status::Plugin(
          "stream '" + stream_ + "': the plugin emitted more than " +
          std::to_string(options_.max_uncheckpointed_bytes >> 20) +
          " MiB without a checkpoint; connectors must checkpoint at page boundaries");
      return TEMPO_ERR_INVALID_ARGUMENT;
    }
    MaybeReportProgress();
    return TEMPO_OK;
  }

  tempo_status OnCheckpoint(std::string_view stream, std::string_view state) override {
    if (stream != stream_) {
      host_error_ = Status::Plugin("checkpoint for stream '" + std::string(stream) +
                                   "' while reading '" + stream_ + "'");
      return TEMPO_ERR_INVALID_ARGUMENT;
    }
    newest_state_.assign(state);
    covered_ = buffer_.size();
    covered_rejects_ = buffer_.reject_count();
    covered_bytes_ = buffer_.bytes();
    state_pending_ = true;
    ++stats_.pages;
    ++run_.pages;
    // A commit that finished in the background is accounted now; a failed one stops the read.
    if (in_flight_.valid() &&
        in_flight_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      if (!Harvest()) return TEMPO_ERR_INTERNAL;
    }
    const Clock::time_point now = Clock::now();
    bool enough = static_cast<int64_t>(buffer_.size()) >= options_.commit_records ||
                  buffer_.bytes() >= options_.commit_bytes ||
                  now - last_handoff_ >= options_.commit_interval;
    if (!enough) return TEMPO_OK;
    if (!WaitInFlight()) return TEMPO_ERR_INTERNAL;
    // Commit now, or leave the transaction open for the next buffers (a group commit): only
    // while the plugin sent no HTTP request since the last hand-off.
    const int64_t requests = Requests();
    uncommitted_records_ += static_cast<int64_t>(buffer_.size());
    const bool commit = requests != requests_seen_ ||
                        uncommitted_records_ >= options_.commit_records ||
                        now - last_commit_ >= options_.commit_interval;
    requests_seen_ = requests;
    // Hand the buffer with this checkpoint's state to the writer thread; read on into the other.
    std::swap(buffer_, spare_);
    in_flight_records_ = static_cast<int64_t>(spare_.size());
    in_flight_ = std::async(std::launch::async, [this, state = newest_state_, marker = refresh_run_,
                                                 in_txn = txn_open_, commit] {
      return WriteAndCommit(dest_, spare_, stream_, state, marker, nullptr, in_txn, commit);
    });
    txn_open_ = !commit;  // as the write leaves it, if it succeeds (Harvest checks)
    covered_ = 0;
    covered_rejects_ = 0;
    covered_bytes_ = 0;
    state_pending_ = false;
    last_handoff_ = now;
    if (commit) {
      uncommitted_records_ = 0;
      last_commit_ = now;
    }
    return TEMPO_OK;
  }

  // A plugin's reject is buffered like a record: it commits with the checkpoint after it, so
  // a run killed before that checkpoint keeps it no more than once (its resume rejects it again).
  void OnReject(std::string_view reason) override { buffer_.AppendReject(reason, {}, {}); }
  void OnRejectRecord(std::string_view reason, std::string_view source_id,
                      std::string_view raw_record) override {
    buffer_.AppendReject(reason, source_id, raw_record);
  }

  // The stream completed: writes what is buffered, deletes what a full refresh did not see
  // (of the declared entity, only within the stream's scope), and commits the final state,
  // all in one transaction.
  Status Finish(const std::string& declared_entity) {
    if (!WaitInFlight()) return *host_error_;
    covered_ = buffer_.size();
    covered_rejects_ = buffer_.reject_count();
    FinalDelete final_delete{entities_, refresh_run_.value_or(0), declared_entity, scope_};
    final_delete.entities.insert(declared_entity);
    final_delete.entities.insert(pending_.entities.begin(), pending_.entities.end());
    Status s = CommitNow(std::nullopt, refresh_run_ ? &final_delete : nullptr);
    if (s.ok()) stats_.completed = true;
    return s;
  }

  // The read failed or was cancelled: commits what the newest checkpoint covers with its state
  // and drops what came after, so the next run resumes exactly there. After a host-side
  // failure (disk full, a failed background commit), nothing more is attempted.
  void Abort() {
    WaitInFlight();
    buffer_.Truncate(covered_, covered_rejects_);
    // An open group transaction holds records its handed states cover: commit it too.
    if (!host_error_ && (state_pending_ || txn_open_)) {
      Status s = CommitNow(refresh_run_, nullptr);
      if (!s.ok()) {
        log::Warn("stream '" + stream_ + "': could not keep the last checkpoint: " + s.message());
      }
    }
    buffer_.Clear();
  }

  const std::optional<Status>& host_error() const { return host_error_; }

 private:
  static constexpr uint32_t kMinRecordSize = TEMPO_SIZE_THROUGH(tempo_record, raw_json_len);
  static constexpr uint32_t kMinFieldSize = TEMPO_SIZE_THROUGH(tempo_field, real_value);

  // Commits the buffered records on this thread (nothing may be in flight; the callers have
  // dropped what the newest checkpoint does not cover).
  Status CommitNow(std::optional<int64_t> refresh_marker, const FinalDelete* final_delete) {
    const bool group = txn_open_;
    CommitOutcome out =
        WriteAndCommit(dest_, buffer_, stream_, newest_state_, refresh_marker, final_delete, group);
    txn_open_ = false;  // committed, or rolled back on failure
    if (!out.status.ok()) {
      pending_ = CommitOutcome();
      // The rollback took the group's earlier buffers too: the newest state no longer matches
      // the store, so nothing more may be committed (Abort must not retry with it).
      if (group) host_error_ = out.status;
      return out.status;
    }
    Account(out);
    buffer_.Clear();
    covered_ = 0;
    covered_rejects_ = 0;
    covered_bytes_ = 0;
    state_pending_ = false;
    last_commit_ = Clock::now();
    return Status::Ok();
  }

  // Waits for the commit in flight, if any, and accounts it. False when it failed.
  bool WaitInFlight() {
    if (!in_flight_.valid()) return !host_error_;
    return Harvest();
  }

  // Takes the finished background commit's outcome. False (and host_error_ set) on failure.
  bool Harvest() {
    const Clock::time_point waiting = Clock::now();
    CommitOutcome out = in_flight_.get();
    stats_.commit_wait += Clock::now() - waiting;
    run_.commit_wait += Clock::now() - waiting;
    in_flight_records_ = 0;
    spare_.Clear();
    if (!out.status.ok()) {
      txn_open_ = false;  // rolled back, with what the open transaction held
      pending_ = CommitOutcome();
      host_error_ = out.status;
      return false;
    }
    Account(out);
    return true;
  }

  // Counts a write once its transaction has committed; until then it waits in pending_.
  void Account(const CommitOutcome& out) {
    stats_.commit_time += out.took;
    pending_.written += out.written;
    pending_.deletes += out.deletes;
    pending_.bytes += out.bytes;
    pending_.rejects += out.rejects;
    pending_.entities.insert(out.entities.begin(), out.entities.end());
    for (const std::string& sample : out.reject_samples) {
      if (pending_.reject_samples.size() < kMaxRejectSamples) {
        pending_.reject_samples.push_back(sample);
      }
    }
    if (!out.committed) return;
    CommitOutcome done = std::move(pending_);
    pending_ = CommitOutcome();
    AccountCommitted(done);
  }

  void AccountCommitted(const CommitOutcome& out) {
    entities_.insert(out.entities.begin(), out.entities.end());
    stats_.records += out.written;
    run_.records += out.written;
    stats_.deletes += out.deletes;
    run_.deletes += out.deletes;
    stats_.bytes += out.bytes;
    run_.bytes += out.bytes;
    ++stats_.commits;
    ++run_.commits;
    stats_.rejects += out.rejects;
    run_.rejects += out.rejects;
    for (const std::string& sample : out.reject_samples) KeepRejectSample(sample);
  }

  void KeepRejectSample(const std::string& sample) {
    if (run_.reject_samples.size() < kMaxRejectSamples) {
      run_.reject_samples.push_back(stream_ + ": " + sample);
    }
  }

  // HTTP requests the connection has sent so far (0 without a gateway).
  int64_t Requests() const { return run_.http ? run_.http->Counters().requests : 0; }

  void MaybeReportProgress() {
    if (!options_.on_progress) return;
    auto now = Clock::now();
    if (now - run_.last_progress < kProgressEvery) return;
    run_.last_progress = now;
    Progress p;
    p.stream = stream_;
    p.records =
        run_.records + pending_.written + in_flight_records_ + static_cast<int64_t>(buffer_.size());
    p.rejects = run_.rejects;
    p.seconds = std::chrono::duration<double>(now - run_.started).count();
    p.time = run_.Time();
    options_.on_progress(p);
  }

  Destination& dest_;
  const SyncOptions& options_;
  RunCounters& run_;
  StreamStats& stats_;
  std::string stream_;
  std::string newest_state_;
  std::optional<int64_t> refresh_run_;
  RowScope scope_;                  // the rows of the declared entity the stream owns
  std::set<std::string> entities_;  // written so far, for the final delete of a full refresh
  RecordBuffer buffer_;             // what the plugin emitted since the last commit
  RecordBuffer spare_;              // the records of the commit in flight, else empty
  std::future<CommitOutcome> in_flight_;
  int64_t in_flight_records_ = 0;
  size_t covered_ = 0;          // buffered records the newest checkpoint covers
  size_t covered_rejects_ = 0;  // and buffered plugin rejects
  size_t covered_bytes_ = 0;    // and their bytes
  bool state_pending_ = false;  // a checkpoint arrived since the last commit
  bool txn_open_ = false;       // a group commit's transaction is open (after the in-flight write)
  int64_t uncommitted_records_ = 0;  // handed to the writer since the last commit
  CommitOutcome pending_;            // what the open transaction holds, counted at its commit
  Clock::time_point last_commit_;
  Clock::time_point last_handoff_;
  int64_t requests_seen_ = 0;  // Requests() at the last hand-off
  std::optional<Status> host_error_;
};

std::string StatusForCode(StatusCode code) {
  switch (code) {
    case StatusCode::kQuota:
      return "deferred";
    case StatusCode::kCancelled:
      return "cancelled";
    default:
      return "failed";
  }
}

// Whether a stream's failure ends the run: the user's stop, a spent quota (the connection's
// other streams share it) and the store's own failures (`host_side`) do. A stream's own failure
// (its data, a permission on its object, its endpoint unavailable) does not: the other streams
// are still read, and the run ends failed naming it.
bool EndsRun(const Status& s, bool host_side) {
  return host_side || s.code() == StatusCode::kCancelled || s.code() == StatusCode::kQuota;
}

// The run's outcome: what stopped it (`stop`), else the failed streams' first failure, whose
// message names them all: "2 of 8 streams failed (the other 6 were read): stream 'Lead': ...;
// stream 'Task': ...". A stop after failed streams names them too.
Status RunFailure(const Status& stop, const std::vector<Status>& failed,
                  const std::vector<StreamStats>& streams) {
  if (failed.empty()) return stop;
  std::string names, messages;
  for (const StreamStats& s : streams) {
    if (s.error.empty()) continue;
    names += (names.empty() ? "'" : ", '") + s.name + "'";
    messages += (messages.empty() ? "" : "; ") + s.error;
  }
  if (!stop.ok()) {
    return Status(stop.code(),
                  stop.message() + "; before that, stream(s) " + names + " failed: " + messages);
  }
  if (failed.size() == 1 && streams.size() == 1) return failed.front();
  const size_t others = streams.size() - failed.size();
  const std::string read = others == 0   ? ""
                           : others == 1 ? "; the other was read"
                                         : "; the other " + std::to_string(others) + " were read";
  return Status(failed.front().code(), std::to_string(failed.size()) + " of " +
                                           std::to_string(streams.size()) + " streams failed (" +
                                           names + read + "): " + messages);
}

int64_t Millis(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

std::string StreamsJson(const std::vector<StreamStats>& streams) {
  JsonWriter w;
  w.BeginObject();
  for (const StreamStats& s : streams) {
    w.Key(s.name).BeginObject();
    w.Key("mode").String(s.mode);
    w.Key("records").Int(s.records);
    w.Key("deletes").Int(s.deletes);
    w.Key("rejects").Int(s.rejects);
    w.Key("pages").Int(s.pages);
    w.Key("commits").Int(s.commits);
    w.Key("bytes").Int(s.bytes);
    w.Key("commit_ms").Int(Millis(s.commit_time));
    w.Key("commit_wait_ms").Int(Millis(s.commit_wait));
    w.Key("completed").Bool(s.completed);
    w.Key("status").String(s.Status());
    if (!s.error.empty()) w.Key("error").String(s.error);
    if (!s.skipped.empty()) w.Key("skipped").String(s.skipped);
    if (!s.restarted.empty()) w.Key("restarted").String(s.restarted);
    w.EndObject();
  }
  w.EndObject();
  return w.Take();
}

// Picks the streams to read, in catalog order unless the request names an order.
Result<std::vector<std::pair<plugin::StreamInfo, std::string>>> SelectStreams(
    const std::vector<plugin::StreamInfo>& catalog, const std::vector<StreamRequest>& requested) {
  std::vector<std::pair<plugin::StreamInfo, std::string>> selected;
  if (requested.empty()) {
    for (const auto& info : catalog) selected.emplace_back(info, "");
    return selected;
  }
  for (const StreamRequest& req : requested) {
    auto it = std::find_if(catalog.begin(), catalog.end(),
                           [&](const plugin::StreamInfo& s) { return s.name == req.name; });
    if (it == catalog.end()) {
      std::string names;
      for (const auto& s : catalog) names += (names.empty() ? "" : ", ") + s.name;
      return Status::InvalidArgument("unknown stream '" + req.name + "'; the connection has: " +
                                     (names.empty() ? "no streams" : names));
    }
    selected.emplace_back(*it, req.mode);
  }
  return selected;
}

}  // namespace

std::string WhereTimeGoes(const TimeShares& t, double elapsed_s) {
  if (elapsed_s < 0.5) return "";
  const double waits = t.rate_wait_s + t.server_s + t.backoff_s + t.store_wait_s;
  const std::pair<double, std::string> shares[] = {
      {t.rate_wait_s,
       "waiting for the rate budget" + (t.rate_limit_key.empty() ? "" : " of " + t.rate_limit_key)},
      {t.server_s, "waiting for the server"},
      {t.backoff_s, "backing off after errors"},
      {t.store_wait_s, "waiting for the store"},
      {std::max(0.0, elapsed_s - waits), "in the plugin"},
  };
  const auto* top = &shares[0];
  for (const auto& share : shares) {
    if (share.first > top->first) top = &share;
  }
  const long percent = std::lround(std::min(1.0, top->first / elapsed_s) * 100);
  return std::to_string(percent) + " % " + top->second;
}

Result<SyncResult> RunSync(plugin::Connector& connector, Destination& destination,
                           const SyncOptions& options) {
  SyncResult result;
  RunInfo info{options.connection, connector.plugin().name, connector.plugin().version};
  Result<int64_t> run_id = destination.BeginRun(info);
  if (!run_id.ok()) return run_id.status();
  result.run_id = *run_id;

  RunCounters run;
  std::vector<StreamStats> stream_stats;
  Status failure;              // what ended the run early (ok: it read every stream)
  std::vector<Status> failed;  // the streams that failed on their own, the run going on
  // The gateway's counters are cumulative (it may have served open() or an earlier run): the
  // run's share is the difference.
  const plugin::HttpGateway* http = connector.http();
  const plugin::HttpCounters http_before = http ? http->Counters() : plugin::HttpCounters{};
  run.http = http;
  run.http_before = http_before;

  auto finish = [&]() -> Result<SyncResult> {
    failure = RunFailure(failure, failed, stream_stats);
    RunSummary& sum = result.summary;
    // Too many rejects fail a run that otherwise went well: what it accepted stays committed.
    if (failure.ok()) {
      const RejectVerdict verdict =
          JudgeRejects(run.records, run.rejects, options.max_reject_ratio);
      if (verdict.too_many) {
        failure = Status(StatusCode::kData,
                         TooManyRejectsMessage(verdict, run.records, run.rejects,
                                               options.max_reject_ratio, options.connection));
      }
    }
    sum.status = failure.ok() ? "succeeded" : StatusForCode(failure.code());
    sum.error = log::Redact(failure.message());
    sum.records = run.records;
    sum.deletes = run.deletes;
    sum.rejects = run.rejects;
    sum.pages = run.pages;
    sum.commits = run.commits;
    if (http != nullptr) {
      const plugin::HttpCounters now = http->Counters();
      sum.requests = now.requests - http_before.requests;
      sum.retries = now.retries - http_before.retries;
      sum.rate_limit_wait_ms = now.rate_limit_wait_ms - http_before.rate_limit_wait_ms;
      sum.server_ms = now.server_ms - http_before.server_ms;
      sum.backoff_ms = now.backoff_ms - http_before.backoff_ms;
      sum.rate_limit_key = now.rate_limit_key;
      sum.api_used = now.api_used;
      sum.api_limit = now.api_limit;
      run.bytes += now.bytes_received - http_before.bytes_received;
    }
    sum.commit_wait_ms = Millis(run.commit_wait);
    sum.bytes = run.bytes;
    sum.duration_ms = Millis(Clock::now() - run.started);
    sum.streams_json = StreamsJson(stream_stats);
    JsonWriter samples;
    samples.BeginArray();
    for (const std::string& s : run.reject_samples) samples.String(s);
    samples.EndArray();
    sum.reject_samples_json = samples.Take();
    Status s = destination.FinishRun(result.run_id, sum);
    if (!s.ok()) return s;
    return result;
  };

  Result<std::vector<plugin::StreamInfo>> catalog = connector.Discover();
  if (!catalog.ok()) {
    failure = catalog.status();
    return finish();
  }
  auto selected = SelectStreams(*catalog, options.streams);
  if (!selected.ok()) {
    failure = selected.status();
    return finish();
  }
  stream_stats.reserve(selected->size());

  for (const auto& [stream, requested_mode] : *selected) {
    Result<StreamState> saved = destination.LoadState(stream.name);
    if (!saved.ok()) {
      failure = saved.status();
      break;
    }
    // Resume rules: an interrupted full refresh always resumes first; otherwise a forced or
    // requested full refresh starts over; otherwise incremental when the stream supports it.
    bool wants_full = options.full_refresh || requested_mode == "full_refresh" ||
                      !(stream.sync_modes & TEMPO_SYNC_INCREMENTAL);
    int32_t mode = TEMPO_SYNC_INCREMENTAL;
    std::string state = saved->state_json;
    std::optional<int64_t> refresh_run;
    if (saved->refresh_run_id) {
      mode = TEMPO_SYNC_FULL_REFRESH;
      refresh_run = saved->refresh_run_id;
      log::Info("stream '" + stream.name + "': resuming the interrupted full refresh");
    } else if (wants_full) {
      mode = TEMPO_SYNC_FULL_REFRESH;
      refresh_run = result.run_id;
      state.clear();
    }
    if (requested_mode == "incremental" && !(stream.sync_modes & TEMPO_SYNC_INCREMENTAL)) {
      log::Warn("stream '" + stream.name + "' does not support incremental reads; full refresh");
    }

    const RowScope scope{stream.owns, stream.owns_column, stream.owns_value};
    stream_stats.push_back({stream.name, ModeName(mode)});
    StreamStats& stats = stream_stats.back();
    if (scope.kind != TEMPO_OWNS_ALL) {
      if (Status s = destination.CheckScope(stream.entity, scope); !s.ok()) {
        failed.push_back(Status::Plugin("stream '" + stream.name + "': " + s.message()));
        stats.error = log::Redact(failed.back().message());
        continue;
      }
    }

    Status s;
    bool host_side = false;  // the store failed, not the stream
    for (bool restarted = false;;) {
      StreamSink sink(destination, options, run, stats, stream.name, state, refresh_run, scope);
      log::Info("stream '" + stream.name + "': reading (" + ModeName(mode) + ")");
      s = connector.Read(stream.name, mode, state, sink, options.cancel);
      // A host-side failure (disk full, bad checkpoint) is the real cause, not the plugin's echo.
      if (sink.host_error()) {
        s = *sink.host_error();
        host_side = true;
      }
      if (s.ok() && options.cancel && options.cancel->load()) {
        s = Status(StatusCode::kCancelled, "cancelled");
      }
      if (s.code() == StatusCode::kRestartFullRefresh) {
        // The source refused the saved position: what was read and checkpointed is kept, and
        // the stream starts over as a full refresh now, so nothing is skipped and what the
        // source no longer has is soft-deleted when the refresh completes. Once per stream.
        sink.Abort();
        if (restarted || state.empty()) {
          s = Status::Plugin("stream '" + stream.name +
                             "': the connector asked to restart the stream as a full refresh " +
                             (restarted ? "again, from the full refresh it had asked for"
                                        : "without a saved position to reject") +
                             ": " + s.message());
          break;
        }
        log::Warn("stream '" + stream.name + "': " + s.message() +
                  "; restarting the stream as a full refresh");
        stats.restarted = s.message();
        stats.mode = ModeName(TEMPO_SYNC_FULL_REFRESH);
        mode = TEMPO_SYNC_FULL_REFRESH;
        state.clear();
        refresh_run = result.run_id;
        restarted = true;
        continue;
      }
      if (s.code() == StatusCode::kSkipped) {
        // Not available at the source: nothing of the stream changes (no soft-delete, no state).
        sink.Abort();
        stats.skipped = s.message();
        log::Warn("stream '" + stream.name + "': skipped: " + s.message());
        break;
      }
      if (s.ok()) s = sink.Finish(stream.entity);
      if (!s.ok()) sink.Abort();
      break;
    }
    if (s.code() == StatusCode::kSkipped) continue;
    if (!s.ok() && EndsRun(s, host_side)) {
      failure = s;
      break;
    }
    if (!s.ok()) {
      // The stream's own failure: what it committed stays, and the next stream is read.
      stats.error = log::Redact(s.message());
      log::Error("stream '" + stream.name + "' failed: " + stats.error +
                 "; going on with the other streams");
      failed.push_back(s);
      continue;
    }
    log::Info("stream '" + stream.name + "': " + std::to_string(stats.records) + " records, " +
              std::to_string(stats.rejects) + " rejects, " + std::to_string(stats.deletes) +
              " deletes; " + std::to_string(stats.commits) +
              (stats.commits == 1 ? " commit took " : " commits took ") +
              std::to_string(Millis(stats.commit_time)) + " ms, the plugin waited " +
              std::to_string(Millis(stats.commit_wait)) + " ms for them");
  }
  return finish();
}

}  // namespace tempo::sync
