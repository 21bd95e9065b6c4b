// From one row of an account mapping, as Reveal reports it, to what Tempo stores: the stable
// keys of the account, the partner and the overlap, and the populations on each side. Pure
// functions, independent of where the row came from (an export today; an API page could fill
// the same ReportedOverlap). README.md ("Records") documents the keys.
#ifndef TEMPO_PLUGINS_CONNECTORS_REVEAL_MAPPING_H_
#define TEMPO_PLUGINS_CONNECTORS_REVEAL_MAPPING_H_

#include <string>
#include <string_view>

#include "status_map.h"

namespace tempo::reveal {

// One overlap as the provider reports it: our account (with its id in our CRM, when the
// provider gives it) with its status and open opportunity on our side, the partner, and the
// account's status and open opportunity on the partner's side. Each field is the source's text
// ("" when the source has none); views valid for one call.
struct ReportedOverlap {
  std::string_view account_name, account_domain, account_crm_id;
  std::string_view our_status, open_opportunity;
  std::string_view partner_name, partner_domain;
  std::string_view partner_status, partner_open_opportunity;
};

// What a reported overlap becomes.
struct MappedOverlap {
  std::string account_key;  // see EntityKey
  std::string partner_key;  // the `partner` row's source_id, and the overlap's partner_source_id
  std::string overlap_id;   // the `overlap` row's source_id, see OverlapId
  Population ours, theirs;
};

// A company name as compared in keys: surrounding blanks dropped, runs of blanks (spaces, tabs,
// line breaks) as one space, A-Z as a-z. Other bytes (accents, non-Latin scripts) are kept.
std::string NormalizeName(std::string_view name);

// The stable key of a company: its normalized domain (sdk::NormalizeDomain, as the store keeps
// it) when it has one, else "name:" and its normalized name; "" when it has neither. '%' and
// '|' are written "%25" and "%7C", so a key never holds the separator of an overlap id.
std::string EntityKey(std::string_view name, std::string_view domain);

// The overlap's source_id: "<account key>|<partner key>|<our population>|<partner population>"
// (a population with no value is empty), as docs/store-schema.md asks: one row per (partner,
// account, our population, partner population).
std::string OverlapId(std::string_view account_key, std::string_view partner_key,
                      std::string_view ours, std::string_view theirs);

// Why a reported row cannot be an overlap.
enum class Unusable {
  kNo,         // it can
  kNoAccount,  // neither the account's name nor its domain
  kNoPartner,  // neither the partner's name nor its domain
};

// Fills *out from `row`, or says why the row cannot be an overlap.
Unusable MapOverlap(const ReportedOverlap& row, const StatusMap& statuses, MappedOverlap* out);

}  // namespace tempo::reveal

#endif  // TEMPO_PLUGINS_CONNECTORS_REVEAL_MAPPING_H_
