// Fuzz target: the Crossbeam connector reading list pages the fuzzer writes
// (connector_harness.h).
#include "connector_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tempo::fuzz::ConnectorSetup setup{
      R"({"client_id":"cid","client_secret":"s","refresh_token":"r",)"
      R"("organization_uuid":"00000000-0000-0000-0000-000000000001"})",
      {}};
  return tempo::fuzz::RunConnector(setup, data, size);
}
