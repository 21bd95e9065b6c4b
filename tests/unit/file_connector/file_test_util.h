// Test helpers for the file connector: scratch folders, and a fake host that records what the
// plugin emits and commits records with their checkpoint the way the real host does (records
// since the last accepted checkpoint are lost when a checkpoint fails: a simulated kill).
#ifndef TEMPO_TESTS_UNIT_FILE_CONNECTOR_FILE_TEST_UTIL_H_
#define TEMPO_TESTS_UNIT_FILE_CONNECTOR_FILE_TEST_UTIL_H_

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tempo/plugin.hpp"

namespace tempo::file::testing {

// A fresh folder under the system temp folder, removed with everything in it at destruction.
class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("tempo_file_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // Writes `content` (bytes as given) to `name` in the folder and returns its path.
  std::string Write(const std::string& name, std::string_view content) const {
    std::string path = (path_ / name).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return path;
  }
  std::string Path(const std::string& name = "") const {
    return name.empty() ? path_.string() : (path_ / name).string();
  }

 private:
  std::filesystem::path path_;
};

// One record as the host received it; field values as "s:text", "i:42", "r:1.5", "b:1", "null".
struct ReceivedRecord {
  std::string entity;
  std::string source_id;
  std::string updated_at;  // "" when none
  std::map<std::string, std::string> fields;
  std::string raw;
};

// Installs itself as the SDK's host table for its lifetime. One at a time.
class FakeHost {
 public:
  FakeHost() {
    api_.struct_size = sizeof(api_);
    api_.abi_major = TEMPO_ABI_MAJOR;
    api_.abi_minor = TEMPO_ABI_MINOR;
    api_.set_error = &SetError;
    api_.log = &Log;
    api_.is_cancelled = &IsCancelled;
    api_.emit = &Emit;
    api_.checkpoint = &Checkpoint;
    api_.reject = &Reject;
    previous_ = sdk::g_host;
    sdk::g_host = &api_;
  }
  ~FakeHost() { sdk::g_host = previous_; }
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;

  const tempo_host_api* api() const { return &api_; }
  tempo_ctx* ctx() { return reinterpret_cast<tempo_ctx*>(this); }

  // Knobs.
  int fail_checkpoint_number = 0;  // refuse the n-th checkpoint (1-based) of the host's life
  bool cancel = false;

  // What the host saw.
  std::vector<ReceivedRecord> pending;              // emitted since the last commit
  std::map<std::string, ReceivedRecord> committed;  // the store: upserted by source id
  std::string committed_state;                      // the last accepted checkpoint's state
  std::vector<std::string> states;                  // every accepted checkpoint's state
  size_t emitted = 0;                               // records emitted, committed or not
  int checkpoints = 0;                              // checkpoint calls, accepted or not
  std::vector<std::string> rejects;
  std::vector<std::string> logs;
  std::string error;

  // Forgets what a previous run emitted but did not commit (as a restarted host would).
  void Restart() { pending.clear(); }

 private:
  static FakeHost& Of(tempo_ctx* ctx) { return *reinterpret_cast<FakeHost*>(ctx); }

  static void SetError(tempo_ctx* ctx, tempo_status, const char* msg, size_t len) {
    Of(ctx).error.assign(msg, len);
  }
  static void Log(tempo_ctx* ctx, int32_t, const char* msg, size_t len) {
    Of(ctx).logs.emplace_back(msg, len);
  }
  static int32_t IsCancelled(tempo_ctx* ctx) { return Of(ctx).cancel ? 1 : 0; }
  static void Reject(tempo_ctx* ctx, const char* reason, size_t len) {
    Of(ctx).rejects.emplace_back(reason, len);
  }
  static tempo_status Emit(tempo_ctx* ctx, const tempo_record_batch* batch) {
    FakeHost& host = Of(ctx);
    for (uint32_t i = 0; i < batch->count; ++i) {
      const tempo_record& r = batch->records[i];
      ReceivedRecord record;
      record.entity.assign(r.entity, r.entity_len);
      record.source_id.assign(r.source_id, r.source_id_len);
      if (r.updated_at) record.updated_at.assign(r.updated_at, r.updated_at_len);
      if (r.raw_json) record.raw.assign(r.raw_json, r.raw_json_len);
      for (uint32_t f = 0; f < r.field_count; ++f) {
        const tempo_field& field = r.fields[f];
        std::string value;
        switch (field.type) {
          case TEMPO_VALUE_STRING:
            value = "s:" + std::string(field.str, field.str_len);
            break;
          case TEMPO_VALUE_INT:
            value = "i:" + std::to_string(field.int_value);
            break;
          case TEMPO_VALUE_REAL:
            value = "r:" + std::to_string(field.real_value);
            break;
          case TEMPO_VALUE_BOOL:
            value = "b:" + std::to_string(field.int_value);
            break;
          default:
            value = "null";
        }
        record.fields[std::string(field.name, field.name_len)] = value;
      }
      host.pending.push_back(std::move(record));
      ++host.emitted;
    }
    return TEMPO_OK;
  }
  static tempo_status Checkpoint(tempo_ctx* ctx, const char*, size_t, const char* state,
                                 size_t state_len) {
    FakeHost& host = Of(ctx);
    if (++host.checkpoints == host.fail_checkpoint_number) {
      host.pending.clear();  // the kill: this page never reaches the store
      return TEMPO_ERR_INTERNAL;
    }
    for (ReceivedRecord& record : host.pending) host.committed[record.source_id] = record;
    host.pending.clear();
    host.committed_state.assign(state, state_len);
    host.states.push_back(host.committed_state);
    return TEMPO_OK;
  }

  tempo_host_api api_{};
  const tempo_host_api* previous_ = nullptr;
};

}  // namespace tempo::file::testing

#endif  // TEMPO_TESTS_UNIT_FILE_CONNECTOR_FILE_TEST_UTIL_H_
