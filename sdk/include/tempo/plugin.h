/*
 * tempo/plugin.h: the Tempo plugin ABI, version 1.
 *
 * This C header is the only thing that crosses the boundary between the Tempo host and a plugin
 * shared library. A plugin may be built by a third party with another compiler, so only C types
 * cross: fixed-width integers, `const char*` with a length, plain structs, function pointers and
 * opaque handles. No C++ types, no exceptions, no memory freed by the other side.
 *
 * Versioning
 *   - The entry symbol carries the ABI major: `tempo_plugin_entry_v1`. A new major is a new symbol.
 *   - Every struct that crosses starts with `uint32_t struct_size` (sizeof as the writer compiled
 *     it) and only ever grows at the end. A minor bump appends fields; readers check
 *     TEMPO_HAS_FIELD (or compare struct_size with TEMPO_SIZE_THROUGH) before touching a field
 *     that a minor added.
 *   - A reader treats a field beyond the writer's struct_size as zero (NULL, 0, 0.0), so an
 *     appended field's zero value must mean "behave as before": a new flag is off at 0, a new
 *     limit is "none" or "the default" at 0, a new callback may be NULL.
 *   - The host loads a plugin whose abi_major equals its own and whose abi_minor is <= its own.
 *     The host API table carries the host's version, so a plugin can check before calling a
 *     function that a later minor appended.
 *
 * Ownership and lifetime (the rules every field below follows unless it says otherwise)
 *   - Strings are UTF-8. A `const char*` without a length is NUL-terminated.
 *   - Memory passed *into* a call (host -> plugin or plugin -> host) is borrowed for that call
 *     only; the receiver copies what it keeps. The host copies every record, state and message
 *     before the callback returns.
 *   - Memory *returned* by the plugin (descriptor, catalog) is owned by the plugin and stays valid
 *     as documented at that function.
 *   - `tempo_ctx*` is a host-owned, opaque per-call context. It is valid only during the call it
 *     was passed to; never store it.
 *   - The host API table stays valid for the life of the process.
 *
 * Threads: the host calls one instance from one thread at a time. Host API functions must be
 * called on the thread of the call whose ctx they receive, with one exception (ABI 1.1): during
 * read(), the plugin may make its http_request calls (and only those) from one other thread it
 * started, for fetching the next page while it emits the current one, provided that no two
 * calls with the same ctx overlap and that the thread's last call has returned before read()
 * returns. The response of such a call is valid until the next http_request with that ctx,
 * whichever thread makes it.
 *
 * Errors: every function returns a tempo_status. On failure a plugin should call
 * host->set_error(ctx, code, message) with one clear sentence; the host shows it to the user
 * (with secrets redacted). Functions never let a C++ exception escape.
 */
#ifndef TEMPO_PLUGIN_H_
#define TEMPO_PLUGIN_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TEMPO_ABI_MAJOR 1
#define TEMPO_ABI_MINOR 7

/* The name of the one symbol a plugin exports. */
#define TEMPO_PLUGIN_ENTRY_SYMBOL "tempo_plugin_entry_v1"

/* The struct_size a reader needs before it may touch `field` of `type`: the bytes from the start
 * of the struct through the end of that field. */
#define TEMPO_SIZE_THROUGH(type, field) (offsetof(type, field) + sizeof(((type*)0)->field))

/* True when the struct *p, as its writer sized it, contains `field`. */
#define TEMPO_HAS_FIELD(p, type, field) ((p)->struct_size >= TEMPO_SIZE_THROUGH(type, field))

/* ---------------------------------------------------------------------------------------------
 * Status codes. Values are never renumbered.
 */
typedef int32_t tempo_status;
enum {
  TEMPO_OK = 0,
  TEMPO_ERR_INVALID_ARGUMENT = 1, /* bad config or call: the user must change something */
  TEMPO_ERR_UNAVAILABLE = 2,      /* network or server trouble: a later run may succeed */
  TEMPO_ERR_PERMISSION = 3,       /* credentials refused */
  TEMPO_ERR_INTERNAL = 4,         /* a bug in the plugin or host */
  TEMPO_ERR_CANCELLED = 5,        /* the host asked the plugin to stop */
  TEMPO_ERR_INCOMPATIBLE = 6,     /* ABI or version mismatch */
  TEMPO_ERR_DATA = 7,             /* the source sent something that cannot be decoded */
  TEMPO_ERR_QUOTA = 8,            /* the provider's quota is spent: the run is deferred */
  TEMPO_ERR_NOT_FOUND = 9,        /* a named stream, file or object does not exist */
  /* ABI 1.2, from read() only: the stream is not available at this source (an object this
   * account may not see). The host ends the stream without touching its rows or its state (a
   * full refresh soft-deletes nothing), records why in the run record, and goes on with the
   * other streams; the run still succeeds. Records emitted and checkpointed before it stay. */
  TEMPO_ERR_SKIPPED = 10,
  /* ABI 1.4, from read() only: the source rejected the position the read resumed from (a saved
   * cursor it no longer accepts, or one the changed config made invalid), so the read cannot go
   * on without a gap. The host restarts the stream at once, in the same run, as a full refresh
   * (state "", and the soft-delete of what the refresh does not see when it completes), logs it
   * and records why in the run record. Once per stream and run: a restarted read that returns
   * it again, or a read that started from an empty state, fails the run. Records emitted and
   * checkpointed before it stay (they were read in this run). */
  TEMPO_ERR_RESTART_FULL_REFRESH = 11
};

/* Log levels for tempo_host_api.log. */
enum { TEMPO_LOG_DEBUG = 0, TEMPO_LOG_INFO = 1, TEMPO_LOG_WARN = 2, TEMPO_LOG_ERROR = 3 };

/* Plugin kinds (tempo_plugin_descriptor.kind). */
enum { TEMPO_KIND_CONNECTOR = 1, TEMPO_KIND_SCORER = 2 };

/* Sync modes: a stream's supported modes are a bit set; read() receives exactly one. */
enum { TEMPO_SYNC_FULL_REFRESH = 1, TEMPO_SYNC_INCREMENTAL = 2 };

/* Value types of a record field. */
enum {
  TEMPO_VALUE_NULL = 0,
  TEMPO_VALUE_STRING = 1, /* str, str_len */
  TEMPO_VALUE_INT = 2,    /* int_value */
  TEMPO_VALUE_REAL = 3,   /* real_value */
  TEMPO_VALUE_BOOL = 4    /* int_value: 0 or 1 */
};

/* Record operations. */
enum {
  TEMPO_OP_UPSERT = 0, /* insert or update by (connection, entity, source_id) */
  TEMPO_OP_DELETE = 1  /* soft delete: the row keeps its data and gets deleted_at */
};

typedef struct tempo_ctx tempo_ctx;           /* host-owned per-call context */
typedef struct tempo_instance tempo_instance; /* plugin-owned object returned by open() */

/* ---------------------------------------------------------------------------------------------
 * Records. A plugin hands records to the host in batches through tempo_host_api.emit.
 * All pointers are borrowed for the duration of that emit call.
 */

/* One typed value of a record, addressed by its canonical column name (see
 * docs/store-schema.md). A name the entity does not have, or a value of a type the column
 * cannot hold, makes the host reject that record (counted and sampled, never fatal). */
typedef struct tempo_field {
  uint32_t struct_size; /* sizeof(tempo_field) */
  int32_t type;         /* TEMPO_VALUE_* */
  const char* name;     /* column name, not NUL-terminated */
  size_t name_len;
  const char* str; /* TEMPO_VALUE_STRING: the bytes (need not be NUL-terminated) */
  size_t str_len;
  int64_t int_value; /* TEMPO_VALUE_INT, TEMPO_VALUE_BOOL */
  double real_value; /* TEMPO_VALUE_REAL */
} tempo_field;

typedef struct tempo_record {
  uint32_t struct_size; /* sizeof(tempo_record) */
  int32_t op;           /* TEMPO_OP_* */
  const char* entity;   /* canonical table: "account", "contact", ... */
  size_t entity_len;
  const char* source_id; /* the source system's id for this record; required, non-empty */
  size_t source_id_len;
  const char* updated_at; /* source modification time (ISO-8601) or NULL */
  size_t updated_at_len;
  const tempo_field* fields; /* array of field_count; stride is fields[0].struct_size */
  uint32_t field_count;
  uint32_t reserved0;
  const char* raw_json; /* the record as the source sent it, or NULL; kept in raw_json */
  size_t raw_json_len;
} tempo_record;

typedef struct tempo_record_batch {
  uint32_t struct_size; /* sizeof(tempo_record_batch) */
  uint32_t count;
  const tempo_record* records; /* array of count; stride is records[0].struct_size */
} tempo_record_batch;

/* ABI 1.6: a source record the plugin read but could not turn into a record (no id, an id of
 * the wrong kind, ...), passed to tempo_host_api.reject_record. The host keeps it (the store's
 * rejected_records, with its run and stream) so that an operator can see it and, after fixing
 * the connection's config, re-submit it through remap() without re-reading the source.
 * Borrowed for the duration of the call. */
typedef struct tempo_reject {
  uint32_t struct_size; /* sizeof(tempo_reject) */
  uint32_t reserved0;
  const char* reason; /* where and why, as for reject(): "partners.csv:17: no id in column 'id'" */
  size_t reason_len;
  const char* source_id; /* the record's id in the source when the plugin knows it, or NULL */
  size_t source_id_len;
  /* The source record as read: the text the record's raw_json would have been, which remap()
   * must accept back. NULL for a row that could not be decoded at all (malformed, invalid
   * JSON): no mapping can fix it, the source must change. */
  const char* raw_record;
  size_t raw_record_len;
} tempo_reject;

/* ---------------------------------------------------------------------------------------------
 * HTTP: the host's one HTTP client (libcurl). The host adds the connection's authentication,
 * waits for the provider account's rate budget, retries transient failures with backoff
 * (honoring Retry-After), refreshes OAuth tokens, enforces timeouts, keeps TLS verification on,
 * redacts secrets and counts everything in the run record. A plugin only builds requests and
 * parses responses.
 */

/* Authentication kinds (tempo_http_config.auth_kind). */
enum {
  TEMPO_AUTH_NONE = 0,
  TEMPO_AUTH_BEARER = 1,                    /* Authorization: Bearer <bearer_token> */
  TEMPO_AUTH_OAUTH2_REFRESH_TOKEN = 2,      /* refresh_token grant at token_url */
  TEMPO_AUTH_OAUTH2_CLIENT_CREDENTIALS = 3, /* client_credentials grant at token_url */
  TEMPO_AUTH_HEADER = 4                     /* <header_name>: <header_value>, e.g. Basic auth */
};

/* What a response means, as a connector's classify hook (or the host's default) decides. */
enum {
  TEMPO_HTTP_DEFAULT = 0,      /* classify hook: let the host decide by status code */
  TEMPO_HTTP_SUCCESS = 1,      /* hand the response to the plugin */
  TEMPO_HTTP_RETRY = 2,        /* transient (5xx-like): back off and retry */
  TEMPO_HTTP_RATE_LIMITED = 3, /* back off (Retry-After honored) and retry */
  TEMPO_HTTP_QUOTA = 4,        /* the provider's quota is spent: TEMPO_ERR_QUOTA, run deferred */
  TEMPO_HTTP_AUTH_EXPIRED = 5, /* refresh the token once and replay the request */
  TEMPO_HTTP_FAIL = 6          /* permanent: hand the response to the plugin to report */
};
/* Host default: 2xx SUCCESS; 429 RATE_LIMITED; 5xx (and 408) RETRY; 401 AUTH_EXPIRED when the
 * connection uses OAuth2, else FAIL; every other status FAIL (the plugin sees the response). */

typedef struct tempo_http_header {
  uint32_t struct_size; /* sizeof(tempo_http_header) */
  uint32_t reserved0;
  const char* name;
  size_t name_len;
  const char* value;
  size_t value_len;
} tempo_http_header;

typedef struct tempo_http_response {
  uint32_t struct_size; /* set by the caller: sizeof(tempo_http_response) as it was compiled */
  int32_t status;       /* HTTP status code */
  /* Host-owned; valid until the next http_request with the same ctx, or the end of the call
   * that received ctx. The body is decompressed; it is not NUL-terminated. */
  const char* body;
  size_t body_len;
  const tempo_http_header* headers; /* stride headers[0].struct_size */
  uint32_t header_count;
  uint32_t attempts; /* how many times the host sent the request (1 = no retry) */
} tempo_http_response;

/* Decides what a response means for provider quirks: an HTTP 200 whose body says "rate
 * limited", a 403 that means a limit. Called for every response; return TEMPO_HTTP_DEFAULT to
 * keep the host's rule. Must not call host functions. */
typedef int32_t (*tempo_http_classify_fn)(void* user, const tempo_http_response* response);

typedef struct tempo_http_request {
  uint32_t struct_size; /* sizeof(tempo_http_request) */
  uint32_t header_count;
  const char* method; /* "GET", "POST", ...; NUL-terminated */
  const char* url;    /* absolute http(s) URL */
  size_t url_len;
  const tempo_http_header* headers; /* extra headers; stride headers[0].struct_size */
  const char* body;                 /* request body or NULL */
  size_t body_len;
  tempo_http_classify_fn classify; /* optional */
  void* classify_user;
  uint32_t flags; /* TEMPO_HTTP_FLAG_* */
  uint32_t reserved0;
} tempo_http_request;

enum {
  TEMPO_HTTP_FLAG_NO_AUTH = 1 /* do not add the connection's authentication */
};

/* A connection's HTTP identity, set by the plugin in open() (see http_configure). Strings are
 * copied. Secrets here are redacted from every log line, error and run record. */
typedef struct tempo_http_config {
  uint32_t struct_size; /* sizeof(tempo_http_config) */
  int32_t auth_kind;    /* TEMPO_AUTH_* */
  /* Names the provider account whose rate budget requests spend: every connection (also in
   * other processes) with the same key shares one token bucket. Never put a secret here. */
  const char* rate_limit_key;
  double requests_per_second; /* sustained rate; 0: unlimited */
  double burst;               /* bucket capacity in requests; 0: requests_per_second */
  int64_t daily_quota;        /* requests per UTC day; 0: none known */
  const char* bearer_token;   /* TEMPO_AUTH_BEARER */
  const char* token_url;      /* OAuth2 token endpoint */
  const char* client_id;
  const char* client_secret;
  const char* refresh_token;    /* OAuth2 refresh-token grant; a rotated one is persisted */
  const char* scope;            /* OAuth2, optional */
  int64_t default_expires_in_s; /* token lifetime when the response has no expires_in; 0: 3600 */
  const char* header_name;      /* TEMPO_AUTH_HEADER */
  const char* header_value;
  /* ABI 1.7, optional (NULL: none). A response header in which the provider reports the
   * account's API usage, e.g. "Sforce-Limit-Info" ("api-usage=18/5000"): the host takes the
   * first "USED/LIMIT" pair of digits in its value, keeps the newest one a run received, and
   * records it in the run record and /metrics. */
  const char* usage_header;
} tempo_http_config;

/* ---------------------------------------------------------------------------------------------
 * The host API table, passed to the entry function. Valid for the life of the process.
 */
typedef struct tempo_host_api {
  uint32_t struct_size; /* sizeof as the host compiled it */
  uint16_t abi_major;   /* the host's TEMPO_ABI_MAJOR */
  uint16_t abi_minor;   /* the host's TEMPO_ABI_MINOR */

  /* Records the error of the current call: one sentence saying what failed and what to do.
   * The host copies msg. The last call wins. */
  void (*set_error)(tempo_ctx* ctx, tempo_status code, const char* msg, size_t msg_len);

  /* Writes a log line under the plugin's name. Known secrets are redacted by the host. */
  void (*log)(tempo_ctx* ctx, int32_t level, const char* msg, size_t msg_len);

  /* Non-zero when the host wants the current call to stop soon (shutdown, timeout). A plugin
   * checks it between pages and returns TEMPO_ERR_CANCELLED. */
  int32_t (*is_cancelled)(tempo_ctx* ctx);

  /* Hands a batch of records to the host (valid only inside read()). The host copies them.
   * Returns TEMPO_OK, TEMPO_ERR_CANCELLED (stop reading), or another error (stop and return it). */
  tempo_status (*emit)(tempo_ctx* ctx, const tempo_record_batch* batch);

  /* Declares that every record emitted so far for `stream` is covered by `state_json`, the
   * stream's resumable position (valid only inside read(), for the stream being read). The host
   * commits those records and this state in one transaction; it may coalesce several
   * checkpoints into one commit, always with the newest state. A later read() of the stream
   * receives the last committed state. Call it at page boundaries. */
  tempo_status (*checkpoint)(tempo_ctx* ctx, const char* stream, size_t stream_len,
                             const char* state_json, size_t state_len);

  /* Counts one source record the plugin could not decode (valid only inside read()); the host
   * keeps the reason (rejected_records) and a few as samples in the run record. Say where:
   * file and line, or page and index, and why, e.g. "partners.csv:17: 4 columns, expected 6".
   * Never include secrets. For a record that was decoded but cannot be mapped, use
   * reject_record (ABI 1.6), which keeps the record for a replay. */
  void (*reject)(tempo_ctx* ctx, const char* reason, size_t reason_len);

  /* Sets this connection's HTTP identity (auth, rate budget). Call it from open(); later calls
   * replace it. */
  tempo_status (*http_configure)(tempo_ctx* ctx, const tempo_http_config* config);

  /* Sends a request with the connection's auth, rate limit, retries and timeouts. Returns
   * TEMPO_OK with *response filled for a response classified SUCCESS or FAIL (check status);
   * TEMPO_ERR_UNAVAILABLE when retries are exhausted or the network fails; TEMPO_ERR_QUOTA
   * when the provider's quota is spent or the rate wait would pass the configured bound;
   * TEMPO_ERR_PERMISSION when authentication fails after one refresh; TEMPO_ERR_DATA for a
   * truncated body; TEMPO_ERR_CANCELLED. On error the host has already set the call's error
   * (with the URL redacted); return the status as is. */
  tempo_status (*http_request)(tempo_ctx* ctx, const tempo_http_request* request,
                               tempo_http_response* response);

  /* Reads a field of the last OAuth2 token response (e.g. "instance_url"), NUL-terminated and
   * valid until the next http call with this ctx. TEMPO_ERR_NOT_FOUND when absent. */
  tempo_status (*http_auth_field)(tempo_ctx* ctx, const char* name, const char** value,
                                  size_t* value_len);

  /* ABI 1.6. Like reject(), for a source record the plugin read but could not map, with its id
   * (if known) and the record itself, so the host can keep it and offer it to remap() after a
   * fix (valid only inside read() and remap()). Prefer it to reject() whenever the record was
   * decoded. Never include secrets in the reason. */
  void (*reject_record)(tempo_ctx* ctx, const tempo_reject* reject);
} tempo_host_api;

/* ---------------------------------------------------------------------------------------------
 * Connectors.
 */

/* Which rows of its entity a stream owns (tempo_stream_info.owns, ABI 1.4). */
enum {
  TEMPO_OWNS_ALL = 0,       /* every row of the entity in the connection (before 1.4) */
  TEMPO_OWNS_EQUAL = 1,     /* rows whose owns_column equals owns_value */
  TEMPO_OWNS_PREFIX = 2,    /* rows whose owns_column starts with owns_value */
  TEMPO_OWNS_NOT_PREFIX = 3 /* rows whose owns_column is NULL or does not start with it */
};

/* One stream of a connector's catalog. */
typedef struct tempo_stream_info {
  uint32_t struct_size;     /* sizeof(tempo_stream_info) */
  uint32_t sync_modes;      /* bit set of TEMPO_SYNC_* */
  const char* name;         /* stream name, e.g. "contacts" */
  const char* entity;       /* the canonical table it fills, e.g. "contact" */
  const char* primary_key;  /* the source field that identifies a record, e.g. "id" */
  const char* cursor_field; /* the source field incremental reads follow, or NULL */
  const char* description;  /* one line, or NULL */
  /* ABI 1.4. The rows of `entity` this stream owns, when several streams of one connector
   * write the same entity (Crossbeam's account and lead overlaps both fill `overlap`): a
   * completed full refresh of the stream soft-deletes only the owned rows it did not write, so
   * it never removes another stream's rows. TEMPO_OWNS_* (0: every row, as before 1.4);
   * owns_column is a column of `entity` or "source_id"; owns_value is compared as text. The
   * host refuses a catalog whose column the entity does not have. Other entities the stream
   * writes are not scoped. */
  uint32_t owns;
  uint32_t reserved0;
  const char* owns_column;
  const char* owns_value;
} tempo_stream_info;

typedef struct tempo_catalog {
  uint32_t struct_size; /* sizeof(tempo_catalog) */
  uint32_t stream_count;
  const tempo_stream_info* streams; /* array of stream_count; stride is streams[0].struct_size */
} tempo_catalog;

/* ABI 1.5. What a connector offers for one config, when its config keys and streams depend on
 * the config itself (the declarative `rest` connector: the keys and streams of the manifest its
 * `manifest` key names). See tempo_connector_api.spec. */
typedef struct tempo_connector_spec {
  uint32_t struct_size; /* sizeof(tempo_connector_spec) */
  uint32_t reserved0;
  /* The JSON Schema of the whole config (same subset as the descriptor's config_schema); its
   * "x-secret" keys are secrets like any other plugin's. */
  const char* config_schema;
  const char* description;      /* one line: what this config reads, or NULL */
  const tempo_catalog* catalog; /* the streams this config offers, or NULL when unknown */
} tempo_connector_spec;

typedef struct tempo_connector_api {
  uint32_t struct_size; /* sizeof(tempo_connector_api) */

  /* Creates an instance from the connection's config, already validated against the plugin's
   * config_schema and with secrets substituted. Must not do network I/O (check() does). */
  tempo_status (*open)(tempo_ctx* ctx, const char* config_json, size_t config_len,
                       tempo_instance** out_instance);

  /* Verifies that the source is reachable and the credentials work. */
  tempo_status (*check)(tempo_ctx* ctx, tempo_instance* instance);

  /* Describes the streams. *out_catalog is owned by the instance and must stay valid and
   * unchanged until close(). */
  tempo_status (*discover)(tempo_ctx* ctx, tempo_instance* instance,
                           const tempo_catalog** out_catalog);

  /* Reads one stream, emitting records and checkpointing state at page boundaries.
   * state_json is the stream's last committed state ("" on a first or restarted full read).
   * Returns TEMPO_OK only when the stream is complete. */
  tempo_status (*read)(tempo_ctx* ctx, tempo_instance* instance, const char* stream,
                       size_t stream_len, int32_t sync_mode, const char* state_json,
                       size_t state_len);

  /* Destroys the instance. Must not fail. */
  void (*close)(tempo_instance* instance);

  /* ABI 1.5, optional (NULL: the descriptor's config_schema is the whole schema). For a
   * connector whose config keys depend on its config (the `rest` connector: the keys its
   * manifest declares). The host first renders the connection's config against the
   * descriptor's config_schema, which declares the keys that select the rest and allows other
   * keys; it calls spec() with that JSON, then renders the config again against the returned
   * config_schema (so its keys are checked, defaulted and, when "x-secret", redacted like any
   * plugin's) and hands the result to open(). No network I/O. On failure the plugin sets an
   * error that says what is wrong with the selection (a manifest's file:line:column errors).
   * *out_spec and everything it points to are owned by the plugin and stay valid and unchanged
   * while the library is loaded (a plugin keeps one per distinct answer). May be called from
   * any thread, also while instances are open; the plugin serializes. */
  tempo_status (*spec)(tempo_ctx* ctx, const char* config_json, size_t config_len,
                       const tempo_connector_spec** out_spec);

  /* ABI 1.6, optional (NULL: the connector cannot replay rejects; `tempo rejects --replay`
   * says so). Maps one kept source record of `stream` again through the instance's current
   * config, exactly as read() maps what it reads, so a record rejected under a wrong mapping
   * (a misspelt entity or column) can land after the config is fixed, without re-reading the
   * source. `raw_record` is a text this plugin gave the host earlier for that stream: a
   * record's raw_json or a reject's raw_record. Emits the records it maps to through emit (any
   * number) and reports a record it still cannot map with reject_record; never checkpoints,
   * applies no incremental filter and does no I/O against the source.
   * Returns TEMPO_OK when the record was mapped or rejected; TEMPO_ERR_NOT_FOUND when the
   * config has no such stream; another error (with set_error) when the config cannot map the
   * stream at all (e.g. a mapped column the record does not have): the host then keeps the
   * record pending and stops the replay with that message. */
  tempo_status (*remap)(tempo_ctx* ctx, tempo_instance* instance, const char* stream,
                        size_t stream_len, const char* raw_record, size_t raw_record_len);
} tempo_connector_api;

/* ---------------------------------------------------------------------------------------------
 * Scorers.
 *
 * A scorer reads the store through the host (tempo_store_reader) and emits metric rows with
 * the records behind them; the host writes them, combines them into dimension and composite
 * scores with the configured weights, and records the run (docs/scoring.md).
 *
 * Queries are SQL over the store's public schema (docs/store-schema.md), read-only, with bound
 * parameters, all inside one read transaction: every query of one score() call sees the same
 * snapshot. In that snapshot each canonical table name (partner, account, opportunity, ...)
 * holds only the rows of the connections being scored (those whose last sync succeeded) that
 * were live at the run's as-of instant; the bookkeeping tables are not readable. Write plain
 * SQL (SELECT, JOIN, GROUP BY, CASE, COALESCE, aggregate functions) so a scorer keeps working
 * when the store moves to another SQL database.
 *
 * History: 1.0 to 1.2 were provisional (no evidence, no as-of). 1.3 appends tempo_evidence,
 * the metric's partner identity, evidence and normalization, and the reader's as_of and
 * window_start; from 1.3 on the scorer ABI grows append-only like the connector ABI. A 1.2
 * scorer still loads and runs: its metrics have no evidence.
 */

/* One row of a query result: column_count values, stride values[0].struct_size. A value's name
 * is its result column's name; TEXT is TEMPO_VALUE_STRING, INTEGER TEMPO_VALUE_INT, REAL
 * TEMPO_VALUE_REAL, NULL TEMPO_VALUE_NULL. Borrowed for the duration of the row callback. */
typedef struct tempo_row {
  uint32_t struct_size;
  uint32_t column_count;
  const tempo_field* values;
} tempo_row;

/* Called once per result row; return TEMPO_OK to continue, anything else stops the query (the
 * query then returns that status). */
typedef tempo_status (*tempo_row_fn)(void* user, const tempo_row* row);

/* ABI 1.3: one record behind a metric, named the way docs/store-schema.md's score_evidence does:
 * `entity` is a canonical table and (connection, source_id) its row. */
typedef struct tempo_evidence {
  uint32_t struct_size; /* sizeof(tempo_evidence) */
  uint32_t reserved0;
  const char* role;       /* "numerator", "denominator", "treated" or "control" */
  const char* entity;     /* "opportunity", "lead", "overlap", ... */
  const char* connection; /* the row's connection */
  const char* source_id;  /* the row's source_id */
} tempo_evidence;

/* One computed metric (a score_metric row). The host copies everything before emit_metric
 * returns. */
typedef struct tempo_metric {
  uint32_t struct_size; /* sizeof(tempo_metric) */
  uint32_t reserved0;
  const char* scope;      /* "ecosystem" or "partner" */
  const char* partner_id; /* partner scope: the source_id of the partner row that stands for
                           * the partner; NULL for ecosystem scope */
  const char* dimension;  /* "T", "E", "M", "P" or "O" */
  const char* metric;     /* e.g. "M2" */
  const char* status;     /* "ok", "insufficient_data", "missing_source" */
  const char* explanation;
  double numerator, denominator, raw_value, normalized;
  double weight; /* relative weight within the dimension; 0 counts as 1 */
  double confidence;
  int64_t n;
  /* ABI 1.3 */
  const char* partner_connection; /* partner scope: the connection of that partner row */
  const char* partner_key; /* partner scope: the cross-source partner key ("domain:acme.com") */
  const tempo_evidence* evidence; /* evidence_count records, stride evidence[0].struct_size */
  uint32_t evidence_count;
  uint32_t reserved1;
  const char* normalization; /* how raw_value became normalized, e.g. "lin(0, 0.234)", or NULL */
} tempo_metric;

/* What the host gives score(): read-only access to one consistent snapshot of the store. */
typedef struct tempo_store_reader {
  uint32_t struct_size;
  /* Runs one read-only SQL statement (see above), binding params[i] to parameter i+1 as text
   * (NULL binds SQL NULL), and calls on_row for each result row. A statement that would write,
   * or that names a bookkeeping table, fails with TEMPO_ERR_INVALID_ARGUMENT and a message. */
  tempo_status (*query)(tempo_ctx* ctx, const char* sql, size_t sql_len, const char* const* params,
                        uint32_t param_count, tempo_row_fn on_row, void* user);
  /* Records a metric row; the host copies it. A row with a value the host does not allow
   * (scope, dimension, status, evidence role or table) fails the call with a message. */
  tempo_status (*emit_metric)(tempo_ctx* ctx, const tempo_metric* metric);
  /* ABI 1.3: the instant the run scores, UTC "YYYY-MM-DDThh:mm:ss.sssZ": now, or the end of the
   * day given to `tempo score --as-of`. Records dated after it did not exist yet for the run. */
  const char* as_of;
  /* ABI 1.3: the start of the trailing window (as_of less the configured window), same format. */
  const char* window_start;
} tempo_store_reader;

/* A scorer's function table. */
typedef struct tempo_scorer_api {
  uint32_t struct_size; /* sizeof(tempo_scorer_api) */
  /* Creates an instance from the scorer's config, validated against the plugin's config_schema
   * with defaults filled in. */
  tempo_status (*open)(tempo_ctx* ctx, const char* config_json, size_t config_len,
                       tempo_instance** out_instance);
  /* Computes the metrics, reading through `store` and emitting each metric row. */
  tempo_status (*score)(tempo_ctx* ctx, tempo_instance* instance, const tempo_store_reader* store);
  void (*close)(tempo_instance* instance);
} tempo_scorer_api;

/* ---------------------------------------------------------------------------------------------
 * The descriptor a plugin returns from its entry function. It and every string and table it
 * points to are owned by the plugin and must stay valid and unchanged while the library is
 * loaded (static storage). The host copies the strings.
 */
typedef struct tempo_plugin_descriptor {
  uint32_t struct_size; /* sizeof(tempo_plugin_descriptor) */
  uint16_t abi_major;   /* TEMPO_ABI_MAJOR the plugin was built with */
  uint16_t abi_minor;   /* TEMPO_ABI_MINOR the plugin was built with */
  uint32_t kind;        /* TEMPO_KIND_* */
  uint32_t reserved0;
  const char* name;          /* unique plugin name: [a-z][a-z0-9_-]* */
  const char* version;       /* the plugin's own semver, e.g. "1.2.0" */
  const char* description;   /* one line */
  const char* config_schema; /* JSON Schema (draft 2020-12 subset) of the connection config */
  const void* api;           /* const tempo_connector_api* or const tempo_scorer_api*, per kind */
} tempo_plugin_descriptor;

/* The entry function's type. `host` stays valid for the life of the process; the plugin may
 * keep it. Returns the descriptor, or NULL if the plugin cannot work with this host. */
typedef const tempo_plugin_descriptor* (*tempo_plugin_entry_fn)(const tempo_host_api* host);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TEMPO_PLUGIN_H_ */
