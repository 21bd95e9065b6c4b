// tempo rejects: a connection's kept rejects (store/reject_log.h), and --replay, which maps the
// pending ones again through the connector's current config (sync/replay.h) so that they land
// without re-reading the source.
#include <iostream>

#include "cli/commands.h"
#include "common/json_writer.h"
#include "common/log.h"
#include "store/reject_log.h"
#include "store/run_lock.h"
#include "store/store.h"
#include "store/sync_store.h"
#include "sync/fx_conversion.h"
#include "sync/replay.h"

namespace tempo::cli {
namespace {

constexpr size_t kRawShown = 300;  // bytes of a raw record shown in the text listing

// The first `max` bytes of `text`, not cutting a UTF-8 sequence.
std::string_view Cut(std::string_view text, size_t max) {
  if (text.size() <= max) return text;
  while (max > 0 && (static_cast<unsigned char>(text[max]) & 0xC0) == 0x80) --max;
  return text.substr(0, max);
}

std::string ReplayHint(const std::string& connection) {
  return "after fixing the cause in the config, `tempo rejects " + connection +
         " --replay` re-submits the pending rejects through the current mapping, without "
         "re-reading the source";
}

void WriteRejectJson(JsonWriter& w, const store::RejectRow& row) {
  const sync::KeptReject& r = row.reject;
  w.BeginObject().Key("id").Int(r.id).Key("run_id").Int(r.run_id);
  w.Key("stream").String(r.stream);
  auto optional = [&](const char* key, const std::string& value) {
    if (value.empty()) {
      w.Key(key).Null();
    } else {
      w.Key(key).String(value);
    }
  };
  optional("entity", r.entity);
  optional("source_id", r.source_id);
  w.Key("reason").String(r.reason);
  optional("raw_record", r.raw_record);
  w.Key("raw_truncated").Bool(r.raw_truncated).Key("replayable").Bool(r.replayable());
  w.Key("rejected_at").String(r.rejected_at).Key("state").String(row.state);
  if (row.replay_run_id > 0) {
    w.Key("replay_run_id").Int(row.replay_run_id);
  } else {
    w.Key("replay_run_id").Null();
  }
  optional("replayed_at", row.replayed_at);
  w.EndObject();
}

void PrintReject(const store::RejectRow& row) {
  const sync::KeptReject& r = row.reject;
  std::cout << "#" << r.id << " run " << r.run_id << ", stream " << r.stream;
  if (!r.entity.empty() || !r.source_id.empty()) {
    std::cout << ", " << (r.entity.empty() ? "record" : r.entity)
              << (r.source_id.empty() ? "" : " " + r.source_id);
  }
  if (row.state != "pending") std::cout << " [" << row.state << "]";
  std::cout << ": " << r.reason << "\n";
  if (r.raw_record.empty()) {
    std::cout << "    (no raw record: the connector could not decode the row; fix the source "
                 "and re-read it)\n";
    return;
  }
  const std::string_view shown = Cut(r.raw_record, kRawShown);
  std::cout << "    " << shown;
  if (shown.size() < r.raw_record.size()) {
    std::cout << " ... (" << WithCommas(row.raw_record_bytes) << " bytes; --json shows it all)";
  }
  if (r.raw_truncated) std::cout << " (cut at 64 KiB when kept: cannot be replayed)";
  std::cout << "\n";
}

int List(const RejectsArgs& args, const config::Config& config) {
  const sync::RejectFilter filter{args.run, args.stream};
  std::vector<store::RejectRow> rows;
  std::vector<store::RunRejects> runs;
  int64_t total = 0;
  Result<std::unique_ptr<store::Db>> db = store::OpenStoreReadOnly(config.store_path);
  if (!db.ok() && db.status().code() != StatusCode::kNotFound) {
    return Fail(Status(db.status().code(), "rejects: " + db.status().message()), kExitRunFailed);
  }
  if (db.ok()) {
    Result<bool> has_log = store::HasRejectLog(**db);
    if (!has_log.ok()) return Fail(has_log.status(), kExitRunFailed);
    if (*has_log) {
      store::RejectLog log(**db, args.connection);
      Result<std::vector<store::RejectRow>> listed =
          log.List(filter, args.all, static_cast<size_t>(args.limit));
      Result<int64_t> count = log.Count(filter, args.all);
      Result<std::vector<store::RunRejects>> by_run = log.Runs(filter);
      for (const Status& s : {listed.status(), count.status(), by_run.status()}) {
        if (!s.ok()) {
          return Fail(Status(s.code(), "rejects: cannot read the store's rejects: " + s.message()),
                      kExitRunFailed);
        }
      }
      rows = std::move(listed).value();
      total = *count;
      runs = std::move(by_run).value();
    }
  }
  const char* what = args.all ? "kept" : "pending";
  if (args.json) {
    JsonWriter w;
    w.BeginObject().Key("connection").String(args.connection);
    w.Key(what).Int(total).Key("shown").Int(static_cast<int64_t>(rows.size()));
    w.Key("runs").BeginArray();
    for (const store::RunRejects& r : runs) {
      w.BeginObject().Key("run_id").Int(r.run_id).Key("status").String(r.status);
      w.Key("rejects").Int(r.rejects).Key("kept").Int(r.kept).Key("pending").Int(r.pending);
      w.Key("not_kept").Int(r.rejects > r.kept ? r.rejects - r.kept : 0).EndObject();
    }
    w.EndArray().Key("rejects").BeginArray();
    for (const store::RejectRow& row : rows) WriteRejectJson(w, row);
    w.EndArray().EndObject();
    std::cout << w.str() << "\n";
    return kExitOk;
  }
  std::cout << args.connection << ": " << WithCommas(total) << " " << what << " reject"
            << (total == 1 ? "" : "s");
  if (args.run > 0) std::cout << " of run " << args.run;
  if (!args.stream.empty()) std::cout << " in stream " << args.stream;
  std::cout << "\n";
  for (const store::RunRejects& r : runs) {
    std::cout << "  run " << r.run_id << " (" << r.status << "): " << WithCommas(r.rejects)
              << " rejected, " << WithCommas(r.kept) << " kept, " << WithCommas(r.pending)
              << " pending";
    if (r.rejects > r.kept) {
      std::cout << "; the other " << WithCommas(r.rejects - r.kept)
                << " were only counted (a run keeps its first "
                << WithCommas(store::SyncStore::kMaxKeptRejectsPerRun)
                << "): after the fix, re-read them with `tempo sync " << args.connection
                << " --full-refresh`";
    }
    std::cout << "\n";
  }
  for (const store::RejectRow& row : rows) PrintReject(row);
  if (static_cast<int64_t>(rows.size()) < total) {
    std::cout << "... and " << WithCommas(total - static_cast<int64_t>(rows.size()))
              << " more (--limit 0 shows all)\n";
  }
  if (!args.all && total > 0) std::cout << ReplayHint(args.connection) << "\n";
  return kExitOk;
}

int Replay(const RejectsArgs& args, const config::Config& config) {
  // One run per connection at a time: a replay writes records like a sync.
  Result<std::unique_ptr<store::RunLock>> lock =
      store::RunLock::ForConnection(config.store_path, args.connection);
  if (!lock.ok()) {
    return Fail(lock.status(),
                lock.status().code() == StatusCode::kBusy ? kExitBusy : kExitRunFailed);
  }
  Result<OpenedConnection> opened = OpenConnection(config, args.connection);
  if (!opened.ok()) return Fail(opened.status(), kExitUsage);
  if (!opened->connector->CanRemap()) {
    return Fail(Status::InvalidArgument(
                    "rejects: plugin '" + opened->plugin->name +
                    "' cannot map a kept record again (it offers no remap, plugin ABI 1.6), so "
                    "its rejects cannot be replayed; after fixing the cause, re-read the "
                    "source with `tempo sync " +
                    args.connection + " --full-refresh`"),
                kExitUsage);
  }
  Result<std::unique_ptr<store::Db>> db = store::OpenStore(config.store_path);
  if (!db.ok()) return Fail(db.status(), kExitRunFailed);
  store::SyncStore store(**db, args.connection, opened->connection->keep_raw);
  // As a sync writes: deal amounts in dollars (store.fx_rates), then lead attribution.
  sync::FxConvertingDestination converting(store, config.fx_rates, sync::TodayUtc());
  sync::AttributingDestination destination(converting, AttributionRules(*opened->connection));
  store::RejectLog kept(**db, args.connection);
  sync::ReplayOptions options;
  options.connection = args.connection;
  options.filter = {args.run, args.stream};
  options.max_reject_ratio = opened->connection->max_reject_ratio;
  Result<sync::ReplayResult> result =
      sync::RunReplay(*opened->connector, destination, kept, options);
  if (!result.ok()) return Fail(result.status(), kExitRunFailed);
  const sync::ReplayResult& r = *result;
  const sync::RunSummary& sum = r.summary;
  const std::string status = r.run_id == 0 ? "nothing to replay" : sum.status;
  if (args.json) {
    JsonWriter w;
    w.BeginObject().Key("connection").String(args.connection);
    if (r.run_id > 0) {
      w.Key("run_id").Int(r.run_id);
    } else {
      w.Key("run_id").Null();
    }
    w.Key("status").String(status).Key("replayed").Int(r.replayed);
    w.Key("records").Int(r.records).Key("rejected_again").Int(r.rejected_again);
    w.Key("superseded").Int(r.superseded).Key("without_record").Int(r.without_record);
    if (sum.error.empty()) {
      w.Key("error").Null();
    } else {
      w.Key("error").String(sum.error);
    }
    w.EndObject();
    std::cout << w.str() << "\n";
  } else if (r.run_id == 0) {
    std::cout << "replay " << args.connection << ": nothing to replay ("
              << (r.without_record > 0 ? "no pending reject has a record to replay"
                                       : "no pending rejects")
              << ")\n";
  } else {
    std::cout << "replay " << args.connection << ": " << sum.status << ", "
              << WithCommas(r.replayed) << " rejects replayed (" << WithCommas(r.records)
              << " records), " << WithCommas(r.rejected_again) << " rejected again, "
              << WithCommas(r.superseded) << " superseded; run " << r.run_id << "\n";
  }
  if (r.without_record > 0) {
    log::Warn(std::to_string(r.without_record) +
              " pending reject(s) have no whole raw record (rows the connector could not "
              "decode, or records cut at 64 KiB) and stay pending: fix the source and re-read "
              "it with `tempo sync " +
              args.connection + " --full-refresh`");
  }
  if (r.run_id == 0 || sum.status == "succeeded") return kExitOk;
  log::Error("replay " + args.connection + " failed: " + sum.error);
  return kExitRunFailed;
}

}  // namespace

int RejectsCommand(const GlobalOptions& g, const RejectsArgs& args) {
  // Listing opens no plugin, so it needs none of the connections' secrets; a replay does.
  Result<config::Config> config =
      args.replay ? LoadConfigFor(g) : LoadConfigFor(g, {.resolve_plugin_config = false});
  if (!config.ok()) return Fail(config.status(), kExitUsage);
  if (Status s = RequireSqliteStore(*config, "rejects"); !s.ok()) return Fail(s, kExitUsage);
  if (config->FindConnection(args.connection) == nullptr) {
    std::string names;
    for (const auto& c : config->connections) names += (names.empty() ? "" : ", ") + c.name;
    return Fail(
        Status::InvalidArgument("no connection named '" + args.connection + "' in " + config->path +
                                (names.empty() ? " (it has none)" : "; it has: " + names)),
        kExitUsage);
  }
  return args.replay ? Replay(args, *config) : List(args, *config);
}

}  // namespace tempo::cli
