// Word lists the synthetic dataset builds names from. Fixed arrays: the same seed must give the
// same company in every build, so these lists only ever grow at the end.
#ifndef TEMPO_TESTS_FAKES_CORE_SYNTHETIC_WORDS_H_
#define TEMPO_TESTS_FAKES_CORE_SYNTHETIC_WORDS_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace tempo::fakes::words {

extern const std::span<const std::string_view> kCompanyFirst;   // "Bright", "Granite", ...
extern const std::span<const std::string_view> kCompanySecond;  // "Harbor", "Forge", ...
extern const std::span<const std::string_view> kCompanySuffix;  // "Labs", "Inc", ...
extern const std::span<const std::string_view> kFirstNames;
extern const std::span<const std::string_view> kLastNames;
extern const std::span<const std::string_view> kTitles;
extern const std::span<const std::string_view> kIndustries;
extern const std::span<const std::string_view> kCountries;
extern const std::span<const std::string_view> kProducts;
extern const std::span<const std::string_view> kCampaignThemes;

// Where a contact lives. Most places are written in their own language and script (UTF-8:
// "München", "Île-de-France", "東京都"; one street needs a UTF-16 surrogate pair), so
// clients must carry non-ASCII text, and its \u escapes, through unchanged.
struct Place {
  std::string_view city, state, country;
  std::string_view postal_pattern;  // '#' is a digit; "" where the country has none
  std::string_view mobile_pattern;  // '#' is a digit
  bool number_first;                // "12 Market St" vs "Königstraße 12"
  std::span<const std::string_view> streets;
};
extern const std::span<const Place> kPlaces;
extern const std::span<const std::string_view> kLeadStatuses;  // HubSpot hs_lead_status values

// Picks element `h mod size` of `list`.
inline std::string_view Pick(std::span<const std::string_view> list, uint64_t h) {
  return list[h % list.size()];
}

}  // namespace tempo::fakes::words

#endif  // TEMPO_TESTS_FAKES_CORE_SYNTHETIC_WORDS_H_
