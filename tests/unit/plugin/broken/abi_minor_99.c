/* Declares ABI 1.99, newer than any host: the host must say to upgrade tempo. */
#include "stub_connector.h"

static const tempo_connector_api kApi = STUB_CONNECTOR_API;
static const tempo_plugin_descriptor kDescriptor = {.struct_size = sizeof(tempo_plugin_descriptor),
                                                    .abi_major = TEMPO_ABI_MAJOR,
                                                    .abi_minor = 99,
                                                    .kind = TEMPO_KIND_CONNECTOR,
                                                    .name = "abi_minor_99",
                                                    .version = "1.0.0",
                                                    .description = "declares ABI 1.99",
                                                    .config_schema = "{}",
                                                    .api = &kApi};

STUB_EXPORT const tempo_plugin_descriptor* tempo_plugin_entry_v1(const tempo_host_api* host) {
  (void)host;
  return &kDescriptor;
}
