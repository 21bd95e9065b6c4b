// Reads one hubspot stream: a list read (a full refresh, or an incremental stream's first
// read), or the search phase and the archived list of an incremental read. Every page is
// flushed, then checkpointed with a state that resumes exactly at the next page.
//
//   full refresh   GET  /crm/v3/objects/{type}?limit&archived=false&properties[&after]
//   incremental    POST /crm/v3/objects/{type}/search on the modification property, from the
//                  last cursor (search_cursor.h); then GET ...?archived=true, emitted as deletes
//
// One reader per connector instance; the host calls it from one thread at a time (a list read
// fetches its next page on one other thread, sdk::Prefetcher).
#ifndef TEMPO_PLUGINS_CONNECTORS_HUBSPOT_READER_H_
#define TEMPO_PLUGINS_CONNECTORS_HUBSPOT_READER_H_

#include <chrono>
#include <string>

#include "config.h"
#include "currency.h"
#include "mapping.h"
#include "object_types.h"
#include "page.h"
#include "state.h"
#include "tempo/http.hpp"
#include "tempo/plugin.hpp"

namespace tempo::hubspot {

// HubSpot's HTTP conventions: a 429 with the DAILY policy is a spent quota, 530 (a malformed
// token at HubSpot's edge) a refused credential.
extern const sdk::HttpProvider kHubSpotHttp;

class StreamReader {
 public:
  explicit StreamReader(const Config& config)
      : config_(config), http_(kHubSpotHttp), mapper_(config) {}

  // Reads `type` from the state `request` carries to the end, checkpointing every page.
  sdk::Status Read(sdk::Context& ctx, const ObjectType& type, const sdk::ReadRequest& request);

  // GET one list page of contacts: the connection works and the token may read.
  sdk::Status Check(sdk::Context& ctx);

 private:
  sdk::Status ReadList(sdk::Context& ctx, const ObjectType& type, StreamState& state,
                       bool archived);
  sdk::Status ReadSearch(sdk::Context& ctx, const ObjectType& type, StreamState& state);
  sdk::Status FetchDealCompanies(sdk::Context& ctx, const std::string& where,
                                 DealCompaniesMap* companies);
  // The account's company currency and exchange rates (currency.h), read before deals; a
  // token without the settings.currencies.read scope gets a warning and no CRM conversion.
  sdk::Status LoadCurrencies(sdk::Context& ctx);
  sdk::Status Commit(sdk::Context& ctx, sdk::RecordBatch& batch, const ObjectType& type,
                     const StreamState& state);
  void PaceSearch();

  const Config& config_;
  sdk::HttpClient http_;
  Mapper mapper_;
  Page page_;
  bool associations_available_ = true;
  AccountCurrencies currencies_;  // of the deals read now
  std::chrono::steady_clock::time_point next_search_{};
};

}  // namespace tempo::hubspot

#endif  // TEMPO_PLUGINS_CONNECTORS_HUBSPOT_READER_H_
