/* Exports the v1 entry symbol but declares ABI 2.0 in its descriptor: the major must match. */
#include "stub_connector.h"

static const tempo_connector_api kApi = STUB_CONNECTOR_API;
static const tempo_plugin_descriptor kDescriptor = {.struct_size = sizeof(tempo_plugin_descriptor),
                                                    .abi_major = 2,
                                                    .abi_minor = 0,
                                                    .kind = TEMPO_KIND_CONNECTOR,
                                                    .name = "abi_major_2",
                                                    .version = "1.0.0",
                                                    .description = "declares ABI 2.0",
                                                    .config_schema = "{}",
                                                    .api = &kApi};

STUB_EXPORT const tempo_plugin_descriptor* tempo_plugin_entry_v1(const tempo_host_api* host) {
  (void)host;
  return &kDescriptor;
}
