// The kit's run: set-up, steps, and the checks before the first read. See session.h.
#include "conformance/session.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>

#include "common/log.h"
#include "config/json_schema.h"
#include "store/store.h"
#include "tempo/time.hpp"

namespace tempo::conformance {
namespace {

namespace fs = std::filesystem;

// The last few lines of a step's log, for a report line.
std::string LastLines(const std::string& text, int n = 2) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::string out;
  for (size_t i = lines.size() > static_cast<size_t>(n) ? lines.size() - n : 0; i < lines.size();
       ++i) {
    out += (out.empty() ? "" : " / ") + lines[i];
  }
  return out;
}

std::vector<StreamDesc> ParseStreams(simdjson::dom::element array) {
  std::vector<StreamDesc> out;
  simdjson::dom::array streams;
  if (array.get(streams)) return out;
  for (simdjson::dom::element s : streams) {
    StreamDesc d;
    std::string_view v;
    if (!s["name"].get(v)) d.name = v;
    if (!s["entity"].get(v)) d.entity = v;
    if (!s["primary_key"].get(v)) d.primary_key = v;
    if (!s["cursor_field"].get(v)) d.cursor_field = v;
    if (!s["owns_column"].get(v)) d.owns_column = v;
    int64_t n = 0;
    if (!s["sync_modes"].get(n)) d.sync_modes = n;
    if (!s["owns"].get(n)) d.owns = n;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

std::optional<JsonDoc> JsonDoc::Parse(const std::string& text) {
  size_t end = text.find_last_not_of("\n ");
  if (end == std::string::npos) return std::nullopt;
  size_t start = text.rfind('\n', end);
  start = start == std::string::npos ? 0 : start + 1;
  JsonDoc doc;
  doc.parser_ = std::make_shared<simdjson::dom::parser>();
  simdjson::dom::element root;
  if (doc.parser_->parse(text.substr(start, end - start + 1)).get(root) || !root.is_object()) {
    return std::nullopt;
  }
  doc.root_ = root;
  return doc;
}

bool JsonDoc::Has(std::string_view key) const { return !root_[key].error(); }

std::string JsonDoc::Str(std::string_view key) const {
  std::string_view v;
  return root_[key].get(v) ? std::string() : std::string(v);
}

int64_t JsonDoc::Int(std::string_view key) const {
  int64_t v = 0;
  return root_[key].get(v) ? 0 : v;
}

bool JsonDoc::Bool(std::string_view key) const {
  bool v = false;
  return root_[key].get(v) ? false : v;
}

simdjson::dom::element JsonDoc::Get(std::string_view key) const {
  simdjson::dom::element e;
  if (root_[key].get(e)) return simdjson::dom::element();
  return e;
}

Session::Session(KitOptions options) : o_(std::move(options)), report_(o_.json) {
  mode_ = !o_.fixture.empty() ? "replay" : !o_.record.empty() ? "record" : "live";
}

bool Session::SetUp() {
  std::error_code ec;
  if (o_.work_dir.empty()) {
    std::string pattern = (fs::temp_directory_path(ec) / "tempo-kit-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      std::cerr << "tempo: test-plugin: cannot create a work folder in $TMPDIR\n";
      return false;
    }
    work_ = pattern;
    own_work_ = !o_.keep_work;
  } else {
    work_ = fs::absolute(o_.work_dir).string();
    fs::create_directories(work_, ec);
  }
  fs::create_directories(work_ + "/steps", ec);
  if (replay()) {
    exchanges_dir_ = fs::absolute(o_.fixture).string();
    Result<Fixture> f = ReadFixture(exchanges_dir_);
    if (!f.ok()) {
      std::cerr << "tempo: test-plugin: " << f.status().message() << "\n";
      return false;
    }
    fixture_ = std::move(f).value();
  } else {
    exchanges_dir_ = mode_ == "record" ? fs::absolute(o_.record).string() : work_ + "/recording";
    // Record mode replaces the recording of the folder (and nothing else in it).
    fs::remove_all(exchanges_dir_ + "/exchanges", ec);
    fs::remove(exchanges_dir_ + "/fixture.json", ec);
    fs::create_directories(exchanges_dir_ + "/exchanges", ec);
    if (ec) {
      std::cerr << "tempo: test-plugin: cannot create " << exchanges_dir_
                << "/exchanges: " << ec.message() << "\n";
      return false;
    }
    fixture_.recorded_at = store::NowUtc();
  }
  return true;
}

std::string Session::ExchangesFor(const std::string& step) const {
  return ExchangesPath(exchanges_dir_, step);
}

StepResult Session::Step(const std::string& name, const std::string& action,
                         std::vector<std::string> extra, const std::string& exchanges,
                         bool replay_http) {
  std::vector<std::string> argv = {o_.self,      o_.verbose ? "-v" : "-q",
                                   "__kit-step", "--action",
                                   action,       "--plugin",
                                   o_.plugin,    "--config",
                                   o_.config};
  for (const std::string& folder : o_.plugin_folders) {
    argv.push_back("--plugin-path");
    argv.push_back(folder);
  }
  const std::string unmatched = File("steps/" + name + ".unmatched");
  if (!exchanges.empty()) {
    argv.insert(argv.end(), {"--http", replay_http ? "replay" : "record", "--exchanges", exchanges,
                             "--http-state", File("http_state.json"), "--unmatched", unmatched});
  }
  argv.insert(argv.end(), extra.begin(), extra.end());
  StepResult r;
  r.child = RunChild(argv, File("steps/" + name + ".out"), File("steps/" + name + ".err"),
                     o_.step_timeout_s);
  std::error_code ec;
  if (fs::exists(unmatched, ec)) {
    std::ifstream in(unmatched);
    std::getline(in, r.unmatched);
  }
  if (r.child.exit_code == 0) r.json = JsonDoc::Parse(r.child.out);
  if (!r.json) {
    if (r.child.timed_out) {
      r.died = "the step did not finish within " +
               std::to_string(static_cast<int>(o_.step_timeout_s)) +
               " s and was killed: the plugin hangs";
    } else if (r.child.signal != 0) {
      r.died = "the plugin crashed (" + r.child.How() + ")";
    } else {
      r.died = "the step ended with " + r.child.How() + " and no answer";
    }
    const std::string last = LastLines(r.child.err);
    if (!last.empty()) r.died += "; its log ends: " + last;
  }
  return r;
}

StepResult Session::Read(const ReadStep& read) {
  std::vector<std::string> extra = {"--store", read.store, "--emit-log",
                                    File(read.name + ".emits")};
  if (read.full_refresh) extra.push_back("--full-refresh");
  if (read.kill_after > 0) {
    extra.insert(extra.end(), {"--kill-after-commit", std::to_string(read.kill_after)});
  }
  std::string exchanges = ExchangesFor(read.name);
  bool replay_http = replay();
  if (!read.fault.empty()) {
    exchanges = ExchangesFor("full_read");
    replay_http = true;
    extra.insert(extra.end(), {"--fault", read.fault, "--fault-at", std::to_string(read.fault_at)});
  }
  return Step(read.name, "read", std::move(extra), exchanges, replay_http);
}

std::string Session::ReadFailure(const StepResult& r) {
  if (!r.json) return r.died;
  for (const char* key : {"load_error", "render_error", "open_error", "store_error"}) {
    if (r.json->Has(key)) return r.json->Str(key);
  }
  std::string why = "the run " + r.json->Str("status") + ": " + r.json->Str("error");
  if (!r.unmatched.empty()) why += " (replay had no recorded exchange for " + r.unmatched + ")";
  return why;
}

Status Session::KeepOrRestoreStates(const std::string& step, const std::string& store) {
  FixtureRead& info = fixture_.reads[step];
  if (replay()) return WriteStates(store, info.states_before);
  Result<States> states = ReadStates(store);
  if (!states.ok()) return states.status();
  info.states_before = std::move(states).value();
  return Status::Ok();
}

bool Session::Skipped(const std::string& check) {
  if (std::find(o_.skip.begin(), o_.skip.end(), check) == o_.skip.end()) return false;
  report_.Skip(check, "not run (--skip " + check + ")");
  return true;
}

void Session::SkipReads(const std::string& why, bool full_read_too) {
  if (full_read_too) report_.Skip("full_read", why);
  for (const char* name :
       {"no_duplicates", "state_round_trip", "kill_resume", "fault_http", "incremental"}) {
    report_.Skip(name, why);
  }
}

bool Session::Describe() {
  StepResult r = Step("describe", "describe", {}, "", false);
  if (!r.json || r.json->Has("error")) {
    report_.Fail("descriptor", r.json ? r.json->Str("error") : r.died);
    return false;
  }
  const JsonDoc& d = *r.json;
  name_ = d.Str("name");
  version_ = d.Str("version");
  kind_ = d.Str("kind");
  effective_schema_ = d.Str("config_schema");
  std::vector<std::string> problems;
  if (!std::regex_match(version_, std::regex(R"(\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]*)?)"))) {
    problems.push_back("version '" + version_ + "' is not semver (MAJOR.MINOR.PATCH)");
  }
  if (d.Str("description").empty()) problems.push_back("the description is empty");
  if (kind_ != "connector" && kind_ != "scorer")
    problems.push_back("kind '" + kind_ + "' is unknown");
  if (replay() && fixture_.plugin != name_) {
    report_.Fail("descriptor", "the fixture was recorded with plugin '" + fixture_.plugin +
                                   "', not '" + name_ + "'");
    return false;
  }
  fixture_.plugin = name_;
  std::string detail = name_ + " " + version_ + ", " + kind_ + ", ABI " + d.Str("abi") +
                       ", loaded by the host's loader from " + d.Str("path");
  if (replay() && fixture_.version != version_) {
    detail += " (the fixture was recorded with " + fixture_.version + ")";
  }
  fixture_.version = version_;
  if (!problems.empty()) {
    report_.Fail("descriptor", Sample(problems, 5));
  } else {
    report_.Pass("descriptor", detail);
  }
  if (d.Has("schema_error")) {
    report_.Fail("config_schema",
                 "the config schema is not one the host reads: " + d.Str("schema_error"));
    return false;
  }
  if (!d.Bool("schema_is_object")) {
    report_.Fail("config_schema",
                 "the config schema must describe an object (\"type\": \"object\")");
    return false;
  }
  return true;
}

void Session::InvalidConfig() {
  StepResult r = Step("invalid_config", "invalid-config", {}, "", false);
  if (!r.json || r.json->Has("error")) {
    report_.Fail("invalid_config", r.json ? r.json->Str("error") : r.died);
    return;
  }
  const JsonDoc& d = *r.json;
  if (d.Str("mutation").empty()) {
    report_.Skip("invalid_config",
                 "the schema accepts any config (no required key, no typed key, other keys "
                 "allowed): nothing to refuse");
    return;
  }
  const std::string error = d.Str("message");
  const std::string key = d.Str("key");
  if (!d.Bool("refused")) {
    report_.Fail("invalid_config", d.Str("mutation") +
                                       " was accepted by the schema and by open(); declare the "
                                       "key's type and whether it is required");
  } else if (error.find(key) == std::string::npos) {
    report_.Fail(
        "invalid_config",
        d.Str("mutation") + " was refused, but the message does not name '" + key + "': " + error);
  } else {
    report_.Pass("invalid_config",
                 d.Str("mutation") + " is refused by the " + d.Str("by") + ": " + error);
  }
}

void Session::Score() {
  StepResult r = Step("score", "score", {"--store", File("score.db")}, "", false);
  std::string error;
  if (r.json) {
    for (const char* key : {"load_error", "render_error", "store_error", "score_error"}) {
      if (r.json->Has(key)) error = r.json->Str(key);
    }
  }
  if (r.json && r.json->Has("render_error")) {
    report_.Fail("config_schema", "the config " + o_.config + " is refused: " + error);
    return;
  }
  report_.Pass("config_schema", "the schema parses and " + o_.config + " renders against it");
  InvalidConfig();
  if (!r.json) {
    report_.Fail("score_empty_store", r.died);
  } else if (r.json->Has("run_id")) {
    report_.Pass("score_empty_store", "score() ran against an empty store and emitted " +
                                          std::to_string(r.json->Int("metrics")) +
                                          " metric row(s) the host accepted");
  } else {
    report_.Fail("score_empty_store", "scoring an empty store failed: " + error);
  }
}

bool Session::ConfigAndCheck() {
  check_ = Step("check", "check", {}, ExchangesFor("check"), replay());
  if (!check_.json) return true;  // the check line reports it
  const JsonDoc& d = *check_.json;
  if (d.Has("load_error")) return true;
  if (d.Has("render_error")) {
    report_.Fail("config_schema",
                 "the config " + o_.config + " is refused: " + d.Str("render_error"));
    return false;
  }
  if (d.Has("config_schema")) effective_schema_ = d.Str("config_schema");
  std::vector<std::string> secrets;
  if (Result<config::JsonSchema> schema = config::ParseJsonSchema(effective_schema_); schema.ok()) {
    for (const auto& p : schema->properties) {
      if (p.schema.secret) secrets.push_back(p.name);
    }
  }
  report_.Pass("config_schema", "the schema parses and " + o_.config + " renders against it" +
                                    (secrets.empty() ? std::string("; no key is secret")
                                                     : "; secret keys: " + Sample(secrets, 10)));
  return true;
}

bool Session::CheckAndDiscover() {
  const StepResult& r = check_;
  if (!r.json) {
    report_.Fail("check", r.died);
    return false;
  }
  const JsonDoc& d = *r.json;
  if (d.Has("load_error")) {
    report_.Fail("check", d.Str("load_error"));
    return false;
  }
  if (d.Has("open_error")) {
    report_.Fail("check", "open() failed: " + d.Str("open_error"));
    return false;
  }
  if (d.Has("check_error")) {
    report_.Fail("check", d.Str("check_error") +
                              (r.unmatched.empty()
                                   ? ""
                                   : " (replay had no recorded exchange for " + r.unmatched + ")"));
  } else {
    report_.Pass("check", "check() succeeded");
  }
  if (d.Has("discover_error")) {
    report_.Fail("discover", d.Str("discover_error"));
    return false;
  }
  streams_ = ParseStreams(d.Get("streams"));
  std::vector<StreamDesc> spec;
  const bool has_spec = d.Has("spec_streams");
  if (has_spec) spec = ParseStreams(d.Get("spec_streams"));
  std::vector<std::string> problems = CatalogProblems(streams_, has_spec ? &spec : nullptr);
  if (!problems.empty()) {
    report_.Fail("discover", Sample(problems, 5));
    return !streams_.empty();
  }
  std::vector<std::string> names;
  for (const StreamDesc& s : streams_) {
    names.push_back(s.name + " (" + s.entity + ", key " + s.primary_key +
                    ((s.sync_modes & 2) ? ", incremental" : ", full refresh") + ")");
  }
  report_.Pass("discover", std::to_string(streams_.size()) + " stream(s): " + Sample(names, 4));
  return true;
}

int Session::Run() {
  if (!SetUp()) return 2;
  bool go = Describe();
  if (go && kind_ == "scorer") {
    Score();
    go = false;
  }
  if (go) go = ConfigAndCheck();
  if (go) InvalidConfig();
  if (go) go = CheckAndDiscover();
  if (go && FullRead()) {
    NoDuplicates();
    StateRoundTrip();
    if (!Skipped("kill_resume")) KillResume();
    if (!Skipped("fault_http")) Faults();
    if (!Skipped("incremental")) Incremental();
  } else if (kind_ == "connector") {
    SkipReads(go ? "the full read failed" : "the plugin could not be opened", !go);
  }
  if (kind_ == "connector" && !Skipped("secrets")) Secrets();
  if (mode_ == "record") {
    if (Status s = WriteFixture(exchanges_dir_, fixture_); !s.ok()) {
      report_.Fail("fixture", s.message());
    }
  }
  report_.Finish(name_, version_, mode_);
  std::error_code ec;
  if (own_work_) {
    fs::remove_all(work_, ec);
  } else {
    (o_.json ? std::cerr : std::cout) << "work folder: " << work_ << std::endl;
  }
  return report_.failed() > 0 ? 1 : 0;
}

int RunKit(const KitOptions& options) { return Session(options).Run(); }

}  // namespace tempo::conformance
