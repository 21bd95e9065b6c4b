// Keys of reported overlaps: stable across the spellings one company takes in exports, distinct
// for distinct companies and populations, and rows without an account or partner refused.
#include "mapping.h"

#include <catch2/catch.hpp>

namespace tempo::reveal {
namespace {

ReportedOverlap Row() {
  ReportedOverlap r;
  r.account_name = "Acme Corp";
  r.account_domain = "https://www.acme.com/";
  r.our_status = "Prospect";
  r.partner_name = "Globex";
  r.partner_domain = "globex.io";
  r.partner_status = "Customer";
  return r;
}

TEST_CASE("mapping: names compare without case or extra blanks") {
  CHECK(NormalizeName("  Acme \t  Corp\n") == "acme corp");
  CHECK(NormalizeName("\xC3\x89"
                      "COLE Ltd") ==
        "\xC3\x89"
        "cole ltd");  // non-ASCII kept
  CHECK(NormalizeName("   ").empty());
}

TEST_CASE("mapping: a company's key is its normalized domain, else its name") {
  CHECK(EntityKey("Acme Corp", "https://www.Acme.com/about") == "acme.com");
  CHECK(EntityKey("Anything", "ACME.COM") == "acme.com");
  CHECK(EntityKey("Acme  Corp", "") == "name:acme corp");
  CHECK(EntityKey(" ACME CORP ", "  ") == "name:acme corp");
  CHECK(EntityKey("", "").empty());
  // The separator never appears inside a key.
  CHECK(EntityKey("A|B 100%", "") == "name:a%7Cb 100%25");
}

TEST_CASE("mapping: the overlap id is stable across spellings and re-imports") {
  StatusMap statuses;
  MappedOverlap a, b;
  REQUIRE(MapOverlap(Row(), statuses, &a) == Unusable::kNo);
  CHECK(a.account_key == "acme.com");
  CHECK(a.partner_key == "globex.io");
  CHECK(a.ours.value == "prospect");
  CHECK(a.theirs.value == "customer");
  CHECK(a.overlap_id == "acme.com|globex.io|prospect|customer");

  ReportedOverlap other = Row();
  other.account_name = "ACME CORPORATION";  // the domain decides
  other.account_domain = "acme.com";
  other.partner_domain = "http://Globex.io";
  other.our_status = " prospect ";
  REQUIRE(MapOverlap(other, statuses, &b) == Unusable::kNo);
  CHECK(b.overlap_id == a.overlap_id);

  // Another population pair is another overlap row, as the store's schema asks.
  other.open_opportunity = "Yes";
  REQUIRE(MapOverlap(other, statuses, &b) == Unusable::kNo);
  CHECK(b.overlap_id == "acme.com|globex.io|open_opp|customer");

  // Without domains, the names key the row; an unknown population leaves its part empty.
  ReportedOverlap names;
  names.account_name = "Initech";
  names.partner_name = "Hooli";
  REQUIRE(MapOverlap(names, statuses, &b) == Unusable::kNo);
  CHECK(b.overlap_id == "name:initech|name:hooli||");
  CHECK(b.partner_key == "name:hooli");
}

TEST_CASE("mapping: a row without an account or a partner is refused") {
  StatusMap statuses;
  MappedOverlap out;
  ReportedOverlap r = Row();
  r.account_name = " ";
  r.account_domain = "";
  CHECK(MapOverlap(r, statuses, &out) == Unusable::kNoAccount);
  r = Row();
  r.partner_name = "";
  r.partner_domain = "https://";
  CHECK(MapOverlap(r, statuses, &out) == Unusable::kNoPartner);
  r = Row();
  r.account_domain = "";  // the name alone is enough
  CHECK(MapOverlap(r, statuses, &out) == Unusable::kNo);
  CHECK(out.account_key == "name:acme corp");
}

}  // namespace
}  // namespace tempo::reveal
