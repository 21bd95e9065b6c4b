// secrets: no configured secret in the recording, the steps' logs and answers, or the stores.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config.h"
#include "conformance/session.h"
#include "tempo/text.hpp"

namespace tempo::conformance {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

void Session::Secrets() {
  config::Config config;
  Result<std::shared_ptr<const config::Node>> node =
      config::LoadPluginConfigFile(o_.config, &config);
  std::vector<std::string> secrets;
  if (!node.ok() ||
      !config::RenderPluginConfig(config, *node, "", effective_schema_, &secrets).ok()) {
    report_.Skip("secrets", "the config does not render, so its secrets are unknown");
    return;
  }
  std::vector<std::string> needles;
  for (const std::string& s : secrets) {
    if (s.size() < 4) continue;  // the host does not redact shorter values either
    needles.push_back(s);
    const std::string encoded = sdk::PercentEncode(s);
    if (encoded != s) needles.push_back(encoded);
  }
  if (needles.empty()) {
    report_.Skip("secrets", "the config holds no secret");
    return;
  }
  // Live mode records inside the work folder: scan it once.
  std::vector<fs::path> folders = {work_};
  if (exchanges_dir_.rfind(work_ + "/", 0) != 0) folders.push_back(exchanges_dir_);
  size_t files = 0;
  std::error_code ec;
  for (const fs::path& folder : folders) {
    for (auto it = fs::recursive_directory_iterator(folder, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      // The HTTP side file keeps rotated refresh tokens on purpose, as the store's does.
      if (it->path().filename().string().rfind("http_state.json", 0) == 0) continue;
      const std::string text = ReadAll(it->path());
      ++files;
      for (size_t i = 0; i < needles.size(); ++i) {
        if (text.find(needles[i]) != std::string::npos) {
          report_.Fail("secrets", "a configured secret appears in " + it->path().string() +
                                      "; nothing the kit or the host writes may hold one");
          return;
        }
      }
    }
  }
  report_.Pass("secrets", std::to_string(secrets.size()) +
                              " secret value(s) of the config in none of " + std::to_string(files) +
                              " files: the recording, the steps' logs and answers, the stores");
}

}  // namespace tempo::conformance
