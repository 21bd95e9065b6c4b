// CSV records from byte ranges: quoting, embedded delimiters and line breaks, line ends, records
// split across ranges, and files that end inside a quote.
#include "csv.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace mk = tempo::marketo;
using Records = std::vector<std::vector<std::string>>;

namespace {

// Every record of a whole file.
Records All(std::string_view data) {
  Records out;
  std::vector<std::string> fields;
  size_t pos = 0;
  for (;;) {
    mk::CsvNext n = mk::NextCsvRecord(data, &pos, true, &fields);
    if (n != mk::CsvNext::kRecord) {
      CHECK(n == mk::CsvNext::kNeedMore);
      break;
    }
    out.push_back(fields);
  }
  return out;
}

// The records of `data` fed in ranges of `chunk` bytes, as the reader does.
Records Chunked(std::string_view data, size_t chunk) {
  Records out;
  std::string pending;
  std::vector<std::string> fields;
  for (size_t fetched = 0; fetched < data.size();) {
    pending.append(data.substr(fetched, chunk));
    fetched = std::min(data.size(), fetched + chunk);
    const bool at_end = fetched == data.size();
    size_t pos = 0;
    while (mk::NextCsvRecord(pending, &pos, at_end, &fields) == mk::CsvNext::kRecord) {
      out.push_back(fields);
    }
    pending.erase(0, pos);
  }
  return out;
}

}  // namespace

TEST_CASE("marketo csv: quotes, delimiters, doubled quotes and line breaks inside fields") {
  const std::string file =
      "id,company,address,leadStatus\n"
      "1,\"Maple Mesa Partners, Inc.\",\"207 Market St\nSuite 105\",null\n"
      "2,Inner Stack Co,\"c/o \"\"Inner Stack Co\"\", 49 Main St\",\n";
  const Records r = All(file);
  REQUIRE(r.size() == 3);
  CHECK(r[0] == std::vector<std::string>{"id", "company", "address", "leadStatus"});
  CHECK(r[1] == std::vector<std::string>{"1", "Maple Mesa Partners, Inc.",
                                         "207 Market St\nSuite 105", "null"});
  CHECK(r[2] ==
        std::vector<std::string>{"2", "Inner Stack Co", "c/o \"Inner Stack Co\", 49 Main St", ""});
}

TEST_CASE("marketo csv: CRLF and lone CR line ends, blank lines, a last line without a break") {
  const Records r = All("a,b\r\n1,2\r\r\n3,\"x\r\ny\"\r4,5");
  REQUIRE(r.size() == 4);
  CHECK(r[1] == std::vector<std::string>{"1", "2"});
  CHECK(r[2] == std::vector<std::string>{"3", "x\r\ny"});
  CHECK(r[3] == std::vector<std::string>{"4", "5"});
  CHECK(All("a\n\n\n").size() == 1);
  CHECK(All("").empty());
}

TEST_CASE("marketo csv: forgiving like spreadsheet tools") {
  const Records r = All("a,b\nsay \"hi\",\"quoted\"tail\n");
  REQUIRE(r.size() == 2);
  CHECK(r[1] == std::vector<std::string>{"say \"hi\"", "quotedtail"});
}

TEST_CASE("marketo csv: records split across ranges read the same at every split") {
  const std::string file =
      "id,company,address\r\n"
      "1,\"A, Inc.\",\"1 St\r\nSuite 2\"\r\n"
      "2,null,\r\n"
      "3,\"say \"\"hi\"\"\",x\r\n"
      "4,last,\"no break\"";
  const Records whole = All(file);
  REQUIRE(whole.size() == 5);
  for (size_t chunk = 1; chunk <= file.size(); ++chunk) {
    INFO("chunk " << chunk);
    CHECK(Chunked(file, chunk) == whole);
  }
}

TEST_CASE(
    "marketo csv: an unfinished record waits for more bytes, a file cut inside a quote is "
    "an error") {
  std::vector<std::string> fields;
  size_t pos = 0;
  CHECK(mk::NextCsvRecord("1,\"open", &pos, false, &fields) == mk::CsvNext::kNeedMore);
  CHECK(pos == 0);
  CHECK(mk::NextCsvRecord("1,2", &pos, false, &fields) == mk::CsvNext::kNeedMore);
  CHECK(mk::NextCsvRecord("1,2\r", &pos, false, &fields) == mk::CsvNext::kNeedMore);
  CHECK(mk::NextCsvRecord("1,\"open", &pos, true, &fields) == mk::CsvNext::kUnterminated);
  CHECK(pos == 0);
  CHECK(mk::SkipBom("\xEF\xBB\xBFid,email") == 3);
  CHECK(mk::SkipBom("id,email") == 0);
}
