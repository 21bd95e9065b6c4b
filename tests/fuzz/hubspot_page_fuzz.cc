// Fuzz target: the HubSpot connector reading pages the fuzzer writes (connector_harness.h).
#include "connector_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tempo::fuzz::ConnectorSetup setup{
      R"({"access_token":"pat-na1-fuzz","base_url":"http://127.0.0.1:9/"})", {}};
  return tempo::fuzz::RunConnector(setup, data, size);
}
