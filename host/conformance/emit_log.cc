// KitDestination and the emit log's reader. See emit_log.h.
#include "conformance/emit_log.h"

#include <signal.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "common/json_writer.h"

namespace tempo::conformance {
namespace {

std::string_view View(const char* s, size_t n) {
  return s == nullptr ? "" : std::string_view(s, n);
}

void Mix(uint64_t* h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    *h ^= c;
    *h *= 1099511628211ull;
  }
  *h ^= 0xff;  // a separator, so ("ab", "c") and ("a", "bc") differ
  *h *= 1099511628211ull;
}

class KitDestination final : public sync::Destination {
 public:
  KitDestination(sync::Destination& inner, std::string log_path, int64_t kill_after_commit)
      : inner_(inner), log_path_(std::move(log_path)), kill_after_(kill_after_commit) {}

  Result<int64_t> BeginRun(const sync::RunInfo& info) override { return inner_.BeginRun(info); }
  Result<sync::StreamState> LoadState(std::string_view stream) override {
    return inner_.LoadState(stream);
  }
  Status Begin() override {
    pending_.clear();
    return inner_.Begin();
  }
  Status Write(const tempo_record& record, std::string* reject) override {
    Status s = inner_.Write(record, reject);
    if (!s.ok()) return s;
    JsonWriter w;
    w.BeginObject();
    w.Key("e").String(View(record.entity, record.entity_len));
    w.Key("id").String(View(record.source_id, record.source_id_len));
    if (record.op == TEMPO_OP_DELETE) w.Key("del").Bool(true);
    if (record.updated_at != nullptr) {
      w.Key("u").String(View(record.updated_at, record.updated_at_len));
    }
    w.Key("d").String(RecordDigest(record));
    w.Key("src").String(SourceDigest(record));
    if (!reject->empty()) w.Key("rejected").Bool(true);
    w.EndObject();
    pending_.push_back(w.Take());
    return s;
  }
  Status WriteReject(const sync::Reject& reject) override { return inner_.WriteReject(reject); }
  Status CheckScope(std::string_view entity, const sync::RowScope& scope) override {
    return inner_.CheckScope(entity, scope);
  }
  Result<int64_t> DeleteUnseen(std::string_view entity, int64_t since_run_id,
                               const sync::RowScope& scope) override {
    return inner_.DeleteUnseen(entity, since_run_id, scope);
  }
  Status Commit(std::string_view stream, std::string_view state_json,
                std::optional<int64_t> refresh_run_id) override {
    Status s = inner_.Commit(stream, state_json, refresh_run_id);
    if (!s.ok()) return s;
    ++commits_;
    std::string text;
    std::string quoted_stream;
    AppendJsonQuoted(quoted_stream, stream);
    for (const std::string& r : pending_) {
      text += "{\"s\":" + quoted_stream + "," + r.substr(1) + "\n";
    }
    pending_.clear();
    JsonWriter w;
    w.BeginObject().Key("commit").Int(commits_).Key("s").String(stream);
    w.Key("state").String(state_json).EndObject();
    text += w.Take() + "\n";
    if (std::FILE* f = std::fopen(log_path_.c_str(), "ab")) {
      std::fwrite(text.data(), 1, text.size(), f);
      std::fclose(f);  // in the kernel before the kill below
    }
    if (kill_after_ > 0 && commits_ == kill_after_) ::raise(SIGKILL);
    return s;
  }
  void Rollback() override {
    pending_.clear();
    inner_.Rollback();
  }
  Status FinishRun(int64_t run_id, const sync::RunSummary& summary) override {
    return inner_.FinishRun(run_id, summary);
  }

 private:
  sync::Destination& inner_;
  const std::string log_path_;
  const int64_t kill_after_;
  int64_t commits_ = 0;
  std::vector<std::string> pending_;  // this transaction's records, as JSON objects
};

}  // namespace

std::string RecordDigest(const tempo_record& record) {
  uint64_t h = 1469598103934665603ull;
  Mix(&h, View(record.entity, record.entity_len));
  Mix(&h, View(record.source_id, record.source_id_len));
  Mix(&h, record.op == TEMPO_OP_DELETE ? "delete" : "upsert");
  Mix(&h, View(record.updated_at, record.updated_at_len));
  std::vector<const tempo_field*> fields;
  const size_t stride = record.field_count ? record.fields[0].struct_size : sizeof(tempo_field);
  for (uint32_t i = 0; i < record.field_count; ++i) {
    fields.push_back(reinterpret_cast<const tempo_field*>(
        reinterpret_cast<const char*>(record.fields) + i * stride));
  }
  std::sort(fields.begin(), fields.end(), [](const tempo_field* a, const tempo_field* b) {
    return View(a->name, a->name_len) < View(b->name, b->name_len);
  });
  for (const tempo_field* f : fields) {
    Mix(&h, View(f->name, f->name_len));
    Mix(&h, std::to_string(f->type));
    switch (f->type) {
      case TEMPO_VALUE_STRING:
        Mix(&h, View(f->str, f->str_len));
        break;
      case TEMPO_VALUE_INT:
      case TEMPO_VALUE_BOOL:
        Mix(&h, std::to_string(f->int_value));
        break;
      case TEMPO_VALUE_REAL: {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", f->real_value);
        Mix(&h, buf);
        break;
      }
      default:
        break;
    }
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

std::string SourceDigest(const tempo_record& record) {
  if (record.raw_json == nullptr || record.raw_json_len == 0) return RecordDigest(record);
  uint64_t h = 1469598103934665603ull;
  Mix(&h, View(record.entity, record.entity_len));
  Mix(&h, View(record.source_id, record.source_id_len));
  Mix(&h, View(record.raw_json, record.raw_json_len));
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

std::unique_ptr<sync::Destination> NewKitDestination(sync::Destination& inner, std::string log_path,
                                                     int64_t kill_after_commit) {
  return std::make_unique<KitDestination>(inner, std::move(log_path), kill_after_commit);
}

Result<EmitLog> ReadEmitLog(const std::string& path) {
  EmitLog log;
  std::ifstream in(path, std::ios::binary);
  if (!in) return log;
  simdjson::dom::parser parser;
  std::string line;
  while (std::getline(in, line)) {
    simdjson::dom::object o;
    if (line.empty()) continue;
    // A line cut by the kill is the one after the last commit: nothing of it was committed.
    if (parser.parse(line).get(o)) break;
    std::string_view stream;
    if (o["s"].get(stream)) continue;
    int64_t commit = 0;
    if (!o["commit"].get(commit)) {
      std::string_view state;
      if (!o["state"].get(state)) log.last_state[std::string(stream)] = std::string(state);
      log.commits = std::max(log.commits, commit);
      continue;
    }
    EmittedRecord r;
    r.stream = stream;
    std::string_view v;
    if (!o["e"].get(v)) r.entity = v;
    if (!o["id"].get(v)) r.source_id = v;
    if (!o["u"].get(v)) r.updated_at = v;
    if (!o["d"].get(v)) r.digest = v;
    if (!o["src"].get(v)) r.source_digest = v;
    bool b = false;
    if (!o["del"].get(b)) r.deleted = b;
    if (!o["rejected"].get(b)) r.rejected = b;
    log.records.push_back(std::move(r));
  }
  return log;
}

}  // namespace tempo::conformance
