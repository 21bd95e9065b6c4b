// What every fuzz target shares: its input split into parts, and a scratch file for parsers
// that read from a path. A corpus file is readable text: parts are separated by a line
// holding only "=====" (the connector targets serve part k as the k-th HTTP response).
#ifndef TEMPO_TESTS_FUZZ_FUZZ_INPUT_H_
#define TEMPO_TESTS_FUZZ_FUZZ_INPUT_H_

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace tempo::fuzz {

// `data` cut at each "\n=====\n"; at most `max_parts` parts (the last keeps the rest).
inline std::vector<std::string_view> SplitParts(const uint8_t* data, size_t size,
                                                size_t max_parts = 16) {
  constexpr std::string_view kSeparator = "\n=====\n";
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    const size_t at = rest.find(kSeparator);
    if (at == std::string_view::npos) break;
    parts.push_back(rest.substr(0, at));
    rest.remove_prefix(at + kSeparator.size());
  }
  parts.push_back(rest);
  return parts;
}

// A file of this process's own under TMPDIR (default /tmp), rewritten for each input and
// removed at exit; for parsers whose entry point takes a path.
class ScratchFile {
 public:
  explicit ScratchFile(const char* name) {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir && *dir ? dir : "/tmp") + "/tempo-fuzz-" + std::to_string(getpid()) +
            "-" + name;
  }
  ~ScratchFile() { std::remove(path_.c_str()); }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  // Writes `text` as the whole file; aborts when it cannot (a broken harness, not a finding).
  const std::string& Write(std::string_view text) const {
    FILE* f = std::fopen(path_.c_str(), "wb");
    if (f == nullptr || std::fwrite(text.data(), 1, text.size(), f) != text.size() ||
        std::fclose(f) != 0) {
      std::perror(path_.c_str());
      std::abort();
    }
    return path_;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace tempo::fuzz

#endif  // TEMPO_TESTS_FUZZ_FUZZ_INPUT_H_
