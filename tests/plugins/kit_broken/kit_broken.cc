// A connector for the conformance kit's own tests: one stream, `partners`, of nine built-in
// rows in updated_at order, read in pages of `page_size` with a checkpoint after each page and
// incremental reads from an inclusive cursor. Built once correct (kit_reference) and once per
// defect, each of which one check of tempo test-plugin must catch:
//   KIT_DEFECT_loses_on_resume  a resumed read skips the page after its checkpoint
//                               (kill_resume: rows lost)
//   KIT_DEFECT_ignores_state    every read starts from the beginning (incremental: re-reads)
//   KIT_DEFECT_duplicates       each page's first row is emitted twice (no_duplicates)
//   KIT_DEFECT_crashes          an incremental read from a complete read's state dereferences
//                               null (incremental: the plugin crashed)
// State: {"version":1,"cursor_ms":C} after a complete read; mid-read also "next".
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tempo/catalog.hpp"
#include "tempo/config.hpp"
#include "tempo/model.h"
#include "tempo/state.hpp"
#include "tempo/time.hpp"

namespace {

using tempo::sdk::Context;
using tempo::sdk::ReadRequest;
using tempo::sdk::Status;

struct Config {
  int64_t page_size = 0;
};

const tempo::sdk::ConfigMap<Config>& Keys() {
  static const auto* keys = [] {
    auto* k = new tempo::sdk::ConfigMap<Config>();
    k->Integer("page_size", &Config::page_size).Default(2).Range(1, 100);
    return k;
  }();
  return *keys;
}

struct Row {
  const char* id;
  const char* name;
  const char* updated_at;
};

constexpr Row kRows[] = {
    {"k-1", "One", "2024-01-01T00:00:00Z"},   {"k-2", "Two", "2024-01-02T00:00:00Z"},
    {"k-3", "Three", "2024-01-03T00:00:00Z"}, {"k-4", "Four", "2024-01-04T00:00:00Z"},
    {"k-5", "Five", "2024-01-05T00:00:00Z"},  {"k-6", "Six", "2024-01-06T00:00:00Z"},
    {"k-7", "Seven", "2024-01-07T00:00:00Z"}, {"k-8", "Eight", "2024-01-08T00:00:00Z"},
    {"k-9", "Nine", "2024-01-09T00:00:00Z"},
};
constexpr int64_t kCount = sizeof kRows / sizeof kRows[0];

class KitConnector : public tempo::sdk::CatalogConnector<KitConnector> {
 public:
  explicit KitConnector(Config c)
      : CatalogConnector(
            {{"partners", std::string(tempo::model::kPartner), "id", "updated_at", "",
              TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL, &KitConnector::ReadPartners}}),
        config_(c) {}

  static Status Open(Context&, std::string_view json, std::unique_ptr<KitConnector>* out) {
    Config c;
    if (Status s = Keys().Read(json, &c); !s.ok()) return s;
    *out = std::make_unique<KitConnector>(c);
    return Status::Ok();
  }

  Status Check(Context&) override { return Status::Ok(); }

 private:
  Status ReadPartners(Context& ctx, const Stream& stream, const ReadRequest& request) {
    tempo::sdk::StateReader state;
    int64_t cursor = -1, next = 0, newest = -1;
    std::string_view saved = request.state;
#ifdef KIT_DEFECT_ignores_state
    saved = "";
#endif
    Status s = tempo::sdk::StateReader::Parse(saved, 1, 1, "stream 'partners'", &state);
    for (auto [key, value] :
         {std::pair{"cursor_ms", &cursor}, {"next", &next}, {"newest_ms", &newest}}) {
      if (s.ok()) s = state.Get(key, value);
    }
    if (!s.ok()) return s;
#ifdef KIT_DEFECT_crashes
    if (request.sync_mode == TEMPO_SYNC_INCREMENTAL && !saved.empty() && !state.Has("next")) {
      // A wild address (not null, which UBSan would report first): a real SIGSEGV, also in
      // `make test-asan`, whose ASan leaves SIGSEGV to the process (handle_segv=0).
      volatile uintptr_t address = 16;
      *reinterpret_cast<volatile int*>(address) = 1;
    }
#endif
#ifdef KIT_DEFECT_loses_on_resume
    if (state.Has("next")) next += config_.page_size;
#endif
    if (request.sync_mode == TEMPO_SYNC_FULL_REFRESH && !state.Has("next")) cursor = -1;
    tempo::sdk::RecordBatch batch(ctx);
    for (;;) {
      const int64_t end = std::min(kCount, next + config_.page_size);
      for (int64_t i = next; i < end; ++i) {
        const int64_t ms = *tempo::sdk::ParseIsoMs(kRows[i].updated_at);
        if (ms < cursor) continue;
        const std::string raw = std::string(R"({"id":")") + kRows[i].id + "\"}";
        int copies = 1;
#ifdef KIT_DEFECT_duplicates
        if (i == next) copies = 2;
#endif
        for (int c = 0; c < copies; ++c) {
          batch.Begin(stream.entity, kRows[i].id)
              .UpdatedAt(kRows[i].updated_at)
              .Str(tempo::model::partner::kName, kRows[i].name)
              .Raw(raw);
          if (Status e = batch.Flush(); !e.ok()) return e;
        }
        newest = std::max(newest, ms);
      }
      next = end;
      tempo::sdk::StateWriter w(1);
      const bool more = next < kCount;
      if (more) {
        w.Int("cursor_ms", cursor).Int("next", next).Int("newest_ms", newest);
      } else {
        w.Int("cursor_ms", std::max(cursor, newest));
      }
      if (Status e = ctx.Checkpoint(stream.name, w.Take()); !e.ok() || !more) return e;
    }
  }

  Config config_;
};

}  // namespace

TEMPO_CONNECTOR_PLUGIN(KitConnector, KIT_PLUGIN_NAME, "1.0.0",
                       "A test subject of the conformance kit", Keys().SchemaText())
