// The records of the connector's two streams, built from reported overlaps whatever their
// source: `overlaps` gets one `overlap` record per usable row, `partners` one `partner` record
// per partner the rows name.
#ifndef TEMPO_PLUGINS_CONNECTORS_REVEAL_RECORDS_H_
#define TEMPO_PLUGINS_CONNECTORS_REVEAL_RECORDS_H_

#include <set>
#include <string>
#include <string_view>

#include "mapping.h"
#include "status_map.h"
#include "tempo/plugin.hpp"

namespace tempo::reveal {

// The streams a Reveal connection offers.
enum class RevealStream { kPartners, kOverlaps };

// Not thread-safe: one per read().
class RecordMaker {
 public:
  RecordMaker(sdk::Context& ctx, std::string stream_name, RevealStream stream,
              const StatusMap& statuses, sdk::RecordBatch& batch);

  // Adds the record `row` gives the stream to the batch (copying every byte), or says why the
  // row cannot be used: `overlaps` needs an account and a partner, `partners` a partner. A
  // partner this read has emitted already adds nothing. `snapshot_at` is when the provider's
  // data was taken (ISO-8601); `raw` the row's raw JSON (kept with overlaps).
  Unusable Add(const ReportedOverlap& row, std::string_view snapshot_at, std::string_view raw);

 private:
  void AddOverlap(const ReportedOverlap& row, const MappedOverlap& mapped,
                  std::string_view snapshot_at, std::string_view raw);
  // Tells the admin, once per value, that a status is not in the map (stored as `other`).
  void WarnUnknown(std::string_view status);

  sdk::Context& ctx_;
  const std::string stream_name_;
  const RevealStream stream_;
  const StatusMap& statuses_;
  sdk::RecordBatch& batch_;
  MappedOverlap mapped_;                    // per-row scratch
  std::set<std::string> partners_;          // partner keys emitted by this read
  std::set<std::string> unknown_statuses_;  // warned about
};

}  // namespace tempo::reveal

#endif  // TEMPO_PLUGINS_CONNECTORS_REVEAL_RECORDS_H_
