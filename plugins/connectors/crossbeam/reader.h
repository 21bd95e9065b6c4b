// Reads the crossbeam streams; every page is flushed, then checkpointed with a state that
// resumes at the next one (state.h).
//
//   partners             GET /v1/partners?limit&page           page-number paging, full refresh
//   populations          GET /v1/populations                   full refresh
//   partner_populations  GET /v1/partner-populations           full refresh
//   account_overlaps     GET /v1/overlaps/accounts?limit[&cursor]   cursor paging (paging.h),
//   lead_overlaps        GET /v1/overlaps/leads?limit[&cursor]      incremental by final cursor
//
// An overlap read first loads the directory it maps with (the populations' standard types,
// the partners' domains; once per connector instance, so once per run), then pages, fetching the
// next page on one other thread while the current one is emitted (sdk::Prefetcher). A saved cursor
// the server refuses (a 4xx other than 401, 403 and 429), or one that no longer fits the configured
// organization or page_size, makes the read return Status::RestartFullRefresh: the host reads the
// stream again as a full refresh in the same run and soft-deletes what is gone, so no change is
// silently missed.
//
// One reader per connector instance; the host calls it from one thread at a time.
#ifndef TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_READER_H_
#define TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_READER_H_

#include <string>
#include <string_view>

#include "config.h"
#include "crossbeam_http.h"
#include "list_page.h"
#include "mapping.h"
#include "tempo/plugin.hpp"

namespace tempo::crossbeam {

class Reader {
 public:
  explicit Reader(const Config& config) : config_(config), api_(config) {}

  // GET /v1/users/me when no organization is configured (several: an error naming them), then
  // one partner with the organization header: the credentials, organization and scope work.
  sdk::Status Check(sdk::Context& ctx);

  sdk::Status ReadPartners(sdk::Context& ctx, std::string_view stream,
                           const sdk::ReadRequest& request);
  sdk::Status ReadPopulations(sdk::Context& ctx, std::string_view stream, bool partner);
  sdk::Status ReadOverlaps(sdk::Context& ctx, std::string_view stream, OverlapKind kind,
                           const sdk::ReadRequest& request);

 private:
  // Pages a population list into records (when `batch` is set) and `map` (when set).
  sdk::Status ListPopulations(sdk::Context& ctx, std::string_view stream, bool partner,
                              sdk::RecordBatch* batch, PopulationMap* map);
  // Pages the partners into the directory (records: see ReadPartners).
  sdk::Status LoadDirectory(sdk::Context& ctx, std::string_view stream);

  const Config& config_;
  Api api_;
  ListPage page_;
  Directory directory_;
  bool directory_loaded_ = false;  // the directory was read in full by this instance
};

}  // namespace tempo::crossbeam

#endif  // TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_READER_H_
