/*
 * A valid connector named "dup". The test places the same tempo_dup.so in two plugin folders:
 * the plugin itself is fine, only the duplicate name must be refused.
 */
#include "stub_connector.h"

static const tempo_connector_api kApi = STUB_CONNECTOR_API;
static const tempo_plugin_descriptor kDescriptor = {.struct_size = sizeof(tempo_plugin_descriptor),
                                                    .abi_major = TEMPO_ABI_MAJOR,
                                                    .abi_minor = TEMPO_ABI_MINOR,
                                                    .kind = TEMPO_KIND_CONNECTOR,
                                                    .name = "dup",
                                                    .version = "1.0.0",
                                                    .description = "installed twice by the test",
                                                    .config_schema = "{}",
                                                    .api = &kApi};

STUB_EXPORT const tempo_plugin_descriptor* tempo_plugin_entry_v1(const tempo_host_api* host) {
  (void)host;
  return &kDescriptor;
}
