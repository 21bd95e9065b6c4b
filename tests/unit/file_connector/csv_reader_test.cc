// CsvReader: RFC 4180 parsing, line numbers, malformed rows, and resuming at row boundaries,
// across chunk boundaries (tiny chunk sizes force every row to span several reads).
#include "csv_reader.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "file_test_util.h"

namespace tempo::file {
namespace {

using testing::ScratchDir;

// A row as plain values, plus the reader's position after it.
struct ReadRow {
  CsvRow::Kind kind;
  uint64_t line;
  std::vector<std::string> fields;
  std::string problem;
  uint64_t next_offset;
  uint64_t next_line;
};

std::vector<ReadRow> ReadRest(CsvReader& reader) {
  std::vector<ReadRow> rows;
  CsvRow row;
  for (;;) {
    sdk::Status s = reader.Next(&row);
    REQUIRE(s.ok());
    if (row.kind == CsvRow::Kind::kEnd) return rows;
    rows.push_back({row.kind,
                    row.line,
                    {row.fields.begin(), row.fields.end()},
                    row.problem,
                    reader.offset(),
                    reader.line()});
  }
}

std::vector<ReadRow> ReadAll(const std::string& path, size_t chunk_bytes = 7,
                             char delimiter = ',') {
  CsvReader reader(delimiter, chunk_bytes);
  REQUIRE(reader.Open(path, "test.csv").ok());
  return ReadRest(reader);
}

using Fields = std::vector<std::string>;

TEST_CASE("CsvReader reads a header and plain rows") {
  ScratchDir dir;
  std::string path = dir.Write("p.csv", "id,name,type\n1,Acme,reseller\n2,Globex,technology\n");
  CsvReader reader(',', 4);
  REQUIRE(reader.Open(path, "p.csv").ok());
  CHECK(reader.header() == Fields{"id", "name", "type"});
  CHECK(reader.data_offset() == 13);
  std::vector<ReadRow> rows = ReadRest(reader);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].fields == Fields{"1", "Acme", "reseller"});
  CHECK(rows[0].line == 2);
  CHECK(rows[1].fields == Fields{"2", "Globex", "technology"});
  CHECK(rows[1].line == 3);
  CHECK(rows[1].next_offset == 49);
  CHECK(rows[1].next_line == 4);
}

TEST_CASE("CsvReader handles quotes, doubled quotes, delimiters and newlines in fields") {
  ScratchDir dir;
  std::string path = dir.Write("q.csv",
                               "id,note,city\n"
                               "1,\"Hello, world\",\"Oslo\"\n"
                               "2,\"She said \"\"hi\"\"\",\"\"\n"
                               "3,\"two\nlines\",Bergen\n"
                               "4,\"crlf\r\ninside\",\"x\"\n"
                               "5,last,row\n");
  for (size_t chunk : {1, 2, 3, 5, 64}) {
    CAPTURE(chunk);
    std::vector<ReadRow> rows = ReadAll(path, chunk);
    REQUIRE(rows.size() == 5);
    CHECK(rows[0].fields == Fields{"1", "Hello, world", "Oslo"});
    CHECK(rows[1].fields == Fields{"2", "She said \"hi\"", ""});
    CHECK(rows[2].fields == Fields{"3", "two\nlines", "Bergen"});
    CHECK(rows[3].fields == Fields{"4", "crlf\r\ninside", "x"});
    CHECK(rows[4].fields == Fields{"5", "last", "row"});
    // Line numbers are physical lines: a row after an embedded newline starts one line later.
    CHECK(rows[2].line == 4);
    CHECK(rows[3].line == 6);
    CHECK(rows[4].line == 8);
  }
}

TEST_CASE("CsvReader accepts CRLF, lone CR, and a missing final line end") {
  ScratchDir dir;
  std::string crlf = dir.Write("crlf.csv", "a,b\r\n1,2\r\n3,4");
  std::vector<ReadRow> rows = ReadAll(crlf, 1);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].fields == Fields{"1", "2"});
  CHECK(rows[1].fields == Fields{"3", "4"});
  CHECK(rows[1].line == 3);

  std::string cr = dir.Write("cr.csv", "a,b\r1,2\r3,4\r");
  rows = ReadAll(cr, 2);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].fields == Fields{"3", "4"});
  CHECK(rows[1].line == 3);
}

TEST_CASE("CsvReader strips a UTF-8 BOM before the header") {
  ScratchDir dir;
  std::string path = dir.Write("bom.csv", "\xEF\xBB\xBFid,name\n1,Initech\n");
  for (size_t chunk : {1, 2, 64}) {
    CsvReader reader(',', chunk);
    REQUIRE(reader.Open(path, "bom.csv").ok());
    CHECK(reader.header() == Fields{"id", "name"});
    std::vector<ReadRow> rows = ReadRest(reader);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].fields == Fields{"1", "Initech"});
  }
}

TEST_CASE("CsvReader reports wrong field counts with the row's line and keeps going") {
  ScratchDir dir;
  std::string path = dir.Write("bad.csv",
                               "id,name,type\n"
                               "1,Acme,reseller\n"
                               "2,Globex\n"
                               "3,\"multi\nline\",si,extra\n"
                               "4,Umbrella,agency\n");
  std::vector<ReadRow> rows = ReadAll(path, 3);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].kind == CsvRow::Kind::kFields);
  CHECK(rows[1].kind == CsvRow::Kind::kMalformed);
  CHECK(rows[1].line == 3);
  CHECK(rows[1].problem == "2 fields, expected 3");
  CHECK(rows[2].kind == CsvRow::Kind::kMalformed);
  CHECK(rows[2].line == 4);
  CHECK(rows[2].problem == "4 fields, expected 3");
  CHECK(rows[3].kind == CsvRow::Kind::kFields);
  CHECK(rows[3].line == 6);
  CHECK(rows[3].fields == Fields{"4", "Umbrella", "agency"});
}

TEST_CASE("CsvReader reports an unterminated quote as one malformed row ending the file") {
  ScratchDir dir;
  std::string path = dir.Write("open.csv", "id,name\n1,ok\n2,\"never closed\n3,lost\n");
  std::vector<ReadRow> rows = ReadAll(path);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].kind == CsvRow::Kind::kMalformed);
  CHECK(rows[1].line == 3);
  CHECK(rows[1].problem.find("unterminated quoted field") != std::string::npos);
}

TEST_CASE("CsvReader skips blank lines but counts them") {
  ScratchDir dir;
  std::string path = dir.Write("blank.csv", "\n\nid,name\n\n1,a\r\n\r\n\n2,b\n\n");
  CsvReader reader(',', 2);
  REQUIRE(reader.Open(path, "blank.csv").ok());
  CHECK(reader.header() == Fields{"id", "name"});
  std::vector<ReadRow> rows = ReadRest(reader);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].line == 5);
  CHECK(rows[1].line == 8);
}

TEST_CASE("CsvReader uses the configured delimiter") {
  ScratchDir dir;
  std::string semicolon = dir.Write("s.csv", "id;amount\n1;\"1,5\"\n");
  std::vector<ReadRow> rows = ReadAll(semicolon, 64, ';');
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].fields == Fields{"1", "1,5"});

  std::string tab = dir.Write("t.tsv", "id\tname\n7\tHooli, Inc.\n");
  rows = ReadAll(tab, 64, '\t');
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].fields == Fields{"7", "Hooli, Inc."});
}

TEST_CASE("CsvReader forgives stray quotes as spreadsheet tools do") {
  ScratchDir dir;
  std::string path = dir.Write("stray.csv", "a,b\n5\" screen,\"quoted\" tail\n");
  std::vector<ReadRow> rows = ReadAll(path);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].fields == Fields{"5\" screen", "quoted tail"});
}

TEST_CASE("CsvReader rejects rows that are not UTF-8 or too large") {
  ScratchDir dir;
  std::string path =
      dir.Write("enc.csv", "id,name\n1,Caf\xE9\n2,Caf\xC3\xA9\n3,xxxxxxxxxxxxxxxxxxxxxxxx\n4,ok\n");
  CsvReader reader(',', 5, /*max_row_bytes=*/16);
  REQUIRE(reader.Open(path, "enc.csv").ok());
  std::vector<ReadRow> rows = ReadRest(reader);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].kind == CsvRow::Kind::kMalformed);
  CHECK(rows[0].problem.find("UTF-8") != std::string::npos);
  CHECK(rows[1].fields == Fields{"2", "Caf\xC3\xA9"});
  CHECK(rows[2].kind == CsvRow::Kind::kMalformed);
  CHECK(rows[2].problem == "row larger than 16 bytes");
  CHECK(rows[3].fields == Fields{"4", "ok"});
}

TEST_CASE("CsvReader: an empty file has no header and no rows, a broken header is an error") {
  ScratchDir dir;
  CsvReader empty(',');
  REQUIRE(empty.Open(dir.Write("empty.csv", ""), "empty.csv").ok());
  CHECK(empty.header().empty());
  CHECK(ReadRest(empty).empty());

  CsvReader broken(',');
  sdk::Status s = broken.Open(dir.Write("broken.csv", "id,\"name\n1,a\n"), "broken.csv");
  CHECK(s.code() == TEMPO_ERR_DATA);
  CHECK(s.message().find("broken.csv:1:") == 0);
}

TEST_CASE("CsvReader resumes exactly at every row boundary, whatever the chunk size") {
  ScratchDir dir;
  std::string path = dir.Write("resume.csv",
                               "\xEF\xBB\xBFid,text\r\n"
                               "1,plain\r\n"
                               "2,\"embedded\r\nnewline\"\r\n"
                               "3,\"embedded\nLF, and \"\"quotes\"\"\"\n"
                               "\n"
                               "4,bad,row\n"
                               "5,\"last\nrow\"");
  for (size_t chunk : {1, 2, 3, 7, 1 << 20}) {
    CAPTURE(chunk);
    std::vector<ReadRow> all = ReadAll(path, chunk);
    REQUIRE(all.size() == 5);
    CHECK(all[3].kind == CsvRow::Kind::kMalformed);
    CHECK(all[4].fields == Fields{"5", "last\nrow"});
    for (size_t k = 0; k < all.size(); ++k) {
      CAPTURE(k);
      CsvReader reader(',', chunk);
      REQUIRE(reader.Open(path, "resume.csv").ok());
      REQUIRE(reader.Seek(all[k].next_offset, all[k].next_line).ok());
      std::vector<ReadRow> rest = ReadRest(reader);
      REQUIRE(rest.size() == all.size() - k - 1);
      for (size_t i = 0; i < rest.size(); ++i) {
        CHECK(rest[i].fields == all[k + 1 + i].fields);
        CHECK(rest[i].line == all[k + 1 + i].line);
        CHECK(rest[i].next_offset == all[k + 1 + i].next_offset);
      }
    }
  }
}

TEST_CASE("CsvReader refuses to seek into the header or past the end") {
  ScratchDir dir;
  std::string path = dir.Write("s.csv", "id,name\n1,a\n");
  CsvReader reader(',');
  REQUIRE(reader.Open(path, "s.csv").ok());
  CHECK(!reader.Seek(3, 1).ok());
  CHECK(!reader.Seek(100, 9).ok());
  CHECK(reader.Seek(8, 2).ok());
}

}  // namespace
}  // namespace tempo::file
