// Fuzz target: the Salesforce connector reading the describe calls and query pages the fuzzer
// writes (connector_harness.h).
#include "connector_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tempo::fuzz::ConnectorSetup setup{
      R"({"client_id":"id","client_secret":"s","refresh_token":"r"})",
      {{"instance_url", "https://fuzz.my.salesforce.com"}}};
  return tempo::fuzz::RunConnector(setup, data, size);
}
