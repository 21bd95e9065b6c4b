// tempo/testing/fake_host.hpp: an in-process stand-in for the host, so a connector's Open(),
// Check() and Read() can be unit-tested in milliseconds, without a process, a store or a
// server. It records what the plugin emits and commits records with their checkpoint the way
// the real host does (records since the last accepted checkpoint are lost when a checkpoint
// fails: a simulated kill), and answers HTTP requests from a handler the test sets.
//
//   tempo::sdk::testing::FakeHost host;
//   host.http = [](const FakeHttpRequest& r) { return FakeHttpResponse{200, R"({"results":[]})"};
//   }; tempo::sdk::Context ctx(host.ctx()); std::unique_ptr<MyConnector> c;
//   REQUIRE(MyConnector::Open(ctx, R"({"token":"t"})", &c).ok());
//   REQUIRE(c->Read(ctx, {"accounts", TEMPO_SYNC_INCREMENTAL, ""}).ok());
//   CHECK(host.Row("account", "42").fields.at("name") == "s:Acme");
//
// HTTP: the handler's response comes back as it is, after the request's classify hook: a
// response classified RETRY or RATE_LIMITED is asked again (up to `http_attempts` times),
// QUOTA ends the call with TEMPO_ERR_QUOTA, and exhausted retries with TEMPO_ERR_UNAVAILABLE;
// by default 2xx succeed and 429/5xx retry, as the host does (without waiting). Installs itself
// as the SDK's host table for its lifetime: one at a time, one thread at a time (a plugin's
// prefetch thread may make its HTTP calls; the handler is called under a lock). Part of the
// connector kit, for tests only.
#ifndef TEMPO_TESTING_FAKE_HOST_HPP_
#define TEMPO_TESTING_FAKE_HOST_HPP_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tempo/plugin.hpp"

namespace tempo::sdk::testing {

// One record as the host received it; field values as "s:text", "i:42", "r:1.5", "b:1", "null".
struct ReceivedRecord {
  std::string entity;
  std::string source_id;
  bool deleted = false;
  std::string updated_at;  // "" when none
  std::map<std::string, std::string> fields;
  std::string raw;
};

// A record the plugin rejected with reject_record (ABI 1.6).
struct ReceivedReject {
  std::string reason;
  std::string source_id;   // "" when none was given
  std::string raw_record;  // "" when none was given
};

struct FakeHttpRequest {
  std::string method, url, body;
  std::vector<std::pair<std::string, std::string>> headers;

  // The first header called `name` (exact case), or "".
  std::string Header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) return v;
    }
    return "";
  }
};

struct FakeHttpResponse {
  int32_t status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

class FakeHost {
 public:
  FakeHost() {
    api_.struct_size = sizeof(api_);
    api_.abi_major = TEMPO_ABI_MAJOR;
    api_.abi_minor = TEMPO_ABI_MINOR;
    api_.set_error = &SetError;
    api_.log = &Log;
    api_.is_cancelled = &IsCancelled;
    api_.emit = &Emit;
    api_.checkpoint = &Checkpoint;
    api_.reject = &Reject;
    api_.http_configure = &HttpConfigure;
    api_.http_request = &HttpRequest;
    api_.http_auth_field = &HttpAuthField;
    api_.reject_record = &RejectRecord;
    previous_ = g_host;
    g_host = &api_;
  }
  ~FakeHost() { g_host = previous_; }
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;

  const tempo_host_api* api() const { return &api_; }
  tempo_ctx* ctx() { return reinterpret_cast<tempo_ctx*>(this); }

  // Knobs.
  int fail_checkpoint_number = 0;  // refuse the n-th checkpoint (1-based) of the host's life
  bool cancel = false;
  std::function<FakeHttpResponse(const FakeHttpRequest&)> http;  // unset: requests fail
  int http_attempts = 3;
  std::map<std::string, std::string> auth_fields;  // http_auth_field's answers

  // What the host saw.
  std::vector<ReceivedRecord> pending;              // emitted since the last commit
  std::map<std::string, ReceivedRecord> committed;  // the store, upserted by source id
  // The store by (entity, source id), for connectors that write several entities.
  std::map<std::pair<std::string, std::string>, ReceivedRecord> rows;
  std::string committed_state;               // the last accepted checkpoint's state
  std::vector<std::string> states;           // every accepted checkpoint's state
  std::vector<std::string> streams;          // the stream of each accepted checkpoint
  size_t emitted = 0;                        // records emitted, committed or not
  int checkpoints = 0;                       // checkpoint calls, accepted or not
  std::vector<std::string> rejects;          // every reject's reason (reject and reject_record)
  std::vector<ReceivedReject> kept_rejects;  // those of reject_record, with id and record
  std::vector<std::string> logs;
  std::string error;
  std::vector<FakeHttpRequest> requests;  // every request sent, in order
  int http_configured = 0;
  std::string rate_limit_key;  // of the last http_configure
  int32_t auth_kind = 0;

  // Forgets what a previous run emitted but did not commit (as a restarted host would).
  void Restart() { pending.clear(); }

  // The committed row of `entity` with `source_id`; fails the test (throws) when absent.
  const ReceivedRecord& Row(const std::string& entity, const std::string& source_id) const {
    return rows.at({entity, source_id});
  }
  // The number of committed rows of `entity`.
  size_t Count(std::string_view entity) const {
    size_t n = 0;
    for (const auto& [key, record] : rows) n += key.first == entity ? 1 : 0;
    return n;
  }

 private:
  static FakeHost& Of(tempo_ctx* ctx) { return *reinterpret_cast<FakeHost*>(ctx); }

  static void SetError(tempo_ctx* ctx, tempo_status, const char* msg, size_t len) {
    Of(ctx).error.assign(msg, len);
  }
  static void Log(tempo_ctx* ctx, int32_t, const char* msg, size_t len) {
    std::lock_guard<std::mutex> lock(Of(ctx).mu_);
    Of(ctx).logs.emplace_back(msg, len);
  }
  static int32_t IsCancelled(tempo_ctx* ctx) { return Of(ctx).cancel ? 1 : 0; }
  static void Reject(tempo_ctx* ctx, const char* reason, size_t len) {
    Of(ctx).rejects.emplace_back(reason, len);
  }
  static void RejectRecord(tempo_ctx* ctx, const tempo_reject* reject) {
    auto text = [](const char* p, size_t n) { return p ? std::string(p, n) : std::string(); };
    Of(ctx).rejects.push_back(text(reject->reason, reject->reason_len));
    Of(ctx).kept_rejects.push_back({text(reject->reason, reject->reason_len),
                                    text(reject->source_id, reject->source_id_len),
                                    text(reject->raw_record, reject->raw_record_len)});
  }
  static tempo_status Emit(tempo_ctx* ctx, const tempo_record_batch* batch) {
    FakeHost& host = Of(ctx);
    for (uint32_t i = 0; i < batch->count; ++i) {
      const tempo_record& r = batch->records[i];
      ReceivedRecord record;
      record.entity.assign(r.entity, r.entity_len);
      record.source_id.assign(r.source_id, r.source_id_len);
      record.deleted = r.op == TEMPO_OP_DELETE;
      if (r.updated_at) record.updated_at.assign(r.updated_at, r.updated_at_len);
      if (r.raw_json) record.raw.assign(r.raw_json, r.raw_json_len);
      for (uint32_t f = 0; f < r.field_count; ++f) {
        const tempo_field& field = r.fields[f];
        std::string value;
        switch (field.type) {
          case TEMPO_VALUE_STRING:
            value = "s:" + std::string(field.str, field.str_len);
            break;
          case TEMPO_VALUE_INT:
            value = "i:" + std::to_string(field.int_value);
            break;
          case TEMPO_VALUE_REAL:
            value = "r:" + std::to_string(field.real_value);
            break;
          case TEMPO_VALUE_BOOL:
            value = "b:" + std::to_string(field.int_value);
            break;
          default:
            value = "null";
        }
        record.fields[std::string(field.name, field.name_len)] = value;
      }
      host.pending.push_back(std::move(record));
      ++host.emitted;
    }
    return TEMPO_OK;
  }
  static tempo_status Checkpoint(tempo_ctx* ctx, const char* stream, size_t stream_len,
                                 const char* state, size_t state_len) {
    FakeHost& host = Of(ctx);
    if (++host.checkpoints == host.fail_checkpoint_number) {
      host.pending.clear();  // the kill: this page never reaches the store
      return TEMPO_ERR_INTERNAL;
    }
    for (ReceivedRecord& record : host.pending) {
      // An upsert: columns a record does not carry keep their value (as in the store).
      ReceivedRecord& row = host.rows[{record.entity, record.source_id}];
      std::map<std::string, std::string> fields = std::move(row.fields);
      for (auto& [k, v] : record.fields) fields[k] = v;
      row = record;
      row.fields = std::move(fields);
      host.committed[record.source_id] = row;
    }
    host.pending.clear();
    host.committed_state.assign(state, state_len);
    host.states.push_back(host.committed_state);
    host.streams.emplace_back(stream, stream_len);
    return TEMPO_OK;
  }
  static tempo_status HttpConfigure(tempo_ctx* ctx, const tempo_http_config* config) {
    FakeHost& host = Of(ctx);
    ++host.http_configured;
    host.rate_limit_key = config->rate_limit_key ? config->rate_limit_key : "";
    host.auth_kind = config->auth_kind;
    return TEMPO_OK;
  }
  static tempo_status HttpRequest(tempo_ctx* ctx, const tempo_http_request* request,
                                  tempo_http_response* response) {
    FakeHost& host = Of(ctx);
    std::lock_guard<std::mutex> lock(host.mu_);
    if (!host.http) {
      host.error = "the fake host has no HTTP handler";
      return TEMPO_ERR_UNAVAILABLE;
    }
    FakeHttpRequest r;
    r.method = request->method ? request->method : "GET";
    r.url.assign(request->url, request->url_len);
    if (request->body) r.body.assign(request->body, request->body_len);
    const auto* base = reinterpret_cast<const char*>(request->headers);
    for (uint32_t i = 0; i < request->header_count; ++i) {
      const auto& h =
          *reinterpret_cast<const tempo_http_header*>(base + i * request->headers[0].struct_size);
      r.headers.emplace_back(std::string(h.name, h.name_len), std::string(h.value, h.value_len));
    }
    for (int attempt = 1;; ++attempt) {
      host.requests.push_back(r);
      host.last_ = host.http(r);
      host.header_views_.clear();
      for (const auto& [k, v] : host.last_.headers) {
        tempo_http_header h{};
        h.struct_size = sizeof h;
        h.name = k.data();
        h.name_len = k.size();
        h.value = v.data();
        h.value_len = v.size();
        host.header_views_.push_back(h);
      }
      *response = tempo_http_response{};
      response->struct_size = sizeof *response;
      response->status = host.last_.status;
      response->body = host.last_.body.data();
      response->body_len = host.last_.body.size();
      response->attempts = static_cast<uint32_t>(attempt);
      response->headers = host.header_views_.empty() ? nullptr : host.header_views_.data();
      response->header_count = static_cast<uint32_t>(host.header_views_.size());
      int32_t kind = request->classify ? request->classify(request->classify_user, response)
                                       : TEMPO_HTTP_DEFAULT;
      if (kind == TEMPO_HTTP_DEFAULT) {
        const int32_t s = host.last_.status;
        kind = s >= 200 && s < 300                 ? TEMPO_HTTP_SUCCESS
               : s == 429                          ? TEMPO_HTTP_RATE_LIMITED
               : s == 408 || (s >= 500 && s < 600) ? TEMPO_HTTP_RETRY
                                                   : TEMPO_HTTP_FAIL;
      }
      if (kind == TEMPO_HTTP_SUCCESS || kind == TEMPO_HTTP_FAIL) return TEMPO_OK;
      if (kind == TEMPO_HTTP_QUOTA) {
        host.error =
            "the provider's quota is spent (HTTP " + std::to_string(host.last_.status) + ")";
        return TEMPO_ERR_QUOTA;
      }
      if (kind == TEMPO_HTTP_AUTH_EXPIRED && attempt == 1) continue;
      if (kind == TEMPO_HTTP_AUTH_EXPIRED) {
        host.error = "authentication failed after a refresh";
        return TEMPO_ERR_PERMISSION;
      }
      if (attempt >= host.http_attempts) {
        host.error = "gave up after " + std::to_string(attempt) + " attempts (HTTP " +
                     std::to_string(host.last_.status) + ")";
        return TEMPO_ERR_UNAVAILABLE;
      }
    }
  }
  static tempo_status HttpAuthField(tempo_ctx* ctx, const char* name, const char** value,
                                    size_t* len) {
    FakeHost& host = Of(ctx);
    auto it = host.auth_fields.find(name);
    if (it == host.auth_fields.end()) return TEMPO_ERR_NOT_FOUND;
    *value = it->second.c_str();
    *len = it->second.size();
    return TEMPO_OK;
  }

  tempo_host_api api_{};
  const tempo_host_api* previous_ = nullptr;
  std::mutex mu_;
  FakeHttpResponse last_;
  std::vector<tempo_http_header> header_views_;
};

}  // namespace tempo::sdk::testing

#endif  // TEMPO_TESTING_FAKE_HOST_HPP_
