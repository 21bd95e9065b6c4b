/* Declares a connector function table that ends before close, the last v1.0 callback. */
#include "stub_connector.h"

static const tempo_connector_api kApi = {.struct_size = offsetof(tempo_connector_api, close),
                                         .open = StubOpen,
                                         .check = StubCheck,
                                         .discover = StubDiscover,
                                         .read = StubRead,
                                         .close = StubClose};
static const tempo_plugin_descriptor kDescriptor = {.struct_size = sizeof(tempo_plugin_descriptor),
                                                    .abi_major = TEMPO_ABI_MAJOR,
                                                    .abi_minor = TEMPO_ABI_MINOR,
                                                    .kind = TEMPO_KIND_CONNECTOR,
                                                    .name = "small_connector_api",
                                                    .version = "1.0.0",
                                                    .description = "connector table too small",
                                                    .config_schema = "{}",
                                                    .api = &kApi};

STUB_EXPORT const tempo_plugin_descriptor* tempo_plugin_entry_v1(const tempo_host_api* host) {
  (void)host;
  return &kDescriptor;
}
