// HubSpot's marketing view of the dataset (api-wire-formats.md 1.7): every campaign of the
// dataset is a marketing campaign (`/marketing/v3/campaigns`, a UUID id, hs_ properties as
// strings) with one marketing email announcing it (`/marketing/v3/emails`, a numeric id as a
// string, PUBLISHED once the campaign has started by `as_of`, else DRAFT). Both are modified
// with the campaign (touch), and an archived campaign archives its email and leaves the
// campaigns list. Pure functions of the dataset.
#ifndef TEMPO_TESTS_FAKES_HUBSPOT_HUBSPOT_MARKETING_H_
#define TEMPO_TESTS_FAKES_HUBSPOT_HUBSPOT_MARKETING_H_

#include <cstdint>
#include <string>

#include "fakes/core/dataset.h"

namespace tempo::fakes {

inline constexpr int64_t kMarketingEmailIdBase = 190000001;  // id = base + campaign row

struct HubSpotMarketingEmail {
  std::string id, name, subject;
  std::string state;     // PUBLISHED | DRAFT
  std::string campaign;  // the marketing campaign's id
  int64_t created_ms = 0, updated_ms = 0;
  int64_t publish_ms = -1;  // -1: not published
  bool archived = false;
  int64_t sent = 0, opens = 0, clicks = 0;  // stats.counters
};

struct HubSpotMarketingCampaign {
  std::string id;  // a UUID
  std::string name;
  std::string start_date, end_date;  // "2024-03-01"
  std::string status;                // planned | in_progress | completed
  int64_t budget = 0;                // USD, whole dollars
  int64_t created_ms = 0, updated_ms = 0;
  bool archived = false;
};

HubSpotMarketingEmail MarketingEmail(const Dataset& dataset, int64_t campaign_row);
HubSpotMarketingCampaign MarketingCampaign(const Dataset& dataset, int64_t campaign_row);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_HUBSPOT_HUBSPOT_MARKETING_H_
