// synthetic: a connector that generates `records` leads of 15 fields in pages, for tests and
// benchmarks of the sync engine. Deterministic: record i always has the same values.
//
// Fault knobs (all optional): fail_after_pages (return an error after that many pages; with
// fail_stream, only in the stream of that name),
// abort_after_pages (abort() the process), fail_before_checkpoint (emit that page, then fail
// before checkpointing it), reject_every (every Nth record carries a value of
// the wrong type: the host rejects it), reject_rows_every (every Nth record, offset by half,
// is rejected by the plugin itself with its id and raw record, ABI 1.6), skip_from (records
// with index >= skip_from are not emitted: a shrunk
// source for full-refresh delete tests), sleep_ms_per_page.
// Process-level faults for the daemon's tests, each after that many checkpointed pages:
// segfault_after_pages (a real SIGSEGV), exit_after_pages (_exit(0) mid-stream),
// hang_after_pages (sleep forever, ignoring the host's cancel request), quota_after_pages
// (a quota error: the run is deferred).
// Streams sharing one entity (ABI 1.4): partner_leads (true) adds a stream `partner_leads` of
// the same records with ids "P:L..." that owns the leads whose source_id starts with "P:"
// (TEMPO_OWNS_PREFIX), and `leads` then owns the others (TEMPO_OWNS_NOT_PREFIX);
// owns_column names another column to choose them by (a catalog the host must refuse).
// A rejected saved position (ABI 1.4): reject_saved_state (true) makes a read that is given a
// non-empty state return TEMPO_ERR_RESTART_FULL_REFRESH before it emits anything;
// reject_any_state makes every read return it.
//
// A mapping mistake (issue 14): entity (default "lead") names the entity of the stream and its
// records, so a misspelt one is rejected by the host. Remap (ABI 1.6) maps a kept raw record
// again exactly as a read maps record i (its id tells i), under the current entity.
//
// State: {"next": i} = the index of the next record to emit.
#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <unistd.h>

#include "tempo/plugin.hpp"

namespace {

using tempo::sdk::Context;
using tempo::sdk::ReadRequest;
using tempo::sdk::Status;
using tempo::sdk::StreamInfo;

constexpr const char* kSchema = R"({
  "type": "object",
  "properties": {
    "records": {"type": "integer", "minimum": 0, "default": 1000},
    "page_size": {"type": "integer", "minimum": 1, "default": 100},
    "fail_after_pages": {"type": "integer", "default": -1},
    "fail_stream": {"type": "string", "default": ""},
    "abort_after_pages": {"type": "integer", "default": -1},
    "segfault_after_pages": {"type": "integer", "default": -1},
    "exit_after_pages": {"type": "integer", "default": -1},
    "hang_after_pages": {"type": "integer", "default": -1},
    "quota_after_pages": {"type": "integer", "default": -1},
    "fail_before_checkpoint": {"type": "integer", "default": -1},
    "reject_every": {"type": "integer", "minimum": 0, "default": 0},
    "reject_rows_every": {"type": "integer", "minimum": 0, "default": 0},
    "skip_from": {"type": "integer", "default": -1},
    "sleep_ms_per_page": {"type": "integer", "minimum": 0, "default": 0},
    "raw": {"type": "boolean", "default": true},
    "partner_leads": {"type": "boolean", "default": false},
    "owns_column": {"type": "string", "default": "source_id"},
    "entity": {"type": "string", "default": "lead"},
    "reject_saved_state": {"type": "boolean", "default": false},
    "reject_any_state": {"type": "boolean", "default": false}
  },
  "additionalProperties": false
})";

int64_t GetInt(simdjson::ondemand::object& obj, const char* key, int64_t fallback) {
  int64_t v = 0;
  if (obj[key].get_int64().get(v) == simdjson::SUCCESS) return v;
  return fallback;
}

class SyntheticConnector : public tempo::sdk::Connector {
 public:
  static Status Open(Context&, std::string_view config, std::unique_ptr<SyntheticConnector>* out) {
    auto c = std::make_unique<SyntheticConnector>();
    simdjson::ondemand::parser parser;
    simdjson::padded_string json(config);
    simdjson::ondemand::document doc;
    simdjson::ondemand::object obj;
    if (parser.iterate(json).get(doc) || doc.get_object().get(obj)) {
      return Status::InvalidArgument("config is not a JSON object");
    }
    c->records_ = GetInt(obj, "records", 1000);
    c->page_size_ = GetInt(obj, "page_size", 100);
    c->fail_after_pages_ = GetInt(obj, "fail_after_pages", -1);
    c->abort_after_pages_ = GetInt(obj, "abort_after_pages", -1);
    c->segfault_after_pages_ = GetInt(obj, "segfault_after_pages", -1);
    c->exit_after_pages_ = GetInt(obj, "exit_after_pages", -1);
    c->hang_after_pages_ = GetInt(obj, "hang_after_pages", -1);
    c->quota_after_pages_ = GetInt(obj, "quota_after_pages", -1);
    c->fail_before_checkpoint_ = GetInt(obj, "fail_before_checkpoint", -1);
    c->reject_every_ = GetInt(obj, "reject_every", 0);
    c->reject_rows_every_ = GetInt(obj, "reject_rows_every", 0);
    c->skip_from_ = GetInt(obj, "skip_from", -1);
    c->sleep_ms_ = GetInt(obj, "sleep_ms_per_page", 0);
    bool raw = true;
    if (obj["raw"].get_bool().get(raw) == simdjson::SUCCESS) c->raw_ = raw;
    bool flag = false;
    if (obj["partner_leads"].get_bool().get(flag) == simdjson::SUCCESS) c->partner_leads_ = flag;
    if (obj["reject_saved_state"].get_bool().get(flag) == simdjson::SUCCESS) {
      c->reject_saved_state_ = flag;
    }
    if (obj["reject_any_state"].get_bool().get(flag) == simdjson::SUCCESS) {
      c->reject_any_state_ = flag;
    }
    std::string_view fail_stream;
    if (obj["fail_stream"].get_string().get(fail_stream) == simdjson::SUCCESS) {
      c->fail_stream_ = std::string(fail_stream);
    }
    std::string_view column;
    if (obj["owns_column"].get_string().get(column) == simdjson::SUCCESS) {
      c->owns_column_ = std::string(column);
    }
    std::string_view entity;
    if (obj["entity"].get_string().get(entity) == simdjson::SUCCESS) {
      c->entity_ = std::string(entity);
    }
    *out = std::move(c);
    return Status::Ok();
  }

  Status Check(Context&) override { return Status::Ok(); }

  Status Discover(Context&, std::vector<StreamInfo>* streams) override {
    streams->push_back({"leads", entity_, "id", "updated_at", "generated leads",
                        TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL});
    if (partner_leads_) {
      streams->back().owns = TEMPO_OWNS_NOT_PREFIX;
      streams->back().owns_column = owns_column_;
      streams->back().owns_value = "P:";
      StreamInfo partner = streams->back();
      partner.name = "partner_leads";
      partner.owns = TEMPO_OWNS_PREFIX;
      streams->push_back(partner);
    }
    return Status::Ok();
  }

  // A kept record of `leads` or `partner_leads` mapped again: record i as a read makes it.
  Status Remap(Context& ctx, const tempo::sdk::RemapRequest& request) override {
    if (request.stream != "leads" && !(partner_leads_ && request.stream == "partner_leads")) {
      return Status::NotFound("no stream '" + std::string(request.stream) + "'");
    }
    const std::string prefix = request.stream == "partner_leads" ? "P:" : "";
    simdjson::ondemand::parser parser;
    simdjson::padded_string json(request.raw_record);
    simdjson::ondemand::document doc;
    std::string_view id;
    if (parser.iterate(json).get(doc) || doc["id"].get_string().get(id) ||
        id.size() <= prefix.size() + 1) {
      return Status::Data("not a record of this connector");
    }
    const int64_t i = std::atoll(std::string(id.substr(prefix.size() + 1)).c_str());
    page_.assign(1, MakeRecord(i, prefix));
    tempo::sdk::RecordBatch batch(ctx, 1);
    AddRecord(ctx, batch, page_[0], i);
    return batch.Flush();
  }

  Status Read(Context& ctx, const ReadRequest& request) override {
    if (reject_any_state_ || (reject_saved_state_ && !request.state.empty())) {
      return Status::RestartFullRefresh("the source no longer accepts the saved position " +
                                        std::string(request.state));
    }
    const std::string prefix = request.stream == "partner_leads" ? "P:" : "";
    int64_t next = 0;
    if (!request.state.empty()) {
      simdjson::ondemand::parser parser;
      simdjson::padded_string json(request.state);
      simdjson::ondemand::document doc;
      if (parser.iterate(json).get(doc) || doc["next"].get_int64().get(next)) {
        return Status::Data("unreadable state");
      }
    }
    int64_t end = records_;
    if (skip_from_ >= 0 && skip_from_ < end) end = skip_from_;
    tempo::sdk::RecordBatch batch(ctx, static_cast<size_t>(page_size_));
    int64_t pages = 0;
    std::string state;
    while (next < end) {
      if (ctx.Cancelled()) return Status::Cancelled("cancelled");
      int64_t page_end = std::min(end, next + page_size_);
      // Strings must outlive the batch flush: keep one page of formatted values.
      page_.clear();
      page_.reserve(static_cast<size_t>(page_end - next));
      for (int64_t i = next; i < page_end; ++i) page_.push_back(MakeRecord(i, prefix));
      for (int64_t i = next; i < page_end; ++i) {
        AddRecord(ctx, batch, page_[static_cast<size_t>(i - next)], i);
      }
      if (Status s = batch.Flush(); !s.ok()) return s;
      if (fail_before_checkpoint_ >= 0 && pages + 1 == fail_before_checkpoint_) {
        return Status::Data("injected failure before the checkpoint of page " +
                            std::to_string(pages + 1));
      }
      next = page_end;
      state = "{\"next\":" + std::to_string(next) + "}";
      if (Status s = ctx.Checkpoint(request.stream, state); !s.ok()) return s;
      ++pages;
      if (sleep_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms_));
      if (abort_after_pages_ >= 0 && pages >= abort_after_pages_) std::abort();
      if (segfault_after_pages_ >= 0 && pages >= segfault_after_pages_) {
        // The address comes through a volatile so the compiler cannot turn the write into a
        // trap instruction (SIGILL): this is a real SIGSEGV.
        volatile uintptr_t address = 16;
        *reinterpret_cast<volatile int*>(address) = 1;
      }
      if (exit_after_pages_ >= 0 && pages >= exit_after_pages_) _exit(0);
      if (hang_after_pages_ >= 0 && pages >= hang_after_pages_) {
        for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));  // never checks Cancelled
      }
      if (quota_after_pages_ >= 0 && pages >= quota_after_pages_) {
        return Status::Quota("injected quota exhaustion after " + std::to_string(pages) + " pages");
      }
      if (fail_after_pages_ >= 0 && pages >= fail_after_pages_ &&
          (fail_stream_.empty() || fail_stream_ == request.stream)) {
        return Status::Unavailable("injected failure after " + std::to_string(pages) + " pages");
      }
    }
    return Status::Ok();
  }

 private:
  struct PageRecord {
    std::string id, email, company, ts, acct, raw;
  };

  // Record i's values (deterministic).
  static PageRecord MakeRecord(int64_t i, const std::string& prefix) {
    char id[32], email[64], company[64], ts[32], acct[32], raw[512];
    std::snprintf(id, sizeof id, "%sL%08lld", prefix.c_str(), static_cast<long long>(i));
    std::snprintf(email, sizeof email, "person%lld@company%lld.example", static_cast<long long>(i),
                  static_cast<long long>(i % 5000));
    std::snprintf(company, sizeof company, "Company \"%lld\" GmbH",
                  static_cast<long long>(i % 5000));
    std::snprintf(ts, sizeof ts, "2026-%02d-%02dT%02d:%02d:00Z", static_cast<int>(1 + i % 12),
                  static_cast<int>(1 + i % 28), static_cast<int>(i % 24), static_cast<int>(i % 60));
    std::snprintf(acct, sizeof acct, "A%06lld", static_cast<long long>(i % 5000));
    std::snprintf(raw, sizeof raw,
                  "{\"id\":\"%s\",\"email\":\"%s\",\"company\":\"Company \\\"%lld\\\" "
                  "GmbH\",\"updated_at\":\"%s\",\"score\":%lld}",
                  id, email, static_cast<long long>(i % 5000), ts, static_cast<long long>(i % 100));
    return {id, email, company, ts, acct, raw};
  }

  // Adds record i to `batch` (its strings must outlive the flush), or rejects it as the
  // reject knobs say.
  void AddRecord(Context& ctx, tempo::sdk::RecordBatch& batch, const PageRecord& r, int64_t i) {
    if (reject_rows_every_ > 0 && i % reject_rows_every_ == reject_rows_every_ / 2) {
      ctx.RejectRecord("record " + std::to_string(i) + ": injected plugin reject", r.id, r.raw);
      return;
    }
    batch.Begin(entity_, r.id).UpdatedAt(r.ts);
    if (raw_) batch.Raw(r.raw);
    batch.Str("email", r.email).Str("company", r.company).Str("account_source_id", r.acct);
    batch.Str("contact_source_id", r.id).Null("partner_source_id");
    batch.Str("campaign_source_id", "C1").Str("created_at", r.ts);
    batch.Str("lead_source", i % 3 ? "web" : "partner").Str("utm_source", "newsletter");
    batch.Str("mql_at", r.ts).Null("sql_at").Str("first_response_at", r.ts);
    batch.Null("converted_opportunity_source_id").Null("eql_basis");
    if (reject_every_ > 0 && i % reject_every_ == reject_every_ - 1) {
      batch.Real("status", 1.5);  // a number in a text column with no allowed list: fine
      batch.Str("sql_at", "x");   // duplicate field: the host rejects the record
    } else {
      batch.Str("status", "open");
    }
  }

  int64_t records_ = 1000, page_size_ = 100, fail_after_pages_ = -1, abort_after_pages_ = -1;
  int64_t reject_every_ = 0, reject_rows_every_ = 0, skip_from_ = -1, sleep_ms_ = 0;
  int64_t fail_before_checkpoint_ = -1;
  int64_t segfault_after_pages_ = -1, exit_after_pages_ = -1, hang_after_pages_ = -1;
  int64_t quota_after_pages_ = -1;
  bool raw_ = true, partner_leads_ = false, reject_saved_state_ = false, reject_any_state_ = false;
  std::string owns_column_ = "source_id";
  std::string entity_ = "lead";
  std::string fail_stream_;
  std::vector<PageRecord> page_;
};

}  // namespace

TEMPO_CONNECTOR_PLUGIN(SyntheticConnector, "synthetic", "1.0.0",
                       "Generated leads for tests and benchmarks", kSchema)
