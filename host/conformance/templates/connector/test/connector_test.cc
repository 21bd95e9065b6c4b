// Unit tests of myplugin's connector on the kit's FakeHost: the host in-process, no store, no
// server, milliseconds. Plain asserts, so the project needs no test framework; add yours.
#include <cstdio>
#include <memory>
#include <string>

#include "../src/connector.h"
#include "tempo/testing/fake_host.hpp"

namespace {

int failures = 0;

void Expect(bool ok, const char* what, int line) {
  if (ok) return;
  std::fprintf(stderr, "connector_test.cc:%d: expected %s\n", line, what);
  ++failures;
}
#define EXPECT(cond) Expect((cond), #cond, __LINE__)

using myplugin_connector::Connector;
using tempo::sdk::Context;
using tempo::sdk::testing::FakeHost;

std::unique_ptr<Connector> OpenWith(FakeHost& host, const std::string& config) {
  Context ctx(host.ctx());
  std::unique_ptr<Connector> c;
  EXPECT(Connector::Open(ctx, config, &c).ok());
  return c;
}

// A full read emits every partner, a page per checkpoint, and hands on a cursor.
void FullRead() {
  FakeHost host;
  Context ctx(host.ctx());
  auto c = OpenWith(host, R"({"page_size": 2})");
  EXPECT(c->Read(ctx, {"partners", TEMPO_SYNC_FULL_REFRESH, ""}).ok());
  EXPECT(host.committed.size() == 7);
  EXPECT(host.checkpoints == 4);
  EXPECT(host.Row("partner", "p-1").fields.at("name") == "s:Acme Cloud");
  EXPECT(host.committed_state.find("\"cursor_ms\"") != std::string::npos);
  EXPECT(host.committed_state.find("\"next\"") == std::string::npos);
}

// From that cursor, an incremental read returns only the newest partner again (the cursor is
// inclusive: a record changed at that same instant is never lost).
void IncrementalRead() {
  FakeHost host;
  Context ctx(host.ctx());
  auto c = OpenWith(host, R"({"page_size": 2})");
  EXPECT(c->Read(ctx, {"partners", TEMPO_SYNC_FULL_REFRESH, ""}).ok());
  const std::string state = host.committed_state;
  const size_t before = host.emitted;
  EXPECT(c->Read(ctx, {"partners", TEMPO_SYNC_INCREMENTAL, state}).ok());
  EXPECT(host.emitted - before == 1);
}

// A read killed at its second checkpoint resumes from the committed state: nothing lost.
void KilledAndResumed() {
  FakeHost host;
  Context ctx(host.ctx());
  auto c = OpenWith(host, R"({"page_size": 2})");
  host.fail_checkpoint_number = 2;
  EXPECT(!c->Read(ctx, {"partners", TEMPO_SYNC_FULL_REFRESH, ""}).ok());
  EXPECT(host.committed.size() == 2);
  host.Restart();
  host.fail_checkpoint_number = 0;
  EXPECT(c->Read(ctx, {"partners", TEMPO_SYNC_FULL_REFRESH, host.committed_state}).ok());
  EXPECT(host.committed.size() == 7);
}

// A config the schema refuses names the key.
void BadConfig() {
  FakeHost host;
  Context ctx(host.ctx());
  std::unique_ptr<Connector> c;
  tempo::sdk::Status s = Connector::Open(ctx, R"({"page_size": 0})", &c);
  EXPECT(!s.ok());
  EXPECT(s.message().find("page_size") != std::string::npos);
}

}  // namespace

int main() {
  FullRead();
  IncrementalRead();
  KilledAndResumed();
  BadConfig();
  if (failures == 0) std::printf("myplugin_test: all passed\n");
  return failures == 0 ? 0 : 1;
}
