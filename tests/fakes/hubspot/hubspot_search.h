// HubSpot CRM search (POST /crm/v3/objects/{type}/search): the request body and its evaluation
// over the dataset, with HubSpot's limits and quirks:
//   - filterGroups are OR'ed, filters within a group AND'ed; a top-level "filters" array is one
//     group (older clients send that);
//   - datetime values may be epoch milliseconds or ISO-8601; comparisons are in milliseconds;
//   - limit <= 200; `after` is a numeric offset; a page reaching past 10,000 results is an
//     error (HTTP 400), as on the real API;
//   - archived records are never found;
//   - contacts filtered on hs_lastmodifieddate (instead of lastmodifieddate) silently match
//     nothing, like the real index.
#ifndef TEMPO_TESTS_FAKES_HUBSPOT_HUBSPOT_SEARCH_H_
#define TEMPO_TESTS_FAKES_HUBSPOT_HUBSPOT_SEARCH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "fakes/core/dataset.h"
#include "fakes/hubspot/hubspot_objects.h"

namespace tempo::fakes {

inline constexpr int64_t kHubSpotSearchMaxLimit = 200;
inline constexpr int64_t kHubSpotSearchResultCap = 10'000;

struct HubSpotFilter {
  std::string property;
  std::string op;  // EQ NEQ LT LTE GT GTE BETWEEN IN NOT_IN HAS_PROPERTY NOT_HAS_PROPERTY
                   // CONTAINS_TOKEN NOT_CONTAINS_TOKEN
  std::string value, high_value;
  std::vector<std::string> values;
};

struct HubSpotSort {
  std::string property;
  bool descending = false;
};

struct HubSpotSearchRequest {
  std::vector<std::vector<HubSpotFilter>> groups;
  std::vector<HubSpotSort> sorts;
  std::vector<std::string> properties;  // empty: the type's defaults
  int64_t limit = 10;
  int64_t after = 0;
};

// Parses and validates a search body; errors are HubSpot VALIDATION_ERROR messages.
Result<HubSpotSearchRequest> ParseHubSpotSearch(std::string_view body);

struct HubSpotSearchPage {
  int64_t total = 0;          // all matches
  std::vector<int64_t> rows;  // this page
  bool has_more = false;
};

// Runs a validated request. Fails (VALIDATION_ERROR) on unknown properties and past the cap.
Result<HubSpotSearchPage> RunHubSpotSearch(const Dataset& dataset, const HubSpotObjectType& type,
                                           const HubSpotSearchRequest& request);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_HUBSPOT_HUBSPOT_SEARCH_H_
