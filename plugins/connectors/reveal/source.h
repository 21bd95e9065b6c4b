// OverlapSource: where a Reveal connection's overlaps come from, behind one interface so that
// the connector's face, its streams and its records do not depend on it. Mode `export` reads
// Reveal's account-mapping CSV exports (export_source.h). An API mode, once Reveal documents an
// API, is a second implementation that turns its pages into the same ReportedOverlap rows and
// hands them to a RecordMaker (records.h).
#ifndef TEMPO_PLUGINS_CONNECTORS_REVEAL_SOURCE_H_
#define TEMPO_PLUGINS_CONNECTORS_REVEAL_SOURCE_H_

#include <string>

#include "records.h"
#include "tempo/plugin.hpp"

namespace tempo::reveal {

class OverlapSource {
 public:
  virtual ~OverlapSource() = default;

  // Verifies that the source can be read as configured, reading as little as it can. Errors
  // say what to fix.
  virtual sdk::Status Check(sdk::Context& ctx) = 0;

  // Reads `stream` (named `stream_name` in the catalog) in request.sync_mode from request.state,
  // emitting its records and checkpointing as the plugin guide's contract asks. OK only when
  // the stream is complete.
  virtual sdk::Status Read(sdk::Context& ctx, const std::string& stream_name, RevealStream stream,
                           const sdk::ReadRequest& request) = 0;
};

}  // namespace tempo::reveal

#endif  // TEMPO_PLUGINS_CONNECTORS_REVEAL_SOURCE_H_
