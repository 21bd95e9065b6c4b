// The kit's judgements: rows compared, duplicates, catalogs, and what an incremental read may
// read again.
#include <catch2/catch.hpp>

#include "conformance/checks.h"
#include "tempo/time.hpp"

namespace tempo::conformance {
namespace {

EmittedRecord Emitted(std::string stream, std::string id, std::string updated, std::string digest,
                      std::string source = "") {
  EmittedRecord r;
  r.stream = std::move(stream);
  r.entity = "partner";
  r.source_id = std::move(id);
  r.updated_at = std::move(updated);
  r.digest = std::move(digest);
  r.source_digest = source.empty() ? r.digest : source;
  return r;
}

TEST_CASE("CompareRows names lost, extra and changed rows") {
  const Rows full = {{"partner a", "1"}, {"partner b", "2"}, {"partner c", "3"}};
  CHECK(CompareRows(full, full).empty());
  CHECK(CompareRows(full, {{"partner a", "1"}, {"partner c", "9"}, {"partner z", "0"}}) ==
        "1 row lost (partner b); 1 row the uninterrupted read does not have (partner z); 1 row "
        "with other values (partner c)");
  CHECK(MissingRows({{"partner a", "1"}}, full).empty());
  CHECK(MissingRows({{"partner a", "5"}, {"partner q", "1"}}, full) ==
        "1 row missing (partner q); 1 row with older values (partner a)");
}

TEST_CASE("a duplicate is a stream's own record read twice from the same source record") {
  EmitLog log;
  log.records = {Emitted("partners", "p-1", "", "d1"),
                 Emitted("partners", "p-1", "", "d1"),
                 Emitted("partners", "p-2", "", "d2", "row-1"),
                 Emitted("partners", "p-2", "", "d2", "row-2"),  // two source rows, one partner
                 Emitted("deals", "p-3", "", "d3"),
                 Emitted("deals", "p-3", "", "d3")};
  const auto dups = Duplicates(log, {{"partners", "partner"}, {"deals", "opportunity"}});
  CHECK(dups == std::map<std::string, int>{{"partner p-1", 2}});
}

TEST_CASE("CatalogProblems: canonical entities, keys, modes, ownership, spec") {
  StreamDesc good{"partners", "partner", "id", "updated_at", "", 3, 0};
  CHECK(CatalogProblems({good}, nullptr).empty());
  CHECK(CatalogProblems({}, nullptr) == std::vector<std::string>{"discover returned no stream"});
  StreamDesc bad{"p", "partners", "", "", "", 8, 0};
  CHECK(CatalogProblems({good, bad}, nullptr) ==
        std::vector<std::string>{
            "stream 'p': entity 'partners' is not a canonical table (docs/store-schema.md)",
            "stream 'p' has no primary key",
            "stream 'p': sync modes 8 are not a set of full_refresh and incremental"});
  StreamDesc owner{"o", "overlap", "id", "", "colour", 1, TEMPO_OWNS_EQUAL};
  CHECK(CatalogProblems({owner}, nullptr) ==
        std::vector<std::string>{"stream 'o' owns rows by 'colour', which entity 'overlap' does "
                                 "not have"});
  StreamDesc spec_only{"leads", "lead", "id", "", "", 1, 0};
  std::vector<StreamDesc> spec = {good, spec_only};
  CHECK(CatalogProblems({good, good}, &spec) ==
        std::vector<std::string>{"stream 'partners' is listed twice",
                                 "spec() lists stream 'leads', discover does not"});
}

TEST_CASE("an incremental read may read again only the cursor's instant and the hand-over lag") {
  EmitLog full;
  full.records = {Emitted("partners", "a", "2024-01-01T00:00:00Z", "a1"),
                  Emitted("partners", "b", "2024-02-01T00:00:00Z", "b1"),
                  Emitted("partners", "c", "2024-03-01T00:00:00Z", "c1")};
  Before before;
  before.Add(full);
  before.started_ms = *tempo::sdk::ParseIsoMs("2024-06-01T00:00:00Z");
  EmitLog read;
  read.records = {Emitted("partners", "c", "2024-03-01T00:00:00Z", "c1"),   // at the cursor
                  Emitted("partners", "b", "2024-05-31T23:58:00Z", "b2"),   // changed
                  Emitted("partners", "d", "2024-05-31T23:58:00Z", "d1")};  // new
  IncrementalVerdict v = JudgeIncremental(read, before, {"partners"});
  CHECK(v.changed == 2);
  CHECK(v.overlap == 1);
  CHECK(v.reread_count == 0);

  read.records.push_back(Emitted("partners", "a", "2024-01-01T00:00:00Z", "a1"));
  v = JudgeIncremental(read, before, {"partners"});
  CHECK(v.reread_count == 1);
  CHECK(v.reread == std::vector<std::string>{"partners: partner a"});
  v = JudgeIncremental(read, before, {"partners"}, {"partners"});
  CHECK(v.reread_count == 0);
  CHECK(v.allowed_reread == 1);
  // A stream read in full every time (no incremental mode) is not judged.
  CHECK(JudgeIncremental(read, before, {}).reread_count == 0);
}

TEST_CASE("Sample lists a few") {
  CHECK(Sample({"a", "b", "c", "d"}) == "a, b, c, ...");
  CHECK(Sample({"a"}) == "a");
}

}  // namespace
}  // namespace tempo::conformance
