// The `reveal` connector: Reveal (reveal.co) account mappings into the canonical `partner` and
// `overlap` tables. This file is the plugin's face: the Connector class the SDK calls and the
// export macro. Where the overlaps come from is an OverlapSource (source.h): the account-mapping
// CSV exports today (export_source.cc). README.md explains it for admins.
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "config.h"
#include "export_source.h"
#include "records.h"
#include "source.h"
#include "tempo/catalog.hpp"
#include "tempo/model.h"
#include "tempo/plugin.hpp"

namespace tempo::reveal {

using sdk::Context;
using sdk::Status;

// One instance serves one connection; the host calls it from one thread at a time.
class RevealConnector : public sdk::CatalogConnector<RevealConnector> {
 public:
  explicit RevealConnector(std::unique_ptr<OverlapSource> source)
      : CatalogConnector({
            {"partners", std::string(model::kPartner), "partner_key", "",
             "One partner per company the account mappings name (keyed by domain, else name)",
             TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL, &RevealConnector::ReadPartners},
            {"overlaps", std::string(model::kOverlap), "overlap_key", "",
             "One overlap per account-mapping row: our account, the partner, both populations",
             TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL, &RevealConnector::ReadOverlaps},
        }),
        source_(std::move(source)) {}

  // Reads and checks the config; touches no file (check() does).
  static Status Open(Context& /*ctx*/, std::string_view config_json,
                     std::unique_ptr<RevealConnector>* out) {
    Config config;
    if (Status s = ReadConfig(config_json, &config); !s.ok()) return s;
    std::unique_ptr<OverlapSource> source;
    switch (config.source) {
      case Mode::kExport:
        source = std::make_unique<ExportSource>(std::move(config));
        break;
    }
    *out = std::make_unique<RevealConnector>(std::move(source));
    return Status::Ok();
  }

  Status Check(Context& ctx) override { return source_->Check(ctx); }

 private:
  Status ReadPartners(Context& ctx, const Stream& stream, const sdk::ReadRequest& request) {
    return source_->Read(ctx, stream.name, RevealStream::kPartners, request);
  }
  Status ReadOverlaps(Context& ctx, const Stream& stream, const sdk::ReadRequest& request) {
    return source_->Read(ctx, stream.name, RevealStream::kOverlaps, request);
  }

  std::unique_ptr<OverlapSource> source_;
};

}  // namespace tempo::reveal

TEMPO_CONNECTOR_PLUGIN(tempo::reveal::RevealConnector, "reveal", "0.1.0",
                       "Reveal account-mapping exports (CSV) into partner and overlap",
                       tempo::reveal::ConfigKeys().SchemaText())
