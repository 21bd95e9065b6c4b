// The export's columns: defaults, the admin's names, and finding them in a header.
#include "columns.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace tempo::reveal {
namespace {

const std::vector<std::string> kDefaultHeader = {
    "Company Name", "Website",         "Account Status",         "Open Deal",
    "Partner Name", "Partner Website", "Partner Account Status", "Partner Open Deal"};

TEST_CASE("columns: the fields have default columns, and the config may rename or drop them") {
  ColumnNames columns;
  REQUIRE(ReadColumnNames("", &columns).ok());
  CHECK(columns[Field::kAccountName] == "Company Name");
  CHECK(columns[Field::kPartnerStatus] == "Partner Account Status");
  CHECK(columns[Field::kAccountCrmId].empty());
  CHECK_FALSE(columns.configured[0]);

  REQUIRE(
      ReadColumnNames(R"({"account_domain":" Domain ","partner_open_opportunity":""})", &columns)
          .ok());
  CHECK(columns[Field::kAccountDomain] == "Domain");
  CHECK(columns.configured[static_cast<size_t>(Field::kAccountDomain)]);
  CHECK(columns[Field::kPartnerOpenOpportunity].empty());
  CHECK(columns[Field::kAccountName] == "Company Name");  // the others keep their defaults
}

TEST_CASE("columns: config errors name the key") {
  ColumnNames columns;
  sdk::Status s = ReadColumnNames(R"({"acount_name":"Name"})", &columns);
  CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(s.message().find("columns.acount_name: no such field") != std::string::npos);
  CHECK(s.message().find("account_name") != std::string::npos);

  s = ReadColumnNames(R"({"partner_name":7})", &columns);
  CHECK(s.message().find("columns.partner_name must be a column name") != std::string::npos);

  s = ReadColumnNames(R"({"account_name":"","account_domain":""})", &columns);
  CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(s.message().find("account_name and account_domain are both off") != std::string::npos);
  s = ReadColumnNames(R"({"partner_name":"","partner_domain":""})", &columns);
  CHECK(s.message().find("partner_name and partner_domain are both off") != std::string::npos);
}

TEST_CASE("columns: header names match ignoring case and surrounding blanks") {
  ColumnNames columns;
  HeaderMap map;
  std::vector<std::string> warnings;
  std::vector<std::string> header = {" company name", "WEBSITE ", "Partner Name", "Website"};
  REQUIRE(MapHeader(columns, "a.csv", header, &map, &warnings).ok());
  CHECK(map[Field::kAccountName] == 0);
  CHECK(map[Field::kAccountDomain] == 1);  // the first of two equal names
  CHECK(map[Field::kPartnerName] == 2);
  CHECK_FALSE(map.Has(Field::kOurStatus));
  // Every default column the header lacks is named in a warning, once.
  CHECK(warnings.size() == 5);
  CHECK(warnings[0].find("a.csv has no column 'Account Status' (columns.our_status)") == 0);
}

TEST_CASE("columns: the full default header maps every field without a warning") {
  ColumnNames columns;
  HeaderMap map;
  std::vector<std::string> warnings;
  REQUIRE(MapHeader(columns, "a.csv", kDefaultHeader, &map, &warnings).ok());
  for (size_t i = 0; i < kDefaultHeader.size(); ++i) CHECK(map.index[i] == i);
  CHECK_FALSE(map.Has(Field::kAccountCrmId));  // no default: read only when named
  CHECK(warnings.empty());
}

TEST_CASE("columns: a named column the header lacks fails, listing the header") {
  ColumnNames columns;
  REQUIRE(ReadColumnNames(R"({"partner_status":"Their Status"})", &columns).ok());
  HeaderMap map;
  std::vector<std::string> warnings;
  sdk::Status s = MapHeader(columns, "acme.csv", kDefaultHeader, &map, &warnings);
  CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(s.message().find("acme.csv has no column 'Their Status' (columns.partner_status)") == 0);
  CHECK(s.message().find("its columns are: Company Name, Website,") != std::string::npos);
}

TEST_CASE("columns: a header with no account or no partner column fails") {
  ColumnNames columns;
  HeaderMap map;
  std::vector<std::string> warnings;
  sdk::Status s = MapHeader(columns, "x.csv", {"Name", "Partner Name"}, &map, &warnings);
  CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(s.message().find("x.csv has neither 'Company Name' (columns.account_name) nor "
                         "'Website' (columns.account_domain), so no row names its account") == 0);
  s = MapHeader(columns, "x.csv", {"Company Name"}, &map, &warnings);
  CHECK(s.message().find("so no row names its partner") != std::string::npos);
}

}  // namespace
}  // namespace tempo::reveal
