// SOQL text, query URLs and Salesforce value formats: pure functions, no host calls, so the
// integration test can check them directly (tests/integration/salesforce_test.cc).
#ifndef TEMPO_PLUGINS_CONNECTORS_SALESFORCE_SOQL_H_
#define TEMPO_PLUGINS_CONNECTORS_SALESFORCE_SOQL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tempo::salesforce {

// Where an incremental (or resumed) read stands: the SystemModstamp and Id of the last record
// committed. Empty `modstamp`: from the beginning.
struct Cursor {
  std::string modstamp;  // ISO-8601 UTC, "2024-04-01T12:34:56Z" (or with .mmm)
  std::string id;
};

// Percent-encodes a query-string value: unreserved bytes as is, space as '+', everything
// else (including '+', which a date-time offset would need) as %XX.
std::string UrlEncode(std::string_view value);

// "SELECT f1, f2 FROM Object [WHERE keyset] ORDER BY SystemModstamp, Id". The keyset resumes
// strictly after `cursor`: SystemModstamp > c OR (SystemModstamp = c AND Id > 'id'); with no
// id it is the inclusive SystemModstamp >= c.
std::string BuildSoql(std::string_view object, const std::vector<std::string>& fields,
                      const Cursor& cursor);

// The URL of a query: {instance_url}/services/data/v{version}/{query|queryAll}?q=...
std::string QueryUrl(std::string_view instance_url, std::string_view api_version, bool query_all,
                     std::string_view soql);

// Splits `fields` into chunks whose query URLs (built with QueryUrl/BuildSoql for `cursor`)
// each stay within `max_url_bytes`. Every chunk carries Id and SystemModstamp (added when
// missing); one chunk when everything fits. Empty result: a single field does not fit.
std::vector<std::vector<std::string>> SplitFields(std::string_view instance_url,
                                                  std::string_view api_version, bool query_all,
                                                  std::string_view object,
                                                  const std::vector<std::string>& fields,
                                                  const Cursor& cursor, size_t max_url_bytes);

// Salesforce DateTime ("2024-04-01T12:34:56.000+0000", also "+00:00" or "Z" forms) as ISO-8601
// UTC: "2024-04-01T12:34:56Z", keeping milliseconds only when they are not zero. nullopt when
// the text is no date-time.
std::optional<std::string> NormalizeDateTime(std::string_view value);

// A completed read's cursor as the next incremental read must start from: `newest` (the key
// the read ended at), but never later than `started_ms`, the instant the run that began the
// read started less the lag margin (kHandOverLagMs), then as an inclusive bound (no id). A query
// locator pages a snapshot of the ids, so a record changed behind the read's position is not
// read again; one changed ahead of it arrives with its new SystemModstamp, which can be the
// newest the read sees: the cursor must stay at or before the first change the read may have
// missed.
Cursor HandOverCursor(const Cursor& newest, int64_t started_ms);

// How far before a read's start its hand-over cursor may go: covers a clock skew between this
// machine and Salesforce's and a transaction committing after its SystemModstamp.
constexpr int64_t kHandOverLagMs = 5 * 60 * 1000;

// Milliseconds since the epoch as "YYYY-MM-DDThh:mm:ss.mmmZ".
std::string FormatDateTimeMs(int64_t ms);

// True for "YYYY-MM-DD".
bool IsDate(std::string_view value);

// The value of `api-usage=` in a Sforce-Limit-Info header ("18/5000"), or "".
std::string ApiUsage(std::string_view limit_info);

}  // namespace tempo::salesforce

#endif  // TEMPO_PLUGINS_CONNECTORS_SALESFORCE_SOQL_H_
