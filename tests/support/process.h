// Running the real `tempo` binary (and other programs) from tests: capture exit code, stdout
// and stderr; or start it in the background to kill it mid-run.
#ifndef TEMPO_TESTS_SUPPORT_PROCESS_H_
#define TEMPO_TESTS_SUPPORT_PROCESS_H_

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tempo::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

inline std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Starts `argv` with stdout/stderr redirected to files; `env` entries "K=V" are added to the
// environment (an entry "K=" removes K). Returns the pid.
inline pid_t StartProcess(const std::vector<std::string>& argv, const std::string& out_path,
                          const std::string& err_path, const std::vector<std::string>& env = {}) {
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    for (const std::string& kv : env) {
      size_t eq = kv.find('=');
      std::string key = kv.substr(0, eq), value = kv.substr(eq + 1);
      if (value.empty()) {
        unsetenv(key.c_str());
      } else {
        setenv(key.c_str(), value.c_str(), 1);
      }
    }
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

inline ProcessResult WaitProcess(pid_t pid, const std::string& out_path,
                                 const std::string& err_path) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  ProcessResult r;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.out = ReadWhole(out_path);
  r.err = ReadWhole(err_path);
  return r;
}

// Runs `argv` to completion. `scratch` is a folder for the captured output files.
inline ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& scratch,
                                const std::vector<std::string>& env = {}) {
  static int counter = 0;
  std::string base = scratch + "/proc" + std::to_string(++counter);
  pid_t pid = StartProcess(argv, base + ".out", base + ".err", env);
  return WaitProcess(pid, base + ".out", base + ".err");
}

// The tempo binary of this build.
inline std::string TempoBinary() { return std::string(TEMPO_BINARY_DIR) + "/bin/tempo"; }

// `tempo -q -c CONFIG sync CONNECTION MORE...` in `cwd`, run to its end.
inline ProcessResult RunTempoSync(const std::string& cwd, const std::string& config,
                                  const std::string& connection,
                                  const std::vector<std::string>& more = {}) {
  std::vector<std::string> args = {TempoBinary(), "-q", "-c", config, "sync", connection};
  args.insert(args.end(), more.begin(), more.end());
  return RunProcess(args, cwd);
}

}  // namespace tempo::testing

#endif  // TEMPO_TESTS_SUPPORT_PROCESS_H_
