// Fuzz target: the rest connector reading, through its shipped PartnerStack manifest, pages the
// fuzzer writes (connector_harness.h): the manifest-driven records path, paging and mapping.
#include "connector_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tempo::fuzz::ConnectorSetup setup{
      R"({"manifest":"partnerstack","public_key":"pk","secret_key":"sk"})", {}};
  return tempo::fuzz::RunConnector(setup, data, size);
}
