// RecordWriter's upsert on a real store: older never overwrites newer. A replayed or late page
// carrying an older version of a record keeps the stored newer row (every column, raw_json
// included) and only marks it seen by the run; a newer or equally new version, or one without
// a time, replaces it. Times are compared as instants, whatever shape the source writes them in.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "store/record_writer.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace {

using tempo::store::RecordWriter;
using tempo::testing::TempDir;

std::unique_ptr<tempo::store::Db> Store(const TempDir& dir) {
  auto db = tempo::store::OpenStore(dir.File("tempo.db"));
  REQUIRE(db.ok());
  return std::move(db).value();
}

// Writes account `id` named `name`, modified at `updated` ("" for none), as run `run`.
void Write(RecordWriter& w, int64_t run, const std::string& id, const std::string& updated,
           const std::string& name, int32_t op = TEMPO_OP_UPSERT) {
  tempo_field field{};
  field.struct_size = sizeof field;
  field.type = TEMPO_VALUE_STRING;
  field.name = "name";
  field.name_len = 4;
  field.str = name.data();
  field.str_len = name.size();
  const std::string raw = R"({"name":")" + name + R"("})";
  tempo_record r{};
  r.struct_size = sizeof r;
  r.op = op;
  r.entity = "account";
  r.entity_len = 7;
  r.source_id = id.data();
  r.source_id_len = id.size();
  r.updated_at = updated.empty() ? nullptr : updated.data();
  r.updated_at_len = updated.size();
  r.fields = &field;
  r.field_count = 1;
  r.raw_json = raw.data();
  r.raw_json_len = raw.size();
  w.SetRun(run);
  std::string reject;
  tempo::Status s = w.Write(r, &reject);
  INFO(s.message() << reject);
  REQUIRE(s.ok());
  REQUIRE(reject.empty());
}

// The account row: name|source_updated_at|sync_run_id|raw_json|deleted (NULL as '-').
std::string Row(tempo::store::Db& db, const std::string& id) {
  auto stmt = db.Prepare(
      "SELECT name, coalesce(source_updated_at, '-'), sync_run_id, raw_json, "
      "deleted_at IS NOT NULL FROM account WHERE connection = 'crm' AND source_id = ?1");
  REQUIRE(stmt.ok());
  stmt->Bind(1, std::string_view(id));
  auto more = stmt->Step();
  REQUIRE(more.ok());
  REQUIRE(*more);
  std::string line;
  for (int c = 0; c < stmt->ColumnCount(); ++c) line += (c ? "|" : "") + stmt->Text(c);
  return line;
}

}  // namespace

TEST_CASE("an older version never overwrites a newer one, and the row is still seen by the run") {
  TempDir dir;
  auto db = Store(dir);
  RecordWriter w(*db, "crm");
  w.SetNow("2026-12-07T00:00:00Z");
  Write(w, 1, "a1", "2026-03-02T10:00:00Z", "Acme v2");
  // A late page with the version before it (run 2): nothing changes but the run that saw it.
  Write(w, 2, "a1", "2026-03-01T10:00:00Z", "Acme v1");
  CHECK(Row(*db, "a1") == R"(Acme v2|2026-03-02T10:00:00Z|2|{"name":"Acme v2"}|0)");
  CHECK(w.stale() == 1);
  // The same version again (a replayed page) applies: idempotent.
  Write(w, 3, "a1", "2026-03-02T10:00:00Z", "Acme v2");
  CHECK(Row(*db, "a1") == R"(Acme v2|2026-03-02T10:00:00Z|3|{"name":"Acme v2"}|0)");
  // A newer one applies.
  Write(w, 3, "a1", "2026-03-03T10:00:00Z", "Acme v3");
  CHECK(Row(*db, "a1") == R"(Acme v3|2026-03-03T10:00:00Z|3|{"name":"Acme v3"}|0)");
  // A version without a time cannot be judged: it applies, as before this rule.
  Write(w, 4, "a1", "", "Acme untimed");
  CHECK(Row(*db, "a1") == R"(Acme untimed|-|4|{"name":"Acme untimed"}|0)");
  CHECK(w.stale() == 1);
}

TEST_CASE("times in different shapes are compared as instants, not as text") {
  TempDir dir;
  auto db = Store(dir);
  RecordWriter w(*db, "crm");
  w.SetNow("2026-12-07T00:00:00Z");
  // Salesforce's shape, 10:00 UTC; then 11:30+02:00, which sorts later as text but is 09:30
  // UTC, older.
  Write(w, 1, "a2", "2026-03-02T10:00:00.000+0000", "Beta new");
  Write(w, 2, "a2", "2026-03-02T11:30:00+02:00", "Beta old");
  CHECK(Row(*db, "a2") == R"(Beta new|2026-03-02T10:00:00.000+0000|2|{"name":"Beta new"}|0)");
  // The same instant written another way is not older.
  Write(w, 3, "a2", "2026-03-02T10:00:00Z", "Beta same");
  CHECK(Row(*db, "a2") == R"(Beta same|2026-03-02T10:00:00Z|3|{"name":"Beta same"}|0)");
  // Epoch milliseconds (PartnerStack's updated_at) against ISO: 1772445600000 is 10:00 UTC.
  Write(w, 4, "a2", "1772445599000", "Beta a second before");
  CHECK(Row(*db, "a2") == R"(Beta same|2026-03-02T10:00:00Z|4|{"name":"Beta same"}|0)");
}

TEST_CASE("out-of-order and duplicate pages end with each record's newest version") {
  TempDir dir;
  auto db = Store(dir);
  RecordWriter w(*db, "crm");
  w.SetNow("2026-12-07T00:00:00Z");
  // Page 2 arrives before page 1, then page 1 twice; ids 1-3 each have versions on both pages.
  const std::vector<std::pair<std::string, std::string>> page1 = {{"2026-01-01T00:00:01Z", "old"},
                                                                  {"2026-01-01T00:00:02Z", "old"},
                                                                  {"2026-01-01T00:00:03Z", "old"}};
  const std::vector<std::pair<std::string, std::string>> page2 = {{"2026-02-01T00:00:01Z", "new"},
                                                                  {"2026-02-01T00:00:02Z", "new"},
                                                                  {"2026-02-01T00:00:03Z", "new"}};
  for (const auto* page : {&page2, &page1, &page1}) {
    for (size_t i = 0; i < page->size(); ++i) {
      Write(w, 1, "id" + std::to_string(i), (*page)[i].first, (*page)[i].second);
    }
  }
  for (int i = 0; i < 3; ++i) {
    CHECK(Row(*db, "id" + std::to_string(i)) ==
          "new|2026-02-01T00:00:0" + std::to_string(i + 1) + R"(Z|1|{"name":"new"}|0)");
  }
  CHECK(w.stale() == 6);
  // A late deletion older than the stored version does not delete it; a newer one does.
  Write(w, 2, "id0", "2026-01-15T00:00:00Z", "gone", TEMPO_OP_DELETE);
  CHECK(Row(*db, "id0") == R"(new|2026-02-01T00:00:01Z|2|{"name":"new"}|0)");
  Write(w, 2, "id0", "2026-03-01T00:00:00Z", "gone", TEMPO_OP_DELETE);
  CHECK(Row(*db, "id0") == R"(gone|2026-03-01T00:00:00Z|2|{"name":"gone"}|1)");
}
