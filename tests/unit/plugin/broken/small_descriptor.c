/*
 * Declares a descriptor that ends before its last v1.0 field (api), as a plugin built against a
 * header older than any released ABI would. The host must not read past struct_size.
 */
#include "stub_connector.h"

static const tempo_connector_api kApi = STUB_CONNECTOR_API;
static const tempo_plugin_descriptor kDescriptor = {
    .struct_size = offsetof(tempo_plugin_descriptor, api),
    .abi_major = TEMPO_ABI_MAJOR,
    .abi_minor = TEMPO_ABI_MINOR,
    .kind = TEMPO_KIND_CONNECTOR,
    .name = "small_descriptor",
    .version = "1.0.0",
    .description = "descriptor too small",
    .config_schema = "{}",
    .api = &kApi};

STUB_EXPORT const tempo_plugin_descriptor* tempo_plugin_entry_v1(const tempo_host_api* host) {
  (void)host;
  return &kDescriptor;
}
