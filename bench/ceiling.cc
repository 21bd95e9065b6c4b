// tempo-bench-ceiling: the store's upsert ceiling for the HubSpot contacts benchmarks.
//
// Writes already-parsed contact records into a store through the same code the sync engine
// uses (store::OpenStore for the pragmas and schema, store::RecordWriter for the upsert SQL of
// `contact`, raw JSON included), committing as the engine does: at a page boundary (100
// records) once --commit-records records (the engine's 50,000) or --commit-bytes of buffered
// records (the engine's 4 MiB, counted as its RecordBuffer counts them) wait. No HTTP, no
// JSON parsing, no plugin: what is left is SQLite plus the writer, so it bounds what the whole
// pipeline can reach.
//
// Input (--templates): records as the harness fetched them from tempo-fakeapi, one per line
// ('\x1e'-terminated), fields separated by '\x1f' in the order
//   id, updated_at, email, first_name, last_name, title, account_source_id, created_at, raw_json
// with a lone '\x15' for a null value. Record i of a phase is template i % T with a source id
// the phase chooses, so N may exceed T; parsing the templates is not timed.
//
// Two phases, each timed on its own:
//   prefill   --prefill P rows with source ids first-id .. first-id + P - 1, in order, as
//             sync run 1 (P = 0: none; the store starts empty);
//   measured  --records N records as sync run 2: round(N x --update-fraction) of them update
//             prefilled rows (ids drawn without replacement from the prefilled range, seeded),
//             the rest insert new ids following that range; --order sequential writes them by
//             ascending id, --order random in a seeded random permutation (--seed).
// Source ids are formatted before a phase's clock starts: the connector gets them from the
// JSON. --pragma NAME=VALUE (repeatable) runs `PRAGMA NAME=VALUE` after OpenStore, and --sql
// TEXT (repeatable, in order with the pragmas) runs TEXT, for experiments with the store's
// settings and layout (e.g. `contact` recreated WITHOUT ROWID). WAL checkpoints run on a
// store::Checkpointer thread, as in `tempo sync`; --no-background-checkpoints leaves them to SQLite
// (inside the commits). Each phase's time ends once its last page is checkpointed into the database
// file. Each commit's records are written by source id, as the engine writes them (RecordBuffer::
// KeyOrder); --unsorted-commits writes them in the phase's order instead.
//
//   tempo-bench-ceiling --store DB --templates FILE --records N [--commit-records 50000]
//       [--commit-bytes 4194304]
//       [--prefill P] [--order sequential|random] [--update-fraction F] [--seed S]
//       [--first-id ID] [--pragma NAME=VALUE]... [--sql TEXT]... [--no-background-checkpoints]
//       [--unsorted-commits]
//   tempo-bench-ceiling --store DB --init-only      (just create the migrated, empty store)
// Prints one JSON line: {"records":N,"seconds":S,"recps":R,"commits":C,"order":O,"updates":U,
// "inserts":I,"prefill":P,"prefill_seconds":PS,"prefill_recps":PR,"prefill_commits":PC,
// "read_bytes":RB,"write_bytes":WB,"read_calls":RC,"write_calls":WC}; all but the prefill_*
// keys are the measured phase's, the I/O ones from /proc/self/io (read/write system calls,
// page-cache hits included; -1 where unavailable).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <numeric>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "store/checkpointer.h"
#include "store/record_writer.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "sync/engine.h"
#include "tempo/plugin.h"

namespace {

constexpr char kFieldSep = '\x1f', kRecordSep = '\x1e', kNull = '\x15';
constexpr const char* kColumns[] = {"email", "first_name",        "last_name",
                                    "title", "account_source_id", "created_at"};
constexpr size_t kNumColumns = sizeof(kColumns) / sizeof(kColumns[0]);

struct Template {
  std::string updated_at;
  std::string values[kNumColumns];
  bool null[kNumColumns] = {};
  std::string raw_json;
  size_t buffer_bytes = 0;  // what the engine's RecordBuffer counts for it, source id aside
};

// When a phase commits: as the engine does (sync::SyncOptions), at a page boundary once
// `records` records or `bytes` of buffered records wait.
struct CommitPolicy {
  long long records = tempo::sync::SyncOptions{}.commit_records;
  long long bytes = static_cast<long long>(tempo::sync::SyncOptions{}.commit_bytes);
  bool sort = true;  // write each commit by source id (RecordBuffer::KeyOrder)
};
constexpr size_t kPage = 100;  // the connector's page: the engine commits only at checkpoints

// RecordBuffer::Append's count: the copied strings plus the record and field structs.
size_t BufferBytes(const Template& t) {
  size_t n = std::strlen("contact") + t.updated_at.size() + t.raw_json.size() +
             sizeof(tempo_record) + sizeof(size_t) + kNumColumns * sizeof(tempo_field);
  for (size_t c = 0; c < kNumColumns; ++c) {
    n += std::strlen(kColumns[c]) + (t.null[c] ? 0 : t.values[c].size());
  }
  return n;
}

int Fail(const std::string& what) {
  std::fprintf(stderr, "tempo-bench-ceiling: %s\n", what.c_str());
  return 1;
}

bool LoadTemplates(const std::string& path, std::vector<Template>* out, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read " + path;
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  size_t pos = 0;
  while (pos < all.size()) {
    size_t end = all.find(kRecordSep, pos);
    if (end == std::string::npos) end = all.size();
    std::string_view line(all.data() + pos, end - pos);
    pos = end + 1;
    if (line.empty()) continue;
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
      size_t sep = line.find(kFieldSep, start);
      parts.push_back(line.substr(start, sep == std::string_view::npos ? line.npos : sep - start));
      if (sep == std::string_view::npos) break;
      start = sep + 1;
    }
    if (parts.size() != 3 + kNumColumns) {
      *error = "template " + std::to_string(out->size()) + " has " + std::to_string(parts.size()) +
               " fields, expected " + std::to_string(3 + kNumColumns);
      return false;
    }
    Template t;
    t.updated_at = std::string(parts[1]);
    for (size_t c = 0; c < kNumColumns; ++c) {
      std::string_view v = parts[2 + c];
      t.null[c] = v.size() == 1 && v[0] == kNull;
      if (!t.null[c]) t.values[c] = std::string(v);
    }
    t.raw_json = std::string(parts[2 + kNumColumns]);
    t.buffer_bytes = BufferBytes(t);
    out->push_back(std::move(t));
  }
  if (out->empty()) {
    *error = path + " holds no records";
    return false;
  }
  return true;
}

// The process's I/O so far from /proc/self/io (Linux): bytes and calls of read/pread and
// write/pwrite, page-cache hits included. All -1 where it cannot be read.
struct IoCounters {
  long long rchar = -1, wchar = -1, syscr = -1, syscw = -1;
};

IoCounters ReadIo() {
  IoCounters io;
  std::ifstream in("/proc/self/io");
  std::string key;
  long long value;
  while (in >> key >> value) {
    if (key == "rchar:") io.rchar = value;
    if (key == "wchar:") io.wchar = value;
    if (key == "syscr:") io.syscr = value;
    if (key == "syscw:") io.syscw = value;
  }
  return io;
}

struct PhaseResult {
  double seconds = 0;
  long long commits = 0;
  IoCounters io;  // what the phase read and wrote (differences)
};

// Writes one record per id (record i is template (template_offset + i) % T) through `writer`,
// committing as `policy` says and at the end; *out gets the time and commits.
tempo::Status WritePhase(tempo::store::Db& store, tempo::store::RecordWriter& writer,
                         const std::vector<Template>& templates,
                         const std::vector<std::string>& ids, long long template_offset,
                         const CommitPolicy& policy, bool background_checkpoints,
                         PhaseResult* out) {
  tempo_field fields[kNumColumns];
  std::memset(fields, 0, sizeof fields);
  for (size_t c = 0; c < kNumColumns; ++c) {
    fields[c].struct_size = sizeof(tempo_field);
    fields[c].name = kColumns[c];
    fields[c].name_len = std::strlen(kColumns[c]);
  }
  tempo_record rec;
  std::memset(&rec, 0, sizeof rec);
  rec.struct_size = sizeof(tempo_record);
  rec.op = TEMPO_OP_UPSERT;
  rec.entity = "contact";
  rec.entity_len = 7;
  rec.fields = fields;
  rec.field_count = kNumColumns;

  const IoCounters io_before = ReadIo();
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<tempo::store::Checkpointer> checkpointer;
  if (background_checkpoints) {
    auto started = tempo::store::Checkpointer::Start(store);
    if (!started.ok()) return started.status();
    checkpointer = std::move(started).value();
  }
  long long commits = 0;
  std::string reject;
  std::vector<size_t> chunk;
  auto template_of = [&](size_t i) -> const Template& {
    return templates[static_cast<size_t>(template_offset + static_cast<long long>(i)) %
                     templates.size()];
  };
  for (size_t begin = 0, end = 0; begin < ids.size(); begin = end) {
    long long bytes = 0;
    while (end < ids.size()) {
      bytes += static_cast<long long>(template_of(end).buffer_bytes + ids[end].size());
      const size_t n = ++end - begin;
      if (n % kPage == 0 &&
          (static_cast<long long>(n) >= policy.records || bytes >= policy.bytes)) {
        break;
      }
    }
    chunk.resize(end - begin);
    std::iota(chunk.begin(), chunk.end(), begin);
    // As the engine writes a commit (RecordBuffer::KeyOrder): by source id, bytewise.
    if (policy.sort) {
      std::stable_sort(chunk.begin(), chunk.end(),
                       [&ids](size_t a, size_t b) { return ids[a] < ids[b]; });
    }
    if (auto s = store.Exec("BEGIN"); !s.ok()) return s;
    for (size_t i : chunk) {
      const Template& t = template_of(i);
      for (size_t c = 0; c < kNumColumns; ++c) {
        fields[c].type = t.null[c] ? TEMPO_VALUE_NULL : TEMPO_VALUE_STRING;
        fields[c].str = t.values[c].data();
        fields[c].str_len = t.values[c].size();
      }
      const std::string& id = ids[i];
      rec.source_id = id.data();
      rec.source_id_len = id.size();
      rec.updated_at = t.updated_at.data();
      rec.updated_at_len = t.updated_at.size();
      rec.raw_json = t.raw_json.data();
      rec.raw_json_len = t.raw_json.size();
      reject.clear();
      if (auto s = writer.Write(rec, &reject); !s.ok()) return s;
      if (!reject.empty()) {
        return tempo::Status::InvalidArgument("record " + id + " rejected: " + reject);
      }
    }
    if (auto s = store.Exec("COMMIT"); !s.ok()) return s;
    ++commits;
  }
  // The phase ends with every page in the database file, as `tempo sync` ends (closing the
  // store checkpoints what is left): what a background checkpointer still owes is timed too.
  if (checkpointer) checkpointer->Stop();
  if (auto s = store.Exec("PRAGMA wal_checkpoint(PASSIVE)"); !s.ok()) return s;
  out->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out->commits = commits;
  const IoCounters io_after = ReadIo();
  auto delta = [](long long before, long long after) {
    return before < 0 || after < 0 ? -1 : after - before;
  };
  out->io = {delta(io_before.rchar, io_after.rchar), delta(io_before.wchar, io_after.wchar),
             delta(io_before.syscr, io_after.syscr), delta(io_before.syscw, io_after.syscw)};
  return tempo::Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  std::string store_path, templates_path, order = "sequential";
  long long records = 1000000, first_id = 1000001, prefill = 0;
  CommitPolicy policy;
  unsigned long long seed = 1;
  double update_fraction = 0;
  bool init_only = false, background_checkpoints = true;
  std::vector<std::string> setup;  // --pragma and --sql statements, in order
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "tempo-bench-ceiling: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--store")
      store_path = next();
    else if (a == "--templates")
      templates_path = next();
    else if (a == "--records")
      records = std::atoll(next().c_str());
    else if (a == "--commit-records")
      policy.records = std::atoll(next().c_str());
    else if (a == "--commit-bytes")
      policy.bytes = std::atoll(next().c_str());
    else if (a == "--first-id")
      first_id = std::atoll(next().c_str());
    else if (a == "--prefill")
      prefill = std::atoll(next().c_str());
    else if (a == "--order")
      order = next();
    else if (a == "--update-fraction")
      update_fraction = std::atof(next().c_str());
    else if (a == "--seed")
      seed = std::strtoull(next().c_str(), nullptr, 10);
    else if (a == "--pragma")
      setup.push_back("PRAGMA " + next());
    else if (a == "--sql")
      setup.push_back(next());
    else if (a == "--init-only")
      init_only = true;
    else if (a == "--no-background-checkpoints")
      background_checkpoints = false;
    else if (a == "--unsorted-commits")
      policy.sort = false;
    else
      return Fail("unknown argument " + a);
  }
  if (store_path.empty()) return Fail("--store is required");
  if (order != "sequential" && order != "random") {
    return Fail("--order must be sequential or random, not " + order);
  }
  if (records < 0 || prefill < 0) return Fail("--records and --prefill must not be negative");
  if (update_fraction < 0 || update_fraction > 1) return Fail("--update-fraction must be 0..1");
  const long long updates = std::llround(static_cast<double>(records) * update_fraction);
  if (updates > prefill) {
    return Fail("--update-fraction asks for " + std::to_string(updates) +
                " updates, but --prefill holds only " + std::to_string(prefill) + " rows");
  }

  auto db = tempo::store::OpenStore(store_path);
  if (!db.ok()) return Fail(db.status().message());
  if (init_only) return 0;
  if (templates_path.empty()) return Fail("--templates is required");
  if (policy.records < 1) policy.records = 1;
  if (policy.bytes < 1) policy.bytes = 1;
  tempo::store::Db& store = **db;
  for (const std::string& sql : setup) {
    if (auto s = store.Exec(sql); !s.ok()) return Fail(s.message());
  }

  std::vector<Template> templates;
  std::string error;
  if (!LoadTemplates(templates_path, &templates, &error)) return Fail(error);

  tempo::store::RecordWriter writer(store, "crm");
  writer.SetNow(tempo::store::NowUtc());
  writer.SetKeepRaw(true);

  PhaseResult prefilled;
  if (prefill > 0) {
    std::vector<std::string> ids;
    ids.reserve(static_cast<size_t>(prefill));
    for (long long i = 0; i < prefill; ++i) ids.push_back(std::to_string(first_id + i));
    writer.SetRun(1);
    if (auto s = WritePhase(store, writer, templates, ids, 0, policy, background_checkpoints,
                            &prefilled);
        !s.ok()) {
      return Fail("prefill: " + s.message());
    }
  }

  // The measured ids: `updates` distinct prefilled ids (a seeded partial Fisher-Yates over the
  // prefilled range), then the new ids; ascending, or shuffled.
  std::mt19937_64 rng(seed);
  std::vector<long long> numeric;
  numeric.reserve(static_cast<size_t>(records));
  if (updates > 0) {
    std::vector<long long> pool(static_cast<size_t>(prefill));
    std::iota(pool.begin(), pool.end(), first_id);
    for (long long i = 0; i < updates; ++i) {
      std::uniform_int_distribution<long long> pick(i, prefill - 1);
      std::swap(pool[static_cast<size_t>(i)], pool[static_cast<size_t>(pick(rng))]);
      numeric.push_back(pool[static_cast<size_t>(i)]);
    }
  }
  for (long long i = 0; i < records - updates; ++i) numeric.push_back(first_id + prefill + i);
  if (order == "random") {
    std::shuffle(numeric.begin(), numeric.end(), rng);
  } else {
    std::sort(numeric.begin(), numeric.end());
  }
  std::vector<std::string> ids;
  ids.reserve(numeric.size());
  for (long long id : numeric) ids.push_back(std::to_string(id));
  numeric = {};

  writer.SetRun(2);
  PhaseResult measured;
  if (auto s = WritePhase(store, writer, templates, ids, prefill, policy, background_checkpoints,
                          &measured);
      !s.ok()) {
    return Fail(s.message());
  }
  auto rate = [](long long n, double seconds) {
    return seconds > 0 ? static_cast<double>(n) / seconds : 0.0;
  };
  std::printf(
      "{\"records\":%lld,\"seconds\":%.4f,\"recps\":%.1f,\"commits\":%lld,\"order\":\"%s\","
      "\"updates\":%lld,\"inserts\":%lld,\"prefill\":%lld,\"prefill_seconds\":%.4f,"
      "\"prefill_recps\":%.1f,\"prefill_commits\":%lld,\"read_bytes\":%lld,\"write_bytes\":%lld,"
      "\"read_calls\":%lld,\"write_calls\":%lld}\n",
      records, measured.seconds, rate(records, measured.seconds), measured.commits, order.c_str(),
      updates, records - updates, prefill, prefilled.seconds, rate(prefill, prefilled.seconds),
      prefilled.commits, measured.io.rchar, measured.io.wchar, measured.io.syscr,
      measured.io.syscw);
  return 0;
}
