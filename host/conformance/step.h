// One step of `tempo test-plugin`, run in a child process (`tempo __kit-step ...`, started by
// the kit's runner), so a plugin that crashes, aborts or hangs takes down only that step and
// the kit reports it as a failed check. The step prints one JSON object on stdout; its logs go
// to stderr. Steps never print a secret: messages are the host's, redacted.
//
// Actions:
//   describe        load the plugin; its descriptor and whether its schema parses
//   invalid-config  derive an invalid config from the valid one (a required key dropped, a
//                   value of the wrong type, or an unknown key) and see who refuses it
//   check           render the config, open, check and discover (and spec() when present)
//   read            one sync of every stream into `store` through the real engine, commits at
//                   every checkpoint, logged by KitDestination (emit_log.h); a full refresh or
//                   the engine's usual modes; optionally killed after a commit
//   score           a scorer's score() against `store` (an empty store)
#ifndef TEMPO_HOST_CONFORMANCE_STEP_H_
#define TEMPO_HOST_CONFORMANCE_STEP_H_

#include <cstdint>
#include <string>
#include <vector>

namespace tempo::conformance {

struct StepArgs {
  std::string action;
  std::string plugin;                       // a plugin file, or a name on plugin_folders
  std::vector<std::string> plugin_folders;  // for a name
  std::string config;                       // the plugin config file (LoadPluginConfigFile)
  std::string store;                        // read, score
  bool full_refresh = false;                // read
  int64_t kill_after_commit = 0;            // read: SIGKILL right after this commit (0: never)
  std::string emit_log;                     // read
  std::string http_mode = "record";         // record (live, recorded) or replay
  std::string exchanges;                    // the fixture file recorded into or replayed from
  std::string http_state;                   // the HTTP side file the run's steps share
  std::string fault;                        // replay: a fault scenario (faults.h)
  int64_t fault_at = -1;                    // replay: the index of the exchange it replaces
  std::string unmatched;                    // replay: where an unmatched request is noted
};

// Runs the step; returns the process exit code (0 when the step ran, whatever it found).
int RunStep(const StepArgs& args);

}  // namespace tempo::conformance

#endif  // TEMPO_HOST_CONFORMANCE_STEP_H_
