// tempo-bench-ceiling: the store's upsert ceiling for the HubSpot contacts benchmark.
//
// Writes N already-parsed contact records into a fresh store through the same code the sync
// engine uses (store::OpenStore for the pragmas and schema, store::RecordWriter for the upsert
// SQL of `contact`, raw JSON included), committing every --commit-records records. No HTTP, no
// JSON parsing, no plugin: what is left is SQLite plus the writer, so it bounds what the whole
// pipeline can reach.
//
// Input (--templates): records as the harness fetched them from tempo-fakeapi, one per line
// ('\x1e'-terminated), fields separated by '\x1f' in the order
//   id, updated_at, email, first_name, last_name, title, account_source_id, created_at, raw_json
// with a lone '\x15' for a null value. Record i of the run is template i % T with source id
// (first id + i), so N may exceed T; parsing the templates is not timed.
//
//   tempo-bench-ceiling --store DB --templates FILE --records N [--commit-records 50000]
//   tempo-bench-ceiling --store DB --init-only      (just create the migrated, empty store)
// Prints one JSON line: {"records":N,"seconds":S,"recps":R,"commits":C}.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "store/record_writer.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "tempo/plugin.h"

namespace {

constexpr char kFieldSep = '\x1f', kRecordSep = '\x1e', kNull = '\x15';
constexpr const char* kColumns[] = {"email", "first_name", "last_name", "title",
                                    "account_source_id", "created_at"};
constexpr size_t kNumColumns = sizeof(kColumns) / sizeof(kColumns[0]);

struct Template {
  std::string updated_at;
  std::string values[kNumColumns];
  bool null[kNumColumns] = {};
  std::string raw_json;
};

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
    out->push_back(std::move(t));
  }
  if (out->empty()) {
    *error = path + " holds no records";
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string store_path, templates_path;
  long long records = 1000000, commit_records = 50000, first_id = 1000001;
  bool init_only = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "tempo-bench-ceiling: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--store") store_path = next();
    else if (a == "--templates") templates_path = next();
    else if (a == "--records") records = std::atoll(next().c_str());
    else if (a == "--commit-records") commit_records = std::atoll(next().c_str());
    else if (a == "--first-id") first_id = std::atoll(next().c_str());
    else if (a == "--init-only") init_only = true;
    else return Fail("unknown argument " + a);
  }
  if (store_path.empty()) return Fail("--store is required");

  auto db = tempo::store::OpenStore(store_path);
  if (!db.ok()) return Fail(db.status().message());
  if (init_only) return 0;
  if (templates_path.empty()) return Fail("--templates is required");
  if (commit_records < 1) commit_records = 1;

  std::vector<Template> templates;
  std::string error;
  if (!LoadTemplates(templates_path, &templates, &error)) return Fail(error);
  // Source ids are formatted before the clock starts: the connector gets them from the JSON.
  std::vector<std::string> ids;
  ids.reserve(static_cast<size_t>(records));
  for (long long i = 0; i < records; ++i) ids.push_back(std::to_string(first_id + i));

  tempo::store::Db& store = **db;
  tempo::store::RecordWriter writer(store, "crm");
  writer.SetRun(1);
  writer.SetNow(tempo::store::NowUtc());
  writer.SetKeepRaw(true);

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

  const auto start = std::chrono::steady_clock::now();
  long long commits = 0, pending = 0;
  if (auto s = store.Exec("BEGIN"); !s.ok()) return Fail(s.message());
  std::string reject;
  for (long long i = 0; i < records; ++i) {
    const Template& t = templates[static_cast<size_t>(i) % templates.size()];
    for (size_t c = 0; c < kNumColumns; ++c) {
      fields[c].type = t.null[c] ? TEMPO_VALUE_NULL : TEMPO_VALUE_STRING;
      fields[c].str = t.values[c].data();
      fields[c].str_len = t.values[c].size();
    }
    const std::string& id = ids[static_cast<size_t>(i)];
    rec.source_id = id.data();
    rec.source_id_len = id.size();
    rec.updated_at = t.updated_at.data();
    rec.updated_at_len = t.updated_at.size();
    rec.raw_json = t.raw_json.data();
    rec.raw_json_len = t.raw_json.size();
    reject.clear();
    if (auto s = writer.Write(rec, &reject); !s.ok()) return Fail(s.message());
    if (!reject.empty()) return Fail("record " + id + " rejected: " + reject);
    if (++pending >= commit_records) {
      if (auto s = store.Exec("COMMIT; BEGIN"); !s.ok()) return Fail(s.message());
      ++commits;
      pending = 0;
    }
  }
  if (auto s = store.Exec("COMMIT"); !s.ok()) return Fail(s.message());
  ++commits;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"records\":%lld,\"seconds\":%.4f,\"recps\":%.1f,\"commits\":%lld}\n", records,
              seconds, seconds > 0 ? static_cast<double>(records) / seconds : 0.0, commits);
  return 0;
}
