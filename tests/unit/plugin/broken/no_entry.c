/* A valid shared library that exports no tempo_plugin_entry_v* symbol at all. */
#include "stub_connector.h"

STUB_EXPORT int not_a_tempo_plugin(void) { return 42; }
