// One run of the kit (runner.h), private to host/conformance: the plumbing that starts steps and
// reads their answers, the facts the checks share, and one member function per group of checks
// (session.cc: set-up, descriptor, config, check and discover; reads.cc: the full read, its
// duplicates, states and kill loop; fault_checks.cc; incremental.cc; secrets.cc).
#ifndef TEMPO_HOST_CONFORMANCE_SESSION_H_
#define TEMPO_HOST_CONFORMANCE_SESSION_H_

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "conformance/checks.h"
#include "conformance/child.h"
#include "conformance/emit_log.h"
#include "conformance/fixture.h"
#include "conformance/report.h"
#include "conformance/runner.h"
#include "conformance/store_view.h"

namespace tempo::conformance {

// A step's JSON answer.
class JsonDoc {
 public:
  // The last line of `text` as a JSON object, or nullopt.
  static std::optional<JsonDoc> Parse(const std::string& text);
  bool Has(std::string_view key) const;
  std::string Str(std::string_view key) const;
  int64_t Int(std::string_view key) const;
  bool Bool(std::string_view key) const;
  simdjson::dom::element Get(std::string_view key) const;

 private:
  std::shared_ptr<simdjson::dom::parser> parser_;
  simdjson::dom::element root_;
};

struct StepResult {
  ChildResult child;
  std::optional<JsonDoc> json;  // nullopt: the step died or printed no answer
  std::string died;             // then: what happened, for the report
  std::string unmatched;        // replay: the request the recording did not have, if any
};

// Options of one read step.
struct ReadStep {
  std::string name;   // also the exchanges file's name
  std::string store;  // the store file
  bool full_refresh = false;
  int64_t kill_after = 0;
  std::string fault = {};  // replay this scenario over full_read's exchanges
  int64_t fault_at = -1;
};

class Session {
 public:
  explicit Session(KitOptions options);
  int Run();

 private:
  // Plumbing (session.cc).
  bool SetUp();
  StepResult Step(const std::string& name, const std::string& action,
                  std::vector<std::string> extra, const std::string& exchanges, bool replay);
  StepResult Read(const ReadStep& read);
  std::string File(const std::string& name) const { return work_ + "/" + name; }
  std::string ExchangesFor(const std::string& step) const;
  // "the full read failed: ..." from a read step that did not succeed.
  static std::string ReadFailure(const StepResult& r);
  bool replay() const { return mode_ == "replay"; }
  // Before a read that goes on from `store`'s states: a recording keeps them (fixture.h), a
  // replay puts the recorded ones back, since the requests it replays carry their cursors (a
  // cursor from the read's start instant differs between the recording and the replay).
  Status KeepOrRestoreStates(const std::string& step, const std::string& store);

  // Checks (in run order).
  bool Describe();
  void InvalidConfig();
  void Score();
  bool ConfigAndCheck();    // runs the check step; reports config_schema
  bool CheckAndDiscover();  // reports check and discover from that step
  bool FullRead();          // reads.cc
  void NoDuplicates();      // reads.cc
  void StateRoundTrip();    // reads.cc
  void KillResume();        // reads.cc
  void Faults();            // fault_checks.cc
  void Incremental();       // incremental.cc
  void Secrets();           // secrets.cc
  void SkipReads(const std::string& why, bool full_read_too);
  // True (and a skip line reported) when --skip names `check`.
  bool Skipped(const std::string& check);

  KitOptions o_;
  Report report_;
  std::string mode_;           // live, record or replay
  std::string work_;           // the work folder
  bool own_work_ = false;      // a temporary folder of ours, removed at the end
  std::string exchanges_dir_;  // the folder with exchanges/ and fixture.json
  Fixture fixture_;            // read (replay) or being written (live, record)

  std::string name_, version_, kind_;
  std::string effective_schema_;  // the config schema (spec()'s when the plugin has one)
  std::vector<StreamDesc> streams_;
  StepResult check_;

  EmitLog full_log_;
  Rows full_rows_;
  int64_t full_commits_ = 0;
};

}  // namespace tempo::conformance

#endif  // TEMPO_HOST_CONFORMANCE_SESSION_H_
