// The kit's report. See report.h.
#include "conformance/report.h"

#include <cstdio>
#include <iostream>

#include "common/json_writer.h"
#include "common/log.h"

namespace tempo::conformance {
namespace {

const char* Label(Outcome o) {
  return o == Outcome::kPass ? "ok  " : o == Outcome::kFail ? "FAIL" : "skip";
}

const char* Word(Outcome o) {
  return o == Outcome::kPass ? "passed" : o == Outcome::kFail ? "failed" : "skipped";
}

}  // namespace

void Report::Add(std::string name, Outcome outcome, std::string detail) {
  CheckResult r{std::move(name), outcome, log::Redact(detail)};
  if (!json_) {
    std::cout << Label(r.outcome) << " " << r.name << ": " << r.detail << std::endl;
  }
  checks_.push_back(std::move(r));
}

int Report::failed() const {
  int n = 0;
  for (const CheckResult& c : checks_) n += c.outcome == Outcome::kFail;
  return n;
}

void Report::Finish(const std::string& plugin, const std::string& version,
                    const std::string& mode) {
  int counts[3] = {0, 0, 0};
  for (const CheckResult& c : checks_) ++counts[static_cast<int>(c.outcome)];
  if (!json_) {
    std::cout << counts[0] << " passed, " << counts[1] << " failed, " << counts[2] << " skipped"
              << std::endl;
    return;
  }
  JsonWriter w;
  w.BeginObject();
  w.Key("plugin").String(plugin).Key("version").String(version).Key("mode").String(mode);
  w.Key("passed").Int(counts[0]).Key("failed").Int(counts[1]).Key("skipped").Int(counts[2]);
  w.Key("checks").BeginArray();
  for (const CheckResult& c : checks_) {
    w.BeginObject().Key("name").String(c.name).Key("outcome").String(Word(c.outcome));
    w.Key("detail").String(c.detail).EndObject();
  }
  w.EndArray().EndObject();
  std::cout << w.Take() << std::endl;
}

}  // namespace tempo::conformance
