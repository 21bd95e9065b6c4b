// The organization a crossbeam connection reads: the only one /v1/users/me lists, or an error
// naming them all when there are several.
#include "organization.h"

#include <catch2/catch.hpp>

namespace xb = tempo::crossbeam;

TEST_CASE("crossbeam organizations: from data[].organizations or authorizations[]") {
  std::vector<xb::OrganizationRef> orgs;
  REQUIRE(xb::ParseOrganizations(
              R"({"data":[{"id":1,"organizations":[{"name":"Dunder Mifflin","uuid":"u1"},)"
              R"({"name":"Los Pollos","uuid":"u2"}]}],"warnings":[]})",
              &orgs)
              .ok());
  REQUIRE(orgs.size() == 2);
  CHECK(orgs[1].uuid == "u2");
  CHECK(orgs[1].name == "Los Pollos");
  REQUIRE(xb::ParseOrganizations(
              R"({"data":{"authorizations":[{"organization":{"uuid":"u3","name":"Wayne"}},)"
              R"({"organization":{"uuid":"u3"}}]}})",
              &orgs)
              .ok());
  REQUIRE(orgs.size() == 1);
  CHECK(orgs[0].uuid == "u3");
  CHECK(xb::ParseOrganizations("<html>", &orgs).code() == TEMPO_ERR_DATA);
}

TEST_CASE("crossbeam organizations: one is chosen, several are named, none is refused") {
  std::string uuid;
  REQUIRE(xb::ChooseOrganization({{"u1", "Acme"}}, &uuid).ok());
  CHECK(uuid == "u1");
  tempo::sdk::Status several = xb::ChooseOrganization({{"u1", "Acme"}, {"u2", "Globex"}}, &uuid);
  CHECK(several.code() == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK_THAT(several.message(), Catch::Contains("Acme (u1)") && Catch::Contains("Globex (u2)") &&
                                    Catch::Contains("organization_uuid") &&
                                    Catch::Contains("Xbeam-Organization"));
  CHECK(xb::ChooseOrganization({}, &uuid).code() == TEMPO_ERR_PERMISSION);
}
