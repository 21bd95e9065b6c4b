// tempo/text.hpp: ASCII case folding for the enumerations, type names and file extensions
// sources spell as they please ("ClosedWon", ".CSV"), web domains as the store keeps them,
// percent-encoding for the values a connector puts in a URL, and the did-you-mean of a
// misspelt name (the host's config errors and the rest connector's manifest errors use it).
// ASCII only, on purpose: these are identifiers, not prose, and the result must not depend on a
// locale. Part of the connector kit. Also where a text that must be UTF-8 (a config, a
// manifest) is not.
#ifndef TEMPO_TEXT_HPP_
#define TEMPO_TEXT_HPP_

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// A web domain or URL as the store keeps it in every `*domain` column, the key that matches
// accounts and partners across sources: surrounding blanks, a scheme ("https://"), a user
// ("user@", so an e-mail address gives its domain), a path, query, fragment or port, a leading
// "www." and trailing dots are dropped, and A-Z become a-z.
// "https://www.Acme.com:443/about" -> "acme.com". The host normalizes with this very function,
// so a connector that builds an id from a domain gets the text the column will hold.
inline std::string NormalizeDomain(std::string_view value) {
  std::string_view v = value;
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  if (size_t scheme = v.find("://"); scheme != std::string_view::npos) v.remove_prefix(scheme + 3);
  if (size_t at = v.find('@'); at != std::string_view::npos && v.find('/') > at) {
    v.remove_prefix(at + 1);  // an email address or user@host
  }
  size_t end = v.find_first_of("/?#:");
  if (end != std::string_view::npos) v = v.substr(0, end);
  std::string out = ToLower(v);
  if (out.rfind("www.", 0) == 0) out.erase(0, 4);
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

// RFC 3986 percent-encoding of a query value or form field: every byte but the unreserved
// characters (A-Z a-z 0-9 - . _ ~) becomes %XX with upper-case hex, as libcurl and most clients
// write them (a cursor "ey+J/=" goes into a URL as "ey%2BJ%2F%3D"). The host encodes its OAuth
// form bodies with this very function.
inline void AppendPercentEncoded(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : value) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
}

inline std::string PercentEncode(std::string_view value) {
  std::string out;
  AppendPercentEncoded(out, value);
  return out;
}

// Optimal string alignment distance of `a` and `b` ignoring ASCII case: Levenshtein plus
// adjacent transpositions ("plguin" is one edit from "plugin").
inline size_t EditDistanceNoCase(std::string_view a, std::string_view b) {
  const size_t rows = a.size() + 1, cols = b.size() + 1;
  std::vector<size_t> d(rows * cols);
  auto at = [&](size_t i, size_t j) -> size_t& { return d[i * cols + j]; };
  for (size_t i = 0; i < rows; ++i) at(i, 0) = i;
  for (size_t j = 0; j < cols; ++j) at(0, j) = j;
  for (size_t i = 1; i < rows; ++i) {
    for (size_t j = 1; j < cols; ++j) {
      const size_t cost = AsciiLower(a[i - 1]) == AsciiLower(b[j - 1]) ? 0 : 1;
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && AsciiLower(a[i - 1]) == AsciiLower(b[j - 2]) &&
          AsciiLower(a[i - 2]) == AsciiLower(b[j - 1])) {
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
      }
    }
  }
  return at(rows - 1, cols - 1);
}

// The candidate closest to `word` (EditDistanceNoCase), or "" when none is within
// max(1, length / 3) edits: the "did you mean" of a misspelt key. Ties go to the earlier one.
inline std::string ClosestMatch(std::string_view word,
                                const std::vector<std::string_view>& candidates) {
  std::string best;
  size_t best_distance = 0;
  for (std::string_view candidate : candidates) {
    const size_t limit = std::max<size_t>(1, candidate.size() / 3);
    const size_t distance = EditDistanceNoCase(word, candidate);
    if (distance > limit) continue;
    if (best.empty() || distance < best_distance) {
      best = std::string(candidate);
      best_distance = distance;
    }
  }
  return best;
}

// Where `text` stops being UTF-8: the 1-based line and column (in characters, as an editor
// shows it) of the first byte that does not belong to a well-formed UTF-8 character (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF), or nullopt when all of it is
// UTF-8. For refusing a file saved in another encoding at its position, before its bytes reach
// JSON text.
struct TextPosition {
  size_t line = 1, column = 1;
};
inline std::optional<TextPosition> FindInvalidUtf8(std::string_view text) {
  TextPosition at;
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the second byte's range
    if (c < 0x80) {
      length = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;   // overlong
      if (c == 0xED) high = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;   // overlong
      if (c == 0xF4) high = 0x8F;  // above U+10FFFF
    } else {
      return at;
    }
    if (i + length > text.size()) return at;
    for (size_t k = 1; k < length; ++k) {
      const unsigned char b = byte(i + k);
      if (k == 1 ? (b < low || b > high) : (b < 0x80 || b > 0xBF)) return at;
    }
    if (c == '\n') {
      ++at.line;
      at.column = 1;
    } else {
      ++at.column;
    }
    i += length;
  }
  return std::nullopt;
}

}  // namespace tempo::sdk

#endif  // TEMPO_TEXT_HPP_
