// Fuzz target: the file connector's JSON Lines reader on a file the fuzzer writes, read in
// 16-byte chunks with a 4 KiB line limit, extracting a few keys of every line.
#include <vector>

#include "fuzz_input.h"
#include "jsonl_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tempo::fuzz::ScratchFile file("input.jsonl");
  file.Write(std::string_view(reinterpret_cast<const char*>(data), size));
  tempo::file::JsonlReader reader({"id", "email", "updated_at", "amount"}, 16, 4096);
  if (!reader.Open(file.path(), "input.jsonl").ok()) return 0;
  tempo::file::JsonlRow row;
  for (int rows = 0; rows < 10000; ++rows) {
    if (!reader.Next(&row).ok() || row.kind == tempo::file::JsonlRow::Kind::kEnd) break;
  }
  return 0;
}
