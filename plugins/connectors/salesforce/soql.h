// SOQL text, query URLs and Salesforce's value formats: pure functions, no host calls
// (tests/unit/salesforce/soql_test.cc). Dates go through the kit's tempo/time.hpp.
#ifndef TEMPO_PLUGINS_CONNECTORS_SALESFORCE_SOQL_H_
#define TEMPO_PLUGINS_CONNECTORS_SALESFORCE_SOQL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tempo/cursor.hpp"

namespace tempo::salesforce {

// Percent-encodes a query-string value: unreserved bytes as is, space as '+', everything
// else (including '+', which a date-time offset would need) as %XX.
std::string UrlEncode(std::string_view value);

// `ms` as a SOQL date-time literal, "2024-04-01T12:34:56Z" (with ".mmm" when not zero).
std::string SoqlDateTime(int64_t ms);

// "SELECT f1, f2 FROM Object [WHERE ...] ORDER BY SystemModstamp ASC, Id ASC". With an `after`
// keyset the query resumes strictly after it: SystemModstamp > c OR (SystemModstamp = c AND
// Id > 'id'); without an id it is the inclusive SystemModstamp >= c; an empty keyset reads
// from the beginning.
std::string BuildSoql(std::string_view object, const std::vector<std::string>& fields,
                      const sdk::Keyset& after);

// The URL of a query: {instance_url}/services/data/v{version}/{query|queryAll}?q=...
std::string QueryUrl(std::string_view instance_url, std::string_view api_version, bool query_all,
                     std::string_view soql);

// Splits `fields` into chunks whose query URLs (built with QueryUrl/BuildSoql for `after`)
// each stay within `max_url_bytes`. Every chunk carries Id and SystemModstamp (added when
// missing); one chunk, in the given order, when everything fits. Empty result: a single field
// does not fit.
std::vector<std::vector<std::string>> SplitFields(std::string_view instance_url,
                                                  std::string_view api_version, bool query_all,
                                                  std::string_view object,
                                                  const std::vector<std::string>& fields,
                                                  const sdk::Keyset& after, size_t max_url_bytes);

// A Salesforce DateTime ("2024-04-01T12:34:56.000+0000", also with "+00:00" or "Z") as epoch
// milliseconds. nullopt for anything else: a date alone, a time without seconds or zone.
std::optional<int64_t> ParseDateTimeMs(std::string_view value);

// A Salesforce DateTime as ISO-8601 UTC, "2024-04-01T12:34:56Z", keeping milliseconds only
// when they are not zero; nullopt when ParseDateTimeMs refuses it.
std::optional<std::string> NormalizeDateTime(std::string_view value);

// True for a valid "YYYY-MM-DD".
bool IsDate(std::string_view value);

// The value of `api-usage=` in a Sforce-Limit-Info header ("18/5000"), or "".
std::string ApiUsage(std::string_view limit_info);

// True for a name SOQL can take as a field: letters, digits, '_' and '.' (relationships).
bool IsSoqlFieldName(std::string_view name);

}  // namespace tempo::salesforce

#endif  // TEMPO_PLUGINS_CONNECTORS_SALESFORCE_SOQL_H_
