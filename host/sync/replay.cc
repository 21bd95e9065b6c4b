// RunReplay: the remap of each kept reject, its records written and the reject marked in one
// transaction per batch.
#include "sync/replay.h"

#include <chrono>
#include <map>

#include "common/json_writer.h"
#include "common/log.h"
#include "sync/record_buffer.h"
#include "sync/reject_ratio.h"

namespace tempo::sync {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxRejectSamples = 10;

// Collects what the plugin's remap() of one record yields. A remap never checkpoints.
class RemapSink : public plugin::ReadSink {
 public:
  tempo_status OnEmit(const tempo_record_batch& batch) override {
    if (batch.count == 0) return TEMPO_OK;
    if (batch.records == nullptr ||
        batch.records[0].struct_size < TEMPO_SIZE_THROUGH(tempo_record, raw_json_len)) {
      host_error_ = "emit: record struct too small; rebuild the plugin";
      return TEMPO_ERR_INVALID_ARGUMENT;
    }
    const auto* base = reinterpret_cast<const char*>(batch.records);
    const size_t stride = batch.records[0].struct_size;
    for (uint32_t i = 0; i < batch.count; ++i) {
      const auto& rec = *reinterpret_cast<const tempo_record*>(base + i * stride);
      const size_t field_stride = rec.field_count ? rec.fields[0].struct_size : sizeof(tempo_field);
      if (rec.field_count && field_stride < TEMPO_SIZE_THROUGH(tempo_field, real_value)) {
        host_error_ = "emit: field struct too small; rebuild the plugin";
        return TEMPO_ERR_INVALID_ARGUMENT;
      }
      buffer_.Append(rec, field_stride);
    }
    return TEMPO_OK;
  }
  tempo_status OnCheckpoint(std::string_view, std::string_view) override {
    host_error_ = "the plugin checkpointed while mapping a kept record again; remap() must not";
    return TEMPO_ERR_INVALID_ARGUMENT;
  }
  void OnReject(std::string_view reason) override { buffer_.AppendReject(reason, {}, {}); }
  void OnRejectRecord(std::string_view reason, std::string_view source_id,
                      std::string_view raw_record) override {
    buffer_.AppendReject(reason, source_id, raw_record);
  }

  RecordBuffer& buffer() { return buffer_; }
  const std::string& host_error() const { return host_error_; }

 private:
  RecordBuffer buffer_;
  std::string host_error_;
};

struct StreamCounts {
  int64_t records = 0, rejects = 0;
};

// One replay run: the state shared by its batches.
class Replay {
 public:
  Replay(plugin::Connector& connector, Destination& dest, KeptRejects& kept,
         const ReplayOptions& options)
      : connector_(connector), dest_(dest), kept_(kept), options_(options) {}

  Result<ReplayResult> Run();

 private:
  // Replays one kept reject inside the open transaction. A non-ok Status ends the replay;
  // *plugin_failed says that it is the plugin's (nothing of this reject was written, so the
  // transaction's earlier rejects may commit), else the store's (roll back).
  Status ReplayOne(const KeptReject& reject, bool* plugin_failed);
  Status BeginRunIfNeeded();
  Status Finish(Status failure);

  plugin::Connector& connector_;
  Destination& dest_;
  KeptRejects& kept_;
  const ReplayOptions& options_;
  ReplayResult result_;
  RemapSink sink_;
  std::map<std::string, StreamCounts> streams_;
  std::vector<std::string> samples_;
  int64_t commits_ = 0;
  const Clock::time_point started_ = Clock::now();
};

Status Replay::BeginRunIfNeeded() {
  if (result_.run_id != 0) return Status::Ok();
  RunInfo info{options_.connection, connector_.plugin().name, connector_.plugin().version,
               "replay"};
  Result<int64_t> run = dest_.BeginRun(info);
  if (!run.ok()) return run.status();
  result_.run_id = *run;
  return Status::Ok();
}

Status Replay::ReplayOne(const KeptReject& reject, bool* plugin_failed) {
  const int64_t run = result_.run_id;
  if (!reject.source_id.empty()) {
    Result<bool> newer = kept_.HasNewerReject(reject);
    if (!newer.ok()) return newer.status();
    if (*newer) {
      ++result_.superseded;
      return kept_.Resolve(reject.id, "superseded", run);
    }
  }
  sink_.buffer().Clear();
  Status s = connector_.Remap(reject.stream, reject.raw_record, sink_);
  if (!sink_.host_error().empty() || !s.ok()) {
    *plugin_failed = true;
    if (!sink_.host_error().empty()) s = Status::Plugin(sink_.host_error());
    return Status(s.code(), s.message() + "; kept reject " + std::to_string(reject.id) +
                                " and those after it stay pending");
  }
  RecordBuffer& buffer = sink_.buffer();
  std::string again_entity, again;  // the first reason it is rejected again, if any
  bool wrote = false, newer = false;
  std::string reason;
  for (size_t i = 0; i < buffer.size(); ++i) {
    const tempo_record& rec = buffer.at(i);
    const std::string_view entity(rec.entity, rec.entity_len);
    const std::string_view source_id(rec.source_id, rec.source_id_len);
    Result<bool> has_newer = kept_.StoreHasNewer(entity, source_id, reject, run);
    if (!has_newer.ok()) return has_newer.status();
    if (*has_newer) {
      newer = true;
      continue;
    }
    reason.clear();
    s = dest_.Write(rec, &reason);
    if (!s.ok()) return s;
    if (!reason.empty()) {
      if (again.empty()) {
        again_entity = std::string(entity);
        again = log::Redact(reason);
      }
      continue;
    }
    wrote = true;
    ++result_.records;
    ++streams_[reject.stream].records;
  }
  if (again.empty() && buffer.reject_count() > 0) again = log::Redact(buffer.reject_at(0).reason);
  if (!again.empty()) {
    ++result_.rejected_again;
    ++streams_[reject.stream].rejects;
    if (samples_.size() < kMaxRejectSamples) {
      samples_.push_back(reject.stream + ": kept reject " + std::to_string(reject.id) + ": " +
                         again);
    }
    return kept_.RejectAgain(reject.id, again_entity, again, run);
  }
  if (!wrote && newer) {
    ++result_.superseded;
    return kept_.Resolve(reject.id, "superseded", run);
  }
  ++result_.replayed;
  return kept_.Resolve(reject.id, "replayed", run);
}

Result<ReplayResult> Replay::Run() {
  int64_t after = 0;
  Status failure;
  for (;;) {
    Result<std::vector<KeptReject>> batch = kept_.Pending(options_.filter, after, options_.batch);
    if (!batch.ok()) {
      failure = batch.status();
      break;
    }
    if (batch->empty()) break;
    after = batch->back().id;
    bool any = false;
    for (const KeptReject& r : *batch) {
      if (r.replayable()) {
        any = true;
      } else {
        ++result_.without_record;
      }
    }
    if (!any) continue;
    if (Status s = BeginRunIfNeeded(); !s.ok()) return s;
    if (Status s = dest_.Begin(); !s.ok()) {
      failure = s;
      break;
    }
    bool plugin_failed = false;
    for (const KeptReject& r : *batch) {
      if (!r.replayable()) continue;
      failure = ReplayOne(r, &plugin_failed);
      if (!failure.ok()) break;
    }
    if (!failure.ok() && !plugin_failed) {
      dest_.Rollback();
      break;
    }
    // What was replayed before a plugin's failure is whole (each reject with its records):
    // keep it.
    Status s = dest_.Commit("", "", std::nullopt);
    if (!s.ok()) {
      dest_.Rollback();
      if (failure.ok()) failure = s;
      break;
    }
    ++commits_;
    if (!failure.ok()) break;
  }
  if (result_.run_id == 0) {
    if (!failure.ok()) return failure;
    return result_;
  }
  if (Status s = Finish(failure); !s.ok()) return s;
  return result_;
}

Status Replay::Finish(Status failure) {
  RunSummary& sum = result_.summary;
  if (failure.ok()) {
    const RejectVerdict verdict =
        JudgeRejects(result_.replayed, result_.rejected_again, options_.max_reject_ratio);
    if (verdict.too_many) {
      failure = Status(StatusCode::kData,
                       std::to_string(result_.rejected_again) + " of " +
                           std::to_string(result_.replayed + result_.rejected_again) +
                           " replayed rejects were rejected again (" + PercentText(verdict.ratio) +
                           ", more than the " + PercentText(verdict.threshold) +
                           " allowed); `tempo rejects " + options_.connection +
                           "` shows their new reasons: fix the mapping and replay again");
    }
  }
  sum.status = failure.ok() ? "succeeded" : "failed";
  sum.error = log::Redact(failure.message());
  sum.records = result_.records;
  sum.rejects = result_.rejected_again;
  sum.commits = commits_;
  sum.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_).count();
  JsonWriter streams;
  streams.BeginObject();
  for (const auto& [name, counts] : streams_) {
    streams.Key(name).BeginObject().Key("mode").String("replay");
    streams.Key("records").Int(counts.records).Key("rejects").Int(counts.rejects);
    streams.EndObject();
  }
  streams.EndObject();
  sum.streams_json = streams.Take();
  JsonWriter samples;
  samples.BeginArray();
  for (const std::string& sample : samples_) samples.String(sample);
  samples.EndArray();
  sum.reject_samples_json = samples.Take();
  return dest_.FinishRun(result_.run_id, sum);
}

}  // namespace

Result<ReplayResult> RunReplay(plugin::Connector& connector, Destination& destination,
                               KeptRejects& kept, const ReplayOptions& options) {
  if (!connector.CanRemap()) {
    return Status::InvalidArgument("plugin '" + connector.plugin().name +
                                   "' cannot map a kept record again (it offers no remap)");
  }
  Replay replay(connector, destination, kept, options);
  return replay.Run();
}

}  // namespace tempo::sync
