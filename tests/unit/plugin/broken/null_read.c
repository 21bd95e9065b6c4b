/* A complete connector table except that the required read callback is NULL. */
#include "stub_connector.h"

static const tempo_connector_api kApi = {.struct_size = sizeof(tempo_connector_api),
                                         .open = StubOpen,
                                         .check = StubCheck,
                                         .discover = StubDiscover,
                                         .read = 0,
                                         .close = StubClose};
static const tempo_plugin_descriptor kDescriptor = {.struct_size = sizeof(tempo_plugin_descriptor),
                                                    .abi_major = TEMPO_ABI_MAJOR,
                                                    .abi_minor = TEMPO_ABI_MINOR,
                                                    .kind = TEMPO_KIND_CONNECTOR,
                                                    .name = "null_read",
                                                    .version = "1.0.0",
                                                    .description = "read is missing",
                                                    .config_schema = "{}",
                                                    .api = &kApi};

STUB_EXPORT const tempo_plugin_descriptor* tempo_plugin_entry_v1(const tempo_host_api* host) {
  (void)host;
  return &kDescriptor;
}
