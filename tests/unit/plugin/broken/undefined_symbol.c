/*
 * Calls a function nobody defines. Linked WITHOUT -z defs (a plain MODULE, not
 * tempo_add_plugin), so the link succeeds and only a load with RTLD_NOW notices: the host must
 * refuse it at load instead of crashing at the first call.
 */
#include "stub_connector.h"

extern int tempo_test_function_nobody_defines(void);

static const tempo_connector_api kApi = STUB_CONNECTOR_API;
static const tempo_plugin_descriptor kDescriptor = {.struct_size = sizeof(tempo_plugin_descriptor),
                                                    .abi_major = TEMPO_ABI_MAJOR,
                                                    .abi_minor = TEMPO_ABI_MINOR,
                                                    .kind = TEMPO_KIND_CONNECTOR,
                                                    .name = "undefined_symbol",
                                                    .version = "1.0.0",
                                                    .description = "needs a symbol nobody defines",
                                                    .config_schema = "{}",
                                                    .api = &kApi};

STUB_EXPORT const tempo_plugin_descriptor* tempo_plugin_entry_v1(const tempo_host_api* host) {
  (void)host;
  return tempo_test_function_nobody_defines() ? &kDescriptor : 0;
}
