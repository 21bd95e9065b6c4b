// The `crossbeam` connector: Crossbeam's partner API (v1) into the canonical partner,
// population and overlap tables. This file is the plugin's face; the work is in reader.cc
// (paging, checkpoints, the rejected-cursor fallback), paging.cc (cursor logic as pure
// functions), mapping.cc (records to rows), populations.cc (standard populations and their
// precedence), crossbeam_http.cc (the organization header, refusals), the kit's tempo/url.hpp
// (which links may be followed), state.cc and config.cc. README.md explains it for admins; the API
// wire-format notes (section 5) are the format it follows.
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "config.h"
#include "mapping.h"
#include "reader.h"
#include "tempo/catalog.hpp"
#include "tempo/model.h"
#include "tempo/plugin.hpp"

namespace tempo::crossbeam {

using sdk::Context;
using sdk::Status;

// One instance serves one connection; the host calls it from one thread at a time.
class CrossbeamConnector : public sdk::CatalogConnector<CrossbeamConnector> {
 public:
  explicit CrossbeamConnector(Config config)
      : CatalogConnector(Catalog()), config_(std::move(config)), reader_(config_) {}

  // Reads the config and sets the connection's HTTP identity; sends no request (check does).
  static Status Open(Context& ctx, std::string_view config_json,
                     std::unique_ptr<CrossbeamConnector>* out) {
    Config c;
    if (Status s = ReadConfig(config_json, &c); !s.ok()) return s;
    auto connector = std::make_unique<CrossbeamConnector>(std::move(c));
    if (Status s = ctx.HttpConfigure(HttpConfigFor(connector->config_)); !s.ok()) return s;
    *out = std::move(connector);
    return Status::Ok();
  }

  Status Check(Context& ctx) override { return reader_.Check(ctx); }

 private:
  // The streams. Two pairs share an entity, so each declares the rows it owns (ABI 1.4): a
  // full refresh of one never soft-deletes the other's rows.
  static std::vector<Stream> Catalog() {
    constexpr uint32_t kFull = TEMPO_SYNC_FULL_REFRESH;
    constexpr uint32_t kBoth = TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL;
    const std::string prefix(kPartnerPopulationPrefix);
    const std::string key = "crossbeam_record_id,partner_crossbeam_record_id";
    return {
        {"partners", std::string(model::kPartner), "uuid", "", "Crossbeam partners", kFull,
         &CrossbeamConnector::ReadPartners},
        {"populations", std::string(model::kPopulation), "id", "",
         "Our Crossbeam populations and the standard population each is", kFull,
         &CrossbeamConnector::ReadPopulations, TEMPO_OWNS_NOT_PREFIX, "source_id", prefix},
        {"partner_populations", std::string(model::kPopulation), "id", "",
         "The populations partners share with us", kFull,
         &CrossbeamConnector::ReadPartnerPopulations, TEMPO_OWNS_PREFIX, "source_id", prefix},
        {"account_overlaps", std::string(model::kOverlap), key, "",
         "Overlaps with partners' accounts (incremental by Crossbeam's final cursor)", kBoth,
         &CrossbeamConnector::ReadAccountOverlaps, TEMPO_OWNS_EQUAL,
         std::string(model::overlap::kRecordType), std::string(RecordType(OverlapKind::kAccounts))},
        {"lead_overlaps", std::string(model::kOverlap), key, "",
         "Overlaps with partners' leads (incremental by Crossbeam's final cursor)", kBoth,
         &CrossbeamConnector::ReadLeadOverlaps, TEMPO_OWNS_EQUAL,
         std::string(model::overlap::kRecordType), std::string(RecordType(OverlapKind::kLeads))},
    };
  }

  Status ReadPartners(Context& ctx, const Stream& stream, const sdk::ReadRequest& request) {
    return reader_.ReadPartners(ctx, stream.name, request);
  }
  Status ReadPopulations(Context& ctx, const Stream& stream, const sdk::ReadRequest&) {
    return reader_.ReadPopulations(ctx, stream.name, /*partner=*/false);
  }
  Status ReadPartnerPopulations(Context& ctx, const Stream& stream, const sdk::ReadRequest&) {
    return reader_.ReadPopulations(ctx, stream.name, /*partner=*/true);
  }
  Status ReadAccountOverlaps(Context& ctx, const Stream& stream, const sdk::ReadRequest& request) {
    return reader_.ReadOverlaps(ctx, stream.name, OverlapKind::kAccounts, request);
  }
  Status ReadLeadOverlaps(Context& ctx, const Stream& stream, const sdk::ReadRequest& request) {
    return reader_.ReadOverlaps(ctx, stream.name, OverlapKind::kLeads, request);
  }

  Config config_;
  Reader reader_;
};

}  // namespace tempo::crossbeam

TEMPO_CONNECTOR_PLUGIN(tempo::crossbeam::CrossbeamConnector, "crossbeam", "0.1.0",
                       "Reads Crossbeam partners, populations and account and lead overlaps",
                       tempo::crossbeam::ConfigKeys().SchemaText())
