// The example source's rows. See dataset.h.
#include "dataset.h"

namespace myplugin_connector {

const std::vector<PartnerRow>& Partners() {
  static const std::vector<PartnerRow> kRows = {
      {"p-1", "Acme Cloud", "https://www.acme.example/", "technology", "2024-01-05T09:00:00Z"},
      {"p-2", "Bright Path Consulting", "brightpath.example", "si", "2024-02-11T14:30:00Z"},
      {"p-3", "Cobalt Resale", "cobalt.example", "reseller", "2024-03-02T08:15:00Z"},
      {"p-4", "Delta Referrals", "delta.example", "referral", "2024-03-02T08:15:00Z"},
      {"p-5", "Echo Agency", "echo.example", "agency", "2024-04-20T17:45:00Z"},
      {"p-6", "Fjord Market", "fjord.example", "marketplace", "2024-05-30T11:00:00Z"},
      {"p-7", "Granite Systems", "granite.example", "technology", "2024-06-14T06:20:00Z"},
  };
  return kRows;
}

}  // namespace myplugin_connector
