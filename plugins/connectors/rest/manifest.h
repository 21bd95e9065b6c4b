// The model of a manifest: what the loader (manifest_loader.h) reads from the YAML and checks,
// and what the reader, the mapping and the connector's face work from. README.md documents
// every key; this file only names them. Plain data, no behavior.
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_MANIFEST_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_MANIFEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "json_path.h"
#include "template.h"

namespace tempo::rest {

inline constexpr int64_t kManifestVersion = 1;  // the format this plugin reads

// A time as a source writes it, and as a request parameter takes it.
enum class TimeFormat { kIso8601, kEpochSeconds, kEpochMillis };

// `auth.type`.
enum class AuthKind {
  kNone,
  kBearer,         // Authorization: Bearer <token>
  kBasic,          // Authorization: Basic base64(username:password)
  kHeader,         // <name>: <value> (an API key in a header, any scheme: "prm-key <key>")
  kQuery,          // ?<name>=<value> on every request (an API key in the query)
  kOAuth2Refresh,  // the host's OAuth2 refresh-token grant
  kOAuth2Client,   // the host's OAuth2 client-credentials grant
};

struct AuthSpec {
  AuthKind kind = AuthKind::kNone;
  Template token;               // bearer
  Template username, password;  // basic
  std::string name;             // header, query: the header or parameter name
  Template value;               // header, query
  Template token_url, client_id, client_secret, refresh_token, scope;  // oauth2
};

// `paging.type`.
enum class PagingKind {
  kNone,        // one request
  kCursor,      // a cursor from the body, sent back as `param`
  kNextLink,    // the next page's URL from the body
  kLinkHeader,  // the next page's URL from the Link header (rel="next")
  kOffset,      // `param` = records skipped so far, `size_param` = page size
  kPage,        // `param` = page number from `start`
  kAfterKey,    // `param` = the key of the last record read ("starting after")
};

// `paging.stop`: when there is no next page.
enum class StopKind {
  kNoNext,      // the cursor or link is absent, null or empty
  kHasMore,     // the flag at `stop_path` is false
  kEmptyPage,   // a page without records
  kShortPage,   // a page with fewer records than the page size
  kTotal,       // offset >= the total at `stop_path`
  kTotalPages,  // page >= the page count at `stop_path`
};

struct PagingSpec {
  PagingKind kind = PagingKind::kNone;
  std::string param;       // cursor, offset, page, after_key: the position's request parameter
  JsonPath cursor;         // cursor: where the next cursor is in the body
  JsonPath next;           // next_link: where the next URL is in the body
  JsonPath key;            // after_key: the field of the last record that continues
  std::string size_param;  // the page size's request parameter ("": none sent)
  Template size;           // the page size ("" when none; an integer once expanded)
  int64_t start = 0;       // page: the first page's number (default 1); offset: 0
  StopKind stop = StopKind::kNoNext;
  JsonPath stop_path;  // has_more, total, total_pages: where the value is in the body
};

struct IncrementalSpec {
  JsonPath field;                            // the record's cursor field ("updated_at")
  TimeFormat format = TimeFormat::kIso8601;  // how records write it
  std::string param;                         // the request parameter: records with field >= it
  TimeFormat param_format = TimeFormat::kIso8601;  // how the parameter is written
};

// How a column's value is made.
enum class ValueType {
  kAsIs,     // the source's JSON type: string, integer, number, boolean
  kString,   // text (numbers as JSON writes them)
  kNumber,   // a real; strings must parse fully
  kInteger,  // an integer; strings must parse fully
  kBoolean,  // true/false (also "true"/"false", 1/0)
  kTime,     // an instant from `time_format`, written as UTC ISO-8601
};

struct ColumnSpec {
  std::string column;
  int line = 0, column_at = 0;                           // where it is in the manifest (1-based)
  JsonPath path;                                         // the source field (or const)
  std::optional<std::string> constant;                   // `const:` instead of a path
  std::vector<std::pair<std::string, std::string>> map;  // source text -> value, before `type`
  std::optional<std::string> map_default;                // for a text the map lacks (else as it is)
  ValueType type = ValueType::kAsIs;
  TimeFormat time_format = TimeFormat::kIso8601;  // type time: how the source writes it
  double scale = 1;                               // type number/integer: multiply by this
};

// One row a record becomes.
struct EmitSpec {
  std::string entity;
  std::vector<JsonPath> id;  // the source id: these values joined with ':' (default: the key)
  JsonPath when;             // emit only when this value is present, not null, "" or false
  std::vector<ColumnSpec> columns;
};

// A time field of a record and how the source writes it.
struct TimeField {
  JsonPath path;
  TimeFormat format = TimeFormat::kIso8601;
};

struct StreamSpec {
  std::string name;
  std::string description;
  std::string path;                                       // appended to base_url: "/partnerships"
  std::vector<std::pair<std::string, Template>> params;   // query parameters, in order
  std::vector<std::pair<std::string, Template>> headers;  // extra request headers
  std::optional<JsonPath> records;  // where the records are ("": the body is the list)
  JsonPath primary_key;             // the record's id field
  PagingSpec paging;
  std::optional<IncrementalSpec> incremental;
  std::optional<TimeField> updated_at;  // the rows' source_updated_at (default: the cursor field)
  std::vector<EmitSpec> emit;           // the first is the stream's entity
};

struct Manifest {
  std::string file;  // as messages name it
  std::string name, title, description, documentation;
  Template base_url;                   // the default; the connection's base_url replaces it
  std::string spec_properties = "{}";  // the `spec:` keys as JSON Schema "properties"
  std::vector<std::string> spec_required;
  std::vector<std::string> secret_keys;  // spec keys marked x-secret
  AuthSpec auth;
  double requests_per_second = 0, burst = 0;  // the provider's documented budget (0: none)
  std::string permission_hint;                // what to check after a 401/403
  std::string check_stream;                   // the stream `tempo check` reads one page of
  std::vector<StreamSpec> streams;
};

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_MANIFEST_H_
