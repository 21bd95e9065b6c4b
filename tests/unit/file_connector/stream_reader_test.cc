// ReadStream and CheckStream against a fake host: records and rejects, pages and checkpoints,
// resuming after a kill at every checkpoint, the incremental modes, and the config they run on.
#include "stream_reader.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "file_state.h"
#include "file_test_util.h"
#include "stream_config.h"

namespace tempo::file {
namespace {

using testing::FakeHost;
using testing::ScratchDir;

constexpr char kPartnersCsv[] =
    "partner_id,name,website,type,updated_at\n"
    "p1,Acme,https://www.acme.com/,reseller,2025-01-10T00:00:00Z\n"
    "p2,\"Globex, Inc.\",globex.com,technology,2025-03-01T00:00:00Z\n"
    ",Nameless,none.com,other,2025-02-01T00:00:00Z\n"
    "p3,\"Initech\nConsulting\",initech.com,si,2025-02-15T00:00:00Z\n"
    "p4,Hooli,hooli.com,technology\n"
    "p5,Umbrella,,agency,\n";

constexpr char kPartnersJsonl[] =
    R"({"partner_id":"p6","name":"Vandelay","website":"vandelay.com","type":"reseller","updated_at":"2026-03-01T00:00:00Z","tier":2})"
    "\n"
    R"({"partner_id":7,"name":"Stark","website":null,"type":"si","updated_at":"2026-03-01T00:00:00Z"})"
    "\n"
    R"({"partner_id":"p8", broken)"
    "\n"
    R"({"name":"No id"})"
    "\n"
    R"({"partner_id":"p9","name":"Wayne","type":"technology","updated_at":"2025-12-24T00:00:00Z"})"
    "\n";

constexpr size_t kValidRows = 7;  // p1 p2 p3 p5 | p6 7 p9
constexpr char kMaxCursor[] = "2026-03-01T00:00:00Z";

// A folder with the two partner files and two files a folder stream must ignore.
struct PartnerFiles {
  PartnerFiles() {
    dir.Write("a.csv", kPartnersCsv);
    dir.Write("b.jsonl", kPartnersJsonl);
    dir.Write("notes.txt", "not data");
    dir.Write("._a.csv", "not,a,partner,file\n");  // a macOS resource fork
  }
  ScratchDir dir;
};

StreamConfig ParseOne(const std::string& json) {
  std::vector<StreamConfig> streams;
  sdk::Status s = ParseConfig(json, &streams);
  INFO(s.message());
  REQUIRE(s.ok());
  REQUIRE(streams.size() == 1);
  return streams[0];
}

StreamConfig PartnerStream(const std::string& path, const std::string& extra = "") {
  return ParseOne(R"({"streams":[{"name":"partners","path":")" + path +
                  R"(","entity":"partner","id":"partner_id","updated_at":"updated_at",)"
                  R"("columns":{"name":"name","domain":"website","partner_type":"type"})" +
                  extra + "}]}");
}

sdk::Status Read(FakeHost& host, const StreamConfig& stream, int32_t mode, const std::string& state,
                 size_t page_rows = 2) {
  sdk::Context ctx(host.ctx());
  ReadOptions options;
  options.page_rows = page_rows;
  options.chunk_bytes = 5;
  return ReadStream(ctx, stream, mode, state, options);
}

StreamState Decode(const std::string& json) {
  StreamState state;
  REQUIRE(DecodeState(json, &state).ok());
  return state;
}

TEST_CASE(
    "an id is text or a whole number of any length, and a boolean, fraction or object is a "
    "reject") {
  ScratchDir dir;
  dir.Write("ids.jsonl",
            "{\"partner_id\": 123456789012345678901234567890, \"name\": \"Thirty digits\"}\n"
            "{\"partner_id\": 18446744073709551615, \"name\": \"Max uint64\"}\n"
            "{\"partner_id\": -42, \"name\": \"Negative\"}\n"
            "{\"partner_id\": true, \"name\": \"Boolean\"}\n"
            "{\"partner_id\": 7.5, \"name\": \"Fraction\"}\n"
            "{\"partner_id\": {\"a\": 1}, \"name\": \"Object\"}\n"
            "{\"partner_id\": [1], \"name\": \"List\"}\n");
  FakeHost host;
  sdk::Status s = Read(host, PartnerStream(dir.Path("ids.jsonl")), TEMPO_SYNC_FULL_REFRESH, "");
  INFO(s.message());
  REQUIRE(s.ok());
  REQUIRE(host.committed.size() == 3);
  CHECK(host.committed.at("123456789012345678901234567890").fields.at("name") == "s:Thirty digits");
  CHECK(host.committed.count("18446744073709551615") == 1);
  CHECK(host.committed.count("-42") == 1);
  REQUIRE(host.rejects.size() == 4);
  CHECK(host.rejects[0] ==
        "ids.jsonl:4: the id in column 'partner_id' is a boolean; an id is text or a whole number");
  CHECK(host.rejects[1] ==
        "ids.jsonl:5: the id in column 'partner_id' is a number with a "
        "fraction; an id is text or a whole number");
  CHECK(host.rejects[2] ==
        "ids.jsonl:6: the id in column 'partner_id' is an object or a list; "
        "an id is text or a whole number");
  CHECK(host.rejects[3].find("ids.jsonl:7: the id in column 'partner_id' is an object or a list") ==
        0);
}

TEST_CASE("ReadStream emits one record per valid row and rejects the rest with file:line") {
  PartnerFiles files;
  StreamConfig stream = PartnerStream(files.dir.Path());
  FakeHost host;
  sdk::Status s = Read(host, stream, TEMPO_SYNC_FULL_REFRESH, "");
  INFO(s.message());
  REQUIRE(s.ok());
  REQUIRE(host.committed.size() == kValidRows);
  CHECK(host.pending.empty());

  const testing::ReceivedRecord& p1 = host.committed.at("p1");
  CHECK(p1.entity == "partner");
  CHECK(p1.updated_at == "2025-01-10T00:00:00Z");
  CHECK(p1.fields.at("name") == "s:Acme");
  CHECK(p1.fields.at("domain") == "s:https://www.acme.com/");
  CHECK(p1.fields.at("partner_type") == "s:reseller");
  CHECK(p1.raw == R"({"partner_id":"p1","name":"Acme","website":"https://www.acme.com/",)"
                  R"("type":"reseller","updated_at":"2025-01-10T00:00:00Z"})");
  CHECK(host.committed.at("p2").fields.at("name") == "s:Globex, Inc.");
  CHECK(host.committed.at("p3").fields.at("name") == "s:Initech\nConsulting");
  CHECK(host.committed.at("p5").fields.at("domain") == "null");
  CHECK(host.committed.at("p5").updated_at.empty());

  const testing::ReceivedRecord& stark = host.committed.at("7");  // a numeric JSON id
  CHECK(stark.fields.at("domain") == "null");
  CHECK(stark.fields.at("partner_type") == "s:si");
  CHECK(stark.raw.find(R"("name":"Stark")") != std::string::npos);
  CHECK(host.committed.at("p9").fields.count("domain") == 0);  // an absent key is not carried

  REQUIRE(host.rejects.size() == 4);
  CHECK(host.rejects[0] == "a.csv:4: no id in column 'partner_id'");
  CHECK(host.rejects[1] == "a.csv:7: 4 fields, expected 5");
  CHECK(host.rejects[2].find("b.jsonl:3: invalid JSON") == 0);
  CHECK(host.rejects[3] == "b.jsonl:4: no id in column 'partner_id'");

  // 11 rows in pages of 2, then the completed state.
  CHECK(host.checkpoints == 6);
  StreamState final_state = Decode(host.committed_state);
  CHECK(!final_state.run);
  CHECK(final_state.cursor == kMaxCursor);
  REQUIRE(final_state.files.size() == 2);
  CHECK(final_state.files.count("a.csv") == 1);
  CHECK(final_state.files.count("b.jsonl") == 1);
}

TEST_CASE("ReadStream checkpoints a resume position after every page") {
  PartnerFiles files;
  StreamConfig stream = PartnerStream(files.dir.Path());
  FakeHost host;
  REQUIRE(Read(host, stream, TEMPO_SYNC_FULL_REFRESH, "").ok());
  REQUIRE(host.states.size() == 6);
  StreamState first = Decode(host.states[0]);
  REQUIRE(first.run);
  REQUIRE(first.run->position);
  CHECK(first.run->position->file == "a.csv");
  CHECK(first.run->position->line == 4);  // rows on lines 2 and 3 are done
  StreamState third = Decode(host.states[2]);
  CHECK(third.run->position->file == "a.csv");
  CHECK(third.run->position->offset == third.run->position->stamp.size);  // a.csv's end
  StreamState fourth = Decode(host.states[3]);
  CHECK(fourth.run->done.count("a.csv") == 1);
  CHECK(fourth.run->position->file == "b.jsonl");
  CHECK(fourth.run->position->line == 3);
}

TEST_CASE("ReadStream resumes after a kill at any checkpoint without loss or re-reading") {
  PartnerFiles files;
  StreamConfig stream = PartnerStream(files.dir.Path());
  for (size_t page_rows : {1, 2, 3, 1000}) {
    FakeHost reference;
    REQUIRE(Read(reference, stream, TEMPO_SYNC_FULL_REFRESH, "", page_rows).ok());
    for (int kill_at = 1; kill_at <= reference.checkpoints; ++kill_at) {
      CAPTURE(page_rows, kill_at);
      FakeHost host;
      host.fail_checkpoint_number = kill_at;
      sdk::Status killed = Read(host, stream, TEMPO_SYNC_FULL_REFRESH, "", page_rows);
      REQUIRE(!killed.ok());
      size_t committed_rows = host.committed.size();

      host.Restart();
      size_t emitted_before = host.emitted;
      sdk::Status resumed =
          Read(host, stream, TEMPO_SYNC_FULL_REFRESH, host.committed_state, page_rows);
      INFO(resumed.message());
      REQUIRE(resumed.ok());
      // Resumed at the row after the last committed page: every other row exactly once.
      CHECK(host.emitted - emitted_before == kValidRows - committed_rows);
      REQUIRE(host.committed.size() == reference.committed.size());
      for (const auto& [id, record] : reference.committed) {
        CHECK(host.committed.at(id).fields == record.fields);
        CHECK(host.committed.at(id).raw == record.raw);
      }
      CHECK(host.committed_state == reference.committed_state);
    }
  }
}

TEST_CASE("ReadStream resumes an incremental read after a kill without moving the cursor") {
  for (const char* mode : {R"(,"incremental":"mtime")", R"(,"incremental":"cursor")"}) {
    CAPTURE(mode);
    PartnerFiles files;
    StreamConfig stream = PartnerStream(files.dir.Path(), mode);
    FakeHost first;
    REQUIRE(Read(first, stream, TEMPO_SYNC_FULL_REFRESH, "").ok());
    const std::string after_full = first.committed_state;
    files.dir.Write("c.csv",
                    "partner_id,name,website,type,updated_at\n"
                    "p20,A,,,2026-06-01T00:00:00Z\np21,B,,,2026-07-01T00:00:00Z\n"
                    "p22,C,,,2026-03-01T00:00:00Z\np23,D,,,2026-08-01T00:00:00Z\n");

    FakeHost reference;
    REQUIRE(Read(reference, stream, TEMPO_SYNC_INCREMENTAL, after_full).ok());
    for (int kill_at = 1; kill_at <= reference.checkpoints; ++kill_at) {
      CAPTURE(kill_at);
      FakeHost host;
      host.fail_checkpoint_number = kill_at;
      REQUIRE(!Read(host, stream, TEMPO_SYNC_INCREMENTAL, after_full).ok());
      std::string resume_from = host.committed_state.empty() ? after_full : host.committed_state;
      CHECK(Decode(resume_from).cursor == kMaxCursor);  // only a completed read moves it
      host.Restart();
      REQUIRE(Read(host, stream, TEMPO_SYNC_INCREMENTAL, resume_from).ok());
      CHECK(host.committed.size() == reference.committed.size());
      CHECK(host.committed_state == reference.committed_state);
    }
    CHECK(Decode(reference.committed_state).cursor == "2026-08-01T00:00:00Z");
  }
}

TEST_CASE("ReadStream rereads a file from the top when it changed since the interruption") {
  PartnerFiles files;
  StreamConfig stream = PartnerStream(files.dir.Path());
  FakeHost host;
  host.fail_checkpoint_number = 2;  // dies inside a.csv, after its first page
  REQUIRE(!Read(host, stream, TEMPO_SYNC_FULL_REFRESH, "").ok());
  REQUIRE(Decode(host.committed_state).run->position->file == "a.csv");

  files.dir.Write("a.csv", std::string(kPartnersCsv) + "p10,Soylent,soylent.com,other,\n");
  host.Restart();
  size_t emitted_before = host.emitted;
  REQUIRE(Read(host, stream, TEMPO_SYNC_FULL_REFRESH, host.committed_state).ok());
  CHECK(host.emitted - emitted_before == kValidRows + 1);  // all of a.csv again, then b.jsonl
  CHECK(host.committed.count("p10") == 1);
}

TEST_CASE("ReadStream incremental by mtime reads only changed and new files") {
  PartnerFiles files;
  StreamConfig stream = PartnerStream(files.dir.Path());
  FakeHost host;
  REQUIRE(Read(host, stream, TEMPO_SYNC_FULL_REFRESH, "").ok());
  std::string after_full = host.committed_state;

  size_t before = host.emitted;
  REQUIRE(Read(host, stream, TEMPO_SYNC_INCREMENTAL, after_full).ok());
  CHECK(host.emitted == before);
  CHECK(Decode(host.committed_state).files == Decode(after_full).files);

  files.dir.Write("b.jsonl", std::string(kPartnersJsonl) +
                                 R"({"partner_id":"p10","updated_at":"2026-04-01T00:00:00Z"})" +
                                 "\n");
  files.dir.Write("c.csv", "partner_id,name,website,type,updated_at\np11,Tyrell,,,\n");
  before = host.emitted;
  REQUIRE(Read(host, stream, TEMPO_SYNC_INCREMENTAL, host.committed_state).ok());
  CHECK(host.emitted - before == 4 + 1);  // b.jsonl: p6 7 p9 p10; c.csv: p11
  StreamState state = Decode(host.committed_state);
  CHECK(state.files.size() == 3);
  CHECK(state.cursor == "2026-04-01T00:00:00Z");
}

TEST_CASE("ReadStream incremental by mtime skips a file with a new mtime but the same bytes") {
  PartnerFiles files;
  StreamConfig stream = PartnerStream(files.dir.Path());
  FakeHost host;
  REQUIRE(Read(host, stream, TEMPO_SYNC_INCREMENTAL, "").ok());
  const size_t first = host.emitted;
  StreamState state = Decode(host.committed_state);
  REQUIRE(state.files.count("a.csv") == 1);
  CHECK(state.files.at("a.csv").content_hash != 0);  // read through: its bytes are hashed

  // The same export downloaded again: same bytes, a later mtime. Nothing is read.
  const std::string a_csv = files.dir.Path() + "/a.csv";
  const auto later = [&] {
    std::filesystem::last_write_time(
        a_csv, std::filesystem::last_write_time(a_csv) + std::chrono::seconds(10));
  };
  files.dir.Write("a.csv", kPartnersCsv);
  later();
  REQUIRE(Read(host, stream, TEMPO_SYNC_INCREMENTAL, host.committed_state).ok());
  CHECK(host.emitted == first);
  StreamState skipped = Decode(host.committed_state);
  CHECK(skipped.files.at("a.csv").mtime_ns != state.files.at("a.csv").mtime_ns);  // new stamp
  CHECK(skipped.files.at("a.csv").content_hash == state.files.at("a.csv").content_hash);

  // One byte changed, the size the same: the file is read again, all of it.
  std::string changed = kPartnersCsv;
  changed.replace(changed.find("Acme"), 4, "Acmf");
  files.dir.Write("a.csv", changed);
  later();
  REQUIRE(Read(host, stream, TEMPO_SYNC_INCREMENTAL, host.committed_state).ok());
  CHECK(host.emitted - first == 4);  // a.csv's valid rows: p1 p2 p3 p5
  CHECK(Decode(host.committed_state).files.at("a.csv").content_hash !=
        state.files.at("a.csv").content_hash);
}

TEST_CASE("ReadStream incremental by cursor emits rows at or after the cursor") {
  PartnerFiles files;
  StreamConfig stream = PartnerStream(files.dir.Path(), R"(,"incremental":"cursor")");
  FakeHost host;
  REQUIRE(Read(host, stream, TEMPO_SYNC_FULL_REFRESH, "").ok());
  REQUIRE(Decode(host.committed_state).cursor == kMaxCursor);

  // Ties with the cursor come again (the upsert absorbs them); so do rows without updated_at.
  host.pending.clear();
  size_t before = host.emitted;
  REQUIRE(Read(host, stream, TEMPO_SYNC_INCREMENTAL, host.committed_state).ok());
  CHECK(host.emitted - before == 3);  // p5 (no updated_at), p6 and 7 (ties)

  files.dir.Write("c.csv",
                  "partner_id,name,website,type,updated_at\n"
                  "p12,Old,,,2020-01-01T00:00:00Z\n"
                  "p13,New,,,2026-05-01T00:00:00Z\n");
  std::string before_state = host.committed_state;
  size_t checkpoints_before = host.states.size();
  before = host.emitted;
  REQUIRE(Read(host, stream, TEMPO_SYNC_INCREMENTAL, before_state).ok());
  CHECK(host.emitted - before == 4);  // p5, p6, 7, p13
  CHECK(host.committed.count("p12") == 0);
  // The cursor moves only with the completed state, never in a page checkpoint.
  for (size_t i = checkpoints_before; i + 1 < host.states.size(); ++i) {
    StreamState page = Decode(host.states[i]);
    CHECK(page.cursor == kMaxCursor);
    REQUIRE(page.run);
  }
  CHECK(Decode(host.committed_state).cursor == "2026-05-01T00:00:00Z");
}

TEST_CASE("ReadStream: a mapped column missing from a CSV header fails the stream") {
  PartnerFiles files;
  StreamConfig stream = ParseOne(R"({"streams":[{"name":"partners","path":")" + files.dir.Path() +
                                 R"(","entity":"partner","id":"partner_id",)"
                                 R"("columns":{"domain":"homepage"}}]})");
  FakeHost host;
  sdk::Status s = Read(host, stream, TEMPO_SYNC_FULL_REFRESH, "");
  CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(s.message().find("stream 'partners': a.csv has no column 'homepage'") == 0);
  CHECK(s.message().find("columns.domain") != std::string::npos);

  sdk::Context ctx(host.ctx());
  CHECK(CheckStream(ctx, stream).code() == TEMPO_ERR_INVALID_ARGUMENT);
}

TEST_CASE("ReadStream stops after a checkpoint when the host cancels") {
  PartnerFiles files;
  StreamConfig stream = PartnerStream(files.dir.Path());
  FakeHost host;
  host.cancel = true;
  sdk::Status s = Read(host, stream, TEMPO_SYNC_FULL_REFRESH, "");
  CHECK(s.code() == TEMPO_ERR_CANCELLED);
  CHECK(host.checkpoints == 1);
  CHECK(Decode(host.committed_state).run->position->line == 4);
}

TEST_CASE("ReadStream refuses a state it cannot decode") {
  PartnerFiles files;
  StreamConfig stream = PartnerStream(files.dir.Path());
  FakeHost host;
  sdk::Status s = Read(host, stream, TEMPO_SYNC_INCREMENTAL, "{\"cursor\":");
  CHECK(s.code() == TEMPO_ERR_DATA);
  CHECK(s.message().find("stream 'partners'") == 0);
  CHECK(host.emitted == 0);
}

TEST_CASE("A single-file stream takes its format from the extension or the config") {
  ScratchDir dir;
  std::string txt = dir.Write("export.txt", "id;name\n1;x\n");
  FakeHost host;
  auto config = [&](const std::string& extra) {
    return ParseOne(R"({"streams":[{"name":"s","path":")" + txt +
                    R"(","entity":"account","id":"id","columns":{"name":"name"})" + extra + "}]}");
  };
  sdk::Status s = Read(host, config(""), TEMPO_SYNC_FULL_REFRESH, "");
  CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(s.message().find("set format") != std::string::npos);

  REQUIRE(
      Read(host, config(R"(,"format":"csv","delimiter":";")"), TEMPO_SYNC_FULL_REFRESH, "").ok());
  CHECK(host.committed.at("1").fields.at("name") == "s:x");
  CHECK(Decode(host.committed_state).files.count("export.txt") == 1);
}

TEST_CASE("CheckStream reports a missing path with the path") {
  FakeHost host;
  sdk::Context ctx(host.ctx());
  StreamConfig stream = PartnerStream("/nonexistent/tempo/partners.csv");
  sdk::Status s = CheckStream(ctx, stream);
  CHECK(s.code() == TEMPO_ERR_NOT_FOUND);
  CHECK(s.message().find("/nonexistent/tempo/partners.csv") != std::string::npos);

  PartnerFiles files;
  CHECK(CheckStream(ctx, PartnerStream(files.dir.Path())).ok());
}

TEST_CASE("ParseConfig applies defaults and gives each source column one slot") {
  StreamConfig stream =
      ParseOne(R"({"streams":[{"name":"accounts","path":"/data/accounts.csv","entity":"account",)"
               R"("id":"Id","columns":{"name":"Name","domain":"Website","crm_id":"Id"}}]})");
  CHECK(stream.delimiter == ',');
  CHECK(stream.format == FileFormat::kFromExtension);
  CHECK(stream.incremental == IncrementalBy::kMtime);
  CHECK(stream.updated_at_slot == -1);
  CHECK(stream.source_columns == std::vector<std::string>{"Id", "Name", "Website"});
  CHECK(stream.column_slots == std::vector<size_t>{1, 2, 0});
}

TEST_CASE("ParseConfig rejects what the schema cannot catch") {
  const std::string base = R"("path":"/d","entity":"partner","id":"id","columns":{})";
  for (const std::string& bad : std::vector<std::string>{
           R"({"streams":[{"name":"a",)" + base + R"(,"incremental":"cursor"}]})",
           R"({"streams":[{"name":"a",)" + base + R"(},{"name":"a",)" + base + "}]}",
           R"({"streams":[{"name":"a",)" + base + R"(,"delimiter":"ab"}]})",
           R"({"streams":[{"name":"a",)" + base + R"(,"delimiter":"\""}]})",
           R"({"streams":[{"name":"a",)" + base + R"(,"format":"xml"}]})",
           R"({"streams":[{"name":"a",)" + base + R"(,"extra":1}]})",
           R"({"streams":[]})",
           R"({"streams":[{"name":"a","path":"/d","entity":"partner","columns":{}}]})",
           R"({})",
       }) {
    CAPTURE(bad);
    std::vector<StreamConfig> streams;
    CHECK(ParseConfig(bad, &streams).code() == TEMPO_ERR_INVALID_ARGUMENT);
  }
}

}  // namespace
}  // namespace tempo::file
