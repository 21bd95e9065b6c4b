// JsonlReader: value extraction by JSON type, malformed lines, and resuming at line boundaries.
#include "jsonl_reader.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "file_test_util.h"

namespace tempo::file {
namespace {

using testing::ScratchDir;
using Type = SourceValue::Type;

struct ReadLine {
  JsonlRow::Kind kind;
  uint64_t line;
  std::string text;
  std::vector<Type> types;
  std::vector<std::string> texts;
  std::string problem;
  uint64_t next_offset;
  uint64_t next_line;
};

std::vector<ReadLine> ReadRest(JsonlReader& reader) {
  std::vector<ReadLine> lines;
  JsonlRow row;
  for (;;) {
    REQUIRE(reader.Next(&row).ok());
    if (row.kind == JsonlRow::Kind::kEnd) return lines;
    ReadLine line{row.kind, row.line,    std::string(row.text), {},
                  {},       row.problem, reader.offset(),       reader.line()};
    for (const SourceValue& v : row.values) {
      line.types.push_back(v.type);
      line.texts.emplace_back(v.text);
    }
    lines.push_back(std::move(line));
  }
}

TEST_CASE("JsonlReader extracts the requested keys by JSON type") {
  ScratchDir dir;
  std::string path = dir.Write(
      "a.jsonl",
      R"({"id":"p1","n":42,"x":1.5,"ok":true,"none":null,"tags":["a","b"],"obj":{"k":1},"big":18446744073709551615,"skip":{"deep":[1,2,3]}})"
      "\n");
  JsonlReader reader({"id", "n", "x", "ok", "none", "tags", "obj", "big", "missing"}, 5);
  REQUIRE(reader.Open(path, "a.jsonl").ok());
  JsonlRow row;
  REQUIRE(reader.Next(&row).ok());
  REQUIRE(row.kind == JsonlRow::Kind::kObject);
  const std::vector<SourceValue>& v = row.values;
  CHECK(v[0].type == Type::kString);
  CHECK(v[0].text == "p1");
  CHECK(v[1].type == Type::kInt);
  CHECK(v[1].int_value == 42);
  CHECK(v[1].text == "42");
  CHECK(v[2].type == Type::kReal);
  CHECK(v[2].real_value == 1.5);
  CHECK(v[3].type == Type::kBool);
  CHECK(v[3].int_value == 1);
  CHECK(v[4].type == Type::kNull);
  CHECK(v[5].type == Type::kJson);
  CHECK(v[5].text == R"(["a","b"])");
  CHECK(v[6].type == Type::kJson);
  CHECK(v[6].text == R"({"k":1})");
  CHECK(v[7].type == Type::kString);
  CHECK(v[7].text == "18446744073709551615");
  CHECK(v[8].type == Type::kAbsent);
  REQUIRE(reader.Next(&row).ok());
  CHECK(row.kind == JsonlRow::Kind::kEnd);
}

TEST_CASE("JsonlReader unescapes strings and keys") {
  ScratchDir dir;
  std::string path = dir.Write("e.jsonl", R"({"na\u006de":"line\nbreak \"q\" \u00e9"})");
  JsonlReader reader({"name"});
  REQUIRE(reader.Open(path, "e.jsonl").ok());
  JsonlRow row;
  REQUIRE(reader.Next(&row).ok());
  REQUIRE(row.kind == JsonlRow::Kind::kObject);
  CHECK(row.values[0].text == "line\nbreak \"q\" \xC3\xA9");
}

TEST_CASE("JsonlReader reports bad lines with their line numbers and keeps going") {
  ScratchDir dir;
  std::string path = dir.Write("bad.jsonl",
                               "{\"id\":1}\n"
                               "{\"id\":2,\n"
                               "[1,2]\n"
                               "\n"
                               "{\"id\":3} {\"id\":4}\n"
                               "not json\n"
                               "{\"id\":5}\n");
  JsonlReader reader({"id"}, 4);
  REQUIRE(reader.Open(path, "bad.jsonl").ok());
  std::vector<ReadLine> lines = ReadRest(reader);
  REQUIRE(lines.size() == 6);
  CHECK(lines[0].kind == JsonlRow::Kind::kObject);
  CHECK(lines[1].kind == JsonlRow::Kind::kMalformed);
  CHECK(lines[1].line == 2);
  CHECK(lines[1].problem.find("invalid JSON") == 0);
  CHECK(lines[2].problem == "not a JSON object");
  CHECK(lines[2].line == 3);
  CHECK(lines[3].line == 5);
  CHECK(lines[3].problem == "invalid JSON (text after the object)");
  CHECK(lines[4].kind == JsonlRow::Kind::kMalformed);
  CHECK(lines[4].line == 6);
  CHECK(lines[5].kind == JsonlRow::Kind::kObject);
  CHECK(lines[5].texts[0] == "5");
  CHECK(lines[5].line == 7);
}

TEST_CASE("JsonlReader handles a BOM, CRLF, blank lines, no final newline and long lines") {
  ScratchDir dir;
  std::string path = dir.Write("crlf.jsonl",
                               "\xEF\xBB\xBF{\"id\":\"a\"}\r\n"
                               "  \r\n"
                               "{\"id\":\"" +
                                   std::string(40, 'x') +
                                   "\"}\r\n"
                                   "{\"id\":\"b\"}");
  JsonlReader reader({"id"}, 3, /*max_line_bytes=*/32);
  REQUIRE(reader.Open(path, "crlf.jsonl").ok());
  std::vector<ReadLine> lines = ReadRest(reader);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].texts[0] == "a");
  CHECK(lines[0].text == "{\"id\":\"a\"}");
  CHECK(lines[1].kind == JsonlRow::Kind::kMalformed);
  CHECK(lines[1].line == 3);
  CHECK(lines[1].problem == "line longer than 32 bytes");
  CHECK(lines[2].texts[0] == "b");
  CHECK(lines[2].line == 4);
}

TEST_CASE("JsonlReader resumes exactly at every line boundary, whatever the chunk size") {
  ScratchDir dir;
  std::string content = "\xEF\xBB\xBF";
  for (int i = 1; i <= 12; ++i) {
    content += "{\"id\":\"r" + std::to_string(i) + "\",\"pad\":\"" + std::string(i * 3, 'z') +
               "\"}" + (i % 3 == 0 ? "\r\n" : "\n");
    if (i % 5 == 0) content += "\n";
  }
  std::string path = dir.Write("resume.jsonl", content);
  for (size_t chunk : {1, 4, 9, 1 << 20}) {
    CAPTURE(chunk);
    JsonlReader full({"id"}, chunk);
    REQUIRE(full.Open(path, "resume.jsonl").ok());
    std::vector<ReadLine> all = ReadRest(full);
    REQUIRE(all.size() == 12);
    for (size_t k = 0; k < all.size(); ++k) {
      CAPTURE(k);
      JsonlReader reader({"id"}, chunk);
      REQUIRE(reader.Open(path, "resume.jsonl").ok());
      REQUIRE(reader.Seek(all[k].next_offset, all[k].next_line).ok());
      std::vector<ReadLine> rest = ReadRest(reader);
      REQUIRE(rest.size() == all.size() - k - 1);
      for (size_t i = 0; i < rest.size(); ++i) {
        CHECK(rest[i].texts == all[k + 1 + i].texts);
        CHECK(rest[i].line == all[k + 1 + i].line);
      }
    }
  }
}

}  // namespace
}  // namespace tempo::file
