/*
 * stub_connector.h: a valid connector function table in plain C, shared by the deliberately
 * broken plugins of loader_test. Each broken plugin starts from this table and a correct
 * descriptor and breaks exactly one thing, so the refusal it provokes is the only one possible.
 *
 * The callbacks are never called: every broken plugin must be refused before any of them runs.
 */
#ifndef TEMPO_TESTS_UNIT_PLUGIN_BROKEN_STUB_CONNECTOR_H_
#define TEMPO_TESTS_UNIT_PLUGIN_BROKEN_STUB_CONNECTOR_H_

#include "tempo/plugin.h"

/* Plugins are built with hidden visibility; the entry symbol must be exported explicitly. */
#define STUB_EXPORT __attribute__((visibility("default")))
#define STUB_UNUSED __attribute__((unused))

STUB_UNUSED static tempo_status StubOpen(tempo_ctx* ctx, const char* config_json, size_t config_len,
                                         tempo_instance** out_instance) {
  (void)ctx;
  (void)config_json;
  (void)config_len;
  (void)out_instance;
  return TEMPO_ERR_INTERNAL;
}

STUB_UNUSED static tempo_status StubCheck(tempo_ctx* ctx, tempo_instance* instance) {
  (void)ctx;
  (void)instance;
  return TEMPO_ERR_INTERNAL;
}

STUB_UNUSED static tempo_status StubDiscover(tempo_ctx* ctx, tempo_instance* instance,
                                             const tempo_catalog** out_catalog) {
  (void)ctx;
  (void)instance;
  (void)out_catalog;
  return TEMPO_ERR_INTERNAL;
}

STUB_UNUSED static tempo_status StubRead(tempo_ctx* ctx, tempo_instance* instance,
                                         const char* stream, size_t stream_len, int32_t sync_mode,
                                         const char* state_json, size_t state_len) {
  (void)ctx;
  (void)instance;
  (void)stream;
  (void)stream_len;
  (void)sync_mode;
  (void)state_json;
  (void)state_len;
  return TEMPO_ERR_INTERNAL;
}

STUB_UNUSED static void StubClose(tempo_instance* instance) { (void)instance; }

/* A complete v1.0 connector table. */
#define STUB_CONNECTOR_API                                                            \
  {                                                                                   \
    .struct_size = sizeof(tempo_connector_api), .open = StubOpen, .check = StubCheck, \
    .discover = StubDiscover, .read = StubRead, .close = StubClose                    \
  }

#endif /* TEMPO_TESTS_UNIT_PLUGIN_BROKEN_STUB_CONNECTOR_H_ */
