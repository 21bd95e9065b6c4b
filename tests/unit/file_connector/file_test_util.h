// Test helpers for the file connector: scratch folders, and the kit's fake host, which records
// what the plugin emits and commits records with their checkpoint the way the real host does.
#ifndef TEMPO_TESTS_UNIT_FILE_CONNECTOR_FILE_TEST_UTIL_H_
#define TEMPO_TESTS_UNIT_FILE_CONNECTOR_FILE_TEST_UTIL_H_

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tempo/plugin.hpp"
#include "tempo/testing/fake_host.hpp"

namespace tempo::file::testing {

// A fresh folder under the system temp folder, removed with everything in it at destruction.
class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("tempo_file_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // Writes `content` (bytes as given) to `name` in the folder and returns its path.
  std::string Write(const std::string& name, std::string_view content) const {
    std::string path = (path_ / name).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return path;
  }
  std::string Path(const std::string& name = "") const {
    return name.empty() ? path_.string() : (path_ / name).string();
  }

 private:
  std::filesystem::path path_;
};

// The kit's fake host (tempo/testing/fake_host.hpp).
using sdk::testing::FakeHost;
using sdk::testing::ReceivedRecord;

}  // namespace tempo::file::testing

#endif  // TEMPO_TESTS_UNIT_FILE_CONNECTOR_FILE_TEST_UTIL_H_
