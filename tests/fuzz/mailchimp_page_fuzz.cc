// Fuzz target: the Mailchimp connector reading collection pages the fuzzer writes
// (connector_harness.h).
#include "connector_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tempo::fuzz::ConnectorSetup setup{
      R"({"api_key":"0123abcd-us21","base_url":"http://127.0.0.1:9/mailchimp/3.0"})", {}};
  return tempo::fuzz::RunConnector(setup, data, size);
}
