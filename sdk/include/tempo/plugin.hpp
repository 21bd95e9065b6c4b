// tempo/plugin.hpp: header-only C++ helpers for writing Tempo plugins.
//
// An author writes one class and one export macro; everything that crosses the ABI is handled
// here with noexcept trampolines that catch every exception and report it through the host's
// set_error. Nothing in this header is part of the ABI: only tempo/plugin.h is.
//
// Example:
//
//   class HelloConnector : public tempo::sdk::Connector {
//    public:
//     static tempo::sdk::Status Open(tempo::sdk::Context& ctx, std::string_view config_json,
//                                    std::unique_ptr<HelloConnector>* out);
//     tempo::sdk::Status Check(tempo::sdk::Context& ctx) override;
//     tempo::sdk::Status Discover(tempo::sdk::Context& ctx,
//                                 std::vector<tempo::sdk::StreamInfo>* streams) override;
//     tempo::sdk::Status Read(tempo::sdk::Context& ctx,
//                             const tempo::sdk::ReadRequest& request) override;
//   };
//   TEMPO_CONNECTOR_PLUGIN(HelloConnector, "hello", "1.0.0", "Says hello", R"({"type":"object"})")
//
// Inside Read(), build records with a RecordBatch and checkpoint at page boundaries:
//
//   tempo::sdk::RecordBatch batch(ctx);
//   batch.Begin("account", id).Str("name", name).Str("domain", domain);
//   if (auto s = batch.Flush(); !s.ok()) return s;
//   if (auto s = ctx.Checkpoint(request.stream, state_json); !s.ok()) return s;
#ifndef TEMPO_PLUGIN_HPP_
#define TEMPO_PLUGIN_HPP_

#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "tempo/plugin.h"

namespace tempo::sdk {

// The host API table given to this plugin's entry function (one per plugin library: the
// plugin is built with hidden visibility, so this variable is private to it).
inline const tempo_host_api* g_host = nullptr;

//===------------------------------------------------------------------------------------===//
// Status
//===------------------------------------------------------------------------------------===//

// A status code plus one clear sentence. Cheap to return; ok() is the common case.
class Status {
 public:
  Status() = default;
  Status(tempo_status code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) {
    return {TEMPO_ERR_INVALID_ARGUMENT, std::move(m)};
  }
  static Status Unavailable(std::string m) { return {TEMPO_ERR_UNAVAILABLE, std::move(m)}; }
  static Status Permission(std::string m) { return {TEMPO_ERR_PERMISSION, std::move(m)}; }
  static Status Internal(std::string m) { return {TEMPO_ERR_INTERNAL, std::move(m)}; }
  static Status Cancelled(std::string m) { return {TEMPO_ERR_CANCELLED, std::move(m)}; }
  static Status Data(std::string m) { return {TEMPO_ERR_DATA, std::move(m)}; }
  static Status Quota(std::string m) { return {TEMPO_ERR_QUOTA, std::move(m)}; }
  static Status NotFound(std::string m) { return {TEMPO_ERR_NOT_FOUND, std::move(m)}; }
  // From Read(): the stream is not available at this source; `m` says why (TEMPO_ERR_SKIPPED).
  static Status Skipped(std::string m) { return {TEMPO_ERR_SKIPPED, std::move(m)}; }
  // From Read(): the source rejected the saved position; the host restarts the stream as a
  // full refresh in this run; `m` says what was rejected (TEMPO_ERR_RESTART_FULL_REFRESH).
  static Status RestartFullRefresh(std::string m) {
    return {TEMPO_ERR_RESTART_FULL_REFRESH, std::move(m)};
  }

  bool ok() const { return code_ == TEMPO_OK; }
  tempo_status code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  tempo_status code_ = TEMPO_OK;
  std::string message_;
};

//===------------------------------------------------------------------------------------===//
// HTTP
//===------------------------------------------------------------------------------------===//

// A response from Context::Http. Views into host memory, valid until the next Http call with
// the same Context or the end of the plugin call.
struct HttpResponse {
  int32_t status = 0;
  std::string_view body;
  uint32_t attempts = 0;
  const tempo_http_header* headers = nullptr;
  uint32_t header_count = 0;

  // The first header called `name` (case-insensitive), or "".
  std::string_view Header(std::string_view name) const {
    if (header_count == 0) return {};
    const auto* base = reinterpret_cast<const char*>(headers);
    size_t stride = headers[0].struct_size;
    for (uint32_t i = 0; i < header_count; ++i) {
      const auto& h = *reinterpret_cast<const tempo_http_header*>(base + i * stride);
      if (h.name_len != name.size()) continue;
      bool same = true;
      for (size_t k = 0; k < name.size() && same; ++k) {
        char a = h.name[k], b = name[k];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
        same = a == b;
      }
      if (same) return {h.value, h.value_len};
    }
    return {};
  }
};

// Options of one request beyond method, URL and body.
struct HttpOptions {
  std::vector<std::pair<std::string, std::string>> headers;
  tempo_http_classify_fn classify = nullptr;  // provider quirks; see tempo_http_classify_fn
  void* classify_user = nullptr;
  uint32_t flags = 0;  // TEMPO_HTTP_FLAG_*
};

//===------------------------------------------------------------------------------------===//
// Context: the host services available during one call
//===------------------------------------------------------------------------------------===//

class Context {
 public:
  explicit Context(tempo_ctx* ctx) : ctx_(ctx) {}

  void Log(int32_t level, std::string_view message) const {
    g_host->log(ctx_, level, message.data(), message.size());
  }
  void Info(std::string_view message) const { Log(TEMPO_LOG_INFO, message); }
  void Warn(std::string_view message) const { Log(TEMPO_LOG_WARN, message); }

  // True when the host asked the current call to stop; return Status::Cancelled then.
  bool Cancelled() const { return g_host->is_cancelled(ctx_) != 0; }

  // Commits-to-be: every record emitted so far for `stream` is covered by `state_json`.
  Status Checkpoint(std::string_view stream, std::string_view state_json) const {
    tempo_status s = g_host->checkpoint(ctx_, stream.data(), stream.size(), state_json.data(),
                                        state_json.size());
    if (s == TEMPO_OK) return Status::Ok();
    return Status(s, "the host refused the checkpoint");
  }

  // Counts one source record that could not be decoded; `reason` says where and why. The host
  // keeps the reason; nothing can be replayed (the source must change).
  void Reject(std::string_view reason) const { g_host->reject(ctx_, reason.data(), reason.size()); }

  // Rejects a source record that was decoded but cannot be mapped (no id, an id of the wrong
  // kind): the host keeps it with its id ("" when unknown) and `raw_record`, the text the
  // record's raw_json would have been, so that Remap() can map it again after a config fix
  // (`tempo rejects CONN --replay`). On a host before ABI 1.6 only the reason is kept.
  void RejectRecord(std::string_view reason, std::string_view source_id,
                    std::string_view raw_record) const {
    if (!TEMPO_HAS_FIELD(g_host, tempo_host_api, reject_record) ||
        g_host->reject_record == nullptr) {
      Reject(reason);
      return;
    }
    tempo_reject r{};
    r.struct_size = sizeof(tempo_reject);
    r.reason = reason.data();
    r.reason_len = reason.size();
    r.source_id = source_id.empty() ? nullptr : source_id.data();
    r.source_id_len = source_id.size();
    r.raw_record = raw_record.empty() ? nullptr : raw_record.data();
    r.raw_record_len = raw_record.size();
    g_host->reject_record(ctx_, &r);
  }

  // Sets the connection's HTTP identity (auth and rate budget); call it from Open.
  Status HttpConfigure(const tempo_http_config& config) const {
    tempo_status s = g_host->http_configure(ctx_, &config);
    return s == TEMPO_OK ? Status::Ok() : Status(s, "the host refused the HTTP configuration");
  }

  // Sends a request through the host's HTTP service. A non-ok Status means the request could
  // not get a usable response (the host already recorded why); a response with any status
  // code, including 4xx, comes back ok: check response->status.
  Status Http(const char* method, std::string_view url, std::string_view body,
              const HttpOptions& options, HttpResponse* response) const {
    std::vector<tempo_http_header> headers;
    headers.reserve(options.headers.size());
    for (const auto& [name, value] : options.headers) {
      tempo_http_header h{};
      h.struct_size = sizeof(tempo_http_header);
      h.name = name.data();
      h.name_len = name.size();
      h.value = value.data();
      h.value_len = value.size();
      headers.push_back(h);
    }
    tempo_http_request req{};
    req.struct_size = sizeof(tempo_http_request);
    req.method = method;
    req.url = url.data();
    req.url_len = url.size();
    req.headers = headers.empty() ? nullptr : headers.data();
    req.header_count = static_cast<uint32_t>(headers.size());
    req.body = body.empty() ? nullptr : body.data();
    req.body_len = body.size();
    req.classify = options.classify;
    req.classify_user = options.classify_user;
    req.flags = options.flags;
    tempo_http_response resp{};
    resp.struct_size = sizeof(tempo_http_response);
    tempo_status s = g_host->http_request(ctx_, &req, &resp);
    if (s != TEMPO_OK) return Status(s, "");  // the host has set the call's error already
    response->status = resp.status;
    response->body = std::string_view(resp.body ? resp.body : "", resp.body ? resp.body_len : 0);
    response->attempts = resp.attempts;
    response->headers = resp.headers;
    response->header_count = resp.header_count;
    return Status::Ok();
  }

  // A field of the last OAuth2 token response (e.g. "instance_url"), or "" when absent.
  std::string AuthField(const char* name) const {
    std::string value;
    return AuthField(name, &value).ok() ? value : std::string();
  }

  // The same, with the reason when there is no value. The host fetches a token first when it
  // has none, so this can fail like a request: pass a non-ok Status on as is (for every code
  // but TEMPO_ERR_NOT_FOUND the host has set the call's error already).
  Status AuthField(const char* name, std::string* value) const {
    const char* data = nullptr;
    size_t len = 0;
    tempo_status s = g_host->http_auth_field(ctx_, name, &data, &len);
    if (s == TEMPO_OK && data != nullptr) {
      value->assign(data, len);
      return Status::Ok();
    }
    if (s == TEMPO_OK || s == TEMPO_ERR_NOT_FOUND) {
      return Status::NotFound(std::string("the OAuth token response has no field '") + name + "'");
    }
    return Status(s, "");
  }

  tempo_ctx* raw() const { return ctx_; }

 private:
  tempo_ctx* ctx_;
};

//===------------------------------------------------------------------------------------===//
// RecordBatch: builds records whose values point into plugin memory, then emits them
//===------------------------------------------------------------------------------------===//

// Collects records and hands them to the host in one emit call. Str() and Raw() borrow the
// caller's bytes, which must stay valid until the next Flush(); StrCopy() and Copy() copy into
// the batch's own arena, valid until the next Flush(). Call Flush() at least once per page,
// before the page's checkpoint; the batch never flushes on its own (so a view returned by
// Copy() can never be freed under the caller). `expected` only sizes the buffers.
class RecordBatch {
 public:
  explicit RecordBatch(Context& ctx, size_t expected = 1000) : ctx_(ctx) {
    records_.reserve(expected);
    field_start_.reserve(expected);
  }
  RecordBatch(const RecordBatch&) = delete;
  RecordBatch& operator=(const RecordBatch&) = delete;

  // Starts a record of `entity` (a canonical table) with the source's id.
  RecordBatch& Begin(std::string_view entity, std::string_view source_id) {
    tempo_record r{};
    r.struct_size = sizeof(tempo_record);
    r.op = TEMPO_OP_UPSERT;
    r.entity = entity.data();
    r.entity_len = entity.size();
    r.source_id = source_id.data();
    r.source_id_len = source_id.size();
    r.field_count = 0;
    records_.push_back(r);
    field_start_.push_back(fields_.size());
    return *this;
  }
  RecordBatch& UpdatedAt(std::string_view ts) {
    records_.back().updated_at = ts.data();
    records_.back().updated_at_len = ts.size();
    return *this;
  }
  RecordBatch& Raw(std::string_view json) {
    records_.back().raw_json = json.data();
    records_.back().raw_json_len = json.size();
    return *this;
  }
  RecordBatch& Deleted() {
    records_.back().op = TEMPO_OP_DELETE;
    return *this;
  }
  RecordBatch& Str(std::string_view name, std::string_view value) {
    tempo_field& f = Add(name, TEMPO_VALUE_STRING);
    f.str = value.data();
    f.str_len = value.size();
    return *this;
  }
  RecordBatch& StrCopy(std::string_view name, std::string_view value) {
    return Str(name, Copy(value));
  }
  RecordBatch& Int(std::string_view name, int64_t value) {
    Add(name, TEMPO_VALUE_INT).int_value = value;
    return *this;
  }
  RecordBatch& Real(std::string_view name, double value) {
    Add(name, TEMPO_VALUE_REAL).real_value = value;
    return *this;
  }
  RecordBatch& Bool(std::string_view name, bool value) {
    Add(name, TEMPO_VALUE_BOOL).int_value = value ? 1 : 0;
    return *this;
  }
  RecordBatch& Null(std::string_view name) {
    Add(name, TEMPO_VALUE_NULL);
    return *this;
  }

  // Copies bytes into the batch's arena; the view stays valid until the next Flush().
  std::string_view Copy(std::string_view value) {
    if (arena_.empty() || arena_used_ + value.size() > kArenaBlock) {
      size_t size = value.size() > kArenaBlock ? value.size() : kArenaBlock;
      arena_.push_back(std::make_unique<char[]>(size));
      arena_used_ = 0;
    }
    char* dst = arena_.back().get() + arena_used_;
    if (!value.empty()) std::memcpy(dst, value.data(), value.size());
    arena_used_ += value.size();
    return {dst, value.size()};
  }

  size_t size() const { return records_.size(); }

  // Emits the collected records to the host and clears the batch.
  Status Flush() {
    if (records_.empty()) return Status::Ok();
    for (size_t i = 0; i < records_.size(); ++i) {
      records_[i].fields = fields_.data() + field_start_[i];
    }
    tempo_record_batch batch{};
    batch.struct_size = sizeof(tempo_record_batch);
    batch.count = static_cast<uint32_t>(records_.size());
    batch.records = records_.data();
    tempo_status s = g_host->emit(ctx_.raw(), &batch);
    records_.clear();
    fields_.clear();
    field_start_.clear();
    if (arena_.size() > 1) arena_.erase(arena_.begin(), arena_.end() - 1);
    arena_used_ = 0;
    if (s == TEMPO_OK) return Status::Ok();
    if (s == TEMPO_ERR_CANCELLED) return Status::Cancelled("cancelled by the host");
    return Status(s, "the host refused the records");
  }

 private:
  static constexpr size_t kArenaBlock = 64 * 1024;

  tempo_field& Add(std::string_view name, int32_t type) {
    tempo_field f{};
    f.struct_size = sizeof(tempo_field);
    f.type = type;
    f.name = name.data();
    f.name_len = name.size();
    fields_.push_back(f);
    records_.back().field_count++;
    return fields_.back();
  }

  Context& ctx_;
  std::vector<tempo_record> records_;
  std::vector<tempo_field> fields_;
  std::vector<size_t> field_start_;
  std::vector<std::unique_ptr<char[]>> arena_;
  size_t arena_used_ = 0;
};

//===------------------------------------------------------------------------------------===//
// JSON text helpers (for state and raw records; parse input with simdjson)
//===------------------------------------------------------------------------------------===//

// Appends `value` to `out` as a JSON string literal, quotes included.
inline void AppendJsonString(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (unsigned char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xf]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

//===------------------------------------------------------------------------------------===//
// Connector base class
//===------------------------------------------------------------------------------------===//

// One stream of the catalog, in C++ form.
struct StreamInfo {
  std::string name;
  std::string entity;
  std::string primary_key;
  std::string cursor_field;  // empty: none
  std::string description;
  uint32_t sync_modes = TEMPO_SYNC_FULL_REFRESH;
  // The rows of `entity` the stream owns, when several streams write one entity
  // (tempo_stream_info.owns): TEMPO_OWNS_ALL, or TEMPO_OWNS_EQUAL / _PREFIX / _NOT_PREFIX with
  // a column of the entity (or "source_id") and the value it is compared with.
  uint32_t owns = TEMPO_OWNS_ALL;
  std::string owns_column = {};  // `= {}`: aggregate initializers may leave these out
  std::string owns_value = {};
};

// What a connector offers for one config, for a connector whose keys and streams depend on the
// config (ABI 1.5, tempo_connector_spec): define `static Status Spec(Context&, std::string_view
// config_json, ConnectorSpec* out)` in the connector class and the export macro publishes it.
struct ConnectorSpec {
  std::string config_schema;  // JSON Schema of the whole config
  std::string description;    // one line, or ""
  std::vector<StreamInfo> streams;
};

struct ReadRequest {
  std::string_view stream;
  int32_t sync_mode;       // TEMPO_SYNC_FULL_REFRESH or TEMPO_SYNC_INCREMENTAL
  std::string_view state;  // last committed state, "" when starting over
};

// A kept source record to map again (tempo_connector_api.remap).
struct RemapRequest {
  std::string_view stream;
  std::string_view raw_record;  // a record's raw_json or a reject's raw_record, as this
                                // connector gave it for `stream`
};

// Base class of a connector instance. One instance serves one connection; the host calls it
// from one thread at a time.
class Connector {
 public:
  virtual ~Connector() = default;
  virtual Status Check(Context& ctx) = 0;
  virtual Status Discover(Context& ctx, std::vector<StreamInfo>* streams) = 0;
  virtual Status Read(Context& ctx, const ReadRequest& request) = 0;

  // Optional (ABI 1.6): maps one kept source record again through the current config, as
  // Read() would, emitting its records with a RecordBatch (Flush, no Checkpoint) and
  // rejecting with ctx.RejectRecord what still cannot be mapped. No I/O against the source,
  // no incremental filter. NotFound for an unknown stream. A connector that overrides it
  // offers `tempo rejects --replay`; one that does not exports no remap at all.
  virtual Status Remap(Context& /*ctx*/, const RemapRequest& /*request*/) {
    return Status::Internal("this connector cannot map a record again");
  }
};

namespace internal {

// Records a failed Status as the call's error. An empty message keeps the error the host
// already set (for example when a host HTTP call failed and the plugin passes its status on).
inline tempo_status Report(tempo_ctx* ctx, const Status& s) {
  if (!s.ok() && !s.message().empty()) {
    g_host->set_error(ctx, s.code(), s.message().data(), s.message().size());
  }
  return s.code();
}

inline tempo_status ReportException(tempo_ctx* ctx) {
  try {
    throw;
  } catch (const std::exception& e) {
    return Report(ctx, Status::Internal(std::string("plugin error: ") + e.what()));
  } catch (...) {
    return Report(ctx, Status::Internal("plugin error: unknown exception"));
  }
}

// A C catalog over `streams` (which must outlive it and stay unchanged).
inline std::vector<tempo_stream_info> StreamInfos(const std::vector<StreamInfo>& streams) {
  std::vector<tempo_stream_info> infos;
  for (const StreamInfo& si : streams) {
    tempo_stream_info info{};
    info.struct_size = sizeof(tempo_stream_info);
    info.sync_modes = si.sync_modes;
    info.name = si.name.c_str();
    info.entity = si.entity.c_str();
    info.primary_key = si.primary_key.c_str();
    info.cursor_field = si.cursor_field.empty() ? nullptr : si.cursor_field.c_str();
    info.description = si.description.empty() ? nullptr : si.description.c_str();
    info.owns = si.owns;
    info.owns_column = si.owns == TEMPO_OWNS_ALL ? nullptr : si.owns_column.c_str();
    info.owns_value = si.owns == TEMPO_OWNS_ALL ? nullptr : si.owns_value.c_str();
    infos.push_back(info);
  }
  return infos;
}

// Owns the C++ connector and the C catalog that discover() hands out.
struct ConnectorBox {
  std::unique_ptr<Connector> connector;
  std::vector<StreamInfo> streams;
  std::vector<tempo_stream_info> infos;
  tempo_catalog catalog{};
};

// One answer of spec(), in C form, kept for the life of the library.
struct SpecBox {
  ConnectorSpec spec;
  std::vector<tempo_stream_info> infos;
  tempo_catalog catalog{};
  tempo_connector_spec c{};
};

// Every distinct spec() answer of a plugin library, never freed (the host may keep pointers to
// them for the life of the process), guarded by its mutex.
struct SpecCache {
  std::mutex mutex;
  std::vector<std::unique_ptr<SpecBox>> boxes;
};

inline bool SameSpec(const ConnectorSpec& a, const ConnectorSpec& b) {
  if (a.config_schema != b.config_schema || a.description != b.description ||
      a.streams.size() != b.streams.size()) {
    return false;
  }
  for (size_t i = 0; i < a.streams.size(); ++i) {
    const StreamInfo &x = a.streams[i], &y = b.streams[i];
    if (x.name != y.name || x.entity != y.entity || x.primary_key != y.primary_key ||
        x.cursor_field != y.cursor_field || x.description != y.description ||
        x.sync_modes != y.sync_modes || x.owns != y.owns || x.owns_column != y.owns_column ||
        x.owns_value != y.owns_value) {
      return false;
    }
  }
  return true;
}

// The kept C form of `spec`: an equal earlier answer, or a new one.
inline const tempo_connector_spec* KeepSpec(ConnectorSpec spec) {
  static SpecCache* cache = new SpecCache();  // never destroyed: the host holds pointers into it
  std::lock_guard<std::mutex> lock(cache->mutex);
  for (const auto& box : cache->boxes) {
    if (SameSpec(box->spec, spec)) return &box->c;
  }
  auto box = std::make_unique<SpecBox>();
  box->spec = std::move(spec);
  box->infos = StreamInfos(box->spec.streams);
  box->catalog.struct_size = sizeof(tempo_catalog);
  box->catalog.stream_count = static_cast<uint32_t>(box->infos.size());
  box->catalog.streams = box->infos.empty() ? nullptr : box->infos.data();
  box->c.struct_size = sizeof(tempo_connector_spec);
  box->c.config_schema = box->spec.config_schema.c_str();
  box->c.description = box->spec.description.empty() ? nullptr : box->spec.description.c_str();
  box->c.catalog = &box->catalog;
  cache->boxes.push_back(std::move(box));
  return &cache->boxes.back()->c;
}

// True when T declares `static Status Spec(Context&, std::string_view, ConnectorSpec*)`.
template <class T, class = void>
struct HasSpec : std::false_type {};
template <class T>
struct HasSpec<T, std::void_t<decltype(T::Spec(std::declval<Context&>(), std::string_view(),
                                               static_cast<ConnectorSpec*>(nullptr)))>>
    : std::true_type {};

template <class T>
struct ConnectorTrampolines {
  static tempo_status Open(tempo_ctx* ctx, const char* config, size_t len,
                           tempo_instance** out) noexcept {
    try {
      Context c(ctx);
      std::unique_ptr<T> connector;
      Status s = T::Open(c, std::string_view(config, len), &connector);
      if (!s.ok()) return Report(ctx, s);
      if (!connector) return Report(ctx, Status::Internal("Open returned no connector"));
      auto box = std::make_unique<ConnectorBox>();
      box->connector = std::move(connector);
      *out = reinterpret_cast<tempo_instance*>(box.release());
      return TEMPO_OK;
    } catch (...) {
      return ReportException(ctx);
    }
  }
  static tempo_status Check(tempo_ctx* ctx, tempo_instance* inst) noexcept {
    try {
      Context c(ctx);
      return Report(ctx, reinterpret_cast<ConnectorBox*>(inst)->connector->Check(c));
    } catch (...) {
      return ReportException(ctx);
    }
  }
  static tempo_status Discover(tempo_ctx* ctx, tempo_instance* inst,
                               const tempo_catalog** out) noexcept {
    try {
      Context c(ctx);
      auto* box = reinterpret_cast<ConnectorBox*>(inst);
      std::vector<StreamInfo> streams;
      Status s = box->connector->Discover(c, &streams);
      if (!s.ok()) return Report(ctx, s);
      box->streams = std::move(streams);
      box->infos = StreamInfos(box->streams);
      box->catalog.struct_size = sizeof(tempo_catalog);
      box->catalog.stream_count = static_cast<uint32_t>(box->infos.size());
      box->catalog.streams = box->infos.data();
      *out = &box->catalog;
      return TEMPO_OK;
    } catch (...) {
      return ReportException(ctx);
    }
  }
  static tempo_status Read(tempo_ctx* ctx, tempo_instance* inst, const char* stream,
                           size_t stream_len, int32_t mode, const char* state,
                           size_t state_len) noexcept {
    try {
      Context c(ctx);
      ReadRequest request{std::string_view(stream, stream_len), mode,
                          std::string_view(state ? state : "", state ? state_len : 0)};
      return Report(ctx, reinterpret_cast<ConnectorBox*>(inst)->connector->Read(c, request));
    } catch (...) {
      return ReportException(ctx);
    }
  }
  static tempo_status Remap(tempo_ctx* ctx, tempo_instance* inst, const char* stream,
                            size_t stream_len, const char* raw, size_t raw_len) noexcept {
    try {
      Context c(ctx);
      RemapRequest request{std::string_view(stream ? stream : "", stream ? stream_len : 0),
                           std::string_view(raw ? raw : "", raw ? raw_len : 0)};
      return Report(ctx, reinterpret_cast<ConnectorBox*>(inst)->connector->Remap(c, request));
    } catch (...) {
      return ReportException(ctx);
    }
  }
  // The remap entry of T's function table: null unless T overrides Connector::Remap (then
  // &T::Remap is a member of T, not of Connector).
  static constexpr auto RemapEntry() {
    using BaseRemap = Status (Connector::*)(Context&, const RemapRequest&);
    if constexpr (std::is_same_v<decltype(&T::Remap), BaseRemap>) {
      return static_cast<decltype(&Remap)>(nullptr);
    } else {
      return &Remap;
    }
  }
  static void Close(tempo_instance* inst) noexcept {
    try {
      delete reinterpret_cast<ConnectorBox*>(inst);
    } catch (...) {
    }
  }
  static tempo_status Spec(tempo_ctx* ctx, const char* config, size_t len,
                           const tempo_connector_spec** out) noexcept {
    try {
      Context c(ctx);
      ConnectorSpec spec;
      Status s = T::Spec(c, std::string_view(config ? config : "", config ? len : 0), &spec);
      if (!s.ok()) return Report(ctx, s);
      *out = KeepSpec(std::move(spec));
      return TEMPO_OK;
    } catch (...) {
      return ReportException(ctx);
    }
  }
};

// The spec() entry of connector T: its trampoline when T declares Spec, else NULL.
using SpecFn = tempo_status (*)(tempo_ctx*, const char*, size_t, const tempo_connector_spec**);
template <class T>
constexpr SpecFn SpecFunction() {
  if constexpr (HasSpec<T>::value) {
    return &ConnectorTrampolines<T>::Spec;
  } else {
    return nullptr;
  }
}

// True when the host speaks this header's ABI major and offers every function it uses.
inline bool HostCompatible(const tempo_host_api* host) {
  return host != nullptr && host->abi_major == TEMPO_ABI_MAJOR &&
         TEMPO_HAS_FIELD(host, tempo_host_api, http_auth_field);
}

}  // namespace internal
}  // namespace tempo::sdk

#if defined(__GNUC__)
#define TEMPO_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))
#else
#define TEMPO_PLUGIN_EXPORT extern "C"
#endif

// Exports a connector class T as this library's plugin. T derives from tempo::sdk::Connector
// and has `static Status Open(Context&, std::string_view config_json, std::unique_ptr<T>*)`.
// NAME, VERSION, DESCRIPTION and SCHEMA are string literals (SCHEMA: JSON Schema text).
#define TEMPO_CONNECTOR_PLUGIN(T, NAME, VERSION, DESCRIPTION, SCHEMA)                \
  namespace {                                                                        \
  const tempo_connector_api kTempoConnectorApi = {                                   \
      sizeof(tempo_connector_api),                                                   \
      &::tempo::sdk::internal::ConnectorTrampolines<T>::Open,                        \
      &::tempo::sdk::internal::ConnectorTrampolines<T>::Check,                       \
      &::tempo::sdk::internal::ConnectorTrampolines<T>::Discover,                    \
      &::tempo::sdk::internal::ConnectorTrampolines<T>::Read,                        \
      &::tempo::sdk::internal::ConnectorTrampolines<T>::Close,                       \
      ::tempo::sdk::internal::SpecFunction<T>(),                                     \
      ::tempo::sdk::internal::ConnectorTrampolines<T>::RemapEntry()};                \
  const tempo_plugin_descriptor kTempoDescriptor = {sizeof(tempo_plugin_descriptor), \
                                                    TEMPO_ABI_MAJOR,                 \
                                                    TEMPO_ABI_MINOR,                 \
                                                    TEMPO_KIND_CONNECTOR,            \
                                                    0,                               \
                                                    NAME,                            \
                                                    VERSION,                         \
                                                    DESCRIPTION,                     \
                                                    SCHEMA,                          \
                                                    &kTempoConnectorApi};            \
  }                                                                                  \
  TEMPO_PLUGIN_EXPORT const tempo_plugin_descriptor* tempo_plugin_entry_v1(          \
      const tempo_host_api* host) {                                                  \
    if (!::tempo::sdk::internal::HostCompatible(host)) return nullptr;               \
    ::tempo::sdk::g_host = host;                                                     \
    return &kTempoDescriptor;                                                        \
  }

#endif  // TEMPO_PLUGIN_HPP_
