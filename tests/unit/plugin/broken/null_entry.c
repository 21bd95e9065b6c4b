/* The entry function refuses every host by returning NULL. */
#include "stub_connector.h"

STUB_EXPORT const tempo_plugin_descriptor* tempo_plugin_entry_v1(const tempo_host_api* host) {
  (void)host;
  return 0;
}
