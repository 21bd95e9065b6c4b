// Unit tests of myplugin's scorer: its config. Plain asserts, so the project needs no test
// framework. tempo test-plugin runs score() against a real (empty) store.
#include <cstdio>
#include <memory>
#include <string>

#include "../src/scorer.h"
#include "tempo/testing/fake_host.hpp"

namespace {

int failures = 0;

void Expect(bool ok, const char* what, int line) {
  if (ok) return;
  std::fprintf(stderr, "scorer_test.cc:%d: expected %s\n", line, what);
  ++failures;
}
#define EXPECT(cond) Expect((cond), #cond, __LINE__)

}  // namespace

int main() {
  tempo::sdk::testing::FakeHost host;
  tempo::sdk::Context ctx(host.ctx());
  std::unique_ptr<myplugin_scorer::Scorer> scorer;
  EXPECT(myplugin_scorer::Scorer::Open(ctx, R"({"min_partners": 3})", &scorer).ok());
  tempo::sdk::Status bad = myplugin_scorer::Scorer::Open(ctx, R"({"min_partners": 0})", &scorer);
  EXPECT(!bad.ok());
  EXPECT(bad.message().find("min_partners") != std::string::npos);
  if (failures == 0) std::printf("myplugin_test: all passed\n");
  return failures == 0 ? 0 : 1;
}
