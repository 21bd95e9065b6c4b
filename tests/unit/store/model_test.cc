// tempo/model.h (the connector kit's canonical names) against the store's schema: the same
// tables, the same columns in the same order, the same allowed values.
#include "tempo/model.h"

#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "store/schema.h"

namespace {

namespace model = tempo::model;

struct ModelTable {
  std::string_view name;
  std::vector<std::string_view> columns;
};

template <size_t N>
std::vector<std::string_view> List(const std::string_view (&names)[N]) {
  return {names, names + N};
}

std::vector<std::string_view> Split(std::string_view csv) {
  std::vector<std::string_view> out;
  while (!csv.empty()) {
    size_t comma = csv.find(',');
    out.push_back(csv.substr(0, comma));
    csv = comma == std::string_view::npos ? std::string_view() : csv.substr(comma + 1);
  }
  return out;
}

}  // namespace

TEST_CASE("model.h names exactly the schema's tables and columns") {
  const std::vector<ModelTable> tables = {
      {model::kPartner, List(model::partner::kColumns)},
      {model::kAccount, List(model::account::kColumns)},
      {model::kContact, List(model::contact::kColumns)},
      {model::kOpportunity, List(model::opportunity::kColumns)},
      {model::kOpportunityPartner, List(model::opportunity_partner::kColumns)},
      {model::kCampaign, List(model::campaign::kColumns)},
      {model::kCampaignMember, List(model::campaign_member::kColumns)},
      {model::kLead, List(model::lead::kColumns)},
      {model::kIntegration, List(model::integration::kColumns)},
      {model::kIntegrationInstall, List(model::integration_install::kColumns)},
      {model::kOverlap, List(model::overlap::kColumns)},
      {model::kPartnerActivity, List(model::partner_activity::kColumns)},
      {model::kPopulation, List(model::population::kColumns)},
  };
  auto specs = tempo::store::CanonicalTables();
  REQUIRE(specs.size() == tables.size());
  REQUIRE(List(model::kEntities).size() == tables.size());
  for (size_t t = 0; t < specs.size(); ++t) {
    INFO(specs[t].name);
    CHECK(tables[t].name == specs[t].name);
    CHECK(model::kEntities[t] == specs[t].name);
    std::vector<std::string_view> columns;
    for (const auto& c : specs[t].columns) columns.push_back(c.name);
    CHECK(tables[t].columns == columns);
  }
}

TEST_CASE("model.h lists exactly the schema's allowed values") {
  struct Values {
    std::string_view table, column;
    std::vector<std::string_view> values;
  };
  const std::vector<Values> lists = {
      {"partner", "partner_type", List(model::partner::partner_type::kValues)},
      {"account", "lifecycle", List(model::account::lifecycle::kValues)},
      {"opportunity", "opp_type", List(model::opportunity::opp_type::kValues)},
      {"opportunity_partner", "role", List(model::opportunity_partner::role::kValues)},
      {"opportunity_partner", "attribution_source",
       List(model::opportunity_partner::attribution_source::kValues)},
      {"lead", "eql_basis", List(model::lead::eql_basis::kValues)},
      {"integration", "status", List(model::integration::status::kValues)},
      {"overlap", "provider", List(model::overlap::provider::kValues)},
      {"overlap", "our_population", List(model::overlap::our_population::kValues)},
      {"overlap", "partner_population", List(model::overlap::partner_population::kValues)},
      {"overlap", "record_type", List(model::overlap::record_type::kValues)},
      {"partner_activity", "kind", List(model::partner_activity::kind::kValues)},
      {"population", "record_type", List(model::population::record_type::kValues)},
      {"population", "standard_population", List(model::population::standard_population::kValues)},
  };
  size_t enumerated = 0;
  for (const auto& table : tempo::store::CanonicalTables()) {
    for (const auto& c : table.columns) {
      if (c.allowed == nullptr) continue;
      ++enumerated;
      INFO(table.name << "." << c.name);
      bool found = false;
      for (const Values& v : lists) {
        if (v.table == table.name && v.column == c.name) {
          found = true;
          CHECK(v.values == Split(c.allowed));
        }
      }
      CHECK(found);
    }
  }
  CHECK(enumerated == lists.size());
}
