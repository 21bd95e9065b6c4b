// Running a kit step as a child process: fork and exec of the `tempo` binary itself, stdout and
// stderr to files, a deadline after which the step is killed (a hung plugin).
#ifndef TEMPO_HOST_CONFORMANCE_CHILD_H_
#define TEMPO_HOST_CONFORMANCE_CHILD_H_

#include <string>
#include <vector>

namespace tempo::conformance {

struct ChildResult {
  int exit_code = -1;  // -1 when it did not exit by itself
  int signal = 0;      // the signal that ended it, if any
  bool timed_out = false;
  std::string out;  // stdout
  std::string err;  // stderr

  // "exit 3", "signal 11 (SIGSEGV)", "no answer within 120 s (killed)".
  std::string How() const;
};

// Runs `argv` (argv[0] a path) with stdout and stderr in `out_path` and `err_path`; kills it
// with SIGKILL after `timeout_s` seconds.
ChildResult RunChild(const std::vector<std::string>& argv, const std::string& out_path,
                     const std::string& err_path, double timeout_s);

// Runs `command` with /bin/sh -c; its output goes to `log_path`. The exit code (-1: a signal).
int RunShell(const std::string& command, const std::string& log_path);

}  // namespace tempo::conformance

#endif  // TEMPO_HOST_CONFORMANCE_CHILD_H_
