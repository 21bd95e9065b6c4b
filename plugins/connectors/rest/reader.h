// Reads a manifest's streams: builds each page's request (base_url, the stream's path and
// parameters, the paging parameters, the incremental lower bound, an API key in the query),
// fetches the next page on the prefetch thread while the current one is mapped and emitted,
// rejects the records that cannot be mapped, and checkpoints after every page with the
// position of the next (state.h), so a killed run resumes at the page it was on. An
// incremental read asks for the records changed at or after the cursor the last completed
// read handed on: the instant that read started, less the kit's lag (tempo/cursor.hpp; a
// listing in key order hands on its start, never the newest record it saw), so a record
// changed while a read paged is read again by the next one, never lost; the upsert absorbs
// what the inclusive bound reads twice.
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_READER_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_READER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth.h"
#include "connection_config.h"
#include "manifest.h"
#include "page.h"
#include "tempo/http.hpp"
#include "tempo/plugin.hpp"

namespace tempo::rest {

// One per connector instance; the host calls it from one thread at a time (its prefetch
// thread only makes HTTP calls).
class Reader {
 public:
  // Keeps references: the three outlive the reader.
  Reader(const Manifest& manifest, const ConnectionConfig& config, const HttpIdentity& identity);

  // Reads the first page of the manifest's check stream.
  sdk::Status Check(sdk::Context& ctx);
  sdk::Status Read(sdk::Context& ctx, const StreamSpec& stream, const sdk::ReadRequest& request);

 private:
  // The page size `stream` asks for (0: none).
  sdk::Status PageSize(const StreamSpec& stream, int64_t* size) const;
  // The URL of the page at `position` of a read with lower bound `lower_ms` (-1: none).
  std::string PageUrl(const StreamSpec& stream, int64_t size, int64_t lower_ms,
                      std::string_view position) const;
  // The stream's extra headers, those whose config keys are set.
  std::vector<std::pair<std::string, std::string>> Headers(const StreamSpec& stream) const;

  const Manifest& manifest_;
  const ConnectionConfig& config_;
  const HttpIdentity& identity_;  // its query parameter (auth type query) goes on every URL
  sdk::HttpClient http_;
  Page page_;
};

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_READER_H_
