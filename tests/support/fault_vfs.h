// The test side of libtempo_fault_vfs.so (tests/support/fault_vfs/fault_vfs.cc): the
// environment that loads it into a `tempo` child with a spec, and the counts it writes at exit.
// Tests that use it add `TEMPO_FAULT_VFS_LIB="$<TARGET_FILE:tempo_fault_vfs>"` to their compile
// definitions and depend on the target.
#ifndef TEMPO_TESTS_SUPPORT_FAULT_VFS_H_
#define TEMPO_TESTS_SUPPORT_FAULT_VFS_H_

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace tempo::testing {

// "LD_PRELOAD=..." and "TEMPO_FAULT_VFS=<spec>" for StartProcess, and under AddressSanitizer
// the option that lets a preloaded library come before its runtime.
inline std::vector<std::string> FaultVfsEnv(const std::string& spec) {
  std::vector<std::string> env = {std::string("LD_PRELOAD=") + TEMPO_FAULT_VFS_LIB,
                                  "TEMPO_FAULT_VFS=" + spec};
  const char* asan = std::getenv("ASAN_OPTIONS");
  env.push_back(std::string("ASAN_OPTIONS=") + (asan != nullptr && *asan ? asan : "") +
                (asan != nullptr && *asan ? ":" : "") + "verify_asan_link_order=0");
  return env;
}

// What a run under the shim did to a store: counted writes and fsyncs on its files, commits to
// its WAL, and the operations it failed.
struct FaultVfsCounts {
  long long writes = -1, syncs = -1, commits = -1, failed = -1;
  bool ok() const { return writes >= 0; }
};

// The counts the shim wrote to `path` (counts=PATH) when its process exited normally.
inline FaultVfsCounts ReadFaultVfsCounts(const std::string& path) {
  FaultVfsCounts c;
  std::ifstream in(path);
  std::string token;
  while (in >> token) {
    const size_t eq = token.find('=');
    if (eq == std::string::npos) continue;
    const long long v = std::atoll(token.c_str() + eq + 1);
    const std::string key = token.substr(0, eq);
    if (key == "writes") c.writes = v;
    if (key == "syncs") c.syncs = v;
    if (key == "commits") c.commits = v;
    if (key == "failed") c.failed = v;
  }
  return c;
}

}  // namespace tempo::testing

#endif  // TEMPO_TESTS_SUPPORT_FAULT_VFS_H_
