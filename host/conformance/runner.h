// `tempo test-plugin`: runs a plugin through the checks every connector must pass (reliability
// scenarios A.3), each plugin call in a child process (step.h), and reports one line per check.
//
// Modes: live (the plugin talks to its source; its HTTP exchanges are recorded into the work
// folder, for the fault scenarios), record (the same, into a fixture folder kept for later:
// fixture.h) and replay (from a fixture, offline). docs/plugin-guide.md ("Test your plugin")
// describes every check and what an integrator records.
#ifndef TEMPO_HOST_CONFORMANCE_RUNNER_H_
#define TEMPO_HOST_CONFORMANCE_RUNNER_H_

#include <string>
#include <vector>

namespace tempo::conformance {

struct KitOptions {
  std::string plugin;                       // a plugin file, or a name on plugin_folders
  std::vector<std::string> plugin_folders;  // where a name is looked up
  std::string config;                       // the plugin's config file (YAML or JSON)
  std::string fixture;                      // replay from this folder
  std::string record;                       // record into this folder
  std::string between_reads;  // a shell command run before the incremental reads (live, record)
  // Streams that re-read unchanged records on purpose, as their README documents (a list the
  // source cannot filter by modification time): reported, not failed, by `incremental`.
  std::vector<std::string> allow_reread;
  std::string work_dir;    // "": a temporary folder, removed at the end
  bool keep_work = false;  // keep the work folder (its path is printed)
  bool json = false;       // the report as one JSON object
  bool verbose = false;    // the steps' debug logs (in the work folder)
  int kill_points = 6;     // at most this many kills, spread over the full read's commits
  // Checks not to run: kill_resume, fault_http (every fault_*), incremental, secrets.
  std::vector<std::string> skip;
  double step_timeout_s = 120;
  std::string self;  // the tempo binary the steps run
};

// Runs the kit; prints the report to stdout. Returns the exit code: 0 every check passed (or
// was skipped), 1 a check failed, 2 a usage error (printed to stderr).
int RunKit(const KitOptions& options);

}  // namespace tempo::conformance

#endif  // TEMPO_HOST_CONFORMANCE_RUNNER_H_
