// The tempo_host_api callbacks. Each is a noexcept trampoline: nothing thrown on the host side
// may unwind into plugin code.
#include "plugin/host_api.h"

#include "common/log.h"
#include "common/plugin_status.h"

namespace tempo::plugin {
namespace {

void SetError(tempo_ctx* ctx, tempo_status code, const char* msg, size_t len) noexcept {
  try {
    ctx->error_code = code;
    ctx->error = log::Redact(std::string_view(msg ? msg : "", msg ? len : 0));
  } catch (...) {
  }
}

void Log(tempo_ctx* ctx, int32_t level, const char* msg, size_t len) noexcept {
  try {
    std::string line = "[" + ctx->plugin_name + "] " + std::string(msg ? msg : "", msg ? len : 0);
    log::Level lvl = level <= TEMPO_LOG_DEBUG  ? log::Level::kDebug
                     : level == TEMPO_LOG_INFO ? log::Level::kInfo
                     : level == TEMPO_LOG_WARN ? log::Level::kWarn
                                               : log::Level::kError;
    log::Write(lvl, line);
  } catch (...) {
  }
}

int32_t IsCancelled(tempo_ctx* ctx) noexcept {
  return ctx->cancel != nullptr && ctx->cancel->load(std::memory_order_relaxed) ? 1 : 0;
}

tempo_status Emit(tempo_ctx* ctx, const tempo_record_batch* batch) noexcept {
  try {
    if (ctx->sink == nullptr || batch == nullptr) return TEMPO_ERR_INVALID_ARGUMENT;
    if (ctx->cancel != nullptr && ctx->cancel->load(std::memory_order_relaxed)) {
      return TEMPO_ERR_CANCELLED;
    }
    return ctx->sink->OnEmit(*batch);
  } catch (...) {
    return TEMPO_ERR_INTERNAL;
  }
}

tempo_status Checkpoint(tempo_ctx* ctx, const char* stream, size_t stream_len, const char* state,
                        size_t state_len) noexcept {
  try {
    if (ctx->sink == nullptr) return TEMPO_ERR_INVALID_ARGUMENT;
    return ctx->sink->OnCheckpoint(std::string_view(stream ? stream : "", stream ? stream_len : 0),
                                   std::string_view(state ? state : "", state ? state_len : 0));
  } catch (...) {
    return TEMPO_ERR_INTERNAL;
  }
}

void Reject(tempo_ctx* ctx, const char* reason, size_t len) noexcept {
  try {
    if (ctx->sink != nullptr) {
      ctx->sink->OnReject(std::string_view(reason ? reason : "", reason ? len : 0));
    }
  } catch (...) {
  }
}

void RejectRecord(tempo_ctx* ctx, const tempo_reject* reject) noexcept {
  try {
    if (ctx->sink == nullptr || reject == nullptr ||
        reject->struct_size < TEMPO_SIZE_THROUGH(tempo_reject, raw_record_len)) {
      return;
    }
    auto view = [](const char* p, size_t n) { return std::string_view(p ? p : "", p ? n : 0); };
    ctx->sink->OnRejectRecord(view(reject->reason, reject->reason_len),
                              view(reject->source_id, reject->source_id_len),
                              view(reject->raw_record, reject->raw_record_len));
  } catch (...) {
  }
}

tempo_status NoHttp(tempo_ctx* ctx) {
  SetError(ctx, TEMPO_ERR_INTERNAL, "HTTP is not available in this call", 34);
  return TEMPO_ERR_INTERNAL;
}

tempo_status HttpConfigure(tempo_ctx* ctx, const tempo_http_config* config) noexcept {
  try {
    if (ctx->http == nullptr) return NoHttp(ctx);
    if (config == nullptr ||
        config->struct_size < TEMPO_SIZE_THROUGH(tempo_http_config, header_value)) {
      SetError(ctx, TEMPO_ERR_INVALID_ARGUMENT, "http_configure: config struct too small", 39);
      return TEMPO_ERR_INVALID_ARGUMENT;
    }
    return ctx->http->Configure(*ctx, *config);
  } catch (...) {
    return TEMPO_ERR_INTERNAL;
  }
}

tempo_status HttpRequest(tempo_ctx* ctx, const tempo_http_request* request,
                         tempo_http_response* response) noexcept {
  try {
    if (ctx->http == nullptr) return NoHttp(ctx);
    if (request == nullptr || response == nullptr ||
        request->struct_size < TEMPO_SIZE_THROUGH(tempo_http_request, flags) ||
        response->struct_size < TEMPO_SIZE_THROUGH(tempo_http_response, attempts)) {
      SetError(ctx, TEMPO_ERR_INVALID_ARGUMENT, "http_request: struct too small", 30);
      return TEMPO_ERR_INVALID_ARGUMENT;
    }
    return ctx->http->Request(*ctx, *request, response);
  } catch (...) {
    return TEMPO_ERR_INTERNAL;
  }
}

tempo_status HttpAuthField(tempo_ctx* ctx, const char* name, const char** value,
                           size_t* value_len) noexcept {
  try {
    if (ctx->http == nullptr) return NoHttp(ctx);
    if (name == nullptr || value == nullptr || value_len == nullptr) {
      return TEMPO_ERR_INVALID_ARGUMENT;
    }
    return ctx->http->AuthField(*ctx, name, value, value_len);
  } catch (...) {
    return TEMPO_ERR_INTERNAL;
  }
}

const tempo_host_api kHostApi = {
    sizeof(tempo_host_api), TEMPO_ABI_MAJOR, TEMPO_ABI_MINOR, &SetError, &Log,
    &IsCancelled,           &Emit,           &Checkpoint,     &Reject,   &HttpConfigure,
    &HttpRequest,           &HttpAuthField,  &RejectRecord};

}  // namespace

const tempo_host_api* HostApi() { return &kHostApi; }

Status CallResult(const tempo_ctx& ctx, tempo_status rc, std::string_view what) {
  if (rc == TEMPO_OK) return Status::Ok();
  if (rc == TEMPO_ERR_SKIPPED) {  // not a failure: the plugin's reason, as it gave it
    return Status(StatusCode::kSkipped, ctx.error.empty() ? "skipped by the plugin" : ctx.error);
  }
  if (rc == TEMPO_ERR_RESTART_FULL_REFRESH) {  // a request to the engine, with the plugin's why
    return Status(StatusCode::kRestartFullRefresh,
                  ctx.error.empty() ? "the source rejected the saved position" : ctx.error);
  }
  std::string message = std::string(what) + " failed: ";
  message += ctx.error.empty()
                 ? "plugin returned status " + std::to_string(rc) + " without a message"
                 : ctx.error;
  return Status(StatusCodeFor(rc), std::move(message));
}

}  // namespace tempo::plugin
