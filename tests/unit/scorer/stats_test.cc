// The TEMPO scorer's arithmetic and identity rules as pure functions (stats.cc, identity.cc).
#include <catch2/catch.hpp>

#include "plugins/scorers/tempo/identity.h"
#include "plugins/scorers/tempo/stats.h"
#include "tempo/time.hpp"

namespace tempo::scorer {
namespace {

TEST_CASE("shrinkage pulls a small sample toward the baseline, a large one barely") {
  // 2 of 2 against a baseline of 50% with the strength of 10: (2 + 5) / 12.
  CHECK(Shrink(2, 2, 0.5, 10) == Approx(7.0 / 12));
  // 200 of 200: (200 + 5) / 210.
  CHECK(Shrink(200, 200, 0.5, 10) == Approx(205.0 / 210));
  CHECK(Shrink(0, 0, 0.3, 10) == Approx(0.3));  // no data: the baseline
  CHECK(Confidence(10, 10) == Approx(0.5));
  CHECK(Confidence(90, 10) == Approx(0.9));
}

TEST_CASE("normalizations clamp to 0-100") {
  CHECK(Lin(0.117, 0, 0.234) == Approx(50));
  CHECK(Lin(-0.2, 0, 0.234) == 0);
  CHECK(Lin(0.5, 0, 0.234) == 100);
  CHECK(Lin(0.725, 0.5, 0.95) == Approx(50));
  CHECK(Share(0.41) == Approx(41));
  CHECK(Share(1.2) == 100);
}

TEST_CASE("percentile ranks count the lower values, ties as half") {
  CHECK(PercentileRanks({0.1, 0.3, 0.2}) == std::vector<double>{0, 100, 50});
  CHECK(PercentileRanks({0.2, 0.2, 0.1}) == std::vector<double>{75, 75, 0});
  CHECK(PercentileRanks({0.7}) == std::vector<double>{50});
}

TEST_CASE("medians, business days and the number formats") {
  CHECK(Median({3, 1, 2}) == 2);
  CHECK(Median({4, 1, 3, 2}) == 2.5);
  // Friday 2026-03-06 plus 2 business days is Tuesday 2026-03-10.
  CHECK(sdk::FormatIso(AddBusinessDays(*sdk::ParseIsoMs("2026-03-06T09:00:00Z"), 2)) ==
        "2026-03-10T09:00:00.000Z");
  CHECK(sdk::FormatIso(AddBusinessDays(*sdk::ParseIsoMs("2026-03-02T09:00:00Z"), 2)) ==
        "2026-03-04T09:00:00.000Z");
  CHECK(Percent(0.4138) == "41%");
  CHECK(SignedPercent(0.24) == "+24%");
  CHECK(SignedPercent(-0.001) == "+0%");
  CHECK(PercentOneDecimal(0.117) == "11.7%");
  CHECK(Money(1234567.4) == "$1,234,567");
  CHECK(Money(-500) == "-$500");
  CHECK(Count(1, "deal", "deals") == "1 deal");
  CHECK(Count(3, "deal", "deals") == "3 deals");
}

TEST_CASE("partner rows group by their key, references resolve by domain, row, then name") {
  // Keys as v_partner_identity gives them (and KeyOfPartnerRow for a row it does not list).
  const Ref p1{"partner", "prm", "P1"}, pa{"partner", "crm", "PA"};
  const Ref rule{"partner", "crm", "attribution:acme.io"}, pb{"partner", "crm", "PB"};
  const Ref pz{"partner", "crm", "PZ"}, d1{"partner", "x", "D1"}, d2{"partner", "y", "D2"};
  CHECK(KeyOfPartnerRow(p1, "Acme Cloud", "acme.io") == "domain:acme.io");
  CHECK(KeyOfPartnerRow(pb, " Beta ", "") == "name:beta");
  CHECK(KeyOfPartnerRow(pz, "", "") == "partner:crm:PZ");
  CHECK(KeyOfAccountRow({"account", "crm", "A1"}, "") == "account:crm:A1");
  PartnerIndex index;
  index.AddRow(p1, "Acme Cloud", "domain:acme.io");
  index.AddRow(pa, "ACME Cloud", "domain:acme.io");
  index.AddRow(rule, "Acme", "domain:acme.io");
  index.AddRow(pb, "Beta", "name:beta");
  index.AddRow(pz, "", "partner:crm:PZ");
  index.AddRow(d1, "Dup", "domain:dup-one.com");  // one name, two partners
  index.AddRow(d2, "Dup", "domain:dup-two.com");
  const std::vector<Partner> partners = index.Build();
  std::vector<std::string> keys;
  for (const Partner& p : partners) keys.push_back(p.key);
  CHECK(keys == std::vector<std::string>{"domain:acme.io", "domain:dup-one.com",
                                         "domain:dup-two.com", "name:beta", "partner:crm:PZ"});
  // Acme: three rows; the synced CRM row stands for it, not the attribution rule's row.
  CHECK(partners[0].rows.size() == 3);
  CHECK(partners[0].row.connection == "crm");
  CHECK(partners[0].row.source_id == "PA");
  CHECK(partners[0].name == "ACME Cloud");

  // References: by domain first, then the row of the same connection, then by unique name.
  CHECK(index.Resolve("xb", "", "Whatever", "acme.io") == 0);
  CHECK(index.Resolve("crm", "PB", "", "") == 3);
  CHECK(index.Resolve("other", "PB", "beta", "") == 3);
  CHECK(index.Resolve("other", "P1", "", "") == kNone);  // an id means nothing elsewhere
  CHECK(index.Resolve("z", "", "acme cloud", "") == 0);  // two rows, one partner: unique
  CHECK(index.Resolve("z", "", "Dup", "") == kNone);     // two partners are called Dup
  CHECK(index.ByKey("name:beta") == 3);
  CHECK(NameKey("  Ridgeline Resellers, Inc. ") == "ridgeline resellers, inc.");
}

}  // namespace
}  // namespace tempo::scorer
