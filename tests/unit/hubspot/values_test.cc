// HubSpot property values: dates, numbers, booleans and the enumeration mappings.
#include "hubspot_values.h"
#include "tempo/partner_roles.hpp"

#include <catch2/catch.hpp>

TEST_CASE("hubspot values: dates, numbers, booleans and mappings") {
  using namespace tempo::hubspot;
  CHECK(NormalizeDate("1711843200000") == "2024-03-31T00:00:00.000Z");
  CHECK(NormalizeDate("2024-03-31") == "2024-03-31");  // ISO: kept as sent
  CHECK(NormalizeDate("2024-02-02T11:11:12.345+01:00") == "2024-02-02T11:11:12.345+01:00");
  CHECK_FALSE(NormalizeDate("soon"));
  CHECK_FALSE(NormalizeDate("31/03/2024"));
  CHECK(IsNumber("15000"));
  CHECK(IsNumber("17000.5"));
  CHECK_FALSE(IsNumber("12k"));
  CHECK_FALSE(IsNumber(" 1"));
  CHECK(ParseBool("TRUE") == true);
  CHECK(ParseBool("false") == false);
  CHECK_FALSE(ParseBool("yes"));
  CHECK(CompanyLifecycle("customer", "") == "customer");
  CHECK(CompanyLifecycle("opportunity", "PARTNER") == "partner");
  CHECK(CompanyLifecycle("salesqualifiedlead", "") == "prospect");
  CHECK(CompanyLifecycle("", "") == "");
  CHECK(OppType("existingbusiness") == "expansion");
  // Partner roles through the kit's vocabulary (tempo/partner_roles.hpp).
  const auto roles = tempo::sdk::DefaultPartnerRoles();
  CHECK(tempo::sdk::MapPartnerRole(roles, "Sourced", "influenced") == "sourced");
  CHECK(tempo::sdk::MapPartnerRole(roles, " Partner Sourced ", "influenced") == "sourced");
  CHECK(tempo::sdk::MapPartnerRole(roles, "co-sell", "influenced") == "co_sell");
  CHECK(tempo::sdk::MapPartnerRole(roles, "VAR/Reseller", "influenced") == "resell");
  CHECK(tempo::sdk::MapPartnerRole(roles, "", "influenced") == "influenced");
  CHECK(tempo::sdk::MapPartnerRole(roles, "Gold", "referral") == "referral");
}
