// Crossbeam records to canonical rows: partners, populations (ours and partners' shared ones)
// and overlaps (account and lead). The source_ids, column mappings and the tag-to-partner_type
// table are documented in README.md (tests/unit/crossbeam/mapping_test.cc).
//
//   partner     source_id = uuid; name; domain (normalized by the host); partner_type from tags
//   population  source_id = id ("17087") for ours, "partner:<id>" for a partner's shared one;
//               partner_source_id (the item's partner_id when it has one); name; record_type
//               (population_type companies -> account, people -> lead); standard_population
//   overlap     source_id = "<account|lead>:<crossbeam_record_id>:<partner_crossbeam_record_id>";
//               provider crossbeam; partner_source_id = partner_id; partner_name; partner_domain
//               (the partner's, from /v1/partners); account_name = record_name; account_domain =
//               record_website (else record_email); our_population and partner_population (the
//               best of populations / partner_populations, populations.h); snapshot_at;
//               record_type; account_crm_id = record_id; is_deleted true: a soft delete
#ifndef TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_MAPPING_H_
#define TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_MAPPING_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "populations.h"
#include "tempo/plugin.hpp"

namespace tempo::crossbeam {

enum class OverlapKind { kAccounts, kLeads };

// "account" | "lead": the overlap's record_type, and its source_id's prefix.
std::string_view RecordType(OverlapKind kind);
// "accounts" | "leads": the endpoint, /v1/overlaps/<name>.
std::string_view EndpointName(OverlapKind kind);

std::string OverlapSourceId(OverlapKind kind, std::string_view crossbeam_record_id,
                            std::string_view partner_crossbeam_record_id);
inline constexpr std::string_view kPartnerPopulationPrefix = "partner:";
std::string PopulationSourceId(std::string_view id, bool partner);

// The partner_type of a partner's tags: the first tag that names a kind of partnership
// (README.md has the table); "other" when none does.
std::string_view PartnerTypeFromTags(const std::vector<std::string>& labels);

// What mapping an overlap needs beyond the overlap: which standard population each population
// id is, and each partner's domain.
struct Directory {
  PopulationMap ours, partners;
  std::map<std::string, std::string, std::less<>> partner_domain;  // partner uuid -> domain
};

// Each emits one record into `batch` (values are copied or point into the page, which the
// caller flushes before parsing the next); false with *why when the item cannot be mapped.
bool MapPartner(sdk::RecordBatch& batch, simdjson::dom::element item, std::string* why);
bool MapPopulation(sdk::RecordBatch& batch, simdjson::dom::element item, bool partner,
                   std::string* why);
bool MapOverlap(sdk::RecordBatch& batch, simdjson::dom::element item, OverlapKind kind,
                const Directory& directory, std::string_view snapshot_at, std::string* why);

}  // namespace tempo::crossbeam

#endif  // TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_MAPPING_H_
