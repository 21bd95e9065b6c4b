// tempo/text.hpp: ASCII case folding for the enumerations, type names and file extensions
// sources spell as they please ("ClosedWon", ".CSV"). ASCII only, on purpose: these are
// identifiers, not prose, and the result must not depend on a locale. Part of the connector kit.
#ifndef TEMPO_TEXT_HPP_
#define TEMPO_TEXT_HPP_

#include <string>
#include <string_view>

namespace tempo::sdk {

constexpr char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// `s` with A-Z as a-z.
inline std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

// True when `a` and `b` are equal ignoring ASCII case.
constexpr bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

constexpr bool EndsWithNoCase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         EqualsNoCase(text.substr(text.size() - suffix.size()), suffix);
}

}  // namespace tempo::sdk

#endif  // TEMPO_TEXT_HPP_
