// Fuzz target: the file connector's CSV reader (plugins/lib/file_source) on a file the fuzzer
// writes, read in 16-byte chunks with a 4 KiB row limit so chunk and limit edges are hit;
// every row boundary it reports is then sought back to and read again.
#include <vector>

#include "csv_reader.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tempo::fuzz::ScratchFile file("input.csv");
  file.Write(std::string_view(reinterpret_cast<const char*>(data), size));
  tempo::file::CsvReader reader(size > 0 && data[0] == ';' ? ';' : ',', 16, 4096);
  if (!reader.Open(file.path(), "input.csv").ok()) return 0;
  std::vector<std::pair<uint64_t, uint64_t>> boundaries;
  tempo::file::CsvRow row;
  for (int rows = 0; rows < 10000; ++rows) {
    boundaries.emplace_back(reader.offset(), reader.line());
    if (!reader.Next(&row).ok() || row.kind == tempo::file::CsvRow::Kind::kEnd) break;
  }
  for (size_t i = 0; i < boundaries.size(); i += 3) {
    if (!reader.Seek(boundaries[i].first, boundaries[i].second).ok()) continue;
    (void)reader.Next(&row);
  }
  return 0;
}
