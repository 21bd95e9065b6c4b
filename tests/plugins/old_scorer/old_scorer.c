/*
 * old_scorer: a scorer as a plugin built with the ABI 1.2 SDK was: it declares ABI 1.2 and
 * emits metrics in the 1.2 layout of tempo_metric, which ends at `n` (no partner connection or
 * key, no evidence, no normalization). It counts the live opportunities it can see and emits
 * one ecosystem metric and one partner metric (partner "P1") in dimension M.
 */
#include <stdint.h>
#include <string.h>

#include "tempo/plugin.h"

#define OLD_EXPORT __attribute__((visibility("default")))

/* tempo_metric as ABI 1.2 defined it. */
typedef struct metric_v12 {
  uint32_t struct_size;
  uint32_t reserved0;
  const char* scope;
  const char* partner_id;
  const char* dimension;
  const char* metric;
  const char* status;
  const char* explanation;
  double numerator, denominator, raw_value, normalized, weight, confidence;
  int64_t n;
} metric_v12;

static const tempo_host_api* g_host;
static int g_instance;

static tempo_status Open(tempo_ctx* ctx, const char* config, size_t len, tempo_instance** out) {
  (void)ctx;
  (void)config;
  (void)len;
  *out = (tempo_instance*)&g_instance;
  return TEMPO_OK;
}

static tempo_status CountRow(void* user, const tempo_row* row) {
  if (row->column_count == 1 && row->values[0].type == TEMPO_VALUE_INT) {
    *(int64_t*)user = row->values[0].int_value;
  }
  return TEMPO_OK;
}

static tempo_status Score(tempo_ctx* ctx, tempo_instance* instance,
                          const tempo_store_reader* store) {
  (void)instance;
  const char* sql = "SELECT count(*) FROM opportunity";
  int64_t count = -1;
  tempo_status s = store->query(ctx, sql, strlen(sql), NULL, 0, CountRow, &count);
  if (s != TEMPO_OK) return s;
  metric_v12 m;
  memset(&m, 0, sizeof m);
  m.struct_size = sizeof m;
  m.scope = "ecosystem";
  m.dimension = "M";
  m.metric = "X1";
  m.status = "ok";
  m.explanation = "counted the opportunities";
  m.numerator = (double)count;
  m.denominator = 1;
  m.raw_value = (double)count;
  m.normalized = 40;
  m.weight = 1;
  m.confidence = 1;
  m.n = count;
  s = store->emit_metric(ctx, (const tempo_metric*)&m);
  if (s != TEMPO_OK) return s;
  m.scope = "partner";
  m.partner_id = "P1";
  m.normalized = 80;
  return store->emit_metric(ctx, (const tempo_metric*)&m);
}

static void Close(tempo_instance* instance) { (void)instance; }

static const tempo_scorer_api kApi = {sizeof(tempo_scorer_api), Open, Score, Close};
static const tempo_plugin_descriptor kDescriptor = {.struct_size = sizeof(tempo_plugin_descriptor),
                                                    .abi_major = 1,
                                                    .abi_minor = 2,
                                                    .kind = TEMPO_KIND_SCORER,
                                                    .name = "old_scorer",
                                                    .version = "0.9.0",
                                                    .description = "a scorer built for ABI 1.2",
                                                    .config_schema = "{}",
                                                    .api = &kApi};

OLD_EXPORT const tempo_plugin_descriptor* tempo_plugin_entry_v1(const tempo_host_api* host) {
  g_host = host;
  return &kDescriptor;
}
