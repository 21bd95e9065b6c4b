// Plugin loading over Boost.DLL (1.74) with the ABI checks of sdk/include/tempo/plugin.h.
#include "plugin/loader.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <vector>  // must precede Boost.DLL headers in 1.74 with BOOST_DLL_USE_STD_FS

#include <boost/dll/shared_library.hpp>

#include "plugin/host_api.h"

namespace tempo::plugin {
namespace {

namespace fs = std::filesystem;

// Sizes of the v1.0 structs: a plugin's struct must be at least this large.
constexpr uint32_t kMinDescriptorSize = TEMPO_SIZE_THROUGH(tempo_plugin_descriptor, api);
constexpr uint32_t kMinConnectorApiSize = TEMPO_SIZE_THROUGH(tempo_connector_api, close);
constexpr uint32_t kMinScorerApiSize = TEMPO_SIZE_THROUGH(tempo_scorer_api, close);
constexpr int kHighestProbedMajor = 9;

// Everything loaded stays here until the process exits: unloading a library while plugin
// objects or callbacks may still be referenced crashes (boostorg/dll#68), so nothing is freed.
struct Registry {
  std::mutex mu;
  std::vector<std::unique_ptr<boost::dll::shared_library>> libraries;
  std::map<std::string, std::unique_ptr<Plugin>, std::less<>> by_path;  // canonical path
  std::map<std::string, const Plugin*, std::less<>> by_name;
};

Registry& GetRegistry() {
  static Registry* registry = new Registry;  // never destroyed, by design
  return *registry;
}

// Wraps the symbol lookup so the 1.76 rename (import -> import_symbol) stays a one-line change.
template <class T>
T* LoadSymbol(boost::dll::shared_library& lib, const char* name) {
  return &lib.get<T>(name);
}

bool LooksLikeElf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && std::memcmp(magic,
                                         "\x7f"
                                         "ELF",
                                         4) == 0;
}

bool ValidName(std::string_view name) {
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::string ExpectedFileName(std::string_view name) { return "tempo_" + std::string(name) + ".so"; }

Status Refuse(const std::string& path, const std::string& why) {
  return Status::Plugin("plugin " + path + ": " + why);
}

Result<const Plugin*> LoadLocked(Registry& reg, const std::string& path) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  std::string key = ec ? path : canonical.string();
  if (auto it = reg.by_path.find(key); it != reg.by_path.end()) return it->second.get();

  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Refuse(path, "file not found; check plugins.path in tempo.yaml");
  }
  if (!S_ISREG(st.st_mode)) return Refuse(path, "not a regular file");
  if (st.st_mode & (S_IWGRP | S_IWOTH)) {
    return Refuse(path,
                  "is writable by group or others, so anyone could replace its code; "
                  "run: chmod go-w " +
                      path);
  }
  if (!LooksLikeElf(path)) {
    return Refuse(path, "not a shared library (no ELF header); build it with tempo_add_plugin()");
  }

  // rtld_now: resolve every symbol at load (lazy binding would crash at the first call);
  // rtld_local: a plugin's symbols never satisfy another plugin's.
  auto lib = std::make_unique<boost::dll::shared_library>();
  boost::dll::fs::error_code load_ec;
  dlerror();  // clear
  lib->load(boost::dll::fs::path(path), load_ec,
            boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  if (load_ec) {
    // Boost 1.74 reports every dlopen failure as "Bad file descriptor"; dlerror has the reason.
    const char* why = dlerror();
    return Refuse(path, std::string("cannot be loaded: ") + (why ? why : load_ec.message()) +
                            "; rebuild it against this Tempo SDK so every symbol resolves");
  }

  // Its static constructors have run: keep it loaded even if it is refused below.
  boost::dll::shared_library& loaded = *lib;
  reg.libraries.push_back(std::move(lib));
  lib = nullptr;

  if (!loaded.has(TEMPO_PLUGIN_ENTRY_SYMBOL)) {
    for (int major = 2; major <= kHighestProbedMajor; ++major) {
      std::string other = "tempo_plugin_entry_v" + std::to_string(major);
      if (loaded.has(other)) {
        return Refuse(path, "built for plugin ABI major " + std::to_string(major) +
                                ", this host speaks major " + std::to_string(TEMPO_ABI_MAJOR) +
                                "; use a plugin built for ABI " + std::to_string(TEMPO_ABI_MAJOR) +
                                " or a matching tempo");
      }
    }
    return Refuse(path, std::string("has no entry symbol ") + TEMPO_PLUGIN_ENTRY_SYMBOL +
                            "; is it a Tempo plugin? Export it with TEMPO_CONNECTOR_PLUGIN "
                            "or build with tempo_add_plugin()");
  }

  using EntryFn = const tempo_plugin_descriptor*(const tempo_host_api*);
  EntryFn* entry = LoadSymbol<EntryFn>(loaded, TEMPO_PLUGIN_ENTRY_SYMBOL);
  const tempo_plugin_descriptor* d = entry(HostApi());
  std::string host_version =
      std::to_string(TEMPO_ABI_MAJOR) + "." + std::to_string(TEMPO_ABI_MINOR);
  if (d == nullptr) {
    return Refuse(path, "refused this host (host plugin ABI " + host_version +
                            "); rebuild the plugin against this Tempo SDK");
  }
  if (d->struct_size < TEMPO_SIZE_THROUGH(tempo_plugin_descriptor, abi_minor)) {
    return Refuse(path, "descriptor is " + std::to_string(d->struct_size) +
                            " bytes, smaller than any ABI version; rebuild the plugin");
  }
  if (d->abi_major != TEMPO_ABI_MAJOR) {
    return Refuse(path, "built for plugin ABI " + std::to_string(d->abi_major) + "." +
                            std::to_string(d->abi_minor) + ", this host speaks " + host_version +
                            " (the major must match); rebuild the plugin against this Tempo SDK");
  }
  if (d->abi_minor > TEMPO_ABI_MINOR) {
    return Refuse(path, "built for plugin ABI " + std::to_string(d->abi_major) + "." +
                            std::to_string(d->abi_minor) + ", newer than this host's " +
                            host_version + "; upgrade tempo");
  }
  if (d->struct_size < kMinDescriptorSize) {
    return Refuse(path, "descriptor struct is " + std::to_string(d->struct_size) +
                            " bytes, smaller than the " + std::to_string(kMinDescriptorSize) +
                            " ABI " + host_version + " requires; rebuild the plugin");
  }
  if (d->name == nullptr || !ValidName(d->name)) {
    return Refuse(path, "declares an invalid name (want [a-z][a-z0-9_-]*)");
  }
  std::string file_name = fs::path(path).filename().string();
  if (file_name != ExpectedFileName(d->name)) {
    return Refuse(path, std::string("declares name '") + d->name + "' but the file is named " +
                            file_name + "; rename it to " + ExpectedFileName(d->name));
  }
  if (d->version == nullptr || *d->version == '\0') {
    return Refuse(path, "declares no version; set a semver such as \"1.0.0\"");
  }

  auto plugin = std::make_unique<Plugin>();
  plugin->path = key;
  plugin->name = d->name;
  plugin->version = d->version;
  plugin->description = d->description ? d->description : "";
  plugin->config_schema = d->config_schema ? d->config_schema : "";
  plugin->kind = d->kind;
  plugin->abi_major = d->abi_major;
  plugin->abi_minor = d->abi_minor;

  if (d->api == nullptr) return Refuse(path, "required function table (api) is null");
  if (d->kind == TEMPO_KIND_CONNECTOR) {
    auto* api = static_cast<const tempo_connector_api*>(d->api);
    if (api->struct_size < kMinConnectorApiSize) {
      return Refuse(path, "connector function table is " + std::to_string(api->struct_size) +
                              " bytes, smaller than the " + std::to_string(kMinConnectorApiSize) +
                              " ABI " + host_version + " requires; rebuild the plugin");
    }
    const std::pair<const char*, bool> required[] = {{"open", api->open != nullptr},
                                                     {"check", api->check != nullptr},
                                                     {"discover", api->discover != nullptr},
                                                     {"read", api->read != nullptr},
                                                     {"close", api->close != nullptr}};
    for (const auto& [fn, present] : required) {
      if (!present) {
        return Refuse(path,
                      std::string("required callback connector.") + fn + " is null; implement it");
      }
    }
    plugin->connector = api;
  } else if (d->kind == TEMPO_KIND_SCORER) {
    auto* api = static_cast<const tempo_scorer_api*>(d->api);
    if (api->struct_size < kMinScorerApiSize) {
      return Refuse(path, "scorer function table is " + std::to_string(api->struct_size) +
                              " bytes, smaller than the " + std::to_string(kMinScorerApiSize) +
                              " ABI " + host_version + " requires; rebuild the plugin");
    }
    const std::pair<const char*, bool> required[] = {{"open", api->open != nullptr},
                                                     {"score", api->score != nullptr},
                                                     {"close", api->close != nullptr}};
    for (const auto& [fn, present] : required) {
      if (!present) {
        return Refuse(path,
                      std::string("required callback scorer.") + fn + " is null; implement it");
      }
    }
    plugin->scorer = api;
  } else {
    return Refuse(
        path, "declares unknown kind " + std::to_string(d->kind) + " (1 = connector, 2 = scorer)");
  }

  if (auto it = reg.by_name.find(plugin->name); it != reg.by_name.end()) {
    return Refuse(path, "duplicate plugin name '" + plugin->name + "', already loaded from " +
                            it->second->path + "; remove one of them from the plugin path");
  }
  const Plugin* result = plugin.get();
  reg.by_name.emplace(plugin->name, result);
  reg.by_path.emplace(key, std::move(plugin));
  return result;
}

std::vector<std::string> PluginFiles(const std::string& folder) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("tempo_", 0) == 0 && entry.path().extension() == ".so") {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

const char* KindName(uint32_t kind) {
  switch (kind) {
    case TEMPO_KIND_CONNECTOR:
      return "connector";
    case TEMPO_KIND_SCORER:
      return "scorer";
    default:
      return "unknown";
  }
}

Result<const Plugin*> LoadPluginFile(const std::string& path) {
  Registry& reg = GetRegistry();
  std::lock_guard<std::mutex> lock(reg.mu);
  return LoadLocked(reg, path);
}

Result<const Plugin*> FindPlugin(const std::vector<std::string>& folders, std::string_view name) {
  std::vector<std::string> found;
  for (const std::string& folder : folders) {
    fs::path candidate = fs::path(folder) / ExpectedFileName(name);
    std::error_code ec;
    if (!fs::exists(candidate, ec)) continue;
    // One file reached through two spellings of a folder (listed twice, or through a symlink)
    // is one plugin, not a duplicate; LoadAll sees it the same way (the registry is keyed by
    // canonical path).
    bool seen = std::any_of(found.begin(), found.end(), [&](const std::string& f) {
      std::error_code eq_ec;
      return fs::equivalent(f, candidate, eq_ec);
    });
    if (!seen) found.push_back(candidate.string());
  }
  if (found.empty()) {
    std::string searched;
    for (const std::string& f : folders) searched += (searched.empty() ? "" : ", ") + f;
    return Status::NotFound("unknown plugin '" + std::string(name) + "': no " +
                            ExpectedFileName(name) + " in the plugin path (" +
                            (searched.empty() ? "empty" : searched) +
                            "); run 'tempo plugins list' to see what is installed");
  }
  if (found.size() > 1) {
    return Status::Plugin("duplicate plugin name '" + std::string(name) + "': found " + found[0] +
                          " and " + found[1] + "; remove one of them from the plugin path");
  }
  return LoadPluginFile(found[0]);
}

std::vector<const Plugin*> LoadAll(const std::vector<std::string>& folders,
                                   std::vector<std::string>* errors) {
  std::vector<const Plugin*> loaded;
  for (const std::string& folder : folders) {
    for (const std::string& file : PluginFiles(folder)) {
      Result<const Plugin*> p = LoadPluginFile(file);
      if (p.ok()) {
        if (std::find(loaded.begin(), loaded.end(), *p) == loaded.end()) loaded.push_back(*p);
      } else if (errors) {
        errors->push_back(p.status().message());
      }
    }
  }
  return loaded;
}

}  // namespace tempo::plugin
