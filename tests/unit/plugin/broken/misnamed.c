/* Built as tempo_misnamed.so but declares the name "someone_else". */
#include "stub_connector.h"

static const tempo_connector_api kApi = STUB_CONNECTOR_API;
static const tempo_plugin_descriptor kDescriptor = {.struct_size = sizeof(tempo_plugin_descriptor),
                                                    .abi_major = TEMPO_ABI_MAJOR,
                                                    .abi_minor = TEMPO_ABI_MINOR,
                                                    .kind = TEMPO_KIND_CONNECTOR,
                                                    .name = "someone_else",
                                                    .version = "1.0.0",
                                                    .description = "file and name disagree",
                                                    .config_schema = "{}",
                                                    .api = &kApi};

STUB_EXPORT const tempo_plugin_descriptor* tempo_plugin_entry_v1(const tempo_host_api* host) {
  (void)host;
  return &kDescriptor;
}
