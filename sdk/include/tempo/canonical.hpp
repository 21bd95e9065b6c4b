// tempo/canonical.hpp: the canonical model as data (every entity, the columns of each, the
// values an enumerated column allows), built from the constants of tempo/model.h. For code
// that checks names it reads at run time rather than compiles in: a manifest's mapping, a
// connection's `entity:` and `columns:`, so they are refused for the names the store would
// refuse every record for. tests/unit/sdk/canonical_test.cc checks it against model.h.
// Part of the connector kit: header-only, C++17.
#ifndef TEMPO_CANONICAL_HPP_
#define TEMPO_CANONICAL_HPP_

#include <iterator>
#include <string_view>
#include <vector>

#include "tempo/model.h"

namespace tempo::canonical {
namespace detail {

template <size_t N>
std::vector<std::string_view> List(const std::string_view (&values)[N]) {
  return {std::begin(values), std::end(values)};
}

struct Table {
  std::string_view entity;
  std::vector<std::string_view> columns;
};

inline const std::vector<Table>& Tables() {
  namespace m = tempo::model;
  static const auto* tables = new std::vector<Table>{
      {m::kPartner, List(m::partner::kColumns)},
      {m::kAccount, List(m::account::kColumns)},
      {m::kContact, List(m::contact::kColumns)},
      {m::kOpportunity, List(m::opportunity::kColumns)},
      {m::kOpportunityPartner, List(m::opportunity_partner::kColumns)},
      {m::kCampaign, List(m::campaign::kColumns)},
      {m::kCampaignMember, List(m::campaign_member::kColumns)},
      {m::kLead, List(m::lead::kColumns)},
      {m::kIntegration, List(m::integration::kColumns)},
      {m::kIntegrationInstall, List(m::integration_install::kColumns)},
      {m::kOverlap, List(m::overlap::kColumns)},
      {m::kPartnerActivity, List(m::partner_activity::kColumns)},
      {m::kPopulation, List(m::population::kColumns)},
  };
  return *tables;
}

struct Enumeration {
  std::string_view entity, column;
  std::vector<std::string_view> values;
};

inline const std::vector<Enumeration>& Enumerations() {
  namespace m = tempo::model;
  static const auto* list = new std::vector<Enumeration>{
      {m::kPartner, m::partner::kPartnerType, List(m::partner::partner_type::kValues)},
      {m::kAccount, m::account::kLifecycle, List(m::account::lifecycle::kValues)},
      {m::kOpportunity, m::opportunity::kOppType, List(m::opportunity::opp_type::kValues)},
      {m::kOpportunityPartner, m::opportunity_partner::kRole,
       List(m::opportunity_partner::role::kValues)},
      {m::kOpportunityPartner, m::opportunity_partner::kAttributionSource,
       List(m::opportunity_partner::attribution_source::kValues)},
      {m::kLead, m::lead::kEqlBasis, List(m::lead::eql_basis::kValues)},
      {m::kIntegration, m::integration::kStatus, List(m::integration::status::kValues)},
      {m::kOverlap, m::overlap::kProvider, List(m::overlap::provider::kValues)},
      {m::kOverlap, m::overlap::kOurPopulation, List(m::overlap::our_population::kValues)},
      {m::kOverlap, m::overlap::kPartnerPopulation, List(m::overlap::partner_population::kValues)},
      {m::kOverlap, m::overlap::kRecordType, List(m::overlap::record_type::kValues)},
      {m::kPartnerActivity, m::partner_activity::kKind, List(m::partner_activity::kind::kValues)},
      {m::kPopulation, m::population::kRecordType, List(m::population::record_type::kValues)},
      {m::kPopulation, m::population::kStandardPopulation,
       List(m::population::standard_population::kValues)},
  };
  return *list;
}

}  // namespace detail

// Every canonical entity, in the store's order.
inline std::vector<std::string_view> Entities() { return detail::List(tempo::model::kEntities); }

// The columns of `entity` (empty for an unknown entity).
inline std::vector<std::string_view> ColumnsOf(std::string_view entity) {
  for (const detail::Table& t : detail::Tables()) {
    if (t.entity == entity) return t.columns;
  }
  return {};
}

// The values `entity`.`column` allows (empty: any value).
inline std::vector<std::string_view> AllowedValues(std::string_view entity,
                                                   std::string_view column) {
  for (const detail::Enumeration& e : detail::Enumerations()) {
    if (e.entity == entity && e.column == column) return e.values;
  }
  return {};
}

}  // namespace tempo::canonical

#endif  // TEMPO_CANONICAL_HPP_
