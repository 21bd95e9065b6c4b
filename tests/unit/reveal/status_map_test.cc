// Reveal statuses to populations: the default map, the admin's values, the open-opportunity
// flag and the precedence between the two.
#include "status_map.h"

#include <catch2/catch.hpp>

namespace tempo::reveal {
namespace {

TEST_CASE("status map: Reveal's statuses map by default, ignoring case and blanks") {
  StatusMap map;
  CHECK(map.Find("Customer") == "customer");
  CHECK(map.Find("  CUSTOMERS ") == "customer");
  CHECK(map.Find("prospect") == "prospect");
  CHECK(map.Find("Open Opportunity") == "open_opp");
  CHECK(map.Find("open deal") == "open_opp");
  CHECK(map.Find("Opportunity") == "open_opp");
  CHECK(map.Find("Partner") == "other");
  CHECK_FALSE(map.Find("Churned").has_value());
  // Every default maps to a population the store allows.
  for (const auto& [status, population] : DefaultStatuses()) {
    CAPTURE(status);
    CHECK(map.Find(status) == population);
  }
}

TEST_CASE("status map: the admin's values add to and override the defaults") {
  StatusMap map;
  REQUIRE(map.Set("Client", "customer").ok());
  REQUIRE(map.Set(" PARTNER ", "customer").ok());
  CHECK(map.Find("client") == "customer");
  CHECK(map.Find("Partner") == "customer");
  CHECK(map.Find("Prospect") == "prospect");  // untouched defaults stay
  sdk::Status s = map.Set("Lead", "lead");
  CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(s.message().find("customer, prospect, open_opp or other") != std::string::npos);
  CHECK_FALSE(map.Find("Lead").has_value());
}

TEST_CASE("status map: an open-opportunity cell is true unless it says no or zero") {
  for (const char* no : {"", "  ", "false", "FALSE", "No", "n", "0", "none", "-", "N/A", "null",
                         "0.00", "$0", "0 €", "--", "$"}) {
    CAPTURE(no);
    CHECK_FALSE(IsOpenOpportunity(no));
  }
  for (const char* yes :
       {"true", "TRUE", "Yes", "y", "x", "1", "$12,500", "3 200 €", "Q3 renewal", "Open"}) {
    CAPTURE(yes);
    CHECK(IsOpenOpportunity(yes));
  }
}

TEST_CASE("status map: customer wins, then an open opportunity, then the status") {
  StatusMap map;
  CHECK(PopulationOf(map, "Customer", true).value == "customer");
  CHECK(PopulationOf(map, "Customer", false).value == "customer");
  CHECK(PopulationOf(map, "Prospect", true).value == "open_opp");
  CHECK(PopulationOf(map, "Prospect", false).value == "prospect");
  CHECK(PopulationOf(map, "Partner", true).value == "open_opp");
  CHECK(PopulationOf(map, "", true).value == "open_opp");
  CHECK(PopulationOf(map, " ", false).value.empty());  // nothing known: NULL

  Population unknown = PopulationOf(map, "Churned", false);
  CHECK(unknown.value == "other");
  CHECK(unknown.unknown_status);
  CHECK(PopulationOf(map, "Churned", true).value == "open_opp");
  CHECK_FALSE(PopulationOf(map, "Prospect", false).unknown_status);
}

}  // namespace
}  // namespace tempo::reveal
