/*
 * A plugin built for a future ABI 2: it exports only tempo_plugin_entry_v2. Built as a plain
 * MODULE with default visibility, since tempo_add_plugin's version script would hide v2.
 */
#include "stub_connector.h"

static const tempo_connector_api kApi = STUB_CONNECTOR_API;
static const tempo_plugin_descriptor kDescriptor = {.struct_size = sizeof(tempo_plugin_descriptor),
                                                    .abi_major = 2,
                                                    .abi_minor = 0,
                                                    .kind = TEMPO_KIND_CONNECTOR,
                                                    .name = "entry_v2_only",
                                                    .version = "2.0.0",
                                                    .description = "speaks only ABI 2",
                                                    .config_schema = "{}",
                                                    .api = &kApi};

STUB_EXPORT const tempo_plugin_descriptor* tempo_plugin_entry_v2(const tempo_host_api* host) {
  (void)host;
  return &kDescriptor;
}
