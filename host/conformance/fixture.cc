// fixture.json. See fixture.h.
#include "conformance/fixture.h"

#include <simdjson.h>

#include <fstream>
#include <sstream>

#include "common/json_writer.h"
#include "common/log.h"

namespace tempo::conformance {

std::string ExchangesPath(const std::string& dir, const std::string& step) {
  return dir + "/exchanges/" + step + ".jsonl";
}

Result<Fixture> ReadFixture(const std::string& dir) {
  const std::string path = dir + "/fixture.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound("no fixture at " + path +
                            "; record one with tempo test-plugin PLUGIN --config FILE --record " +
                            dir);
  }
  std::stringstream text;
  text << in.rdbuf();
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  if (parser.parse(text.str()).get(o)) {
    return Status(StatusCode::kData, path + " is not JSON; record the fixture again");
  }
  Fixture f;
  std::string_view v;
  int64_t version = 0;
  if (o["kit_fixture"].get(version) || version != 1) {
    return Status(StatusCode::kData, path + " is not a kit fixture of version 1; record it again");
  }
  if (!o["plugin"].get(v)) f.plugin = v;
  if (!o["version"].get(v)) f.version = v;
  if (!o["recorded_at"].get(v)) f.recorded_at = v;
  simdjson::dom::array points;
  if (!o["kill_points"].get(points)) {
    for (simdjson::dom::element p : points) {
      int64_t k = 0;
      if (!p.get(k)) f.kill_points.push_back(k);
    }
  }
  simdjson::dom::object reads;
  if (!o["reads"].get(reads)) {
    for (auto [step, value] : reads) {
      FixtureRead r;
      int64_t ms = 0;
      if (!value["started_ms"].get(ms)) r.started_ms = ms;
      simdjson::dom::object states;
      if (!value["states_before"].get(states)) {
        for (auto [stream, state] : states) {
          std::string_view s;
          if (!state.get(s)) r.states_before[std::string(stream)] = std::string(s);
        }
      }
      f.reads[std::string(step)] = std::move(r);
    }
  }
  return f;
}

Status WriteFixture(const std::string& dir, const Fixture& f) {
  JsonWriter w;
  w.BeginObject();
  w.Key("kit_fixture").Int(1).Key("plugin").String(f.plugin).Key("version").String(f.version);
  w.Key("recorded_at").String(f.recorded_at);
  w.Key("kill_points").BeginArray();
  for (int64_t k : f.kill_points) w.Int(k);
  w.EndArray();
  w.Key("reads").BeginObject();
  for (const auto& [step, read] : f.reads) {
    w.Key(step).BeginObject().Key("started_ms").Int(read.started_ms);
    w.Key("states_before").BeginObject();
    // A state is the connector's cursor, not a credential; registered secrets still go.
    for (const auto& [stream, state] : read.states_before) w.Key(stream).String(log::Redact(state));
    w.EndObject().EndObject();
  }
  w.EndObject().EndObject();
  const std::string path = dir + "/fixture.json";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << w.Take() << "\n";
  if (!out) return Status::Io("cannot write " + path);
  return Status::Ok();
}

}  // namespace tempo::conformance
