// Reads the mailchimp streams. Every page is flushed, then checkpointed with a state that
// resumes exactly at the next page (state.h).
//
//   campaigns       GET /campaigns?sort_field=create_time&sort_dir=ASC&since_create_time=..
//   members         GET /lists, then per list (in id order)
//                   GET /lists/{id}/members?sort_field=last_changed&sort_dir=ASC
//                       &since_last_changed=..
//   email_activity  GET /campaigns?status=sent (by create_time), then per campaign
//                   GET /reports/{id}/email-activity
//
// campaigns and members page as keyset passes (keyset_pass.h), so a record changed during the
// read cannot make the read skip another. All requests carry count=page_size and
// exclude_fields=<collection>._links. With OAuth, the first call of an instance asks the
// metadata endpoint for the API endpoint (and so checks the token).
//
// One reader per connector instance; the host calls it from one thread at a time.
#ifndef TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_READER_H_
#define TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_READER_H_

#include <functional>
#include <string>
#include <vector>

#include <simdjson.h>

#include "config.h"
#include "keyset_pass.h"
#include "page.h"
#include "state.h"
#include "tempo/http.hpp"
#include "tempo/plugin.hpp"

namespace tempo::mailchimp {

class Reader {
 public:
  explicit Reader(const Config& config);

  // GET /ping: the API endpoint answers and the credentials are accepted.
  sdk::Status Check(sdk::Context& ctx);
  sdk::Status ReadCampaigns(sdk::Context& ctx, const sdk::ReadRequest& request);
  sdk::Status ReadMembers(sdk::Context& ctx, const sdk::ReadRequest& request);
  sdk::Status ReadEmailActivity(sdk::Context& ctx, const sdk::ReadRequest& request);

 private:
  // Emits (or collects) one record of a pass's page; returns false with a reason to reject it.
  // *id and *ms receive its id and time key.
  using EmitFn = std::function<bool(simdjson::dom::element record, std::string_view* id,
                                    int64_t* ms, std::string* reject)>;

  // The base URL (with OAuth, from the metadata on the first call).
  sdk::Status Resolve(sdk::Context& ctx);
  // GET `url` and parse it as a page of `collection`.
  sdk::Status Fetch(sdk::Context& ctx, const std::string& url, std::string_view collection,
                    const std::string& where);
  // Reads a keyset pass to its end: `url_for` builds a page's URL, `emit` takes its records,
  // `commit` flushes and checkpoints after each page but the last (whose records are flushed).
  sdk::Status RunPass(sdk::Context& ctx, const std::string& label, std::string_view collection,
                      std::string_view key,
                      const std::function<std::string(const PageRequest&)>& url_for, PassRun& run,
                      sdk::RecordBatch& batch, const EmitFn& emit,
                      const std::function<sdk::Status()>& commit);
  // The account's list ids, in id order.
  sdk::Status ListIds(sdk::Context& ctx, std::vector<std::string>* ids);
  std::string Paging(const PageRequest& r) const;

  const Config& config_;
  std::string base_url_;
  bool resolved_ = false;
  sdk::HttpClient http_;
  Page page_;
};

}  // namespace tempo::mailchimp

#endif  // TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_READER_H_
