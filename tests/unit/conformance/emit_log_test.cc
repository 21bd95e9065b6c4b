// The emit log: what KitDestination writes after each commit (and only then), and its reader.
#include <catch2/catch.hpp>

#include <cstring>

#include "conformance/emit_log.h"
#include "support/temp_dir.h"

namespace tempo::conformance {
namespace {

// A destination that accepts everything (a record with source id "bad" is refused).
class Accepting : public sync::Destination {
 public:
  Result<int64_t> BeginRun(const sync::RunInfo&) override { return 1; }
  Result<sync::StreamState> LoadState(std::string_view) override { return sync::StreamState{}; }
  Status Begin() override { return Status::Ok(); }
  Status Write(const tempo_record& r, std::string* reject) override {
    if (std::string_view(r.source_id, r.source_id_len) == "bad") *reject = "refused";
    return Status::Ok();
  }
  Status WriteReject(const sync::Reject&) override { return Status::Ok(); }
  Status CheckScope(std::string_view, const sync::RowScope&) override { return Status::Ok(); }
  Result<int64_t> DeleteUnseen(std::string_view, int64_t, const sync::RowScope&) override {
    return 0;
  }
  Status Commit(std::string_view, std::string_view, std::optional<int64_t>) override {
    return Status::Ok();
  }
  void Rollback() override {}
  Status FinishRun(int64_t, const sync::RunSummary&) override { return Status::Ok(); }
};

tempo_record Record(const char* id, const char* updated, const tempo_field* fields, uint32_t n,
                    const char* raw = nullptr) {
  tempo_record r{};
  r.struct_size = sizeof r;
  r.entity = "partner";
  r.entity_len = 7;
  r.source_id = id;
  r.source_id_len = std::strlen(id);
  r.updated_at = updated;
  r.updated_at_len = std::strlen(updated);
  r.fields = fields;
  r.field_count = n;
  r.raw_json = raw;
  r.raw_json_len = raw ? std::strlen(raw) : 0;
  return r;
}

tempo_field Text(const char* name, const char* value) {
  tempo_field f{};
  f.struct_size = sizeof f;
  f.type = TEMPO_VALUE_STRING;
  f.name = name;
  f.name_len = std::strlen(name);
  f.str = value;
  f.str_len = std::strlen(value);
  return f;
}

TEST_CASE("the log holds what each commit committed, with the stream and its state") {
  testing::TempDir dir;
  Accepting store;
  auto dest = NewKitDestination(store, dir.File("log"), 0);
  const tempo_field acme[] = {Text("name", "Acme"), Text("tier", "gold")};
  std::string reject;
  REQUIRE(dest->Begin().ok());
  REQUIRE(dest->Write(Record("p-1", "2024-01-01T00:00:00Z", acme, 2, R"({"id":1})"), &reject).ok());
  REQUIRE(dest->Write(Record("bad", "2024-01-01T00:00:00Z", acme, 2), &reject).ok());
  REQUIRE(dest->Commit("partners", R"({"next":1})", std::nullopt).ok());
  REQUIRE(dest->Begin().ok());
  REQUIRE(dest->Write(Record("p-2", "", acme, 1), &reject).ok());
  dest->Rollback();  // never committed: not in the log
  Result<EmitLog> log = ReadEmitLog(dir.File("log"));
  REQUIRE(log.ok());
  REQUIRE(log->records.size() == 2);
  CHECK(log->records[0].Key() == "partner p-1");
  CHECK(log->records[0].stream == "partners");
  CHECK(log->records[0].updated_at == "2024-01-01T00:00:00Z");
  CHECK_FALSE(log->records[0].rejected);
  CHECK(log->records[1].rejected);
  CHECK(log->commits == 1);
  CHECK(log->last_state.at("partners") == R"({"next":1})");
}

TEST_CASE("the value digest ignores field order and raw JSON, the source digest follows raw JSON") {
  const tempo_field ab[] = {Text("name", "Acme"), Text("tier", "gold")};
  const tempo_field ba[] = {Text("tier", "gold"), Text("name", "Acme")};
  const tempo_field other[] = {Text("name", "Acme"), Text("tier", "silver")};
  const char* t = "2024-01-01T00:00:00Z";
  CHECK(RecordDigest(Record("p", t, ab, 2, "{\"a\":1}")) == RecordDigest(Record("p", t, ba, 2)));
  CHECK(RecordDigest(Record("p", t, ab, 2)) != RecordDigest(Record("p", t, other, 2)));
  CHECK(SourceDigest(Record("p", t, ab, 2, "{\"a\":1}")) !=
        SourceDigest(Record("p", t, ab, 2, "{\"a\":2}")));
}

TEST_CASE("a log cut by the kill ends at its last whole line, a missing log is empty") {
  testing::TempDir dir;
  const std::string path =
      dir.Write("log",
                "{\"s\":\"p\",\"e\":\"partner\",\"id\":\"1\",\"d\":\"x\"}\n"
                "{\"commit\":1,\"s\":\"p\",\"state\":\"{}\"}\n{\"s\":\"p\",\"e\":\"part");
  Result<EmitLog> log = ReadEmitLog(path);
  REQUIRE(log.ok());
  CHECK(log->records.size() == 1);
  CHECK(ReadEmitLog(dir.File("none"))->records.empty());
}

}  // namespace
}  // namespace tempo::conformance
