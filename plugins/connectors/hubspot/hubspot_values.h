// Value conversions for HubSpot property strings: dates (ISO-8601 or epoch ms), numbers,
// booleans, and the mapping of HubSpot enumerations to canonical values. Pure functions.
#ifndef TEMPO_PLUGINS_CONNECTORS_HUBSPOT_HUBSPOT_VALUES_H_
#define TEMPO_PLUGINS_CONNECTORS_HUBSPOT_HUBSPOT_VALUES_H_

#include <optional>
#include <string>
#include <string_view>

namespace tempo::hubspot {

// A date property as ISO-8601: ISO input is kept as sent, epoch ms is converted
// (YYYY-MM-DDTHH:MM:SS.mmmZ). nullopt when it is neither.
std::optional<std::string> NormalizeDate(std::string_view text);
// The same without allocating: ISO input comes back as `text` itself, converted epoch ms as a
// view of `buffer` (sdk::kIsoBufferSize bytes), valid while `buffer` is.
std::optional<std::string_view> NormalizeDate(std::string_view text, char* buffer);

// True when `text` is a complete decimal number ("15000", "-3.5", "1e3").
bool IsNumber(std::string_view text);

// "true"/"false" (any case) to a bool; nullopt otherwise.
std::optional<bool> ParseBool(std::string_view text);

// HubSpot company lifecyclestage (and type) to account.lifecycle; "" when unknown or empty.
std::string_view CompanyLifecycle(std::string_view lifecyclestage, std::string_view type);

// HubSpot dealtype to opportunity.opp_type; "" when empty.
std::string_view OppType(std::string_view dealtype);

}  // namespace tempo::hubspot

#endif  // TEMPO_PLUGINS_CONNECTORS_HUBSPOT_HUBSPOT_VALUES_H_
