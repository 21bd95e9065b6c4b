// Fuzz target: the rest connector's manifest loader (YAML to the checked model, every
// refusal with its position).
#include "fuzz_input.h"
#include "manifest_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tempo::rest::Manifest manifest;
  (void)tempo::rest::LoadManifest(std::string_view(reinterpret_cast<const char*>(data), size),
                                  "fuzz.yaml", &manifest);
  return 0;
}
