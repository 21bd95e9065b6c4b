// Freezes the memory layout of every struct in sdk/include/tempo/plugin.h.
//
// Plugins built against an older SDK keep working only while each field stays at the offset and
// size they were compiled with: fields are appended, never inserted, reordered or retyped (see the
// versioning rules at the top of plugin.h). Every line below is a static_assert with the value as
// compiled on x86-64 Linux, written as a literal, so a layout change fails the build of this test
// and names the struct and field. The field count (counted by aggregate initialization) catches a
// field slipped into padding, which would move no offset.
//
// Appending a field in a minor version is allowed: update the struct's size and count, add a
// line for the new field, and leave every other line as it is.
#include <stddef.h>

#include <catch2/catch.hpp>

#include "tempo/plugin.h"

namespace {

// Converts to any field type; used only in unevaluated aggregate initialization.
struct AnyField {
  template <class T>
  operator T() const noexcept;
};

// The number of fields of aggregate T: the longest brace-initializer list T accepts.
template <class T, class... Fields>
constexpr size_t FieldCount() {
  if constexpr (requires { T{Fields{}..., AnyField{}}; }) {
    return FieldCount<T, Fields..., AnyField>();
  } else {
    return sizeof...(Fields);
  }
}

#define TEMPO_EXPECT_STRUCT(type, size, field_count)                  \
  static_assert(sizeof(type) == (size), "sizeof(" #type ") changed"); \
  static_assert(FieldCount<type>() == (field_count), #type ": field count changed")

#define TEMPO_EXPECT_FIELD(type, field, offset, size)                                          \
  static_assert(offsetof(type, field) == (offset), "offsetof(" #type ", " #field ") changed"); \
  static_assert(sizeof(((type*)0)->field) == (size), "sizeof(" #type "::" #field ") changed")

#if defined(__x86_64__) && defined(__linux__)
TEMPO_EXPECT_STRUCT(tempo_field, 56, 8);
TEMPO_EXPECT_FIELD(tempo_field, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_field, type, 4, 4);
TEMPO_EXPECT_FIELD(tempo_field, name, 8, 8);
TEMPO_EXPECT_FIELD(tempo_field, name_len, 16, 8);
TEMPO_EXPECT_FIELD(tempo_field, str, 24, 8);
TEMPO_EXPECT_FIELD(tempo_field, str_len, 32, 8);
TEMPO_EXPECT_FIELD(tempo_field, int_value, 40, 8);
TEMPO_EXPECT_FIELD(tempo_field, real_value, 48, 8);

TEMPO_EXPECT_STRUCT(tempo_record, 88, 13);
TEMPO_EXPECT_FIELD(tempo_record, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_record, op, 4, 4);
TEMPO_EXPECT_FIELD(tempo_record, entity, 8, 8);
TEMPO_EXPECT_FIELD(tempo_record, entity_len, 16, 8);
TEMPO_EXPECT_FIELD(tempo_record, source_id, 24, 8);
TEMPO_EXPECT_FIELD(tempo_record, source_id_len, 32, 8);
TEMPO_EXPECT_FIELD(tempo_record, updated_at, 40, 8);
TEMPO_EXPECT_FIELD(tempo_record, updated_at_len, 48, 8);
TEMPO_EXPECT_FIELD(tempo_record, fields, 56, 8);
TEMPO_EXPECT_FIELD(tempo_record, field_count, 64, 4);
TEMPO_EXPECT_FIELD(tempo_record, reserved0, 68, 4);
TEMPO_EXPECT_FIELD(tempo_record, raw_json, 72, 8);
TEMPO_EXPECT_FIELD(tempo_record, raw_json_len, 80, 8);

TEMPO_EXPECT_STRUCT(tempo_record_batch, 16, 3);
TEMPO_EXPECT_FIELD(tempo_record_batch, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_record_batch, count, 4, 4);
TEMPO_EXPECT_FIELD(tempo_record_batch, records, 8, 8);

TEMPO_EXPECT_STRUCT(tempo_http_header, 40, 6);
TEMPO_EXPECT_FIELD(tempo_http_header, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_http_header, reserved0, 4, 4);
TEMPO_EXPECT_FIELD(tempo_http_header, name, 8, 8);
TEMPO_EXPECT_FIELD(tempo_http_header, name_len, 16, 8);
TEMPO_EXPECT_FIELD(tempo_http_header, value, 24, 8);
TEMPO_EXPECT_FIELD(tempo_http_header, value_len, 32, 8);

TEMPO_EXPECT_STRUCT(tempo_http_response, 40, 7);
TEMPO_EXPECT_FIELD(tempo_http_response, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_http_response, status, 4, 4);
TEMPO_EXPECT_FIELD(tempo_http_response, body, 8, 8);
TEMPO_EXPECT_FIELD(tempo_http_response, body_len, 16, 8);
TEMPO_EXPECT_FIELD(tempo_http_response, headers, 24, 8);
TEMPO_EXPECT_FIELD(tempo_http_response, header_count, 32, 4);
TEMPO_EXPECT_FIELD(tempo_http_response, attempts, 36, 4);

TEMPO_EXPECT_STRUCT(tempo_http_request, 80, 12);
TEMPO_EXPECT_FIELD(tempo_http_request, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_http_request, header_count, 4, 4);
TEMPO_EXPECT_FIELD(tempo_http_request, method, 8, 8);
TEMPO_EXPECT_FIELD(tempo_http_request, url, 16, 8);
TEMPO_EXPECT_FIELD(tempo_http_request, url_len, 24, 8);
TEMPO_EXPECT_FIELD(tempo_http_request, headers, 32, 8);
TEMPO_EXPECT_FIELD(tempo_http_request, body, 40, 8);
TEMPO_EXPECT_FIELD(tempo_http_request, body_len, 48, 8);
TEMPO_EXPECT_FIELD(tempo_http_request, classify, 56, 8);
TEMPO_EXPECT_FIELD(tempo_http_request, classify_user, 64, 8);
TEMPO_EXPECT_FIELD(tempo_http_request, flags, 72, 4);
TEMPO_EXPECT_FIELD(tempo_http_request, reserved0, 76, 4);

TEMPO_EXPECT_STRUCT(tempo_http_config, 120, 16);
TEMPO_EXPECT_FIELD(tempo_http_config, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_http_config, auth_kind, 4, 4);
TEMPO_EXPECT_FIELD(tempo_http_config, rate_limit_key, 8, 8);
TEMPO_EXPECT_FIELD(tempo_http_config, requests_per_second, 16, 8);
TEMPO_EXPECT_FIELD(tempo_http_config, burst, 24, 8);
TEMPO_EXPECT_FIELD(tempo_http_config, daily_quota, 32, 8);
TEMPO_EXPECT_FIELD(tempo_http_config, bearer_token, 40, 8);
TEMPO_EXPECT_FIELD(tempo_http_config, token_url, 48, 8);
TEMPO_EXPECT_FIELD(tempo_http_config, client_id, 56, 8);
TEMPO_EXPECT_FIELD(tempo_http_config, client_secret, 64, 8);
TEMPO_EXPECT_FIELD(tempo_http_config, refresh_token, 72, 8);
TEMPO_EXPECT_FIELD(tempo_http_config, scope, 80, 8);
TEMPO_EXPECT_FIELD(tempo_http_config, default_expires_in_s, 88, 8);
TEMPO_EXPECT_FIELD(tempo_http_config, header_name, 96, 8);
TEMPO_EXPECT_FIELD(tempo_http_config, header_value, 104, 8);
TEMPO_EXPECT_FIELD(tempo_http_config, usage_header, 112, 8);  // 1.7

TEMPO_EXPECT_STRUCT(tempo_host_api, 88, 13);
TEMPO_EXPECT_FIELD(tempo_host_api, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_host_api, abi_major, 4, 2);
TEMPO_EXPECT_FIELD(tempo_host_api, abi_minor, 6, 2);
TEMPO_EXPECT_FIELD(tempo_host_api, set_error, 8, 8);
TEMPO_EXPECT_FIELD(tempo_host_api, log, 16, 8);
TEMPO_EXPECT_FIELD(tempo_host_api, is_cancelled, 24, 8);
TEMPO_EXPECT_FIELD(tempo_host_api, emit, 32, 8);
TEMPO_EXPECT_FIELD(tempo_host_api, checkpoint, 40, 8);
TEMPO_EXPECT_FIELD(tempo_host_api, reject, 48, 8);
TEMPO_EXPECT_FIELD(tempo_host_api, http_configure, 56, 8);
TEMPO_EXPECT_FIELD(tempo_host_api, http_request, 64, 8);
TEMPO_EXPECT_FIELD(tempo_host_api, http_auth_field, 72, 8);
TEMPO_EXPECT_FIELD(tempo_host_api, reject_record, 80, 8);  // 1.6

TEMPO_EXPECT_STRUCT(tempo_reject, 56, 8);  // 1.6
TEMPO_EXPECT_FIELD(tempo_reject, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_reject, reserved0, 4, 4);
TEMPO_EXPECT_FIELD(tempo_reject, reason, 8, 8);
TEMPO_EXPECT_FIELD(tempo_reject, reason_len, 16, 8);
TEMPO_EXPECT_FIELD(tempo_reject, source_id, 24, 8);
TEMPO_EXPECT_FIELD(tempo_reject, source_id_len, 32, 8);
TEMPO_EXPECT_FIELD(tempo_reject, raw_record, 40, 8);
TEMPO_EXPECT_FIELD(tempo_reject, raw_record_len, 48, 8);

TEMPO_EXPECT_STRUCT(tempo_stream_info, 72, 11);
TEMPO_EXPECT_FIELD(tempo_stream_info, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_stream_info, sync_modes, 4, 4);
TEMPO_EXPECT_FIELD(tempo_stream_info, name, 8, 8);
TEMPO_EXPECT_FIELD(tempo_stream_info, entity, 16, 8);
TEMPO_EXPECT_FIELD(tempo_stream_info, primary_key, 24, 8);
TEMPO_EXPECT_FIELD(tempo_stream_info, cursor_field, 32, 8);
TEMPO_EXPECT_FIELD(tempo_stream_info, description, 40, 8);
TEMPO_EXPECT_FIELD(tempo_stream_info, owns, 48, 4);  // 1.4
TEMPO_EXPECT_FIELD(tempo_stream_info, reserved0, 52, 4);
TEMPO_EXPECT_FIELD(tempo_stream_info, owns_column, 56, 8);
TEMPO_EXPECT_FIELD(tempo_stream_info, owns_value, 64, 8);

TEMPO_EXPECT_STRUCT(tempo_catalog, 16, 3);
TEMPO_EXPECT_FIELD(tempo_catalog, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_catalog, stream_count, 4, 4);
TEMPO_EXPECT_FIELD(tempo_catalog, streams, 8, 8);

TEMPO_EXPECT_STRUCT(tempo_connector_spec, 32, 5);  // 1.5
TEMPO_EXPECT_FIELD(tempo_connector_spec, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_connector_spec, reserved0, 4, 4);
TEMPO_EXPECT_FIELD(tempo_connector_spec, config_schema, 8, 8);
TEMPO_EXPECT_FIELD(tempo_connector_spec, description, 16, 8);
TEMPO_EXPECT_FIELD(tempo_connector_spec, catalog, 24, 8);

TEMPO_EXPECT_STRUCT(tempo_connector_api, 64, 8);
TEMPO_EXPECT_FIELD(tempo_connector_api, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_connector_api, open, 8, 8);
TEMPO_EXPECT_FIELD(tempo_connector_api, check, 16, 8);
TEMPO_EXPECT_FIELD(tempo_connector_api, discover, 24, 8);
TEMPO_EXPECT_FIELD(tempo_connector_api, read, 32, 8);
TEMPO_EXPECT_FIELD(tempo_connector_api, close, 40, 8);
TEMPO_EXPECT_FIELD(tempo_connector_api, spec, 48, 8);   // 1.5
TEMPO_EXPECT_FIELD(tempo_connector_api, remap, 56, 8);  // 1.6

// The scorer ABI was provisional up to 1.2; 1.3 appended the evidence and the as-of instant, and
// from then on it grows append-only like the rest.
TEMPO_EXPECT_STRUCT(tempo_row, 16, 3);
TEMPO_EXPECT_FIELD(tempo_row, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_row, column_count, 4, 4);
TEMPO_EXPECT_FIELD(tempo_row, values, 8, 8);

TEMPO_EXPECT_STRUCT(tempo_evidence, 40, 6);
TEMPO_EXPECT_FIELD(tempo_evidence, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_evidence, reserved0, 4, 4);
TEMPO_EXPECT_FIELD(tempo_evidence, role, 8, 8);
TEMPO_EXPECT_FIELD(tempo_evidence, entity, 16, 8);
TEMPO_EXPECT_FIELD(tempo_evidence, connection, 24, 8);
TEMPO_EXPECT_FIELD(tempo_evidence, source_id, 32, 8);

TEMPO_EXPECT_STRUCT(tempo_metric, 152, 21);
TEMPO_EXPECT_FIELD(tempo_metric, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_metric, reserved0, 4, 4);
TEMPO_EXPECT_FIELD(tempo_metric, scope, 8, 8);
TEMPO_EXPECT_FIELD(tempo_metric, partner_id, 16, 8);
TEMPO_EXPECT_FIELD(tempo_metric, dimension, 24, 8);
TEMPO_EXPECT_FIELD(tempo_metric, metric, 32, 8);
TEMPO_EXPECT_FIELD(tempo_metric, status, 40, 8);
TEMPO_EXPECT_FIELD(tempo_metric, explanation, 48, 8);
TEMPO_EXPECT_FIELD(tempo_metric, numerator, 56, 8);
TEMPO_EXPECT_FIELD(tempo_metric, denominator, 64, 8);
TEMPO_EXPECT_FIELD(tempo_metric, raw_value, 72, 8);
TEMPO_EXPECT_FIELD(tempo_metric, normalized, 80, 8);
TEMPO_EXPECT_FIELD(tempo_metric, weight, 88, 8);
TEMPO_EXPECT_FIELD(tempo_metric, confidence, 96, 8);
TEMPO_EXPECT_FIELD(tempo_metric, n, 104, 8);
TEMPO_EXPECT_FIELD(tempo_metric, partner_connection, 112, 8);  // 1.3
TEMPO_EXPECT_FIELD(tempo_metric, partner_key, 120, 8);
TEMPO_EXPECT_FIELD(tempo_metric, evidence, 128, 8);
TEMPO_EXPECT_FIELD(tempo_metric, evidence_count, 136, 4);
TEMPO_EXPECT_FIELD(tempo_metric, reserved1, 140, 4);
TEMPO_EXPECT_FIELD(tempo_metric, normalization, 144, 8);

TEMPO_EXPECT_STRUCT(tempo_store_reader, 40, 5);
TEMPO_EXPECT_FIELD(tempo_store_reader, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_store_reader, query, 8, 8);
TEMPO_EXPECT_FIELD(tempo_store_reader, emit_metric, 16, 8);
TEMPO_EXPECT_FIELD(tempo_store_reader, as_of, 24, 8);  // 1.3
TEMPO_EXPECT_FIELD(tempo_store_reader, window_start, 32, 8);

TEMPO_EXPECT_STRUCT(tempo_scorer_api, 32, 4);
TEMPO_EXPECT_FIELD(tempo_scorer_api, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_scorer_api, open, 8, 8);
TEMPO_EXPECT_FIELD(tempo_scorer_api, score, 16, 8);
TEMPO_EXPECT_FIELD(tempo_scorer_api, close, 24, 8);

TEMPO_EXPECT_STRUCT(tempo_plugin_descriptor, 56, 10);
TEMPO_EXPECT_FIELD(tempo_plugin_descriptor, struct_size, 0, 4);
TEMPO_EXPECT_FIELD(tempo_plugin_descriptor, abi_major, 4, 2);
TEMPO_EXPECT_FIELD(tempo_plugin_descriptor, abi_minor, 6, 2);
TEMPO_EXPECT_FIELD(tempo_plugin_descriptor, kind, 8, 4);
TEMPO_EXPECT_FIELD(tempo_plugin_descriptor, reserved0, 12, 4);
TEMPO_EXPECT_FIELD(tempo_plugin_descriptor, name, 16, 8);
TEMPO_EXPECT_FIELD(tempo_plugin_descriptor, version, 24, 8);
TEMPO_EXPECT_FIELD(tempo_plugin_descriptor, description, 32, 8);
TEMPO_EXPECT_FIELD(tempo_plugin_descriptor, config_schema, 40, 8);
TEMPO_EXPECT_FIELD(tempo_plugin_descriptor, api, 48, 8);
#endif  // __x86_64__ && __linux__

// TEMPO_SIZE_THROUGH is the struct_size a reader needs before touching a field: the bytes through
// the field's end, so a field followed by padding or by another field is not counted past its end.
static_assert(TEMPO_SIZE_THROUGH(tempo_plugin_descriptor, abi_minor) ==
              offsetof(tempo_plugin_descriptor, kind));
static_assert(TEMPO_SIZE_THROUGH(tempo_http_request, flags) ==
              offsetof(tempo_http_request, reserved0));
static_assert(TEMPO_SIZE_THROUGH(tempo_plugin_descriptor, api) == sizeof(tempo_plugin_descriptor));
static_assert(TEMPO_SIZE_THROUGH(tempo_connector_api, open) == 2 * sizeof(void*));
// A 1.2 scorer's metric ends at `n`: the host reads no 1.3 field from it.
static_assert(TEMPO_SIZE_THROUGH(tempo_metric, n) == 112);

// The layout is checked when this file compiles; this case makes the check count in ctest.
TEST_CASE("plugin.h struct layout is frozen (checked at compile time)") {
#if defined(__x86_64__) && defined(__linux__)
  SUCCEED("every struct's size, field count and field offsets match the frozen layout");
#else
  WARN("layout literals are for x86-64 Linux; not checked on this platform");
#endif
}

TEST_CASE("TEMPO_HAS_FIELD is true exactly when struct_size reaches the field's end") {
  tempo_http_response response{};
  const uint32_t through_attempts = TEMPO_SIZE_THROUGH(tempo_http_response, attempts);
  response.struct_size = through_attempts;
  CHECK(TEMPO_HAS_FIELD(&response, tempo_http_response, attempts));
  response.struct_size = through_attempts - 1;
  CHECK_FALSE(TEMPO_HAS_FIELD(&response, tempo_http_response, attempts));
  CHECK(TEMPO_HAS_FIELD(&response, tempo_http_response, header_count));
}

}  // namespace
