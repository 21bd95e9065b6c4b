// ContentHash and ChunkedFile's hash of a file read through: the value depends on the bytes
// only (not on how they were split or on the chunk size), and a change of any byte changes it.
#include "content_hash.h"

#include <catch2/catch.hpp>

#include <string>

#include "chunked_file.h"
#include "file_test_util.h"

namespace tempo::file {
namespace {

uint64_t HashOf(const std::string& bytes, size_t piece) {
  ContentHash h;
  for (size_t i = 0; i < bytes.size(); i += piece) {
    h.Update(bytes.data() + i, std::min(piece, bytes.size() - i));
  }
  return h.Digest();
}

std::string Sample(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('a' + (i * 7919) % 26));
  return s;
}

TEST_CASE("ContentHash depends on the bytes, not on how they are fed") {
  const std::string bytes = Sample(1000);
  const uint64_t whole = HashOf(bytes, bytes.size());
  for (size_t piece : {1, 3, 7, 8, 31, 32, 33, 100}) CHECK(HashOf(bytes, piece) == whole);
}

TEST_CASE("ContentHash changes with any byte, the length and the order") {
  const std::string bytes = Sample(257);
  const uint64_t base = HashOf(bytes, bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string changed = bytes;
    changed[i] = static_cast<char>(changed[i] ^ 1);
    CHECK(HashOf(changed, 64) != base);
  }
  CHECK(HashOf(bytes + std::string(1, '\0'), 64) != base);  // a zero byte more
  CHECK(HashOf(bytes.substr(0, 256), 64) != base);          // one byte less
  std::string swapped = bytes;
  std::swap(swapped[0], swapped[40]);  // words in another lane
  REQUIRE(swapped != bytes);
  CHECK(HashOf(swapped, 64) != base);
  CHECK(HashOf("", 1) != HashOf(std::string(1, '\0'), 1));
}

TEST_CASE("ChunkedFile hashes a file read through, whatever its chunk size or seeks") {
  testing::ScratchDir dir;
  const std::string bytes = "\xEF\xBB\xBF" + Sample(5000);  // with a BOM that is skipped
  const std::string path = dir.Write("f.csv", bytes);
  const uint64_t expected = HashOf(bytes, bytes.size());

  FileStamp stamp;
  REQUIRE(HashFile(path, &stamp).ok());
  CHECK(stamp.content_hash == expected);
  CHECK(stamp.size == bytes.size());

  for (size_t chunk : {1, 10, 4096, 1 << 20}) {
    ChunkedFile file(chunk);
    REQUIRE(file.Open(path, "f.csv").ok());
    file.SkipUtf8Bom();
    CHECK(file.stamp().content_hash == 0);  // not read through yet
    std::string line;
    bool too_long = false;
    while (file.ReadLine(&line, 1 << 20, &too_long)) {
    }
    CHECK(file.stamp().content_hash == expected);
  }

  // A resumed read (a seek past the start, after reading some of the file or none) hashes
  // the bytes it skipped: the value does not depend on where a read was interrupted.
  for (uint64_t at : {uint64_t{0}, uint64_t{100}, uint64_t{4999}}) {
    ChunkedFile resumed(64);
    REQUIRE(resumed.Open(path, "f.csv").ok());
    REQUIRE(resumed.Get() == 0xEF);  // a header read first, then the seek
    REQUIRE(resumed.Seek(at).ok());
    REQUIRE(resumed.SkipToEnd());
    CHECK(resumed.stamp().content_hash == expected);
  }

  FileStamp empty;
  REQUIRE(HashFile(dir.Write("empty.csv", ""), &empty).ok());
  CHECK(empty.content_hash == HashOf("", 1));
}

}  // namespace
}  // namespace tempo::file
