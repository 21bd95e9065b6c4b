// One HTTP attempt over a reused libcurl handle, driven by a multi handle so the idle timeout
// and cancellation are checked while the transfer runs.
#include "http/curl_client.h"

#include <curl/curl.h>

#include <cctype>
#include <chrono>
#include <mutex>

namespace tempo::http {
namespace {

using Clock = std::chrono::steady_clock;

// A response body larger than this is refused (a runaway or hostile server).
constexpr size_t kMaxBodyBytes = size_t{1} << 30;
constexpr int kPollMs = 50;

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct MultiDeleter {
  void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// What the callbacks of one attempt write to.
struct Transfer {
  CurlResponse* response;
  Clock::time_point last_activity;
  bool too_large = false;
};

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * count;
  t->last_activity = Clock::now();
  std::string_view line = TrimSpace(std::string_view(data, len));
  if (line.substr(0, 5) == "HTTP/") {
    t->response->headers.clear();  // a new response: after a redirect or a 100 Continue
  } else if (size_t colon = line.find(':'); colon != std::string_view::npos && colon > 0) {
    t->response->headers.emplace_back(std::string(TrimSpace(line.substr(0, colon))),
                                      std::string(TrimSpace(line.substr(colon + 1))));
  }
  return len;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * count;
  t->last_activity = Clock::now();
  if (t->response->body.size() + len > kMaxBodyBytes) {
    t->too_large = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  t->response->body.append(data, len);
  return len;
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

}  // namespace

struct CurlClient::Handles {
  std::unique_ptr<CURLM, MultiDeleter> multi;  // owns the connection cache: declared first,
  std::unique_ptr<CURL, EasyDeleter> easy;     // destroyed last
};

std::string_view CurlResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return {};
}

CurlClient::CurlClient(const config::HttpSettings& settings)
    : handles_(std::make_unique<Handles>()), settings_(settings) {
  GlobalInit();
  handles_->multi.reset(curl_multi_init());
  handles_->easy.reset(curl_easy_init());
}

CurlClient::~CurlClient() = default;

namespace {

// True when `url`'s host is this machine (127.0.0.0/8, localhost or [::1]).
bool IsLoopback(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return false;
  const std::string_view rest = std::string_view(url).substr(scheme + 3);
  return rest.rfind("127.", 0) == 0 || rest.rfind("localhost", 0) == 0 ||
         rest.rfind("[::1]", 0) == 0;
}

}  // namespace

CurlResponse CurlClient::Perform(const CurlRequest& request, const std::atomic<bool>* cancel) {
  CurlResponse response;
  CURL* easy = handles_->easy.get();
  CURLM* multi = handles_->multi.get();
  if (easy == nullptr || multi == nullptr) {
    response.error = "libcurl could not be initialized";
    return response;
  }
  const Clock::time_point start = Clock::now();
  Transfer transfer{&response, start};
  char error_buffer[CURL_ERROR_SIZE] = {0};
  const std::string url(request.url);
  const std::string method(request.method);

  // Every option is set again on each attempt: a reset handle keeps its live connections.
  curl_easy_reset(easy);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(easy, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  if (!settings_.ca_bundle.empty()) {
    curl_easy_setopt(easy, CURLOPT_CAINFO, settings_.ca_bundle.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(settings_.connect_timeout_s * 1000));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(settings_.timeout_s * 1000));
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "tempo/0.1");
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);

  const bool sends_body =
      !request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  if (method == "GET" && !sends_body) {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  } else if (method == "HEAD") {
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
  } else {
    if (method != "POST") curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (sends_body) {
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.empty() ? "" : request.body.data());
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
    }
  }

  std::unique_ptr<curl_slist, SlistDeleter> header_list;
  auto add_header = [&](const std::string& line) {
    curl_slist* next = curl_slist_append(header_list.get(), line.c_str());
    if (next != nullptr) {
      (void)header_list.release();
      header_list.reset(next);
    }
  };
  if (request.headers != nullptr) {
    for (const std::string& line : *request.headers) add_header(line);
  }
  add_header("Expect:");  // no 100-continue round trip for larger bodies
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, header_list.get());

  CURLcode result = CURLE_OK;
  std::optional<Transport> stopped;  // set when the loop itself ended the attempt
  curl_multi_add_handle(multi, easy);
  curl_off_t last_upload = 0;
  for (;;) {
    int running = 0;
    CURLMcode mc = curl_multi_perform(multi, &running);
    if (mc != CURLM_OK) {
      stopped = Transport::kFatal;
      response.error = curl_multi_strerror(mc);
      break;
    }
    bool done = false;
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
      if (msg->msg == CURLMSG_DONE && msg->easy_handle == easy) {
        result = msg->data.result;
        done = true;
      }
    }
    if (done) break;
    curl_multi_poll(multi, nullptr, 0, kPollMs, nullptr);
    const Clock::time_point now = Clock::now();
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
      stopped = Transport::kCancelled;
      response.error = "cancelled";
      break;
    }
    curl_off_t uploaded = 0;
    curl_easy_getinfo(easy, CURLINFO_SIZE_UPLOAD_T, &uploaded);
    if (uploaded != last_upload) {
      last_upload = uploaded;
      transfer.last_activity = now;
    }
    double idle = std::chrono::duration<double>(now - transfer.last_activity).count();
    if (idle >= settings_.idle_timeout_s) {
      stopped = Transport::kIdle;
      response.error = "no data received for " + Seconds(idle) + " (http.idle_timeout)";
      break;
    }
  }
  curl_multi_remove_handle(multi, easy);  // an unfinished transfer's connection is closed

  response.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  response.status = status;
  curl_off_t downloaded = 0, content_length = -1, connect_us = 0;
  long header_bytes = 0;
  curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &downloaded);
  curl_easy_getinfo(easy, CURLINFO_HEADER_SIZE, &header_bytes);
  curl_easy_getinfo(easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &content_length);
  curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connect_us);
  response.bytes_received = static_cast<int64_t>(downloaded) + header_bytes;
  // The handle must not keep pointers into this frame.
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);

  if (stopped) {
    response.transport = *stopped;
    return response;
  }
  std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(result);
  switch (result) {
    case CURLE_OK:
      response.transport = Transport::kOk;
      if (content_length >= 0 && downloaded < content_length && method != "HEAD" && status != 204 &&
          status != 304) {
        response.transport = Transport::kTruncated;
        response.error = "the body ended after " + std::to_string(downloaded) + " of " +
                         std::to_string(content_length) + " bytes";
      }
      return response;
    case CURLE_OPERATION_TIMEDOUT:
      if (connect_us == 0 && status == 0) {
        response.transport = Transport::kConnect;
        response.error =
            "could not connect within " + Seconds(response.seconds) + " (http.connect_timeout)";
      } else {
        response.transport = Transport::kTimeout;
        response.error =
            "no complete response within " + Seconds(response.seconds) + " (http.timeout)";
      }
      return response;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      response.transport = Transport::kConnect;
      break;
    case CURLE_COULDNT_CONNECT:
      response.transport = Transport::kConnect;
      if (IsLoopback(url)) {
        // A local server that is not running: most often a fake API started by a test or by
        // the demo, which stopped with it.
        detail +=
            "; nothing listens there (a local server that is not running; for the demo's "
            "fake APIs, `make demo-serve` starts them again on the port the demo "
            "config names)";
      }
      break;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      response.transport = Transport::kReset;
      break;
    case CURLE_PARTIAL_FILE:
    case CURLE_BAD_CONTENT_ENCODING:
      response.transport = Transport::kTruncated;
      break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      response.transport = Transport::kTls;
      detail = "TLS: " + detail;
      break;
    case CURLE_WRITE_ERROR:
      response.transport = Transport::kFatal;
      if (transfer.too_large) {
        detail = "the response body is larger than " + std::to_string(kMaxBodyBytes >> 20) + " MiB";
      }
      break;
    default:
      response.transport = Transport::kFatal;
      break;
  }
  response.error = detail;
  return response;
}

}  // namespace tempo::http
