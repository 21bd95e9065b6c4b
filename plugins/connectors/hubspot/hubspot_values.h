// Value conversions for HubSpot property strings: dates (ISO-8601 or epoch ms), numbers,
// booleans, ids, and the mapping of HubSpot enumerations to canonical values.
#ifndef TEMPO_PLUGINS_CONNECTORS_HUBSPOT_HUBSPOT_VALUES_H_
#define TEMPO_PLUGINS_CONNECTORS_HUBSPOT_HUBSPOT_VALUES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tempo::hubspot {

// Milliseconds since the epoch of an ISO-8601 date or date-time (UTC, or with an offset), or of
// an epoch-millisecond string. nullopt when it is neither.
std::optional<int64_t> ParseTimeMs(std::string_view text);

// Size of the buffer FormatIsoMs and NormalizeDate write into.
inline constexpr size_t kIsoBufferSize = 96;

// UTC "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string FormatIsoMs(int64_t ms);
// The same into `out` (kIsoBufferSize bytes), without allocating; returns the length.
size_t FormatIsoMs(int64_t ms, char* out);

// A date property as ISO-8601: ISO input is kept as sent, epoch ms is converted. nullopt when
// it is neither.
std::optional<std::string> NormalizeDate(std::string_view text);
// The same without allocating: ISO input comes back as `text` itself, converted epoch ms as a
// view of `buffer` (kIsoBufferSize bytes), valid while `buffer` is.
std::optional<std::string_view> NormalizeDate(std::string_view text, char* buffer);

// True when `text` is a complete decimal number ("15000", "-3.5", "1e3").
bool IsNumber(std::string_view text);

// "true"/"false" (any case) to a bool; nullopt otherwise.
std::optional<bool> ParseBool(std::string_view text);

// Orders numeric id strings numerically (HubSpot ids are decimal); falls back to text order.
int CompareIds(std::string_view a, std::string_view b);

// The cursor a completed list read hands to the incremental (search) reads after it: the instant
// the run that began the list started, less the lag margin (`list_started_ms`), never the newest
// record the list saw. A list resumed from a state that did not record its start hands on the
// previous completed cursor instead (-1 when there is none: the next incremental run lists).
int64_t HandOverCursor(int64_t list_started_ms, int64_t previous_cursor_ms);

// HubSpot company lifecyclestage (and type) to account.lifecycle; "" when unknown or empty.
std::string_view CompanyLifecycle(std::string_view lifecyclestage, std::string_view type);

// HubSpot dealtype to opportunity.opp_type; "" when empty.
std::string_view OppType(std::string_view dealtype);

// A free-text partner role to opportunity_partner.role (default "influenced").
std::string_view PartnerRole(std::string_view role);

// FNV-1a 64 of `text`, 12 hex digits: a non-secret label derived from an identity.
std::string ShortHash(std::string_view text);

}  // namespace tempo::hubspot

#endif  // TEMPO_PLUGINS_CONNECTORS_HUBSPOT_HUBSPOT_VALUES_H_
